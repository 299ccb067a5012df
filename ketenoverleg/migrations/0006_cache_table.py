"""The table of the database cache (settings.CACHES when there is no Redis).

A migration rather than ``manage.py createcachetable`` because every way the site
starts already migrates (``make run``, the compose web service, CI, the test database):
the table is there wherever the database is, whichever cache the settings pick today.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "ketenoverleg_cache"  # settings.CACHES["default"]["LOCATION"] for the database cache


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("ketenoverleg", "0005_audit_entry")]

    operations = [migrations.RunPython(create_table, drop_table)]
