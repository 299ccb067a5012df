"""Joining a running package (handbook ch. 2: parties that are not yet in are called to
join "alsnog"): signable from "open" until closed, late signatures marked with their
date and counted; the sign form offers only the signer's own geledingen and says why
someone cannot sign; after signing the page says so and links the signature's page."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import selectors, services
from actionpackages.models import Invitation, Package, Signature
from ketenoverleg.models import Geleding, NewsItem
from members import services as member_services
from members.models import MembershipStatus
from members.models import Organisation as MemberOrganisation
from tests.actionpackages.factories import open_package, sign_for, signer
from tests.actionpackages.helpers import url
from tests.factories import UserFactory
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

S = Package.Status
G = Geleding
START = timezone.localdate()


@pytest.fixture
def running(council, secretary):
    """A package that started today, signed by one founding member."""
    package = open_package(council, by=secretary, starts_on=START, title="Meer granulaatbeton")
    sign_for(package, *signer(council, [G.AANBOD], name="Betoncentrale Noord"))
    services.package_start(package=package, by=secretary)
    package.refresh_from_db()
    return package


def sign_url(package):
    return url("sign", package.council, pk=package.pk)


def post_sign(client, package, organisation, actions):
    return client.post(
        sign_url(package),
        {"organisation": organisation.pk, "actions": [a.pk for a in actions], "confirm": "on"},
    )


def admitted_newcomer(council, geledingen, name="Aannemer Nieuw"):
    """An organisation that applies and is admitted by the kernteam (the real services)."""
    user = UserFactory()
    membership = member_services.membership_apply(
        council=council,
        user=user,
        organisation=MemberOrganisation(
            name=name, place="Groningen", intention_text="Wij bestellen granulaatbeton."
        ),
        geledingen=geledingen,
        supports_goal=True,
        listing_consent=True,
    )
    member_services.membership_admit(
        membership=membership,
        checks={
            "check_in_chain": True,
            "check_geledingen": True,
            "check_goal": True,
            "check_intention": True,
        },
        reason="Voldoet.",
        by=BoardAppointmentFactory(council=council).user,
    )
    return user, membership.organisation


def test_a_new_member_signs_the_running_package_and_is_marked_as_joined_later(
    client, council, running
):
    later = START + timedelta(days=40)
    with time_machine.travel(later, tick=False):
        user, organisation = admitted_newcomer(council, [G.VRAAG])
        client.force_login(user)
        vraag = running.actions.get(geleding=G.VRAAG)

        page = client.get(running.get_absolute_url())
        response = post_sign(client, running, organisation, [vraag])

    assertContains(page, sign_url(running))
    assertContains(page, "Het pakket loopt sinds")
    assert response.status_code == HTTPStatus.FOUND
    signature = Signature.objects.get(organisation=organisation)
    assert signature.joined_late is True
    assert timezone.localtime(signature.signed_at).date() == later
    founder = Signature.objects.get(organisation__name="Betoncentrale Noord")
    assert founder.joined_late is False
    rows = {r["key"]: r for r in selectors.participation(running)}
    assert (rows["vraag"]["signed"], rows["vraag"]["members"]) == (1, 1)
    public = client.get(running.get_absolute_url())
    assertContains(public, "later aangesloten", count=2)  # the box and the signatory row


def test_the_open_data_say_who_joined_later_and_when(client, council, running):
    later = START + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        sign_for(running, *signer(council, [G.KENNIS], name="Hogeschool"))

    response = client.get(reverse("signatories_data", args=[council.slug, running.pk, "csv"]))

    rows = {
        r["organisatie"]: r
        for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    assert rows["Hogeschool"]["later_aangesloten"] == "ja"
    assert rows["Hogeschool"]["ondertekend_op"] == later.isoformat()
    assert rows["Betoncentrale Noord"]["later_aangesloten"] == "nee"


def test_signing_on_the_start_date_is_not_late_but_the_day_after_is(council, secretary):
    package = open_package(council, by=secretary, starts_on=START + timedelta(days=3))
    with time_machine.travel(START + timedelta(days=3), tick=False):
        on_time = sign_for(package, *signer(council, [G.AANBOD]))
    with time_machine.travel(START + timedelta(days=4), tick=False):
        # Open for signing still (nobody recorded the start): the date decides.
        late = sign_for(package, *signer(council, [G.VRAAG]))

    assert (on_time.joined_late, late.joined_late) == (False, True)


def test_a_closed_package_cannot_be_signed_and_says_so(client, council, running, secretary):
    services.package_close(package=running, by=secretary, note="Geëvalueerd.")
    user, organisation = signer(council, [G.VRAAG])
    client.force_login(user)

    page = client.get(running.get_absolute_url())
    form_page = client.get(sign_url(running))
    response = post_sign(client, running, organisation, running.actions.filter(geleding=G.VRAAG))

    reason = "Dit actiepakket is afgesloten; ondertekenen kan niet meer."
    assertContains(page, reason)
    assertNotContains(page, sign_url(running))
    assertContains(form_page, reason)
    assertContains(response, reason)
    assert not Signature.objects.filter(organisation=organisation).exists()


def test_after_signing_the_button_is_gone_and_the_signature_page_is_linked(
    client, council, running
):
    user, organisation = signer(council, [G.RECYCLING], name="Puinbreker Stad")
    client.force_login(user)
    assertContains(client.get(running.get_absolute_url()), "Onderteken de intentieverklaring")

    response = post_sign(
        client, running, organisation, running.actions.filter(geleding=G.RECYCLING)
    )
    page = client.get(response.url)

    signature = Signature.objects.get(organisation=organisation)
    signature_url = url("signature", council, pk=running.pk, signature=signature.pk)
    assertNotContains(page, "Onderteken de intentieverklaring")
    assertNotContains(page, sign_url(running))
    assertContains(page, "Puinbreker Stad heeft dit actiepakket al ondertekend op")
    assertContains(page, f'href="{signature_url}"')
    assert client.get(signature_url).status_code == HTTPStatus.OK


def test_one_person_for_two_organisations_chooses_and_sees_only_that_organisations_actions(
    client, council, running
):
    user, supplier = signer(council, [G.AANBOD], name="Mortelcentrale")
    school = MembershipFactory(
        council=council,
        organisation__name="Vakschool Beton",
        organisation__representative=user,
        geledingen=[G.KENNIS],
    ).organisation
    client.force_login(user)

    first = client.get(sign_url(running))
    chosen = client.get(sign_url(running), {"namens": school.pk})
    forged = post_sign(client, running, school, running.actions.filter(geleding=G.AANBOD))
    signed = post_sign(client, running, school, running.actions.filter(geleding=G.KENNIS))
    after = client.get(sign_url(running))

    assert [o.organisation for o in first.context["state"].open_options] == [supplier, school]
    assert list(first.context["form"].fields["actions"].queryset) == list(
        running.actions.filter(geleding=G.AANBOD)
    )
    assert list(chosen.context["form"].fields["actions"].queryset) == list(
        running.actions.filter(geleding=G.KENNIS)
    )
    assert forged.context["form"].errors["actions"]
    assert signed.status_code == HTTPStatus.FOUND
    assert Signature.objects.get(organisation=school).commitments.get().action.geleding == G.KENNIS
    # The school has signed, the supplier may still: the form is for the supplier now.
    assert [o.organisation for o in after.context["state"].open_options] == [supplier]
    assertContains(after, "Vakschool Beton heeft dit actiepakket al ondertekend op")


@pytest.mark.parametrize(
    ("who", "reason", "join_call"),
    [
        ("anonymous", "Log in om namens uw organisatie te ondertekenen.", True),
        ("outsider", "Alleen leden ondertekenen, namens hun organisatie.", True),
        ("no_power", "U bent niet tekenbevoegd voor uw organisatie.", False),
        ("applicant", "Uw aanmelding wordt nog beoordeeld.", False),
    ],
)
def test_the_package_page_says_why_someone_cannot_sign(
    client, council, running, who, reason, join_call
):
    users = {
        "anonymous": lambda: None,
        "outsider": UserFactory,
        "no_power": lambda: signer(council, [G.VRAAG], may_sign=False)[0],
        "applicant": lambda: signer(council, [G.VRAAG], status=MembershipStatus.AANGEVRAAGD)[0],
    }
    user = users[who]()
    if user:
        client.force_login(user)

    page = client.get(running.get_absolute_url())

    assertContains(page, reason)
    assertNotContains(page, sign_url(running))
    apply_url = reverse("members:apply", args=[council.slug])
    if join_call:
        assertContains(page, "kunnen zich alsnog aansluiten: word lid")
        assertContains(page, f'href="{apply_url}"')
    else:
        assertNotContains(page, "kunnen zich alsnog aansluiten: word lid")


def test_invited_non_members_are_called_to_join_after_the_start_too(
    council, running, secretary, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ketenoverleg.example.org"
    Invitation.objects.create(
        package=running, name="Aannemer Oost", email="info@aannemer-oost.nl", geleding=G.VRAAG
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_send(package=running, by=secretary) == 1

    [message] = mail.outbox
    assert message.to == ["info@aannemer-oost.nl"]
    assert "Het pakket loopt sinds" in message.body
    assert "Ook nu kunt u zich nog aansluiten." in message.body
    assert f"https://ketenoverleg.example.org{running.get_absolute_url()}" in message.body
    assert (
        "https://ketenoverleg.example.org" + reverse("members:apply", args=[council.slug])
        in message.body
    )


def test_the_start_publishes_news_that_calls_non_members_to_join(client, council, running):
    item = NewsItem.objects.get(council=council)

    response = client.get(item.get_absolute_url())

    assert item.title == "Actiepakket Meer granulaatbeton gaat van start"
    assert "1 organisatie ondertekende de intentieverklaring" in item.body
    assert "kunnen zich alsnog aansluiten: word lid en onderteken daarna" in item.body
    assertContains(response, f'{running.get_absolute_url()}"')  # a link to the package
