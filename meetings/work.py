"""What meetings adds to "Mijn werk": minutes to adopt or publish, my action points."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenoverleg.models import Role
from ketenoverleg.roles import SECRETARIAT_ROLES, councils_where
from ketenoverleg.worklist import Task, WorkKind, overdue_first
from meetings import selectors
from meetings.models import Minutes

MANAGER_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}


def minutes_tasks(user) -> list[Task]:
    councils = councils_where(user, MANAGER_ROLES)
    if not councils:
        return []
    return [
        Task(
            council=minutes.meeting.council,
            text=(
                _("Verslag van %(meeting)s vaststellen")
                if minutes.status == Minutes.Status.CONCEPT
                else _("Vastgesteld verslag van %(meeting)s publiceren")
            )
            % {"meeting": minutes.meeting},
            url=minutes.meeting.get_absolute_url() + "#beheer",
        )
        for minutes in selectors.minutes_to_settle(councils)
    ]


def action_point_tasks(user) -> list[Task]:
    return overdue_first(
        [
            Task(
                council=point.meeting.council,
                text=point.description,
                url=point.meeting.get_absolute_url(),
                due_on=point.deadline,
                detail=_("uit %(meeting)s") % {"meeting": point.meeting},
            )
            for point in selectors.open_points_of(user)
        ]
    )


KINDS = [
    WorkKind("minutes", gettext_lazy("Verslagen vaststellen en publiceren"), 20, minutes_tasks),
    WorkKind("action_points", gettext_lazy("Mijn actiepunten"), 30, action_point_tasks),
]
