"""The council library (handbook 4.5.2, the archive): research reports, presentations,
agendas and minutes from before the platform, photos. Each document has an access
level, tags, links to packages, projects and meetings, and numbered versions of its
file; the text of a PDF is extracted in the background for the full-text search."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ketenoverleg.bounds import EARLIEST_DATE, LATEST_DATE, SANE_DATE
from ketenoverleg.models import Ketenoverleg, TextVersion, document_storage

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
TAG_MAX = 50
# The extracted text kept for the search: enough for a long report, small enough for
# PostgreSQL's full-text search on the fly.
TEXT_MAX = 200_000


class Access(models.TextChoices):
    PUBLIC = "openbaar", _("Openbaar: iedereen")
    MEMBERS = "leden", _("Leden: leden, kernteam en secretariaat")
    KERNTEAM = "kernteam", _("Kernteam: alleen kernteam en secretariaat")


class Tag(models.Model):
    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="library_tags")
    name = models.CharField(_("trefwoord"), max_length=TAG_MAX)

    class Meta:
        verbose_name = _("trefwoord")
        verbose_name_plural = _("trefwoorden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="library_tag_once"),
        ]

    def __str__(self) -> str:
        return self.name


class LibraryDocumentQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def at_levels(self, levels):
        return self.filter(access__in=list(levels))

    def public(self):
        return self.filter(access=Access.PUBLIC)

    def with_details(self):
        return self.select_related("council", "current").prefetch_related("tags")


class LibraryDocument(models.Model):
    class Kind(models.TextChoices):
        REPORT = "onderzoeksrapport", _("Onderzoeksrapport")
        PRESENTATION = "presentatie", _("Presentatie")
        AGENDA = "agenda", _("Agenda")
        MINUTES = "notulen", _("Notulen of verslag")
        PHOTO = "foto", _("Foto")
        OTHER = "overig", _("Overig")

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="library_documents"
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    document_date = models.DateField(
        _("datum"),
        help_text=_("De datum van het stuk zelf, bijvoorbeeld van de vergadering of het rapport."),
        validators=SANE_DATE,
    )
    description = models.TextField(_("beschrijving"), max_length=DESCRIPTION_MAX, blank=True)
    access = models.CharField(
        _("wie mag het lezen"), max_length=10, choices=Access.choices, default=Access.MEMBERS
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("trefwoorden"), blank=True, related_name="+")
    packages = models.ManyToManyField(
        "actionpackages.Package", verbose_name=_("actiepakketten"), blank=True, related_name="+"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projecten"), blank=True, related_name="+"
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("vergaderingen"), blank=True, related_name="+"
    )
    current = models.ForeignKey(
        "LibraryFile",
        verbose_name=_("huidige versie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Title, description, tags and the current version's text, for the search.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LibraryDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bibliotheekdocument")
        verbose_name_plural = _("bibliotheek")
        ordering = ["-document_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document_date__gte=EARLIEST_DATE, document_date__lte=LATEST_DATE),
                name="library_date_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document", kwargs={"slug": self.council.slug, "pk": self.pk})

    def get_download_url(self) -> str:
        return reverse("library:download", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.access == Access.PUBLIC


def library_upload_to(instance, filename: str) -> str:
    """Per council; the service names the file itself (the uploader's file name is kept
    only as a label)."""
    return f"bibliotheek/{instance.document.council_id}/{filename}"


class LibraryFile(TextVersion):
    """One version of a document's file, stored privately and served through a view."""

    class Text(models.TextChoices):
        WAITING = "wacht", _("Tekst wordt uitgelezen")
        DONE = "klaar", _("Tekst doorzoekbaar")
        FAILED = "mislukt", _("Tekst kon niet worden uitgelezen")
        NONE = "geen", _("Geen tekst (geen PDF)")

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveSmallIntegerField(_("versie"))
    file = models.FileField(
        _("bestand"), upload_to=library_upload_to, storage=document_storage, max_length=300
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("wat is er anders"), max_length=200, blank=True)
    text = models.TextField(blank=True, editable=False)
    text_status = models.CharField(max_length=10, choices=Text.choices, default=Text.WAITING)
    text_error = models.CharField(max_length=300, blank=True)

    version_of = "document"
    number_field = "version"

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="library_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"

    def get_download_url(self) -> str:
        return reverse(
            "library:version_download",
            kwargs={
                "slug": self.document.council.slug,
                "pk": self.document_id,
                "version": self.version,
            },
        )

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
