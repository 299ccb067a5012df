"""The disclosure rules attacked through the product: what a published table stores
for small groups, a dominant member, two periods, "all" against "all but one
geleding", and a member that leaves between periods."""

from decimal import Decimal

import pytest

from ketenoverleg.models import Role
from ketenstatistiek import services
from ketenstatistiek.models import Period, PublishedCell, StatisticsPolicy
from tests.factories import user_with_role
from tests.ketenstatistiek.factories import (
    PeriodFactory,
    QuestionFactory,
    add_figure,
    figures,
    member_organisation,
)

pytestmark = pytest.mark.django_db

D = Decimal


def publish(period: Period):
    by = user_with_role(period.council, Role.SECRETARIS)
    Period.objects.filter(pk=period.pk).update(status=Period.Status.GESLOTEN)
    period.refresh_from_db()
    return services.period_publish(period=period, by=by)


def cells(period) -> dict[str, PublishedCell]:
    return {c.group: c for c in PublishedCell.objects.filter(period=period)}


def stored_figures(period) -> set[Decimal]:
    """Every figure the published table stores, whatever its column."""
    found = set()
    for cell in PublishedCell.objects.filter(period=period):
        found |= {v for v in (cell.total, cell.mean, cell.median) if v is not None}
    return found


def test_a_small_group_is_stored_without_any_figure(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    figures(question, "aanbod", [101.5, 202.5, 303.5, 404.5])

    publish(question.period)

    cell = cells(question.period)["aanbod"]
    assert cell.reason == PublishedCell.Reason.THRESHOLD
    assert cell.count is cell.total is cell.mean is cell.median is None
    assert cell.reason_text(5) == "minder dan 5 bijdragers"


def test_a_dominant_member_hides_the_cell(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    figures(question, "aanbod", [9000, 100, 200, 300, 400])

    publish(question.period)

    cell = cells(question.period)["aanbod"]
    assert cell.reason == PublishedCell.Reason.DOMINANCE
    assert stored_figures(question.period) == set()


def test_a_council_that_raised_k_publishes_less(council):
    StatisticsPolicy.objects.create(council=council, min_contributors=7, dominance_percent=40)
    question = QuestionFactory(period__council=council, geledingen=["aanbod"])
    figures(question, "aanbod", [10, 11, 12, 13, 14, 15])

    period = publish(question.period)

    assert cells(period)["aanbod"].reason == PublishedCell.Reason.THRESHOLD
    assert (period.min_contributors, period.dominance_percent) == (7, 40)


def test_a_small_row_cannot_be_recovered_from_the_total_and_the_other_rows(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod", "vraag", "recycling"])
    figures(question, "aanbod", [100, 110, 120, 130, 140, 150])
    figures(question, "vraag", [200, 210, 220, 230, 240])
    secret = figures(question, "recycling", [777.125])

    publish(question.period)

    table = cells(question.period)
    assert table["recycling"].reason == PublishedCell.Reason.THRESHOLD
    published = [c for c in table.values() if c.published]
    assert len(published) == 2  # one more cell had to go with it
    assert [c for c in table.values() if c.reason == PublishedCell.Reason.SECONDARY]
    totals = {c.group: c.total for c in published}
    # Whatever is published, no difference of published totals gives the small row.
    values = list(totals.values())
    differences = {abs(a - b) for a in values for b in values} | set(values)
    assert D("777.125") not in differences
    assert secret


def test_all_against_all_but_one_geleding_does_not_reveal_that_geleding(council):
    # The fysieke keten subtotal and the total differ by kennis only.
    question = QuestionFactory(
        period__council=council, geledingen=["aanbod", "vraag", "recycling", "kennis"]
    )
    for geleding, base in [("aanbod", 100), ("vraag", 200), ("recycling", 300)]:
        figures(question, geleding, [base + i for i in range(6)])
    figures(question, "kennis", [4242.5, 17])

    publish(question.period)

    table = cells(question.period)
    assert table["kennis"].reason == PublishedCell.Reason.THRESHOLD
    assert not (table["fysiek"].published and table["totaal"].published)
    published = {c.group: c.total for c in table.values() if c.published and c.total}
    assert D("4259.5") not in {abs(a - b) for a in published.values() for b in published.values()}


def test_differencing_between_two_periods_hides_the_member_that_left(council):
    first = QuestionFactory(period__council=council, code="beton", geledingen=["aanbod", "vraag"])
    aanbod = figures(first, "aanbod", [100, 110, 120, 130, 140, 150])
    vraag = figures(first, "vraag", [200, 210, 220, 230, 240, 250])
    publish(first.period)
    assert all(c.published for c in cells(first.period).values())

    # The next year the same members report, except one aanbod member that left.
    second = QuestionFactory(
        period=PeriodFactory(council=council, name="volgend jaar"),
        code="beton",
        geledingen=["aanbod", "vraag"],
    )
    figures(second, "aanbod", [101, 111, 121, 131, 141], organisations=aanbod[:5])
    figures(second, "vraag", [201, 211, 221, 231, 241, 251], organisations=vraag)
    publish(second.period)

    table = cells(second.period)
    assert table["aanbod"].reason == PublishedCell.Reason.DIFFERENCING
    assert table["totaal"].reason == PublishedCell.Reason.DIFFERENCING
    assert table["vraag"].published


def test_a_member_leaving_does_not_leak_through_an_unchanged_total_either(council):
    first = QuestionFactory(period__council=council, code="puin", geledingen=["recycling"])
    members = figures(first, "recycling", [500, 510, 520, 530, 540, 550, 560])
    publish(first.period)

    second = QuestionFactory(
        period=PeriodFactory(council=council, name="later"), code="puin", geledingen=["recycling"]
    )
    figures(second, "recycling", [500, 510, 520, 530, 540, 550], organisations=members[:6])
    publish(second.period)

    assert cells(second.period)["recycling"].reason == PublishedCell.Reason.DIFFERENCING


def test_a_group_that_changed_by_k_or_more_is_published_again(council):
    first = QuestionFactory(period__council=council, code="puin", geledingen=["recycling"])
    figures(first, "recycling", [500, 510, 520, 530, 540])
    publish(first.period)

    second = QuestionFactory(
        period=PeriodFactory(council=council, name="later"), code="puin", geledingen=["recycling"]
    )
    figures(second, "recycling", [600, 610, 620, 630, 640])  # five other members
    publish(second.period)

    assert cells(second.period)["recycling"].published


def test_periods_of_other_questions_or_councils_do_not_count_for_differencing(council):
    other = QuestionFactory(period__council=council, code="anders", geledingen=["aanbod"])
    members = figures(other, "aanbod", [100, 110, 120, 130, 140, 150])
    publish(other.period)
    question = QuestionFactory(
        period=PeriodFactory(council=council, name="b"), code="beton", geledingen=["aanbod"]
    )
    figures(question, "aanbod", [100, 110, 120, 130, 140], organisations=members[:5])

    publish(question.period)

    assert cells(question.period)["aanbod"].published


def test_a_suppressed_cell_stores_no_figure_at_all(council):
    question = QuestionFactory(period__council=council, geledingen=["aanbod", "vraag"])
    figures(question, "aanbod", [10, 20, 30, 40, 50, 60])
    member = member_organisation(council, ["vraag"])
    add_figure(question, member, "vraag", "31415.926")

    publish(question.period)

    assert D("31415.926") not in stored_figures(question.period)
    for cell in PublishedCell.objects.filter(period=question.period, reason__gt=""):
        assert (cell.count, cell.total, cell.mean, cell.median) == (None, None, None, None)
