"""Writes with consequences in the council core."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg.mail import queue_email
from ketenoverleg.models import Ketenoverleg, Role, RoleAssignment, User


@transaction.atomic
def role_assign(
    *,
    council: Ketenoverleg | None,
    user: User,
    role: str,
    starts_on: date,
    ends_on: date | None = None,
    by: User,
) -> RoleAssignment:
    """Give ``user`` a role in ``council`` and tell them by e-mail."""
    # Two periods overlap when each starts before the other ends (open ends run forever).
    overlapping = RoleAssignment.objects.filter(user=user, council=council, role=role).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    overlapping = overlapping.exists()
    if overlapping:
        raise ValidationError({"role": _("Deze gebruiker heeft deze rol in deze periode al.")})
    assignment = RoleAssignment(
        council=council, user=user, role=role, starts_on=starts_on, ends_on=ends_on
    )
    assignment.full_clean()
    assignment.save()
    queue_email(
        to=[user.email],
        template="ketenoverleg/email/role_assigned",
        context={"assignment": assignment, "by": by},
    )
    return assignment


@transaction.atomic
def role_end(
    *, assignment: RoleAssignment, ends_on: date | None = None, by: User
) -> RoleAssignment:
    """End a role on ``ends_on`` (default today); the record stays as history."""
    ends_on = ends_on or timezone.localdate()
    if ends_on < assignment.starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt vóór de begindatum.")})
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    return assignment


@transaction.atomic
def council_create(*, by: User, **fields) -> Ketenoverleg:
    """Set up a new council; the kwartiermaker who does so becomes its kwartiermaker."""
    council = Ketenoverleg(**fields)
    council.full_clean()
    council.save()
    if not by.is_superuser:
        RoleAssignment.objects.create(
            council=council, user=by, role=Role.KWARTIERMAKER, starts_on=timezone.localdate()
        )
    return council
