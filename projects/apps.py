from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Probleemlijst en projecten")

    def ready(self) -> None:
        from ketenoverleg import documents, notifications, worklist
        from ketenoverleg.models import Role
        from ketenoverleg.roles import INSIDER_ROLES, has_role, users_holding
        from projects import (
            notices,
            receivers,  # noqa: F401  (connects the receivers)
        )
        from projects.models import Project
        from projects.work import KINDS

        for kind in KINDS:
            worklist.register(kind)

        for kind in notices.KINDS:
            notifications.register(kind)
        documents.register(
            documents.DocumentKind(
                key="projectopdracht",
                model=Project,
                template="pdf/projectopdracht.html",
                title=lambda p: f"Projectopdracht {p.title}",
                context=lambda p: {
                    "project": p,
                    "group": list(p.group.select_related("membership__organisation")),
                    "chair": users_holding(p.council, {Role.VOORZITTER}).first(),
                },
                council=lambda p: p.council,
                is_public=lambda p: p.status != Project.Status.CONCEPT,
                can_view=lambda user, p: (
                    p.status != Project.Status.CONCEPT or has_role(user, p.council, INSIDER_ROLES)
                ),
            )
        )
