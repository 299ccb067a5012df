"""The demo package "Meer granulaatbeton" of Betonketenoverleg Groningen (handbook ch. 9)."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from actionpackages import demo, selectors, services
from actionpackages.models import (
    Action,
    Amendment,
    Commitment,
    Indicator,
    Measurement,
    Package,
    PackageVersion,
    Signature,
)
from ketenoverleg import demo as council_demo
from ketenoverleg.models import Geleding, Ketenoverleg
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo

pytestmark = pytest.mark.django_db

MODELS = (Package, Action, Amendment, PackageVersion, Signature, Commitment, Indicator, Measurement)


@pytest.fixture
def seeded():
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    demo.seed()
    return Package.objects.get(council__slug=council_demo.DEMO_SLUG)


def test_the_demo_package_runs_with_its_consultation_signatures_and_indicator(client, seeded):
    package = seeded

    assert package.title == "Meer granulaatbeton"
    assert package.status == Package.Status.LOPEND
    assert package.project.title == "Meer granulaatbeton"
    assert services.missing_geledingen(package) == []
    assert {a.geleding for a in package.actions.all()} == set(Geleding.values)
    decisions = sorted(package.amendments.values_list("decision", flat=True))
    assert decisions == ["aangenomen", "aangenomen", "afgewezen"]
    assert all(a.argument for a in package.amendments.all())
    assert package.signatures.active().count() == 15
    assert {s.version for s in package.signatures.all()} == {package.current_version}
    granulaat = package.indicators.get(name="Aandeel granulaat in geleverd beton")
    series = selectors.indicator_series(granulaat)
    assert len(series["points"]) == 5  # the baseline and four quarterly measurements
    assert series["points"][0][2] == "nulmeting"
    assert series["trend"] == "stijgend"

    response = client.get(package.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Ondertekenaars")
    assertContains(response, 'role="img"', count=1 + package.indicators.count())
    # The ten newest on the page; all 15 on the signatories page.
    assert len(list(response.context["signatures"])) == 10
    assert response.context["signature_count"] == 15
    everyone = client.get(
        reverse("actionpackages:signatories", args=[package.council.slug, package.pk])
    )
    assert len(everyone.context["page"].object_list) == 15


def test_seeding_again_changes_nothing(seeded):
    council = Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)
    before = {model.__name__: model.objects.count() for model in MODELS}

    demo.seed()

    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert Package.objects.filter(council=council).count() == 1
