"""Upgrading keeps the data: a database at the schema of the previous release, full of
demo data, migrates forward without losing a row."""

from datetime import timedelta

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
]


def row_counts() -> dict[str, int]:
    """Rows per table, for the tables of today's models that exist at this schema."""
    counts = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in existing:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our own names)
            counts[table] = cursor.fetchone()[0]
    return counts


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_migrates_forward_without_losing_rows():
    call_command("seed_demo", verbosity=0)
    migrate(PREVIOUS_RELEASE)
    before = row_counts()
    assert before["members_membership"] > 0 and before["actionpackages_signature"] > 0

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    after = row_counts()
    assert {table: after[table] for table in before} == before


def state_at(*targets):
    """Migrate to ``targets`` and return the models as they were there."""
    migrate(list(targets))
    return MigrationExecutor(connection).loader.project_state(list(targets)).apps


@pytest.mark.django_db(transaction=True)
def test_repeated_dispatches_become_resends_of_the_first():
    old = state_at(("meetings", "0004_one_dispatch_per_document_and_resends"))
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
