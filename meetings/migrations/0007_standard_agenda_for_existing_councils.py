"""Councils made before the standard agenda came with the council get it now.

Until now the standaardagenda page made it on its first GET; the page only reads now.
"""

from django.db import migrations

STANDARD_AGENDA = [
    ("opening", "Opening en vaststellen van de agenda"),
    ("vorige", "Verslag van de vorige vergadering"),
    ("vorige", "Actiepunten van de vorige vergadering"),
    ("actiepakketten", "Voortgang van de lopende actiepakketten"),
    ("actiepakketten", "Keuze van het volgende vraagstuk van de probleemlijst"),
    ("ketenoverleg", "Leden, aanmeldingen en vacatures"),
    ("ketenoverleg", "Communicatie en financiën"),
    ("rondvraag", "Rondvraag"),
    ("sluiting", "Sluiting"),
]


def give_standard_agenda(apps, schema_editor):
    Ketenoverleg = apps.get_model("ketenoverleg", "Ketenoverleg")
    AgendaTemplateItem = apps.get_model("meetings", "AgendaTemplateItem")
    for council in Ketenoverleg.objects.filter(agenda_template_items__isnull=True):
        AgendaTemplateItem.objects.bulk_create(
            AgendaTemplateItem(council=council, section=section, title=title, position=i)
            for i, (section, title) in enumerate(STANDARD_AGENDA)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ketenoverleg", "0001_initial"),
        ("meetings", "0006_one_dispatch_constraints"),
    ]

    operations = [migrations.RunPython(give_standard_agenda, migrations.RunPython.noop)]
