"""Stored, GIN-indexed search vectors for what the council search looks in (PostgreSQL).

Each searched table gets a ``search_vector`` column that a trigger keeps up to date
on every insert and on every update of the searched columns, and a GIN index on it.
The column is not a model field: the ORM never loads it, only ``public.selectors.search``
reads it. On SQLite this migration does nothing and search keeps its simple match.

A later migration that renames one of the searched columns must recreate its trigger.
"""

from django.db import migrations

CONFIG = "pg_catalog.dutch"

# table -> the columns whose words are searched (see public.selectors.search)
SEARCHED = {
    "members_organisation": ["name", "intention_text"],
    "actionpackages_package": ["title", "aim", "introduction"],
    "actionpackages_action": ["text"],
    "ketenoverleg_newsitem": ["title", "body"],
}


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        listed = ", ".join(columns)
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {listed} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION "
            f"tsvector_update_trigger(search_vector, '{CONFIG}', {listed})"
        )
        # Fill the rows that are already there through the same trigger.
        schema_editor.execute(f"UPDATE {table} SET {columns[0]} = {columns[0]}")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)"
        )


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("actionpackages", "0001_initial"),
        ("ketenoverleg", "0003_newsitem"),
    ]

    operations = [migrations.RunPython(add_search_vectors, drop_search_vectors)]
