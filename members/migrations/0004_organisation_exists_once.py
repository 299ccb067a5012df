from django.conf import settings
from django.db import migrations, models


def fill_name_keys(apps, schema_editor):
    """Give every organisation its name key, except natural persons, anonymised ones and
    the later ones of a name that already exists (those keep no key until renamed)."""
    Organisation = apps.get_model("members", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("created_at", "pk"):
        if organisation.kind == "persoon" or organisation.anonymised_at is not None:
            continue
        key = "".join(organisation.name.split()).casefold()
        if not key or key in taken:
            continue
        taken.add(key)
        Organisation.objects.filter(pk=organisation.pk).update(name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_functions_from_role_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='name_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=200),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
