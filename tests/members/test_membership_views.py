"""Applying, the membership page and its actions, following, and the user's own data."""

import json
from http import HTTPStatus

import pytest
from django.contrib import auth
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from ketenoverleg.models import Role, User
from members.models import Membership, MembershipStatus, Organisation, Representative
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    MembershipFactory,
    OrganisationFactory,
    person,
)

S = MembershipStatus
REPRESENTATIVE = "vertegenwoordiger"
CHECKS_ON = {
    "check_in_chain": "on",
    "check_geledingen": "on",
    "check_goal": "on",
    "check_intention": "on",
}


def login_url_of(response) -> bool:
    return response.status_code == HTTPStatus.FOUND and response.url.startswith(
        reverse("account_login")
    )


# Applying ---------------------------------------------------------------------------


def apply_url(council):
    return reverse("members:apply", kwargs={"slug": council.slug})


NEW_ORGANISATION = {
    "geledingen": ["aanbod", "recycling"],
    "supports_goal": "on",
    "listing_consent": "on",
    "motivation": "Wij breken beton in de stad.",
    "org-name": "Puinbreker Stad",
    "org-kind": "bedrijf",
    "org-place": "Groningen",
    "org-email": "info@puinbreker.nl",
    "org-kvk_number": "87654321",
    "org-intention_url": "https://puinbreker.nl/duurzaam",
}


def test_applying_needs_an_account(client, council):
    response = client.get(apply_url(council))

    assert login_url_of(response)


def test_apply_with_a_new_organisation(client, council):
    user = UserFactory()
    client.force_login(user)

    response = client.post(apply_url(council), NEW_ORGANISATION, follow=True)

    membership = Membership.objects.get(organisation__name="Puinbreker Stad")
    assertRedirects(response, membership.get_absolute_url())
    assertContains(response, "Uw aanvraag is ontvangen.")
    assert membership.status == S.AANGEVRAAGD
    assert membership.geledingen == ["aanbod", "recycling"]
    assert list(membership.organisation.users.all()) == [user]


def test_apply_for_an_organisation_the_user_already_acts_for(client, council):
    user = UserFactory()
    organisation = OrganisationFactory(representative=user)
    client.force_login(user)

    response = client.post(
        apply_url(council),
        {
            "organisation": organisation.pk,
            "geledingen": ["kennis"],
            "supports_goal": "on",
            "listing_consent": "on",
        },
    )

    membership = organisation.memberships.get()
    assertRedirects(response, membership.get_absolute_url())
    assert Organisation.objects.count() == 1


def test_apply_with_errors_shows_them_and_saves_nothing(client, council):
    client.force_login(UserFactory())
    data = {
        **NEW_ORGANISATION,
        "org-intention_url": "",
        "org-kvk_number": "123",
        "org-place": "",
        "supports_goal": "",
        "listing_consent": "",
        "geledingen": [],
    }

    response = client.post(apply_url(council), data)

    assert response.status_code == HTTPStatus.OK
    for message in [
        "Kies ten minste één geleding.",
        "Lid worden kan alleen als u de doelstelling onderschrijft.",
        "Vermelding in de openbare ledenlijst is een plicht van leden.",
        "Een KvK-nummer bestaat uit 8 cijfers.",
        "Geef een webpagina of een tekst met uw duurzame intentie",
    ]:
        assertContains(response, message)
    assertContains(response, 'id="id_org-place_error"')
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_cannot_apply_on_behalf_of_someone_elses_organisation(client, council):
    user = UserFactory()
    OrganisationFactory(representative=user)
    theirs = OrganisationFactory(name="Andermans Beton", representative=UserFactory())
    client.force_login(user)

    response = client.post(
        apply_url(council),
        {
            "organisation": theirs.pk,
            "geledingen": ["aanbod"],
            "supports_goal": "on",
            "listing_consent": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'id="id_organisation_error"')
    assert not Membership.objects.exists()
    assert not theirs.users.filter(pk=user.pk).exists()


def test_organisation_data_can_be_edited_only_by_its_representatives(client, db):
    user = UserFactory()
    own = OrganisationFactory(representative=user)
    theirs = OrganisationFactory(representative=UserFactory())
    client.force_login(user)
    data = {
        "name": "Nieuwe Naam",
        "kind": "bedrijf",
        "place": "Haren",
        "intention_text": "Wij doen mee.",
    }

    saved = client.post(reverse("mydata:organisation_edit", kwargs={"pk": own.pk}), data)
    refused = client.post(reverse("mydata:organisation_edit", kwargs={"pk": theirs.pk}), data)

    assertRedirects(saved, reverse("mydata:organisation_edit", kwargs={"pk": own.pk}))
    assert refused.status_code == HTTPStatus.NOT_FOUND
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.name == "Nieuwe Naam"
    assert theirs.name != "Nieuwe Naam"


def test_a_representative_adds_a_colleague_who_may_sign(client, db):
    user = UserFactory()
    colleague = UserFactory(email="collega@bouwbedrijf.nl")
    org = OrganisationFactory(representative=user)
    client.force_login(user)
    url = reverse("mydata:organisation_edit", kwargs={"pk": org.pk})

    response = client.post(
        url,
        {"action": "add_representative", "email": "COLLEGA@bouwbedrijf.nl", "may_sign": "on"},
    )

    assertRedirects(response, url)
    added = Representative.objects.get(organisation=org, user=colleague)
    assert added.may_sign and not added.is_contact
    assertContains(client.get(url), "collega@bouwbedrijf.nl")


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("niemand@voorbeeld.nl", "Er is geen account met dit e-mailadres"),
        ("geen-adres", "Voer een geldig e-mailadres in"),
    ],
)
def test_adding_a_representative_with_bad_input_explains_and_saves_nothing(
    client, db, email, message
):
    user = UserFactory()
    org = OrganisationFactory(representative=user)
    client.force_login(user)

    response = client.post(
        reverse("mydata:organisation_edit", kwargs={"pk": org.pk}),
        {"action": "add_representative", "email": email},
    )

    assertContains(response, message)
    assert org.representatives.count() == 1


def test_adding_someone_twice_is_refused(client, db):
    user = UserFactory()
    org = OrganisationFactory(representative=user)
    client.force_login(user)

    response = client.post(
        reverse("mydata:organisation_edit", kwargs={"pk": org.pk}),
        {"action": "add_representative", "email": user.email},
    )

    assertContains(response, "treedt al op voor deze organisatie")
    assert org.representatives.count() == 1


def test_the_last_representative_cannot_be_removed(client, db):
    user = UserFactory()
    org = OrganisationFactory(representative=user)
    client.force_login(user)
    url = reverse("mydata:organisation_edit", kwargs={"pk": org.pk})

    response = client.post(
        url,
        {"action": "remove_representative", "representative": org.representatives.get().pk},
        follow=True,
    )

    assertContains(response, "ten minste één persoon nodig")
    assert org.representatives.count() == 1


def test_a_representative_is_removed_and_loses_access(client, db):
    user, colleague = UserFactory(), UserFactory()
    org = OrganisationFactory(representative=user)
    Representative.objects.create(organisation=org, user=colleague)
    client.force_login(user)
    url = reverse("mydata:organisation_edit", kwargs={"pk": org.pk})

    client.post(
        url,
        {
            "action": "remove_representative",
            "representative": org.representatives.get(user=colleague).pk,
        },
    )

    client.force_login(colleague)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_second_application_shows_why_and_saves_nothing(client, council):
    user = UserFactory()
    first = MembershipFactory(
        council=council, status=S.AANGEVRAAGD, organisation__representative=user
    )
    client.force_login(user)

    response = client.post(
        apply_url(council),
        {
            "organisation": first.organisation.pk,
            "geledingen": ["vraag"],
            "supports_goal": "on",
            "listing_consent": "on",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "heeft al een aanvraag of lidmaatschap bij dit ketenoverleg")
    assert Membership.objects.count() == 1


def test_following_a_council(client, council):
    client.force_login(UserFactory())
    url = reverse("members:follow", kwargs={"slug": council.slug})

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assertContains(first, "U volgt nu dit ketenoverleg")
    assertContains(second, "U volgt dit ketenoverleg al")
    assert Membership.objects.get().status == S.VOLGER


# The membership page and its actions --------------------------------------------------


def membership_url(membership, action=None):
    kwargs = {"slug": membership.council.slug, "pk": membership.pk}
    if action is None:
        return reverse("members:membership", kwargs=kwargs)
    return reverse("members:membership_action", kwargs={**kwargs, "action": action})


def actor(membership, who):
    if who == REPRESENTATIVE:
        return membership.organisation.users.get()
    return person(membership.council, who)


PEOPLE = [
    REPRESENTATIVE,
    KERNTEAMLID,
    Role.SECRETARIS,
    Role.KETENSECRETARIS,
    MEMBER,
    MEMBER_ELSEWHERE,
    SECRETARY_ELSEWHERE,
    OUTSIDER,
    ANONYMOUS,
]
REVIEWERS = {KERNTEAMLID, Role.SECRETARIS, Role.KETENSECRETARIS}


@pytest.mark.parametrize("who", PEOPLE)
def test_membership_page_for_its_representatives_and_reviewers(client, council, who):
    membership = MembershipFactory(
        council=council,
        status=S.AANGEVRAAGD,
        motivation="Wij leveren zand.",
        organisation__representative=UserFactory(),
    )
    user = actor(membership, who)
    if user:
        client.force_login(user)

    response = client.get(membership_url(membership))

    if who == ANONYMOUS:
        assert login_url_of(response)
    elif who == REPRESENTATIVE or who in REVIEWERS:
        assertContains(response, "Wij leveren zand.")
        if who in REVIEWERS:
            assertContains(response, "Beoordeling door het kernteam")
        else:
            assertContains(response, "Lidmaatschap opzeggen")
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN


def _admitted(m):
    return m.status == S.TOEGELATEN


# action: (status before, POST data, has it happened?, who may)
ACTIONS = {
    "review": (
        S.AANGEVRAAGD,
        {**CHECKS_ON, "admit": "1", "reason": "Welkom."},
        _admitted,
        REVIEWERS,
    ),
    "appeal": (
        S.AFGEWEZEN,
        {"reason": "Wij zijn wel actief hier."},
        lambda m: m.status == S.IN_BEROEP,
        {REPRESENTATIVE},
    ),
    "appeal_decision": (
        S.IN_BEROEP,
        {"admit": "1", "decision": "Gegrond."},
        _admitted,
        REVIEWERS,
    ),
    "end": (S.TOEGELATEN, {"confirm": "yes"}, lambda m: m.status == S.OPGEZEGD, {REPRESENTATIVE}),
    "consent": (
        S.TOEGELATEN,
        {"consent": "withdraw"},
        lambda m: not m.listing_consent,
        {REPRESENTATIVE},
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_membership_actions_permission_matrix(client, council, action, who):
    status, data, happened, allowed = ACTIONS[action]
    membership = MembershipFactory(
        council=council, status=status, organisation__representative=UserFactory()
    )
    user = actor(membership, who)
    if user:
        client.force_login(user)

    response = client.post(membership_url(membership, action), data)

    membership.refresh_from_db()
    if who == ANONYMOUS:
        assert login_url_of(response)
    elif who in allowed:
        assertRedirects(response, membership_url(membership))
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert happened(membership) is (who in allowed)


def test_membership_actions_are_post_only(client, council):
    membership = MembershipFactory(council=council, organisation__representative=UserFactory())
    client.force_login(membership.organisation.users.get())

    response = client.get(membership_url(membership, "end"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    membership.refresh_from_db()
    assert membership.status == S.TOEGELATEN


def test_unknown_action_is_refused(client, council):
    membership = MembershipFactory(council=council, organisation__representative=UserFactory())
    client.force_login(membership.organisation.users.get())

    response = client.post(membership_url(membership, "delete"))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_membership_of_another_council_is_not_found_here(client, council):
    membership = MembershipFactory(organisation__representative=UserFactory())
    client.force_login(membership.organisation.users.get())

    response = client.get(
        reverse("members:membership", kwargs={"slug": council.slug, "pk": membership.pk})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_admission_without_all_checks_shows_the_reason(client, council):
    membership = MembershipFactory(council=council, status=S.AANGEVRAAGD)
    client.force_login(person(council, Role.SECRETARIS))

    response = client.post(
        membership_url(membership, "review"),
        {"check_in_chain": "on", "admit": "1", "reason": "Welkom."},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Toelaten kan alleen als aan alle vier de criteria is voldaan")
    membership.refresh_from_db()
    assert membership.status == S.AANGEVRAAGD


def test_refusal_with_referral_is_shown_to_the_applicant(client, council):
    membership = MembershipFactory(
        council=council, status=S.AANGEVRAAGD, organisation__representative=UserFactory()
    )
    print_chain = CouncilFactory(name="Printketenoverleg Groningen")
    client.force_login(person(council, Role.SECRETARIS))
    client.post(
        membership_url(membership, "review"),
        {"refuse": "1", "reason": "Hoort in de printketen.", "referred_to": print_chain.pk},
    )
    client.force_login(membership.organisation.users.get())

    response = client.get(membership_url(membership))

    assertContains(response, "Afgewezen")
    assertContains(response, "Printketenoverleg Groningen")
    assertContains(response, "In beroep gaan")


def test_refusal_without_reason_shows_the_error(client, council):
    membership = MembershipFactory(council=council, status=S.AANGEVRAAGD)
    client.force_login(person(council, Role.SECRETARIS))

    response = client.post(membership_url(membership, "review"), {"refuse": "1", "reason": ""})

    assertContains(response, "Geef de reden van de afwijzing.")
    membership.refresh_from_db()
    assert membership.status == S.AANGEVRAAGD


def test_a_second_appeal_shows_a_message(client, council):
    membership = MembershipFactory(
        council=council, status=S.AFGEWEZEN, organisation__representative=UserFactory()
    )
    membership.appeal_lodged_at = membership.applied_at
    membership.save()
    client.force_login(membership.organisation.users.get())

    response = client.post(
        membership_url(membership, "appeal"), {"reason": "Nog eens."}, follow=True
    )

    assertContains(response, "Tegen dit besluit is al eens beroep ingesteld.")
    membership.refresh_from_db()
    assert membership.status == S.AFGEWEZEN


def test_ending_needs_confirmation(client, council):
    membership = MembershipFactory(council=council, organisation__representative=UserFactory())
    client.force_login(membership.organisation.users.get())

    response = client.post(membership_url(membership, "end"), {}, follow=True)

    assertContains(response, "Bevestig dat u het lidmaatschap wilt opzeggen.")
    membership.refresh_from_db()
    assert membership.status == S.TOEGELATEN


def test_consent_withdrawn_and_given_again_moves_the_member_on_the_list(client, council):
    membership = MembershipFactory(council=council, organisation__representative=UserFactory())
    client.force_login(membership.organisation.users.get())
    ledenlijst = reverse("members:ledenlijst", kwargs={"slug": council.slug})
    name = membership.organisation.name

    client.post(membership_url(membership, "consent"), {"consent": "withdraw"})
    assert name not in client.get(ledenlijst).content.decode()

    client.post(membership_url(membership, "consent"), {"consent": "give"})
    assertContains(client.get(ledenlijst), name)


# My data ----------------------------------------------------------------------------


def test_my_data_needs_an_account(client):
    assert login_url_of(client.get(reverse("mydata:my_data")))
    assert login_url_of(client.post(reverse("mydata:my_data_export")))


def test_export_downloads_the_users_data(client, council):
    user = UserFactory(email="anna@mortelnoord.nl")
    MembershipFactory(
        council=council,
        organisation__name="Mortelcentrale Noord",
        organisation__representative=user,
    )
    client.force_login(user)

    response = client.post(reverse("mydata:my_data_export"))

    assert response.status_code == HTTPStatus.OK
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["user"]["email"] == "anna@mortelnoord.nl"
    assert data["organisations"][0]["name"] == "Mortelcentrale Noord"
    assert data["organisations"][0]["memberships"][0]["council"] == council.name


def test_the_download_is_a_post_so_a_link_cannot_trigger_it(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("mydata:my_data_export"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_erasure_needs_the_email_typed(client, db):
    user = UserFactory(email="jan@voorbeeld.nl")
    client.force_login(user)

    response = client.post(
        reverse("mydata:my_data_erase"), {"confirm": "iemand@anders.nl"}, follow=True
    )

    assertContains(response, "Typ uw e-mailadres ter bevestiging; er is niets gewist.")
    user.refresh_from_db()
    assert (user.email, user.is_active) == ("jan@voorbeeld.nl", True)
    assert auth.get_user(client).is_authenticated


def test_erasure_with_the_email_typed_closes_the_account(client, db):
    user = UserFactory(email="jan@voorbeeld.nl")
    OrganisationFactory(name="Jan Jansen", kind=Organisation.Kind.PERSOON, representative=user)
    client.force_login(user)

    response = client.post(reverse("mydata:my_data_erase"), {"confirm": "jan@voorbeeld.nl"})

    assertRedirects(response, reverse("home"))
    assert not auth.get_user(client).is_authenticated
    assert not User.objects.filter(email="jan@voorbeeld.nl").exists()
    assert not Representative.objects.filter(user=user).exists()
    assert Organisation.objects.get().name == "Geanonimiseerd lid"
