"""Meetings of a council: agendas with the fixed two-track structure, minutes,
attendance, action points that carry over, distribution and the yearly evaluation."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import MOTIVATION, NOTE, REPORT, BoundedTextField
from ketenoverleg.models import Ketenoverleg, QueuedWork, TextVersion


class Section(models.TextChoices):
    """The fixed structure of a kernteam agenda (handbook 4.3.3), in order."""

    OPENING = "opening", _("Opening")
    PREVIOUS = "vorige", _("Verslag en actiepunten vorige vergadering")
    PACKAGES = "actiepakketten", _("Spoor 1: actiepakketten")
    COUNCIL = "ketenoverleg", _("Spoor 2: ontwikkeling van het ketenoverleg")
    RONDVRAAG = "rondvraag", _("Rondvraag")
    CLOSING = "sluiting", _("Sluiting")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}

# The items a new council's template starts with; the council may edit them.
DEFAULT_TEMPLATE = [
    (Section.OPENING, _("Opening en vaststellen van de agenda")),
    (Section.PREVIOUS, _("Verslag van de vorige vergadering")),
    (Section.PREVIOUS, _("Actiepunten van de vorige vergadering")),
    (Section.PACKAGES, _("Voortgang van de lopende actiepakketten")),
    (Section.PACKAGES, _("Keuze van het volgende vraagstuk van de probleemlijst")),
    (Section.COUNCIL, _("Leden, aanmeldingen en vacatures")),
    (Section.COUNCIL, _("Communicatie en financiën")),
    (Section.RONDVRAAG, _("Rondvraag")),
    (Section.CLOSING, _("Sluiting")),
]


class AgendaTemplateItem(models.Model):
    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="agenda_template_items"
    )
    section = models.CharField(_("onderdeel"), max_length=20, choices=Section.choices)
    title = models.CharField(_("agendapunt"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("standaardagendapunt")
        verbose_name_plural = _("standaardagenda")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def public(self):
        return self.filter(is_public=True)

    def past(self):
        return self.filter(starts_at__lt=timezone.now())

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now())


class Meeting(models.Model):
    class Kind(models.TextChoices):
        KERNTEAM = "kernteam", _("Kernteamvergadering")
        ALV = "alv", _("ALV / plenaire vergadering")
        AGENDAOVERLEG = "agendaoverleg", _("Agendaoverleg")
        WERKSESSIE = "werksessie", _("Werksessie van een werkgroep")
        STARTBIJEENKOMST = "startbijeenkomst", _("Startbijeenkomst actiepakket")

    class Invitees(models.TextChoices):
        KERNTEAM = "kernteam", _("Het kernteam")
        MEMBERS = "leden", _("Alle leden")
        WORK_GROUP = "werkgroep", _("Een werkgroep")
        AGENDAGROEP = "agendagroep", _("Voorzitter en secretaris (agendagroep)")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.KERNTEAM)
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"), null=True, blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    invitees = models.CharField(
        _("uitgenodigd"), max_length=20, choices=Invitees.choices, default=Invitees.KERNTEAM
    )
    work_group = models.ForeignKey(
        "members.WorkGroup",
        verbose_name=_("werkgroep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    is_public = models.BooleanField(
        _("openbaar"),
        default=True,
        help_text=_("Agenda en verslag van het kernteam zijn in principe openbaar."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def has_minutes(self) -> bool:
        """A werksessie has no minutes (handbook 3.7)."""
        return self.kind != self.Kind.WERKSESSIE

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def ical_uid(self) -> str:
        return f"meeting-{self.pk}@ketenoverleg"

    @property
    def end_or_default(self):
        return self.ends_at or self.starts_at + timedelta(hours=2)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("onderdeel"), max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("agendapunt"), max_length=200)
    description = BoundedTextField(_("toelichting"), max_length=MOTIVATION, blank=True)
    discussion = BoundedTextField(_("besproken"), max_length=REPORT, blank=True)
    decisions = BoundedTextField(_("besluiten"), max_length=REPORT, blank=True)
    issue = models.ForeignKey(
        "projects.Issue",
        verbose_name=_("vraagstuk van de probleemlijst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    package = models.ForeignKey(
        "actionpackages.Package",
        verbose_name=_("actiepakket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        # The agenda's order everywhere (agenda, minutes editor, choices of an item):
        # by section as the handbook orders them, then the position within the section.
        ordering = [
            models.Case(
                *[models.When(section=value, then=index) for value, index in SECTION_ORDER.items()],
                output_field=models.IntegerField(),
            ),
            "position",
            "pk",
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "aanwezig", _("Aanwezig")
        EXCUSED = "afgemeld", _("Afwezig met bericht")
        ABSENT = "afwezig", _("Afwezig")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("aanwezigheid"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


class Minutes(models.Model):
    """The verslag of a meeting: concept, vastgesteld at a later meeting, gepubliceerd."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    summary = BoundedTextField(_("samenvatting"), max_length=REPORT, blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_at = models.ForeignKey(
        Meeting,
        verbose_name=_("vastgesteld in de vergadering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_minutes",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self) -> str:
        return f"{_('Verslag')} {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD


class MinutesCorrection(TextVersion):
    """A published set of minutes changes only by a new version with its reason."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    version = models.PositiveSmallIntegerField(_("nieuwe versie"))
    reason = BoundedTextField(_("reden van de correctie"), max_length=NOTE)
    previous_text = models.JSONField(_("tekst vóór de correctie"))

    version_of = "minutes"

    @classmethod
    def next_number(cls, parent: Minutes) -> int:
        # The minutes count their own versions, from 1 for the text before any correction.
        return parent.version + 1

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "version"], name="correction_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.version}"


class ActionPointQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionPoint.Status.OPEN)

    def overdue(self):
        return self.open().filter(deadline__lt=timezone.localdate())

    def carried_over_to(self, meeting: Meeting):
        """Open points from earlier meetings of the council: they stand on this agenda."""
        return (
            self.open()
            .filter(
                meeting__council_id=meeting.council_id, meeting__starts_at__lt=meeting.starts_at
            )
            .select_related("owner", "meeting")
        )


class ActionPoint(models.Model):
    """Who does what by when; open points return on every next agenda until closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "afgerond", _("Afgerond")
        CANCELLED = "vervallen", _("Vervallen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_points"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        on_delete=models.PROTECT,
        related_name="action_points",
    )
    description = models.CharField(_("wat"), max_length=300)
    deadline = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_in = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed_points"
    )

    objects = ActionPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline < timezone.localdate()


class DispatchQuerySet(models.QuerySet):
    def with_progress(self):
        """Each dispatch with ``total``, ``sent``, ``waiting`` (still to be tried) and
        ``failed`` (given up after the last attempt) recipient counts."""
        unsent = Q(recipients__sent_at__isnull=True)
        tries = settings.OUTBOX_MAX_ATTEMPTS
        return self.annotate(
            total=models.Count("recipients"),
            sent=models.Count("recipients", filter=Q(recipients__sent_at__isnull=False)),
            waiting=models.Count("recipients", filter=unsent & Q(recipients__attempts__lt=tries)),
            failed=models.Count("recipients", filter=unsent & Q(recipients__attempts__gte=tries)),
        )

    def with_unsent(self):
        """Dispatches with a recipient that is still to be tried."""
        return self.filter(
            models.Exists(
                DispatchRecipient.objects.filter(dispatch=models.OuterRef("pk")).pending()
            )
        )


class Dispatch(QueuedWork):
    """The sending of a meeting's agenda or minutes to one audience: once.

    A second sending of the same document to the same audience is a ``DispatchResend``
    with a reason; the recipients (of the first sending and of each resend) are
    recorded one by one and each is mailed once.
    """

    class What(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "verslag", _("Verslag")

    class Audience(models.TextChoices):
        INVITED = "uitgenodigden", _("Iedereen die is uitgenodigd")
        MEMBERS = "leden", _("Alle leden")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="dispatches")
    what = models.CharField(max_length=10, choices=What.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "what", "audience"], name="one_dispatch_per_document_audience"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} {self.meeting}"


class DispatchResend(models.Model):
    """An explicit "opnieuw versturen" of a dispatch: who, when, why, and to whom
    (only those who did not get it yet, or everyone in the audience again)."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="resends")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reden"))
    to_all = models.BooleanField(_("ook aan wie het al ontving"), default=False)
    recipient_count = models.PositiveIntegerField(default=0)
    # The resend form's own token: a double click (the same form posted twice) resends once.
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.dispatch} ({self.created_at:%d-%m-%Y %H:%M})"


class DispatchRecipientQuerySet(models.QuerySet):
    def pending(self):
        """Not sent and not yet given up on."""
        return self.filter(sent_at__isnull=True, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)


class DispatchRecipient(models.Model):
    """One person's message of a dispatch (``resend`` empty) or of one of its resends."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="recipients")
    resend = models.ForeignKey(
        DispatchResend,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recipients",
    )
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = DispatchRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "email"],
                condition=Q(resend__isnull=True),
                name="one_message_per_person",
            ),
            models.UniqueConstraint(
                fields=["resend", "email"], name="one_message_per_person_per_resend"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def has_failed(self) -> bool:
        return self.sent_at is None and self.attempts >= settings.OUTBOX_MAX_ATTEMPTS


class CalendarToken(models.Model):
    """The secret in a member's private calendar feed URL."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_token_per_council"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.council}"


class Evaluation(models.Model):
    """The kernteam's yearly evaluation with the handbook's two questions."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveIntegerField(_("jaar"))
    held_on = models.DateField(_("gehouden op"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    still_relevant = BoundedTextField(
        _("Is het verduurzamen van deze keten in dit gebied nog steeds relevant?"),
        max_length=MOTIVATION,
    )
    adds_value = BoundedTextField(
        _("Heeft het ketenoverleg nog toegevoegde waarde?"), max_length=MOTIVATION
    )
    conclusion = BoundedTextField(_("conclusie"), max_length=MOTIVATION, blank=True)

    class Meta:
        verbose_name = _("jaarlijkse evaluatie")
        verbose_name_plural = _("jaarlijkse evaluaties")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_evaluation_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.year}"
