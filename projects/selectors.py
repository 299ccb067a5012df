"""Reads of projects data that other pages share."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from projects.models import ProgressReport, Project

# A progress report shows on "Mijn werk" this long before it is due.
REPORT_NOTICE = timedelta(days=14)


def reports_due(user) -> list[tuple[Project, object]]:
    """(project, due date) for each running project ``user`` leads whose next progress
    report is due within ``REPORT_NOTICE`` or overdue, earliest first. Two queries."""
    projects = (
        Project.objects.filter(leader=user, status=Project.Status.LOPEND)
        .select_related("council")
        .prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.only("project_id", "submitted_on"))
        )
    )
    horizon = timezone.localdate() + REPORT_NOTICE
    due = [(p, p.next_report_due(list(p.reports.all()))) for p in projects]
    return sorted(((p, d) for p, d in due if d and d <= horizon), key=lambda row: row[1])
