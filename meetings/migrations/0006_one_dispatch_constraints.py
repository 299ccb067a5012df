from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_merge_repeated_dispatches'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='dispatch',
            constraint=models.UniqueConstraint(fields=('meeting', 'what', 'audience'), name='one_dispatch_per_document_audience'),
        ),
        migrations.AddConstraint(
            model_name='dispatchrecipient',
            constraint=models.UniqueConstraint(condition=models.Q(('resend__isnull', True)), fields=('dispatch', 'email'), name='one_message_per_person'),
        ),
        migrations.AddConstraint(
            model_name='dispatchrecipient',
            constraint=models.UniqueConstraint(fields=('resend', 'email'), name='one_message_per_person_per_resend'),
        ),
    ]
