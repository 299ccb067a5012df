"""Upgrading keeps the data: a database at the schema of the previous release, full of
demo data, migrates forward without losing a row; the role records of the kernteam's
functions become function terms held from a seat."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from meetings.models import Dispatch as CurrentDispatch
from members.models import Organisation as CurrentOrganisation

# The last migration of each app in the release before the architecture change.
PREVIOUS_RELEASE = [
    ("ketenoverleg", "0003_newsitem"),
    ("members", "0001_initial"),
    ("meetings", "0003_agendaitem_package"),
    ("projects", "0002_remove_project_launch_meeting"),
    ("actionpackages", "0001_initial"),
    # Apps added since: not there yet.
    ("dialogue", None),
    ("library", None),
    ("startup", None),
    ("workshops", None),
    ("ketenstatistiek", None),
    ("exchange", None),
]
OFFICERS = ("voorzitter", "secretaris", "penningmeester")
KERNTEAM_HELD = (*OFFICERS, "kernteamlid", "procesbegeleider")


def row_counts() -> dict[str, int]:
    """Rows per table of every model whose table exists at the current schema."""
    counts = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in existing:  # added by a later migration
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our own names)
            counts[table] = cursor.fetchone()[0]
    return counts


def role_records(roles) -> int:
    placeholders = ", ".join(["%s"] * len(roles))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ketenoverleg_roleassignment WHERE role IN ({placeholders})",  # noqa: S608
            list(roles),
        )
        return cursor.fetchone()[0]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def historical_apps(targets):
    executor = MigrationExecutor(connection)
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_migrates_forward_without_losing_rows():
    call_command("seed_demo", verbosity=0)
    migrate(PREVIOUS_RELEASE)
    before = row_counts()
    assert before["members_membership"] > 0 and before["actionpackages_signature"] > 0
    officers = role_records(OFFICERS)
    held = role_records(KERNTEAM_HELD)
    assert officers == 3  # the demo's voorzitter, secretaris and penningmeester

    migrate(latest())

    after = row_counts()
    expected = dict(
        before, ketenoverleg_roleassignment=before["ketenoverleg_roleassignment"] - held
    )
    assert {table: after[table] for table in before} == expected
    assert after["members_boardfunctionterm"] == officers
    assert role_records(KERNTEAM_HELD) == 0


@pytest.mark.django_db(transaction=True)
def test_free_officer_records_become_one_holder_at_a_time_and_only_with_a_seat():
    """The found case: a ketensecretaris made a member without a seat "Voorzitter" while
    another person stayed voorzitter."""
    migrate(PREVIOUS_RELEASE)
    old = historical_apps(PREVIOUS_RELEASE)
    User = old.get_model("ketenoverleg", "User")
    Council = old.get_model("ketenoverleg", "Ketenoverleg")
    RoleAssignment = old.get_model("ketenoverleg", "RoleAssignment")
    Organisation = old.get_model("members", "Organisation")
    Membership = old.get_model("members", "Membership")
    BoardAppointment = old.get_model("members", "BoardAppointment")
    council = Council.objects.create(
        name="Betonketenoverleg", slug="beton", goal="Doel", contact_email="a@b.nl"
    )
    seated = User.objects.create(email="anna@voorbeeld.nl", first_name="Anna")
    seatless = User.objects.create(email="piet@voorbeeld.nl", first_name="Piet")
    organisation = Organisation.objects.create(name="Architectenbureau", place="Groningen")
    membership = Membership.objects.create(
        organisation=organisation, council=council, status="toegelaten"
    )
    BoardAppointment.objects.create(
        council=council,
        seat="vraag",
        user=seated,
        membership=membership,
        starts_on=date(2023, 6, 1),
        ends_on=date(2027, 6, 1),
        appointed_by_alv_on=date(2023, 5, 25),
    )
    RoleAssignment.objects.create(
        council=council, user=seated, role="voorzitter", starts_on=date(2024, 1, 1)
    )
    RoleAssignment.objects.create(
        council=council, user=seatless, role="voorzitter", starts_on=date(2025, 3, 1)
    )
    RoleAssignment.objects.create(
        council=council, user=seatless, role="kernteamlid", starts_on=date(2025, 3, 1)
    )

    migrate(latest())

    new = historical_apps(latest())
    Term = new.get_model("members", "BoardFunctionTerm")
    terms = {t.user_id: t for t in Term.objects.all()}
    # The seated voorzitter stays; the record without a seat is kept, ended at once.
    assert terms[seated.pk].appointment is not None
    assert terms[seated.pk].ended_on is None
    assert terms[seatless.pk].appointment is None
    assert terms[seatless.pk].ended_on == terms[seatless.pk].starts_on
    assert list(Term.objects.filter(ended_on__isnull=True)) == [terms[seated.pk]]
    assert not new.get_model("ketenoverleg", "RoleAssignment").objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_reported_commitment_status_becomes_a_report_in_its_yearly_round():
    migrate(PREVIOUS_RELEASE)
    old = historical_apps(PREVIOUS_RELEASE)
    council = old.get_model("ketenoverleg", "Ketenoverleg").objects.create(
        name="Betonketenoverleg", slug="beton", goal="Doel", contact_email="a@b.nl"
    )
    package = old.get_model("actionpackages", "Package").objects.create(
        council=council,
        title="Granulaat",
        aim="Meer granulaat",
        status="lopend",
        starts_on=date(2024, 3, 1),
    )
    version = old.get_model("actionpackages", "PackageVersion").objects.create(
        package=package, number=1, text="Tekst", sha256="0" * 64, reason="Intentieverklaring"
    )
    action = old.get_model("actionpackages", "Action").objects.create(
        package=package, geleding="vraag", text="Meer granulaat bestellen."
    )
    organisation = old.get_model("members", "Organisation").objects.create(
        name="Bouwbedrijf", place="Groningen"
    )
    signature = old.get_model("actionpackages", "Signature").objects.create(
        package=package,
        version=version,
        organisation=organisation,
        signer_name="Piet",
        text_sha256="0" * 64,
    )
    Commitment = old.get_model("actionpackages", "Commitment")
    Commitment.objects.create(
        signature=signature,
        action=action,
        progress="niet_gelukt",
        note="Het bestek was al gegund.",
        reported_on=date(2025, 4, 2),
    )
    other = old.get_model("actionpackages", "Action").objects.create(
        package=package, geleding="vraag", text="Nog een actie."
    )
    Commitment.objects.create(signature=signature, action=other)  # never reported

    migrate(latest())

    new = historical_apps(latest())
    [report] = new.get_model("actionpackages", "CommitmentReport").objects.all()
    assert (report.review_number, report.status, report.note) == (
        1,
        "vertraagd",
        "Het bestek was al gegund.",
    )
    assert report.reported_at.date() == date(2025, 4, 2)
    assert new.get_model("actionpackages", "Commitment").objects.count() == 2


def state_at(*targets):
    """Migrate to ``targets`` and return the models as they were there."""
    migrate(list(targets))
    return MigrationExecutor(connection).loader.project_state(list(targets)).apps


@pytest.mark.django_db(transaction=True)
def test_repeated_dispatches_become_resends_of_the_first():
    old = state_at(
        ("meetings", "0004_one_dispatch_per_document_and_resends"),
        # Before councils had a phase, as the data these migrations met.
        ("ketenoverleg", "0009_audit_function_actions"),
    )
    council = old.get_model("ketenoverleg", "Ketenoverleg").objects.create(
        name="Betonketenoverleg Groningen",
        slug="beton-groningen",
        product_category="Beton",
        area="Groningen",
        goal="Verduurzamen.",
        penvoerder="Gemeente Groningen",
        contact_email="info@beton.nl",
    )
    meeting = old.get_model("meetings", "Meeting").objects.create(
        council=council, title="Kernteam juni", starts_at=timezone.now()
    )
    Dispatch = old.get_model("meetings", "Dispatch")
    Recipient = old.get_model("meetings", "DispatchRecipient")
    first, again, other = (
        Dispatch.objects.create(meeting=meeting, what=what, audience="leden", created_at=at)
        for what, at in [
            ("verslag", timezone.now() - timedelta(days=2)),
            ("verslag", timezone.now() - timedelta(days=1)),
            ("agenda", timezone.now()),
        ]
    )
    for dispatch in (first, again, other):
        Recipient.objects.create(dispatch=dispatch, email="lid@voorbeeld.nl")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert sorted(CurrentDispatch.objects.values_list("pk", flat=True)) == [first.pk, other.pk]
    merged = CurrentDispatch.objects.get(pk=first.pk)
    [resend] = merged.resends.all()
    assert resend.created_at == again.created_at
    assert resend.to_all
    assert merged.recipients.count() == 2
    assert merged.recipients.filter(resend=resend).count() == 1


@pytest.mark.django_db(transaction=True)
def test_organisations_get_name_keys_and_later_namesakes_keep_none():
    old = state_at(("members", "0001_initial"))
    Organisation = old.get_model("members", "Organisation")
    first = Organisation.objects.create(name="Puinbreker  Stad", place="Groningen")
    namesake = Organisation.objects.create(name="puinbreker stad", place="Haren")
    person = Organisation.objects.create(name="Jan de Vries", kind="persoon", place="")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    keys = dict(CurrentOrganisation.objects.values_list("pk", "name_key"))
    assert keys == {first.pk: "puinbrekerstad", namesake.pk: "", person.pk: ""}
