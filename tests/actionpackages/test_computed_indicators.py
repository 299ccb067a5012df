"""Computed process indicators (handbook 5.3): figures the platform has itself are
measured automatically, one measurement a day, never typed in; the demo's
"Ondertekenende organisaties" shows the signatures counted beside it everywhere."""

import csv
import io
import json
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import demo, indicators, selectors, services, tasks
from actionpackages.models import Indicator, Measurement, Metric, Package, ReviewStatus
from exchange import services as exchange_services
from ketenoverleg import demo as council_demo
from ketenoverleg.models import Geleding, Role
from meetings import demo as meetings_demo
from members import demo as members_demo
from members import services as member_services
from projects import demo as projects_demo
from tests.actionpackages.factories import open_package, sign_for, signer
from tests.actionpackages.helpers import url
from tests.exchange.factories import listing, trader
from tests.factories import CouncilFactory, user_with_role
from tests.meetings.factories import MeetingFactory
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

G = Geleding
TODAY = timezone.localdate()


def computed(package, metric, **fields):
    return services.indicator_add(
        package=package,
        by=None,
        name=fields.pop("name", Metric(metric).label),
        metric=metric,
        baseline_value=fields.pop("baseline_value", None),
        baseline_on=fields.pop("baseline_on", None),
        **fields,
    )


def latest(indicator) -> Decimal:
    return selectors.indicator_series(Indicator.objects.get(pk=indicator.pk))["latest"]


def measurements(indicator):
    return list(Measurement.objects.filter(indicator=indicator).values_list("measured_on", "value"))


@pytest.fixture
def package(council):
    return open_package(council, starts_on=TODAY)


# The demo ------------------------------------------------------------------------------


@pytest.fixture
def seeded():
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    demo.seed()
    return Package.objects.get(council__slug=council_demo.DEMO_SLUG)


def test_the_demo_signing_indicator_shows_the_signatures_beside_it_everywhere(client, seeded):
    """Found: "Ondertekenende organisaties" showed 0 (trend "gelijk") beside "15
    ondertekenaars". It is computed now, and agrees on every page and in the open data."""
    package = seeded
    council = package.council
    indicator = package.indicators.get(name="Ondertekenende organisaties")
    signatures = package.signatures.active().count()

    package_page = client.get(package.get_absolute_url())
    council_page = client.get(council.get_absolute_url())
    trendlijst = client.get(url("trendlijst", council))
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("measurements_data", args=[council.slug, "csv"])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    json_rows = json.loads(
        client.get(reverse("measurements_data", args=[council.slug, "json"])).content
    )["rows"]

    assert signatures == 15
    assert indicator.is_computed and indicator.kind == Indicator.Kind.PROCESS
    shown_beside = package_page.context["signature_count"]  # the page lists the newest
    on_package_page = next(
        i["series"]["latest"]
        for i in package_page.context["indicators"]
        if i["indicator"] == indicator
    )
    on_council_page = next(
        r["latest"] for r in council_page.context["indicator_rows"] if r["indicator"] == indicator
    )
    counted_on_council_page = next(
        p.signature_count for p in council_page.context["running_packages"] if p == package
    )
    on_trendlijst = next(
        r["latest"] for r in trendlijst.context["rows"] if r["indicator"] == indicator
    )
    in_csv = [Decimal(r["waarde"]) for r in csv_rows if r["indicator"] == indicator.name][-1]
    in_json = [Decimal(r["waarde"]) for r in json_rows if r["indicator"] == indicator.name][-1]
    assert (
        shown_beside
        == counted_on_council_page
        == on_package_page
        == on_council_page
        == on_trendlijst
        == in_csv
        == in_json
        == 15
    )
    assertContains(package_page, "Berekend uit het platform")
    assertContains(council_page, "15 ondertekenaars")
    assertContains(council_page, "<td>15 organisaties</td>", html=True)
    assert [r["berekend"] for r in csv_rows if r["indicator"] == indicator.name][-1] == "ja"
    assert selectors.indicator_series(indicator)["trend"] == "stijgend"


def test_an_old_demo_database_gets_the_computed_indicator(seeded):
    indicator = seeded.indicators.get(name="Ondertekenende organisaties")
    Indicator.objects.filter(pk=indicator.pk).update(metric="")
    Measurement.objects.filter(indicator=indicator).delete()

    demo.seed()

    indicator.refresh_from_db()
    assert indicator.is_computed
    assert latest(indicator) == 15


# Each metric ---------------------------------------------------------------------------


def test_signing_organisations_follow_signing_and_withdrawing_one_measurement_a_day(
    council, package
):
    indicator = computed(package, Metric.ONDERTEKENAARS)
    assert indicator.baseline_value == 0
    first = sign_for(package, *signer(council, [G.AANBOD]))
    sign_for(package, *signer(council, [G.VRAAG]))

    assert measurements(indicator) == [(TODAY, Decimal(2))]
    services.signature_withdraw(signature=first, reason="Gestopt.", by=None)
    assert measurements(indicator) == [(TODAY, Decimal(1))]

    with time_machine.travel(TODAY + timedelta(days=1), tick=False):
        sign_for(package, *signer(council, [G.KENNIS]))
    assert measurements(indicator) == [(TODAY, Decimal(1)), (TODAY + timedelta(days=1), Decimal(2))]


def test_participation_of_a_geleding_follows_the_members(council, package):
    user, organisation = signer(council, [G.VRAAG])
    signer(council, [G.VRAAG])
    sign_for(package, user, organisation)
    indicator = computed(package, Metric.DEELNAME_GELEDING, geleding=G.VRAAG)
    assert latest(indicator) == Decimal("50.0")
    assert "geleding Vraag" in indicator.method
    assert indicator.unit == "%"

    membership = MembershipFactory(council=council, geledingen=[G.VRAAG], status="aangevraagd")
    member_services.membership_admit(
        membership=membership,
        checks={
            f: True for f in ("check_in_chain", "check_geledingen", "check_goal", "check_intention")
        },
        reason="Voldoet.",
        by=BoardAppointmentFactory(council=council).user,
    )

    assert latest(indicator) == Decimal("33.3")
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_members_of_a_geleding_follow_admission_and_leaving(council, package):
    MembershipFactory(council=council, geledingen=[G.RECYCLING])
    leaving = MembershipFactory(council=council, geledingen=[G.RECYCLING])
    indicator = computed(package, Metric.LEDEN_GELEDING, geleding=G.RECYCLING)
    assert latest(indicator) == 2

    member_services.membership_end(membership=leaving, by=None)

    assert latest(indicator) == 1


def test_kernteam_meetings_are_counted_against_the_rhythm_by_the_daily_task(council, package):
    for days_ago in (400, 300, 200, 100):
        MeetingFactory(council=council, starts_at=timezone.now() - timedelta(days=days_ago))
    MeetingFactory(council=council, starts_at=timezone.now() + timedelta(days=5))  # to come
    indicator = computed(package, Metric.KERNTEAM_RITME)
    assert latest(indicator) == 3
    assert indicator.target_value == 4
    assert "vier per jaar" in indicator.method

    with time_machine.travel(TODAY + timedelta(days=80), tick=False):
        assert tasks.indicators_measure() == 1
        assert tasks.indicators_measure() == 1  # a second run the same day: no second row

    assert measurements(indicator)[-1] == (TODAY + timedelta(days=80), Decimal(3))
    assert Measurement.objects.filter(indicator=indicator).count() == 2  # 400 -> out, +5 -> in


def test_packages_started_in_the_year(council, package):
    indicator = computed(package, Metric.PAKKETTEN_GESTART)
    assert latest(indicator) == 0

    services.package_start(package=package, by=None)

    assert latest(indicator) == 1


def test_matches_from_vraag_en_aanbod_are_counted_in_the_year(council, package):
    indicator = computed(package, Metric.MATCHES_GEMAAKT)
    assert latest(indicator) == 0
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    owner = offer.organisation.representatives.first().user
    response = exchange_services.response_create(
        listing=offer,
        organisation=org_b,
        by=user_b,
        message="Graag.",
        contact_name="B",
        contact_email="b@voorbeeld.nl",
    )
    exchange_services.response_accept(response=response, by=owner)

    exchange_services.listing_close(listing=offer, by=owner, result="deal", response=response)
    tasks.indicators_measure()

    assert measurements(indicator)[-1] == (TODAY, Decimal(1))
    assert "vraag en aanbod" in indicator.method
    next_year = date(TODAY.year + 1, 1, 2)
    assert indicators.compute(Indicator.objects.get(pk=indicator.pk), next_year) == 0


def test_commitments_on_track_follow_the_yearly_review(council):
    amsterdam = ZoneInfo("Europe/Amsterdam")
    with time_machine.travel(datetime(2025, 1, 5, 12, tzinfo=amsterdam), tick=False):
        package = open_package(council, starts_on=date(2025, 1, 15))
        people = [signer(council, [g]) for g in (G.AANBOD, G.VRAAG)]
        for user, organisation in people:
            sign_for(package, user, organisation)
    Package.objects.filter(pk=package.pk).update(status=Package.Status.LOPEND)
    package.refresh_from_db()
    with time_machine.travel(datetime(2025, 12, 20, 12, tzinfo=amsterdam), tick=False):
        indicator = computed(package, Metric.TOEZEGGINGEN_OP_SCHEMA)
        assert not Measurement.objects.filter(indicator=indicator).exists()  # nothing reported
        for (user, organisation), status in zip(
            people, [ReviewStatus.OP_SCHEMA, ReviewStatus.VERTRAAGD], strict=True
        ):
            services.commitment_review_report(
                commitment=package.signatures.get(organisation=organisation).commitments.get(),
                status=status,
                note="Toelichting.",
                by=user,
            )

    assert measurements(indicator) == [(date(2025, 12, 20), Decimal("50.0"))]


# Never typed, never twice ---------------------------------------------------------------


def test_a_computed_indicator_cannot_be_typed_into(client, council, package):
    indicator = computed(package, Metric.ONDERTEKENAARS)
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    page = client.get(indicator.get_absolute_url())
    forged = client.post(
        indicator.get_absolute_url(), {"measured_on": TODAY.isoformat(), "value": "99"}, follow=True
    )

    assertContains(page, "berekend uit het platform")
    assertContains(page, indicator.method)
    assertNotContains(page, "Meting toevoegen")
    assertContains(
        forged, "Deze indicator wordt berekend uit het platform; metingen typt u niet in."
    )
    assert not Measurement.objects.filter(indicator=indicator, value=99).exists()
    with pytest.raises(ValidationError, match="metingen typt u niet in"):
        services.measurement_add(
            indicator=indicator, measured_on=TODAY, value=Decimal(9), source="", note="", by=None
        )


def test_the_database_refuses_a_second_computed_measurement_on_a_day(package):
    indicator = computed(package, Metric.ONDERTEKENAARS)

    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(indicator=indicator, measured_on=TODAY, value=1, computed=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_measurements_leave_one_a_day():
    council = CouncilFactory()
    package = open_package(council, starts_on=TODAY)
    indicator = computed(package, Metric.ONDERTEKENAARS)
    Measurement.objects.all().delete()
    start = threading.Barrier(20)
    outcomes = []

    def measure():
        try:
            start.wait()
            services.indicator_measure(indicator=indicator)
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=measure) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["ok"] * 20
    assert Measurement.objects.filter(indicator=indicator).count() == 1


# The form -----------------------------------------------------------------------------


def add_url(package):
    return url("indicator_create", package.council, pk=package.pk)


def test_a_computed_indicator_is_added_through_the_form(client, council, package):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    sign_for(package, *signer(council, [G.OVERHEID]))

    response = client.post(
        add_url(package),
        {
            "name": "Deelname overheid",
            "metric": Metric.DEELNAME_GELEDING,
            "geleding": G.OVERHEID,
            "kind": "effect",
        },
    )

    indicator = Indicator.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert (indicator.kind, indicator.unit, indicator.baseline_on) == (
        Indicator.Kind.PROCESS,
        "%",
        TODAY,
    )
    assert latest(indicator) == 100


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"metric": Metric.DEELNAME_GELEDING},
            "geleding",
            "Kies de geleding waarvan de deelname telt.",
        ),
        ({"metric": ""}, "unit", "Vul dit in."),
        (
            {
                "metric": "",
                "unit": "%",
                "method": "m",
                "source": "s",
                "frequency": "f",
                "measured_by": "w",
            },
            "baseline_value",
            None,
        ),
    ],
)
def test_bad_indicators_are_refused_at_the_field(client, council, package, data, field, message):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = client.post(add_url(package), {"name": "Indicator", "kind": "proces", **data})

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors[field]
    assert errors if message is None else errors == [message]
    assert not Indicator.objects.exists()
