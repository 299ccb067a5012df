"""Reads of action package data that pages, PDFs and the public site share."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from actionpackages.models import (
    Commitment,
    Indicator,
    Package,
    PackageProposal,
    ProposedIndicator,
)
from ketenoverleg.models import Geleding, Ketenoverleg
from members.models import MembershipGeleding, MembershipStatus
from projects.models import Issue


def signatories(package: Package):
    """Active signatures with organisation and chosen actions (one query each way)."""
    return (
        package.signatures.active()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.select_related("action"))
        )
        .order_by("organisation__name")
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
