"""The demo: 2025 published from nine members' figures, some cells suppressed with the
reason for the kernteam; 2026 open; the package indicator fed from the table."""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages.models import Indicator
from ketenoverleg.models import User
from ketenstatistiek import demo
from ketenstatistiek.models import Period, PublishedCell, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())
    return Period.objects.get(name="2025")


def test_the_demo_period_has_nine_submitting_members_and_a_mixed_table(client, seeded):
    assert seeded.status == Period.Status.GEPUBLICEERD
    assert Submission.objects.filter(period=seeded).values("organisation").distinct().count() == 9
    cells = PublishedCell.objects.filter(period=seeded)
    assert cells.filter(reason="").exists()
    assert set(cells.exclude(reason="").values_list("reason", flat=True)) >= {
        PublishedCell.Reason.THRESHOLD,
        PublishedCell.Reason.DOMINANCE,
        PublishedCell.Reason.SECONDARY,
    }
    assert Period.objects.get(name="2026").status == Period.Status.OPEN

    client.force_login(User.objects.get(email="kernteam@beton-groningen.demo"))
    assertContains(client.get(seeded.get_absolute_url()), "minder dan 5 bijdragers")
    client.logout()
    public = client.get(seeded.get_absolute_url())
    assertContains(public, "Alle geledingen")
    assertNotContains(public, "minder dan 5 bijdragers")


def test_the_demo_indicator_follows_the_published_total(seeded):
    indicator = Indicator.objects.get(statistic_code="granulaat-ingezet")
    total = PublishedCell.objects.get(
        period=seeded, question__code="granulaat-ingezet", group="totaal"
    )

    assert [m.value for m in indicator.measurements.all()] == [total.total]


def test_seeding_again_changes_nothing(seeded):
    before = (Period.objects.count(), Submission.objects.count(), PublishedCell.objects.count())

    demo.seed()
    call_command("seed_demo", stdout=StringIO())

    assert (
        Period.objects.count(),
        Submission.objects.count(),
        PublishedCell.objects.count(),
    ) == before
    assert Indicator.objects.filter(statistic_code="granulaat-ingezet").count() == 1
    assert Indicator.objects.get(statistic_code="granulaat-ingezet").measurements.count() == 1
