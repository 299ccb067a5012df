"""Relatiebeheer: the file of chain parties and their contact persons is personal data
for the kernteam, the kwartiermaker and the ketensecretaris only; a contact person
can be erased; a prospect can be invited to a pre-filled membership application."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Geleding, OutgoingEmail, Role
from members.models import Membership, MembershipStatus
from members.services import membership_admit
from startup import services
from startup.models import ContactMoment, ContactPerson, ListSend, Party, PartyStatus
from tests.factories import UserFactory, user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
)
from tests.startup.factories import (
    FOLLOWER,
    KWARTIERMAKER_ELSEWHERE,
    PROGRAMME_KWARTIERMAKER,
    ContactPersonFactory,
    MailingListFactory,
    PartyFactory,
    someone,
)

pytestmark = pytest.mark.django_db

ALLOWED = {
    KERNTEAMLID,
    Role.KERNTEAMLID,
    Role.VOORZITTER,
    Role.SECRETARIS,
    Role.PENNINGMEESTER,
    Role.KETENSECRETARIS,
    Role.KWARTIERMAKER,
    PROGRAMME_KWARTIERMAKER,
}
REFUSED = [
    MEMBER,
    FOLLOWER,
    OUTSIDER,
    MEMBER_ELSEWHERE,
    SECRETARY_ELSEWHERE,
    KWARTIERMAKER_ELSEWHERE,
    Role.LID,
    Role.GENODIGDE,
]
PEOPLE = [ANONYMOUS, *REFUSED, *sorted(ALLOWED)]


@pytest.fixture
def file(council):
    """A party with a contact person, a contact moment and a list to mail."""
    party = PartyFactory(council=council, name="Kringloopwinkel De Kolk", geleding="recycling")
    contact = ContactPersonFactory(party=party, name="Ellen Vos", email="ellen@kolk.nl")
    ContactMoment.objects.create(
        party=party, contact=contact, channel="gesprek", summary="Ellen ziet kansen."
    )
    mailing_list = MailingListFactory(council=council, recipients=[contact])
    return {"party": party, "contact": contact, "list": mailing_list}


def pages(council, file) -> list[str]:
    slug = council.slug
    return [
        reverse("startup:parties", args=[slug]),
        reverse("startup:party_create", args=[slug]),
        reverse("startup:party", args=[slug, file["party"].pk]),
        reverse("startup:contact", args=[slug, file["contact"].pk]),
        reverse("startup:mailing_lists", args=[slug]),
        reverse("startup:mailing_list_create", args=[slug]),
        reverse("startup:mailing_list", args=[slug, file["list"].pk]),
        reverse("startup:mailing_list_edit", args=[slug, file["list"].pk]),
    ]


@pytest.mark.parametrize("who", PEOPLE)
def test_relatiebeheer_is_for_the_kernteam_kwartiermaker_and_secretariat(
    client, council, file, who
):
    user = someone(council, who)
    if user:
        client.force_login(user)

    for url in pages(council, file):
        response = client.get(url)
        if who == ANONYMOUS:
            assert response.status_code == HTTPStatus.FOUND, url
            assert response.url.startswith(reverse("account_login"))
        elif who in ALLOWED:
            assert response.status_code == HTTPStatus.OK, url
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN, url
            assert b"ellen@kolk.nl" not in response.content


@pytest.mark.parametrize("who", [ANONYMOUS, *REFUSED])
def test_outsiders_change_nothing_in_relatiebeheer(
    client, council, file, who, django_capture_on_commit_callbacks
):
    user = someone(council, who)
    if user:
        client.force_login(user)
    slug = council.slug

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("startup:party_create", args=[slug]),
            {"name": "X", "geleding": "vraag", "status": "gevonden"},
        )
        client.post(
            reverse("startup:contact", args=[slug, file["contact"].pk]),
            {"action": "erase", "confirm": "yes"},
        )
        client.post(reverse("startup:mailing_list", args=[slug, file["list"].pk]))

    assert not Party.objects.filter(name="X").exists()
    assert ContactPerson.objects.get(pk=file["contact"].pk).email == "ellen@kolk.nl"
    assert not ListSend.objects.exists() and not mail.outbox


@pytest.mark.parametrize("who", [ANONYMOUS, MEMBER, FOLLOWER, OUTSIDER])
def test_relatiebeheer_never_shows_on_public_or_member_pages(client, council, file, who):
    user = someone(council, who)
    if user:
        client.force_login(user)

    for url in (
        council.get_absolute_url(),
        reverse("members:ledenlijst", args=[council.slug]),
        reverse("search", args=[council.slug]) + "?q=Kolk",
        reverse("home"),
    ):
        content = client.get(url).content.decode()
        assert "ellen@kolk.nl" not in content and "Ellen Vos" not in content


# --- erasure ----------------------------------------------------------------------------


def test_erasing_a_contact_person_removes_their_personal_data(client, council, file):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    contact = file["contact"]
    services.mailing_list_send(mailing_list=file["list"], by=UserFactory())

    response = client.post(
        reverse("startup:contact", args=[council.slug, contact.pk]),
        {"action": "erase", "confirm": "yes"},
    )

    assert response.status_code == HTTPStatus.FOUND
    contact.refresh_from_db()
    personal = [
        contact.name,
        contact.function,
        contact.email,
        contact.phone,
        contact.purpose,
        contact.source,
        contact.consent_text,
    ]
    assert personal == [""] * 7
    assert contact.consent_at is None and contact.erased_at is not None
    assert not ContactMoment.objects.filter(contact=contact).exists()
    assert not file["list"].recipients.exists()
    # What was sent stays counted, so the list never mails the same person twice.
    assert ListSend.objects.filter(contact=contact).count() == 1
    # The outbox keeps no mail to them either (sent or waiting); others' mail stays.
    assert not OutgoingEmail.objects.filter(to__icontains="ellen@kolk.nl").exists()
    page = client.get(file["party"].get_absolute_url()).content.decode()
    assert "Ellen Vos" not in page and "ellen@kolk.nl" not in page
    assert "Gegevens gewist op" in page


def test_erasing_needs_a_confirmation(client, council, file):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    client.post(
        reverse("startup:contact", args=[council.slug, file["contact"].pk]), {"action": "erase"}
    )

    assert ContactPerson.objects.get(pk=file["contact"].pk).name == "Ellen Vos"


def test_contacts_past_their_retention_are_erased_by_the_daily_task(council):
    expired = ContactPersonFactory(
        party__council=council, retain_until=timezone.localdate() - timedelta(days=1)
    )
    kept = ContactPersonFactory(party__council=council)

    assert services.contacts_erase_expired() == 1

    expired.refresh_from_db()
    kept.refresh_from_db()
    assert expired.erased_at and expired.email == ""
    assert kept.erased_at is None and kept.email


# --- parties and contact persons: bad input --------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"name": "", "geleding": "vraag", "status": "gevonden"}, "name", id="no-name"),
        pytest.param(
            {"name": "x" * 201, "geleding": "vraag", "status": "gevonden"}, "name", id="long-name"
        ),
        pytest.param(
            {"name": "Y", "geleding": "bakkers", "status": "gevonden"},
            "geleding",
            id="bad-geleding",
        ),
        pytest.param(
            {"name": "Y", "geleding": "vraag", "status": "vriend"}, "status", id="bad-status"
        ),
        pytest.param(
            {"name": "Y", "geleding": "vraag", "status": "gevonden", "website": "geen-url"},
            "website",
            id="bad-url",
        ),
        pytest.param(
            {"name": "Y", "geleding": "vraag", "status": "gevonden", "note": "x" * 2001},
            "note",
            id="long-note",
        ),
        pytest.param(
            {"name": "Kringloopwinkel De Kolk", "geleding": "vraag", "status": "gevonden"},
            "name",
            id="duplicate",
        ),
    ],
)
def test_bad_party_input_is_refused_at_its_field(client, council, file, data, field):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = client.post(reverse("startup:party_create", args=[council.slug]), data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert Party.objects.filter(council=council).count() == 1


CONTACT = {
    "action": "contact",
    "name": "Tom Huizinga",
    "function": "coördinator",
    "email": "tom@reparatiecafe.nl",
    "phone": "",
    "purpose": "Uitnodigen voor de startbijeenkomst",
    "source": "Gesprek op de markt",
    "retain_until": "2027-12-31",
    "consent": "on",
    "consent_text": "Mondeling op 3 maart",
}


def test_a_contact_person_is_kept_with_purpose_source_retention_and_consent(client, council, file):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    response = client.post(file["party"].get_absolute_url(), CONTACT)

    assert response.status_code == HTTPStatus.FOUND
    tom = ContactPerson.objects.get(name="Tom Huizinga")
    assert (tom.purpose, tom.source, str(tom.retain_until)) == (
        "Uitnodigen voor de startbijeenkomst",
        "Gesprek op de markt",
        "2027-12-31",
    )
    assert tom.has_consent and tom.consent_text == "Mondeling op 3 maart"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"purpose": ""}, "purpose", id="no-purpose"),
        pytest.param({"source": ""}, "source", id="no-source"),
        pytest.param({"consent_text": ""}, "consent_text", id="consent-without-how"),
        pytest.param({"retain_until": "2200-01-01"}, "retain_until", id="retention-after-2100"),
        pytest.param({"retain_until": "31-02-2026"}, "retain_until", id="no-date"),
        pytest.param({"email": "tom@"}, "email", id="bad-email"),
        pytest.param({"name": "x" * 121}, "name", id="long-name"),
    ],
)
def test_bad_contact_input_is_refused_at_its_field(client, council, file, changes, field):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    response = client.post(file["party"].get_absolute_url(), {**CONTACT, **changes})

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["contact_form"].errors
    assert not ContactPerson.objects.filter(email="tom@reparatiecafe.nl").exists()


def test_a_contact_moment_cannot_lie_in_the_future(client, council, file):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        file["party"].get_absolute_url(),
        {
            "action": "moment",
            "happened_on": tomorrow.isoformat(),
            "channel": "telefoon",
            "summary": "Gebeld.",
        },
    )

    assert "happened_on" in response.context["moment_form"].errors
    assert file["party"].moments.count() == 1


def test_the_list_filters_by_status_and_geleding_and_shows_vacancies(client, council, file):
    PartyFactory(
        council=council, name="Gemeente Inkoop", geleding="vraag", status=PartyStatus.KOPLOPER
    )
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    url = reverse("startup:parties", args=[council.slug])

    koplopers = client.get(url, {"status": "koploper"}).content.decode()
    recycling = client.get(url, {"geleding": "recycling"}).content.decode()

    assert "Gemeente Inkoop" in koplopers and "Kringloopwinkel De Kolk" not in koplopers
    assert "Kringloopwinkel De Kolk" in recycling and "Gemeente Inkoop" not in recycling
    assert koplopers.count(">vacature<") == 4  # aanbod, kennis, overheid, transitie


# --- from prospect to member -------------------------------------------------------------


def test_a_prospect_is_invited_to_a_prefilled_application_and_shows_as_member_once_admitted(
    client, council, file, django_capture_on_commit_callbacks
):
    kwartiermaker = user_with_role(council, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)
    party = file["party"]
    party.website = "https://dekolk.nl"
    party.save()

    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("startup:contact", args=[council.slug, file["contact"].pk]),
                {"action": "invite"},
            )

    assert len(mail.outbox) == 1  # a second click does not mail again
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    ellen = UserFactory(email="ellen@kolk.nl")
    client.force_login(ellen)
    form_page = client.get("/" + path)
    assert form_page.status_code == HTTPStatus.OK
    org_form = form_page.context["org_form"]
    assert org_form.initial["name"] == "Kringloopwinkel De Kolk"
    assert org_form.initial["website"] == "https://dekolk.nl"
    assert form_page.context["form"].initial["geledingen"] == [Geleding.RECYCLING]
    reference = form_page.context["form"].initial["reference"]

    response = client.post(
        "/" + path,
        {
            "geledingen": ["recycling"],
            "supports_goal": "on",
            "listing_consent": "on",
            "motivation": "",
            "reference": reference,
            "org-name": "Kringloopwinkel De Kolk",
            "org-kind": "bedrijf",
            "org-place": "Groningen",
            "org-website": "https://dekolk.nl",
            "org-intention_text": "Wij geven meubels een tweede leven.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    membership = Membership.objects.get(
        council=council, organisation__name="Kringloopwinkel De Kolk"
    )
    party.refresh_from_db()
    assert party.organisation == membership.organisation
    assert party.status == PartyStatus.GEINTERESSEERD

    membership_admit(
        membership=membership,
        checks={
            "check_in_chain": True,
            "check_geledingen": True,
            "check_goal": True,
            "check_intention": True,
        },
        reason="",
        by=kwartiermaker,
    )
    client.force_login(kwartiermaker)
    members_only = client.get(reverse("startup:parties", args=[council.slug]), {"status": "lid"})
    assert "Kringloopwinkel De Kolk" in members_only.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.TOEGELATEN


def test_a_forged_or_foreign_invitation_fills_in_nothing(client, council, file):
    client.force_login(UserFactory())

    page = client.get(reverse("members:apply", args=[council.slug]), {"via": "vervalst:123"})

    assert page.status_code == HTTPStatus.OK
    assert "name" not in page.context["org_form"].initial


def test_a_council_in_start_up_cannot_invite_members_yet(
    client, file, django_capture_on_commit_callbacks
):
    council = file["party"].council
    council.published_at = None
    council.save()
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("startup:contact", args=[council.slug, file["contact"].pk]),
            {"action": "invite"},
            follow=True,
        )

    assert "publiceer het eerst" in response.content.decode()
    assert not mail.outbox
