"""The vraag & aanbod pages: who sees what, contact details only by mutual consent,
and a clear message for bad input."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from exchange.models import Listing, Response
from ketenoverleg.models import Role
from tests.actionpackages.helpers import LOGIN, assert_outcome, login_as
from tests.exchange.factories import listing, trader
from tests.factories import CouncilFactory, user_with_role
from tests.members.factories import ANONYMOUS, KERNTEAMLID, MEMBER, MEMBER_ELSEWHERE, OUTSIDER

pytestmark = pytest.mark.django_db

NOT_FOUND, FORBIDDEN, OK = HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.OK
K = Listing.Kind


def url(name: str, council, **kwargs) -> str:
    return reverse(f"exchange:{name}", kwargs={"slug": council.slug, **kwargs})


def owner_of(item):
    return item.organisation.representatives.first().user


def form_data(**changes) -> dict:
    return {
        "kind": "aanbod",
        "category": "materiaal",
        "geleding": "aanbod",
        "material": "Betongranulaat",
        "quantity": "50",
        "unit": "t",
        "frequency": "maand",
        "region": "Groningen",
        "reach": "werkgebied",
        "available_from": "",
        "available_until": "",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "description": "Schoon granulaat.",
        "contact_name": "Anna Aanbod",
        "contact_email": "anna@aanbod.nl",
        "contact_phone": "050-1234567",
        **changes,
    }


# The list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_all"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER_ELSEWHERE, False),
        (MEMBER, True),
        (KERNTEAMLID, True),
    ],
)
def test_members_see_every_listing_and_the_public_only_teasers(client, council, who, sees_all):
    public = listing(council, material="Openbaar granulaat", is_public=True)
    private = listing(council, material="Besloten granulaat")
    login_as(client, council, who)

    response = client.get(url("list", council))

    assertContains(response, "Openbaar granulaat")
    if sees_all:
        assertContains(response, "Besloten granulaat")
        assertContains(response, public.organisation.name)
    else:
        assertNotContains(response, "Besloten granulaat")
        assertNotContains(response, public.organisation.name)
    for item in (public, private):
        assertNotContains(response, item.contact_email)
        assertNotContains(response, item.contact_phone)


def test_closed_and_expired_listings_leave_the_list(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    listing(council, material="Verlopen", expires_on=timezone.localdate() - timedelta(days=1))
    listing(council, material="Gesloten", status=Listing.Status.GESLOTEN, result="geen_match")
    listing(council, material="Loopt nog")

    response = client.get(url("list", council))

    assertContains(response, "Loopt nog")
    assertNotContains(response, "Verlopen")
    assertNotContains(response, "Gesloten</a>")


def test_a_member_sees_which_listings_match_its_own(client, council):
    user, organisation = trader(council, ["vraag"])
    mine = listing(council, organisation=organisation, kind=K.VRAAG, geleding="vraag")
    offer = listing(council, material="betongranulaat")
    listing(council, material="Zand")
    client.force_login(user)

    response = client.get(url("list", council))

    assert response.context["matches"][offer.pk] == [mine]
    assertContains(response, "Match met uw vermelding")


def test_the_list_filters(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    listing(council, material="Granulaat A")
    listing(council, material="Zand B", kind=K.VRAAG)

    response = client.get(url("list", council), {"kind": "vraag", "q": "zand"})

    assert [item.material for item in response.context["listings"]] == ["Zand B"]
    assert client.get(url("list", council), {"kind": "ongeldig", "q": "x" * 5000}).status_code == OK


# A listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "who", "expected"),
    [
        (True, ANONYMOUS, OK),
        (True, OUTSIDER, OK),
        (False, ANONYMOUS, LOGIN),
        (False, OUTSIDER, NOT_FOUND),
        (False, MEMBER_ELSEWHERE, NOT_FOUND),
        (False, MEMBER, OK),
        (False, Role.KETENSECRETARIS, OK),
    ],
)
def test_a_listing_page_is_for_members_unless_made_public(client, council, public, who, expected):
    item = listing(council, is_public=public)
    login_as(client, council, who)
    page = item.get_absolute_url()

    assert_outcome(client.get(page), expected, page)


def test_the_public_teaser_shows_neither_organisation_nor_contact_details(client, council):
    item = listing(council, is_public=True, description="Bel ons gerust.")

    response = client.get(item.get_absolute_url())

    assertContains(response, "50 t Betongranulaat per maand")
    for private in (
        item.organisation.name,
        item.contact_email,
        item.contact_phone,
        "Bel ons gerust.",
    ):
        assertNotContains(response, private)
    assertContains(response, "Word lid om te reageren")


def test_unknown_or_foreign_listings_are_not_found(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    elsewhere = listing(CouncilFactory())

    assert client.get(url("listing", council, pk=elsewhere.pk)).status_code == NOT_FOUND
    assert client.get(url("listing", council, pk=99999999)).status_code == NOT_FOUND
    assert client.get(url("listing", council, pk=10**20)).status_code == NOT_FOUND
    response_url = url("response_action", council, pk=10**20, action="accepteren")
    assert client.post(response_url).status_code == NOT_FOUND


def test_contact_details_are_shared_only_when_both_agree(client, council):
    offer = listing(council, contact_email="anna@aanbod.nl", contact_phone="050-1111111")
    user_b, org_b = trader(council, ["vraag"])
    owner = owner_of(offer)

    # B answers, agreeing to share; A sees the answer but not B's details yet.
    client.force_login(user_b)
    client.post(
        url("respond", council, pk=offer.pk),
        {
            "organisation": org_b.pk,
            "message": "Wij nemen graag af.",
            "contact_name": "Bert Vraag",
            "contact_email": "bert@vraag.nl",
            "contact_phone": "06-22222222",
            "consent": "on",
        },
    )
    response = Response.objects.get()
    assertNotContains(client.get(offer.get_absolute_url()), "anna@aanbod.nl")
    client.force_login(owner)
    page = client.get(offer.get_absolute_url())
    assertContains(page, "Wij nemen graag af.")
    assertNotContains(page, "bert@vraag.nl")
    assertNotContains(page, "06-22222222")

    # A accepts: from now on both see the other's details.
    client.post(
        url("response_action", council, pk=response.pk, action="accepteren"),
        {f"r{response.pk}-note": ""},
    )
    assertContains(client.get(offer.get_absolute_url()), "bert@vraag.nl")
    client.force_login(user_b)
    page = client.get(offer.get_absolute_url())
    assertContains(page, "anna@aanbod.nl")
    assertContains(page, "050-1111111")
    # A third member never sees either.
    client.force_login(trader(council, ["vraag"])[0])
    page = client.get(offer.get_absolute_url())
    assertNotContains(page, "anna@aanbod.nl")
    assertNotContains(page, "bert@vraag.nl")


def test_a_declined_answer_shares_nothing(client, council):
    offer = listing(council, contact_email="anna@aanbod.nl")
    user_b, org_b = trader(council, ["vraag"])
    response = Response.objects.create(
        listing=offer,
        organisation=org_b,
        created_by=user_b,
        message="Graag.",
        contact_name="Bert",
        contact_email="bert@vraag.nl",
    )
    client.force_login(owner_of(offer))

    client.post(url("response_action", council, pk=response.pk, action="afwijzen"), {})

    assert Response.objects.get().status == Response.Status.DECLINED
    assertNotContains(client.get(offer.get_absolute_url()), "bert@vraag.nl")
    client.force_login(user_b)
    assertNotContains(client.get(offer.get_absolute_url()), "anna@aanbod.nl")


@pytest.mark.parametrize("action", ["accepteren", "afwijzen"])
def test_only_the_owner_answers(client, council, action):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    response = Response.objects.create(
        listing=offer,
        organisation=org_b,
        created_by=user_b,
        message="x",
        contact_name="B",
        contact_email="b@b.nl",
    )
    for intruder in (user_b, trader(council)[0], user_with_role(council, Role.SECRETARIS)):
        client.force_login(intruder)
        assert (
            client.post(url("response_action", council, pk=response.pk, action=action)).status_code
            == NOT_FOUND
        )
    assert Response.objects.get().status == Response.Status.OPEN
    client.force_login(owner_of(offer))
    assert (
        client.post(url("response_action", council, pk=response.pk, action="weg")).status_code
        == NOT_FOUND
    )
    assert (
        client.post(url("response_action", council, pk=99999999, action=action)).status_code
        == NOT_FOUND
    )


# Forms -----------------------------------------------------------------------------------


def test_a_member_places_a_listing(client, council):
    user, organisation = trader(council)
    client.force_login(user)

    response = client.post(url("create", council), {**form_data(), "organisation": organisation.pk})

    item = Listing.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert (item.organisation, item.summary, item.created_by) == (
        organisation,
        "50 t Betongranulaat per maand",
        user,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"material": ""}, "material", "Noem het materiaal of product."),
        ({"material": "x" * 100_000}, "material", "Hoogstens 120 tekens."),
        ({"description": "x" * 100_000}, "description", "Hoogstens 2000 tekens."),
        ({"quantity": "veel"}, "quantity", "Vul een getal in"),
        ({"quantity": "1" * 40}, "quantity", "te groot"),
        ({"quantity": "-3"}, "quantity", "nooit negatief"),
        ({"unit": ""}, "unit", "Geef de eenheid"),
        ({"expires_on": "0001-01-01"}, "expires_on", "Kies een datum tussen 1900 en 2100."),
        ({"expires_on": "2099-01-01"}, "expires_on", "binnen een jaar"),
        (
            {"available_from": "2026-06-01", "available_until": "2026-05-01"},
            "available_until",
            "vóór de begindatum",
        ),
        ({"contact_email": "geen"}, "contact_email", "geldig e-mailadres"),
        ({"geleding": "kennis"}, "geleding", "waarin uw organisatie lid is"),
        ({"organisation": "99999999999999999999"}, "organisation", "Selecteer een geldige keuze"),
        ({"kind": "ruil"}, "kind", "Selecteer een geldige keuze"),
    ],
)
def test_a_bad_listing_gets_a_message_at_the_field(client, council, changes, field, message):
    user, organisation = trader(council)
    client.force_login(user)

    response = client.post(
        url("create", council), {"organisation": organisation.pk, **form_data(**changes)}
    )

    assert response.status_code == OK
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, LOGIN), (OUTSIDER, "back"), (Role.KETENSECRETARIS, "back")]
)
def test_only_members_place_listings(client, council, who, expected):
    login_as(client, council, who)
    page = url("create", council)

    response = client.get(page)

    if expected == LOGIN:
        assert_outcome(response, LOGIN, page)
    else:
        assert response["Location"] == url("list", council)
    response = client.post(page, form_data())
    assert response.status_code in {OK, HTTPStatus.FOUND}
    assert not Listing.objects.exists()


def test_someone_elses_listing_cannot_be_edited(client, council):
    item = listing(council)
    client.force_login(trader(council)[0])

    assert client.get(url("edit", council, pk=item.pk)).status_code == NOT_FOUND
    assert (
        client.post(url("edit", council, pk=item.pk), form_data(material="Zand")).status_code
        == NOT_FOUND
    )
    assert Listing.objects.get().material == "Betongranulaat"


def test_the_owner_edits_an_open_listing(client, council):
    item = listing(council)
    client.force_login(owner_of(item))

    client.post(url("edit", council, pk=item.pk), form_data(material="Gebroken beton"))

    assert Listing.objects.get().material == "Gebroken beton"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"message": ""}, "message"),
        ({"message": "x" * 100_000}, "message"),
    ],
)
def test_a_bad_answer_gets_a_message(client, council, changes, field):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    client.force_login(user_b)
    data = {
        "organisation": org_b.pk,
        "message": "Graag.",
        "contact_name": "B",
        "contact_email": "b@b.nl",
        "consent": "on",
        **changes,
    }

    response = client.post(
        url("respond", council, pk=offer.pk), {k: v for k, v in data.items() if v != ""}
    )

    assert response.status_code == OK
    assert field in response.context["response_form"].errors
    assert not Response.objects.exists()


def test_answering_twice_through_the_page_says_so(client, council):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    client.force_login(user_b)
    data = {
        "organisation": org_b.pk,
        "message": "Graag.",
        "contact_name": "B",
        "contact_email": "b@b.nl",
        "consent": "on",
    }
    client.post(url("respond", council, pk=offer.pk), data)

    response = client.post(url("respond", council, pk=offer.pk), data)

    assert response.status_code == OK
    assert Response.objects.count() == 1


def test_the_owner_closes_with_a_deal_only_naming_an_accepted_answer(client, council):
    offer = listing(council)
    client.force_login(owner_of(offer))

    response = client.post(url("close", council, pk=offer.pk), {"result": "deal"})

    assert response.status_code == OK
    assert "response" in response.context["close_form"].errors
    client.post(
        url("close", council, pk=offer.pk), {"result": "geen_match", "note": "Niets gevonden."}
    )
    item = Listing.objects.get()
    assert (item.status, item.result) == ("gesloten", "geen_match")


def test_nobody_else_closes_a_listing(client, council):
    offer = listing(council)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    assert (
        client.post(url("close", council, pk=offer.pk), {"result": "geen_match"}).status_code
        == NOT_FOUND
    )
    assert Listing.objects.get().status == Listing.Status.OPEN


def test_an_anonymous_post_is_sent_to_log_in(client, council):
    offer = listing(council, is_public=True)
    for name in ("respond", "close"):
        page = url(name, council, pk=offer.pk)
        assert_outcome(client.post(page, {}), LOGIN, page)


def test_the_list_reads_in_english_for_who_chose_it(client, council):
    listing(council, is_public=True)
    client.cookies["django_language"] = "en"

    response = client.get(url("list", council))

    assertContains(response, "Supply and demand")
    assertContains(response, "50 t Betongranulaat per month")
    assertContains(response, "Become a member to answer")
