"""The public dialogue (the handbook's forum): discussions per council, per action
package and per issue of the probleemlijst that anyone may read; members take part,
the public asks questions through a moderated form, the kernteam answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Ketenoverleg

TITLE_MAX = 200
INTRO_MAX = 4000
BODY_MAX = 4000
NAME_MAX = 100
ORGANISATION_MAX = 200
REASON_MAX = 500


class DiscussionQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def with_subject(self):
        return self.select_related("council", "package__council", "issue__council")


class Discussion(models.Model):
    """One conversation: about the council in general, one action package or one issue."""

    class Subject(models.TextChoices):
        COUNCIL = "ketenoverleg", _("Het ketenoverleg")
        PACKAGE = "actiepakket", _("Een actiepakket")
        ISSUE = "vraagstuk", _("Een vraagstuk van de probleemlijst")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="discussions")
    subject = models.CharField(_("onderwerp"), max_length=20, choices=Subject.choices)
    package = models.ForeignKey(
        "actionpackages.Package",
        verbose_name=_("actiepakket"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussions",
    )
    issue = models.ForeignKey(
        "projects.Issue",
        verbose_name=_("vraagstuk"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussions",
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    introduction = models.TextField(_("inleiding"), max_length=INTRO_MAX)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussie")
        verbose_name_plural = _("discussies")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["package"],
                condition=Q(package__isnull=False),
                name="one_discussion_per_package",
            ),
            models.UniqueConstraint(
                fields=["issue"], condition=Q(issue__isnull=False), name="one_discussion_per_issue"
            ),
            models.CheckConstraint(
                condition=(
                    Q(subject="ketenoverleg", package__isnull=True, issue__isnull=True)
                    | Q(subject="actiepakket", package__isnull=False, issue__isnull=True)
                    | Q(subject="vraagstuk", package__isnull=True, issue__isnull=False)
                ),
                name="discussion_subject_matches_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:discussion", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def subject_object(self):
        return self.package or self.issue


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def for_council(self, council: Ketenoverleg):
        return self.filter(discussion__council=council)

    def with_authors(self):
        return self.select_related(
            "author",
            "organisation",
            "reply_to__author",
            "reply_to__organisation",
            "discussion__council",
        )


class Post(models.Model):
    """A contribution to a discussion.

    Members write as themselves or for their organisation and appear at once; a question
    from the public waits for a moderator. The public never sees an e-mail address: a
    member is shown by name or organisation as they chose, a guest by the name they gave.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "bijdrage", _("Bijdrage van een lid")
        QUESTION = "vraag", _("Vraag van het publiek")
        KERNTEAM = "kernteam", _("Reactie van het kernteam")

    class Status(models.TextChoices):
        PENDING = "wacht", _("Wacht op moderatie")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        HIDDEN = "verborgen", _("Verborgen door de moderatie")

    class ShownAs(models.TextChoices):
        NAME = "naam", _("Mijn naam")
        ORGANISATION = "organisatie", _("Mijn organisatie")

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    body = models.TextField(_("tekst"), max_length=BODY_MAX)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("antwoord op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shown_as = models.CharField(
        _("getoond als"), max_length=12, choices=ShownAs.choices, default=ShownAs.NAME
    )
    # A question from the public: the name (and organisation) the asker gave, and an
    # address for the answer that is never shown to anyone.
    guest_name = models.CharField(_("naam"), max_length=NAME_MAX, blank=True)
    guest_organisation = models.CharField(_("organisatie"), max_length=ORGANISATION_MAX, blank=True)
    guest_email = models.EmailField(_("e-mailadres voor het antwoord"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the post first appeared: a question refused before it ever did leaves no trace.
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reden"), max_length=REASON_MAX, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verborgen") | ~Q(hidden_reason=""),
                name="hidden_post_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_name}: {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.discussion.get_absolute_url()}#bijdrage-{self.pk}"

    @property
    def shown_name(self) -> str:
        """How the poster appears: never an e-mail address."""
        if self.kind == self.Kind.QUESTION:
            name = self.guest_name or str(_("Anoniem"))
            return f"{name} ({self.guest_organisation})" if self.guest_organisation else name
        if self.shown_as == self.ShownAs.ORGANISATION and self.organisation:
            return self.organisation.name
        full_name = self.author.get_full_name() if self.author else ""
        if full_name and self.organisation:
            return f"{full_name} ({self.organisation.name})"
        return full_name or (self.organisation.name if self.organisation else str(_("Een lid")))

    @property
    def is_kernteam(self) -> bool:
        return self.kind == self.Kind.KERNTEAM


class Report(models.Model):
    """A reader tells the moderators that a post does not belong here."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reden"), max_length=REASON_MAX)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(reporter__isnull=False),
                name="report_post_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class Follow(models.Model):
    """A user follows a discussion: they hear of every new published post."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_discussions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["discussion", "user"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.discussion}"


class Notification(models.Model):
    """That one person was told of one event about one post: sent once, whatever
    retries, double clicks or parallel requests do."""

    class Event(models.TextChoices):
        QUESTION_WAITING = "vraag_wacht", _("Nieuwe vraag wacht op moderatie")
        POST_PUBLISHED = "gepubliceerd", _("Nieuwe bijdrage")
        POST_REPORTED = "gemeld", _("Bijdrage gemeld")
        ANSWERED = "beantwoord", _("Uw vraag is beantwoord")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=20, choices=Event.choices)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "event", "email"], name="notify_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} #{self.post_id}"
