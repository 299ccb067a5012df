from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionpackagesConfig(AppConfig):
    name = "actionpackages"
    verbose_name = _("Actiepakketten")

    def ready(self) -> None:
        from actionpackages import (
            notices,
            receivers,  # noqa: F401  (connects the receivers)
        )
        from actionpackages.models import Package
        from actionpackages.selectors import (
            my_signatures_section,
            project_deliverables,
            signatories,
        )
        from actionpackages.work import KINDS
        from ketenoverleg import documents, notifications, worklist
        from ketenoverleg.models import Geleding
        from ketenoverleg.roles import INSIDER_ROLES, has_role
        from members import mydata_sections
        from projects import deliverables

        deliverables.register(project_deliverables)
        for kind in notices.KINDS:
            notifications.register(kind)
        mydata_sections.register(my_signatures_section)
        for kind in KINDS:
            worklist.register(kind)

        def declaration_context(package) -> dict:
            """Actions per geleding with a short code (A1, V2, ...) and, per geleding, its
            signatories with the codes they signed for: WeasyPrint lays out one line per
            signatory instead of a table row that repeats every action's text."""
            signatures = list(signatories(package))
            actions = list(package.actions.all())
            codes = {}
            for g in Geleding:
                own = [a for a in actions if a.geleding == g.value]
                codes.update({a.pk: f"{g.label[0]}{n}" for n, a in enumerate(own, start=1)})
            groups = []
            for g in Geleding:
                rows = []
                for s in signatures:
                    signed = [
                        codes[c.action_id] for c in s.commitments.all() if c.action.geleding == g
                    ]
                    if signed:
                        rows.append({"signature": s, "codes": signed})
                groups.append(
                    {
                        "label": g.label,
                        "actions": [
                            {"code": codes[a.pk], "action": a}
                            for a in actions
                            if a.geleding == g.value
                        ],
                        "signatories": rows,
                    }
                )
            return {
                "package": package,
                "version": package.versions.order_by("-number").first(),
                "groups": groups,
                "signature_count": len(signatures),
            }

        documents.register(
            documents.DocumentKind(
                key="intentieverklaring",
                model=Package,
                template="pdf/intentieverklaring.html",
                title=lambda p: f"Intentieverklaring {p.title}",
                context=declaration_context,
                council=lambda p: p.council,
                is_public=lambda p: p.is_public,
                can_view=lambda user, p: p.is_public or has_role(user, p.council, INSIDER_ROLES),
                serve_only_current=True,
            )
        )
        documents.register(
            documents.DocumentKind(
                key="consultatieverslag",
                model=Package,
                template="pdf/consultatieverslag.html",
                title=lambda p: f"Consultatieverslag {p.title}",
                context=lambda p: {
                    "package": p,
                    "amendments": list(
                        p.amendments.select_related("action", "organisation", "decided_by")
                    ),
                },
                council=lambda p: p.council,
                is_public=lambda p: False,
                can_view=lambda user, p: has_role(user, p.council, INSIDER_ROLES),
            )
        )
