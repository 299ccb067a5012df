"""Writes with consequences in the council core."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg import documents
from ketenoverleg.mail import queue_email
from ketenoverleg.models import (
    Document,
    Ketenoverleg,
    Role,
    RoleAssignment,
    Statute,
    StatuteArticle,
    User,
)
from ketenoverleg.signals import council_created
from ketenoverleg.statute_model import model_articles
from ketenoverleg.tasks import render_document


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
def user_name_set(*, user: User, first_name: str, last_name: str) -> User:
    """The name others see instead of "Naam onbekend"."""
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user


@transaction.atomic
def council_create(*, by: User, **fields) -> Ketenoverleg:
    """Set up a new council; the kwartiermaker who does so becomes its kwartiermaker.

    The apps above the core add what a council starts with (``council_created``)."""
    council = Ketenoverleg(**fields)
    council.full_clean()
    council.save()
    if not by.is_superuser:
        RoleAssignment.objects.create(
            council=council, user=by, role=Role.KWARTIERMAKER, starts_on=timezone.localdate()
        )
    council_created.send(sender=Ketenoverleg, council=council, by=by)
    return council


# Documents ---------------------------------------------------------------------------


def document_for(kind_key: str, obj) -> "Document | None":
    """The newest document of this kind for ``obj`` (any status)."""
    return (
        Document.objects.filter(
            kind=kind_key,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def document_request(*, kind_key: str, obj, by: User | None) -> Document:
    """Ask for the PDF of ``obj``; returns at once, a worker renders it after the commit.

    Unchanged content reuses the ready document; a request while one is queued or
    rendering returns that one.
    """
    kind = documents.get_kind(kind_key)
    digest = documents.content_hash(kind, obj)
    current = document_for(kind_key, obj)
    if current and current.content_hash == digest and _still_usable(current):
        return current
    document = Document.objects.create(
        kind=kind_key,
        council=kind.council(obj),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        title=kind.title(obj),
        is_public=kind.is_public(obj),
        content_hash=digest,
        requested_by=by,
    )
    transaction.on_commit(lambda: render_document.delay(document.pk))
    return document


def _still_usable(document: Document) -> bool:
    if document.status == Document.Status.FAILED:
        return False
    if document.status == Document.Status.READY:
        return bool(document.file) and document.file.storage.exists(document.file.name)
    return True


@transaction.atomic
def document_retry(*, document: Document, by: User | None) -> Document:
    """Queue a failed document again."""
    if document.status != Document.Status.FAILED:
        raise ValidationError(_("Alleen een mislukt document kan opnieuw worden gemaakt."))
    document.status = Document.Status.QUEUED
    document.error = ""
    document.requested_by = by
    document.save(update_fields=["status", "error", "requested_by", "updated_at"])
    transaction.on_commit(lambda: render_document.delay(document.pk))
    return document


# Statute ---------------------------------------------------------------------------


@transaction.atomic
def statute_new_version(*, council: Ketenoverleg, by: User) -> Statute:
    """Start a new concept version: from the latest version, or from the model statute."""
    latest = council.statutes.select_for_update().order_by("-version").first()
    if latest and not latest.is_adopted:
        raise ValidationError(
            _("Er is al een conceptversie; werk die bij of laat haar vaststellen.")
        )
    statute = Statute.freeze(council, by=by)
    if latest:
        texts = [(a.title, a.body) for a in latest.articles.all()]
    else:
        texts = model_articles(council)
    StatuteArticle.objects.bulk_create(
        StatuteArticle(statute=statute, number=i, title=title, body=body)
        for i, (title, body) in enumerate(texts, start=1)
    )
    return statute


@transaction.atomic
def statute_adopt(*, statute: Statute, adopted_on: date, by: User) -> Statute:
    """Record that the ALV adopted this version on ``adopted_on``."""
    if statute.is_adopted:
        raise ValidationError(_("Deze versie is al vastgesteld."))
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("De ALV kan niet in de toekomst hebben besloten.")})
    if not statute.articles.exists():
        raise ValidationError(_("Een statuut zonder artikelen kan niet worden vastgesteld."))
    statute.adopted_on = adopted_on
    statute.save(update_fields=["adopted_on"])
    return statute
