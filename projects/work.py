"""What projects adds to "Mijn werk": progress reports due for the projects I lead."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenoverleg.worklist import Task, WorkKind
from projects import selectors


def report_tasks(user) -> list[Task]:
    return [
        Task(
            council=project.council,
            text=_("Voortgangsbericht voor %(project)s") % {"project": project.title},
            url=reverse(
                "projects:progress", kwargs={"slug": project.council.slug, "pk": project.pk}
            ),
            due_on=due_on,
        )
        for project, due_on in selectors.reports_due(user)
    ]


KINDS = [WorkKind("progress_reports", gettext_lazy("Voortgangsberichten"), 60, report_tasks)]
