from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ketenoverleg.forms import COUNCIL_FIELDS
from ketenoverleg.models import KERNTEAM_HELD_MESSAGE, Ketenoverleg, Role, RoleAssignment
from tests.factories import CouncilFactory, RoleAssignmentFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def council_form_data(council: Ketenoverleg, **changes) -> dict:
    """What the edit form posts back for ``council`` unchanged, plus ``changes``."""
    data = model_to_dict(council, fields=COUNCIL_FIELDS)
    data["founded_on"] = council.founded_on.isoformat() if council.founded_on else ""
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


@pytest.fixture
def secretaris_client(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    return client


# --- editing a council ----------------------------------------------------------------


def test_council_edit_saves_valid_data(secretaris_client, council):
    data = council_form_data(
        council,
        organisation_form=Ketenoverleg.OrganisationForm.VERENIGING,
        kvk_number="41012345",
        registered_seat="Groningen",
        website="https://betonketen.example.org",
        goal="Betongranulaat als standaard in elke aanbesteding.",
    )

    response = secretaris_client.post(reverse("council_edit", args=[council.slug]), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("council_detail", args=[council.slug])
    council.refresh_from_db()
    assert council.organisation_form == Ketenoverleg.OrganisationForm.VERENIGING
    assert council.kvk_number == "41012345"
    assert council.website == "https://betonketen.example.org"
    page = secretaris_client.get(response.url).content.decode()
    assert "Betongranulaat als standaard in elke aanbesteding." in page
    assert "zijn opgeslagen" in page


@pytest.fixture
def grandparent_choice(db):
    """A council that already sits under a provincial one (so cannot be a parent)."""
    province = CouncilFactory(slug="beton-provincie")
    return CouncilFactory(slug="beton-haren", parent=province)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"organisation_form": "vereniging", "kvk_number": "", "registered_seat": "Groningen"},
            "kvk_number",
            "Een vereniging heeft een KvK-nummer.",
            id="vereniging-without-kvk",
        ),
        pytest.param(
            {"organisation_form": "vereniging", "kvk_number": "1234", "registered_seat": "Gr"},
            "kvk_number",
            "Een KvK-nummer bestaat uit 8 cijfers.",
            id="kvk-too-short",
        ),
        pytest.param(
            {"organisation_form": "vereniging", "kvk_number": "41012345", "registered_seat": ""},
            "registered_seat",
            "Een vereniging heeft een statutaire vestiging.",
            id="vereniging-without-seat",
        ),
        pytest.param(
            {"organisation_form": "informeel", "penvoerder": ""},
            "penvoerder",
            "Een informeel ketenoverleg heeft een penvoerder nodig.",
            id="informeel-without-penvoerder",
        ),
        pytest.param(
            {"slug": "admin"}, "slug", "gereserveerd voor de site", id="reserved-slug-admin"
        ),
        pytest.param({"website": "geen url"}, "website", "geldige URL", id="invalid-website"),
        pytest.param(
            {"parent": "grandparent"}, "parent", "geldige keuze", id="parent-that-has-a-parent"
        ),
        pytest.param({"name": ""}, "name", "Dit veld is verplicht.", id="empty-name"),
    ],
)
def test_council_edit_rejects_bad_input_and_saves_nothing(
    secretaris_client, council, grandparent_choice, changes, field, message
):
    if changes.get("parent") == "grandparent":
        changes = {"parent": grandparent_choice.pk}
    before = model_to_dict(Ketenoverleg.objects.get(pk=council.pk))

    response = secretaris_client.post(
        reverse("council_edit", args=[council.slug]), council_form_data(council, **changes)
    )

    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert model_to_dict(Ketenoverleg.objects.get(pk=council.pk)) == before


def test_council_edit_offers_only_top_level_councils_as_parent(secretaris_client, council):
    province = CouncilFactory(name="Provinciaal Betonketenoverleg")
    CouncilFactory(name="Betonketenoverleg Haren", parent=province)

    response = secretaris_client.get(reverse("council_edit", args=[council.slug]))

    choices = [label for _, label in response.context["form"].fields["parent"].choices]
    assert "Provinciaal Betonketenoverleg" in choices
    assert "Betonketenoverleg Haren" not in choices
    assert council.name not in choices


# --- roles ------------------------------------------------------------------------------


def post_role(client, council, **data):
    today = timezone.localdate().isoformat()
    return client.post(
        reverse("council_roles", args=[council.slug]),
        {"role": Role.LID, "starts_on": today, "ends_on": "", **data},
    )


@pytest.mark.parametrize(
    "role",
    [Role.VOORZITTER, Role.SECRETARIS, Role.PENNINGMEESTER, Role.KERNTEAMLID, "procesbegeleider"],
)
def test_the_roles_page_gives_no_kernteam_role(secretaris_client, council, role):
    """A ketensecretaris once made a member without a seat "Voorzitter" while another
    stayed voorzitter: the kernteam's roles are not offered, and a forged POST is refused
    at the field with the reason."""
    newcomer = UserFactory()
    page = secretaris_client.get(reverse("council_roles", args=[council.slug])).content.decode()

    response = post_role(secretaris_client, council, email=newcomer.email, role=role)

    assert f'value="{role}"' not in page
    assert "het kernteam legt hen vast op de kernteampagina" in page
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["role"] == [str(KERNTEAM_HELD_MESSAGE)]
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_role_assignment_to_unknown_email_is_a_field_error(secretaris_client, council):
    response = post_role(secretaris_client, council, email="niemand@voorbeeld.nl")

    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert "Er is geen account met dit e-mailadres." in response.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.LID).exists()


def test_role_assignment_ending_before_it_starts_is_a_field_error(secretaris_client, council):
    user = UserFactory()

    response = post_role(
        secretaris_client, council, email=user.email, starts_on="2025-03-01", ends_on="2025-02-01"
    )

    assert response.status_code == HTTPStatus.OK
    assert "ends_on" in response.context["form"].errors
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    assert not user.role_assignments.exists()


def test_overlapping_duplicate_role_is_refused(secretaris_client, council, mailoutbox):
    holder = user_with_role(council, Role.LID)

    response = post_role(secretaris_client, council, email=holder.email)

    assert response.status_code == HTTPStatus.OK
    assert "role" in response.context["form"].errors
    assert "heeft deze rol in deze periode al" in response.content.decode()
    assert holder.role_assignments.count() == 1
    assert mailoutbox == []


def test_role_assignment_saves_and_mails_the_user(
    secretaris_client, council, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="nieuw.lid@voorbeeld.nl")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_role(
            secretaris_client, council, email="Nieuw.Lid@voorbeeld.nl", role=Role.KETENSECRETARIS
        )

    assert response.status_code == HTTPStatus.FOUND
    assignment = RoleAssignment.objects.get(user=user, council=council)
    assert assignment.role == Role.KETENSECRETARIS
    assert assignment.starts_on == timezone.localdate()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nieuw.lid@voorbeeld.nl"]
    assert "Ketensecretaris" in message.subject
    assert council.name in message.subject
    assert f"de rol Ketensecretaris in {council.name}" in message.body
    page = secretaris_client.get(response.url).content.decode()
    assert "De rol is toegekend." in page
    assert escape(user.get_full_name()) in page  # "van 't Riet" is escaped


def test_role_end_keeps_the_record_with_an_end_date(secretaris_client, council):
    assignment = RoleAssignmentFactory(council=council, role=Role.KETENSECRETARIS)

    response = secretaris_client.post(
        reverse("council_role_end", args=[council.slug]), {"assignment": assignment.pk}
    )

    assert response.status_code == HTTPStatus.FOUND
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    # Ended today still counts today; from tomorrow it is history.
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert not RoleAssignment.objects.active(tomorrow).filter(pk=assignment.pk).exists()
    page = secretaris_client.get(response.url).content.decode()
    assert "De rol is beëindigd." in page


def test_role_end_of_another_councils_role_is_refused(secretaris_client, council):
    elsewhere = RoleAssignmentFactory(council=CouncilFactory(), role=Role.KETENSECRETARIS)

    response = secretaris_client.post(
        reverse("council_role_end", args=[council.slug]), {"assignment": elsewhere.pk}, follow=True
    )

    assert "Deze rol bestaat niet (meer) in dit ketenoverleg." in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.ends_on is None


# --- creating a council -----------------------------------------------------------------

NEW_COUNCIL = {
    "name": "Meubelketenoverleg Zwolle",
    "slug": "meubel-zwolle",
    "product_category": "Meubels",
    "area": "Gemeente Zwolle",
    "goal": "Meubels langer in gebruik houden.",
    "organisation_form": "informeel",
    "penvoerder": "Gemeente Zwolle",
    "kvk_number": "",
    "registered_seat": "",
    "website": "",
    "contact_email": "meubels@zwolle.example.org",
    "founded_on": "",
    "parent": "",
}


def test_kwartiermaker_creating_a_council_becomes_its_kwartiermaker(client):
    kwartiermaker = user_with_role(None, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)

    response = client.post(reverse("council_create"), NEW_COUNCIL)

    council = Ketenoverleg.objects.get(slug="meubel-zwolle")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("council_detail", args=["meubel-zwolle"])
    assert RoleAssignment.objects.filter(
        user=kwartiermaker, council=council, role=Role.KWARTIERMAKER
    ).exists()
    page = client.get(response.url).content.decode()
    assert "Het ketenoverleg is aangemaakt." in page
    assert "Gegevens bewerken" in page


def test_superuser_creating_a_council_gets_no_role_in_it(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(reverse("council_create"), NEW_COUNCIL)

    assert response.status_code == HTTPStatus.FOUND
    assert not RoleAssignment.objects.filter(council__slug="meubel-zwolle").exists()


def test_council_create_with_reserved_slug_saves_nothing(client):
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))

    response = client.post(reverse("council_create"), {**NEW_COUNCIL, "slug": "nieuw"})

    assert response.status_code == HTTPStatus.OK
    assert "slug" in response.context["form"].errors
    assert not Ketenoverleg.objects.filter(name=NEW_COUNCIL["name"]).exists()


# --- the home page ----------------------------------------------------------------------


def make_councils(count: int) -> None:
    """``count`` provincial councils, each with two local councils under it."""
    for _ in range(count):
        parent = CouncilFactory()
        CouncilFactory.create_batch(2, parent=parent)


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_home_page_query_count_does_not_grow_with_councils(client, logged_in):
    if logged_in:
        user = UserFactory()
        client.force_login(user)
    make_councils(3)
    if logged_in:
        for council in Ketenoverleg.objects.all():
            RoleAssignmentFactory(user=user, council=council)
    few = home_queries(client)

    make_councils(27)
    if logged_in:
        for council in Ketenoverleg.objects.filter(role_assignments__isnull=True):
            RoleAssignmentFactory(user=user, council=council)
    many = home_queries(client)

    assert many == few
    html = client.get(reverse("home")).content.decode()
    assert html.count('class="card"') == 30


def test_home_page_lists_local_councils_under_their_province(client):
    province = CouncilFactory(name="Provinciaal Betonketenoverleg Groningen")
    CouncilFactory(name="Betonketenoverleg Groningen", area="Gemeente Groningen", parent=province)

    html = client.get(reverse("home")).content.decode()

    assert "Provinciaal Betonketenoverleg Groningen" in html
    assert "Betonketenoverleg Groningen</a> (Gemeente Groningen)" in html


# --- language -----------------------------------------------------------------------------


def test_language_switch_to_english_sticks(client, council):
    assert 'lang="nl"' in client.get(reverse("home")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})

    assert response.status_code == HTTPStatus.FOUND
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html


def test_browser_language_is_ignored_until_a_language_is_chosen(client, council):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="nl">' in html
