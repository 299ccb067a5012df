"""The single yearly status on a commitment is replaced by one report per review
(0004 moved the reported ones over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actionpackages", "0004_commitment_status_to_reports"),
    ]

    operations = [
        migrations.RemoveField(model_name="commitment", name="note"),
        migrations.RemoveField(model_name="commitment", name="progress"),
        migrations.RemoveField(model_name="commitment", name="reported_on"),
    ]
