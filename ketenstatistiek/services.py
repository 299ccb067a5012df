"""Writes with consequences for ketenstatistiek: the questionnaire, members' figures,
and publishing a period's table under the disclosure rules."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenoverleg import audit
from ketenoverleg.lifecycle import apply_transition
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Geleding, Ketenoverleg, User
from ketenoverleg.services import document_request
from ketenstatistiek import crypto, selectors
from ketenstatistiek.models import (
    Period,
    PeriodEvent,
    PublishedCell,
    Question,
    StatisticsPolicy,
    Submission,
    SubmissionRequest,
)
from ketenstatistiek.signals import period_published
from members.models import Membership, MembershipStatus, Organisation, Representative

S = Period.Status

# The period lifecycle: action -> (allowed from, goes to).
TRANSITIONS = {
    "open": ({S.CONCEPT}, S.OPEN),
    "close": ({S.OPEN}, S.GESLOTEN),
    "reopen": ({S.GESLOTEN}, S.OPEN),
    "publish": ({S.GESLOTEN}, S.GEPUBLICEERD),
}


def _transition(period: Period, action: str, *, by: User | None, note: str = "") -> None:
    apply_transition(
        period,
        action,
        TRANSITIONS,
        by=by,
        note=note,
        refusal=_("Dit kan niet bij een periode met de status '%(status)s'."),
    )


def _lock(period: Period) -> Period:
    return Period.objects.select_for_update().get(pk=period.pk)


# Rules ---------------------------------------------------------------------------------


@transaction.atomic
def policy_update(
    *, council: Ketenoverleg, by: User, min_contributors: int, dominance_percent: int
) -> StatisticsPolicy:
    policy = selectors.policy_of(council)
    policy.min_contributors = min_contributors
    policy.dominance_percent = dominance_percent
    policy.full_clean()
    policy.save()
    return policy


# The questionnaire ----------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    council: Ketenoverleg,
    by: User,
    name: str,
    starts_on: date,
    ends_on: date,
    closes_on: date,
    introduction: str = "",
    copy_from: Period | None = None,
) -> Period:
    """A new period in concept; with ``copy_from`` its questions are copied (same codes,
    so the periods can be compared and indicators keep following them)."""
    if copy_from is not None and copy_from.council_id != council.pk:
        raise ValidationError({"copy_from": _("Kies een periode van dit ketenoverleg.")})
    if Period.objects.filter(council=council, name=name).exists():
        raise ValidationError({"name": _("Er is al een periode met deze naam.")})
    period = Period(
        council=council,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        closes_on=closes_on,
        introduction=introduction,
    )
    period.full_clean()
    period.save()
    PeriodEvent.objects.create(period=period, by=by, to_status=period.status)
    if copy_from is not None:
        Question.objects.bulk_create(
            Question(
                period=period,
                code=q.code,
                label=q.label,
                explanation=q.explanation,
                unit=q.unit,
                kind=q.kind,
                min_value=q.min_value,
                max_value=q.max_value,
                geledingen=list(q.geledingen),
                position=q.position,
            )
            for q in copy_from.questions.all()
        )
    return period


def _require_concept(period: Period) -> None:
    if period.status != S.CONCEPT:
        raise ValidationError(
            _("De vragenlijst kan alleen worden gewijzigd zolang de periode in voorbereiding is.")
        )


def _ordered_geledingen(geledingen) -> list[str]:
    chosen = set(geledingen)
    return [g for g in Geleding.values if g in chosen]


@transaction.atomic
def question_save(
    *, period: Period, by: User, question: Question | None = None, **fields
) -> Question:
    _lock(period)
    period.refresh_from_db()
    _require_concept(period)
    question = question or Question(period=period)
    if question.period_id != period.pk:
        raise ValidationError(_("Deze vraag hoort niet bij deze periode."))
    for name, value in fields.items():
        setattr(question, name, value)
    question.geledingen = _ordered_geledingen(question.geledingen)
    duplicate = Question.objects.filter(period=period, code=question.code).exclude(pk=question.pk)
    if duplicate.exists():
        raise ValidationError({"code": _("Deze code wordt in deze periode al gebruikt.")})
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    _lock(question.period)
    question.period.refresh_from_db()
    _require_concept(question.period)
    question.delete()


# The lifecycle ---------------------------------------------------------------------------


def _asked_memberships(period: Period):
    geledingen = {g for q in period.questions.all() for g in q.geledingen}
    return (
        Membership.objects.filter(
            council=period.council,
            status=MembershipStatus.TOEGELATEN,
            geleding_rows__geleding__in=geledingen,
        )
        .select_related("organisation")
        .distinct()
    )


@transaction.atomic
def period_open(*, period: Period, by: User) -> int:
    """Open the period for figures and ask every member of a geleding that is asked,
    once per organisation (a repeated open sends nothing twice). Returns how many
    organisations were asked now."""
    period = _lock(period)
    if not period.questions.exists():
        raise ValidationError(_("Voeg eerst ten minste één vraag toe."))
    _transition(period, "open", by=by)
    period.save(update_fields=["status"])
    asked = 0
    for membership in _asked_memberships(period):
        organisation = membership.organisation
        _request, created = SubmissionRequest.objects.get_or_create(
            period=period, organisation=organisation
        )
        if not created:
            continue
        recipients = list(
            Representative.objects.filter(organisation=organisation, is_contact=True)
            .select_related("user")
            .values_list("user__email", flat=True)
        )
        if recipients:
            queue_email(
                to=recipients,
                template="ketenstatistiek/email/request",
                context={
                    "period": period,
                    "organisation": organisation,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse(
                        "ketenstatistiek:submission",
                        kwargs={
                            "slug": period.council.slug,
                            "pk": period.pk,
                            "organisation": organisation.pk,
                        },
                    ),
                },
            )
        asked += 1
    audit.record(
        action=audit.Action.STATISTICS_REQUESTED,
        by=by,
        council=period.council,
        target=period,
        summary=gettext_noop("Ketenstatistiek %(period)s: %(count)s leden om cijfers gevraagd"),
        period=period.name,
        count=asked,
    )
    return asked


@transaction.atomic
def period_close(*, period: Period, by: User) -> None:
    period = _lock(period)
    _transition(period, "close", by=by)
    period.save(update_fields=["status"])


@transaction.atomic
def period_reopen(*, period: Period, by: User, note: str) -> None:
    period = _lock(period)
    _transition(period, "reopen", by=by, note=note)
    period.save(update_fields=["status"])


@transaction.atomic
def period_publish(*, period: Period, by: User) -> Period:
    """Publish the period's table: per question, the cells the disclosure rules allow.

    Suppressed cells are stored with their reason and without any figure. The rules in
    force are kept with the period. Final: a published table is never recomputed.
    """
    period = _lock(period)
    _transition(period, "publish", by=by)
    policy = selectors.policy_of(period.council)
    rules = policy.as_policy()
    known = selectors.known_sets(period)
    for question in period.questions.prefetch_related("submissions"):
        results = selectors.protect_question(question, rules, known.get(question.code, []))
        for position, result in enumerate(results):
            PublishedCell.objects.create(
                period=period,
                question=question,
                group=result.key,
                position=position,
                reason=result.reason or "",
                count=result.count,
                total=result.total if question.shows_total else None,
                mean=result.mean,
                median=result.median,
                atoms=sorted(result.atoms),
                contributors=sorted(result.contributors),
            )
    period.min_contributors = policy.min_contributors
    period.dominance_percent = policy.dominance_percent
    period.published_at = timezone.now()
    period.save(update_fields=["status", "min_contributors", "dominance_percent", "published_at"])
    audit.record(
        action=audit.Action.STATISTICS_PUBLISHED,
        by=by,
        council=period.council,
        target=period,
        summary=gettext_noop("Ketenstatistiek %(period)s gepubliceerd"),
        period=period.name,
    )
    # The published table is a public document: its PDF is made now, for anyone.
    document_request(kind_key="ketenstatistiek", obj=period, by=by)
    period_published.send(sender=Period, period=period)
    return period


# Members' figures -------------------------------------------------------------------------


@transaction.atomic
def submission_save(
    *,
    period: Period,
    organisation: Organisation,
    by: User,
    answers: dict[int, tuple[Decimal | None, str]],
) -> int:
    """Store (or correct, or withdraw) an organisation's figures for the period.

    ``answers`` maps question id to (value, geleding); a value of None withdraws the
    figure. Returns the number of figures the organisation has for the period now.
    """
    period = _lock(period)
    if not period.accepts_submissions:
        raise ValidationError(_("Deze periode staat niet open voor opgaven."))
    if not Representative.objects.filter(organisation=organisation, user=by).exists():
        raise ValidationError(_("U kunt alleen opgaven doen voor uw eigen organisatie."))
    own = set(selectors.organisation_geledingen(organisation, period.council))
    if not own:
        raise ValidationError(_("Alleen toegelaten leden doen opgaven."))
    questions = {q.pk: q for q in period.questions.all()}
    errors = {}
    for question_id, (value, geleding) in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("Deze vraag hoort niet bij deze periode."))
        field = f"q{question_id}"
        if value is None:
            Submission.objects.filter(question=question, organisation=organisation).delete()
            continue
        if geleding not in own or geleding not in question.geledingen:
            errors[f"g{question_id}"] = _(
                "Kies een geleding waarin u lid bent en die gevraagd wordt."
            )
            continue
        if not question.min_value <= value <= question.max_value:
            errors[field] = question.range_message
            continue
        sealed = crypto.seal(question_id=question.pk, organisation_id=organisation.pk, value=value)
        Submission.objects.update_or_create(
            question=question,
            organisation=organisation,
            defaults={
                "period": period,
                "geleding": geleding,
                "sealed": sealed,
                "submitted_by": by,
            },
        )
    if errors:
        raise ValidationError(errors)
    return Submission.objects.filter(period=period, organisation=organisation).count()


def rotate_keys() -> int:
    """Re-encrypt every figure with the first configured key (after adding a new one)."""
    count = 0
    for submission in Submission.objects.only("pk", "sealed").iterator():
        Submission.objects.filter(pk=submission.pk).update(sealed=crypto.rotate(submission.sealed))
        count += 1
    return count
