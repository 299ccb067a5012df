"""Action packages: six-geleding actions, consultation, the intentieverklaring with its
signatures, trend indicators with measurements, and the yearly status of commitments."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Geleding, Ketenoverleg, RLadder, StatusEvent, TextVersion
from ketenstatistiek.models import FYSIEK, TOTAL


class PackageQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def public(self):
        """Packages the public may read: from the moment they open for signing."""
        return self.filter(
            status__in=[
                Package.Status.OPEN,
                Package.Status.LOPEND,
                Package.Status.AFGESLOTEN,
            ]
        )


class Package(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        CONSULTATIE = "consultatie", _("Consultatie")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        OPEN = "open", _("Open voor ondertekening")
        LOPEND = "lopend", _("Lopend")
        AFGESLOTEN = "afgesloten", _("Geëvalueerd en afgesloten")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="packages")
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Uiverproject"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="packages",
    )
    title = models.CharField(_("titel"), max_length=200)
    aim = models.TextField(_("doel"))
    introduction = models.TextField(_("inleiding"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    launch_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("startbijeenkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="launched_packages",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        verbose_name = _("actiepakket")
        verbose_name_plural = _("actiepakketten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionpackages:package", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.LOPEND, self.Status.AFGESLOTEN}

    @property
    def current_version(self):
        """The frozen text that is (or was last) open for signing."""
        versions = list(self.versions.all())
        return versions[-1] if versions else None


class Action(models.Model):
    class Commitment(models.TextChoices):
        RESULTAAT = "resultaat", _("Resultaatverplichting")
        INSPANNING = "inspanning", _("Inspanningsverplichting")
        AFSTEMMING = "afstemming", _("Afstemmingsbereidheid")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="actions")
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)
    text = models.CharField(_("actie"), max_length=400)
    commitment = models.CharField(
        _("soort toezegging"), max_length=20, choices=Commitment.choices, blank=True
    )
    r_ladder = models.CharField(_("R-ladder"), max_length=2, choices=RLadder.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    reinforces = models.ManyToManyField(
        "self", verbose_name=_("versterkt"), symmetrical=True, blank=True
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_geleding_display()}: {self.text}"


class PackageEvent(StatusEvent):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Package.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Package.Status.choices)


class PackageVersion(TextVersion):
    """A frozen text of the package: what members comment on and what they sign."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    text = models.TextField(_("tekst"))
    sha256 = models.CharField(max_length=64)
    reason = models.CharField(_("aanleiding"), max_length=200)

    version_of = "package"
    number_field = "number"

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="package_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.package} v{self.number}"

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Amendment(models.Model):
    """A member's proposal to change an action or the package text, and its decision."""

    class Decision(models.TextChoices):
        OPEN = "open", _("In behandeling")
        ACCEPTED = "aangenomen", _("Overgenomen")
        REJECTED = "afgewezen", _("Niet overgenomen")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="amendments")
    action = models.ForeignKey(
        Action,
        verbose_name=_("over actie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
    )
    proposal = models.TextField(_("voorstel"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        _("besluit"), max_length=12, choices=Decision.choices, default=Decision.OPEN
    )
    argument = models.TextField(_("motivering"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wijzigingsvoorstel")
        verbose_name_plural = _("wijzigingsvoorstellen")
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return self.proposal[:80]


class SignatureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Signature(models.Model):
    """An organisation signs the intentieverklaring and commits to actions of its geledingen."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(PackageVersion, on_delete=models.PROTECT, related_name="signatures")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signer_name = models.CharField(_("ondertekend door"), max_length=200)
    actions = models.ManyToManyField(Action, through="Commitment", related_name="signatures")
    remark = models.TextField(_("opmerking"), blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    text_sha256 = models.CharField(_("SHA-256 van de ondertekende tekst"), max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_signature_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.package}"


class Commitment(models.Model):
    """One committed action of a signatory, with its yearly reported status."""

    class Progress(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        BEZIG = "bezig", _("Bezig")
        UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
        NIET_GELUKT = "niet_gelukt", _("Niet gelukt")

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="commitments")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="commitments")
    progress = models.CharField(
        _("stand van zaken"), max_length=12, choices=Progress.choices, default=Progress.GEPLAND
    )
    reported_on = models.DateField(_("gemeld op"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signature", "action"], name="commit_action_once")
        ]

    def __str__(self) -> str:
        return f"{self.signature.organisation}: {self.action.text}"

    @property
    def needs_improvement_plan(self) -> bool:
        """Failed, or not reported on for more than a year since signing or last report."""
        if self.progress == self.Progress.NIET_GELUKT:
            return True
        if self.progress == self.Progress.UITGEVOERD:
            return False
        last = self.reported_on or timezone.localtime(self.signature.signed_at).date()
        return (timezone.localdate() - last).days > 365


class Invitation(models.Model):
    """A chain party that is not a member, informed before the start date."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["package", "email"], name="invite_once")]

    def __str__(self) -> str:
        return self.name


STATISTIC_GROUPS = [
    (TOTAL, _("Alle geledingen")),
    (FYSIEK, _("Fysieke keten (aanbod, vraag, recycling)")),
    *Geleding.choices,
]
STATISTIC_MEASURES = [
    ("total", _("totaal")),
    ("mean", _("gemiddelde")),
    ("median", _("mediaan (afgerond)")),
]


class Indicator(models.Model):
    class Kind(models.TextChoices):
        EFFECT = "effect", _("Effectindicator")
        PROCESS = "proces", _("Procesindicator")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.EFFECT)
    unit = models.CharField(_("eenheid"), max_length=40)
    method = models.TextField(_("meetmethode"))
    source = models.CharField(_("bron"), max_length=200)
    frequency = models.CharField(_("frequentie"), max_length=100)
    measured_by = models.CharField(_("wie meet"), max_length=200)
    baseline_value = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=3)
    baseline_on = models.DateField(_("datum nulmeting"))
    target_value = models.DecimalField(
        _("streefwaarde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    # An effect indicator may follow a question of the ketenstatistiek: its protocol
    # names the question (by its code), the row of the published table and the measure,
    # and every published period becomes a measurement (suppressed cells are skipped).
    statistic_code = models.SlugField(
        _("vraag uit de ketenstatistiek"),
        max_length=60,
        blank=True,
        help_text=_("Laat leeg als de indicator niet uit de ketenstatistiek komt."),
    )
    statistic_group = models.CharField(
        _("groep in de tabel"), max_length=20, choices=STATISTIC_GROUPS, blank=True
    )
    statistic_measure = models.CharField(
        _("maat"), max_length=10, choices=STATISTIC_MEASURES, blank=True
    )

    class Meta:
        verbose_name = _("trendindicator")
        verbose_name_plural = _("trendindicatoren")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse(
            "actionpackages:indicator",
            kwargs={"slug": self.package.council.slug, "pk": self.pk},
        )


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("datum"))
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=3)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    # Set when the measurement was taken from a published ketenstatistiek table.
    statistics_period = models.ForeignKey(
        "ketenstatistiek.Period",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
    )

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "statistics_period"],
                condition=Q(statistics_period__isnull=False),
                name="one_measurement_per_statistics_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} op {self.measured_on}"
