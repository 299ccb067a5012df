from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_organisation_exists_once'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('name_key', ''), _negated=True), fields=('name_key',), name='organisation_name_once'),
        ),
    ]
