"""Who hears of what in the dialogue: one function per event.

Each records, per post, event and address, that the mail was queued (``Notification``,
unique on the three), so a retry, a double click or a parallel request never mails a
person twice. A later issue adds per-kind preferences and digests: they slot in here,
where every event's recipients are chosen.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from dialogue import selectors
from dialogue.models import Notification, Post
from ketenoverleg.mail import queue_email


def _send_once(post: Post, event: str, emails: list[str], template: str) -> int:
    """Queue ``template`` to each address that was not told of this event before."""
    context = {
        "post": post,
        "discussion": post.discussion,
        "council": post.discussion.council,
        "url": settings.SITE_URL.rstrip("/") + post.get_absolute_url(),
        "moderation_url": settings.SITE_URL.rstrip("/") + _moderation_path(post),
    }
    sent = 0
    for email in emails:
        with transaction.atomic():
            _record, created = Notification.objects.get_or_create(
                post=post, event=event, email=email.lower()
            )
        if created:
            queue_email(to=[email], template=f"dialogue/email/{template}", context=context)
            sent += 1
    return sent


def _moderation_path(post: Post) -> str:
    return reverse("dialogue:moderation", kwargs={"slug": post.discussion.council.slug})


def question_waiting(post: Post) -> int:
    """A question from the public waits for approval: tell the kernteam."""
    emails = selectors.moderator_emails(post.discussion.council)
    return _send_once(post, Notification.Event.QUESTION_WAITING, emails, "question_waiting")


def post_published(post: Post) -> int:
    """A post appeared: tell the discussion's followers (not its author), and the guest
    whose question the kernteam answered."""
    emails = selectors.follower_emails(post.discussion, except_user=post.author)
    sent = _send_once(post, Notification.Event.POST_PUBLISHED, emails, "post_published")
    question = post.reply_to
    if (
        post.is_kernteam
        and question is not None
        and question.kind == Post.Kind.QUESTION
        and question.guest_email
    ):
        sent += _send_once(post, Notification.Event.ANSWERED, [question.guest_email], "answered")
    return sent


def post_reported(post: Post) -> int:
    """A reader reported a post: tell the moderators, once per post."""
    emails = selectors.moderator_emails(post.discussion.council)
    return _send_once(post, Notification.Event.POST_REPORTED, emails, "post_reported")
