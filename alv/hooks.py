"""What the ALV adds to lower floors: the link from an adopted statute version to the
decision that adopted it, and the jaarverslag as a PDF kind of the core pipeline."""

from django.utils.translation import gettext as _

from alv import selectors
from alv.models import AnnualReport, Assembly
from ketenoverleg import documents, related
from ketenoverleg.roles import INSIDER_ROLES, has_role


def statute_decision_links(statute, user) -> list[related.RelatedLink]:
    decision = selectors.decision_for_statute(statute)
    if decision is None:
        return []
    return [
        related.RelatedLink(
            label=_("Vastgesteld door de ALV van %(date)s")
            % {"date": decision.assembly.date.strftime("%d-%m-%Y")},
            url=decision.get_absolute_url(),
            detail=decision.title,
        )
    ]


def meeting_assembly_links(meeting, user) -> list[related.RelatedLink]:
    assembly = Assembly.objects.filter(meeting=meeting).select_related("council").first()
    if assembly is None:
        return []
    return [
        related.RelatedLink(
            label=_("Besluitpunten, stemmingen en uitslagen"), url=assembly.get_absolute_url()
        )
    ]


def report_visible(user, report: AnnualReport) -> bool:
    return report.is_adopted or has_role(user, report.council, INSIDER_ROLES)


def connect() -> None:
    related.register("ketenoverleg.Statute", statute_decision_links)
    related.register("meetings.Meeting", meeting_assembly_links)
    documents.register(
        documents.DocumentKind(
            key="jaarverslag",
            model=AnnualReport,
            template="pdf/annual_report.html",
            title=lambda r: _("Jaarverslag %(year)s") % {"year": r.year},
            context=selectors.report_context,
            council=lambda r: r.council,
            is_public=lambda r: r.is_adopted,
            can_view=report_visible,
        )
    )
