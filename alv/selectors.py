"""Reads of the yearly cycle: the budget's realisation and the jaarverslag's figures,
both computed from the records the other apps keep."""

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from actionpackages.models import Measurement, Package, PackageEvent, Signature
from alv.models import (
    AnnualReport,
    Assembly,
    AttendanceStatus,
    DecisionItem,
    LineCategory,
    OnlineBallot,
    Outcome,
    YearPlan,
)
from ketenoverleg.models import Geleding, Ketenoverleg
from ketenstatistiek import selectors as statistics_selectors
from meetings.models import Evaluation, Meeting
from members.models import BoardAppointment, ContributionPayment, Membership, MembershipGeleding
from projects.models import BudgetLine as ProjectBudgetLine
from projects.models import Project, ProjectEvent

ZERO = Decimal("0.00")


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


# Realisation ------------------------------------------------------------------------


def contributions_received(council: Ketenoverleg, year: int) -> Decimal:
    total = ContributionPayment.objects.filter(membership__council=council, year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO


def project_costs(project_ids: list[int], year: int) -> dict[int, Decimal]:
    """Spent on each project in ``year``: the spending in its last progress report of
    the year minus that in its last report before the year (the reports' budget lines
    are cumulative)."""

    def spent_by(until: date) -> dict[int, Decimal]:
        latest = {}
        lines = (
            ProjectBudgetLine.objects.filter(
                report__project_id__in=project_ids, report__submitted_on__lt=until
            )
            .values_list("report__project_id", "report_id", "report__submitted_on", "spent")
            .order_by("report__submitted_on", "report_id")
        )
        per_report: dict[tuple[int, int], Decimal] = {}
        for project_id, report_id, _on, spent in lines:
            per_report[(project_id, report_id)] = (
                per_report.get((project_id, report_id), ZERO) + spent
            )
            latest[project_id] = report_id
        return {p: per_report[(p, r)] for p, r in latest.items()}

    end = spent_by(date(year + 1, 1, 1))
    start = spent_by(date(year, 1, 1))
    return {p: end.get(p, ZERO) - start.get(p, ZERO) for p in project_ids}


def budget_rows(plan: YearPlan) -> dict:
    """Every line with its realisation and the difference, and the totals per side."""
    lines = list(plan.lines.select_related("project"))
    project_ids = [line.project_id for line in lines if line.project_id]
    costs = project_costs(project_ids, plan.year) if project_ids else {}
    received = None
    rows = []
    totals = {
        "income": {"planned": ZERO, "realised": ZERO},
        "cost": {"planned": ZERO, "realised": ZERO},
    }
    for line in lines:
        if line.category == LineCategory.CONTRIBUTIE:
            if received is None:
                received = contributions_received(plan.council, plan.year)
            realised = received
        elif line.category == LineCategory.PROJECT:
            realised = costs.get(line.project_id, ZERO)
        else:
            realised = line.realised_entered
        side = "income" if line.is_income else "cost"
        totals[side]["planned"] += line.planned
        totals[side]["realised"] += realised or ZERO
        rows.append(
            {
                "line": line,
                "side": side,
                "realised": realised,
                "difference": None if realised is None else realised - line.planned,
            }
        )
    for side in totals.values():
        side["difference"] = side["realised"] - side["planned"]
    return {
        "income": [r for r in rows if r["side"] == "income"],
        "cost": [r for r in rows if r["side"] == "cost"],
        "totals": totals,
        "result_planned": totals["income"]["planned"] - totals["cost"]["planned"],
        "result_realised": totals["income"]["realised"] - totals["cost"]["realised"],
    }


# The jaarverslag's figures ----------------------------------------------------------


def _members_on(council: Ketenoverleg, moment: datetime) -> dict[str, int]:
    """Admitted members per geleding at ``moment`` (a member counts in each of its
    geledingen), with the number of organisations as ``totaal``."""
    # Admitted when the kernteam decided; an imported member without that date counts
    # from its application.
    members = (
        Membership.objects.filter(council=council)
        .annotate(since=Coalesce("decided_at", "applied_at"))
        .filter(since__lt=moment)
    ).filter(
        Q(status="toegelaten", ended_at__isnull=True)
        | Q(status="toegelaten", ended_at__gte=moment)
        | Q(status="opgezegd", ended_at__gte=moment)
    )
    counts = Counter(
        MembershipGeleding.objects.filter(membership__in=members).values_list("geleding", flat=True)
    )
    result = {g.value: counts.get(g.value, 0) for g in Geleding}
    result["totaal"] = members.count()
    return result


def report_figures(council: Ketenoverleg, year: int) -> dict:
    """Everything the jaarverslag counts for ``year``, from the records. Plain values
    only (it is frozen as JSON when the ALV adopts the report)."""
    start, end = _year_bounds(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    members_start = _members_on(council, start)
    members_end = _members_on(council, end)
    appointments = BoardAppointment.objects.filter(council=council).select_related(
        "user", "membership__organisation"
    )
    seated = [
        {
            "seat": a.get_seat_display(),
            "person": str(a.user),
            "organisation": a.membership.organisation.name,
        }
        for a in appointments.active(last).order_by("seat")
    ]
    appointed = [
        {"seat": a.get_seat_display(), "person": str(a.user), "on": a.starts_on.isoformat()}
        for a in appointments.filter(starts_on__range=(first, last)).order_by("starts_on", "pk")
    ]
    left = [
        {
            "seat": a.get_seat_display(),
            "person": str(a.user),
            "on": (a.ended_early_on or a.ends_on).isoformat(),
        }
        for a in appointments.filter(
            Q(ended_early_on__range=(first, last))
            | Q(ended_early_on__isnull=True, ends_on__range=(first, last))
        ).order_by("pk")
    ]
    meetings = Counter(
        Meeting.objects.filter(
            council=council, starts_at__gte=start, starts_at__lt=end
        ).values_list("kind", flat=True)
    )
    kernteam_meetings = meetings.get(Meeting.Kind.KERNTEAM, 0)
    alv_meetings = meetings.get(Meeting.Kind.ALV, 0)
    package_steps = Counter(
        PackageEvent.objects.filter(
            package__council=council, at__gte=start, at__lt=end
        ).values_list("to_status", flat=True)
    )
    packages = []
    for package in (
        Package.objects.filter(council=council)
        .exclude(status=Package.Status.CONCEPT)
        .annotate(
            signed=Count(
                "signatures",
                filter=Q(signatures__signed_at__lt=end)
                & (Q(signatures__withdrawn_at__isnull=True) | Q(signatures__withdrawn_at__gte=end)),
                distinct=True,
            )
        )
        .order_by("title")
    ):
        packages.append(
            {
                "title": package.title,
                "status": package.get_status_display(),
                "signatures": package.signed,
                "signed_this_year": Signature.objects.filter(
                    package=package, signed_at__gte=start, signed_at__lt=end
                ).count(),
                "measurements": Measurement.objects.filter(
                    indicator__package=package, measured_on__range=(first, last)
                ).count(),
            }
        )
    effects = []
    for measurement in (
        Measurement.objects.filter(
            indicator__package__council=council, measured_on__range=(first, last)
        )
        .select_related("indicator__package")
        .order_by("indicator__package__title", "indicator__name", "-measured_on", "-pk")
    ):
        if effects and effects[-1]["indicator_id"] == measurement.indicator_id:
            continue  # the latest of the year per indicator
        effects.append(
            {
                "indicator_id": measurement.indicator_id,
                "package": measurement.indicator.package.title,
                "indicator": measurement.indicator.name,
                "value": f"{measurement.value.normalize():f}",
                "unit": measurement.indicator.unit,
                "on": measurement.measured_on.isoformat(),
            }
        )
    projects = [
        {"title": p.title, "status": p.get_status_display()}
        for p in Project.objects.filter(
            council=council, starts_on__lte=last, ends_on__gte=first
        ).order_by("title")
    ]
    projects_closed = ProjectEvent.objects.filter(
        project__council=council, at__gte=start, at__lt=end, to_status=Project.Status.AFGEROND
    ).count()
    evaluation = Evaluation.objects.filter(council=council, year=year).first()
    plan = YearPlan.objects.filter(council=council, year=year).first()
    finances = None
    if plan is not None:
        rows = budget_rows(plan)
        finances = {
            "lines": [
                {
                    "label": r["line"].label,
                    "side": r["side"],
                    "planned": str(r["line"].planned),
                    "realised": None if r["realised"] is None else str(r["realised"]),
                }
                for r in rows["income"] + rows["cost"]
            ],
            "income": str(rows["totals"]["income"]["realised"]),
            "cost": str(rows["totals"]["cost"]["realised"]),
        }
    decisions = [
        {"title": i.title, "outcome": i.get_outcome_display(), "on": i.assembly.date.isoformat()}
        for i in DecisionItem.objects.filter(
            assembly__council=council,
            assembly__meeting__starts_at__gte=start,
            assembly__meeting__starts_at__lt=end,
        )
        .exclude(outcome=Outcome.PENDING)
        .select_related("assembly__meeting")
        .order_by("assembly__meeting__starts_at", "position")
    ]
    return {
        "year": year,
        "members_start": members_start,
        "members_end": members_end,
        "kernteam": seated,
        "appointed": appointed,
        "left": left,
        "meetings": {
            "kernteam": kernteam_meetings,
            "alv": alv_meetings,
            "total": sum(meetings.values()),
            # The handbook's rhythm: the kernteam about quarterly, the plenary yearly.
            "kernteam_on_rhythm": kernteam_meetings >= 4,
            "alv_on_rhythm": alv_meetings >= 1,
        },
        "packages": packages,
        "packages_adopted": package_steps.get(Package.Status.VASTGESTELD, 0),
        "packages_started": package_steps.get(Package.Status.LOPEND, 0),
        "packages_closed": package_steps.get(Package.Status.AFGESLOTEN, 0),
        "effects": effects,
        "projects": projects,
        "projects_closed": projects_closed,
        "evaluation": (
            {
                "still_relevant": evaluation.still_relevant,
                "adds_value": evaluation.adds_value,
                "conclusion": evaluation.conclusion,
            }
            if evaluation
            else None
        ),
        "finances": finances,
        "decisions": decisions,
        # Ketenstatistiek: only what was published (aggregates that passed the rules).
        "statistics": statistics_selectors.published_for_year(council, year),
    }


def report_context(report: AnnualReport) -> dict:
    """The figures of the report: frozen once adopted, live from the records before."""
    figures = report.figures if report.is_adopted else report_figures(report.council, report.year)
    geledingen = [
        {
            "label": g.label,
            "start": figures["members_start"].get(g.value, 0),
            "end": figures["members_end"].get(g.value, 0),
        }
        for g in Geleding
    ]
    return {"report": report, "figures": figures, "geledingen": geledingen}


def assemblies_for(council: Ketenoverleg):
    return (
        Assembly.objects.filter(council=council)
        .select_related("meeting", "council")
        .annotate(item_count=Count("items"))
        .order_by("-meeting__starts_at")
    )


def adopted_decisions(council: Ketenoverleg, limit: int = 10):
    """The latest adopted decisions, for the council page."""
    return (
        DecisionItem.objects.filter(assembly__council=council, outcome=Outcome.ADOPTED)
        .select_related("assembly__meeting", "assembly__council")
        .order_by("-assembly__meeting__starts_at", "position")[:limit]
    )


def public_reports(council: Ketenoverleg):
    return AnnualReport.objects.filter(council=council, adopted_by__isnull=False).select_related(
        "adopted_by__assembly__meeting"
    )


def decision_for_statute(statute) -> DecisionItem | None:
    return (
        DecisionItem.objects.filter(statute=statute, outcome=Outcome.ADOPTED)
        .select_related("assembly__meeting", "assembly__council")
        .first()
    )


def ballots_of(assembly: Assembly, memberships):
    return OnlineBallot.objects.filter(item__assembly=assembly, membership__in=memberships)


def attendance_register(assembly: Assembly) -> list[dict]:
    """Every admitted member organisation with its row on the list (or none yet) and
    whether it counts now: present, or by a proxy whose holder is present."""
    rows = {
        a.membership_id: a for a in assembly.attendance.select_related("proxy_holder__organisation")
    }
    present = {m for m, a in rows.items() if a.status == AttendanceStatus.PRESENT}
    result = []
    for membership in (
        Membership.objects.for_council(assembly.council)
        .admitted()
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        row = rows.get(membership.pk)
        counts = row is not None and (
            row.status == AttendanceStatus.PRESENT
            or (row.status == AttendanceStatus.PROXY and row.proxy_holder_id in present)
        )
        result.append({"membership": membership, "row": row, "counts": counts})
    return result


def attendance_summary(assembly: Assembly) -> dict:
    rows = list(assembly.attendance.values_list("membership_id", "status", "proxy_holder_id"))
    present = {m for m, s, _h in rows if s == AttendanceStatus.PRESENT}
    proxies = {m for m, s, h in rows if s == AttendanceStatus.PROXY and h in present}
    return {
        "present": len(present),
        "by_proxy": len(proxies),
        "lapsed_proxies": sum(1 for _m, s, h in rows if s == AttendanceStatus.PROXY) - len(proxies),
        "members": Membership.objects.for_council(assembly.council).admitted().count(),
    }


def council_page(council: Ketenoverleg) -> dict:
    """What the council page shows of the ALV: its latest adopted decisions, the
    statute in force with the decision that adopted it, and the adopted jaarverslagen."""
    statute = council.statutes.filter(adopted_on__isnull=False).order_by("-version").first()
    return {
        "alv_decisions": list(adopted_decisions(council, limit=8)),
        "statute_in_force": statute,
        "statute_decision": decision_for_statute(statute) if statute else None,
        "annual_reports": list(public_reports(council)),
    }


def proposal_articles(statute) -> list[dict]:
    """The articles of a proposed statute version, each marked new or changed against
    the version in force."""
    in_force = (
        statute.council.statutes.filter(adopted_on__isnull=False, version__lt=statute.version)
        .order_by("-version")
        .first()
    )
    before = {a.number: a for a in in_force.articles.all()} if in_force else {}
    rows = []
    for article in statute.articles.all():
        old = before.get(article.number)
        if old is None:
            change = "nieuw"
        elif (old.title, old.body) != (article.title, article.body):
            change = "gewijzigd"
        else:
            change = ""
        rows.append({"article": article, "change": change})
    return rows
