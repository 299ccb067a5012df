"""Reads of the start-up track and relatiebeheer that several pages share."""

from datetime import timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from actionpackages.invitation_sources import Candidate
from ketenoverleg.models import Geleding, Ketenoverleg, Phase, PhaseEvent, Role, RoleAssignment
from startup import checklist
from startup.models import (
    ChecklistItem,
    ContactPerson,
    LogEntry,
    Party,
    PartyStatus,
    Vooronderzoek,
)

# The logbook is kept every four to six weeks; after six it is overdue.
LOG_INTERVAL = timedelta(weeks=6)


def guided_councils(user):
    """The councils a kwartiermaker guides: all of them for a programme-wide
    kwartiermaker (or a superuser), otherwise those of their kwartiermaker roles."""
    if not user.is_authenticated:
        return Ketenoverleg.objects.none()
    roles = RoleAssignment.objects.active().filter(user=user, role=Role.KWARTIERMAKER)
    if user.is_superuser or roles.filter(council__isnull=True).exists():
        return Ketenoverleg.objects.all()
    return Ketenoverleg.objects.filter(pk__in=roles.values("council"))


def is_kwartiermaker(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or RoleAssignment.objects.active().filter(user=user, role=Role.KWARTIERMAKER).exists()
    )


def open_items(phase: str, done_keys: set[str], advice: str) -> list[checklist.Item]:
    """Items of ``phase`` that are not done yet; in verkenning the advice counts too."""
    items = [i for i in checklist.CHECKLIST.get(phase, []) if i.key not in done_keys]
    if phase == Phase.VERKENNING and not advice:
        items.append(ADVICE_ITEM)
    return items


ADVICE_ITEM = checklist.Item(
    "vo.advies", checklist.VOORONDERZOEK_ADVICE_LABEL, checklist.VOORONDERZOEK
)


def dashboard_rows(councils) -> list[dict]:
    """Per council: phase and since when, open checklist items, the logbook's last entry
    and whether it is due, and the size of relatiebeheer. Six queries in all."""
    councils = list(councils.select_related("parent").order_by("name"))
    ids = [c.pk for c in councils]
    done: dict[int, set[str]] = {}
    for council_id, key in ChecklistItem.objects.filter(council_id__in=ids, done=True).values_list(
        "council_id", "key"
    ):
        done.setdefault(council_id, set()).add(key)
    advice = dict(
        Vooronderzoek.objects.filter(council_id__in=ids).values_list("council_id", "advice")
    )
    last_log = dict(
        LogEntry.objects.filter(council_id__in=ids)
        .values("council_id")
        .annotate(last=Max("written_on"))
        .values_list("council_id", "last")
    )
    # Since when each council is in its current phase: its latest step into it.
    since = dict(
        PhaseEvent.objects.filter(council_id__in=ids, to_status=F("council__phase"))
        .values("council_id")
        .annotate(last=Max("at"))
        .values_list("council_id", "last")
    )
    parties = {
        row["council_id"]: row
        for row in Party.objects.filter(council_id__in=ids)
        .values("council_id")
        .annotate(n=Count("pk"), koplopers=Count("pk", filter=Q(status=PartyStatus.KOPLOPER)))
    }
    today = timezone.localdate()
    rows = []
    for council in councils:
        last = last_log.get(council.pk)
        rows.append(
            {
                "council": council,
                "since": since.get(council.pk),
                "open_items": open_items(
                    council.phase, done.get(council.pk, set()), advice.get(council.pk, "")
                ),
                "advice": advice.get(council.pk, ""),
                "last_log": last,
                # The logbook belongs to the start-up: overdue only while starting up.
                "log_due": council.in_startup and (last is None or today - last > LOG_INTERVAL),
                "parties": parties.get(council.pk, {}).get("n", 0),
                "koplopers": parties.get(council.pk, {}).get("koplopers", 0),
            }
        )
    return rows


def parties_per_geleding(council: Ketenoverleg) -> list[dict]:
    """The vooronderzoek's 'lokale partijen': how many per geleding (a geleding
    without any is a vacancy), and how many of them are koplopers."""
    counts = {
        row["geleding"]: row
        for row in Party.objects.filter(council=council)
        .values("geleding")
        .annotate(n=Count("pk"), koplopers=Count("pk", filter=Q(status=PartyStatus.KOPLOPER)))
    }
    return [
        {
            "key": g.value,
            "label": g.label,
            "count": counts.get(g.value, {}).get("n", 0),
            "koplopers": counts.get(g.value, {}).get("koplopers", 0),
        }
        for g in Geleding
    ]


def invitation_candidates(package) -> list[Candidate]:
    """Relatiebeheer as a source of a package's invitations (registered with
    ``actionpackages.invitation_sources``): contact persons who may be mailed, of
    parties that are not members."""
    contacts = (
        ContactPerson.objects.mailable()
        .filter(party__council_id=package.council_id)
        .exclude(party__status__in=[PartyStatus.LID, PartyStatus.AFGEHAAKT])
        .select_related("party")
        .order_by("party__name", "name")
    )
    members = set(
        Party.objects.with_member_flag()
        .filter(council_id=package.council_id, is_member=True)
        .values_list("pk", flat=True)
    )
    return [
        Candidate(
            key=f"relatiebeheer:{c.pk}",
            name=f"{c.name} ({c.party.name})",
            email=c.email,
            geleding=c.party.geleding,
            source=str(Party._meta.verbose_name),
        )
        for c in contacts
        if c.party_id not in members
    ]
