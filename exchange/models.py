"""Vraag & aanbod: members offer and ask for material streams, capacity, services and
knowledge; matching listings are suggested; contact details are shared only when the
one who answers and the one who placed the listing both agree."""

import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.models import Geleding, Ketenoverleg
from ketenoverleg.numbers import plain_number

LISTING_DAYS = 90  # default life of a listing
MAX_LISTING_DAYS = 366


def material_key(text: str) -> str:
    """What two listings must share to be about the same material: case, accents,
    punctuation and spacing do not count ("Beton-granulaat" = "betongranulaat ")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", plain)


def place_key(text: str) -> str:
    return material_key(text)


class ListingQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def open(self):
        return self.filter(status=Listing.Status.OPEN, expires_on__gte=timezone.localdate())

    def public(self):
        """Teasers the public may see: open listings their owner made public."""
        return self.open().filter(is_public=True)


class Listing(models.Model):
    class Kind(models.TextChoices):
        AANBOD = "aanbod", _("Aanbod")
        VRAAG = "vraag", _("Vraag")

    class Category(models.TextChoices):
        MATERIAAL = "materiaal", _("Materiaalstroom")
        CAPACITEIT = "capaciteit", _("Capaciteit")
        DIENST = "dienst", _("Dienst")
        KENNIS = "kennis", _("Kennis")

    class Frequency(models.TextChoices):
        EENMALIG = "eenmalig", _("eenmalig")
        WEEK = "week", _("per week")
        MAAND = "maand", _("per maand")
        JAAR = "jaar", _("per jaar")

    class Reach(models.TextChoices):
        PLAATS = "plaats", _("Alleen in of bij de eigen plaats")
        WERKGEBIED = "werkgebied", _("In het hele werkgebied van het ketenoverleg")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GESLOTEN = "gesloten", _("Gesloten")
        VERLOPEN = "verlopen", _("Verlopen")

    class Result(models.TextChoices):
        DEAL = "deal", _("Deal")
        GEEN_MATCH = "geen_match", _("Geen match")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="listings")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    category = models.CharField(
        _("categorie"), max_length=20, choices=Category.choices, default=Category.MATERIAAL
    )
    geleding = models.CharField(_("namens de geleding"), max_length=20, choices=Geleding.choices)
    material = models.CharField(
        _("materiaal of product"),
        max_length=120,
        help_text=_(
            "Gebruik de gangbare naam, bijvoorbeeld betongranulaat: vermeldingen met "
            "dezelfde naam worden aan elkaar gekoppeld."
        ),
    )
    material_key = models.CharField(max_length=120, editable=False, db_index=True)
    quantity = models.DecimalField(
        _("hoeveelheid"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Een hoeveelheid is nooit negatief."))],
    )
    unit = models.CharField(_("eenheid"), max_length=20, blank=True)
    frequency = models.CharField(
        _("hoe vaak"), max_length=10, choices=Frequency.choices, default=Frequency.EENMALIG
    )
    description = models.TextField(
        _("toelichting"), max_length=2000, validators=[MaxLengthValidator(2000)], blank=True
    )
    region = models.CharField(_("plaats of regio"), max_length=120)
    reach = models.CharField(
        _("bereik"), max_length=12, choices=Reach.choices, default=Reach.WERKGEBIED
    )
    available_from = models.DateField(
        _("beschikbaar of nodig vanaf"), null=True, blank=True, validators=SANE_DATE
    )
    available_until = models.DateField(_("tot en met"), null=True, blank=True, validators=SANE_DATE)
    expires_on = models.DateField(
        _("vermelding verloopt op"),
        validators=SANE_DATE,
        help_text=_("Daarna verdwijnt de vermelding uit de lijst. Hoogstens een jaar vooruit."),
    )
    is_public = models.BooleanField(
        _("ook openbaar tonen, zonder organisatie en contactgegevens"),
        default=False,
        help_text=_(
            "Bezoekers zonder lidmaatschap zien dan alleen soort, materiaal, hoeveelheid en "
            "plaats, met de uitnodiging lid te worden."
        ),
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mailadres"), max_length=254)
    contact_phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    result = models.CharField(_("resultaat"), max_length=12, choices=Result.choices, blank=True)
    deal_response = models.ForeignKey(
        "Response",
        verbose_name=_("deal met"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deals",
    )
    closed_note = models.CharField(_("toelichting bij het sluiten"), max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("vermelding")
        verbose_name_plural = _("vermeldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="listing_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(status="gesloten"), name="listing_result_when_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    def save(self, *args, **kwargs):
        self.material_key = material_key(self.material)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exchange:listing", kwargs={"slug": self.council.slug, "pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if (
            self.available_from
            and self.available_until
            and self.available_until < self.available_from
        ):
            errors["available_until"] = _("Deze datum ligt vóór de begindatum.")
        if self.quantity is not None and not self.unit:
            errors["unit"] = _("Geef de eenheid bij de hoeveelheid, bijvoorbeeld t of m³.")
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        """ "50 t betongranulaat per maand", as a person would write it."""
        parts = []
        if self.quantity is not None:
            parts.append(f"{plain_number(self.quantity)} {self.unit}".strip())
        parts.append(self.material)
        if self.quantity is not None and self.frequency != self.Frequency.EENMALIG:
            parts.append(str(self.get_frequency_display()))
        return " ".join(parts)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_on >= timezone.localdate()

    @staticmethod
    def default_expiry():
        return timezone.localdate() + timedelta(days=LISTING_DAYS)


class Response(models.Model):
    """A member's answer to a listing. Contact details are shown to the other side only
    once the listing's owner accepts; the one who answers agrees by answering."""

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op antwoord")
        ACCEPTED = "geaccepteerd", _("Geaccepteerd: contactgegevens gedeeld")
        DECLINED = "afgewezen", _("Afgewezen")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="listing_responses"
    )
    counter_listing = models.ForeignKey(
        Listing,
        verbose_name=_("mijn eigen vermelding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counter_responses",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(
        _("uw reactie"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mailadres"), max_length=254)
    contact_phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    answer_note = models.CharField(_("antwoord"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organisation"],
                condition=Q(status__in=["open", "geaccepteerd"]),
                name="one_live_response_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.listing}"

    @property
    def contacts_shared(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Notice(models.Model):
    """Each e-mail this app sends, by a key naming its event and recipient: the unique
    key makes sure it is queued once, whatever retries or double clicks happen."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
