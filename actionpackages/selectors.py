"""Reads of action package data that pages, PDFs and the public site share."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actionpackages import reviews
from actionpackages.models import (
    Action,
    Commitment,
    CommitmentReport,
    ImprovementPlan,
    Indicator,
    Package,
    PackageProposal,
    ProposedIndicator,
    ReviewReminder,
    Signature,
)
from ketenoverleg.models import Geleding, Ketenoverleg
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation
from projects.models import Issue


def not_signable_reason(package: Package) -> str:
    if package.status == Package.Status.AFGESLOTEN:
        return _("Dit actiepakket is afgesloten; ondertekenen kan niet meer.")
    return _("Dit actiepakket staat niet open voor ondertekening.")


@dataclass
class SignOption:
    """An organisation the user may sign for, its own-geleding actions, and its active
    signature when it already signed."""

    organisation: Organisation
    geledingen: list[str]
    actions: list[Action]
    signature: Signature | None = None
    review: dict | None = None  # where the signature's yearly review stands

    @property
    def geleding_labels(self) -> list[str]:
        return [Geleding(g).label for g in self.geledingen]


@dataclass
class SigningState:
    """What the package page and the sign page offer a user: the organisations they may
    sign for, or the reason they cannot sign."""

    options: list[SignOption] = field(default_factory=list)
    reason: str = ""
    anonymous: bool = False
    not_a_member: bool = False

    @property
    def open_options(self) -> list[SignOption]:
        return [o for o in self.options if o.signature is None]

    @property
    def signed_options(self) -> list[SignOption]:
        return [o for o in self.options if o.signature is not None]

    @property
    def can_sign(self) -> bool:
        return not self.reason and bool(self.open_options)

    def option_for(self, organisation_id) -> SignOption | None:
        return next(
            (o for o in self.open_options if str(o.organisation.pk) == str(organisation_id)), None
        )


def signing_state(package: Package, user) -> SigningState:
    """Whether ``user`` can sign ``package``, for which organisations and actions (only
    those of each organisation's own geledingen), in a fixed number of queries."""
    if not user.is_authenticated:
        return SigningState(
            reason=_("Log in om namens uw organisatie te ondertekenen."), anonymous=True
        )
    memberships = list(
        Membership.objects.filter(
            council_id=package.council_id,
            status=MembershipStatus.TOEGELATEN,
            organisation__representatives__user=user,
            organisation__representatives__may_sign=True,
        )
        .select_related("organisation")
        .prefetch_related("geleding_rows")
        .order_by("organisation__name")
        .distinct()
    )
    actions = list(package.actions.all())
    signatures = {
        s.organisation_id: s
        for s in package.signatures.active().filter(
            organisation__in=[m.organisation_id for m in memberships]
        )
    }
    state = SigningState(
        options=[
            SignOption(
                organisation=m.organisation,
                geledingen=m.geledingen,
                actions=[a for a in actions if a.geleding in m.geledingen],
                signature=signatures.get(m.organisation_id),
            )
            for m in memberships
        ]
    )
    signed = [o.signature for o in state.signed_options]
    if signed:
        for signature in signed:
            signature.package = package
        states = review_states(signed)
        for option in state.signed_options:
            option.review = states[option.signature.pk]
    if not package.is_signable:
        state.reason = not_signable_reason(package)
    elif not memberships:
        state.reason, state.not_a_member = _why_not_a_signer(package, user)
    return state


def _why_not_a_signer(package: Package, user) -> tuple[str, bool]:
    """(reason, not a member) for a logged-in user without an organisation to sign for."""
    own = Membership.objects.filter(
        council_id=package.council_id, organisation__representatives__user=user
    ).exclude(status=MembershipStatus.OPGEZEGD)
    if own.filter(status=MembershipStatus.TOEGELATEN).exists():
        return (
            _(
                "U bent niet tekenbevoegd voor uw organisatie. Een tekenbevoegde "
                "vertegenwoordiger kan ondertekenen, of kan u tekenbevoegd maken."
            ),
            False,
        )
    if own.filter(status__in=[MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP]).exists():
        return (
            _(
                "Uw aanmelding wordt nog beoordeeld. Zodra het kernteam uw organisatie heeft "
                "toegelaten, kunt u ondertekenen, ook als het pakket dan al loopt."
            ),
            False,
        )
    return (
        _(
            "Alleen leden ondertekenen, namens hun organisatie. Word lid; daarna kunt u "
            "ondertekenen, ook als het pakket al loopt."
        ),
        True,
    )


def signatories(package: Package, *, newest_first: bool = False):
    """Active signatures with organisation and chosen actions (one query each way),
    by organisation name or, with ``newest_first``, the latest signed first. Slice it:
    the commitments are fetched for the rows taken only."""
    order = ("-signed_at", "-pk") if newest_first else ("organisation__name", "pk")
    return (
        package.signatures.active()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.select_related("action"))
        )
        .order_by(*order)
    )


def participation(package: Package) -> list[dict]:
    """Per geleding: organisations that signed for it against members in it (computed)."""
    signed = dict(
        Commitment.objects.filter(
            signature__package=package,
            signature__withdrawn_at__isnull=True,
            # Only organisations that are still members count against the members.
            signature__organisation__memberships__council=package.council,
            signature__organisation__memberships__status=MembershipStatus.TOEGELATEN,
        )
        .values("action__geleding")
        .annotate(n=Count("signature__organisation", distinct=True))
        .values_list("action__geleding", "n")
    )
    members = dict(
        MembershipGeleding.objects.filter(
            membership__council=package.council, membership__status=MembershipStatus.TOEGELATEN
        )
        .values("geleding")
        .annotate(n=Count("membership", distinct=True))
        .values_list("geleding", "n")
    )
    rows = []
    for g in Geleding:
        s, m = signed.get(g.value, 0), members.get(g.value, 0)
        rows.append(
            {
                "key": g.value,
                "label": g.label,
                "signed": s,
                "members": m,
                "percent": round(100 * s / m) if m else None,
            }
        )
    return rows


def indicator_series(indicator: Indicator) -> dict:
    """Baseline plus measurements in date order, the latest value and its direction."""
    points = [(indicator.baseline_on, indicator.baseline_value, _("nulmeting"))]
    points += [(m.measured_on, m.value, m.source) for m in indicator.measurements.all()]
    points.sort(key=lambda p: p[0])
    latest = points[-1][1]
    previous = points[-2][1] if len(points) > 1 else None
    if previous is None or latest == previous:
        trend = "gelijk"
    else:
        trend = "stijgend" if latest > previous else "dalend"
    return {"points": points, "latest": latest, "trend": trend}


def project_deliverables(project, *, insider: bool) -> list[dict]:
    """The project's checklist rows for its action package, launch meeting and trend
    indicator. Outsiders see a package (and its indicators) only once it is public."""
    packages = project.packages.all() if insider else project.packages.public()
    package = packages.select_related("launch_meeting").order_by("-created_at").first()
    # The launch meeting is recorded on the action package it launches.
    launch = package.launch_meeting if package else None
    indicator = Indicator.objects.filter(package__in=packages).first()
    return [
        {
            "label": _("Actiepakket"),
            "done": package is not None,
            "detail": package.title if package else _("Nog geen actiepakket."),
            "url": package.get_absolute_url() if package else "",
        },
        {
            "label": _("Startbijeenkomst"),
            "done": launch is not None,
            "detail": launch.title if launch else _("Nog geen startbijeenkomst gepland."),
            "url": launch.get_absolute_url() if launch else "",
        },
        {
            "label": _("Trendindicator"),
            "done": indicator is not None,
            "detail": indicator.name if indicator else _("Nog geen trendindicator."),
            "url": indicator.get_absolute_url() if indicator else "",
        },
    ]


# The yearly review -------------------------------------------------------------------


@dataclass
class CommitmentInReview:
    commitment: Commitment
    report: CommitmentReport | None  # in this round
    previous: CommitmentReport | None  # in the round before
    open_plans: list[ImprovementPlan]  # asked in earlier rounds, to follow up now
    plan: ImprovementPlan | None  # asked in this round

    @property
    def needs_plan(self) -> bool:
        """Behind in the previous round: behind again now asks for an improvement plan."""
        return bool(self.previous and self.previous.is_behind)


@dataclass
class SignatoryReview:
    """How one signatory stands in one round of the yearly review."""

    signature: Signature
    due: bool  # reports in this round (signed before it opened)
    commitments: list[CommitmentInReview]
    reminders: list[ReviewReminder]
    overdue_round: bool

    @property
    def reported(self) -> int:
        return sum(1 for c in self.commitments if c.report)

    @property
    def complete(self) -> bool:
        return self.reported == len(self.commitments)

    @property
    def behind(self) -> bool:
        return any(c.report and c.report.is_behind for c in self.commitments)

    @property
    def on_schedule(self) -> bool:
        return self.complete and not self.behind

    @property
    def late(self) -> bool:
        return self.due and self.overdue_round and not self.complete

    @property
    def status(self) -> str:
        if not self.due:
            return _("later aangesloten: eerste melding in de volgende ronde")
        if self.complete:
            return _("gemeld; loopt achter") if self.behind else _("gemeld")
        return _("te laat") if self.overdue_round else _("nog niet gemeld")


def review_rows(
    package: Package, review: reviews.Review, *, signatures=None, on=None
) -> list[SignatoryReview]:
    """Every active signatory of ``package`` in round ``review``: its commitments with
    this round's and the previous round's report, its improvement plans and reminders.
    A fixed number of queries, whatever the number of signatories."""
    on = on or timezone.localdate()
    if signatures is None:
        signatures = package.signatures.active()
    signatures = list(
        signatures.select_related("organisation")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.select_related("action")),
            Prefetch(
                "review_reminders",
                queryset=ReviewReminder.objects.filter(review_number=review.number),
                to_attr="round_reminders",
            ),
        )
        .order_by("organisation__name")
    )
    ids = [s.pk for s in signatures]
    reports = {
        (r.commitment_id, r.review_number): r
        for r in CommitmentReport.objects.filter(
            commitment__signature_id__in=ids,
            review_number__in=[review.number, review.number - 1],
        )
    }
    plans: dict[int, list[ImprovementPlan]] = {}
    for plan in ImprovementPlan.objects.filter(commitment__signature_id__in=ids).filter(
        review_number__lte=review.number
    ):
        plans.setdefault(plan.commitment_id, []).append(plan)
    rows = []
    for signature in signatures:
        items = []
        for c in signature.commitments.all():
            own = plans.get(c.pk, [])
            items.append(
                CommitmentInReview(
                    commitment=c,
                    report=reports.get((c.pk, review.number)),
                    previous=reports.get((c.pk, review.number - 1)),
                    open_plans=[
                        p
                        for p in own
                        if p.review_number < review.number
                        and (p.is_open or p.followed_up_in == review.number)
                    ],
                    plan=next((p for p in own if p.review_number == review.number), None),
                )
            )
        rows.append(
            SignatoryReview(
                signature=signature,
                due=review.is_due_for(timezone.localtime(signature.signed_at).date()),
                commitments=items,
                reminders=signature.round_reminders,
                overdue_round=review.is_overdue(on),
            )
        )
    return rows


def open_improvement_plans(package: Package):
    """Improvement plans of active signatories not yet followed up, oldest first."""
    return (
        ImprovementPlan.objects.filter(
            commitment__signature__package=package,
            commitment__signature__withdrawn_at__isnull=True,
            outcome=ImprovementPlan.Outcome.OPEN,
        )
        .select_related("commitment__action", "commitment__signature__organisation")
        .order_by("review_number", "due_on", "pk")
    )


def review_summary(package: Package, on=None) -> dict | None:
    """What the public sees of the yearly review, without naming anyone: of the
    signatories due in the last round that is past its due date, how many are on
    schedule, behind, or did not report. None before the first round is due."""
    review = reviews.last_due_review(package, on)
    upcoming = reviews.next_review(package, on)
    if review is None:
        return {"review": None, "next": upcoming} if upcoming else None
    rows = [r for r in review_rows(package, review, on=on) if r.due]
    return {
        "review": review,
        "next": upcoming,
        "total": len(rows),
        "on_schedule": sum(1 for r in rows if r.on_schedule),
        "behind": sum(1 for r in rows if r.behind),
        "not_reported": sum(1 for r in rows if not r.complete and not r.behind),
    }


def review_states(signatures: list[Signature]) -> dict[int, dict]:
    """Where each signature's yearly review stands today, by signature id: the round it
    reports in now (if any), the next round, how many of its commitments it reported,
    whether that is still to do and whether it is late. Two queries in all."""
    counts = dict(
        Commitment.objects.filter(signature__in=signatures)
        .values("signature_id")
        .annotate(n=Count("pk"))
        .values_list("signature_id", "n")
    )
    reported = {
        (row["commitment__signature_id"], row["review_number"]): row["n"]
        for row in CommitmentReport.objects.filter(commitment__signature__in=signatures)
        .values("commitment__signature_id", "review_number")
        .annotate(n=Count("pk"))
    }
    states = {}
    for signature in signatures:
        review = reviews.current_review(signature.package)
        due = bool(review) and review.is_due_for(timezone.localtime(signature.signed_at).date())
        total = counts.get(signature.pk, 0)
        done = reported.get((signature.pk, review.number), 0) if due else 0
        states[signature.pk] = {
            "review": review if due else None,
            "next": reviews.next_review(signature.package),
            "reported": done,
            "total": total,
            "todo": due and done < total,
            "late": due and review.is_overdue() and done < total,
        }
    return states


def signatory_tasks(user) -> list[dict]:
    """The active signatures of the organisations ``user`` acts for, each with where its
    yearly review stands: for "Mijn gegevens". A fixed number of queries."""
    signatures = list(
        Signature.objects.active()
        .filter(
            organisation__representatives__user=user,
            package__status__in=[Package.Status.OPEN, Package.Status.LOPEND],
        )
        .select_related("package__council", "organisation")
        .order_by("package__title", "organisation__name")
    )
    states = review_states(signatures)
    return [{"signature": s, **states[s.pk]} for s in signatures]


def my_signatures_section(user) -> dict | None:
    """The "Mijn gegevens" section with the user's signatures and yearly reviews."""
    rows = signatory_tasks(user)
    if not rows:
        return None
    return {"template": "actionpackages/_my_signatures.html", "rows": rows}


# Packages that travel ---------------------------------------------------------------

ACTIVE_SIGNATURES = Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True))


def reuse_rows(package: Package) -> list[dict]:
    """Where ``package`` was copied, with the copy's participation (signatories per
    geleding) and the effect of the indicators it took over: a fixed number of queries
    however many copies there are."""
    copies = list(
        package.copies.select_related("council").annotate(signature_count=ACTIVE_SIGNATURES)
    )
    per_geleding: dict[int, dict[str, int]] = {}
    for row in (
        Commitment.objects.filter(signature__package__in=copies, signature__withdrawn_at=None)
        .values("signature__package", "action__geleding")
        .annotate(n=Count("signature__organisation", distinct=True))
    ):
        per_geleding.setdefault(row["signature__package"], {})[row["action__geleding"]] = row["n"]
    effects: dict[int, list[dict]] = {}
    for proposal in (
        ProposedIndicator.objects.filter(package__in=copies, indicator__isnull=False)
        .select_related("indicator", "based_on")
        .prefetch_related("indicator__measurements")
        .order_by("pk")
    ):
        series = indicator_series(proposal.indicator)
        effects.setdefault(proposal.package_id, []).append(
            {
                "indicator": proposal.indicator,
                "based_on": proposal.based_on,
                "baseline": proposal.indicator.baseline_value,
                "latest": series["latest"],
                "change": series["latest"] - proposal.indicator.baseline_value,
                "measurements": len(series["points"]) - 1,
            }
        )
    return [
        {
            "package": copy,
            "council": copy.council,
            "signatures": copy.signature_count,
            "geledingen": [
                {"label": g.label, "count": per_geleding.get(copy.pk, {}).get(g.value, 0)}
                for g in Geleding
            ],
            "effects": effects.get(copy.pk, []),
        }
        for copy in copies
    ]


def local_councils_overview(council: Ketenoverleg) -> list[dict]:
    """A provincial council's local councils, each with its probleemlijst, its packages
    and what the provincial council proposed to it (four queries in all)."""
    children = list(council.children.order_by("name"))
    issues: dict[int, list] = {}
    for issue in Issue.objects.filter(council__in=children).order_by("-raised_on", "pk"):
        issues.setdefault(issue.council_id, []).append(issue)
    packages: dict[int, list] = {}
    for p in (
        Package.objects.filter(council__in=children)
        .select_related("based_on__council")
        .annotate(signature_count=ACTIVE_SIGNATURES)
        .order_by("-created_at", "-pk")
    ):
        packages.setdefault(p.council_id, []).append(p)
    proposals: dict[int, list] = {}
    for proposal in PackageProposal.objects.filter(
        package__council=council, council__in=children
    ).select_related("package"):
        proposals.setdefault(proposal.council_id, []).append(proposal)
    return [
        {
            "council": child,
            "issues": issues.get(child.pk, []),
            "packages": packages.get(child.pk, []),
            "proposals": proposals.get(child.pk, []),
        }
        for child in children
    ]


# "Mijn werk" ------------------------------------------------------------------------


def packages_to_sign(user) -> list[dict]:
    """Packages open for signing in which an organisation ``user`` may sign for has an
    action in its own geledingen and has not signed yet: ``{"package", "organisations"}``
    rows. Three queries."""
    memberships = list(
        Membership.objects.filter(
            status=MembershipStatus.TOEGELATEN,
            organisation__representatives__user=user,
            organisation__representatives__may_sign=True,
        )
        .select_related("organisation")
        .prefetch_related("geleding_rows")
        .distinct()
    )
    if not memberships:
        return []
    packages = list(
        Package.objects.filter(
            council_id__in={m.council_id for m in memberships},
            status__in=[Package.Status.OPEN, Package.Status.LOPEND],
        )
        .select_related("council")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.only("package_id", "geleding"))
        )
        .order_by("title", "pk")
    )
    signed = set(
        Signature.objects.active()
        .filter(package__in=packages, organisation__in=[m.organisation_id for m in memberships])
        .values_list("package_id", "organisation_id")
    )
    rows = []
    for package in packages:
        geledingen = {a.geleding for a in package.actions.all()}
        organisations = [
            m.organisation
            for m in memberships
            if m.council_id == package.council_id
            and geledingen & set(m.geledingen)
            and (package.pk, m.organisation_id) not in signed
        ]
        if organisations:
            rows.append({"package": package, "organisations": organisations})
    return rows


def packages_in_consultation(councils: list[Ketenoverleg], user):
    """Packages in consultation in ``councils`` on which ``user`` has not proposed an
    amendment yet."""
    return (
        Package.objects.filter(council__in=councils, status=Package.Status.CONSULTATIE)
        .exclude(amendments__proposed_by=user)
        .select_related("council")
        .order_by("title", "pk")
    )
