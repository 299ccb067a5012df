from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Vergaderingen")

    def ready(self) -> None:
        from ketenoverleg import documents, notifications, outbox, worklist
        from ketenoverleg.roles import INSIDER_ROLES, has_role
        from meetings import (
            notices,
            receivers,  # noqa: F401  (connects the receivers)
        )
        from meetings.models import Meeting, Minutes
        from meetings.selectors import meeting_context
        from meetings.tasks import sweep_dispatches
        from meetings.work import KINDS

        for kind in KINDS:
            worklist.register(kind)

        # Recipients of a dispatch that were not served (broker down, a failed address).
        outbox.register_sweeper("dispatches", sweep_dispatches)
        for kind in notices.KINDS:
            notifications.register(kind)

        def published(meeting) -> bool:
            minutes = Minutes.objects.filter(meeting=meeting).first()
            return meeting.is_public and (minutes is None or minutes.is_published)

        def context(meeting) -> dict:
            # The PDF shows exactly what the public sees, or the concept for insiders.
            return meeting_context(meeting, show_concept=True)

        documents.register(
            documents.DocumentKind(
                key="notulen",
                model=Meeting,
                template="pdf/minutes.html",
                title=lambda m: f"{m.title} ({m.starts_at:%d-%m-%Y})",
                context=context,
                council=lambda m: m.council,
                is_public=published,
                can_view=lambda user, m: published(m) or has_role(user, m.council, INSIDER_ROLES),
            )
        )
