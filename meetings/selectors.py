"""Reads of meetings data that pages, PDFs and the public site share."""

from datetime import datetime

from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg.models import Ketenoverleg
from meetings.models import ActionPoint, Evaluation, Meeting, Minutes, Section
from members.models import BoardAppointment

KERNTEAM_INTERVAL_DAYS = 92  # "about four times a year": more than three months is overdue
PLENARY_INTERVAL_DAYS = 366


def rhythm_warnings(council: Ketenoverleg) -> list[str]:
    """Warnings when the kernteam or the plenary is overdue (handbook: quarterly; yearly)."""
    today = timezone.localdate()
    warnings = []
    last = {
        kind: (
            Meeting.objects.for_council(council)
            .past()
            .filter(kind=kind)
            .order_by("-starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        for kind in (Meeting.Kind.KERNTEAM, Meeting.Kind.ALV)
    }
    kernteam, alv = last[Meeting.Kind.KERNTEAM], last[Meeting.Kind.ALV]
    if kernteam is None:
        warnings.append(_("Het kernteam heeft nog niet vergaderd."))
    elif (today - timezone.localtime(kernteam).date()).days > KERNTEAM_INTERVAL_DAYS:
        warnings.append(
            _("Het kernteam heeft langer dan drie maanden niet vergaderd (laatst op %(d)s).")
            % {"d": timezone.localtime(kernteam).date().strftime("%d-%m-%Y")}
        )
    if alv is None:
        warnings.append(_("Er is nog geen ALV (plenaire vergadering) gehouden."))
    elif (today - timezone.localtime(alv).date()).days > PLENARY_INTERVAL_DAYS:
        warnings.append(
            _("De ALV heeft langer dan twaalf maanden niet vergaderd (laatst op %(d)s).")
            % {"d": timezone.localtime(alv).date().strftime("%d-%m-%Y")}
        )
    if not Evaluation.objects.filter(council=council, year__gte=today.year - 1).exists():
        warnings.append(_("De jaarlijkse evaluatie van het ketenoverleg is niet vastgelegd."))
    return warnings


def meeting_context(meeting: Meeting, *, show_concept: bool) -> dict:
    """Everything the meeting page and its print view show: agenda, minutes, points."""
    items = list(
        meeting.items.select_related(
            "issue__council", "project__council", "package__council"
        ).prefetch_related(
            Prefetch("action_points", queryset=ActionPoint.objects.select_related("owner"))
        )
    )
    sections = []
    for section in Section:
        sections.append(
            {
                "key": section.value,
                "label": section.label,
                "items": [i for i in items if i.section == section.value],
            }
        )
    minutes = Minutes.objects.filter(meeting=meeting).prefetch_related("corrections").first()
    if minutes and not minutes.is_published and not show_concept:
        minutes = None
    return {
        "meeting": meeting,
        "sections": sections,
        "carried_over": ActionPoint.objects.carried_over_to(meeting),
        # As on the day of the meeting: the agenda and minutes are a record of that day.
        "vacancies": BoardAppointment.objects.vacant_seats(
            meeting.council, on=timezone.localtime(meeting.starts_at).date()
        ),
        "minutes": minutes,
        "attendance": meeting.attendance.select_related("user") if minutes else [],
        # Points of this meeting belong to its minutes: shown where the minutes are.
        "new_points": meeting.action_points.select_related("owner", "agenda_item")
        if minutes or show_concept
        else [],
    }


def last_met(council_ids: list[int]) -> dict[tuple[int, str], datetime]:
    """{(council_id, kind): start of the last kernteam meeting or ALV held}."""
    rows = (
        Meeting.objects.filter(
            council_id__in=council_ids,
            starts_at__lt=timezone.now(),
            kind__in=[Meeting.Kind.KERNTEAM, Meeting.Kind.ALV],
        )
        .values("council_id", "kind")
        .annotate(last=Max("starts_at"))
    )
    return {(r["council_id"], r["kind"]): r["last"] for r in rows}


def meetings_held(council: Ketenoverleg, kind: str, since: datetime, until: datetime) -> int:
    """How many meetings of ``kind`` the council held from ``since`` up to ``until``
    (both moments; a meeting still to come is not held)."""
    return (
        Meeting.objects.for_council(council)
        .filter(kind=kind, starts_at__gte=since, starts_at__lt=min(until, timezone.now()))
        .count()
    )


def minutes_to_settle(councils: list[Ketenoverleg]):
    """Minutes of past meetings in ``councils`` still to be adopted (concept) or, once
    adopted, to be published; oldest meeting first."""
    return (
        Minutes.objects.filter(
            meeting__council__in=councils,
            meeting__starts_at__lt=timezone.now(),
            status__in=[Minutes.Status.CONCEPT, Minutes.Status.VASTGESTELD],
        )
        .select_related("meeting__council")
        .order_by("meeting__starts_at", "pk")
    )


def open_points_of(user):
    """The open action points ``user`` owns, in every council, by deadline."""
    return (
        ActionPoint.objects.open()
        .filter(owner=user)
        .select_related("meeting__council")
        .order_by("deadline", "pk")
    )
