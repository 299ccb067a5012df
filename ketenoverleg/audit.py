"""The audit log of sensitive actions: the services write it, the kernteam reads it.

Every service that changes who holds power, admits or refuses members, erases or
exports personal data, sends to many people at once, adopts the statute or changes the
council's details calls :func:`record` once, inside its own transaction, so an action
that is rolled back leaves no entry. The summary is a Dutch text marked with
``gettext_noop`` plus its values; the log page translates it when it is read.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from ketenoverleg.models import AuditEntry, Ketenoverleg

Action = AuditEntry.Action


def _plain(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def record(
    *,
    action: str,
    by,
    council: Ketenoverleg | None,
    summary: str,
    target=None,
    **values,
) -> AuditEntry:
    """Write one entry: ``by`` did ``action`` on ``target`` in ``council``.

    ``summary`` is a text marked with ``gettext_noop`` with ``%(name)s`` placeholders
    for ``values`` (names, numbers, dates), e.g.
    ``record(action=Action.ROLE_ENDED, by=user, council=c, target=assignment,
    summary=gettext_noop("%(person)s is geen %(role)s meer"), person=..., role=...)``.
    Values are written down in the product language (a role's label, say), the summary
    itself is translated when it is read.
    """
    with translation.override(settings.LANGUAGE_CODE):
        values = {name: _plain(value) for name, value in values.items()}
        object_repr = str(target)[:200] if target is not None else ""
    return AuditEntry.objects.create(
        at=timezone.now(),
        actor=by if by is not None and by.is_authenticated else None,
        council=council,
        action=action,
        summary=summary,
        values=values,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        object_repr=object_repr,
    )


def prune(*, now=None) -> int:
    """Remove entries older than AUDIT_LOG_RETENTION_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    deleted, _by_model = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
