"""Writes with consequences for the probleemlijst and Uiver projects."""

import statistics
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg.lifecycle import apply_transition
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Geleding, Ketenoverleg, User
from projects import notices
from projects.models import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    DEFAULT_CRITERIA,
    BudgetLine,
    Criterion,
    Issue,
    IssueEvent,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectMember,
    ReportAttachment,
    ReportReminder,
    Score,
    SolutionDirection,
)

P = Project.Status

# The project lifecycle in one place: action -> (allowed from, goes to).
TRANSITIONS = {
    "adopt": ({P.CONCEPT}, P.VASTGESTELD),
    "accept": ({P.VASTGESTELD}, P.GEACCEPTEERD),
    "start": ({P.GEACCEPTEERD}, P.LOPEND),
    "submit_final_report": ({P.LOPEND}, P.EINDRAPPORT),
    "approve_final_report": ({P.EINDRAPPORT}, P.AFGEROND),
    "stop": ({P.CONCEPT, P.VASTGESTELD, P.GEACCEPTEERD, P.LOPEND, P.EINDRAPPORT}, P.GESTOPT),
}


def _transition(project: Project, action: str, *, by: User | None, note: str = "") -> None:
    apply_transition(
        project,
        action,
        TRANSITIONS,
        by=by,
        note=note,
        refusal=_(
            "Dit kan niet bij een project met de status '%(status)s' (alleen bij: %(allowed)s)."
        ),
    )


# Probleemlijst --------------------------------------------------------------------


def criteria_for(council: Ketenoverleg) -> list[Criterion]:
    """The council's criteria (a read: a council gets its defaults when it is created)."""
    return list(council.criteria.all())


def criteria_create_defaults(*, council: Ketenoverleg) -> list[Criterion]:
    """Give a new council the handbook's five criteria, each with weight 1."""
    if council.criteria.exists():
        return criteria_for(council)
    return Criterion.objects.bulk_create(
        Criterion(council=council, name=str(name), weight=weight, position=i)
        for i, (name, weight) in enumerate(DEFAULT_CRITERIA)
    )


def _check_geledingen(geledingen: list[str]) -> None:
    unknown = set(geledingen) - set(Geleding.values)
    if unknown:
        raise ValidationError(
            {"geledingen": _("Onbekende geleding: %(g)s") % {"g": ", ".join(unknown)}}
        )


@transaction.atomic
def issue_create(*, council: Ketenoverleg, by: User, **fields) -> Issue:
    _check_geledingen(fields.get("geledingen", []))
    issue = Issue(council=council, created_by=by, **fields)
    issue.full_clean()
    issue.save()
    IssueEvent.objects.create(issue=issue, by=by, to_status=issue.status)
    return issue


@transaction.atomic
def issue_set_status(*, issue: Issue, status: str, note: str, by: User) -> Issue:
    if status not in Issue.Status.values:
        raise ValidationError({"status": _("Onbekende status.")})
    if status == issue.status:
        raise ValidationError({"status": _("Het vraagstuk heeft deze status al.")})
    IssueEvent.objects.create(
        issue=issue, by=by, from_status=issue.status, to_status=status, note=note
    )
    issue.status = status
    issue.save(update_fields=["status"])
    return issue


@transaction.atomic
def scores_save(*, issue: Issue, user: User, values: dict[int, int]) -> list[Score]:
    """A kernteam member's scores, 1 to 5 per criterion; replaces their earlier scores."""
    criteria = {c.pk: c for c in criteria_for(issue.council)}
    errors = {}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            errors[f"score_{criterion_id}"] = _("Onbekend criterium.")
        elif value is None or not 1 <= int(value) <= 5:
            errors[f"score_{criterion_id}"] = _("Geef een score van 1 tot en met 5.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, value in values.items():
        score, _created = Score.objects.update_or_create(
            issue=issue, criterion_id=criterion_id, user=user, defaults={"value": value}
        )
        saved.append(score)
    if issue.status == Issue.Status.GESIGNALEERD:
        issue_set_status(
            issue=issue, status=Issue.Status.GEPRIORITEERD, note=_("Eerste scores"), by=user
        )
    return saved


def issue_priority(issue: Issue, criteria: list[Criterion]) -> dict:
    """Weighted score of an issue (mean over scorers) and the spread between scorers.

    Uses the issue's prefetched scores, so ranking a whole list takes no extra queries.
    """
    weights = {c.pk: c.weight for c in criteria}
    per_user: dict[int, list[tuple[Decimal, int]]] = {}
    for score in issue.scores.all():
        if score.criterion_id in weights:
            per_user.setdefault(score.user_id, []).append(
                (weights[score.criterion_id], score.value)
            )
    totals = [
        float(sum(w * v for w, v in pairs) / sum(w for w, _v in pairs))
        for pairs in per_user.values()
        if pairs
    ]
    if not totals:
        return {"score": None, "spread": None, "scorers": 0, "low": None, "high": None}
    return {
        "score": round(statistics.fmean(totals), 2),
        "spread": round(statistics.pstdev(totals), 2) if len(totals) > 1 else 0.0,
        "scorers": len(totals),
        "low": round(min(totals), 2),
        "high": round(max(totals), 2),
    }


@transaction.atomic
def direction_add(*, issue: Issue, description: str, r_ladder: str, by: User) -> SolutionDirection:
    if not description.strip():
        raise ValidationError({"description": _("Beschrijf de oplossingsrichting.")})
    return SolutionDirection.objects.create(
        issue=issue, description=description, r_ladder=r_ladder, created_by=by
    )


# Projects ---------------------------------------------------------------------------


def _check_project(project: Project, members: list[tuple]) -> None:
    errors = {}
    if project.issue_id and project.issue.council_id != project.council_id:
        errors["issue"] = _("Kies een vraagstuk van dit ketenoverleg.")
    if project.direction_id and project.direction.issue_id != project.issue_id:
        errors["direction"] = _("Deze oplossingsrichting hoort bij een ander vraagstuk.")
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = _("Het einde ligt vóór de start.")
    if project.budget_kind == Project.Budget.AMOUNT:
        if not project.budget_amount or project.budget_amount <= 0:
            errors["budget_amount"] = _("Geef het bedrag van het budget.")
        if not project.cost_types:
            errors["cost_types"] = _("Kies voor welke kostensoorten het budget is.")
    else:
        project.budget_amount = None
        project.cost_types = []
    for membership, geleding in members:
        if membership.council_id != project.council_id:
            errors["group"] = _("De projectgroep bestaat uit leden van dit ketenoverleg.")
        elif geleding not in membership.geledingen:
            errors["group"] = _("%(org)s zit niet in de geleding %(g)s.") % {
                "org": membership.organisation,
                "g": Geleding(geleding).label,
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_save(*, project: Project, members: list[tuple], by: User) -> Project:
    """Create or change a project assignment while it is still a concept."""
    if project.pk and project.status != P.CONCEPT:
        raise ValidationError(
            _(
                "Een vastgestelde projectopdracht wijzigt niet meer; stop het project of maak een nieuwe."
            )
        )
    _check_project(project, members)
    project.full_clean()
    created = project.pk is None
    project.save()
    project.group.all().delete()
    ProjectMember.objects.bulk_create(
        ProjectMember(project=project, membership=m, geleding=g) for m, g in members
    )
    if created:
        ProjectEvent.objects.create(project=project, by=by, to_status=project.status)
    return project


@transaction.atomic
def project_adopt(*, project: Project, adopted_on: date, by: User) -> Project:
    """The kernteam adopts (vaststellen) the assignment; the issue is now being handled."""
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("De vaststelling kan niet in de toekomst liggen.")})
    _transition(project, "adopt", by=by)
    project.adopted_on = adopted_on
    project.save()
    if project.issue.status in {Issue.Status.GESIGNALEERD, Issue.Status.GEPRIORITEERD}:
        issue_set_status(
            issue=project.issue,
            status=Issue.Status.IN_BEHANDELING,
            note=_("Project %(p)s vastgesteld") % {"p": project.title},
            by=by,
        )
    queue_email(
        to=[project.leader.email],
        template="projects/email/adopted",
        context={"project": project},
        key=f"project:{project.pk}:adopted",
    )
    return project


def _require_leader(project: Project, user: User) -> None:
    if user.pk != project.leader_id:
        raise ValidationError(
            _("Alleen de projectleider (%(name)s) kan dit doen.") % {"name": project.leader}
        )


@transaction.atomic
def project_accept(*, project: Project, by: User) -> Project:
    """The project leader accepts the assignment, with their own account."""
    _require_leader(project, by)
    _transition(project, "accept", by=by)
    project.accepted_on = timezone.localdate()
    project.save()
    return project


@transaction.atomic
def project_start(*, project: Project, by: User) -> Project:
    _transition(project, "start", by=by)
    project.save()
    return project


@transaction.atomic
def project_stop(*, project: Project, reason: str, by: User) -> Project:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden waarom het project stopt.")})
    _transition(project, "stop", by=by, note=reason)
    project.stopped_reason = reason
    project.save()
    return project


@transaction.atomic
def final_report_submit(*, project: Project, text: str, by: User) -> Project:
    _require_leader(project, by)
    if not text.strip():
        raise ValidationError({"text": _("Schrijf het eindrapport.")})
    _transition(project, "submit_final_report", by=by)
    project.final_report = text
    project.final_report_submitted_on = timezone.localdate()
    project.save()
    return project


@transaction.atomic
def final_report_approve(*, project: Project, by: User) -> Project:
    """The kernteam approves the final report; from now on it is published."""
    _transition(project, "approve_final_report", by=by)
    project.final_report_approved_on = timezone.localdate()
    project.save()
    if project.issue.status == Issue.Status.IN_BEHANDELING:
        issue_set_status(
            issue=project.issue,
            status=Issue.Status.OPGELOST,
            note=_("Eindrapport van %(p)s goedgekeurd") % {"p": project.title},
            by=by,
        )
    return project


@transaction.atomic
def progress_report_submit(
    *,
    project: Project,
    by: User,
    text: str,
    percent_complete: int,
    risks: str,
    lines: list[dict],
    submitted_on: date | None = None,
) -> ProgressReport:
    """The leader reports progress; with a budget, the financial overview must add up."""
    _require_leader(project, by)
    if project.status != P.LOPEND:
        raise ValidationError(_("Voortgang meldt u bij een lopend project."))
    errors = {}
    if not text.strip():
        errors["text"] = _("Beschrijf de voortgang.")
    if percent_complete is None or not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("Een percentage van 0 tot en met 100.")
    if project.has_budget:
        if not lines:
            errors["lines"] = _("Een project met budget meldt ook de financiën: vul de posten in.")
        for number, line in enumerate(lines, start=1):
            if min(line["budgeted"], line["granted"], line["spent"]) < 0:
                errors["lines"] = _("Post %(n)s: bedragen zijn niet negatief.") % {"n": number}
            elif line["spent"] > line["granted"] and not line.get("remark", "").strip():
                errors["lines"] = _(
                    "Post %(n)s (%(label)s): er is meer uitgegeven dan toegekend; licht dat toe."
                ) % {"n": number, "label": line["label"]}
        total = sum((line["budgeted"] for line in lines), Decimal("0"))
        if lines and "lines" not in errors and total != project.budget_amount:
            errors["lines"] = _(
                "De begrote posten tellen op tot € %(total)s, het projectbudget is € %(budget)s."
            ) % {"total": total, "budget": project.budget_amount}
    if errors:
        raise ValidationError(errors)
    report = ProgressReport.objects.create(
        project=project,
        submitted_on=submitted_on or timezone.localdate(),
        text=text,
        percent_complete=percent_complete,
        risks=risks,
        submitted_by=by,
    )
    BudgetLine.objects.bulk_create(BudgetLine(report=report, **line) for line in lines)
    return report


@transaction.atomic
def attachment_add(*, project: Project, title: str, upload, by: User) -> ReportAttachment:
    """A file with the final report: PDF, Word, Excel, PNG or JPEG, at most 10 MB."""
    _require_leader(project, by)
    if project.status not in {P.LOPEND, P.EINDRAPPORT}:
        raise ValidationError(
            _("Bijlagen horen bij het eindrapport van een lopend project; dit project is %(s)s.")
            % {"s": project.get_status_display().lower()}
        )
    content_type = getattr(upload, "content_type", "")
    if content_type not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("Alleen PDF, Word, Excel, PNG of JPEG kan als bijlage.")})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("Een bijlage is hoogstens 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    signatures = {
        "application/pdf": b"%PDF",
        "image/png": b"\x89PNG",
        "image/jpeg": b"\xff\xd8\xff",
    }
    expected = signatures.get(content_type, b"PK")
    if not head.startswith(expected):
        raise ValidationError({"file": _("De inhoud van het bestand past niet bij het type.")})
    return ReportAttachment.objects.create(
        project=project,
        title=title or upload.name,
        file=upload,
        content_type=content_type,
        size=upload.size,
    )


def reminders_send_due() -> int:
    """Tell leader and secretariat about overdue progress reports, once per due date."""
    sent = 0
    today = timezone.localdate()
    running = Project.objects.filter(status=P.LOPEND).select_related("leader", "council")
    for project in running.prefetch_related("reports"):
        due = project.next_report_due()
        if due is None or due >= today:
            continue
        with transaction.atomic():
            _reminder, created = ReportReminder.objects.get_or_create(project=project, due_on=due)
            if not created:
                continue
            notices.report_due(project, due)
            sent += 1
    return sent
