from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionpackagesConfig(AppConfig):
    name = "actionpackages"
    verbose_name = _("Actiepakketten")

    def ready(self) -> None:
        from django.db.models import Count, Max, Sum

        from actionpackages import (
            notices,
            receivers,  # noqa: F401  (connects the receivers)
        )
        from actionpackages.models import Commitment, Package, Signature
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

        def declaration_version(package) -> list:
            """What the intentieverklaring is made of, in four small queries at any
            number of signatures: the package's shown fields and its actions, the signed
            text's version and hash, the active signatures with what the document prints
            of them (the organisation's name as it is now, who signed, when), and their
            commitments by count, action sum and newest id."""
            package = Package.objects.select_related("council").get(pk=package.pk)
            active = Signature.objects.filter(package=package, withdrawn_at__isnull=True)
            return [
                package.pk,
                package.council.name,
                package.title,
                package.aim,
                package.introduction,
                package.starts_on,
                package.versions.order_by("-number").values_list("number", "sha256").first(),
                list(
                    package.actions.order_by("pk").values_list(
                        "pk", "geleding", "text", "commitment", "position"
                    )
                ),
                list(
                    active.order_by("id").values_list(
                        "id", "organisation__name", "signer_name", "signed_at"
                    )
                ),
                Commitment.objects.filter(
                    signature__package=package, signature__withdrawn_at__isnull=True
                ).aggregate(n=Count("id"), actions=Sum("action_id"), newest=Max("id")),
            ]

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
                version=declaration_version,
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
