"""Writes with consequences in the council core."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenoverleg import audit, documents, outbox, phases
from ketenoverleg.mail import queue_email
from ketenoverleg.models import (
    KERNTEAM_HELD_MESSAGE,
    KERNTEAM_HELD_ROLES,
    Document,
    Ketenoverleg,
    Phase,
    PhaseEvent,
    Role,
    RoleAssignment,
    Statute,
    StatuteArticle,
    User,
    recheck_time,
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
    """Give ``user`` a role in ``council`` and tell them by e-mail (once per assignment).

    The kernteam's roles (a seat, voorzitter, secretaris, penningmeester, the
    procesbegeleider) are not given here: the kernteam records them itself. The user's
    row is locked, so two parallel requests cannot both add the same role.
    """
    if role in KERNTEAM_HELD_ROLES:
        raise ValidationError({"role": KERNTEAM_HELD_MESSAGE})
    User.objects.select_for_update().filter(pk=user.pk).first()
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
    audit.record(
        action=audit.Action.ROLE_ASSIGNED,
        by=by,
        council=council,
        target=assignment,
        summary=gettext_noop("%(person)s is %(role)s vanaf %(starts_on)s"),
        person=user,
        role=assignment.get_role_display(),
        starts_on=starts_on,
    )
    queue_email(
        to=[user.email],
        template="ketenoverleg/email/role_assigned",
        context={"assignment": assignment, "by": by},
        key=f"role:{assignment.pk}:assigned",
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
    audit.record(
        action=audit.Action.ROLE_ENDED,
        by=by,
        council=assignment.council,
        target=assignment,
        summary=gettext_noop("%(person)s is %(role)s tot en met %(ends_on)s"),
        person=assignment.user,
        role=assignment.get_role_display(),
        ends_on=ends_on,
    )
    return assignment


# Where a new council may start: at the beginning of the start-up track (not public
# yet), or, for a council that already meets, operationeel and public at once.
START_PHASES = (Phase.VERKENNING, Phase.OPERATIONEEL)


@transaction.atomic
def user_name_set(*, user: User, first_name: str, last_name: str) -> User:
    """The name others see instead of "Naam onbekend"."""
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user


@transaction.atomic
def council_create(*, by: User, start_phase: str = Phase.VERKENNING, **fields) -> Ketenoverleg:
    """Set up a new council; the kwartiermaker who does so becomes its kwartiermaker.

    A council that starts with the vooronderzoek stays off the public lists until its
    kwartiermaker publishes it (``council_publish``) or it becomes operationeel. The apps
    above the core add what a council starts with (``council_created``).
    """
    if start_phase not in START_PHASES:
        raise ValidationError({"start_phase": _("Een ketenoverleg begint met de verkenning.")})
    published_at = timezone.now() if start_phase == Phase.OPERATIONEEL else None
    council = Ketenoverleg(phase=start_phase, published_at=published_at, **fields)
    council.full_clean()
    council.save()
    PhaseEvent.objects.create(council=council, by=by, to_status=start_phase)
    if not by.is_superuser:
        RoleAssignment.objects.create(
            council=council, user=by, role=Role.KWARTIERMAKER, starts_on=timezone.localdate()
        )
    council_created.send(sender=Ketenoverleg, council=council, by=by)
    return council


@transaction.atomic
def council_update(*, council: Ketenoverleg, by: User, **fields) -> Ketenoverleg:
    """Change the council's details (name, goal, organisation form, contact, ...)."""
    # Compare with the stored row: a model form has already copied the new values onto
    # the instance it was given.
    stored = Ketenoverleg.objects.select_for_update().get(pk=council.pk)
    changed = [name for name, value in fields.items() if getattr(stored, name) != value]
    for name, value in fields.items():
        setattr(council, name, value)
    council.full_clean()
    council.save()
    if changed:
        audit.record(
            action=audit.Action.COUNCIL_UPDATED,
            by=by,
            council=council,
            target=council,
            summary=gettext_noop("Gewijzigd: %(fields)s"),
            fields=", ".join(
                str(Ketenoverleg._meta.get_field(name).verbose_name) for name in changed
            ),
        )
    return council


@transaction.atomic
def council_phase_change(
    *, council: Ketenoverleg, to_phase: str, by: User, note: str = ""
) -> Ketenoverleg:
    """Move a council one phase forward or back, or end it; recorded with who and why.

    A step forward must pass the gates other apps registered (``phases.register_gate``:
    the vooronderzoek must advise to start). A step back or the end needs a reason.
    Reaching operationeel publishes the council.
    """
    council = Ketenoverleg.objects.select_for_update().get(pk=council.pk)
    if to_phase not in phases.allowed_steps(council.phase):
        raise ValidationError(
            {
                "to_phase": _("Van de fase '%(from)s' kan een ketenoverleg niet naar '%(to)s'.")
                % {"from": council.get_phase_display(), "to": Phase(to_phase).label}
                if to_phase in Phase.values
                else _("Kies een fase.")
            }
        )
    forward = phases.is_forward(council.phase, to_phase)
    if forward:
        refused = phases.refusals(council, to_phase)
        if refused:
            raise ValidationError({"to_phase": refused})
    elif not note.strip():
        raise ValidationError({"note": _("Geef aan waarom het ketenoverleg teruggaat of stopt.")})
    PhaseEvent.objects.create(
        council=council, by=by, from_status=council.phase, to_status=to_phase, note=note
    )
    audit.record(
        action=audit.Action.COUNCIL_PHASE_CHANGED,
        by=by,
        council=council,
        target=council,
        summary=gettext_noop("Fase van %(from)s naar %(to)s"),
        **{"from": council.get_phase_display(), "to": Phase(to_phase).label},
    )
    council.phase = to_phase
    fields = ["phase"]
    if to_phase == Phase.OPERATIONEEL and council.published_at is None:
        council.published_at = timezone.now()
        fields.append("published_at")
    council.save(update_fields=fields)
    return council


@transaction.atomic
def council_publish(*, council: Ketenoverleg, by: User) -> Ketenoverleg:
    """Put a council in start-up on the public lists (home, programme, sitemap)."""
    council = Ketenoverleg.objects.select_for_update().get(pk=council.pk)
    if council.published_at is None:
        council.published_at = timezone.now()
        council.save(update_fields=["published_at"])
        audit.record(
            action=audit.Action.COUNCIL_PUBLISHED,
            by=by,
            council=council,
            target=council,
            summary=gettext_noop("Op de openbare lijsten gezet"),
        )
    return council


@transaction.atomic
def council_unpublish(*, council: Ketenoverleg, by: User) -> Ketenoverleg:
    """Take a council in start-up off the public lists again; a running council stays."""
    council = Ketenoverleg.objects.select_for_update().get(pk=council.pk)
    if not council.in_startup:
        raise ValidationError(
            _("Alleen een ketenoverleg in de opstartfase kan weer worden afgeschermd.")
        )
    council.published_at = None
    council.save(update_fields=["published_at"])
    audit.record(
        action=audit.Action.COUNCIL_PUBLISHED,
        by=by,
        council=council,
        target=council,
        summary=gettext_noop("Van de openbare lijsten gehaald"),
    )
    return council


# Documents ---------------------------------------------------------------------------


def document_offer(kind_key: str, obj, user) -> dict:
    """What a page offers for the PDF of ``obj``: the newest ready one (a plain
    download link, also for visitors), the newest one if it is still being made or
    failed, and whether this user may ask for a new one (signed-in readers only)."""
    kind = documents.get_kind(kind_key)
    rows = Document.objects.filter(
        kind=kind_key, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("-created_at")
    ready = rows.filter(status=Document.Status.READY).exclude(file="").first()
    latest = rows.first()
    return {
        "ready": ready,
        "latest": None if latest is None or latest == ready else latest,
        "can_request": bool(user.is_authenticated and kind.can_view(user, obj)),
    }


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
    rendering returns that one, and publishes its task again if it is stuck (the
    task renders a document once, however often it is published).
    """
    kind = documents.get_kind(kind_key)
    # One request at a time per object: twenty clicks make one document, not twenty.
    list(kind.model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    digest = documents.content_hash(kind, obj)  # from the data's versions: cheap
    current = document_for(kind_key, obj)
    if current and current.content_hash == digest and _still_usable(current):
        if current.is_stuck:
            _queue_again(current, by=by)
        return current
    if current and current.status == Document.Status.QUEUED and not current.is_stuck:
        # Still waiting: it renders the data as they are when its turn comes, so a
        # burst of signatures makes one render, not one per signature.
        current.content_hash = digest
        current.title = kind.title(obj)
        current.is_public = kind.is_public(obj)
        current.save(update_fields=["content_hash", "title", "is_public", "updated_at"])
        # Published again: the task claims it once, a second message is skipped.
        outbox.enqueue_on_commit(render_document, current)
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
    outbox.enqueue_on_commit(render_document, document)
    return document


def _still_usable(document: Document) -> bool:
    if document.status == Document.Status.FAILED:
        return False
    if document.status == Document.Status.READY:
        return bool(document.file) and document.file.storage.exists(document.file.name)
    return True


@transaction.atomic
def document_retry(*, document: Document, by: User | None) -> Document:
    """Queue a failed or stuck document again (stuck: waiting while the processing
    does not run, or left rendering by a worker that died)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.FAILED and not document.is_stuck:
        raise ValidationError(
            _(
                "Alleen een mislukt of vastgelopen document kan opnieuw worden gemaakt; "
                "dit document is %(status)s."
            )
            % {"status": document.get_status_display().lower()}
        )
    _queue_again(document, by=by)
    return document


def _queue_again(document: Document, *, by: User | None) -> None:
    document.status = Document.Status.QUEUED
    document.error = ""
    document.requested_by = by or document.requested_by
    document.next_attempt_at = recheck_time()
    document.save(
        update_fields=["status", "error", "requested_by", "next_attempt_at", "updated_at"]
    )
    outbox.enqueue_on_commit(render_document, document)


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
    # The adopted statute is a public document: its PDF is made now, for anyone.
    document_request(kind_key="statuut", obj=statute, by=by)
    audit.record(
        action=audit.Action.STATUTE_ADOPTED,
        by=by,
        council=statute.council,
        target=statute,
        summary=gettext_noop("Versie %(version)s vastgesteld door de ALV op %(adopted_on)s"),
        version=statute.version,
        adopted_on=adopted_on,
    )
    return statute
