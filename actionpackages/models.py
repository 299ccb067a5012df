"""Action packages: six-geleding actions, consultation, the intentieverklaring with its
signatures, trend indicators with measurements, and the yearly status of commitments."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import MOTIVATION, NOTE, REPORT, BoundedTextField
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
    aim = BoundedTextField(_("doel"), max_length=MOTIVATION)
    introduction = BoundedTextField(_("inleiding"), max_length=REPORT, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    # Members react to the consultation version until this day (set when it opens).
    consultation_closes_on = models.DateField(
        _("consultatie open tot en met"), null=True, blank=True
    )
    launch_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("startbijeenkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="launched_packages",
    )
    # Packages travel: a council copies another's package as a draft of its own.
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    example_since = models.DateTimeField(
        _("voorbeeld voor andere ketenoverleggen sinds"), null=True, blank=True
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
    def is_signable(self) -> bool:
        """Open for signing from "open" until the package is closed: after the start
        date organisations can still join (handbook ch. 2: "zich (alsnog) aansluiten")."""
        return self.status in SIGNABLE

    @property
    def is_example(self) -> bool:
        return self.example_since is not None

    @property
    def current_version(self):
        """The frozen text that is (or was last) open for signing."""
        versions = list(self.versions.all())
        return versions[-1] if versions else None


SIGNABLE = frozenset({Package.Status.OPEN, Package.Status.LOPEND})


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
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
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
    proposal = BoundedTextField(_("voorstel"), max_length=MOTIVATION)
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
    argument = BoundedTextField(_("motivering"), max_length=MOTIVATION, blank=True)
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
    remark = BoundedTextField(_("opmerking"), max_length=NOTE, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    joined_late = models.BooleanField(
        _("later aangesloten"),
        default=False,
        help_text=_("Ondertekend na de ingangsdatum: de organisatie sloot zich alsnog aan."),
    )
    text_sha256 = models.CharField(_("SHA-256 van de ondertekende tekst"), max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = BoundedTextField(max_length=NOTE, blank=True)

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
    """One committed action of a signatory; its yearly status is in ``reports``."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="commitments")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="commitments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signature", "action"], name="commit_action_once")
        ]

    def __str__(self) -> str:
        return f"{self.signature.organisation}: {self.action.text}"


class ReviewStatus(models.TextChoices):
    """Where a committed action stands at the yearly review (circulaire coalities)."""

    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
    OP_SCHEMA = "op_schema", _("Op schema")
    VERTRAAGD = "vertraagd", _("Vertraagd")
    NIET_GESTART = "niet_gestart", _("Niet gestart")


ON_TRACK = frozenset({ReviewStatus.UITGEVOERD, ReviewStatus.OP_SCHEMA})
BEHIND = frozenset({ReviewStatus.VERTRAAGD, ReviewStatus.NIET_GESTART})


class CommitmentReport(models.Model):
    """A signatory's report on one committed action in one yearly review.

    Review ``n`` is due ``n`` years after the package's start date (see
    ``actionpackages.reviews``); a report can be corrected until the next review opens.
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    review_number = models.PositiveSmallIntegerField(_("ronde"))
    status = models.CharField(_("stand van zaken"), max_length=12, choices=ReviewStatus.choices)
    note = models.TextField(_("toelichting"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voortgangsmelding")
        verbose_name_plural = _("voortgangsmeldingen")
        ordering = ["review_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "review_number"], name="report_once_per_review"
            ),
            models.CheckConstraint(condition=Q(review_number__gte=1), name="review_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.review_number}): {self.get_status_display()}"

    @property
    def is_behind(self) -> bool:
        return self.status in BEHIND


class ImprovementPlan(models.Model):
    """What a signatory will do to get a committed action back on course (asked for
    when it is delayed or not started twice in a row), followed up at the next review."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Loopt")
        UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
        NIET_UITGEVOERD = "niet_uitgevoerd", _("Niet uitgevoerd")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="improvement_plans"
    )
    review_number = models.PositiveSmallIntegerField(_("gevraagd in ronde"))
    what = models.TextField(_("wat"))
    who = models.CharField(_("wie"), max_length=200)
    due_on = models.DateField(_("uiterlijk"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("uitkomst"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    follow_up_note = models.TextField(_("toelichting bij de opvolging"), blank=True)
    followed_up_in = models.PositiveSmallIntegerField(
        _("opgevolgd in ronde"), null=True, blank=True
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verbeterplan")
        verbose_name_plural = _("verbeterplannen")
        ordering = ["review_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "review_number"], name="one_plan_per_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.review_number}): {self.what[:60]}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class ReviewReminder(models.Model):
    """A reminder sent to a signatory about a yearly review: once per review, signatory
    and kind, whatever retries or double runs of the daily task happen."""

    class Kind(models.TextChoices):
        BEFORE = "voor", _("Voor de uiterste datum")
        AFTER = "na", _("Na de uiterste datum")

    signature = models.ForeignKey(
        Signature, on_delete=models.CASCADE, related_name="review_reminders"
    )
    review_number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review_number", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["signature", "review_number", "kind"], name="remind_once_per_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signature} ({self.review_number}, {self.kind})"


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


class Metric(models.TextChoices):
    """What a computed process indicator counts from the platform's own records
    (``actionpackages.indicators`` computes each)."""

    ONDERTEKENAARS = "ondertekenaars", _("Ondertekenende organisaties")
    DEELNAME_GELEDING = "deelname_geleding", _("Deelname van een geleding (% van de leden)")
    LEDEN_GELEDING = "leden_geleding", _("Leden per geleding")
    KERNTEAM_RITME = "kernteam_ritme", _("Kernteamvergaderingen in de laatste 12 maanden")
    PAKKETTEN_GESTART = "pakketten_gestart", _("Actiepakketten gestart in het jaar")
    TOEZEGGINGEN_OP_SCHEMA = "toezeggingen_op_schema", _("Toezeggingen op schema (%)")
    MATCHES_GEMAAKT = "matches_gemaakt", _("Matches uit vraag en aanbod in het jaar")


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
    description = BoundedTextField(_("beschrijving"), max_length=MOTIVATION, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.EFFECT)
    metric = models.CharField(
        _("berekend uit het platform"),
        max_length=30,
        choices=Metric.choices,
        blank=True,
        help_text=_("Leeg: de waarden worden gemeten en ingevoerd."),
    )
    geleding = models.CharField(
        _("geleding"),
        max_length=20,
        choices=Geleding.choices,
        blank=True,
        help_text=_("Voor de deelname of het aantal leden van één geleding."),
    )
    unit = models.CharField(_("eenheid"), max_length=40)
    method = BoundedTextField(_("meetmethode"), max_length=MOTIVATION)
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

    @property
    def is_computed(self) -> bool:
        """Computed from the platform's records: measured automatically, never typed."""
        return bool(self.metric)


class ProposedIndicator(models.Model):
    """A trend indicator's protocol that came with a copied package: what to measure
    and how, waiting for the local baseline (nulmeting). Entering the baseline turns it
    into an indicator of the package, still linked to the indicator it came from, so
    the source council can compare effects."""

    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="proposed_indicators"
    )
    based_on = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), max_length=2000, blank=True)
    kind = models.CharField(
        _("soort"), max_length=10, choices=Indicator.Kind.choices, default=Indicator.Kind.EFFECT
    )
    unit = models.CharField(_("eenheid"), max_length=40)
    method = models.TextField(_("meetmethode"), max_length=2000)
    source = models.CharField(_("bron"), max_length=200)
    frequency = models.CharField(_("frequentie"), max_length=100)
    measured_by = models.CharField(_("wie meet"), max_length=200)
    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("ingevoerd als trendindicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("over te nemen trendindicator")
        verbose_name_plural = _("over te nemen trendindicatoren")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def protocol(self) -> dict:
        """The fields an indicator starts with when its baseline is entered."""
        return {
            "name": self.name,
            "description": self.description,
            "kind": self.kind,
            "unit": self.unit,
            "method": self.method,
            "source": self.source,
            "frequency": self.frequency,
            "measured_by": self.measured_by,
        }


class PackageProposal(models.Model):
    """A provincial council proposes one of its packages to one of its local councils,
    which takes it over as a draft of its own or declines it."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Voorgesteld")
        ADOPTED = "overgenomen", _("Overgenomen")
        DECLINED = "afgewezen", _("Niet overgenomen")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="proposals")
    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="package_proposals"
    )
    message = models.TextField(_("toelichting"), max_length=2000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        _("besluit"), max_length=12, choices=Decision.choices, default=Decision.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    copy = models.OneToOneField(
        Package, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_proposal"
    )

    class Meta:
        verbose_name = _("voorstel aan een lokaal ketenoverleg")
        verbose_name_plural = _("voorstellen aan lokale ketenoverleggen")
        ordering = ["-proposed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["package", "council"], name="propose_once")]

    def __str__(self) -> str:
        return f"{self.package} → {self.council}"


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
    computed = models.BooleanField(_("berekend uit het platform"), default=False)
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
            # A computed indicator has one value a day: recomputing updates it.
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                condition=Q(computed=True),
                name="one_computed_measurement_a_day",
            ),
            models.UniqueConstraint(
                fields=["indicator", "statistics_period"],
                condition=Q(statistics_period__isnull=False),
                name="one_measurement_per_statistics_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} op {self.measured_on}"
