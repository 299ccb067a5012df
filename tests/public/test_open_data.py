"""Open data: the signatories of a public declaration and the measurements of the
council's public indicators, as CSV and JSON."""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actionpackages import services
from actionpackages.models import Package
from ketenoverleg.models import Geleding
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    PackageFactory,
    complete_package,
    open_package,
    sign_for,
    signer,
)

pytestmark = pytest.mark.django_db

G = Geleding


def signatories_url(council, package, fmt):
    return reverse("signatories_data", kwargs={"slug": council.slug, "pk": package.pk, "fmt": fmt})


def measurements_url(council, fmt):
    return reverse("measurements_data", kwargs={"slug": council.slug, "fmt": fmt})


def rows_of(response, fmt):
    content = response.content.decode("utf-8-sig")  # Excel needs the byte order mark
    if fmt == "json":
        return json.loads(content)["rows"]
    return list(csv.DictReader(io.StringIO(content)))


@pytest.fixture
def signed_package(council):
    """An open package signed by two members; a third signed and withdrew."""
    package = open_package(council, title="Meer granulaatbeton")
    for name, geledingen in [
        ("Mortelcentrale Noord", [G.AANBOD, G.VRAAG]),
        ("Puinbreker Stad", [G.RECYCLING]),
        ("Teruggetrokken Bouw", [G.VRAAG]),
    ]:
        user, organisation = signer(council, geledingen, name=name)
        signature = sign_for(package, user, organisation)
    services.signature_withdraw(signature=signature, reason="Andere prioriteiten", by=user)
    return package


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_signatories_are_the_active_signatures(client, council, signed_package, fmt):
    response = client.get(signatories_url(council, signed_package, fmt))

    assert response.status_code == HTTPStatus.OK
    assert f'ondertekenaars-{signed_package.pk}.{fmt}"' in response["Content-Disposition"]
    rows = rows_of(response, fmt)
    today = timezone.localdate().isoformat()
    assert [r["organisatie"] for r in rows] == ["Mortelcentrale Noord", "Puinbreker Stad"]
    assert all(
        set(r) == {"organisatie", "geledingen", "acties", "ondertekend_op", "later_aangesloten"}
        for r in rows
    )
    assert all(r["later_aangesloten"] == "nee" for r in rows)
    assert all(r["ondertekend_op"] == today for r in rows)
    first, second = rows
    if fmt == "json":
        assert first["geledingen"] == sorted([str(G.AANBOD.label), str(G.VRAAG.label)])
        assert len(first["acties"]) == 2
        assert second["geledingen"] == [str(G.RECYCLING.label)]
    else:
        assert first["geledingen"] == "; ".join(sorted([G.AANBOD.label, G.VRAAG.label]))
        assert first["acties"].count("; ") == 1
        assert second["geledingen"] == G.RECYCLING.label


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_signatories_of_a_package_before_it_opens(client, council, fmt):
    package = complete_package(council)

    response = client.get(signatories_url(council, package, fmt))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["signatories", "measurements"])
def test_an_unknown_format_is_not_found(client, council, signed_package, name):
    page_url = (
        signatories_url(council, signed_package, "xml")
        if name == "signatories"
        else measurements_url(council, "xml")
    )

    assert client.get(page_url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_measurements_of_public_packages_with_their_baseline(client, council, fmt):
    running = PackageFactory(council=council, status=Package.Status.LOPEND)
    indicator = IndicatorFactory(
        package=running, name="Aandeel granulaat", baseline_on=date(2024, 1, 1)
    )
    MeasurementFactory(indicator=indicator, measured_on=date(2024, 4, 1), value=Decimal("6"))
    MeasurementFactory(indicator=indicator, measured_on=date(2024, 7, 1), value=Decimal("9"))
    concept = PackageFactory(council=council, status=Package.Status.CONCEPT)
    MeasurementFactory(indicator__package=concept, indicator__name="Geheime indicator")
    MeasurementFactory(indicator__name="Indicator elders")  # another council's package

    response = client.get(measurements_url(council, fmt))

    assert response.status_code == HTTPStatus.OK
    rows = rows_of(response, fmt)
    assert [(r["indicator"], r["datum"], Decimal(r["waarde"]), r["bron"]) for r in rows] == [
        ("Aandeel granulaat", "2024-01-01", 4, "nulmeting"),
        ("Aandeel granulaat", "2024-04-01", 6, "Opgave betoncentrales"),
        ("Aandeel granulaat", "2024-07-01", 9, "Opgave betoncentrales"),
    ]
    assert {r["eenheid"] for r in rows} == {"%"}


def test_the_measurements_csv_starts_with_its_header(client, council):
    response = client.get(measurements_url(council, "csv"))

    assert (
        response.content.decode("utf-8-sig").splitlines()[0]
        == "indicator,eenheid,soort,datum,waarde,bron,berekend"
    )


def test_json_gives_measured_values_as_numbers_with_their_unit_beside_them(client, council):
    running = PackageFactory(council=council, status=Package.Status.LOPEND)
    indicator = IndicatorFactory(
        package=running, unit="kton", baseline_on=date(2024, 1, 1), baseline_value=Decimal("12")
    )
    MeasurementFactory(indicator=indicator, measured_on=date(2024, 4, 1), value=Decimal("8.900"))
    MeasurementFactory(indicator=indicator, measured_on=date(2024, 7, 1), value=Decimal("-0.125"))

    text = client.get(measurements_url(council, "json")).content.decode()

    rows = json.loads(text)["rows"]
    assert [(r["waarde"], r["eenheid"]) for r in rows] == [
        (12, "kton"),
        (8.9, "kton"),
        (-0.125, "kton"),
    ]
    assert [type(r["waarde"]) for r in rows] == [int, float, float]
    assert '"8.900"' not in text and '"waarde": 8.9,' in text
