"""An organisation exists once and applies once: a second application is refused with
its status, an organisation that exists already (same name ignoring case and spaces,
or the same KvK number) is used or named instead of being made again, and each step of
an application mails once."""

from datetime import date
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import services as package_services
from actionpackages.models import Invitation
from ketenoverleg.models import Role
from members import notices, services
from members.models import (
    ContributionRate,
    ContributionReminder,
    Membership,
    MembershipStatus,
    Organisation,
    Representative,
)
from tests.actionpackages.factories import open_package
from tests.factories import UserFactory, user_with_role
from tests.members.factories import MembershipFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

S = MembershipStatus

NEW_ORGANISATION = {
    "geledingen": ["recycling"],
    "supports_goal": "on",
    "listing_consent": "on",
    "org-name": "Puinbreker Stad",
    "org-kind": "bedrijf",
    "org-place": "Groningen",
    "org-kvk_number": "87654321",
    "org-intention_url": "https://puinbreker.nl/duurzaam",
}


def apply_url(council):
    return reverse("members:apply", kwargs={"slug": council.slug})


@pytest.fixture
def kernteam(council):
    return user_with_role(council, Role.KETENSECRETARIS)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def apply(council, user, **organisation_fields):
    fields = {
        "name": "Puinbreker Stad",
        "kind": Organisation.Kind.BEDRIJF,
        "place": "Groningen",
        "intention_url": "https://puinbreker.nl/duurzaam",
        **organisation_fields,
    }
    return services.membership_apply(
        council=council,
        user=user,
        organisation=Organisation(**fields),
        geledingen=["recycling"],
        supports_goal=True,
        listing_consent=True,
    )


def test_a_second_application_is_refused_with_its_status_and_mails_once(
    client, council, kernteam, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(apply_url(council), NEW_ORGANISATION)
        second = client.post(apply_url(council), NEW_ORGANISATION)

    assert first.status_code == HTTPStatus.FOUND
    assert second.status_code == HTTPStatus.OK
    assertContains(
        second, "Puinbreker Stad heeft al een aanvraag of lidmaatschap bij dit ketenoverleg"
    )
    assertContains(second, "status: Aangevraagd")
    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1
    assert len(mails_to(kernteam.email)) == 1
    assert len(mails_to(applicant.email)) == 1


@pytest.mark.parametrize(
    "typed",
    ["Puinbreker Stad", "  puinbreker   STAD ", "PuinbrekerStad"],
    ids=["same", "case-and-spaces", "without-space"],
)
def test_the_users_own_organisation_is_found_by_name_and_used(council, typed):
    user = UserFactory()
    own = OrganisationFactory(name="Puinbreker Stad", kvk_number="", representative=user)

    membership = apply(council, user, name=typed, kvk_number="")

    assert membership.organisation == own
    assert Organisation.objects.count() == 1
    assert Representative.objects.filter(organisation=own).count() == 1


def test_the_users_own_organisation_is_found_by_kvk_number_and_used(council):
    user = UserFactory()
    own = OrganisationFactory(name="Puinbreker BV", kvk_number="87654321", representative=user)

    membership = apply(council, user, name="Puinbreker Stad", kvk_number="87654321")

    assert membership.organisation == own
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"name": "PUINBREKER  stad", "kvk_number": ""}, "name", id="same-name"),
        pytest.param({"name": "Ander Puin", "kvk_number": "87654321"}, "kvk_number", id="same-kvk"),
    ],
)
def test_someone_elses_organisation_is_named_not_taken_over(council, changes, field):
    OrganisationFactory(
        name="Puinbreker Stad", place="Haren", kvk_number="87654321", representative=UserFactory()
    )
    newcomer = UserFactory()

    with pytest.raises(ValidationError) as error:
        apply(council, newcomer, **changes)

    [message] = error.value.message_dict[field]
    assert message.startswith("Puinbreker Stad (Haren) staat al in het systeem.")
    assert "Vraag haar contactpersoon u toe te voegen" in message
    assert Organisation.objects.count() == 1
    assert not Membership.objects.exists()
    assert not Representative.objects.filter(user=newcomer).exists()


def test_the_form_shows_the_existing_organisation_at_the_name(client, council):
    OrganisationFactory(name="Puinbreker Stad", place="Haren", representative=UserFactory())
    client.force_login(UserFactory())

    response = client.post(apply_url(council), {**NEW_ORGANISATION, "org-kvk_number": ""})

    assert response.status_code == HTTPStatus.OK
    assert "staat al in het systeem" in str(response.context["org_form"].errors["name"])
    assert Organisation.objects.count() == 1


def test_a_natural_person_applies_once_with_one_person_organisation(council):
    user = UserFactory()
    person = {"name": "Jan de Vries", "kind": Organisation.Kind.PERSOON, "kvk_number": ""}
    apply(council, user, **person)

    with pytest.raises(ValidationError):
        apply(council, user, **person)

    assert Organisation.objects.filter(kind=Organisation.Kind.PERSOON).count() == 1


def test_two_natural_persons_may_share_a_name(council):
    person = {"name": "Jan de Vries", "kind": Organisation.Kind.PERSOON, "kvk_number": ""}
    apply(council, UserFactory(), **person)
    apply(council, UserFactory(), **person)

    assert Organisation.objects.filter(name="Jan de Vries").count() == 2


def test_the_application_page_says_the_user_already_applied(client, council):
    user = UserFactory()
    membership = MembershipFactory(
        council=council, organisation__representative=user, status=S.AANGEVRAAGD
    )
    client.force_login(user)

    response = client.get(apply_url(council))

    assertContains(
        response,
        f"{membership.organisation.name} heeft al een aanvraag of lidmaatschap bij dit "
        "ketenoverleg (status: aangevraagd).",
    )
    assertContains(response, f'href="{membership.get_absolute_url()}"')


def test_the_application_page_of_a_newcomer_has_no_such_notice(client, council):
    client.force_login(UserFactory())

    assertNotContains(client.get(apply_url(council)), "heeft al een aanvraag")


def test_renaming_an_organisation_to_an_existing_name_is_a_field_error(client):
    user = UserFactory()
    own = OrganisationFactory(representative=user)
    OrganisationFactory(name="Puinbreker Stad")
    client.force_login(user)

    response = client.post(
        reverse("mydata:organisation_edit", kwargs={"pk": own.pk}),
        {
            "name": "puinbreker stad",
            "kind": "bedrijf",
            "place": "Groningen",
            "intention_text": "Wij breken puin.",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Er is al een organisatie met deze naam")
    own.refresh_from_db()
    assert own.name != "puinbreker stad"


# Each step mails once --------------------------------------------------------------------


def test_admission_mails_the_applicant_once_even_if_the_mail_is_queued_again(
    council, kernteam, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    membership = apply(council, applicant)
    checks = dict.fromkeys(
        ["check_in_chain", "check_geledingen", "check_goal", "check_intention"], True
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_admit(membership=membership, checks=checks, reason="Ok", by=kernteam)
        notices.application_decided(membership)  # the same event again

    assert len(mails_to(applicant.email)) == 1


def test_contributie_reminders_twice_on_one_day_remind_each_member_once(
    council, django_capture_on_commit_callbacks
):
    treasurer = user_with_role(council, Role.PENNINGMEESTER)
    ContributionRate.objects.create(
        council=council, year=2025, amount=Decimal("100"), set_by_alv_on=date(2024, 11, 20)
    )
    # The penningmeester sits in the kernteam for a member organisation: it is reminded too.
    members = [treasurer, *(member_of(council) for _ in range(2))]

    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(council=council, year=2025, by=treasurer)
        second = services.reminders_send(council=council, year=2025, by=treasurer)

    assert (first, second) == (3, 0)
    assert ContributionReminder.objects.count() == 3
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(u.email for u in members)


def test_invitations_sent_twice_invite_each_party_once(council, django_capture_on_commit_callbacks):
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    package = open_package(council, by=secretary)
    Invitation.objects.create(
        package=package, name="Betoncentrale", email="centrale@voorbeeld.nl", geleding="aanbod"
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = package_services.invitations_send(package=package, by=secretary)
        second = package_services.invitations_send(package=package, by=secretary)

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox if "centrale@voorbeeld.nl" in m.to] == [
        ["centrale@voorbeeld.nl"]
    ]
