"""Demo meetings of Betonketenoverleg Groningen: four past kernteam meetings with
minutes and action points (some overdue), one ALV, one upcoming meeting."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from meetings import services
from meetings.models import ActionPoint, Attendance, Evaluation, Meeting, Minutes

LOCATION = "Gemeentelijk Informatiecentrum, Groningen"

# (weeks before today, discussion per agenda section, action points (owner, what, days));
# each meeting is called after the month it falls in.
PAST_KERNTEAM = [
    (
        52,
        "De voorzitter opent; agenda vastgesteld.",
        [
            (
                "secretaris@beton-groningen.demo",
                "Probleemlijst bijwerken met de inbreng van de leden",
                30,
            ),
        ],
    ),
    (
        39,
        "Keuze voor het vraagstuk granulaat in funderingen.",
        [
            (
                "voorzitter@beton-groningen.demo",
                "Gesprek met de wethouder over de vacature overheid",
                40,
            ),
            (
                "kernteam@beton-groningen.demo",
                "Hoeveelheid beschikbaar betongranulaat in kaart brengen",
                60,
            ),
        ],
    ),
    (
        26,
        "Projectopdracht meer granulaatbeton vastgesteld.",
        [
            ("penningmeester@beton-groningen.demo", "Begroting 2026 opstellen voor de ALV", 45),
        ],
    ),
    (
        13,
        "Voortgang Uiverproject besproken; consultatie voorbereid.",
        [
            (
                "secretaris@beton-groningen.demo",
                "Consultatieronde actiepakket aankondigen bij alle leden",
                21,
            ),
            (
                "transitie@beton-groningen.demo",
                "Persbericht over de startbijeenkomst voorbereiden",
                120,
            ),
        ],
    ),
]


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _kernteam_title(weeks_ago: int) -> str:
    """The meeting's name says its month ("Kernteam augustus" in August)."""
    return f"Kernteam {MONTHS[_at(weeks_ago).month - 1]}"


def _at(weeks_ago: int, hour: int = 15) -> datetime:
    day = timezone.localdate() - timedelta(weeks=weeks_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if Meeting.objects.filter(council=council).exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    meetings = []
    for weeks, decision, points in PAST_KERNTEAM:
        meeting = services.meeting_create(
            council=council,
            by=secretary,
            kind=Meeting.Kind.KERNTEAM,
            title=_kernteam_title(weeks),
            starts_at=_at(weeks),
            ends_at=_at(weeks, 17),
            location=LOCATION,
            invitees=Meeting.Invitees.KERNTEAM,
            is_public=True,
        )
        meetings.append(meeting)
        first = meeting.items.first()
        first.discussion = decision
        first.decisions = decision
        first.save()
        Minutes.objects.create(meeting=meeting, summary=decision)
        for email, _name in services.invited_people(meeting):
            user = User.objects.get(email=email)
            status = (
                Attendance.Status.EXCUSED
                if "transitie" in email and weeks == 26
                else Attendance.Status.PRESENT
            )
            Attendance.objects.create(meeting=meeting, user=user, status=status)
        for owner, what, days in points:
            ActionPoint.objects.create(
                meeting=meeting,
                agenda_item=first,
                owner=User.objects.get(email=owner),
                description=what,
                deadline=timezone.localtime(meeting.starts_at).date() + timedelta(days=days),
            )
    # The first three sets of minutes were adopted at the next meeting and published.
    for earlier, later in zip(meetings, meetings[1:], strict=False):
        minutes = earlier.minutes
        services.minutes_adopt(minutes=minutes, at_meeting=later, by=secretary)
        services.minutes_publish(minutes=minutes, by=secretary)
    # The oldest point is done; the others stay open (some are overdue by now).
    ActionPoint.objects.filter(meeting=meetings[0]).update(
        status=ActionPoint.Status.DONE, closed_in=meetings[1]
    )

    alv = services.meeting_create(
        council=council,
        by=secretary,
        kind=Meeting.Kind.ALV,
        title="Algemene ledenvergadering",
        starts_at=_at(30, 19),
        ends_at=_at(30, 21),
        location=LOCATION,
        invitees=Meeting.Invitees.MEMBERS,
        is_public=True,
    )
    Minutes.objects.create(meeting=alv, summary="Jaarplan, begroting en contributie vastgesteld.")
    Evaluation.objects.create(
        council=council,
        year=timezone.localdate().year,
        held_on=timezone.localtime(meetings[-1].starts_at).date(),
        meeting=meetings[-1],
        still_relevant="Ja: er komt nog steeds veel betongranulaat in wegfunderingen terecht.",
        adds_value="Ja: de gemeente en de leveranciers vinden elkaar nu sneller.",
        conclusion="Het ketenoverleg gaat door; de vacature overheid krijgt voorrang.",
    )
    services.meeting_create(
        council=council,
        by=secretary,
        kind=Meeting.Kind.KERNTEAM,
        title=_kernteam_title(-3),
        starts_at=_at(-3),
        ends_at=_at(-3, 17),
        location=LOCATION,
        invitees=Meeting.Invitees.KERNTEAM,
        is_public=True,
    )
