from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class KetenoverlegConfig(AppConfig):
    name = "ketenoverleg"
    verbose_name = _("Ketenoverleg")

    def ready(self) -> None:
        from ketenoverleg import documents, outbox, tasks, worklist
        from ketenoverleg.models import Statute
        from ketenoverleg.roles import SECRETARIAT_ROLES, has_role
        from ketenoverleg.work import KINDS

        for kind in KINDS:
            worklist.register(kind)
        user_logged_in.connect(worklist.count_at_login, dispatch_uid="my_work_count_at_login")

        # Pending work the sweep publishes again (apps add theirs in their ready()).
        outbox.register_sweeper("e-mail", tasks.sweep_email)
        outbox.register_sweeper("documents", tasks.documents_reap_stuck)
        # The digest's beat task lives beside the notifications it sends; importing
        # the module registers it with Celery.
        import ketenoverleg.notifications  # noqa: F401

        documents.register(
            documents.DocumentKind(
                key="statuut",
                model=Statute,
                template="pdf/statute.html",
                title=lambda s: f"Statuut {s.council.name}, versie {s.version}",
                context=lambda s: {"statute": s, "articles": list(s.articles.all())},
                council=lambda s: s.council,
                is_public=lambda s: s.is_adopted,
                can_view=lambda user, s: (
                    s.is_adopted or has_role(user, s.council, SECRETARIAT_ROLES | {"voorzitter"})
                ),
                version=lambda s: [
                    s.pk,
                    s.council.name,
                    *Statute.objects.filter(pk=s.pk).values_list("version", "adopted_on").get(),
                    list(s.articles.order_by("number").values_list("number", "title", "body")),
                ],
            )
        )
