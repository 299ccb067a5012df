"""Starting a council (handbook ch. 3): the kwartiermaker's checklist per phase, the
vooronderzoek with its advice, the logbook, and relatiebeheer: the file of chain
parties and their contact persons, contact moments and lists to mail (4.5.2)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.models import Geleding, Ketenoverleg, document_storage
from members.models import Membership, MembershipStatus, Organisation

# How long a contact person's data is kept unless someone sets another date.
DEFAULT_RETENTION = timedelta(days=2 * 365)


def default_retention() -> date:
    return timezone.localdate() + DEFAULT_RETENTION


class ChecklistItem(models.Model):
    """One item of the start-up checklist (``startup.checklist``) as ticked or annotated
    for one council. Items nobody touched have no row."""

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="checklist_items"
    )
    key = models.CharField(max_length=60)
    done = models.BooleanField(_("afgerond"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("aantekening"), max_length=2000, blank=True)
    attachment = models.FileField(
        _("document"),
        upload_to="opstart/%Y/%m/",
        storage=document_storage,
        max_length=200,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("punt van de opstartlijst")
        verbose_name_plural = _("opstartlijst")
        constraints = [
            models.UniqueConstraint(fields=["council", "key"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.key}"


class Vooronderzoek(models.Model):
    """The exploratory study before a council starts, and its advice: start or not."""

    class Advice(models.TextChoices):
        START = "start", _("Starten")
        NIET_STARTEN = "niet_starten", _("Niet starten")

    council = models.OneToOneField(
        Ketenoverleg, on_delete=models.CASCADE, related_name="vooronderzoek"
    )
    commissioned_by = models.CharField(
        _("opdrachtgever"),
        max_length=200,
        blank=True,
        help_text=_("De gemeente, een bedrijf of netwerk dat het vooronderzoek mogelijk maakt."),
    )
    knowledge_partner = models.CharField(
        _("kennisinstelling die meewerkt"), max_length=200, blank=True
    )
    advice = models.CharField(_("advies"), max_length=20, choices=Advice.choices, blank=True)
    recommendations = models.TextField(_("aanbevelingen"), max_length=4000, blank=True)
    advised_on = models.DateField(
        _("advies gegeven op"), null=True, blank=True, validators=SANE_DATE
    )
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vooronderzoek")
        verbose_name_plural = _("vooronderzoeken")

    def __str__(self) -> str:
        return f"{_('Vooronderzoek')} {self.council}"

    @property
    def advises_start(self) -> bool:
        return self.advice == self.Advice.START


class LogEntry(models.Model):
    """A dated entry in a council's logbook, kept every four to six weeks while the
    kwartiermaker guides it (the headings follow a provincial reporting format)."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="log_entries")
    written_on = models.DateField(_("datum"), default=timezone.localdate, validators=SANE_DATE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review = models.TextField(_("terugblik op de afgelopen periode"), max_length=4000)
    results = models.TextField(_("resultaten en mijlpalen"), max_length=2000, blank=True)
    bottlenecks = models.TextField(_("knelpunten"), max_length=2000, blank=True)
    outlook = models.TextField(_("vooruitblik: wat is nodig"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.council} {self.written_on:%d-%m-%Y}"


# Relatiebeheer ---------------------------------------------------------------------


class PartyStatus(models.TextChoices):
    GEVONDEN = "gevonden", _("Gevonden")
    KOPLOPER = "koploper", _("Koploper")
    BENADERD = "benaderd", _("Benaderd")
    GEINTERESSEERD = "geinteresseerd", _("Geïnteresseerd")
    OPINIEGESPREK = "opiniegesprek", _("Deelnemer opiniegesprek")
    LID = "lid", _("Lid")
    AFGEHAAKT = "afgehaakt", _("Afgehaakt")


class PartyQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def with_member_flag(self):
        """``is_member``: the linked organisation is an admitted member of the council."""
        admitted = Membership.objects.filter(
            organisation=OuterRef("organisation"),
            council=OuterRef("council"),
            status=MembershipStatus.TOEGELATEN,
        )
        return self.annotate(is_member=Exists(admitted))

    def in_geleding_order(self):
        """Aanbod, vraag, recycling, kennis, overheid, transitie; then by name."""
        order = Case(
            *[When(geleding=g, then=Value(i)) for i, g in enumerate(Geleding.values)],
            default=Value(len(Geleding.values)),
        )
        return self.alias(geleding_order=order).order_by("geleding_order", "name", "pk")

    def with_status(self, status: str):
        if status == PartyStatus.LID:
            return self.filter(Q(status=PartyStatus.LID) | Q(is_member=True))
        return self.filter(status=status, is_member=False)


class Party(models.Model):
    """A chain party in the council's area, member or not, with where it stands."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("naam"), max_length=200)
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)
    place = models.CharField(_("plaats"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PartyStatus.choices, default=PartyStatus.GEVONDEN
    )
    note = models.TextField(_("aantekening"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie op het platform"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ketenpartij")
        verbose_name_plural = _("ketenpartijen")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="party_name_once")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("startup:party", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def shown_status(self) -> str:
        """The status to show: an admitted membership makes a party a member."""
        if getattr(self, "is_member", False):
            return PartyStatus.LID.label
        return self.get_status_display()


class ContactPersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(erased_at__isnull=True)

    def mailable(self):
        """Contact persons one may write to: an address, consent, not past retention."""
        return (
            self.current()
            .filter(consent_at__isnull=False, retain_until__gte=timezone.localdate())
            .exclude(email="")
        )


class ContactPerson(models.Model):
    """A person at a chain party. Kept only with a purpose, a source and a retention
    date (AVG); erasing removes every personal detail and keeps an empty row so that
    what was sent stays counted once."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("naam"), max_length=120)
    function = models.CharField(_("functie"), max_length=120, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    purpose = models.CharField(
        _("doel van het bewaren"),
        max_length=300,
        help_text=_("Waarvoor het ketenoverleg deze gegevens bewaart."),
    )
    source = models.CharField(
        _("herkomst"),
        max_length=200,
        help_text=_("Waar de gegevens vandaan komen, bijvoorbeeld een gesprek of workshop."),
    )
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    consent_text = models.CharField(_("waarmee ingestemd is"), max_length=300, blank=True)
    retain_until = models.DateField(
        _("bewaren tot"), default=default_retention, validators=SANE_DATE
    )
    invited_to_apply_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or str(_("(gewist)"))

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None

    def clean(self) -> None:
        if self.consent_at and not self.consent_text:
            raise ValidationError(
                {"consent_text": _("Leg vast waarmee de persoon heeft ingestemd.")}
            )


class ContactMoment(models.Model):
    """A note of a contact with a party: a conversation, call, mail or meeting."""

    class Channel(models.TextChoices):
        GESPREK = "gesprek", _("Gesprek")
        TELEFOON = "telefoon", _("Telefoon")
        EMAIL = "email", _("E-mail")
        BIJEENKOMST = "bijeenkomst", _("Bijeenkomst")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="moments")
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("met"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moments",
    )
    happened_on = models.DateField(_("datum"), default=timezone.localdate, validators=SANE_DATE)
    channel = models.CharField(_("soort contact"), max_length=20, choices=Channel.choices)
    summary = models.TextField(_("verslag"), max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.party} {self.happened_on:%d-%m-%Y}"


class MailingList(models.Model):
    """A list of contact persons to mail once: an invitation to the opiniegesprek, the
    startbijeenkomst, or a call to join a package."""

    class Purpose(models.TextChoices):
        OPINIEGESPREK = "opiniegesprek", _("Uitnodiging opiniegesprek")
        STARTBIJEENKOMST = "startbijeenkomst", _("Uitnodiging startbijeenkomst")
        PAKKET = "pakket", _("Oproep om mee te doen met een actiepakket")
        ANDERS = "anders", _("Ander bericht")

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="mailing_lists"
    )
    purpose = models.CharField(_("soort bericht"), max_length=20, choices=Purpose.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"), max_length=5000)
    package = models.ForeignKey(
        "actionpackages.Package",
        verbose_name=_("actiepakket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipients = models.ManyToManyField(
        ContactPerson, verbose_name=_("ontvangers"), related_name="mailing_lists", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verzendlijst")
        verbose_name_plural = _("verzendlijsten")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("startup:mailing_list", kwargs={"slug": self.council.slug, "pk": self.pk})


class ListSend(models.Model):
    """One mail of a list to one contact person: recorded once, so a second click on
    'send' never mails anyone twice."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="sends")
    contact = models.ForeignKey(ContactPerson, on_delete=models.CASCADE, related_name="sends")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "contact"], name="send_list_once")
        ]

    def __str__(self) -> str:
        return f"{self.mailing_list} → {self.contact}"
