"""Notifications: who hears of what, how (direct, weekly digest, off) and only once.

The core keeps a registry of notification kinds; each domain app registers its own in
``AppConfig.ready()`` (the core imports no app) and calls :func:`notify` from the
service that causes the event, inside its transaction::

    notifications.register(Kind(
        key="action_point_assigned",
        label=_("Een actiepunt is aan u toegewezen"),
        template="meetings/email/notify_action_point_assigned",
        personal=True,
    ))
    notifications.notify(
        kind="action_point_assigned", event=f"action_point:{point.pk}",
        users=[point.owner], path=point.meeting.get_absolute_url(),
        context={"point": point}, council=point.meeting.council,
    )

Per person, kind and event one ``Notice`` is written (a unique row), so a repeated
event, a retry or a double click never notifies anyone twice. A person who wants it
directly gets one mail through the outbox (``ketenoverleg.mail.queue_email``): it is
sent after the commit, and by the sweep when the broker is down. Everything else waits
for the weekly digest (:func:`digests_send`, a beat task), which starts where the
previous one stopped (``NotificationSettings.digest_covered_until``), so a missed run
is caught up without gaps or doubles. A *personal* kind (addressed to this person: an
action point, a review that is due) is never held for a digest.

Every mail carries a one-click unsubscribe link for its kind (a signed token, no login
needed) and the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers; the mail is
written in the person's language (Dutch, formal "u", or English).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from ketenoverleg.mail import queue_email
from ketenoverleg.models import (
    DEFAULT_TIME_ZONE,
    Delivery,
    Ketenoverleg,
    Notice,
    NotificationSettings,
    User,
)

# The weekly digest covers up to Monday 07:00 in the person's time zone.
DIGEST_WEEKDAY = 0
DIGEST_TIME = time(7, 0)
# A digest is built this long after its moment: a notice written just before 07:00 in a
# transaction that commits just after it is then visible, and not skipped for good.
DIGEST_GRACE = timedelta(minutes=15)
# The "kind" of the digest's own unsubscribe link: every kind that goes to the digest.
DIGEST = "digest"
UNSUBSCRIBE_SALT = "ketenoverleg.notifications.unsubscribe"


@dataclass(frozen=True)
class Kind:
    """One kind of notification. ``template`` names ``<template>_subject.txt`` and
    ``<template>_body.txt``; the body ends with ``notifications/email/footer.txt``.
    ``personal``: addressed to this person, so direct or off, never in a digest."""

    key: str
    label: Promise | str
    template: str
    default: str = Delivery.DIRECT
    personal: bool = False

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.personal:
            return [(Delivery.DIRECT, Delivery.DIRECT.label), (Delivery.OFF, Delivery.OFF.label)]
        return list(Delivery.choices)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add a kind (an app's ``ready()``); its key is unique over the site."""
    if kind.personal and kind.default == Delivery.DIGEST:
        raise ValueError(f"Personal kind {kind.key} cannot default to the digest.")
    KINDS[kind.key] = kind


def kinds() -> list[Kind]:
    return list(KINDS.values())


def settings_for(user: User) -> NotificationSettings:
    """The person's settings, unsaved defaults when they never chose."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def delivery_for(user: User, kind: Kind | str, found: NotificationSettings | None = None) -> str:
    kind = KINDS[kind] if isinstance(kind, str) else kind
    chosen = (found or settings_for(user)).choices.get(kind.key, kind.default)
    if chosen not in Delivery.values:
        chosen = kind.default
    if kind.personal and chosen == Delivery.DIGEST:
        return Delivery.DIRECT
    return chosen


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def zone_of(found: NotificationSettings) -> ZoneInfo:
    try:
        return ZoneInfo(found.time_zone or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


# Unsubscribing ------------------------------------------------------------------------


def unsubscribe_token(user: User, kind_key: str) -> str:
    return signing.dumps([user.pk, kind_key], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: User, kind_key: str) -> str:
    return site_url(
        reverse("notification_unsubscribe", kwargs={"token": unsubscribe_token(user, kind_key)})
    )


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The person and kind a token names; ``signing.BadSignature`` when it is forged,
    damaged or names a person or kind that does not exist (any more)."""
    try:
        user_id, kind_key = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=int(user_id), is_active=True)
    except (ValueError, TypeError, User.DoesNotExist) as error:
        raise signing.BadSignature(str(error)) from error
    if kind_key != DIGEST and kind_key not in KINDS:
        raise signing.BadSignature(f"unknown kind {kind_key!r}")
    return user, kind_key


def _headers(user: User, kind_key: str) -> tuple[str, dict[str, str]]:
    url = unsubscribe_url(user, kind_key)
    return url, {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Notifying ----------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    event: str,
    users: Iterable[User],
    path: str,
    context: dict | None = None,
    council: Ketenoverleg | None = None,
) -> int:
    """Notify ``users`` of ``event`` (e.g. ``"package:7:open"``), each once; returns how
    many were notified now (mailed or kept for their digest).

    Call it inside the service's transaction: a rolled-back change notifies nobody.
    ``path`` is the page the mail links to (made absolute with ``SITE_URL``); the
    kind's templates get ``context`` plus ``user``, ``url`` and ``unsubscribe_url``.
    """
    found_kind = KINDS[kind]
    ids = {u.pk for u in users if u is not None}
    people = (
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .select_related("notification_settings")
        .order_by("pk")
    )
    done = set(
        Notice.objects.filter(kind=kind, event=event, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    url = site_url(path)
    notified = 0
    for person in people:
        if person.pk in done:
            continue
        found = settings_for(person)
        delivery = delivery_for(person, found_kind, found)
        if delivery == Delivery.OFF:
            continue
        unsubscribe, headers = _headers(person, kind)
        full = {**(context or {}), "user": person, "url": url, "unsubscribe_url": unsubscribe}
        language = found.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = " ".join(render_to_string(f"{found_kind.template}_subject.txt", full).split())
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    user=person,
                    kind=kind,
                    event=event[:120],
                    council=council,
                    subject=subject[:300],
                    url=url[:500],
                    delivery=delivery,
                )
        except IntegrityError:
            continue  # a parallel request notified this person of this event
        if delivery == Delivery.DIRECT:
            queue_email(
                to=[person.email],
                template=found_kind.template,
                context=full,
                language=language,
                key=f"notice:{notice.pk}",
                headers=headers,
            )
        notified += 1
    return notified


# The weekly digest --------------------------------------------------------------------


def digest_boundary(now: datetime, zone: ZoneInfo) -> datetime:
    """The latest digest moment (Monday 07:00 in ``zone``) at or before ``now``."""
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    moment = datetime.combine(day, DIGEST_TIME, tzinfo=zone)
    if moment > local:
        moment = datetime.combine(day - timedelta(days=7), DIGEST_TIME, tzinfo=zone)
    return moment


def _waiting_for_digest():
    """Digest notices not yet covered by their person's last digest."""
    covered = "user__notification_settings__digest_covered_until"
    return Notice.objects.filter(delivery=Delivery.DIGEST).filter(
        Q(**{f"{covered}__isnull": True}) | Q(created_at__gt=F(covered))
    )


def digests_send(*, now: datetime | None = None) -> int:
    """Queue the weekly digest of everyone whose digest moment has passed; returns how
    many were queued. Run it often (hourly): each person's digest covers from where the
    previous one stopped up to their latest digest moment, so after an outage the next
    run sends one digest that covers the missed weeks, and a second run sends nothing.
    Empty digests are skipped. A digest is built ``DIGEST_GRACE`` after its moment, so a
    notice whose transaction committed just after the moment is not skipped."""
    now = now or timezone.now()
    queued = 0
    for user_id in set(_waiting_for_digest().values_list("user_id", flat=True)):
        if digest_send(user_id=user_id, now=now):
            queued += 1
    return queued


@shared_task(name="ketenoverleg.notifications.digests_send")
def digests_send_task() -> int:
    """Hourly beat task (thin): see :func:`digests_send`."""
    return digests_send()


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d-%m-%Y %H:%M")


@transaction.atomic
def digest_send(*, user_id: int, now: datetime) -> bool:
    """One person's digest up to their latest digest moment, under a lock on their
    settings (a parallel run waits and then finds it covered)."""
    person = User.objects.get(pk=user_id)
    found, _created = NotificationSettings.objects.get_or_create(user=person)
    found = NotificationSettings.objects.select_for_update().get(pk=found.pk)
    boundary = digest_boundary(now - DIGEST_GRACE, zone_of(found))
    start = found.digest_covered_until
    if start is not None and start >= boundary:
        return False
    items = Notice.objects.filter(
        user=person, delivery=Delivery.DIGEST, created_at__lte=boundary
    ).select_related("council")
    if start is not None:
        items = items.filter(created_at__gt=start)
    items = list(items)
    found.digest_covered_until = boundary
    found.save(update_fields=["digest_covered_until"])
    if not items or not person.is_active or not person.email:
        return False
    unsubscribe, headers = _headers(person, DIGEST)
    zone = zone_of(found)
    queue_email(
        to=[person.email],
        template="notifications/email/digest",
        context={
            "user": person,
            "items": items,
            "since": _local(start, zone) if start else "",
            "until": _local(boundary, zone),
            "url": site_url(reverse("notification_preferences")),
            "unsubscribe_url": unsubscribe,
        },
        language=found.language or settings.LANGUAGE_CODE,
        key=f"digest:{person.pk}:{boundary.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M}",
        headers=headers,
    )
    return True


# Choosing -----------------------------------------------------------------------------


@transaction.atomic
def preferences_set(
    *, user: User, language: str, time_zone: str, choices: dict[str, str]
) -> NotificationSettings:
    """Store a person's choices; kinds not in ``choices`` keep what they had."""
    found, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    merged = dict(found.choices)
    for key, delivery in choices.items():
        kind = KINDS.get(key)
        if kind is None or delivery not in dict(kind.options):
            raise ValueError(f"{delivery!r} is no option for {key!r}")
        merged[key] = delivery
    found.choices = merged
    found.language = language
    found.time_zone = time_zone
    found.save()
    return found


@transaction.atomic
def unsubscribe(*, user: User, kind_key: str) -> list[Kind]:
    """Turn one kind off (the digest's link: every kind that goes to the digest);
    returns the kinds turned off."""
    found, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    if kind_key == DIGEST:
        off = [k for k in kinds() if delivery_for(user, k, found) == Delivery.DIGEST]
    else:
        off = [KINDS[kind_key]]
    found.choices = {**found.choices, **{k.key: Delivery.OFF for k in off}}
    found.save(update_fields=["choices"])
    return off
