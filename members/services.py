"""Writes with consequences for memberships, contributie, the kernteam and elections."""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenoverleg import audit, mail, notifications
from ketenoverleg.lifecycle import apply_transition
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Ketenoverleg, Notice, NotificationSettings, RoleAssignment, User
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, roles_changed, users_holding
from members import notices
from members.models import (
    BOARD_TERM_YEARS,
    COMBINABLE_FUNCTIONS,
    MAX_TERMS,
    OFFICER_FUNCTIONS,
    BoardAppointment,
    BoardFunction,
    BoardFunctionTerm,
    Candidacy,
    ContributionPayment,
    ContributionRate,
    ContributionReminder,
    Election,
    Membership,
    MembershipEvent,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    Representative,
    Seat,
    Vote,
    name_key,
)
from members.signals import (
    application_received,
    member_admitted,
    members_changed,
    personal_data_erasing,
)

S = MembershipStatus

# The membership state machine: action -> (allowed from, goes to).
TRANSITIONS = {
    "admit": ({S.AANGEVRAAGD}, S.TOEGELATEN),
    "refuse": ({S.AANGEVRAAGD}, S.AFGEWEZEN),
    "appeal": ({S.AFGEWEZEN}, S.IN_BEROEP),
    "appeal_admit": ({S.IN_BEROEP}, S.TOEGELATEN),
    "appeal_reject": ({S.IN_BEROEP}, S.AFGEWEZEN),
    "end": ({S.TOEGELATEN, S.VOLGER, S.AANGEVRAAGD}, S.OPGEZEGD),
    "apply_from_follower": ({S.VOLGER}, S.AANGEVRAAGD),
    # Erasure at the person's request ends whatever state the membership is in.
    "erase": (set(S) - {S.OPGEZEGD}, S.OPGEZEGD),
}

LISTING_CONSENT_TEXT = (
    "Ik stem ermee in dat de naam, plaats, website, geleding(en) en duurzame intentie van "
    "mijn organisatie in de openbare ledenlijst van dit ketenoverleg staan, zolang mijn "
    "organisatie lid is. Ik kan deze toestemming altijd intrekken."
)


def _transition(membership: Membership, action: str, *, by: User | None, note: str = "") -> None:
    apply_transition(
        membership,
        action,
        TRANSITIONS,
        by=by,
        note=note,
        refusal=_("Dit kan niet bij een lidmaatschap met de status '%(status)s'."),
    )


def _kernteam_emails(council: Ketenoverleg) -> list[str]:
    emails = set(
        users_holding(council, KERNTEAM_ROLES | SECRETARIAT_ROLES)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails) or [council.contact_email]


def _applicant_emails(membership: Membership) -> list[str]:
    return sorted(
        Representative.objects.filter(organisation=membership.organisation, is_contact=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _mail_applicant(membership: Membership, template: str) -> None:
    """Mail the applicant's contact people; each step of a membership mails once."""
    to = _applicant_emails(membership)
    if to:
        queue_email(
            to=to,
            template=f"members/email/{template}",
            context={"m": membership},
            key=f"membership:{membership.pk}:{template}",
        )


def _set_geledingen(membership: Membership, geledingen: list[str]) -> None:
    if not geledingen:
        raise ValidationError({"geledingen": _("Kies ten minste één geleding.")})
    membership.geleding_rows.exclude(geleding__in=geledingen).delete()
    existing = set(membership.geleding_rows.values_list("geleding", flat=True))
    MembershipGeleding.objects.bulk_create(
        MembershipGeleding(membership=membership, geleding=g)
        for g in geledingen
        if g not in existing
    )


@transaction.atomic
def representative_add(
    *, organisation: Organisation, email: str, is_contact: bool, may_sign: bool, by: User
) -> Representative:
    """Let another account act for the organisation (as contact person, signatory)."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "Er is geen account met dit e-mailadres. Vraag de persoon er eerst een aan te maken."
                )
            }
        )
    representative, created = Representative.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"is_contact": is_contact, "may_sign": may_sign},
    )
    if not created:
        raise ValidationError({"email": _("Deze persoon treedt al op voor deze organisatie.")})
    return representative


@transaction.atomic
def representative_remove(*, representative: Representative, by: User) -> None:
    others = Representative.objects.filter(organisation=representative.organisation).exclude(
        pk=representative.pk
    )
    if not others.exists():
        raise ValidationError(
            _("Een organisatie heeft ten minste één persoon nodig die voor haar optreedt.")
        )
    representative.delete()


def organisations_for(user: User):
    return Organisation.objects.filter(representatives__user=user, anonymised_at__isnull=True)


def _organisation_for_application(candidate: Organisation, user: User) -> Organisation:
    """The organisation a new application is for: an existing one where it is the same
    (by name, ignoring case and spaces, or by KvK number), else ``candidate``, saved.

    An existing organisation the user acts for is used; one the user does not act for
    is named in the refusal, so that its contact person can add the user. A natural
    person matches only the user's own organisations of that name.
    """
    if candidate.kind == Organisation.Kind.PERSOON:
        own = organisations_for(user).filter(kind=Organisation.Kind.PERSOON)
        for organisation in own:
            if name_key(organisation.name) == name_key(candidate.name):
                return organisation
    else:
        existing = _existing_match(candidate, user)
        if existing is not None:
            return existing
    candidate.full_clean()
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Saved meanwhile by someone else's request: the constraint kept it to one.
        existing = _existing_match(candidate, user)
        if existing is None:
            raise
        return existing
    Representative.objects.create(organisation=candidate, user=user, is_contact=True, may_sign=True)
    return candidate


def _existing_match(candidate: Organisation, user: User) -> Organisation | None:
    matches = list(
        Organisation.objects.matching(name=candidate.name, kvk_number=candidate.kvk_number)
    )
    if not matches:
        return None
    for organisation in matches:
        if organisation.representatives.filter(user=user).exists():
            return organisation
    match = matches[0]
    same_name = match.name_key == name_key(candidate.name)
    raise ValidationError(
        {
            "name" if same_name else "kvk_number": _(
                "%(name)s (%(place)s) staat al in het systeem. Treedt u namens deze "
                "organisatie op? Vraag haar contactpersoon u toe te voegen (Mijn gegevens); "
                "daarna kiest u haar hier. Gaat het om een andere organisatie, maak de naam "
                "dan onderscheidend, bijvoorbeeld met de plaats."
            )
            % {"name": match.name, "place": match.place or "–"}
        }
    )


def open_membership(*, council: Ketenoverleg, user: User) -> Membership | None:
    """A running application or membership of this council by an organisation the user
    acts for (to say so on the application page)."""
    return (
        Membership.objects.filter(council=council, organisation__in=organisations_for(user))
        .exclude(status__in=[S.OPGEZEGD, S.VOLGER])
        .select_related("organisation", "council")
        .first()
    )


@transaction.atomic
def membership_apply(
    *,
    council: Ketenoverleg,
    user: User,
    organisation: Organisation,
    geledingen: list[str],
    supports_goal: bool,
    listing_consent: bool,
    motivation: str = "",
    reference: str = "",
) -> Membership:
    """An organisation applies for membership; the kernteam is asked to assess it.

    ``organisation`` may be unsaved (a new one): an existing organisation with the
    same name or KvK number is used instead when the user acts for it (see
    ``_organisation_for_application``), else it is saved, with ``user`` as its
    contact person who may sign. One running membership per organisation and council
    (a database constraint): a second application is refused with its status. The
    user's row is locked, so a user's parallel applications go one at a time. ``reference`` is the
    pre-filled invitation the application came from (see ``members.prefill``), passed on
    to the apps above.
    """
    errors = {}
    if not supports_goal:
        errors["supports_goal"] = _("Lid worden kan alleen als u de doelstelling onderschrijft.")
    if not listing_consent:
        errors["listing_consent"] = _(
            "Vermelding in de openbare ledenlijst is een plicht van leden (statuut)."
        )
    if not geledingen:
        errors["geledingen"] = _("Kies ten minste één geleding.")
    if errors:
        raise ValidationError(errors)
    User.objects.select_for_update().filter(pk=user.pk).first()
    if organisation.pk is None:
        organisation = _organisation_for_application(organisation, user)
    else:
        Representative.objects.get_or_create(
            organisation=organisation, user=user, defaults={"is_contact": True, "may_sign": True}
        )
    now = timezone.now()
    membership = (
        Membership.objects.filter(organisation=organisation, council=council)
        .exclude(status=S.OPGEZEGD)
        .first()
    )
    if membership and membership.status != S.VOLGER:
        raise ValidationError(
            {
                "organisation": _(
                    "%(org)s heeft al een aanvraag of lidmaatschap bij dit ketenoverleg "
                    "(status: %(status)s, sinds %(date)s)."
                )
                % {
                    "org": organisation.name,
                    "status": membership.get_status_display(),
                    "date": formats.date_format(timezone.localtime(membership.applied_at)),
                }
            }
        )
    fields = {
        "supports_goal": True,
        "listing_consent": True,
        "listing_consent_at": now,
        "listing_consent_text": LISTING_CONSENT_TEXT,
        "motivation": motivation,
        "applied_at": now,
        "applied_by": user,
    }
    if membership:
        _transition(membership, "apply_from_follower", by=user)
        for name, value in fields.items():
            setattr(membership, name, value)
        membership.save()
    else:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organisation=organisation, council=council, status=S.AANGEVRAAGD, **fields
                )
        except IntegrityError:
            raise ValidationError(
                {"organisation": _("Deze organisatie heeft al een aanvraag bij dit ketenoverleg.")}
            ) from None
        MembershipEvent.objects.create(
            membership=membership, by=user, to_status=S.AANGEVRAAGD, note=motivation
        )
    _set_geledingen(membership, geledingen)
    if reference:
        application_received.send(sender=Membership, membership=membership, reference=reference)
    _mail_applicant(membership, "application_received")
    if not notices.application_received(membership) and council.contact_email:
        # Nobody holds a kernteam or secretariat role yet: the council's own address.
        queue_email(
            to=[council.contact_email],
            template="members/email/application_to_review",
            context={
                "m": membership,
                "url": notifications.site_url(membership.get_absolute_url()),
            },
            key=f"membership:{membership.pk}:application_to_review",
        )
    return membership


@transaction.atomic
def membership_follow(*, council: Ketenoverleg, user: User) -> Membership:
    """A user follows a council: news and publications, no vote."""
    organisation = organisations_for(user).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=user.get_full_name() or user.email,
            kind=Organisation.Kind.PERSOON,
            place="",
        )
        Representative.objects.create(organisation=organisation, user=user)
    existing = (
        Membership.objects.filter(organisation=organisation, council=council)
        .exclude(status=S.OPGEZEGD)
        .first()
    )
    if existing:
        raise ValidationError(
            _("U volgt dit ketenoverleg al of bent er lid van (status: %(status)s).")
            % {"status": existing.get_status_display()}
        )
    membership = Membership.objects.create(
        organisation=organisation, council=council, status=S.VOLGER
    )
    MembershipEvent.objects.create(membership=membership, by=user, to_status=S.VOLGER)
    return membership


@transaction.atomic
def membership_admit(
    *,
    membership: Membership,
    checks: dict[str, bool],
    reason: str,
    by: User,
) -> Membership:
    """The kernteam admits an applicant that meets all four criteria."""
    for name, value in checks.items():
        setattr(membership, name, value)
    if not membership.all_checks_passed:
        raise ValidationError(
            _(
                "Toelaten kan alleen als aan alle vier de criteria is voldaan; vink ze af of wijs af."
            )
        )
    _transition(membership, "admit", by=by, note=reason)
    membership.decided_at = timezone.now()
    membership.decision_reason = reason
    membership.save()
    audit.record(
        action=audit.Action.MEMBER_ADMITTED,
        by=by,
        council=membership.council,
        target=membership,
        summary=gettext_noop("%(organisation)s is als lid toegelaten"),
        organisation=membership.organisation,
    )
    notices.application_decided(membership)
    members_changed.send(sender=Membership, council=membership.council)
    member_admitted.send(sender=Membership, membership=membership)
    return membership


@transaction.atomic
def membership_refuse(
    *,
    membership: Membership,
    checks: dict[str, bool],
    reason: str,
    referred_to: Ketenoverleg | None,
    by: User,
) -> Membership:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van de afwijzing.")})
    if referred_to and referred_to.pk == membership.council_id:
        raise ValidationError({"referred_to": _("Verwijs door naar een ánder ketenoverleg.")})
    for name, value in checks.items():
        setattr(membership, name, value)
    _transition(membership, "refuse", by=by, note=reason)
    membership.decided_at = timezone.now()
    membership.decision_reason = reason
    membership.referred_to = referred_to
    membership.save()
    audit.record(
        action=audit.Action.MEMBER_REFUSED,
        by=by,
        council=membership.council,
        target=membership,
        summary=gettext_noop("De aanmelding van %(organisation)s is afgewezen"),
        organisation=membership.organisation,
    )
    notices.application_decided(membership)
    return membership


@transaction.atomic
def membership_appeal(*, membership: Membership, reason: str, by: User) -> Membership:
    """The applicant lodges an appeal against a refusal: once."""
    if membership.appeal_lodged_at is not None:
        raise ValidationError(_("Tegen dit besluit is al eens beroep ingesteld."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de gronden van uw beroep.")})
    _transition(membership, "appeal", by=by, note=reason)
    membership.appeal_reason = reason
    membership.appeal_lodged_at = timezone.now()
    membership.save()
    queue_email(
        to=_kernteam_emails(membership.council),
        template="members/email/appeal_lodged",
        context={"m": membership},
        key=f"membership:{membership.pk}:appeal_lodged",
    )
    return membership


@transaction.atomic
def appeal_decide(*, membership: Membership, admit: bool, decision: str, by: User) -> Membership:
    if not decision.strip():
        raise ValidationError({"decision": _("Motiveer de uitspraak in beroep.")})
    _transition(membership, "appeal_admit" if admit else "appeal_reject", by=by, note=decision)
    membership.appeal_decided_at = timezone.now()
    membership.appeal_decision = decision
    membership.save()
    audit.record(
        action=audit.Action.APPEAL_DECIDED,
        by=by,
        council=membership.council,
        target=membership,
        summary=(
            gettext_noop("Het beroep van %(organisation)s is toegewezen: toegelaten als lid")
            if admit
            else gettext_noop("Het beroep van %(organisation)s is afgewezen")
        ),
        organisation=membership.organisation,
    )
    _mail_applicant(membership, "appeal_decided")
    if admit:
        members_changed.send(sender=Membership, council=membership.council)
        member_admitted.send(sender=Membership, membership=membership)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by: User, note: str = "") -> Membership:
    """Opzeggen with immediate effect: off the list, history kept, paid contributie stays."""
    _transition(membership, "end", by=by, note=note)
    membership.ended_at = timezone.now()
    membership.listing_consent = False
    membership.save()
    # Today's seat and any next term already agreed both end with the membership, and
    # with them any function held from that seat.
    ending = BoardAppointment.objects.filter(
        membership=membership, ends_on__gte=timezone.localdate(), ended_early_on__isnull=True
    )
    _end_functions_of_seats(ending, on=timezone.localdate(), by=by)
    ending.update(ended_early_on=timezone.localdate())
    roles_changed()
    _mail_applicant(membership, "ended")
    members_changed.send(sender=Membership, council=membership.council)
    return membership


@transaction.atomic
def listing_consent_withdraw(*, membership: Membership, by: User) -> Membership:
    membership.listing_consent = False
    membership.save(update_fields=["listing_consent"])
    MembershipEvent.objects.create(
        membership=membership, by=by, note=_("Toestemming voor de openbare ledenlijst ingetrokken.")
    )
    return membership


@transaction.atomic
def listing_consent_give(*, membership: Membership, by: User) -> Membership:
    membership.listing_consent = True
    membership.listing_consent_at = timezone.now()
    membership.listing_consent_text = LISTING_CONSENT_TEXT
    membership.save(update_fields=["listing_consent", "listing_consent_at", "listing_consent_text"])
    MembershipEvent.objects.create(
        membership=membership, by=by, note=_("Toestemming voor de openbare ledenlijst gegeven.")
    )
    return membership


def personal_data_export(*, user: User) -> dict:
    """Everything the platform holds about a user and the organisations it acts for."""
    organisations = []
    for org in organisations_for(user).prefetch_related("memberships__council"):
        memberships = []
        for m in org.memberships.all():
            memberships.append(
                {
                    "council": m.council.name,
                    "status": m.status,
                    "geledingen": list(m.geleding_rows.values_list("geleding", flat=True)),
                    "applied_at": m.applied_at.isoformat(),
                    "listing_consent": m.listing_consent,
                    "listing_consent_at": m.listing_consent_at and m.listing_consent_at.isoformat(),
                    "listing_consent_text": m.listing_consent_text,
                    "motivation": m.motivation,
                    "decision_reason": m.decision_reason,
                    "appeal_reason": m.appeal_reason,
                    "appeal_decision": m.appeal_decision,
                    "payments": [
                        {"year": p.year, "amount": str(p.amount), "paid_on": p.paid_on.isoformat()}
                        for p in m.payments.all()
                    ],
                    "history": [
                        {
                            "at": e.at.isoformat(),
                            "from": e.from_status,
                            "to": e.to_status,
                            "note": e.note,
                        }
                        for e in m.events.all()
                    ],
                }
            )
        organisations.append(
            {
                "name": org.name,
                "kind": org.kind,
                "place": org.place,
                "email": org.email,
                "phone": org.phone,
                "website": org.website,
                "kvk_number": org.kvk_number,
                "intention_url": org.intention_url,
                "intention_text": org.intention_text,
                "memberships": memberships,
            }
        )
    audit.record(
        action=audit.Action.DATA_EXPORTED,
        by=user,
        council=None,
        target=user,
        summary=gettext_noop("Account %(account)s heeft de eigen gegevens gedownload"),
        account=user.pk,
    )
    return {
        "user": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
        },
        "roles": [
            {
                "council": r.council.name if r.council else None,
                "role": r.role,
                "starts_on": r.starts_on.isoformat(),
                "ends_on": r.ends_on and r.ends_on.isoformat(),
            }
            for r in user.role_assignments.select_related("council")
        ],
        "kernteam_functions": [
            {
                "council": t.council.name,
                "function": t.function,
                "starts_on": t.starts_on.isoformat(),
                "ended_on": t.ended_on and t.ended_on.isoformat(),
            }
            for t in user.board_functions.select_related("council")
        ],
        "organisations": organisations,
        "notifications": _notification_data(user),
        "exported_at": timezone.now().isoformat(),
    }


def _notification_data(user: User) -> dict:
    """The person's notification choices and what they were notified of."""
    found = notifications.settings_for(user)
    return {
        "language": found.language,
        "time_zone": found.time_zone,
        "choices": {
            kind.key: notifications.delivery_for(user, kind, found)
            for kind in notifications.kinds()
        },
        "digest_covered_until": found.digest_covered_until
        and found.digest_covered_until.isoformat(),
        "notices": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "url": n.url,
                "delivery": n.delivery,
                "at": n.created_at.isoformat(),
            }
            for n in Notice.objects.filter(user=user)
        ],
    }


@transaction.atomic
def personal_data_erase(*, user: User) -> None:
    """Anonymise a user's personal data (AVG art. 17).

    Organisations keep their name where others rely on it (signatures, minutes);
    a natural person's own organisation loses its name, and every membership of
    such an organisation ends. The account can no longer log in.
    """
    now = timezone.now()
    for org in organisations_for(user):
        if org.kind == Organisation.Kind.PERSOON:
            org.name = _("Geanonimiseerd lid")
            org.email = org.phone = org.website = org.intention_url = org.intention_text = ""
            org.kvk_number = ""
            org.place = ""
            org.anonymised_at = now
            org.save()
            for membership in org.memberships.exclude(status=S.OPGEZEGD):
                _transition(membership, "erase", by=None, note=_("Gegevens gewist op verzoek."))
                membership.ended_at = now
                membership.listing_consent = False
                membership.save()
                today = timezone.localdate()
                ending = BoardAppointment.objects.filter(
                    membership=membership, ended_early_on__isnull=True, ends_on__gte=today
                )
                _end_functions_of_seats(ending, on=today, by=None)
                ending.update(ended_early_on=today)
                roles_changed()
                members_changed.send(sender=Membership, council=membership.council)
            org.memberships.update(motivation="", appeal_reason="")
    # Apps above members that keep the person's name (signatures) clear it here.
    personal_data_erasing.send(sender=type(user), user=user)
    Notice.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    Representative.objects.filter(user=user).delete()
    RoleAssignment.objects.active().filter(user=user).update(ends_on=timezone.localdate())
    roles_changed()
    today = timezone.localdate()  # the day in Amsterdam, not in UTC
    for term in BoardFunctionTerm.objects.filter(user=user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    ):
        _end_function(term, on=today, by=None, note=_("Gegevens gewist op verzoek."))
    for address in {user.email, *user.emailaddress_set.values_list("email", flat=True)}:
        mail.forget_address(address)
    user.emailaddress_set.all().delete()
    user.first_name = ""
    user.last_name = ""
    user.email = f"gewist-{user.pk}@invalid.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record(
        action=audit.Action.DATA_ERASED,
        by=user,
        council=None,
        target=user,
        summary=gettext_noop("Account %(account)s: persoonsgegevens gewist op eigen verzoek"),
        account=user.pk,
    )


# Contributie ----------------------------------------------------------------------


def contribution_due(
    membership: Membership, year: int, rates: list[ContributionRate]
) -> Decimal | None:
    """The amount due for ``year``: the rate for the member's kind, else the general rate."""
    general = None
    for rate in rates:
        if rate.year != year:
            continue
        if rate.member_kind == membership.organisation.kind:
            return rate.amount
        if not rate.member_kind:
            general = rate.amount
    return general


@transaction.atomic
def payment_record(
    *, membership: Membership, year: int, amount: Decimal, paid_on: date, by: User
) -> ContributionPayment:
    if membership.payments.filter(year=year).exists():
        raise ValidationError({"year": _("Voor dit jaar is al een betaling vastgelegd.")})
    if amount <= 0:
        raise ValidationError({"amount": _("Het bedrag moet groter dan nul zijn.")})
    return ContributionPayment.objects.create(
        membership=membership, year=year, amount=amount, paid_on=paid_on, recorded_by=by
    )


@transaction.atomic
def reminders_send(*, council: Ketenoverleg, year: int, by: User) -> int:
    """E-mail every admitted member that has not paid ``year``; returns how many.

    A member is reminded of a year at most once a day: a second click, or parallel
    requests, remind nobody twice (the outbox key holds it in the database).
    """
    Ketenoverleg.objects.select_for_update().filter(pk=council.pk).first()
    today = timezone.localdate()
    rates = list(council.contribution_rates.filter(year=year))
    if not rates:
        raise ValidationError(
            _("De ALV heeft voor %(year)s nog geen contributie vastgesteld.") % {"year": year}
        )
    unpaid = (
        Membership.objects.for_council(council)
        .admitted()
        .exclude(payments__year=year)
        .select_related("organisation", "council")
    )
    count = 0
    for membership in unpaid:
        to = _applicant_emails(membership)
        if not to:
            continue
        queued = queue_email(
            to=to,
            template="members/email/contribution_reminder",
            context={
                "m": membership,
                "year": year,
                "amount": contribution_due(membership, year, rates),
            },
            key=f"contributie:{membership.pk}:{year}:{today.isoformat()}",
        )
        if queued is None:
            continue  # reminded of this year today already
        ContributionReminder.objects.create(membership=membership, year=year, sent_by=by)
        count += 1
    audit.record(
        action=audit.Action.REMINDERS_SENT,
        by=by,
        council=council,
        summary=gettext_noop("%(count)s herinneringen voor de contributie van %(year)s"),
        count=count,
        year=year,
    )
    return count


# Kernteam ---------------------------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_seat_member(membership: Membership, seat: str, user: User) -> None:
    if membership.status != S.TOEGELATEN:
        raise ValidationError({"membership": _("Alleen een toegelaten lid kan in het kernteam.")})
    if seat != Seat.ONGEBONDEN and seat not in membership.geledingen:
        raise ValidationError(
            {
                "seat": _("Deze zetel is voor de geleding %(seat)s; het lid zit daar niet in.")
                % {"seat": Seat(seat).label}
            }
        )
    if not Representative.objects.filter(organisation=membership.organisation, user=user).exists():
        raise ValidationError({"user": _("Deze persoon vertegenwoordigt het gekozen lid niet.")})


@transaction.atomic
def board_appoint(
    *,
    council: Ketenoverleg,
    seat: str,
    user: User,
    membership: Membership,
    starts_on: date,
    appointed_by_alv_on: date,
    ends_on: date | None = None,
    by: User | None,
) -> BoardAppointment:
    """The ALV appoints a kernteam member to a seat for a four-year term."""
    _check_seat_member(membership, seat, user)
    ends_on = ends_on or _add_years(starts_on, BOARD_TERM_YEARS)
    overlapping = BoardAppointment.objects.overlapping(starts_on, ends_on).filter(council=council)
    if overlapping.filter(seat=seat).exists():
        raise ValidationError({"seat": _("Deze zetel is in (een deel van) die termijn bezet.")})
    if overlapping.filter(user=user).exists():
        raise ValidationError(
            {"user": _("Deze persoon heeft in die periode al een zetel in het kernteam.")}
        )
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Het aftreden ligt na de benoeming.")})
    appointment = BoardAppointment.objects.create(
        council=council,
        seat=seat,
        user=user,
        membership=membership,
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by_alv_on=appointed_by_alv_on,
    )
    audit.record(
        action=audit.Action.BOARD_APPOINTED,
        by=by,
        council=council,
        target=appointment,
        summary=gettext_noop(
            "%(person)s benoemd op de zetel %(seat)s, %(starts_on)s tot %(ends_on)s"
        ),
        person=user,
        seat=appointment.get_seat_display(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return appointment


@transaction.atomic
def board_reappoint(
    *, appointment: BoardAppointment, appointed_by_alv_on: date, by: User | None
) -> BoardAppointment:
    """Reappoint a member who steps down by the roster: at most twice."""
    if appointment.term_number >= MAX_TERMS:
        raise ValidationError(
            _(
                "%(name)s is al twee keer herbenoemd; een vierde termijn is volgens het statuut niet mogelijk."
            )
            % {"name": appointment.user}
        )
    if hasattr(appointment, "next_term"):
        raise ValidationError(_("Deze termijn is al verlengd."))
    if appointment.ended_early_on:
        raise ValidationError(_("Deze bestuurder is tussentijds afgetreden."))
    starts_on = appointment.ends_on
    next_term = BoardAppointment.objects.create(
        council=appointment.council,
        seat=appointment.seat,
        user=appointment.user,
        membership=appointment.membership,
        starts_on=starts_on,
        ends_on=_add_years(starts_on, BOARD_TERM_YEARS),
        term_number=appointment.term_number + 1,
        appointed_by_alv_on=appointed_by_alv_on,
        previous=appointment,
    )
    audit.record(
        action=audit.Action.BOARD_REAPPOINTED,
        by=by,
        council=appointment.council,
        target=next_term,
        summary=gettext_noop("%(person)s herbenoemd op de zetel %(seat)s (termijn %(term)s)"),
        person=appointment.user,
        seat=next_term.get_seat_display(),
        term=next_term.term_number,
    )
    return next_term


@transaction.atomic
def board_step_down(
    *, appointment: BoardAppointment, on: date, by: User | None
) -> BoardAppointment:
    if on < appointment.starts_on:
        raise ValidationError({"on": _("Aftreden kan niet vóór de benoeming.")})
    appointment.ended_early_on = on
    appointment.save(update_fields=["ended_early_on"])
    audit.record(
        action=audit.Action.BOARD_STEPPED_DOWN,
        by=by,
        council=appointment.council,
        target=appointment,
        summary=gettext_noop("%(person)s treedt af van de zetel %(seat)s per %(on)s"),
        person=appointment.user,
        seat=appointment.get_seat_display(),
        on=on,
    )
    _end_functions_of_seats([appointment], on=on, by=by)
    return appointment


@transaction.atomic
def roster_generate(
    *, council: Ketenoverleg, first_year: int, by: User | None
) -> list[BoardAppointment]:
    """Spread the current first terms over four years so a proportional part steps down yearly.

    Seats are taken in their fixed order and given step-down years first_year,
    first_year+1, ... in turn (seven seats over four years: 2, 2, 2, 1).
    """
    current = list(
        BoardAppointment.objects.active()
        .filter(council=council, term_number=1)
        .order_by("starts_on")
    )
    order = {seat: i for i, seat in enumerate(Seat.values)}
    current.sort(key=lambda a: order[a.seat])
    for index, appointment in enumerate(current):
        year = first_year + index % BOARD_TERM_YEARS
        step_down = _add_years(appointment.starts_on, year - appointment.starts_on.year)
        latest = _add_years(appointment.starts_on, BOARD_TERM_YEARS)
        if not appointment.starts_on < step_down <= latest:
            raise ValidationError(
                {
                    "first_year": _(
                        "Met %(year)s als eerste aftreedjaar zou %(name)s buiten de eigen "
                        "termijn (%(start)s tot %(end)s) aftreden; kies een ander jaar."
                    )
                    % {
                        "year": first_year,
                        "name": appointment.user,
                        "start": appointment.starts_on.strftime("%d-%m-%Y"),
                        "end": latest.strftime("%d-%m-%Y"),
                    }
                }
            )
        appointment.ends_on = step_down
        appointment.save(update_fields=["ends_on"])
    audit.record(
        action=audit.Action.ROSTER_SET,
        by=by,
        council=council,
        target=council,
        summary=gettext_noop(
            "Rooster van aftreden voor %(count)s zetels, eerste aftreedjaar %(year)s"
        ),
        count=len(current),
        year=first_year,
    )
    return current


# Kernteam functions -----------------------------------------------------------------


def _require_seated(council: Ketenoverleg, by: User | None) -> None:
    """The kernteam chooses its own officers (handbook 7.5.2): only a seated member
    records that decision, never the ketensecretaris or a kwartiermaker."""
    if (
        by is None
        or not BoardAppointment.objects.active().filter(council=council, user=by).exists()
    ):
        raise ValidationError(
            _(
                "Het kernteam kiest zijn functies zelf: alleen een zittend kernteamlid legt "
                "dat besluit vast."
            )
        )


def _end_function(term: BoardFunctionTerm, *, on: date, by: User | None, note: str) -> None:
    term.ended_on = max(on, term.starts_on)
    term.ended_by = by
    term.end_note = note
    term.save(update_fields=["ended_on", "ended_by", "end_note"])


def _end_functions_of_seats(appointments, *, on: date, by: User | None) -> None:
    """A function chosen from a seat ends with that seat."""
    for term in BoardFunctionTerm.objects.filter(appointment__in=appointments).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    ):
        _end_function(term, on=on, by=by, note=_("De zetel in het kernteam is beëindigd."))


@transaction.atomic
def function_appoint(
    *,
    council: Ketenoverleg,
    function: str,
    user: User,
    starts_on: date,
    decided_on: date,
    decided_by: str = BoardFunctionTerm.DecidedBy.KERNTEAM,
    by: User | None,
) -> BoardFunctionTerm:
    """The kernteam (or the ALV) gives ``user`` a function from ``starts_on``.

    Voorzitter, secretaris and penningmeester are chosen from the seated members; only
    secretaris and penningmeester may be one person. The procesbegeleider sits without a
    vote, so not on a seat. There is one holder at a time: the previous holder's term
    ends on ``starts_on``, in the same step, recorded with who recorded it.
    """
    _require_seated(council, by)
    if function not in BoardFunction.values:
        raise ValidationError({"function": _("Kies een functie.")})
    if decided_by not in BoardFunctionTerm.DecidedBy.values:
        raise ValidationError({"decided_by": _("Kies wie besloot: het kernteam of de ALV.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Het besluit kan niet in de toekomst liggen.")})
    label = BoardFunction(function).label
    seat = BoardAppointment.objects.active(starts_on).filter(council=council, user=user).first()
    if function in OFFICER_FUNCTIONS:
        if seat is None:
            raise ValidationError(
                {
                    "user": _(
                        "Het kernteam kiest de %(function)s uit zijn midden: %(name)s heeft op "
                        "%(date)s geen zetel in het kernteam."
                    )
                    % {
                        "function": label.lower(),
                        "name": user,
                        "date": starts_on.strftime("%d-%m-%Y"),
                    }
                }
            )
        others = set(
            BoardFunctionTerm.objects.active(starts_on)
            .for_council(council)
            .filter(user=user)
            .exclude(function=function)
            .values_list("function", flat=True)
        )
        clash = sorted(f for f in others if not {f, function} <= COMBINABLE_FUNCTIONS)
        if clash:
            raise ValidationError(
                {
                    "user": _(
                        "%(name)s is al %(other)s; alleen secretaris en penningmeester kunnen "
                        "één persoon zijn."
                    )
                    % {"name": user, "other": BoardFunction(clash[0]).label.lower()}
                }
            )
    elif seat is not None:
        raise ValidationError(
            {
                "user": _(
                    "De procesbegeleider is niet stemgerechtigd; %(name)s heeft een zetel in "
                    "het kernteam."
                )
                % {"name": user}
            }
        )
    # One holder at a time: whoever holds (or will hold) the function hands it over.
    for previous in (
        BoardFunctionTerm.objects.select_for_update()
        .filter(council=council, function=function)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=starts_on))
    ):
        if previous.starts_on > starts_on:
            raise ValidationError(
                {
                    "starts_on": _(
                        "%(name)s is %(function)s vanaf %(date)s; een nieuwe benoeming gaat "
                        "niet eerder in."
                    )
                    % {
                        "name": previous.user,
                        "function": label.lower(),
                        "date": previous.starts_on.strftime("%d-%m-%Y"),
                    }
                }
            )
        if (
            previous.user_id == user.pk
            and BoardFunctionTerm.objects.active(starts_on).filter(pk=previous.pk).exists()
        ):
            raise ValidationError(
                {
                    "user": _("%(name)s is al %(function)s.")
                    % {"name": user, "function": label.lower()}
                }
            )
        _end_function(
            previous, on=starts_on, by=by, note=_("Opgevolgd door %(name)s.") % {"name": user}
        )
    try:
        with transaction.atomic():
            term = BoardFunctionTerm.objects.create(
                council=council,
                function=function,
                user=user,
                appointment=seat if function in OFFICER_FUNCTIONS else None,
                starts_on=starts_on,
                decided_by=decided_by,
                decided_on=decided_on,
                recorded_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            _("Tegelijk is een ander besluit over deze functie vastgelegd; kijk opnieuw.")
        ) from None
    audit.record(
        action=audit.Action.FUNCTION_APPOINTED,
        by=by,
        council=council,
        target=term,
        summary=gettext_noop("%(person)s is %(function)s vanaf %(on)s (besluit van %(body)s)"),
        person=user,
        function=label,
        on=starts_on,
        body=term.get_decided_by_display(),
    )
    return term


@transaction.atomic
def function_end(
    *, term: BoardFunctionTerm, on: date, by: User | None, note: str = ""
) -> BoardFunctionTerm:
    """The kernteam ends a function without a successor (the holder steps back)."""
    _require_seated(term.council, by)
    term = BoardFunctionTerm.objects.select_for_update().get(pk=term.pk)
    if term.ended_on is not None and term.ended_on <= on:
        raise ValidationError(_("Deze functie is al beëindigd."))
    if on < term.starts_on:
        raise ValidationError({"on": _("Het einde ligt vóór het begin van de functie.")})
    _end_function(term, on=on, by=by, note=note.strip() or _("Beëindigd door het kernteam."))
    audit.record(
        action=audit.Action.FUNCTION_ENDED,
        by=by,
        council=term.council,
        target=term,
        summary=gettext_noop("%(person)s is geen %(function)s meer per %(on)s"),
        person=term.user,
        function=term.get_function_display(),
        on=on,
    )
    return term


# Elections --------------------------------------------------------------------------


@transaction.atomic
def election_open(*, council: Ketenoverleg, geleding: str, closes_on: date, by: User) -> Election:
    if BoardAppointment.objects.active().filter(council=council, seat=geleding).exists():
        raise ValidationError({"geleding": _("De zetel van deze geleding is niet vacant.")})
    if Election.objects.filter(council=council, geleding=geleding, closed_at__isnull=True).exists():
        raise ValidationError({"geleding": _("Voor deze zetel loopt al een verkiezing.")})
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("De sluitingsdatum ligt in het verleden.")})
    election = Election.objects.create(council=council, geleding=geleding, closes_on=closes_on)
    notices.election_opened(election)
    return election


def _member_in_geleding(election: Election, membership: Membership, user: User, field: str) -> None:
    if membership.council_id != election.council_id or membership.status != S.TOEGELATEN:
        raise ValidationError({field: _("Alleen toegelaten leden van dit ketenoverleg doen mee.")})
    if election.geleding not in membership.geledingen:
        raise ValidationError(
            {
                field: _("Alleen leden van de geleding %(g)s doen mee aan deze verkiezing.")
                % {"g": election.get_geleding_display()}
            }
        )
    if not Representative.objects.filter(organisation=membership.organisation, user=user).exists():
        raise ValidationError({field: _("U kunt niet namens deze organisatie optreden.")})


@transaction.atomic
def candidacy_create(
    *, election: Election, membership: Membership, user: User, statement: str
) -> Candidacy:
    if not election.is_open:
        raise ValidationError(_("Deze verkiezing is gesloten."))
    _member_in_geleding(election, membership, user, "membership")
    candidacy, created = Candidacy.objects.get_or_create(
        election=election, user=user, defaults={"membership": membership, "statement": statement}
    )
    if not created:
        raise ValidationError(_("U staat al kandidaat."))
    return candidacy


@transaction.atomic
def vote_cast(
    *, election: Election, membership: Membership, candidacy: Candidacy, by: User
) -> Vote:
    if not election.is_open:
        raise ValidationError(_("Deze verkiezing is gesloten."))
    if candidacy.election_id != election.pk:
        raise ValidationError({"candidacy": _("Deze kandidaat hoort niet bij deze verkiezing.")})
    _member_in_geleding(election, membership, by, "membership")
    try:
        with transaction.atomic():
            return Vote.objects.create(
                election=election, voter=membership, candidacy=candidacy, cast_by=by
            )
    except IntegrityError:
        raise ValidationError(
            {
                "membership": _("Namens %(org)s is al gestemd: één stem per lid.")
                % {"org": membership.organisation}
            }
        ) from None


@transaction.atomic
def election_close(*, election: Election, by: User) -> Election:
    """Count the votes; a single winner is the nomination (voordracht) for the ALV."""
    if election.closed_at:
        raise ValidationError(_("Deze verkiezing is al gesloten."))
    counts = Counter(election.votes.values_list("candidacy_id", flat=True))
    candidacies = list(election.candidacies.all())
    if len(candidacies) == 1:
        election.nominee = candidacies[0]
    elif counts:
        ranked = counts.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            election.nominee_id = ranked[0][0]
    election.closed_at = timezone.now()
    election.save()
    notices.election_result(election)
    return election


@transaction.atomic
def election_appoint(
    *, election: Election, starts_on: date, appointed_by_alv_on: date, by: User
) -> BoardAppointment:
    """The ALV appoints the nominee to the geleding seat."""
    if election.nominee is None:
        raise ValidationError(_("Er is geen voordracht: geen kandidaat of de stemmen staakten."))
    if election.appointment_id:
        raise ValidationError(_("De voordracht is al benoemd."))
    appointment = board_appoint(
        council=election.council,
        seat=election.geleding,
        user=election.nominee.user,
        membership=election.nominee.membership,
        starts_on=starts_on,
        appointed_by_alv_on=appointed_by_alv_on,
        by=by,
    )
    election.appointment = appointment
    election.save(update_fields=["appointment"])
    return appointment
