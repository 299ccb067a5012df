"""The council core: users, councils (ketenoverleggen) and council-scoped roles."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import DOCUMENT, MOTIVATION, REPORT, BoundedTextField

# Top-level paths that a council slug may not take, because the site uses them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "accounts",
        "i18n",
        "static",
        "media",
        "nieuw",
        "programma",
        "api",
        "zoeken",
        "mijn-gegevens",
        "afmelden",
        "mijn-werk",
        "robots.txt",
        "sitemap.xml",
        "kwartiermaker",
        "workshops",
        "doe-mee",
    }
)


class StatusEvent(models.Model):
    """One step in the history of something with a status (a membership, project,
    package): when, who, from which status to which, and why. Subclasses add the
    link to their object (related_name "events") and the status choices."""

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = BoundedTextField(max_length=MOTIVATION, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status} ({self.at:%d-%m-%Y})"


class TextVersion(models.Model):
    """The shape every versioned text shares (a package's frozen text, a correction of
    minutes, a statute): its number within what it versions, when and by whom it was
    made. Subclasses name the foreign key to what they version (``version_of``) and
    their number field, and add the text and the reason they keep."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    version_of: str = ""
    number_field: str = "version"

    class Meta:
        abstract = True

    @classmethod
    def next_number(cls, parent) -> int:
        """One more than the highest number so far; 1 for the first version."""
        last = cls._default_manager.filter(**{cls.version_of: parent}).aggregate(
            n=models.Max(cls.number_field)
        )["n"]
        return (last or 0) + 1

    @classmethod
    def freeze(cls, parent, *, by, **fields):
        """Save the next version of ``parent``. Callers lock ``parent`` first
        (``select_for_update``) so two freezes never take one number; the subclass's
        unique constraint on (parent, number) is the last guard."""
        return cls._default_manager.create(
            **{cls.version_of: parent, cls.number_field: cls.next_number(parent)},
            created_by=by,
            **fields,
        )


class Geleding(models.TextChoices):
    """The six constituencies of a chain council; keys and labels are fixed."""

    AANBOD = "aanbod", "Aanbod"
    VRAAG = "vraag", "Vraag"
    RECYCLING = "recycling", "Recycling"
    KENNIS = "kennis", "Kennis"
    OVERHEID = "overheid", "Overheid"
    TRANSITIE = "transitie", "Transitie"


FYSIEKE_KETEN = (Geleding.AANBOD, Geleding.VRAAG, Geleding.RECYCLING)


class UserManager(DjangoUserManager):
    """Users are identified by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self) -> str:
        # Never the e-mail address: names are shown on public pages and in choices.
        return self.get_full_name() or str(_("Naam onbekend"))


kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


class Phase(models.TextChoices):
    """Where a council stands: the start-up track of handbook ch. 3, then running."""

    VERKENNING = "verkenning", _("Verkenning (vooronderzoek)")
    OPINIEGESPREK = "opiniegesprek", _("Opiniegesprek")
    STARTBESLISSING = "startbeslissing", _("Startbeslissing")
    OPRICHTING = "oprichting", _("Oprichting")
    OPERATIONEEL = "operationeel", _("Operationeel")
    BEEINDIGD = "beeindigd", _("Beëindigd")


# The phases of the start-up track, in order; operationeel follows them.
STARTUP_PHASES = (Phase.VERKENNING, Phase.OPINIEGESPREK, Phase.STARTBESLISSING, Phase.OPRICHTING)


class KetenoverlegQuerySet(models.QuerySet):
    def with_children(self):
        return self.select_related("parent").prefetch_related("children")

    def published(self):
        """Councils on the public lists: a council in start-up appears only once its
        kwartiermaker publishes it (or it becomes operationeel)."""
        return self.filter(published_at__isnull=False)


class Ketenoverleg(models.Model):
    """A local (or provincial) chain council: the unit everything else belongs to."""

    class OrganisationForm(models.TextChoices):
        INFORMEEL = "informeel", _("Informeel, met een penvoerder")
        VERENIGING = "vereniging", _("Vereniging, ingeschreven bij de KvK")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(
        _("korte naam in de webadressen"),
        max_length=60,
        unique=True,
        help_text=_("Kleine letters, cijfers en streepjes, bijvoorbeeld beton-groningen."),
    )
    product_category = models.CharField(_("productsoort"), max_length=120)
    area = models.CharField(_("werkgebied"), max_length=200)
    goal = BoundedTextField(_("algemene doelstelling"), max_length=MOTIVATION)
    organisation_form = models.CharField(
        _("organisatievorm"),
        max_length=20,
        choices=OrganisationForm.choices,
        default=OrganisationForm.INFORMEEL,
    )
    penvoerder = models.CharField(
        _("penvoerder"),
        max_length=200,
        blank=True,
        help_text=_("De organisatie die haar rechtspersoon leent aan een informeel ketenoverleg."),
    )
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator]
    )
    registered_seat = models.CharField(_("statutaire vestiging"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contactadres"))
    founded_on = models.DateField(_("opgericht op"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("provinciaal ketenoverleg"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "Het overkoepelende (provinciale) ketenoverleg van dezelfde keten, als dat er is."
        ),
    )
    phase = models.CharField(
        _("fase"), max_length=20, choices=Phase.choices, default=Phase.OPERATIONEEL
    )
    published_at = models.DateTimeField(
        _("openbaar sinds"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_("Leeg: nog niet openbaar, alleen zichtbaar voor wie een rol heeft."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = KetenoverlegQuerySet.as_manager()

    class Meta:
        verbose_name = _("ketenoverleg")
        verbose_name_plural = _("ketenoverleggen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("council_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def in_startup(self) -> bool:
        return self.phase in STARTUP_PHASES

    def clean(self) -> None:
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Deze korte naam is gereserveerd voor de site; kies een andere.")
        if self.organisation_form == self.OrganisationForm.INFORMEEL:
            if not self.penvoerder:
                errors["penvoerder"] = _("Een informeel ketenoverleg heeft een penvoerder nodig.")
        else:
            if not self.kvk_number:
                errors["kvk_number"] = _("Een vereniging heeft een KvK-nummer.")
            if not self.registered_seat:
                errors["registered_seat"] = _("Een vereniging heeft een statutaire vestiging.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("Een ketenoverleg kan niet zijn eigen provinciale overleg zijn.")
        elif self.parent_id and self.parent and self.parent.parent_id:
            errors["parent"] = _(
                "Kies een provinciaal ketenoverleg: "
                "het gekozen overleg valt zelf al onder een ander."
            )
        if errors:
            raise ValidationError(errors)


class PhaseEvent(StatusEvent):
    """A council's step from one phase to another: when, who and why."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="phase_events")
    from_status = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Phase.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("faseovergang")
        verbose_name_plural = _("faseovergangen")


class Role(models.TextChoices):
    LID = "lid", _("Lid")
    KERNTEAMLID = "kernteamlid", _("Kernteamlid")
    VOORZITTER = "voorzitter", _("Voorzitter")
    SECRETARIS = "secretaris", _("Secretaris")
    PENNINGMEESTER = "penningmeester", _("Penningmeester")
    KETENSECRETARIS = "ketensecretaris", _("Ketensecretaris")
    KWARTIERMAKER = "kwartiermaker", _("Kwartiermaker")
    PROCESBEGELEIDER = "procesbegeleider", _("Procesbegeleider")
    # Someone the kwartiermaker invites to look along while the council is not public yet.
    GENODIGDE = "genodigde", _("Genodigde")


# Roles that follow from the kernteam: a seat (kernteamlid), a function the kernteam
# chose from its midst (voorzitter, secretaris, penningmeester, handbook 7.5.2) or the
# non-voting procesbegeleider it added. The members app records them and tells the role
# checks (``roles.register_role_provider``); they are never a free role record.
KERNTEAM_HELD_ROLES = frozenset(
    {
        Role.KERNTEAMLID,
        Role.VOORZITTER,
        Role.SECRETARIS,
        Role.PENNINGMEESTER,
        Role.PROCESBEGELEIDER,
    }
)
KERNTEAM_HELD_MESSAGE = _(
    "Kernteamleden, de voorzitter, de secretaris, de penningmeester en de procesbegeleider "
    "komen uit het kernteam: het kernteam legt hen vast op de kernteampagina."
)


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)

    def for_council(self, council: Ketenoverleg):
        """Assignments in this council, plus programme-wide kwartiermakers."""
        return self.filter(Q(council=council) | Q(council__isnull=True))


class RoleAssignment(models.Model):
    """A user holds a role in a council from one date until (optionally) another.

    A kwartiermaker may hold the role without a council: then it covers every council
    of the installation (a programme, handbook ch. 5).
    """

    user = models.ForeignKey(
        "ketenoverleg.User",
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    council = models.ForeignKey(
        Ketenoverleg,
        verbose_name=_("ketenoverleg"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
        null=True,
        blank=True,
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("vanaf"), default=timezone.localdate)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["council__name", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(council__isnull=False) | Q(role="kwartiermaker"),
                name="role_council_required_except_kwartiermaker",
            ),
        ]

    def __str__(self) -> str:
        where = self.council or _("alle ketenoverleggen")
        return f"{self.user} – {self.get_role_display()} ({where})"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("De einddatum ligt vóór de begindatum.")})
        if self.council_id is None and self.role != Role.KWARTIERMAKER:
            raise ValidationError(
                {"council": _("Alleen een kwartiermaker kan een rol zonder ketenoverleg hebben.")}
            )
        if self.role in KERNTEAM_HELD_ROLES:
            raise ValidationError({"role": KERNTEAM_HELD_MESSAGE})


def recheck_time():
    """When the sweep should look at newly queued work again if its task has not run:
    after the broker's visibility timeout, so a message Redis still holds comes first."""
    return timezone.now() + timedelta(seconds=settings.OUTBOX_RECHECK_AFTER)


class QueuedWork(models.Model):
    """A row that stands for work a task still has to do (the transactional outbox).

    The service writes the row with its data; after the commit the task is published
    (``ketenoverleg.outbox``). ``next_attempt_at`` is when the sweep publishes it
    (again): at once when publishing failed, later after a failed attempt, and after
    ``OUTBOX_RECHECK_AFTER`` in case a published message was lost.
    """

    next_attempt_at = models.DateTimeField(default=recheck_time, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_waiting(self) -> bool:
        """Pending past the moment it should have been picked up: the background
        processing is not running (or the broker is unreachable)."""
        return self.next_attempt_at <= timezone.now()


class OutgoingEmail(QueuedWork):
    """One e-mail in the outbox: written with the change that causes it, sent by a worker.

    ``key`` names the event and audience (``"dispatch:12:user:5"``,
    ``"membership:7:admitted"``): unique, so the same event never mails the same
    people twice, whatever retries, double clicks or parallel requests do.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("In de wachtrij")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(_("aan"), default=list)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    headers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="nl")
    template = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mail")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"


def document_storage():
    """Where PDFs live: STORAGES["documents"], outside MEDIA_URL (see settings)."""
    from django.core.files.storage import storages

    return storages["documents"]


class Document(QueuedWork):
    """A PDF rendered in the background from an HTML template, for one object.

    The content hash is taken over the HTML the PDF is rendered from: a request for
    unchanged content reuses the ready document instead of rendering again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RENDERING = "rendering", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")

    kind = models.CharField(_("soort"), max_length=40)
    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="documents")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("titel"), max_length=300)
    is_public = models.BooleanField(_("openbaar"), default=False)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(
        _("bestand"), upload_to="pdf/%Y/%m/", storage=document_storage, blank=True
    )
    error = models.TextField(_("foutmelding"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        "ketenoverleg.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("document_status", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RENDERING}

    @property
    def is_stuck(self) -> bool:
        """Queued while the processing is not running, or left rendering by a worker
        that died: the people who may ask for it may also retry it."""
        if self.status == self.Status.QUEUED:
            return self.is_waiting
        if self.status == self.Status.RENDERING:
            return self.started_at is None or self.started_at < stuck_before()
        return False


def stuck_before():
    """A render that started before this moment has no live worker any more."""
    return timezone.now() - timedelta(seconds=settings.DOCUMENT_STUCK_AFTER)


class Statute(TextVersion):
    """One version of a council's statute: articles, adopted by the ALV on a date."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="statutes")
    version = models.PositiveSmallIntegerField(_("versie"))
    adopted_on = models.DateField(_("vastgesteld door de ALV op"), null=True, blank=True)

    version_of = "council"

    class Meta:
        verbose_name = _("statuut")
        verbose_name_plural = _("statuten")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="statute_version_once"),
        ]

    def __str__(self) -> str:
        return f"{_('Statuut')} {self.council} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "statute_detail", kwargs={"slug": self.council.slug, "version": self.version}
        )

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class StatuteArticle(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("artikel"))
    title = models.CharField(_("titel"), max_length=200)
    body = BoundedTextField(_("tekst"), max_length=REPORT)

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["statute", "number"], name="article_number_once"),
        ]

    def __str__(self) -> str:
        return f"{_('Artikel')} {self.number}. {self.title}"


class RLadder(models.TextChoices):
    """The R-ladder of circular strategies (R0-R2 design, R3-R7 lifetime, R8-R9 recovery)."""

    R0 = "R0", _("R0 Weigeren")
    R1 = "R1", _("R1 Heroverwegen")
    R2 = "R2", _("R2 Verminderen")
    R3 = "R3", _("R3 Hergebruiken")
    R4 = "R4", _("R4 Repareren")
    R5 = "R5", _("R5 Opknappen")
    R6 = "R6", _("R6 Herfabriceren")
    R7 = "R7", _("R7 Herbestemmen")
    R8 = "R8", _("R8 Recyclen")
    R9 = "R9", _("R9 Energie terugwinnen")


class NewsItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())


class NewsItem(models.Model):
    """News and publications of a council, written by the secretariat."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("titel"), max_length=200)
    body = BoundedTextField(_("tekst"), max_length=DOCUMENT)
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When followers and members were told of it (a beat task, once its time has come).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuws")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news_detail", kwargs={"slug": self.council.slug, "pk": self.pk})


class AuditEntry(models.Model):
    """One sensitive action: who did what, when, to which object, in which council.

    Written by the services through :func:`ketenoverleg.audit.record`, in the same
    transaction as the action itself. The summary is kept as a translatable text with its
    values, so the log reads in the reader's language. Entries older than
    ``AUDIT_LOG_RETENTION_DAYS`` are removed by a beat task.
    """

    class Action(models.TextChoices):
        ROLE_ASSIGNED = "role_assigned", _("Rol toegekend")
        ROLE_ENDED = "role_ended", _("Rol beëindigd")
        BOARD_APPOINTED = "board_appointed", _("Benoemd in het kernteam")
        BOARD_REAPPOINTED = "board_reappointed", _("Herbenoemd in het kernteam")
        BOARD_STEPPED_DOWN = "board_stepped_down", _("Afgetreden uit het kernteam")
        FUNCTION_APPOINTED = "function_appointed", _("Functie in het kernteam toegekend")
        FUNCTION_ENDED = "function_ended", _("Functie in het kernteam beëindigd")
        ROSTER_SET = "roster_set", _("Rooster van aftreden vastgesteld")
        MEMBER_ADMITTED = "member_admitted", _("Lid toegelaten")
        MEMBER_REFUSED = "member_refused", _("Aanmelding afgewezen")
        APPEAL_DECIDED = "appeal_decided", _("Uitspraak in beroep")
        DATA_EXPORTED = "data_exported", _("Persoonsgegevens gedownload")
        DATA_ERASED = "data_erased", _("Persoonsgegevens gewist")
        DISPATCH_SENT = "dispatch_sent", _("Agenda of verslag verstuurd")
        INVITATIONS_SENT = "invitations_sent", _("Uitnodigingen verstuurd")
        REMINDERS_SENT = "reminders_sent", _("Contributieherinneringen verstuurd")
        STATUTE_ADOPTED = "statute_adopted", _("Statuut vastgesteld")
        COUNCIL_UPDATED = "council_updated", _("Gegevens van het ketenoverleg gewijzigd")
        COUNCIL_PHASE_CHANGED = "council_phase_changed", _("Fase van het ketenoverleg gewijzigd")
        COUNCIL_PUBLISHED = "council_published", _("Ketenoverleg openbaar gemaakt of afgeschermd")
        DISPATCH_RESENT = "dispatch_resent", _("Agenda of verslag opnieuw verstuurd")
        MAILING_SENT = "mailing_sent", _("Mailing uit relatiebeheer verstuurd")
        CONTACT_ERASED = "contact_erased", _("Contactpersoon gewist")
        PACKAGE_PROPOSED = (
            "package_proposed",
            _("Actiepakket voorgesteld aan lokale ketenoverleggen"),
        )
        STATISTICS_REQUESTED = "statistics_requested", _("Leden om ketenstatistiek gevraagd")
        STATISTICS_PUBLISHED = "statistics_published", _("Ketenstatistiek gepubliceerd")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    council = models.ForeignKey(
        Ketenoverleg,
        verbose_name=_("ketenoverleg"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    action = models.CharField(_("handeling"), max_length=40, choices=Action.choices)
    summary = models.CharField(_("samenvatting"), max_length=300)
    values = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["council", "-at"], name="audit_council_at")]

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H:%M} {self.get_action_display()}: {self.text}"

    @property
    def text(self) -> str:
        """The summary in the active language, with its values filled in."""
        try:
            return gettext(self.summary) % self.values
        except (KeyError, TypeError, ValueError):
            return self.summary


# Notifications ------------------------------------------------------------------------


class Delivery(models.TextChoices):
    """How a person wants to hear of one kind of notification."""

    DIRECT = "direct", _("Direct per e-mail")
    DIGEST = "digest", _("In het wekelijkse overzicht")
    OFF = "off", _("Niet")


DEFAULT_TIME_ZONE = "Europe/Amsterdam"


class NotificationSettings(models.Model):
    """A person's choices for notifications: per kind (``choices``: kind -> delivery;
    a kind not named keeps its default), the language and time zone of the mails, and
    up to when the weekly digest has covered what happened."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("taal van de e-mails"), max_length=10, choices=settings.LANGUAGES, default="nl"
    )
    time_zone = models.CharField(_("tijdzone"), max_length=64, default=DEFAULT_TIME_ZONE)
    choices = models.JSONField(default=dict, blank=True)
    digest_covered_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")

    def __str__(self) -> str:
        return str(self.user)


class Notice(models.Model):
    """One notification for one person about one event: written once (unique on person,
    kind and event), mailed at once or kept for the person's weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=60)
    event = models.CharField(max_length=120)
    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "event"], name="notice_once"),
        ]
        indexes = [models.Index(fields=["delivery", "created_at"])]

    def __str__(self) -> str:
        return self.subject
