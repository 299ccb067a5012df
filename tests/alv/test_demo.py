"""The demo council's ALV: last spring's meeting held, the next one convened with an
online vote open, and the jaarverslag of last year with the real counts."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from alv.models import AnnualReport, Assembly, ItemKind, OnlineBallot, Outcome, YearPlan
from ketenoverleg import services as core_services
from ketenoverleg.models import Document, Geleding, Ketenoverleg
from meetings.demo import MONTHS
from meetings.models import Meeting
from members.models import BoardAppointment, ContributionRate, MembershipGeleding
from tests.documents.helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def beton(db):
    call_command("seed_demo", verbosity=0)
    return Ketenoverleg.objects.get(slug="beton-groningen")


def test_last_alv_held_and_the_next_one_convened(beton):
    held, coming = (
        Assembly.objects.filter(council=beton)
        .order_by("meeting__starts_at")
        .select_related("meeting")
    )
    assert held.meeting.is_past and not coming.meeting.is_past
    decided = {item.kind: item for item in held.items.all()}
    assert all(item.outcome == Outcome.ADOPTED for item in decided.values())
    year = held.date.year
    report = AnnualReport.objects.get(council=beton, year=year - 1)
    assert report.adopted_by == decided[ItemKind.JAARVERSLAG]
    assert report.discharged_by == decided[ItemKind.DECHARGE]
    plan = YearPlan.objects.get(council=beton, year=year)
    assert plan.budget_adopted_by == decided[ItemKind.BEGROTING]
    rate = ContributionRate.objects.get(council=beton, year=year + 1, member_kind="")
    assert rate.set_by_alv_on == held.date
    reappointed = BoardAppointment.objects.get(
        council=beton, previous=decided[ItemKind.HERBENOEMING].board_appointment
    )
    assert reappointed.appointed_by_alv_on == held.date

    assert coming.is_convened
    online = coming.items.get(kind=ItemKind.STATUTENWIJZIGING)
    assert online.online_open
    assert OnlineBallot.objects.filter(item=online).count() == 4
    # Its name says its month, whatever day the demo is seeded.
    month = MONTHS[timezone.localtime(coming.meeting.starts_at).month - 1]
    assert coming.meeting.title.endswith(f"{month} {coming.meeting.starts_at.year}")


def test_demo_is_seeded_once(beton):
    before = (
        Assembly.objects.count(),
        OnlineBallot.objects.count(),
        BoardAppointment.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    after = (
        Assembly.objects.count(),
        OnlineBallot.objects.count(),
        BoardAppointment.objects.count(),
    )
    assert after == before


def test_jaarverslag_pdf_of_last_year_holds_the_real_counts(
    beton, django_capture_on_commit_callbacks
):
    report = AnnualReport.objects.get(council=beton, adopted_by__isnull=False)
    year = report.year
    zone = ZoneInfo(settings.TIME_ZONE)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)

    # Counted here straight from the tables, not through the report's own selector.
    def admitted_at(moment):
        return beton.memberships.filter(
            Q(decided_at__lt=moment) | Q(decided_at__isnull=True, applied_at__lt=moment)
        ).filter(Q(status="toegelaten") | Q(status="opgezegd", ended_at__gte=moment))

    def per_geleding(members):
        return {
            g.value: MembershipGeleding.objects.filter(
                membership__in=members, geleding=g.value
            ).count()
            for g in Geleding
        }

    at_start, at_end = admitted_at(start), admitted_at(end)
    first, last = per_geleding(at_start), per_geleding(at_end)
    meetings = Meeting.objects.filter(council=beton, starts_at__gte=start, starts_at__lt=end)
    kernteam = meetings.filter(kind=Meeting.Kind.KERNTEAM).count()
    assert at_end.count() > 0

    with django_capture_on_commit_callbacks(execute=True):
        document = core_services.document_request(kind_key="jaarverslag", obj=report, by=None)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    assert document.is_public
    text = " ".join(pdf_text(document).split())

    assert f"Jaarverslag {year}" in text
    row = " ".join(f"{g.label} {first[g.value]} {last[g.value]}" for g in Geleding)
    assert row in text
    assert f"Leden (organisaties) {at_start.count()} {at_end.count()}" in text
    assert f"{meetings.count()} vergaderingen, waarvan {kernteam} van het kernteam" in text
