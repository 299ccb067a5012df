"""Upgrading keeps the data: a database at the schema of the previous release, full of
demo data, migrates forward without losing a row."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migration of each app in the release before the architecture change.
PREVIOUS_RELEASE = [
    ("ketenoverleg", "0003_newsitem"),
    ("members", "0001_initial"),
    ("meetings", "0003_agendaitem_package"),
    ("projects", "0002_remove_project_launch_meeting"),
    ("actionpackages", "0001_initial"),
]


def row_counts() -> dict[str, int]:
    """Rows per table, for the tables that exist (apps newer than the release have none)."""
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
    assert {table: n for table, n in after.items() if table in before} == before
