"""Writes with consequences for meetings: agendas, minutes, action points, sending."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenoverleg import audit, outbox
from ketenoverleg.models import Ketenoverleg, Role, User, recheck_time
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, users_holding
from ketenoverleg.services import document_request
from meetings import notices
from meetings.models import (
    DEFAULT_TEMPLATE,
    SECTION_ORDER,
    ActionPoint,
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    CalendarToken,
    Dispatch,
    DispatchRecipient,
    DispatchResend,
    Meeting,
    Minutes,
    MinutesCorrection,
)
from meetings.tasks import dispatch_deliver
from members.models import Membership, Representative


def template_items(council: Ketenoverleg) -> list[AgendaTemplateItem]:
    """The council's agenda template in the fixed order (a read: a council gets the
    standard template when it is created)."""
    items = list(council.agenda_template_items.all())
    return sorted(items, key=lambda item: (SECTION_ORDER[item.section], item.position))


def agenda_template_create_default(*, council: Ketenoverleg) -> list[AgendaTemplateItem]:
    """Give a new council the kernteam agenda of the fixed structure."""
    if council.agenda_template_items.exists():
        return template_items(council)
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(council=council, section=section, title=str(title), position=i)
        for i, (section, title) in enumerate(DEFAULT_TEMPLATE)
    )
    return template_items(council)


def calendar_token_for(*, user: User, council: Ketenoverleg) -> CalendarToken:
    """The secret of the user's private calendar feed of this council, made on request."""
    token, _created = CalendarToken.objects.get_or_create(user=user, council=council)
    return token


@transaction.atomic
def meeting_create(*, council: Ketenoverleg, by: User, **fields) -> Meeting:
    """Plan a meeting; kernteam meetings and the ALV start with the council's agenda."""
    meeting = Meeting(council=council, **fields)
    meeting.full_clean()
    meeting.save()
    if meeting.kind in {Meeting.Kind.KERNTEAM, Meeting.Kind.ALV, Meeting.Kind.AGENDAOVERLEG}:
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, section=t.section, title=t.title, position=i)
            for i, t in enumerate(template_items(council))
        )
    return meeting


def _minutes_snapshot(minutes: Minutes) -> dict:
    return {
        "summary": minutes.summary,
        "items": [
            {"title": i.title, "discussion": i.discussion, "decisions": i.decisions}
            for i in minutes.meeting.items.all()
        ],
    }


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    summary: str,
    items: dict[int, tuple[str, str]],
    attendance: dict[int, str],
    by: User,
    correction_reason: str = "",
) -> Minutes:
    """Write or change the minutes. A published set changes only as a new version with a reason."""
    if not meeting.has_minutes:
        raise ValidationError(_("Van een werksessie wordt geen verslag gemaakt."))
    if not meeting.is_past:
        raise ValidationError(_("Een verslag schrijft u na de vergadering."))
    minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status != Minutes.Status.CONCEPT:
        if not correction_reason.strip():
            raise ValidationError(
                {
                    "correction_reason": _(
                        "Een vastgesteld of gepubliceerd verslag wijzigt alleen met een reden."
                    )
                }
            )
        correction = MinutesCorrection.freeze(
            minutes,
            by=by,
            reason=correction_reason,
            previous_text=_minutes_snapshot(minutes),
        )
        minutes.version = correction.version
    minutes.summary = summary
    minutes.save()
    for item in meeting.items.all():
        if item.pk in items:
            item.discussion, item.decisions = items[item.pk]
            item.save(update_fields=["discussion", "decisions"])
    for user_id, status in attendance.items():
        Attendance.objects.update_or_create(
            meeting=meeting, user_id=user_id, defaults={"status": status}
        )
    if created:
        notices.minutes_waiting(minutes)
    return minutes


@transaction.atomic
def minutes_adopt(*, minutes: Minutes, at_meeting: Meeting, by: User) -> Minutes:
    """The next meeting adopts (vaststellen) the minutes, on the date it is held."""
    meeting = minutes.meeting
    if minutes.status != Minutes.Status.CONCEPT:
        raise ValidationError(_("Dit verslag is al vastgesteld."))
    if not meeting.is_past:
        raise ValidationError(_("Een verslag kan niet worden vastgesteld vóór de vergadering."))
    if (
        at_meeting.council_id != meeting.council_id
        or at_meeting.starts_at <= meeting.starts_at
        or at_meeting.kind != meeting.kind
    ):
        raise ValidationError(
            {
                "at_meeting": _(
                    "Kies een latere vergadering van hetzelfde orgaan in dit ketenoverleg."
                )
            }
        )
    if not at_meeting.is_past:
        raise ValidationError({"at_meeting": _("Die vergadering heeft nog niet plaatsgevonden.")})
    minutes.status = Minutes.Status.VASTGESTELD
    minutes.adopted_at = at_meeting
    minutes.adopted_on = timezone.localtime(at_meeting.starts_at).date()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_publish(*, minutes: Minutes, by: User) -> Minutes:
    if minutes.status != Minutes.Status.VASTGESTELD:
        raise ValidationError(_("Alleen een vastgesteld verslag kan worden gepubliceerd."))
    minutes.status = Minutes.Status.GEPUBLICEERD
    minutes.published_at = timezone.now()
    minutes.save()
    if minutes.meeting.is_public:  # public minutes: their PDF is made now, for anyone
        document_request(kind_key="notulen", obj=minutes.meeting, by=by)
    return minutes


@transaction.atomic
def action_point_add(
    *,
    meeting: Meeting,
    owner: User | None,
    description: str,
    deadline: date | None,
    agenda_item: AgendaItem | None = None,
    by: User,
) -> ActionPoint:
    errors = {}
    if owner is None:
        errors["owner"] = _("Een actiepunt heeft een eigenaar: wie voert het uit?")
    if deadline is None:
        errors["deadline"] = _("Een actiepunt heeft een uiterste datum.")
    if not description.strip():
        errors["description"] = _("Beschrijf wat er moet gebeuren.")
    if errors:
        raise ValidationError(errors)
    if agenda_item and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(
            {"agenda_item": _("Dit agendapunt hoort bij een andere vergadering.")}
        )
    point = ActionPoint.objects.create(
        meeting=meeting,
        owner=owner,
        description=description,
        deadline=deadline,
        agenda_item=agenda_item,
    )
    notices.action_point_assigned(point)
    return point


@transaction.atomic
def action_point_set_status(
    *, point: ActionPoint, status: str, in_meeting: Meeting | None = None, by: User
) -> ActionPoint:
    if status not in ActionPoint.Status.values:
        raise ValidationError({"status": _("Onbekende status.")})
    point.status = status
    if status == ActionPoint.Status.OPEN:
        point.closed_at = None
        point.closed_in = None
    else:
        point.closed_at = timezone.now()
        point.closed_in = in_meeting
    point.save()
    return point


def invited_people(meeting: Meeting) -> list[tuple[str, str]]:
    """(e-mail, name) of everyone invited to the meeting, without duplicates."""
    council = meeting.council
    people: dict[str, str] = {}

    def add_users(users):
        for user in users:
            if user.email and user.is_active:
                people.setdefault(user.email.lower(), str(user))

    if meeting.invitees == Meeting.Invitees.MEMBERS:
        return member_contacts(council)
    if meeting.invitees == Meeting.Invitees.WORK_GROUP and meeting.work_group_id:
        group = meeting.work_group
        add_users(group.linking_pins.all())
        add_users(
            User.objects.filter(
                representations__is_contact=True,
                representations__organisation__memberships__in=group.members.all(),
            )
        )
    elif meeting.invitees == Meeting.Invitees.AGENDAGROEP:
        add_users(users_holding(council, {Role.VOORZITTER, Role.SECRETARIS}))
    else:
        # The kernteam: its seats, its functions (the procesbegeleider without a vote)
        # and the secretariat.
        add_users(
            users_holding(council, KERNTEAM_ROLES | SECRETARIAT_ROLES | {Role.PROCESBEGELEIDER})
        )
    return sorted(people.items())


def member_contacts(council: Ketenoverleg) -> list[tuple[str, str]]:
    reps = Representative.objects.filter(
        is_contact=True,
        organisation__memberships__in=Membership.objects.for_council(council).admitted(),
        user__is_active=True,
    ).select_related("user")
    people = {r.user.email.lower(): str(r.user) for r in reps if r.user.email}
    return sorted(people.items())


def _audience_people(meeting: Meeting, audience: str) -> list[tuple[str, str]]:
    if audience == Dispatch.Audience.MEMBERS:
        return member_contacts(meeting.council)
    return invited_people(meeting)


def _check_sendable(meeting: Meeting, what: str) -> None:
    if what == Dispatch.What.AGENDA and meeting.is_past:
        raise ValidationError(
            {
                "what": _(
                    "Deze vergadering is al geweest: de agenda gaat niet meer als uitnodiging uit."
                )
            }
        )
    if what == Dispatch.What.MINUTES and not Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError({"what": _("Er is nog geen verslag om te versturen.")})


@transaction.atomic
def dispatch_send(*, meeting: Meeting, what: str, audience: str, by: User) -> Dispatch:
    """Record who gets the agenda or minutes, then let a worker send them.

    Each document goes to each audience once: a second click, or twenty at the same
    time, finds the first dispatch and is refused with a pointer to "opnieuw
    versturen" (``dispatch_resend``). The meeting row is locked while this runs, and
    a unique constraint is the last guard.
    """
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    earlier = meeting.dispatches.filter(what=what, audience=audience).first()
    if earlier is not None:
        raise _already_sent(earlier)
    _check_sendable(meeting, what)
    people = _audience_people(meeting, audience)
    if not people:
        raise ValidationError({"audience": _("Er is niemand om dit naar te sturen.")})
    try:
        with transaction.atomic():
            dispatch = Dispatch.objects.create(
                meeting=meeting, what=what, audience=audience, created_by=by
            )
    except IntegrityError:
        raise _already_sent(meeting.dispatches.get(what=what, audience=audience)) from None
    # The message links the PDF of the agenda or minutes (made by the document pipeline).
    document_request(kind_key="notulen", obj=meeting, by=by)
    DispatchRecipient.objects.bulk_create(
        DispatchRecipient(dispatch=dispatch, email=email, name=name) for email, name in people
    )
    audit.record(
        action=audit.Action.DISPATCH_SENT,
        by=by,
        council=meeting.council,
        target=dispatch,
        summary=gettext_noop("%(what)s van %(meeting)s naar %(count)s personen (%(audience)s)"),
        what=dispatch.get_what_display(),
        meeting=meeting,
        count=len(people),
        audience=dispatch.get_audience_display(),
    )
    outbox.enqueue_on_commit(dispatch_deliver, dispatch)
    return dispatch


def _already_sent(dispatch: Dispatch) -> ValidationError:
    return ValidationError(
        _(
            "%(what)s is al verstuurd aan: %(audience)s (op %(date)s). Nog eens sturen kan "
            "met 'Opnieuw versturen' bij die verzending, met een reden."
        )
        % {
            "what": dispatch.get_what_display(),
            "audience": dispatch.get_audience_display().lower(),
            "date": formats.date_format(timezone.localtime(dispatch.created_at), "j F Y H:i"),
        },
        code="already_sent",
    )


@transaction.atomic
def dispatch_resend(
    *, dispatch: Dispatch, reason: str, to_all: bool, token: str, by: User
) -> DispatchResend:
    """Send a dispatch again, as an explicit and recorded step (who, when, why).

    It goes to everyone in the audience now who did not receive it (an address that
    failed, a new member), or with ``to_all`` to everyone in the audience again; a
    message still on its way is not sent a second time. ``token`` comes from the
    form: posting the same form twice resends once. The dispatch row is locked, so
    parallel resends see each other's recipients.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden om opnieuw te versturen.")})
    dispatch = (
        Dispatch.objects.select_for_update().select_related("meeting__council").get(pk=dispatch.pk)
    )
    done = DispatchResend.objects.filter(token=token).first()
    if done is not None:
        return done  # the same form posted twice
    meeting = dispatch.meeting
    _check_sendable(meeting, dispatch.what)
    rows: dict[str, list[DispatchRecipient]] = {}
    for row in dispatch.recipients.all():
        rows.setdefault(row.email.lower(), []).append(row)
    retry, new = [], []
    for email, name in _audience_people(meeting, dispatch.audience):
        earlier = rows.get(email.lower(), [])
        if any(row.sent_at is None and not row.error for row in earlier):
            continue  # on its way: not tried yet
        if any(row.sent_at for row in earlier):
            if to_all:
                new.append((email, name))
        elif earlier:
            retry.extend(earlier)  # every attempt failed so far: try again
        else:
            new.append((email, name))  # not in the audience then (a new member)
    if not retry and not new:
        raise ValidationError(
            {
                "to_all": _(
                    "Iedereen heeft dit ontvangen of het is onderweg. Vink 'ook aan wie het al "
                    "ontving' aan om het nog eens aan iedereen te sturen."
                )
            }
        )
    resend = DispatchResend.objects.create(
        dispatch=dispatch,
        created_by=by,
        reason=reason.strip(),
        to_all=to_all,
        token=token,
        recipient_count=len(retry) + len(new),
    )
    DispatchRecipient.objects.filter(pk__in=[row.pk for row in retry]).update(attempts=0, error="")
    DispatchRecipient.objects.bulk_create(
        DispatchRecipient(dispatch=dispatch, resend=resend, email=email, name=name)
        for email, name in new
    )
    dispatch.next_attempt_at = recheck_time()
    dispatch.save(update_fields=["next_attempt_at"])
    audit.record(
        action=audit.Action.DISPATCH_RESENT,
        by=by,
        council=meeting.council,
        target=dispatch,
        summary=gettext_noop(
            "%(what)s van %(meeting)s opnieuw naar %(count)s personen (%(audience)s): %(reason)s"
        ),
        what=dispatch.get_what_display(),
        meeting=meeting,
        count=resend.recipient_count,
        audience=dispatch.get_audience_display(),
        reason=resend.reason,
    )
    outbox.enqueue_on_commit(dispatch_deliver, dispatch)
    return resend
