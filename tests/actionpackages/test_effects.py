"""Before and after the start date: informing non-members, trend indicators with their
measurements, the trendlijst and the charts that show them."""

import re
from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pytest_django.asserts import assertContains

from actionpackages import charts, selectors, services
from actionpackages.models import Invitation, Measurement, Package
from ketenoverleg.models import Geleding, Role
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
)
from tests.members.factories import ANONYMOUS, MEMBER, OUTSIDER, person

pytestmark = pytest.mark.django_db

S = Package.Status


def long_date(day) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


# Informing non-members before the start date ---------------------------------------------


def test_a_party_is_invited_once(council, secretary):
    package = complete_package(council, status=S.VASTGESTELD)
    services.invitation_add(
        package=package,
        name="Betoncentrale Zuid",
        email="info@betoncentrale-zuid.nl",
        geleding=Geleding.AANBOD,
        by=secretary,
    )

    with pytest.raises(ValidationError) as error:
        services.invitation_add(
            package=package,
            name="Betoncentrale Zuid B.V.",
            email="Info@Betoncentrale-Zuid.nl",
            geleding=Geleding.AANBOD,
            by=secretary,
        )

    assert error.value.messages == ["Deze partij staat al op de lijst."]
    assert package.invitations.count() == 1


def test_sending_mails_only_the_parties_not_yet_informed(
    council, secretary, django_capture_on_commit_callbacks
):
    package = open_package(council, by=secretary, title="Meer granulaatbeton")
    earlier = timezone.now() - timedelta(days=3)
    Invitation.objects.create(
        package=package,
        name="Puinbreker Oost",
        email="info@puinbreker-oost.nl",
        geleding=Geleding.RECYCLING,
        sent_at=earlier,
    )
    Invitation.objects.create(
        package=package,
        name="Architectenbureau West",
        email="post@architect-west.nl",
        geleding=Geleding.VRAAG,
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = services.invitations_send(package=package, by=secretary)

    assert count == 1
    assert [m.to for m in mail.outbox] == [["post@architect-west.nl"]]
    assert "Meer granulaatbeton" in mail.outbox[0].subject
    assert "Beste Architectenbureau West" in mail.outbox[0].body
    sent = dict(package.invitations.values_list("email", "sent_at"))
    assert sent["info@puinbreker-oost.nl"] == earlier
    assert sent["post@architect-west.nl"] > earlier


@pytest.mark.parametrize(
    ("status", "starts_in_days"),
    [(S.CONCEPT, 14), (S.CONSULTATIE, 14), (S.AFGESLOTEN, -400)],
)
def test_no_invitations_go_out_for_a_concept_or_a_closed_package(
    council, secretary, django_capture_on_commit_callbacks, status, starts_in_days
):
    message = "Uitnodigen kan als het pakket is vastgesteld, open staat of loopt."
    package = complete_package(
        council, status=status, starts_on=timezone.localdate() + timedelta(days=starts_in_days)
    )
    Invitation.objects.create(
        package=package, name="Gemeente Haren", email="info@haren.nl", geleding=Geleding.OVERHEID
    )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.invitations_send(package=package, by=secretary)

    assert message in error.value.messages[0]
    assert mail.outbox == []
    assert package.invitations.get().sent_at is None


def test_the_invitations_page_sends_and_reports_the_number(
    client, council, secretary, django_capture_on_commit_callbacks
):
    package = open_package(council, by=secretary)
    url = reverse("actionpackages:invitations", kwargs={"slug": council.slug, "pk": package.pk})
    client.force_login(secretary)
    client.post(url, {"name": "Gemeente Haren", "email": "info@haren.nl", "geleding": "overheid"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send"}, follow=True)

    assertContains(response, "1 uitnodigingen verstuurd.")
    assert [m.to for m in mail.outbox] == [["info@haren.nl"]]


# Measurements ------------------------------------------------------------------------------


def indicator_url(indicator) -> str:
    return reverse(
        "actionpackages:indicator",
        kwargs={"slug": indicator.package.council.slug, "pk": indicator.pk},
    )


@pytest.mark.parametrize(
    ("measured_on", "value", "message"),
    [
        ("", "7.5", "Geef de datum van de meting."),
        ("tomorrow", "7.5", "Een meting ligt niet in de toekomst."),
        ("yesterday", "veel", "De waarde moet een getal zijn."),
        ("yesterday", "", "Geef de gemeten waarde."),
    ],
)
def test_a_bad_measurement_is_refused_with_a_message(
    client, council, secretary, measured_on, value, message
):
    indicator = IndicatorFactory(package__council=council)
    dates = {
        "": "",
        "tomorrow": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "yesterday": days_ago(1).isoformat(),
    }
    client.force_login(secretary)

    response = client.post(
        indicator_url(indicator), {"measured_on": dates[measured_on], "value": value}
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    assert not Measurement.objects.exists()


def test_a_measurement_is_saved_and_becomes_the_latest_value(client, council, secretary):
    indicator = IndicatorFactory(package__council=council, name="Aandeel granulaat")
    client.force_login(secretary)

    response = client.post(
        indicator_url(indicator),
        {"measured_on": days_ago(1).isoformat(), "value": "7.5", "source": "Betoncentrales"},
        follow=True,
    )

    assertContains(response, "De meting is vastgelegd.")
    measurement = indicator.measurements.get()
    assert (measurement.value, measurement.entered_by) == (Decimal("7.5"), secretary)
    assert response.context["series"]["latest"] == Decimal("7.5")
    assert response.context["series"]["trend"] == "stijgend"


@pytest.mark.parametrize(
    ("values", "latest", "trend"),
    [
        ([], "4", "gelijk"),
        (["5"], "5", "stijgend"),
        (["5", "3.5"], "3.5", "dalend"),
        (["6", "6"], "6", "gelijk"),
        (["3", "9", "8"], "8", "dalend"),
    ],
)
def test_the_series_has_the_latest_value_and_its_direction(values, latest, trend):
    indicator = IndicatorFactory(baseline_value=Decimal("4"), baseline_on=days_ago(400))
    # Entered newest first: the series follows the measuring date, not the entry order.
    for i, value in reversed(list(enumerate(values))):
        MeasurementFactory(indicator=indicator, measured_on=days_ago(300 - 90 * i), value=value)

    series = selectors.indicator_series(indicator)

    assert series["latest"] == Decimal(latest)
    assert series["trend"] == trend
    assert [v for _d, v, _s in series["points"]] == [Decimal("4")] + [Decimal(v) for v in values]
    assert series["points"][0][2] == "nulmeting"


# The trendlijst ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_concept"),
    [(ANONYMOUS, False), (OUTSIDER, False), (MEMBER, True), (Role.KETENSECRETARIS, True)],
)
def test_the_trendlijst_shows_indicators_of_public_packages_to_the_public(
    client, council, who, sees_concept
):
    IndicatorFactory(package__council=council, package__status=S.LOPEND, name="Aandeel granulaat")
    IndicatorFactory(package__council=council, package__status=S.OPEN, name="Ondertekenaars")
    concept = IndicatorFactory(
        package__council=council, package__status=S.CONCEPT, name="Retourstromen sloopbeton"
    )
    IndicatorFactory(package__status=S.LOPEND, name="Indicator van een ander overleg")
    user = person(council, who)
    if user:
        client.force_login(user)

    response = client.get(reverse("actionpackages:trendlijst", kwargs={"slug": council.slug}))
    hidden = client.get(indicator_url(concept))

    names = {row["indicator"].name for row in response.context["rows"]}
    expected = {"Aandeel granulaat", "Ondertekenaars"}
    assert names == expected | ({"Retourstromen sloopbeton"} if sees_concept else set())
    assert ("Retourstromen sloopbeton" in response.content.decode()) is sees_concept
    assert hidden.status_code == (HTTPStatus.OK if sees_concept else HTTPStatus.NOT_FOUND)


# Charts: the numbers in the SVG are the numbers in the table --------------------------------


def test_the_line_chart_describes_baseline_latest_value_and_target():
    points = [(days_ago(400), Decimal("4")), (days_ago(200), Decimal("5.8")), (days_ago(10), 9)]

    svg = charts.line_chart(
        title="Aandeel granulaat (%)",
        unit="%",
        points=points,
        baseline=Decimal("4"),
        target=Decimal("15"),
        chart_id="granulaat",
    )

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-labelledby="granulaat-title granulaat-desc"' in svg
    assert '<title id="granulaat-title">Aandeel granulaat (%)</title>' in svg
    assert (
        f'<desc id="granulaat-desc">Nulmeting 4 %; laatste meting 9 % op {days_ago(10):%d-%m-%Y}; '
        "streefwaarde 15 %.</desc>"
    ) in svg
    assert svg.count("<circle") == 3


@pytest.mark.parametrize(("value", "spoken"), [("8.25", "8,25"), ("0.05", "0,05")])
def test_the_chart_description_keeps_the_measured_decimals(value, spoken):
    svg = charts.line_chart(
        title="Aandeel granulaat (%)",
        unit="%",
        points=[(days_ago(100), Decimal("0.04")), (days_ago(10), Decimal(value))],
        baseline=Decimal("0.04"),
        target=None,
        chart_id="granulaat",
    )

    assert f"laatste meting {spoken} % op" in svg


def test_the_participation_chart_describes_every_geleding():
    rows = [
        {"label": g.label, "signed": i, "members": i + 2, "percent": None}
        for i, g in enumerate(Geleding)
    ]

    svg = charts.participation_chart(title="Deelname per geleding", rows=rows, chart_id="p")

    assert '<title id="p-title">Deelname per geleding</title>' in svg
    description = re.search(r'<desc id="p-desc">(.*?)</desc>', svg).group(1)
    assert description == (
        "Aanbod: 0 van 2 leden; Vraag: 1 van 3 leden; Recycling: 2 van 4 leden; "
        "Kennis: 3 van 5 leden; Overheid: 4 van 6 leden; Transitie: 5 van 7 leden"
    )


def test_the_package_page_shows_the_chart_numbers_in_tables_too(client, council, secretary):
    package = open_package(council, by=secretary)
    for name in ("Betoncentrale Noord", "Betoncentrale Zuid"):
        signer(council, [Geleding.AANBOD], name=name)
    user, organisation = signer(council, [Geleding.AANBOD, Geleding.KENNIS])
    sign_for(package, user, organisation)
    indicator = IndicatorFactory(
        package=package, name="Aandeel granulaat", baseline_on=days_ago(400)
    )
    MeasurementFactory(indicator=indicator, measured_on=days_ago(200), value=Decimal("6"))
    MeasurementFactory(indicator=indicator, measured_on=days_ago(20), value=Decimal("9"))

    response = client.get(package.get_absolute_url())

    # Participation: chart description and table row per geleding.
    assertContains(response, "Aanbod: 1 van 3 leden; Vraag: 0 van 0 leden")
    assertContains(response, "Kennis: 1 van 1 leden")
    row = '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>'
    assertContains(response, row.format("Aanbod", 1, 3, 33), html=True)
    assertContains(response, row.format("Kennis", 1, 1, 100), html=True)
    assertContains(response, row.format("Vraag", 0, 0, "–"), html=True)
    # The indicator: baseline, latest and target in the description and in the table.
    assertContains(
        response,
        f"Nulmeting 4 %; laatste meting 9 % op {days_ago(20):%d-%m-%Y}; streefwaarde 15 %.",
    )
    series_row = '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>'
    for day, value, source in [
        (days_ago(400), 4, "nulmeting"),
        (days_ago(200), 6, "Opgave betoncentrales"),
        (days_ago(20), 9, "Opgave betoncentrales"),
    ]:
        assertContains(response, series_row.format(long_date(day), value, source), html=True)
    assertContains(response, '<tfoot><tr><th scope="row">Streefwaarde</th><td>15</td>')
