"""The demo: a second council the kwartiermaker is starting (Meubelketenoverleg
Groningen), its held Hello World workshop that became a draft package, and a package
of Betonketenoverleg Groningen copied by Verfketenoverleg Hoogeveen. Safe to repeat."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from actionpackages.models import Package
from ketenoverleg.models import Ketenoverleg, Phase, User
from startup.models import Party, Vooronderzoek
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"startup", "workshops", "actionpackages", "ketenoverleg"}
    }


def test_the_demo_has_a_council_in_start_up_a_held_workshop_and_a_copied_package(client):
    call_command("seed_demo", verbosity=0)
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before

    meubel = Ketenoverleg.objects.get(slug="meubel-groningen")
    assert meubel.phase == Phase.OPINIEGESPREK and not meubel.is_published
    assert Vooronderzoek.objects.get(council=meubel).advice == Vooronderzoek.Advice.START
    assert 18 <= Party.objects.filter(council=meubel).count() <= 22
    assert {p.geleding for p in Party.objects.filter(council=meubel)} == {
        "aanbod",
        "vraag",
        "recycling",
        "kennis",
        "overheid",
        "transitie",
    }
    workshop = Workshop.objects.get(council=meubel)
    assert (workshop.contributions.count(), workshop.links.count()) == (8, 5)
    package = workshop.package
    assert package.council == meubel and package.status == Package.Status.CONCEPT
    assert package.actions.count() == 8
    assert sum(a.reinforces.count() for a in package.actions.all()) == 2 * 5
    copy = Package.objects.get(council__slug="verf-hoogeveen")
    assert copy.based_on.council.slug == "beton-groningen" and copy.based_on.is_example

    assert meubel.name not in client.get(reverse("home")).content.decode()
    client.force_login(User.objects.get(email="kwartiermaker@codin.demo"))
    dashboard = client.get(reverse("startup:dashboard"))
    assert dashboard.status_code == HTTPStatus.OK and meubel.name in dashboard.content.decode()
    client.force_login(User.objects.get(email="wethouder@meubel-groningen.demo"))
    assert client.get(meubel.get_absolute_url()).status_code == HTTPStatus.OK
