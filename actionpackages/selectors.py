"""Reads of action package data that pages, PDFs and the public site share."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from actionpackages.models import Commitment, Indicator, Package
from ketenoverleg.models import Geleding
from members.models import MembershipGeleding, MembershipStatus


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
