"""The notifications of projects (registered in ``apps.ready()``, sent through
``ketenoverleg.notifications``): a progress report that is due, to the project leader
(and the secretariat, who keep the project list), never held for a digest."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from ketenoverleg import notifications
from ketenoverleg.roles import SECRETARIAT_ROLES, users_holding
from projects.models import Project

PROGRESS_REPORT_DUE = "progress_report_due"

KINDS = [
    notifications.Kind(
        key=PROGRESS_REPORT_DUE,
        label=_("Een voortgangsbericht van uw project is gevraagd"),
        template="projects/email/notify_report_due",
        personal=True,
    ),
]


def report_due(project: Project, due: date) -> int:
    people = [project.leader, *users_holding(project.council, SECRETARIAT_ROLES)]
    return notifications.notify(
        kind=PROGRESS_REPORT_DUE,
        event=f"project:{project.pk}:report_due:{due.isoformat()}",
        users=people,
        path=project.get_absolute_url(),
        context={"project": project, "due": due},
        council=project.council,
    )
