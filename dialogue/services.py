"""Writes of the dialogue: opening and closing discussions, posting, asking,
moderating, reporting and following. Each runs in one transaction; the mail it causes
is queued through ``dialogue.notifications`` and leaves after the commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue import notifications
from dialogue.models import Discussion, Follow, Post, Report
from dialogue.selectors import is_moderator
from ketenoverleg.models import Ketenoverleg, User
from ketenoverleg.roles import INSIDER_ROLES, has_role
from members.models import Organisation

S = Post.Status

# The moderation of a post in one place: action -> (allowed from, goes to).
TRANSITIONS = {
    "approve": ({S.PENDING}, S.PUBLISHED),
    "hide": ({S.PENDING, S.PUBLISHED}, S.HIDDEN),
    "restore": ({S.HIDDEN}, S.PUBLISHED),
}


def _require_moderator(user: User, council: Ketenoverleg) -> None:
    if not is_moderator(user, council):
        raise PermissionDenied


def _require_open(discussion: Discussion) -> None:
    if discussion.is_closed:
        raise ValidationError(
            _("Deze discussie is gesloten; er kan niet meer op worden gereageerd.")
        )


# Discussions ------------------------------------------------------------------------


@transaction.atomic
def discussion_open(
    *,
    council: Ketenoverleg,
    by: User,
    subject: str,
    title: str,
    introduction: str,
    package=None,
    issue=None,
) -> Discussion:
    """Open a discussion anyone may read: about the council, a package or an issue."""
    _require_moderator(by, council)
    if subject != Discussion.Subject.PACKAGE:
        package = None
    if subject != Discussion.Subject.ISSUE:
        issue = None
    errors = {}
    if subject == Discussion.Subject.PACKAGE and package is None:
        errors["package"] = _("Kies het actiepakket waar de discussie over gaat.")
    if subject == Discussion.Subject.ISSUE and issue is None:
        errors["issue"] = _("Kies het vraagstuk waar de discussie over gaat.")
    for field, obj in (("package", package), ("issue", issue)):
        if obj is not None and obj.council_id != council.pk:
            errors[field] = _("Dit hoort niet bij dit ketenoverleg.")
        elif obj is not None and Discussion.objects.filter(**{field: obj}).exists():
            errors[field] = _("Hierover loopt al een discussie.")
    if errors:
        raise ValidationError(errors)
    discussion = Discussion(
        council=council,
        subject=subject,
        package=package,
        issue=issue,
        title=title,
        introduction=introduction,
        opened_by=by,
    )
    discussion.full_clean()
    try:
        with transaction.atomic():
            discussion.save()
    except IntegrityError:  # a parallel request opened it a moment earlier
        raise ValidationError(_("Hierover loopt al een discussie.")) from None
    Follow.objects.get_or_create(discussion=discussion, user=by)
    return discussion


@transaction.atomic
def discussion_close(*, discussion: Discussion, by: User) -> Discussion:
    """No new posts or questions; what was said stays readable."""
    _require_moderator(by, discussion.council)
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    if discussion.closed_at is None:
        discussion.closed_at = timezone.now()
        discussion.save(update_fields=["closed_at"])
    return discussion


@transaction.atomic
def discussion_reopen(*, discussion: Discussion, by: User) -> Discussion:
    _require_moderator(by, discussion.council)
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    if discussion.closed_at is not None:
        discussion.closed_at = None
        discussion.save(update_fields=["closed_at"])
    return discussion


# Posting ----------------------------------------------------------------------------


def _check_reply_to(discussion: Discussion, reply_to: Post | None) -> None:
    if reply_to is not None and (
        reply_to.discussion_id != discussion.pk or reply_to.status != S.PUBLISHED
    ):
        raise ValidationError(_("U kunt alleen reageren op een zichtbare bijdrage."))


@transaction.atomic
def post_contribute(
    *,
    discussion: Discussion,
    by: User,
    body: str,
    shown_as: str = Post.ShownAs.NAME,
    organisation: Organisation | None = None,
    as_kernteam: bool = False,
    reply_to: Post | None = None,
) -> Post:
    """A member's (or the kernteam's) post: published at once, followers hear of it."""
    council = discussion.council
    if not has_role(by, council, INSIDER_ROLES):
        raise PermissionDenied
    if as_kernteam:
        _require_moderator(by, council)
    _require_open(discussion)
    _check_reply_to(discussion, reply_to)
    if organisation is not None and not organisation.representatives.filter(user=by).exists():
        raise ValidationError({"organisation": _("U vertegenwoordigt deze organisatie niet.")})
    if shown_as == Post.ShownAs.ORGANISATION and organisation is None:
        raise ValidationError({"organisation": _("Kies de organisatie waarvoor u schrijft.")})
    post = Post(
        discussion=discussion,
        kind=Post.Kind.KERNTEAM if as_kernteam else Post.Kind.CONTRIBUTION,
        status=S.PUBLISHED,
        published_at=timezone.now(),
        body=body,
        reply_to=reply_to,
        author=by,
        organisation=organisation,
        shown_as=shown_as,
    )
    post.full_clean()
    post.save()
    Follow.objects.get_or_create(discussion=discussion, user=by)
    notifications.post_published(post)
    return post


@transaction.atomic
def question_ask(
    *,
    discussion: Discussion,
    name: str,
    body: str,
    organisation: str = "",
    email: str = "",
    by: User | None = None,
) -> Post:
    """A question from the public: it waits for a moderator; the kernteam hears of it.

    A logged-in asker follows the discussion; a guest may leave an address to hear when
    the kernteam answers (it is never shown).
    """
    _require_open(discussion)
    user = by if by is not None and by.is_authenticated else None
    post = Post(
        discussion=discussion,
        kind=Post.Kind.QUESTION,
        status=S.PENDING,
        body=body,
        author=user,
        guest_name=name,
        guest_organisation=organisation,
        guest_email="" if user else email,
    )
    post.full_clean()
    post.save()
    if user is not None:
        Follow.objects.get_or_create(discussion=discussion, user=user)
    notifications.question_waiting(post)
    return post


# Moderation -------------------------------------------------------------------------


def _moderate(post: Post, action: str, *, by: User, reason: str = "") -> Post:
    """Take one moderation step under a lock, so two moderators (or a double click)
    cannot take it twice."""
    _require_moderator(by, post.discussion.council)
    post = Post.objects.select_for_update().select_related("discussion__council").get(pk=post.pk)
    allowed_from, to_status = TRANSITIONS[action]
    if post.status not in allowed_from:
        raise ValidationError(
            _("Dit kan niet bij een bijdrage met de status '%(status)s'.")
            % {"status": post.get_status_display()}
        )
    post.status = to_status
    post.moderated_at = timezone.now()
    post.moderated_by = by
    post.hidden_reason = reason if to_status == S.HIDDEN else ""
    if to_status == S.PUBLISHED and post.published_at is None:
        post.published_at = post.moderated_at
    post.save(
        update_fields=["status", "moderated_at", "moderated_by", "hidden_reason", "published_at"]
    )
    return post


@transaction.atomic
def post_approve(*, post: Post, by: User) -> Post:
    """Publish a waiting question; the discussion's followers hear of it."""
    post = _moderate(post, "approve", by=by)
    notifications.post_published(post)
    return post


@transaction.atomic
def post_hide(*, post: Post, by: User, reason: str) -> Post:
    """Hide a post (or refuse a waiting question) with a reason moderators can read;
    the reports about it are dealt with."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef de reden waarom de bijdrage wordt verborgen.")})
    post = _moderate(post, "hide", by=by, reason=reason)
    post.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=by)
    return post


@transaction.atomic
def post_restore(*, post: Post, by: User) -> Post:
    """Show a hidden post again; followers hear of it if they never did."""
    post = _moderate(post, "restore", by=by)
    notifications.post_published(post)
    return post


@transaction.atomic
def reports_dismiss(*, post: Post, by: User) -> int:
    """The post may stay: close the open reports about it."""
    _require_moderator(by, post.discussion.council)
    return post.reports.filter(handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=by
    )


@transaction.atomic
def post_report(*, post: Post, reason: str, by: User | None = None) -> Report:
    """A reader reports a post; the moderators hear of the first report."""
    if post.status != S.PUBLISHED:
        raise ValidationError(_("Alleen een zichtbare bijdrage kan worden gemeld."))
    user = by if by is not None and by.is_authenticated else None
    if user is not None and post.reports.filter(reporter=user).exists():
        raise ValidationError(_("U hebt deze bijdrage al gemeld."))
    report = Report(post=post, reason=reason, reporter=user)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same reader, twice at once
        raise ValidationError(_("U hebt deze bijdrage al gemeld.")) from None
    notifications.post_reported(post)
    return report


# Following --------------------------------------------------------------------------


@transaction.atomic
def follow(*, discussion: Discussion, user: User) -> Follow:
    """Hear of every new post in the discussion (once per person)."""
    try:
        with transaction.atomic():
            record, _created = Follow.objects.get_or_create(discussion=discussion, user=user)
    except IntegrityError:  # a parallel click created it
        record = Follow.objects.get(discussion=discussion, user=user)
    return record


@transaction.atomic
def unfollow(*, discussion: Discussion, user: User) -> None:
    Follow.objects.filter(discussion=discussion, user=user).delete()
