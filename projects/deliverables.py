"""The deliverables checklist of a Uiver project (handbook ch. 6).

The action package, its launch meeting and its trend indicator live in the apps above
projects; those apps register a provider here (in their ``AppConfig.ready()``) that
returns their rows of the checklist. The final report is the project's own.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from projects.models import Project

DeliverablesProvider = Callable[..., list[dict]]
_providers: list[DeliverablesProvider] = []


def register(provider: DeliverablesProvider) -> None:
    """Add ``provider(project, *, insider) -> [{"label", "done", "detail", "url"}]``."""
    if provider not in _providers:
        _providers.append(provider)


def deliverables(project: Project, *, insider: bool) -> list[dict]:
    """The checklist, each row ticked as its object exists; outsiders see only what is
    public."""
    rows = [row for provider in _providers for row in provider(project, insider=insider)]
    rows.append(
        {
            "label": _("Eindrapport"),
            "done": project.final_report_approved_on is not None,
            "detail": (
                _("Goedgekeurd op %(d)s")
                % {"d": project.final_report_approved_on.strftime("%d-%m-%Y")}
                if project.final_report_approved_on
                else _("Ingediend, wacht op goedkeuring")
                if project.final_report_submitted_on
                else _("Nog niet ingediend")
            ),
        }
    )
    return rows
