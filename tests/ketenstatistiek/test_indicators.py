"""A package's effect indicator can follow a ketenstatistiek question: each published
period becomes a measurement of the published cell, never of a suppressed one."""

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains

from actionpackages import services as package_services
from actionpackages.forms import IndicatorForm
from actionpackages.models import Measurement
from ketenoverleg.models import Role
from ketenstatistiek import services
from ketenstatistiek.models import Period
from tests.actionpackages.factories import IndicatorFactory, PackageFactory
from tests.factories import user_with_role
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures

pytestmark = pytest.mark.django_db


def publish(period):
    secretary = user_with_role(period.council, Role.SECRETARIS)
    Period.objects.filter(pk=period.pk).update(status=Period.Status.GESLOTEN)
    period.refresh_from_db()
    services.period_publish(period=period, by=secretary)


def follower(council, group="totaal", measure="total"):
    return IndicatorFactory(
        package=PackageFactory(council=council),
        statistic_code="granulaat",
        statistic_group=group,
        statistic_measure=measure,
    )


def table(council, name, aanbod, vraag):
    question = QuestionFactory(
        period=PeriodFactory(council=council, name=name, ends_on="2025-12-31"),
        code="granulaat",
        label="Ingezet granulaat",
        geledingen=["aanbod", "vraag"],
    )
    figures(question, "aanbod", aanbod)
    figures(question, "vraag", vraag)
    return question.period


def test_publishing_feeds_the_indicators_that_follow_the_question(council):
    indicator = follower(council)
    mean = follower(council, group="aanbod", measure="mean")
    row = follower(council, group="vraag")
    other_council = IndicatorFactory(
        statistic_code="granulaat", statistic_group="totaal", statistic_measure="total"
    )
    period = table(council, "2025", [10, 20, 30, 40, 50], [60, 70, 80, 90, 100])

    publish(period)

    measurement = indicator.measurements.get()
    assert (measurement.value, measurement.statistics_period, measurement.source) == (
        Decimal(550),
        period,
        "Ketenstatistiek 2025",
    )
    assert mean.measurements.get().value == Decimal(30)
    assert row.measurements.get().value == Decimal(400)
    assert not other_council.measurements.exists()


def test_a_suppressed_cell_gives_no_measurement(council):
    indicator = follower(council, group="vraag")
    publish(table(council, "2025", [10, 20, 30, 40, 50], [60, 70]))

    assert not indicator.measurements.exists()


def test_an_indicator_added_later_catches_up_once(council):
    publish(table(council, "2024", [10, 20, 30, 40, 50], [60, 70, 80, 90, 100]))
    package = PackageFactory(council=council)

    indicator = package_services.indicator_add(
        package=package,
        by=user_with_role(council, Role.SECRETARIS),
        name="Granulaat",
        kind="effect",
        unit="t",
        method="Ketenstatistiek",
        source="Leden",
        frequency="Jaarlijks",
        measured_by="Platform",
        baseline_value=Decimal(0),
        baseline_on="2023-12-31",
        statistic_code="granulaat",
        statistic_group="totaal",
        statistic_measure="total",
    )

    assert indicator.measurements.count() == 1
    assert package_services.indicator_feed_from_statistics(indicator=indicator) == 0
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_the_indicator_form_offers_the_councils_questions_and_wants_all_three_choices(council):
    QuestionFactory(period__council=council, code="granulaat", label="Ingezet granulaat")
    QuestionFactory(code="elders", label="Van een ander overleg")

    form = IndicatorForm(council=council, data={"statistic_code": "granulaat"})

    codes = [code for code, _label in form.fields["statistic_code"].choices]
    assert "granulaat" in codes and "elders" not in codes
    assert not form.is_valid()
    assert "statistic_group" in form.errors and "statistic_measure" in form.errors


def test_the_indicator_page_says_where_its_figures_come_from(client, council):
    indicator = follower(council)
    indicator.package.status = "lopend"
    indicator.package.save()

    assertContains(
        client.get(indicator.get_absolute_url()), "elke gepubliceerde periode wordt een meting"
    )
