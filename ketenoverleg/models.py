"""The council core: users, councils (ketenoverleggen) and council-scoped roles."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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
        "robots.txt",
        "sitemap.xml",
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


class KetenoverlegQuerySet(models.QuerySet):
    def with_children(self):
        return self.select_related("parent").prefetch_related("children")


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


class Role(models.TextChoices):
    LID = "lid", _("Lid")
    KERNTEAMLID = "kernteamlid", _("Kernteamlid")
    VOORZITTER = "voorzitter", _("Voorzitter")
    SECRETARIS = "secretaris", _("Secretaris")
    PENNINGMEESTER = "penningmeester", _("Penningmeester")
    KETENSECRETARIS = "ketensecretaris", _("Ketensecretaris")
    KWARTIERMAKER = "kwartiermaker", _("Kwartiermaker")


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


def document_storage():
    """Where PDFs live: STORAGES["documents"], outside MEDIA_URL (see settings)."""
    from django.core.files.storage import storages

    return storages["documents"]


class Document(models.Model):
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

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("nieuwsbericht")
        verbose_name_plural = _("nieuws")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news_detail", kwargs={"slug": self.council.slug, "pk": self.pk})
