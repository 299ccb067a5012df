from datetime import date
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ketenoverleg import demo, services
from ketenoverleg.models import (
    KERNTEAM_HELD_MESSAGE,
    KERNTEAM_HELD_ROLES,
    Ketenoverleg,
    Role,
    RoleAssignment,
    User,
)
from ketenoverleg.tasks import send_email
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretaris(council):
    user = UserFactory(first_name="Joost", last_name="de Vries")
    RoleAssignmentFactory(user=user, council=council, role=Role.KETENSECRETARIS)
    return user


# --- role_assign ------------------------------------------------------------------------


def test_role_assign_mails_after_commit_only(
    council, secretaris, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        services.role_assign(
            council=council, user=user, role=Role.LID, starts_on=date(2025, 1, 1), by=secretaris
        )
        assert mailoutbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert "Toegekend door Joost de Vries." in mailoutbox[0].body


def test_role_assign_rolled_back_sends_no_mail(
    council, secretaris, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.role_assign(
            council=council, user=user, role=Role.LID, starts_on=date(2025, 1, 1), by=secretaris
        )
        raise RuntimeError("something later in the same transaction fails")

    assert mailoutbox == []
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_role_assign_mail_greets_the_user_by_name(
    council, secretaris, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Fenna", last_name="Mulder")

    with django_capture_on_commit_callbacks(execute=True):
        services.role_assign(
            council=council, user=user, role=Role.LID, starts_on=date(2025, 1, 1), by=secretaris
        )

    assert mailoutbox[0].body.startswith("Beste Fenna Mulder,")


@pytest.mark.parametrize(
    ("existing_ends_on", "new_starts_on", "allowed"),
    [
        pytest.param(None, date(2030, 1, 1), False, id="open-ended-existing"),
        pytest.param(date(2025, 6, 30), date(2025, 6, 30), False, id="touching-end-day"),
        pytest.param(date(2025, 6, 30), date(2025, 7, 1), True, id="after-previous-ended"),
    ],
)
def test_role_assign_refuses_overlapping_duplicates(
    council, secretaris, existing_ends_on, new_starts_on, allowed
):
    existing = RoleAssignmentFactory(
        council=council,
        role=Role.KETENSECRETARIS,
        starts_on=date(2024, 1, 1),
        ends_on=existing_ends_on,
    )

    def assign():
        return services.role_assign(
            council=council,
            user=existing.user,
            role=Role.KETENSECRETARIS,
            starts_on=new_starts_on,
            by=secretaris,
        )

    if allowed:
        assert assign().starts_on == new_starts_on
        assert existing.user.role_assignments.count() == 2
    else:
        with pytest.raises(ValidationError) as excinfo:
            assign()
        assert "role" in excinfo.value.message_dict
        assert existing.user.role_assignments.count() == 1


def test_role_assign_accepts_an_earlier_period_that_ended_before_the_current_one(
    council, secretaris
):
    current = RoleAssignmentFactory(
        council=council, role=Role.KETENSECRETARIS, starts_on=date(2024, 1, 1)
    )

    services.role_assign(
        council=council,
        user=current.user,
        role=Role.KETENSECRETARIS,
        starts_on=date(2020, 1, 1),
        ends_on=date(2023, 12, 31),
        by=secretaris,
    )

    assert current.user.role_assignments.count() == 2


def test_role_assign_same_role_in_another_council_is_fine(council, secretaris):
    holder = RoleAssignmentFactory(role=Role.KETENSECRETARIS).user

    services.role_assign(
        council=council,
        user=holder,
        role=Role.KETENSECRETARIS,
        starts_on=date(2025, 1, 1),
        by=secretaris,
    )

    assert holder.role_assignments.count() == 2


def test_role_assign_refuses_end_before_start(council, secretaris):
    user = UserFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(
            council=council,
            user=user,
            role=Role.LID,
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 2, 1),
            by=secretaris,
        )

    assert "ends_on" in excinfo.value.message_dict
    assert not user.role_assignments.exists()


def test_only_a_kwartiermaker_may_hold_a_role_without_council(secretaris):
    user = UserFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(
            council=None,
            user=user,
            role=Role.KETENSECRETARIS,
            starts_on=date(2025, 1, 1),
            by=secretaris,
        )
    assert "council" in excinfo.value.message_dict

    programme_wide = services.role_assign(
        council=None, user=user, role=Role.KWARTIERMAKER, starts_on=date(2025, 1, 1), by=secretaris
    )
    assert programme_wide.council is None


@pytest.mark.parametrize("role", sorted(KERNTEAM_HELD_ROLES))
def test_role_assign_gives_no_kernteam_role(council, secretaris, role, mailoutbox):
    """Voorzitter, secretaris, penningmeester, a seat and the procesbegeleider come from
    the kernteam's own records (members app), never from a free role record."""
    user = UserFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(
            council=council, user=user, role=role, starts_on=date(2025, 1, 1), by=secretaris
        )

    assert excinfo.value.message_dict["role"] == [str(KERNTEAM_HELD_MESSAGE)]
    assert not user.role_assignments.exists()
    assert mailoutbox == []


# --- role_end ---------------------------------------------------------------------------


def test_role_end_defaults_to_today_and_keeps_the_record(council, secretaris):
    assignment = RoleAssignmentFactory(council=council, role=Role.KETENSECRETARIS)

    services.role_end(assignment=assignment, by=secretaris)

    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_role_end_before_start_is_refused(council, secretaris):
    assignment = RoleAssignmentFactory(council=council, starts_on=date(2025, 1, 1))

    with pytest.raises(ValidationError) as excinfo:
        services.role_end(assignment=assignment, ends_on=date(2024, 12, 31), by=secretaris)

    assert "ends_on" in excinfo.value.message_dict
    assignment.refresh_from_db()
    assert assignment.ends_on is None


# --- council_create ---------------------------------------------------------------------

COUNCIL_FIELDS = {
    "name": "Voedselketenoverleg Assen",
    "slug": "voedsel-assen",
    "product_category": "Voedsel",
    "area": "Gemeente Assen",
    "goal": "Minder voedselverspilling in Assen.",
    "organisation_form": Ketenoverleg.OrganisationForm.INFORMEEL,
    "penvoerder": "Gemeente Assen",
    "contact_email": "voedsel@assen.example.org",
}


def test_council_create_makes_the_creator_kwartiermaker():
    kwartiermaker = UserFactory()

    council = services.council_create(by=kwartiermaker, **COUNCIL_FIELDS)

    assert Ketenoverleg.objects.get(slug="voedsel-assen") == council
    assert RoleAssignment.objects.get(council=council).role == Role.KWARTIERMAKER


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"slug": "admin"}, id="reserved-slug"),
        pytest.param({"penvoerder": ""}, id="informeel-without-penvoerder"),
        pytest.param({"organisation_form": "vereniging"}, id="vereniging-without-kvk"),
    ],
)
def test_council_create_validates_and_saves_nothing(changes):
    with pytest.raises(ValidationError):
        services.council_create(by=UserFactory(), **{**COUNCIL_FIELDS, **changes})

    assert not Ketenoverleg.objects.exists()
    assert not RoleAssignment.objects.exists()


# --- tasks ------------------------------------------------------------------------------


def test_send_email_task_sends_one_message(mailoutbox):
    result = send_email.delay(
        to=["lid@voorbeeld.nl"], subject="Agenda kernteam", body="Tot donderdag."
    )

    assert result.get() == 1
    assert mailoutbox[0].subject == "Agenda kernteam"


# --- demo data --------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_seed_is_idempotent():
    demo.seed()
    first = row_counts()

    demo.seed()

    assert row_counts() == first
    assert first["ketenoverleg.Ketenoverleg"] == len(demo.COUNCILS)
    assert Ketenoverleg.objects.get(slug=demo.DEMO_SLUG).parent.slug == "beton-provincie-groningen"


def test_seed_demo_command_can_run_again():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()

    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert row_counts() == first
    assert demo.DEMO_PASSWORD in output.getvalue()


def test_demo_users_can_log_in_with_the_demo_password():
    demo.seed()

    for email, *_ in demo.DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=email, verified=True).exists()
    assert User.objects.get(email=demo.DEMO_ADMIN).is_superuser
