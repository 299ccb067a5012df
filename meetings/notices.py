"""The notifications of meetings (registered in ``apps.ready()``, sent through
``ketenoverleg.notifications``): an action point assigned to you and due in 7 days
(both addressed to the owner, never held for a digest), and minutes waiting for the
kernteam's approval."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg import notifications
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, users_holding
from meetings.models import ActionPoint, Minutes

ACTION_POINT_ASSIGNED = "action_point_assigned"
ACTION_POINT_DUE = "action_point_due"
MINUTES_WAITING = "minutes_waiting"
DUE_AHEAD = timedelta(days=7)

KINDS = [
    notifications.Kind(
        key=ACTION_POINT_ASSIGNED,
        label=_("Een actiepunt is aan u toegewezen"),
        template="meetings/email/notify_action_point_assigned",
        personal=True,
    ),
    notifications.Kind(
        key=ACTION_POINT_DUE,
        label=_("Uw actiepunt moet over 7 dagen klaar zijn"),
        template="meetings/email/notify_action_point_due",
        personal=True,
    ),
    notifications.Kind(
        key=MINUTES_WAITING,
        label=_("Een verslag wacht op vaststelling (kernteam)"),
        template="meetings/email/notify_minutes_waiting",
    ),
]


def action_point_assigned(point: ActionPoint) -> int:
    meeting = point.meeting
    return notifications.notify(
        kind=ACTION_POINT_ASSIGNED,
        event=f"action_point:{point.pk}:owner:{point.owner_id}",
        users=[point.owner],
        path=meeting.get_absolute_url(),
        context={"point": point, "meeting": meeting},
        council=meeting.council,
    )


def action_points_due_remind(*, on: date | None = None) -> int:
    """Daily: the owner of an open action point due in 7 days (or less, when the run
    was missed) hears of it once per deadline."""
    on = on or timezone.localdate()
    due = (
        ActionPoint.objects.open()
        .filter(deadline__gte=on, deadline__lte=on + DUE_AHEAD, owner__isnull=False)
        .select_related("owner", "meeting__council")
    )
    sent = 0
    for point in due:
        sent += notifications.notify(
            kind=ACTION_POINT_DUE,
            event=f"action_point:{point.pk}:due:{point.deadline.isoformat()}",
            users=[point.owner],
            path=point.meeting.get_absolute_url(),
            context={"point": point, "meeting": point.meeting},
            council=point.meeting.council,
        )
    return sent


def minutes_waiting(minutes: Minutes) -> int:
    meeting = minutes.meeting
    return notifications.notify(
        kind=MINUTES_WAITING,
        event=f"minutes:{minutes.pk}:waiting",
        users=users_holding(meeting.council, KERNTEAM_ROLES | SECRETARIAT_ROLES),
        path=meeting.get_absolute_url(),
        context={"minutes": minutes, "meeting": meeting},
        council=meeting.council,
    )
