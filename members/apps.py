from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Leden")

    def ready(self) -> None:
        from ketenoverleg import documents, notifications, worklist
        from ketenoverleg.models import Ketenoverleg
        from ketenoverleg.roles import (
            register_council_provider,
            register_holder_provider,
            register_role_provider,
            register_role_source,
        )
        from members import notices, work
        from members.models import BoardAppointment, BoardFunctionTerm, Membership, Representative
        from members.selectors import (
            councils_with_roles_of,
            geleding_counts,
            membership_roles,
            role_holders,
        )

        register_role_provider(membership_roles)
        register_role_source(Membership, Representative, BoardAppointment, BoardFunctionTerm)
        register_holder_provider(role_holders)
        for kind in notices.KINDS:
            notifications.register(kind)
        register_council_provider(councils_with_roles_of)
        for kind in work.KINDS:
            worklist.register(kind)
        documents.register(
            documents.DocumentKind(
                key="ledenlijst",
                model=Ketenoverleg,
                template="pdf/ledenlijst.html",
                title=lambda c: f"Ledenlijst {c.name}",
                context=lambda c: {
                    "memberships": list(Membership.objects.public().filter(council=c)),
                    "geleding_counts": geleding_counts(c),
                },
                council=lambda c: c,
                is_public=lambda c: True,
                can_view=lambda user, c: True,
                serve_only_current=True,
            )
        )
