"""Who hears of what in the dialogue: one function per event.

Members and the kernteam hear through the platform's notifications
(``ketenoverleg.notifications``): each person chooses per kind on "Mijn gegevens"
(direct, weekly digest, off), is told of an event once, and can unsubscribe with one
click. A guest who asked a question has no account: the kernteam's answer goes to the
address they gave, recorded per post, event and address (``Notification``, unique on
the three) so a retry, a double click or a parallel request never mails them twice.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue import selectors
from dialogue.models import Notification, Post
from ketenoverleg import notifications
from ketenoverleg.mail import queue_email

POST_PUBLISHED = "dialogue_post_published"
QUESTION_WAITING = "dialogue_question_waiting"
POST_REPORTED = "dialogue_post_reported"

KINDS = [
    notifications.Kind(
        key=POST_PUBLISHED,
        label=_("Een nieuwe bijdrage in een discussie die u volgt"),
        template="dialogue/email/notify_post_published",
    ),
    notifications.Kind(
        key=QUESTION_WAITING,
        label=_("Een vraag van het publiek wacht op moderatie (kernteam)"),
        template="dialogue/email/notify_question_waiting",
    ),
    notifications.Kind(
        key=POST_REPORTED,
        label=_("Een bijdrage is gemeld bij de moderatoren (kernteam)"),
        template="dialogue/email/notify_post_reported",
    ),
]


def register() -> None:
    for kind in KINDS:
        notifications.register(kind)


def _context(post: Post) -> dict:
    return {
        "post": post,
        "discussion": post.discussion,
        "council": post.discussion.council,
        "moderation_url": settings.SITE_URL.rstrip("/") + _moderation_path(post),
    }


def _notify(post: Post, kind: str, users, path: str) -> int:
    return notifications.notify(
        kind=kind,
        event=f"post:{post.pk}",
        users=users,
        path=path,
        context=_context(post),
        council=post.discussion.council,
    )


def _moderation_path(post: Post) -> str:
    return reverse("dialogue:moderation", kwargs={"slug": post.discussion.council.slug})


def question_waiting(post: Post) -> int:
    """A question from the public waits for approval: tell the kernteam."""
    moderators = selectors.moderators(post.discussion.council)
    return _notify(post, QUESTION_WAITING, moderators, _moderation_path(post))


def post_published(post: Post) -> int:
    """A post appeared: tell the discussion's followers (not its author), and the guest
    whose question the kernteam answered."""
    followers = selectors.followers(post.discussion, except_user=post.author)
    sent = _notify(post, POST_PUBLISHED, followers, post.get_absolute_url())
    question = post.reply_to
    if (
        post.is_kernteam
        and question is not None
        and question.kind == Post.Kind.QUESTION
        and question.guest_email
    ):
        sent += _answer_to_guest(post, question.guest_email)
    return sent


def post_reported(post: Post) -> int:
    """A reader reported a post: tell the moderators, once per post."""
    moderators = selectors.moderators(post.discussion.council)
    return _notify(post, POST_REPORTED, moderators, _moderation_path(post))


def _answer_to_guest(post: Post, email: str) -> int:
    with transaction.atomic():
        _record, created = Notification.objects.get_or_create(
            post=post, event=Notification.Event.ANSWERED, email=email.lower()
        )
    if not created:
        return 0
    context = {**_context(post), "url": settings.SITE_URL.rstrip("/") + post.get_absolute_url()}
    queue_email(to=[email], template="dialogue/email/answered", context=context)
    return 1
