"""Placing, answering, accepting, closing and expiring listings through the services."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from exchange import services
from exchange.models import Listing, Notice, Response
from exchange.tasks import listings_expire
from members.models import MembershipStatus
from tests.exchange.factories import listing, trader
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db

K = Listing.Kind


def fields(**changes) -> dict:
    return {
        "kind": K.AANBOD,
        "category": Listing.Category.MATERIAAL,
        "geleding": "aanbod",
        "material": "Betongranulaat",
        "quantity": Decimal(50),
        "unit": "t",
        "frequency": Listing.Frequency.MAAND,
        "region": "Groningen",
        "reach": Listing.Reach.WERKGEBIED,
        "expires_on": timezone.localdate() + timedelta(days=30),
        "contact_name": "Anna",
        "contact_email": "anna@voorbeeld.nl",
        **changes,
    }


def answer(offer, organisation, user, **extra):
    return services.response_create(
        listing=offer,
        organisation=organisation,
        by=user,
        message="Wij zijn geïnteresseerd.",
        contact_name="Bert",
        contact_email="bert@voorbeeld.nl",
        **extra,
    )


def owner_of(item):
    return item.organisation.representatives.first().user


# Placing ----------------------------------------------------------------------------------


def test_a_member_places_an_offer(council):
    user, organisation = trader(council)

    offer = services.listing_create(council=council, organisation=organisation, by=user, **fields())

    assert offer.status == Listing.Status.OPEN
    assert offer.material_key == "betongranulaat"
    assert offer.summary == "50 t Betongranulaat per maand"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"geleding": "kennis"}, "geleding"),
        ({"expires_on": date(2000, 1, 1)}, "expires_on"),
        ({"expires_on": date(2099, 1, 1)}, "expires_on"),
        (
            {"available_from": date(2026, 5, 1), "available_until": date(2026, 4, 1)},
            "available_until",
        ),
        ({"unit": ""}, "unit"),
        ({"material": "x" * 121}, "material"),
        ({"description": "x" * 2001}, "description"),
        ({"contact_email": "geen adres"}, "contact_email"),
        ({"available_from": date(1800, 1, 1)}, "available_from"),
    ],
)
def test_a_bad_listing_is_refused_at_its_field(council, changes, field):
    user, organisation = trader(council)

    with pytest.raises(ValidationError) as error:
        services.listing_create(
            council=council, organisation=organisation, by=user, **fields(**changes)
        )
    assert field in error.value.error_dict
    assert not Listing.objects.exists()


def test_only_representatives_of_admitted_members_place_listings(council):
    _user, organisation = trader(council)
    with pytest.raises(ValidationError):
        services.listing_create(
            council=council, organisation=organisation, by=UserFactory(), **fields()
        )

    applicant = UserFactory()
    pending = MembershipFactory(
        council=council, organisation__representative=applicant, status=MembershipStatus.AANGEVRAAGD
    )
    with pytest.raises(ValidationError):
        services.listing_create(
            council=council, organisation=pending.organisation, by=applicant, **fields()
        )
    elsewhere_user, elsewhere = trader(CouncilFactory())
    with pytest.raises(ValidationError):
        services.listing_create(
            council=council, organisation=elsewhere, by=elsewhere_user, **fields()
        )
    assert not Listing.objects.exists()


def test_a_closed_listing_cannot_be_changed(council):
    offer = listing(council)
    services.listing_close(listing=offer, by=owner_of(offer), result="geen_match")

    with pytest.raises(ValidationError):
        services.listing_update(listing=offer, by=owner_of(offer), material="Zand")
    assert Listing.objects.get().material == "Betongranulaat"


# Answering and sharing contact details ------------------------------------------------------


def test_an_answer_tells_the_owner_once_without_the_answerers_contact_details(
    council, django_capture_on_commit_callbacks
):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(offer, org_b, user_b)

    assert response.status == Response.Status.OPEN
    [message] = mail.outbox
    assert message.to == [offer.contact_email]
    assert org_b.name in message.body
    assert "bert@voorbeeld.nl" not in message.body
    assert offer.get_absolute_url() in message.body


@pytest.mark.parametrize("case", ["own", "twice", "closed", "expired", "not_member", "counter"])
def test_an_answer_is_refused(council, case):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    extra = {}
    if case == "own":
        org_b, user_b = offer.organisation, owner_of(offer)
    elif case == "twice":
        answer(offer, org_b, user_b)
    elif case == "closed":
        services.listing_close(listing=offer, by=owner_of(offer), result="geen_match")
    elif case == "expired":
        Listing.objects.filter(pk=offer.pk).update(expires_on=date(2020, 1, 1))
        offer.refresh_from_db()
    elif case == "not_member":
        MembershipFactory._meta.model.objects.filter(organisation=org_b).update(
            status=MembershipStatus.OPGEZEGD
        )
    elif case == "counter":
        extra["counter_listing"] = listing(council)  # someone else's, and an offer too
    before = Response.objects.count()

    with pytest.raises(ValidationError):
        answer(offer, org_b, user_b, **extra)
    assert Response.objects.count() == before


def test_accepting_shares_contacts_and_says_so_once(council, django_capture_on_commit_callbacks):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    response = answer(offer, org_b, user_b)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.response_accept(response=response, by=owner_of(offer), note="Bel maar.")

    assert accepted.contacts_shared
    assert [m.to for m in mail.outbox] == [["bert@voorbeeld.nl"]]
    with pytest.raises(ValidationError):
        services.response_accept(response=response, by=owner_of(offer))
    with pytest.raises(ValidationError):
        services.response_decline(response=response, by=owner_of(offer))
    assert len(mail.outbox) == 1


def test_only_the_owner_accepts_or_declines_and_only_the_answerer_withdraws(council):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    response = answer(offer, org_b, user_b)

    for step in (services.response_accept, services.response_decline):
        with pytest.raises(ValidationError):
            step(response=response, by=user_b)
    with pytest.raises(ValidationError):
        services.response_withdraw(response=response, by=owner_of(offer))
    assert Response.objects.get().status == Response.Status.OPEN

    services.response_withdraw(response=response, by=user_b)
    assert Response.objects.get().status == Response.Status.WITHDRAWN
    answer(offer, org_b, user_b)  # a withdrawn answer may be given again
    assert Response.objects.count() == 2


# Closing ------------------------------------------------------------------------------------


def test_a_deal_names_an_accepted_answer(council):
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    response = answer(offer, org_b, user_b)

    with pytest.raises(ValidationError) as error:
        services.listing_close(listing=offer, by=owner_of(offer), result="deal", response=response)
    assert "response" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.listing_close(listing=offer, by=owner_of(offer), result="deal")

    services.response_accept(response=response, by=owner_of(offer))
    closed = services.listing_close(
        listing=offer, by=owner_of(offer), result="deal", response=response
    )

    assert (closed.status, closed.result, closed.deal_response) == ("gesloten", "deal", response)
    with pytest.raises(ValidationError):
        services.listing_close(listing=offer, by=owner_of(offer), result="geen_match")


def test_an_unknown_result_is_refused(council):
    offer = listing(council)

    with pytest.raises(ValidationError):
        services.listing_close(listing=offer, by=owner_of(offer), result="misschien")
    assert Listing.objects.get().status == Listing.Status.OPEN


# Expiry ------------------------------------------------------------------------------------


def test_the_daily_task_expires_listings_past_their_date_and_tells_the_owner_once(
    council, django_capture_on_commit_callbacks
):
    with time_machine.travel(date(2026, 3, 1), tick=False):
        old = listing(council, expires_on=date(2026, 3, 10))
        current = listing(council, expires_on=date(2026, 4, 10))

    with (
        time_machine.travel(date(2026, 3, 11), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert listings_expire() == 1
        assert listings_expire() == 0

    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (Listing.Status.VERLOPEN, Listing.Status.OPEN)
    assert [m.to for m in mail.outbox] == [[old.contact_email]]
    assert Notice.objects.filter(key=f"listing-{old.pk}-expired").count() == 1


def test_a_listing_on_its_last_day_is_still_open(council):
    with time_machine.travel(date(2026, 3, 1), tick=False):
        item = listing(council, expires_on=date(2026, 3, 10))
    with time_machine.travel(date(2026, 3, 10), tick=False):
        assert services.listings_expire() == 0
        assert item.is_open


def test_a_notice_is_queued_once_per_key(council, django_capture_on_commit_callbacks):
    offer = listing(council)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.notify_once(
                key="test-1",
                to=["a@voorbeeld.nl"],
                template="exchange/email/expired",
                context={"listing": offer, "url": "x"},
            )

    assert len(mail.outbox) == 1


# Twenty at once (PostgreSQL) ----------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_answers_of_one_organisation_leave_one_and_one_mail():
    council = CouncilFactory()
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    start = threading.Barrier(20)
    outcomes = []

    def attempt():
        try:
            start.wait()
            answer(offer, org_b, user_b)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refusal = "Uw organisatie heeft al op deze vermelding gereageerd."
    assert sorted(outcomes) == sorted(["ok"] + [refusal] * 19)
    assert Response.objects.count() == 1
    assert Notice.objects.count() == 1
    assert len(mail.outbox) == 1
