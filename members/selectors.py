"""Reads of membership data that other apps and the public site share."""

from django.db.models import Count, Q
from django.utils import timezone

from ketenoverleg.models import Geleding, Ketenoverleg, Role, RoleAssignment, User
from members.models import (
    BoardAppointment,
    BoardFunction,
    BoardFunctionTerm,
    Election,
    Membership,
    MembershipGeleding,
    MembershipStatus,
    Representative,
    Seat,
    Vote,
)


def council_people(council: Ketenoverleg):
    """The people tied to a council, for every choice of a person on its forms: who acts
    for one of its admitted members, sits in its kernteam, or holds a role in it today
    (programme-wide kwartiermakers included). By name; never anyone else."""
    admitted = Membership.objects.for_council(council).admitted()
    representatives = Representative.objects.filter(organisation__memberships__in=admitted)
    board = BoardAppointment.objects.active().filter(council=council)
    roles = RoleAssignment.objects.active().for_council(council)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=representatives.values("user"))
            | Q(pk__in=board.values("user"))
            | Q(pk__in=roles.values("user"))
        )
        .order_by("last_name", "first_name", "pk")
    )


def geleding_counts(council: Ketenoverleg, memberships=None) -> list[dict]:
    """Members per geleding for the public list, in the fixed order; zero is a vacature."""
    memberships = memberships if memberships is not None else Membership.objects.public()
    rows = (
        MembershipGeleding.objects.filter(membership__in=memberships.filter(council=council))
        .values("geleding")
        .annotate(n=Count("membership", distinct=True))
    )
    counts = {row["geleding"]: row["n"] for row in rows}
    return [{"key": g.value, "label": g.label, "count": counts.get(g.value, 0)} for g in Geleding]


def ledenlijst_row(membership: Membership) -> dict:
    """One row of the public ledenlijst, as the page, the CSV and the JSON show it."""
    org = membership.organisation
    return {
        "naam": org.name,
        "geledingen": membership.geleding_labels,
        "plaats": org.place,
        "website": org.website,
        "intentie_url": org.intention_url,
        "intentie": org.intention_text,
    }


def is_member(user, council: Ketenoverleg) -> bool:
    """Whether ``user`` acts for an admitted member organisation of ``council``."""
    return Membership.objects.filter(
        council=council,
        status=MembershipStatus.TOEGELATEN,
        organisation__representatives__user=user,
    ).exists()


def has_kernteam_seat(user, council: Ketenoverleg) -> bool:
    return BoardAppointment.objects.active().filter(council=council, user=user).exists()


def board_functions_of(user, council: Ketenoverleg) -> set[str]:
    """The kernteam functions ``user`` holds today (role values, e.g. "voorzitter")."""
    return set(
        BoardFunctionTerm.objects.active()
        .for_council(council)
        .filter(user=user)
        .values_list("function", flat=True)
    )


def membership_roles(user, council: Ketenoverleg) -> set[str]:
    """The roles membership implies (registered with the core's role checks): ``lid``
    for whoever acts for an admitted member, ``kernteamlid`` for a kernteam seat, and the
    kernteam functions (voorzitter, secretaris, penningmeester, procesbegeleider)."""
    roles = set()
    if is_member(user, council):
        roles.add(Role.LID)
    if has_kernteam_seat(user, council):
        roles.add(Role.KERNTEAMLID)
    roles.update(board_functions_of(user, council))
    return roles


def role_holders(council: Ketenoverleg | None, roles: frozenset[str]) -> list:
    """Querysets of user ids of those who hold one of ``roles`` through membership or the
    kernteam, in ``council`` or (``None``) in any council (registered with the core's
    ``users_holding``)."""
    in_council = {} if council is None else {"council": council}
    holders = []
    if Role.LID in roles:
        holders.append(
            Representative.objects.filter(
                organisation__memberships__status=MembershipStatus.TOEGELATEN,
                **{f"organisation__memberships__{k}": v for k, v in in_council.items()},
            ).values("user_id")
        )
    if Role.KERNTEAMLID in roles:
        holders.append(BoardAppointment.objects.active().filter(**in_council).values("user_id"))
    functions = roles & set(BoardFunction.values)
    if functions:
        holders.append(
            BoardFunctionTerm.objects.active()
            .filter(function__in=functions, **in_council)
            .values("user_id")
        )
    return holders


def kernteam_positions(user) -> list[tuple[Ketenoverleg, str]]:
    """(council, label) for each kernteam seat and function ``user`` holds today."""
    seats = BoardAppointment.objects.active().filter(user=user).select_related("council")
    functions = BoardFunctionTerm.objects.active().filter(user=user).select_related("council")
    return [(s.council, str(Role.KERNTEAMLID.label)) for s in seats] + [
        (t.council, t.get_function_display()) for t in functions
    ]


def current_functions(council: Ketenoverleg) -> list[BoardFunctionTerm]:
    """Who holds which kernteam function today, with user and seat (one query)."""
    return list(
        BoardFunctionTerm.objects.active()
        .for_council(council)
        .select_related("user", "appointment__membership__organisation")
    )


# Figures for many councils at once (the programme overview) ---------------------------


def members_per_geleding(council_ids: list[int], *, listed_only: bool) -> dict:
    """{(council_id, geleding): admitted members}; ``listed_only``: on the public list."""
    listed = {"membership__listing_consent": True} if listed_only else {}
    rows = (
        MembershipGeleding.objects.filter(
            membership__council_id__in=council_ids,
            membership__status=MembershipStatus.TOEGELATEN,
            **listed,
        )
        .values("membership__council_id", "geleding")
        .annotate(n=Count("membership", distinct=True))
    )
    return {(r["membership__council_id"], r["geleding"]): r["n"] for r in rows}


def member_totals(council_ids: list[int], *, listed_only: bool) -> dict[int, int]:
    """{council_id: admitted members}; ``listed_only``: those on the public list."""
    listed = {"listing_consent": True} if listed_only else {}
    return dict(
        Membership.objects.filter(
            council_id__in=council_ids, status=MembershipStatus.TOEGELATEN, **listed
        )
        .values("council_id")
        .annotate(n=Count("pk"))
        .values_list("council_id", "n")
    )


def open_applications(council_ids: list[int]) -> dict[int, int]:
    """{council_id: applications waiting for a decision or an appeal}."""
    return dict(
        Membership.objects.filter(
            council_id__in=council_ids,
            status__in=[MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP],
        )
        .values("council_id")
        .annotate(n=Count("pk"))
        .values_list("council_id", "n")
    )


def vacant_seat_labels(council_ids: list[int]) -> dict[int, list[str]]:
    """{council_id: labels of the kernteam seats nobody holds today}."""
    held: dict[int, set[str]] = {council_id: set() for council_id in council_ids}
    for council_id, seat in (
        BoardAppointment.objects.active()
        .filter(council_id__in=council_ids)
        .values_list("council_id", "seat")
    ):
        held[council_id].add(seat)
    return {
        council_id: [s.label for s in Seat if s.value not in seats]
        for council_id, seats in held.items()
    }


# "Mijn werk" ------------------------------------------------------------------------


def councils_with_roles_of(user) -> list:
    """Querysets of the council ids where ``user`` may hold a role through membership or
    the kernteam (registered with the core's ``councils_of``)."""
    return [
        Membership.objects.filter(
            status=MembershipStatus.TOEGELATEN, organisation__representatives__user=user
        ).values("council_id"),
        BoardAppointment.objects.active().filter(user=user).values("council_id"),
        BoardFunctionTerm.objects.active().filter(user=user).values("council_id"),
    ]


def applications_to_review(councils: list[Ketenoverleg]):
    """Applications and appeals waiting for the kernteam in ``councils``, oldest first."""
    return (
        Membership.objects.filter(
            council__in=councils,
            status__in=[MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP],
        )
        .select_related("organisation", "council")
        .order_by("applied_at", "pk")
    )


def elections_to_vote_in(user) -> list[dict]:
    """Open elections in which an organisation ``user`` acts for may still vote: for
    each, the election and the organisations that have not voted. Three queries."""
    mine = list(
        Membership.objects.admitted()
        .filter(organisation__representatives__user=user)
        .select_related("organisation")
        .prefetch_related("geleding_rows")
    )
    if not mine:
        return []
    elections = list(
        Election.objects.filter(
            council_id__in={m.council_id for m in mine},
            closed_at__isnull=True,
            closes_on__gte=timezone.localdate(),
        )
        .select_related("council")
        .order_by("closes_on", "pk")
    )
    voted = set(
        Vote.objects.filter(election__in=elections, voter__in=mine).values_list(
            "election_id", "voter_id"
        )
    )
    rows = []
    for election in elections:
        voters = [
            m
            for m in mine
            if m.council_id == election.council_id
            and election.geleding in m.geledingen
            and (election.pk, m.pk) not in voted
        ]
        if voters:
            rows.append({"election": election, "organisations": [m.organisation for m in voters]})
    return rows


def standing_in(user, council: Ketenoverleg) -> dict:
    """Where the organisations ``user`` acts for stand in ``council``, for the council
    page's "Meedoen": ``member`` (admitted), ``application`` (one being assessed or in
    appeal) and ``following``. One query."""
    if not user.is_authenticated:
        return {"member": False, "application": None, "following": False}
    memberships = list(
        Membership.objects.filter(council=council, organisation__representatives__user=user)
        .exclude(status=MembershipStatus.OPGEZEGD)
        .select_related("organisation", "council")
    )
    return {
        "member": any(m.status == MembershipStatus.TOEGELATEN for m in memberships),
        "application": next(
            (
                m
                for m in memberships
                if m.status in {MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP}
            ),
            None,
        ),
        "following": bool(memberships),
    }
