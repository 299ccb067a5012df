"""Councils made before the default criteria came with the council get them now.

Until now the probleemlijst made them on its first GET; the page only reads now.
"""

from decimal import Decimal

from django.db import migrations

DEFAULT_CRITERIA = [
    "Urgentie",
    "Lokale actualiteit",
    "Beschikbare oplossing",
    "Lage kosten",
    "Lokaal draagvlak",
]


def give_default_criteria(apps, schema_editor):
    Ketenoverleg = apps.get_model("ketenoverleg", "Ketenoverleg")
    Criterion = apps.get_model("projects", "Criterion")
    for council in Ketenoverleg.objects.filter(criteria__isnull=True):
        Criterion.objects.bulk_create(
            Criterion(council=council, name=name, weight=Decimal("1.0"), position=i)
            for i, name in enumerate(DEFAULT_CRITERIA)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ketenoverleg", "0001_initial"),
        ("projects", "0002_remove_project_launch_meeting"),
    ]

    operations = [migrations.RunPython(give_default_criteria, migrations.RunPython.noop)]
