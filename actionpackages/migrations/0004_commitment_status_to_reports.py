"""Each commitment's reported status becomes a report in the yearly review of the day
it was reported (at least the first review).

The old statuses map onto the review's four: bezig -> op schema, uitgevoerd ->
uitgevoerd, niet gelukt -> vertraagd, gepland -> niet gestart. A commitment that was
never reported gets no report; nothing else changes.
"""

from datetime import date, datetime, time, timedelta

from django.db import migrations
from django.utils import timezone

STATUS = {
    "gepland": "niet_gestart",
    "bezig": "op_schema",
    "uitgevoerd": "uitgevoerd",
    "niet_gelukt": "vertraagd",
}
WINDOW = timedelta(days=30)  # a review opens 30 days before its due date


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _review_number(starts_on: date, on: date) -> int:
    number = 1
    while _add_years(starts_on, number + 1) - WINDOW <= on:
        number += 1
    return number


def forwards(apps, schema_editor):
    Commitment = apps.get_model("actionpackages", "Commitment")
    Report = apps.get_model("actionpackages", "CommitmentReport")
    reported = Commitment.objects.filter(reported_on__isnull=False).select_related(
        "signature__package"
    )
    Report.objects.bulk_create(
        Report(
            commitment=c,
            review_number=_review_number(
                c.signature.package.starts_on or c.reported_on, c.reported_on
            ),
            status=STATUS.get(c.progress, "op_schema"),
            note=c.note,
            reported_by=c.signature.signed_by,
            reported_at=timezone.make_aware(datetime.combine(c.reported_on, time(12))),
        )
        for c in reported
    )


def backwards(apps, schema_editor):
    Commitment = apps.get_model("actionpackages", "Commitment")
    Report = apps.get_model("actionpackages", "CommitmentReport")
    back = {value: key for key, value in STATUS.items()}
    for report in Report.objects.order_by("review_number"):
        Commitment.objects.filter(pk=report.commitment_id).update(
            progress=back[report.status],
            note=report.note,
            reported_on=report.reported_at.date(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("actionpackages", "0003_commitment_reviews"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
