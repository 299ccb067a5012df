"""The "Hello World" live workshop (handbook 3.5.6): participants without an account
join with a code, take a geleding's role and post what they could contribute on their
own account; the kwartiermaker links contributions that reinforce each other; a short
closing poll; and the result becomes a draft action package."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionpackages.models import Package
from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.models import Geleding, Ketenoverleg
from startup.models import ContactPerson

# A practice workshop (without a council, in education) is deleted this long after it
# was made; the personal data of other workshops' participants is erased this long
# after the workshop closed.
PRACTICE_LIFETIME = timedelta(days=30)
PARTICIPANT_DATA_LIFETIME = timedelta(days=30)
# Letters and digits that cannot be mistaken for each other on a beamer.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class Workshop(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open: deelnemers dragen bij")
        POLL = "peiling", _("Afsluitende peiling")
        CLOSED = "gesloten", _("Gesloten")

    class Occasion(models.TextChoices):
        OPINIEGESPREK = "opiniegesprek", _("Opiniegesprek")
        INFORMATIE = "informatiebijeenkomst", _("Informatiebijeenkomst")
        ONDERWIJS = "onderwijs", _("Onderwijs (oefening)")

    council = models.ForeignKey(
        Ketenoverleg,
        verbose_name=_("ketenoverleg"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshops",
        help_text=_("Leeg voor een oefenworkshop: die wordt na 30 dagen verwijderd."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("titel"), max_length=200)
    occasion = models.CharField(
        _("gelegenheid"), max_length=30, choices=Occasion.choices, default=Occasion.OPINIEGESPREK
    )
    chain = models.CharField(_("keten"), max_length=120, help_text=_("Bijvoorbeeld: meubels."))
    place = models.CharField(_("plaats"), max_length=120)
    problem = models.TextField(_("duurzaamheidsprobleem"), max_length=1000)
    direction = models.TextField(_("oplossingsrichting"), max_length=1000)
    held_on = models.DateField(_("datum"), default=timezone.localdate, validators=SANE_DATE)
    code = models.CharField(_("deelnamecode"), max_length=CODE_LENGTH, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    package = models.OneToOneField(
        Package,
        verbose_name=_("conceptpakket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop",
    )
    converted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Hello World-workshop")
        verbose_name_plural = _("Hello World-workshops")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:control", kwargs={"pk": self.pk})

    def get_join_url(self) -> str:
        return reverse("workshops:participant", kwargs={"code": self.code})

    @property
    def is_practice(self) -> bool:
        return self.council_id is None

    @property
    def deleted_on(self):
        """When a practice workshop disappears (None for a council's workshop)."""
        if not self.is_practice:
            return None
        return timezone.localtime(self.created_at + PRACTICE_LIFETIME).date()


class Participant(models.Model):
    """Someone at the workshop, without an account: a name and, if they like, an
    organisation and e-mail address; their geleding role; their closing answers."""

    class Answer(models.TextChoices):
        JA = "ja", _("Ja")
        NEE = "nee", _("Nee")
        WEET_NIET = "weet_niet", _("Weet ik nog niet")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("naam"), max_length=80)
    organisation = models.CharField(_("organisatie"), max_length=120, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    geleding = models.CharField(_("rol (geleding)"), max_length=20, choices=Geleding.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    workable = models.CharField(
        _("Is ketenoverleg hier werkbaar?"), max_length=10, choices=Answer.choices, blank=True
    )
    should_start = models.CharField(
        _("Moet hier een initiatief van de grond komen?"),
        max_length=10,
        choices=Answer.choices,
        blank=True,
    )
    wants_involved = models.BooleanField(_("wil betrokken zijn"), default=False)
    prospect_consent = models.BooleanField(
        _("toestemming om gegevens te bewaren voor contact"), default=False
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    prospect = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return self.name or str(_("(gewist)"))

    @property
    def has_answered(self) -> bool:
        return self.answered_at is not None


class Contribution(models.Model):
    """What one participant could and would do from their role, on their own account."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, related_name="contributions"
    )
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)
    text = models.CharField(_("bijdrage"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["pk"]
        indexes = [models.Index(fields=["workshop", "created_at"])]

    def __str__(self) -> str:
        return self.text


class Link(models.Model):
    """Two contributions that reinforce each other, as the kwartiermaker drew it."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="links")
    a = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verbinding")
        verbose_name_plural = _("verbindingen")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="link_once"),
            models.CheckConstraint(condition=Q(a__lt=F("b")), name="link_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} ↔ {self.b_id}"
