"""What a council starts with is made when the council is made, never by a GET.

The probleemlijst's criteria, the kernteam's standard agenda and a member's private
calendar address used to be created on the first GET of their pages (issue 12,
found 11): by anyone who could open the page, even a member of another council.
"""

import importlib
from http import HTTPStatus

import pytest
from django.apps import apps
from django.urls import reverse

from ketenoverleg import services
from ketenoverleg.models import Role
from meetings.models import AgendaTemplateItem, CalendarToken
from projects.models import Criterion
from tests.factories import CouncilFactory, user_with_role
from tests.members.factories import member_of

pytestmark = pytest.mark.django_db

NEW_COUNCIL = {
    "name": "Voedselketenoverleg Zwolle",
    "slug": "voedsel-zwolle",
    "product_category": "Voedsel",
    "area": "Gemeente Zwolle",
    "goal": "De voedselketen in Zwolle samen verduurzamen.",
    "organisation_form": "informeel",
    "penvoerder": "Gemeente Zwolle",
    "contact_email": "info@voedsel-zwolle.nl",
}


def test_a_new_council_starts_with_criteria_and_a_standard_agenda():
    kwartiermaker = user_with_role(None, Role.KWARTIERMAKER)

    council = services.council_create(by=kwartiermaker, **NEW_COUNCIL)

    assert Criterion.objects.filter(council=council).count() == 5
    assert AgendaTemplateItem.objects.filter(council=council).count() == 9


def test_a_council_made_in_the_admin_starts_with_them_too(admin_client):
    response = admin_client.post(
        reverse("admin:ketenoverleg_ketenoverleg_add"),
        {
            **NEW_COUNCIL,
            "phase": "operationeel",  # the admin form's initial choice
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Criterion.objects.filter(council__slug="voedsel-zwolle").count() == 5
    assert AgendaTemplateItem.objects.filter(council__slug="voedsel-zwolle").count() == 9


@pytest.fixture
def bare_council(db):
    """A council from before this change: nothing made for it yet."""
    return CouncilFactory(set_up=False)


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("lid", "projects:issues"),
        ("lid", "projects:criteria"),
        ("member_elsewhere", "projects:issues"),
        ("secretaris", "projects:criteria"),
        ("secretaris", "meetings:template"),
        ("lid", "meetings:calendar"),
        ("secretaris", "meetings:calendar"),
    ],
)
def test_opening_a_page_creates_nothing(client, bare_council, who, page):
    if who == "lid":
        user = member_of(bare_council)
    elif who == "member_elsewhere":
        user = member_of(CouncilFactory())
    else:
        user = user_with_role(bare_council, who)
    client.force_login(user)

    client.get(reverse(page, kwargs={"slug": bare_council.slug}))

    assert not Criterion.objects.filter(council=bare_council).exists()
    assert not AgendaTemplateItem.objects.filter(council=bare_council).exists()
    assert not CalendarToken.objects.exists()


def test_the_standard_agenda_page_of_a_bare_council_offers_new_points(client, bare_council):
    client.force_login(user_with_role(bare_council, Role.SECRETARIS))

    response = client.get(reverse("meetings:template", kwargs={"slug": bare_council.slug}))

    assert response.status_code == HTTPStatus.OK
    assert response.context["formset"].total_form_count() == 2


def migration(app: str, name: str):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_the_migrations_give_existing_councils_what_new_ones_get(bare_council):
    edited = CouncilFactory()
    Criterion.objects.filter(council=edited).exclude(position=0).delete()

    migration("projects", "0003_default_criteria_for_existing_councils").give_default_criteria(
        apps, None
    )
    migration("meetings", "0007_standard_agenda_for_existing_councils").give_standard_agenda(
        apps, None
    )

    assert Criterion.objects.filter(council=bare_council).count() == 5
    assert AgendaTemplateItem.objects.filter(council=bare_council).count() == 9
    assert Criterion.objects.filter(council=edited).count() == 1  # its own choice stays
