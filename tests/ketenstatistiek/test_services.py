"""The questionnaire, members' figures and publication, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ketenoverleg.models import Role
from ketenstatistiek import selectors, services
from ketenstatistiek.models import (
    Period,
    PublishedCell,
    Question,
    StatisticsPolicy,
    Submission,
    SubmissionRequest,
)
from members.models import Membership, MembershipStatus
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def secretary(council):
    # The ketensecretaris: the secretaris holds a seat for a member organisation that
    # would be asked as well.
    return user_with_role(council, Role.KETENSECRETARIS)


def representative(council, geledingen=("aanbod",)):
    """A user acting for an admitted member in ``geledingen``; returns (user, organisation)."""
    user = UserFactory()
    membership = MembershipFactory(
        council=council, organisation__representative=user, geledingen=list(geledingen)
    )
    return user, membership.organisation


# The questionnaire ----------------------------------------------------------------------


def test_a_new_period_starts_in_concept_and_may_copy_the_questions(council, secretary):
    earlier = PeriodFactory(council=council, name="2024")
    QuestionFactory(period=earlier, code="beton", label="Geleverd beton", geledingen=["aanbod"])

    period = services.period_create(
        council=council,
        by=secretary,
        name="2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        closes_on=date(2026, 2, 1),
        copy_from=earlier,
    )

    assert period.status == Period.Status.CONCEPT
    assert list(period.questions.values_list("code", "label")) == [("beton", "Geleverd beton")]
    assert period.events.get().to_status == Period.Status.CONCEPT


def test_a_period_name_is_used_once_and_copying_from_another_council_is_refused(council, secretary):
    PeriodFactory(council=council, name="2025")
    fields = dict(
        starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), closes_on=date(2026, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        services.period_create(council=council, by=secretary, name="2025", **fields)
    assert "name" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.period_create(
            council=council,
            by=secretary,
            name="2026",
            copy_from=PeriodFactory(council=CouncilFactory()),
            **fields,
        )
    assert "copy_from" in error.value.error_dict


def test_questions_change_only_while_the_period_is_in_concept(council, secretary):
    period = PeriodFactory(council=council, status=Period.Status.CONCEPT)
    question = services.question_save(
        period=period,
        by=secretary,
        code="puin",
        label="Verwerkt puin",
        unit="t",
        kind=Question.Kind.QUANTITY,
        min_value=D(0),
        max_value=D(1000),
        geledingen=["recycling", "aanbod"],
        position=1,
    )
    assert question.geledingen == ["aanbod", "recycling"]  # the fixed order

    Period.objects.filter(pk=period.pk).update(status=Period.Status.OPEN)
    period.refresh_from_db()
    with pytest.raises(ValidationError):
        services.question_save(period=period, by=secretary, question=question, label="Anders")
    with pytest.raises(ValidationError):
        services.question_delete(question=question, by=secretary)
    assert Question.objects.get(pk=question.pk).label == "Verwerkt puin"


def test_a_question_code_is_unique_within_its_period(council, secretary):
    period = PeriodFactory(council=council, status=Period.Status.CONCEPT)
    QuestionFactory(period=period, code="puin")

    with pytest.raises(ValidationError) as error:
        services.question_save(
            period=period,
            by=secretary,
            code="puin",
            label="Nog eens",
            unit="t",
            min_value=D(0),
            max_value=D(5),
            geledingen=["aanbod"],
        )
    assert "code" in error.value.error_dict


# Opening: one request per member ----------------------------------------------------------


def test_opening_asks_each_member_of_an_asked_geleding_once(
    council, secretary, django_capture_on_commit_callbacks
):
    period = PeriodFactory(council=council, status=Period.Status.CONCEPT)
    QuestionFactory(period=period, geledingen=["aanbod"])
    QuestionFactory(period=period, geledingen=["aanbod", "recycling"])
    user_a, aanbod = representative(council, ["aanbod", "recycling"])
    user_r, recycling = representative(council, ["recycling"])
    representative(council, ["kennis"])  # not asked
    pending = MembershipFactory(council=council, status=MembershipStatus.AANGEVRAAGD)

    with django_capture_on_commit_callbacks(execute=True):
        asked = services.period_open(period=period, by=secretary)

    assert asked == 2
    assert sorted(r.organisation_id for r in SubmissionRequest.objects.all()) == sorted(
        [aanbod.pk, recycling.pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user_a.email, user_r.email])
    assert all(period.name in m.subject for m in mail.outbox)
    assert pending.organisation.pk not in {
        r.organisation_id for r in SubmissionRequest.objects.all()
    }
    with pytest.raises(ValidationError):
        services.period_open(period=period, by=secretary)  # already open: nothing twice
    assert len(mail.outbox) == 2


def test_a_period_without_questions_cannot_open(council, secretary):
    period = PeriodFactory(council=council, status=Period.Status.CONCEPT)

    with pytest.raises(ValidationError, match="ten minste één vraag"):
        services.period_open(period=period, by=secretary)
    assert Period.objects.get(pk=period.pk).status == Period.Status.CONCEPT


def test_reopening_after_closing_sends_no_new_requests(
    council, secretary, django_capture_on_commit_callbacks
):
    period = PeriodFactory(council=council, status=Period.Status.CONCEPT)
    QuestionFactory(period=period, geledingen=["aanbod"])
    representative(council, ["aanbod"])
    with django_capture_on_commit_callbacks(execute=True):
        services.period_open(period=period, by=secretary)
        services.period_close(period=period, by=secretary)
        services.period_reopen(period=period, by=secretary, note="Een lid was te laat.")

    assert len(mail.outbox) == 1
    assert Period.objects.get(pk=period.pk).status == Period.Status.OPEN


# Members' figures ----------------------------------------------------------------------------


def test_a_member_submits_corrects_and_withdraws_its_own_figures(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    user, organisation = representative(council)

    count = services.submission_save(
        period=question.period,
        organisation=organisation,
        by=user,
        answers={question.pk: (D("1500.5"), "aanbod")},
    )
    assert count == 1
    assert selectors.own_figures(question.period, organisation) == {
        question.pk: (D("1500.5"), "aanbod")
    }

    services.submission_save(
        period=question.period,
        organisation=organisation,
        by=user,
        answers={question.pk: (D("1600"), "aanbod")},
    )
    assert selectors.own_figures(question.period, organisation)[question.pk][0] == D("1600")

    services.submission_save(
        period=question.period,
        organisation=organisation,
        by=user,
        answers={question.pk: (None, "aanbod")},
    )
    assert not Submission.objects.exists()


def _other_representative(council, question):
    _user, organisation = representative(council)
    return UserFactory(), organisation, {question.pk: (D(1), "aanbod")}


def _closed_period(council, question):
    user, organisation = representative(council)
    Period.objects.filter(pk=question.period.pk).update(status=Period.Status.GESLOTEN)
    question.period.refresh_from_db()
    return user, organisation, {question.pk: (D(1), "aanbod")}


def _not_admitted(council, question):
    user = UserFactory()
    membership = MembershipFactory(
        council=council, organisation__representative=user, status=MembershipStatus.AANGEVRAAGD
    )
    return user, membership.organisation, {question.pk: (D(1), "aanbod")}


def _member_elsewhere(council, question):
    user, organisation = representative(CouncilFactory())
    return user, organisation, {question.pk: (D(1), "aanbod")}


def _foreign_geleding(council, question):
    user, organisation = representative(council, ["aanbod"])
    return user, organisation, {question.pk: (D(1), "vraag")}


def _out_of_range(council, question):
    user, organisation = representative(council)
    return user, organisation, {question.pk: (D("10000001"), "aanbod")}


def _question_of_another_period(council, question):
    user, organisation = representative(council)
    other = QuestionFactory(period__council=council)
    return user, organisation, {other.pk: (D(1), "aanbod")}


@pytest.mark.parametrize(
    "setup",
    [
        _other_representative,
        _closed_period,
        _not_admitted,
        _member_elsewhere,
        _foreign_geleding,
        _out_of_range,
        _question_of_another_period,
    ],
)
def test_figures_are_refused(council, setup):
    question = QuestionFactory(period__council=council, geledingen=["aanbod", "vraag"])
    user, organisation, answers = setup(council, question)

    with pytest.raises(ValidationError):
        services.submission_save(
            period=question.period, organisation=organisation, by=user, answers=answers
        )
    assert not Submission.objects.exists()


def test_one_bad_answer_saves_none_of_the_others(council):
    good = QuestionFactory(period__council=council, geledingen=["aanbod"])
    bad = QuestionFactory(period=good.period, geledingen=["aanbod"], max_value=D(10))
    user, organisation = representative(council)

    with pytest.raises(ValidationError) as error:
        services.submission_save(
            period=good.period,
            organisation=organisation,
            by=user,
            answers={good.pk: (D(5), "aanbod"), bad.pk: (D(11), "aanbod")},
        )
    assert f"q{bad.pk}" in error.value.error_dict
    assert not Submission.objects.exists()


def test_a_member_of_two_geledingen_chooses_under_which_it_reports(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod", "recycling"])
    user, organisation = representative(council, ["aanbod", "recycling"])

    services.submission_save(
        period=question.period,
        organisation=organisation,
        by=user,
        answers={question.pk: (D(7), "recycling")},
    )

    assert Submission.objects.get().geleding == "recycling"


# Publishing ------------------------------------------------------------------------------


def test_publishing_freezes_the_rules_and_the_cells(council, secretary):
    StatisticsPolicy.objects.create(council=council, min_contributors=6, dominance_percent=45)
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    figures(question, "aanbod", [10, 11, 12, 13, 14, 15])
    period = question.period
    services.period_close(period=period, by=secretary)

    services.period_publish(period=period, by=secretary)

    period.refresh_from_db()
    assert period.status == Period.Status.GEPUBLICEERD
    assert (period.min_contributors, period.dominance_percent) == (6, 45)
    cell = PublishedCell.objects.get(period=period)
    assert (cell.count, cell.total, cell.mean, cell.median) == (
        6,
        D(75),
        D("12.5"),
        D(13),
    )  # median rounded: 2 digits
    with pytest.raises(ValidationError):
        services.period_publish(period=period, by=secretary)
    assert PublishedCell.objects.count() == 1


def test_a_share_question_publishes_mean_and_median_but_no_total(council, secretary):
    question = QuestionFactory(
        period__council=council, geledingen=["aanbod"], kind=Question.Kind.SHARE, unit="%"
    )
    figures(question, "aanbod", [10, 12, 14, 16, 18])
    services.period_close(period=question.period, by=secretary)

    services.period_publish(period=question.period, by=secretary)

    cell = PublishedCell.objects.get()
    assert cell.total is None and cell.mean == D(14) and cell.count == 5


def test_only_a_closed_period_can_be_published(council, secretary):
    question = QuestionFactory(period__council=council)

    with pytest.raises(ValidationError):
        services.period_publish(period=question.period, by=secretary)
    assert not PublishedCell.objects.exists()


def test_the_rules_may_only_get_stricter(council, secretary):
    services.policy_update(council=council, by=secretary, min_contributors=8, dominance_percent=30)
    assert selectors.policy_of(council).min_contributors == 8

    for k, p in [(4, 50), (5, 60)]:
        with pytest.raises(ValidationError):
            services.policy_update(
                council=council, by=secretary, min_contributors=k, dominance_percent=p
            )
    policy = StatisticsPolicy.objects.get(council=council)
    assert (policy.min_contributors, policy.dominance_percent) == (8, 30)


def test_a_member_that_left_keeps_its_figure_in_the_period_it_gave_it(council, secretary):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    organisations = figures(question, "aanbod", [10, 11, 12, 13, 14])
    Membership.objects.filter(organisation=organisations[0]).update(
        status=MembershipStatus.OPGEZEGD
    )
    services.period_close(period=question.period, by=secretary)

    services.period_publish(period=question.period, by=secretary)

    assert PublishedCell.objects.get().count == 5
