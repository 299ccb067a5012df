from django.db import migrations

def merge_repeated_dispatches(apps, schema_editor):
    """Before one dispatch per meeting, document and audience: a later sending of the
    same document to the same audience becomes a resend of the first, with its
    recipients, its time and its sender kept."""
    Dispatch = apps.get_model("meetings", "Dispatch")
    DispatchResend = apps.get_model("meetings", "DispatchResend")
    DispatchRecipient = apps.get_model("meetings", "DispatchRecipient")
    first_of = {}
    for dispatch in Dispatch.objects.order_by("created_at", "pk"):
        group = (dispatch.meeting_id, dispatch.what, dispatch.audience)
        first = first_of.setdefault(group, dispatch)
        if first.pk == dispatch.pk:
            continue
        recipients = DispatchRecipient.objects.filter(dispatch=dispatch)
        resend = DispatchResend.objects.create(
            dispatch=first,
            created_at=dispatch.created_at,
            created_by_id=dispatch.created_by_id,
            reason="Eerder opnieuw verstuurd (vóór de registratie van herzendingen).",
            to_all=True,
            recipient_count=recipients.count(),
            token=f"migrated-{dispatch.pk}",
        )
        recipients.update(dispatch=first, resend=resend)
        dispatch.delete()



class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_one_dispatch_per_document_and_resends'),
    ]

    operations = [
        migrations.RunPython(merge_repeated_dispatches, migrations.RunPython.noop),
    ]
