"""Issue 13, point 6: right after seed_demo the demo shows every flow of the core loop."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from actionpackages import demo, reviews, selectors, services
from actionpackages.models import CommitmentReport, ImprovementPlan, Indicator, Package
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Delivery, Document, NotificationSettings, OutgoingEmail, User
from members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())
    return Package.objects.filter(council__slug=DEMO_SLUG)


def test_after_seed_demo_every_flow_of_the_core_loop_is_there(client, seeded):
    council = seeded.first().council

    # An adopted statute with its PDF (requested; made in the background).
    statute = council.statutes.get(adopted_on__isnull=False)  # an amendment waits for the ALV
    assert statute.is_adopted
    assert Document.objects.filter(kind="statuut", object_id=statute.pk).exists()

    # A running package that a latecomer can sign.
    running = seeded.get(title="Meer granulaatbeton")
    assert running.status == Package.Status.LOPEND and running.is_signable
    latecomer = User.objects.get(email="laatkomer@beton-groningen.demo")
    organisation = Membership.objects.get(
        council=council, organisation__representatives__user=latecomer
    ).organisation
    assert not running.signatures.filter(organisation=organisation).exists()
    assert services.signable_actions(running, organisation)
    client.force_login(latecomer)
    assertContains(client.get(running.get_absolute_url()), "Onderteken")

    # A second package in consultation, a third open for signing with a few signatures.
    consulted = seeded.get(title=demo.CONSULTED)
    assert consulted.status == Package.Status.CONSULTATIE
    assert consulted.consultation_closes_on is not None
    open_one = seeded.get(title=demo.OPEN_FOR_SIGNING)
    assert open_one.status == Package.Status.OPEN
    assert 1 <= open_one.signatures.active().count() <= 5

    # A commitment review in progress with one improvement plan the kernteam sees.
    reviewed = seeded.get(title=demo.REVIEWED)
    review = reviews.current_review(reviewed)
    assert review is not None and review.number == 2
    plan = ImprovementPlan.objects.get(commitment__signature__package=reviewed)
    assert plan.outcome == ImprovementPlan.Outcome.OPEN
    rows = selectors.review_rows(reviewed, review)
    assert any(row.complete for row in rows) and any(not row.complete for row in rows)

    # Computed process indicators, the signing one equal to the active signatures.
    computed = Indicator.objects.filter(package__council=council).exclude(metric="")
    assert computed.count() >= 4
    for indicator in computed:
        assert indicator.measurements.exists(), indicator.name
    on_schedule = computed.get(package=reviewed)
    this_round = CommitmentReport.objects.filter(
        commitment__signature__package=reviewed, review_number=2
    )
    on_track = this_round.filter(status__in=["uitgevoerd", "op_schema"]).count()
    assert (on_track, this_round.count()) == (2, 3)  # one has not reported yet
    value = on_schedule.measurements.get().value
    assert abs(value - Decimal(100 * on_track) / this_round.count()) < 1
    signing = computed.get(name=demo.SIGNING_INDICATOR)
    latest = signing.measurements.order_by("-measured_on").first()
    assert latest.value == running.signatures.active().count() == 15

    # Notification preferences of demo users, and mails in the outbox (the console
    # shows them when they are sent).
    lid = User.objects.get(email="lid@beton-groningen.demo")
    assert NotificationSettings.objects.get(user=lid).choices["news_published"] == (Delivery.DIRECT)
    assert NotificationSettings.objects.filter(language="en").exists()
    assert OutgoingEmail.objects.filter(template__contains="notify_").exists()


def test_the_kernteam_sees_the_improvement_plan_on_the_review_page(client, seeded):
    reviewed = seeded.get(title=demo.REVIEWED)
    client.force_login(User.objects.get(email="voorzitter@beton-groningen.demo"))
    page = client.get(
        reverse("actionpackages:reviews", kwargs={"slug": reviewed.council.slug, "pk": reviewed.pk})
    )
    assertContains(page, "Proefstort met het nieuwe mengsel")


def test_seeding_the_demo_again_adds_no_packages_or_plans(seeded):
    before = (
        Package.objects.count(),
        ImprovementPlan.objects.count(),
        OutgoingEmail.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        Package.objects.count(),
        ImprovementPlan.objects.count(),
        OutgoingEmail.objects.count(),
    ) == before


def test_the_demo_signing_indicator_equals_the_active_signatures_in_trendlijst_and_open_data(
    client, seeded
):
    running = seeded.get(title="Meer granulaatbeton")
    council = running.council
    indicator = running.indicators.get(name=demo.SIGNING_INDICATOR)
    active = running.signatures.active().count()
    trendlijst = client.get(reverse("actionpackages:trendlijst", args=[council.slug]))
    on_trendlijst = next(
        r["latest"] for r in trendlijst.context["rows"] if r["indicator"] == indicator
    )
    rows = json.loads(
        client.get(reverse("measurements_data", args=[council.slug, "json"])).content
    )["rows"]
    in_json = [Decimal(r["waarde"]) for r in rows if r["indicator"] == indicator.name][-1]
    package_page = client.get(running.get_absolute_url())
    shown_beside = package_page.context["signature_count"]  # the page lists the newest
    assert on_trendlijst == in_json == shown_beside == active == 15
