"""Ketenstatistiek: questionnaires per period, members' encrypted figures, and the
published aggregate cells (the only figures anyone but the submitter ever sees)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.models import Geleding, Ketenoverleg, StatusEvent
from ketenoverleg.numbers import plain_number
from ketenstatistiek import disclosure

MAX_VALUE = Decimal("99999999999.999")  # what max_digits=14, decimal_places=3 can hold


class StatisticsPolicy(models.Model):
    """A council's disclosure rules: k may go up from 5, p may go down from 50."""

    council = models.OneToOneField(
        Ketenoverleg, on_delete=models.CASCADE, related_name="statistics_policy"
    )
    min_contributors = models.PositiveSmallIntegerField(
        _("minimum aantal bijdragers per cel (k)"),
        default=disclosure.DEFAULT_MIN_CONTRIBUTORS,
        validators=[
            MinValueValidator(
                disclosure.DEFAULT_MIN_CONTRIBUTORS,
                message=_("Het minimum is 5 bijdragers; een hoger aantal mag."),
            ),
            MaxValueValidator(50, message=_("Kies hoogstens 50 bijdragers.")),
        ],
        help_text=_("Een cel met minder bijdragers wordt niet gepubliceerd. Minimaal 5."),
    )
    dominance_percent = models.PositiveSmallIntegerField(
        _("grens voor een dominante bijdrager (p, in %)"),
        default=disclosure.DEFAULT_DOMINANCE_PERCENT,
        validators=[
            MinValueValidator(10, message=_("Kies ten minste 10 procent.")),
            MaxValueValidator(
                disclosure.DEFAULT_DOMINANCE_PERCENT,
                message=_("Hoogstens 50 procent; een strengere (lagere) grens mag."),
            ),
        ],
        help_text=_(
            "Geeft één bijdrager meer dan dit deel van het totaal, dan wordt de cel "
            "niet gepubliceerd. Hoogstens 50 %."
        ),
    )

    class Meta:
        verbose_name = _("regels voor de ketenstatistiek")
        verbose_name_plural = _("regels voor de ketenstatistiek")

    def __str__(self) -> str:
        return f"{self.council}: k={self.min_contributors}, p={self.dominance_percent}%"

    def as_policy(self) -> disclosure.Policy:
        return disclosure.Policy(
            min_contributors=self.min_contributors, dominance_percent=self.dominance_percent
        )


class PeriodQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def published(self):
        return self.filter(status=Period.Status.GEPUBLICEERD)


class Period(models.Model):
    """One round of figures (usually a year): a questionnaire, submissions, a table."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Vragenlijst in voorbereiding")
        OPEN = "open", _("Open voor opgaven")
        GESLOTEN = "gesloten", _("Gesloten, nog niet gepubliceerd")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="statistics_periods"
    )
    name = models.CharField(
        _("naam"), max_length=60, help_text=_("Bijvoorbeeld het jaar waarover het gaat: 2025.")
    )
    starts_on = models.DateField(_("over de periode vanaf"), validators=SANE_DATE)
    ends_on = models.DateField(_("tot en met"), validators=SANE_DATE)
    closes_on = models.DateField(
        _("opgeven kan tot en met"),
        validators=SANE_DATE,
        help_text=_("De uiterste datum voor de opgaven van de leden."),
    )
    introduction = models.TextField(
        _("toelichting voor de leden"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    # The rules in force when the table was published, kept with it.
    min_contributors = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    dominance_percent = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistiekperiode")
        verbose_name_plural = _("statistiekperiodes")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="statistics_period_name_once"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="statistics_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("ketenstatistiek:period", kwargs={"slug": self.council.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("De einddatum ligt vóór de begindatum.")})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD

    @property
    def accepts_submissions(self) -> bool:
        return self.status == self.Status.OPEN


class PeriodEvent(StatusEvent):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Period.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Period.Status.choices)


def validate_geledingen(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Kies ten minste één geleding."))
    if any(g not in Geleding.values for g in value) or len(set(value)) != len(value):
        raise ValidationError(_("Kies geledingen uit de lijst."))


class Question(models.Model):
    """One figure asked of the members of some geledingen, in a unit, with a plausible range."""

    class Kind(models.TextChoices):
        QUANTITY = "hoeveelheid", _("Hoeveelheid: totaal, gemiddelde en mediaan")
        SHARE = "aandeel", _("Aandeel of verhouding: gemiddelde en mediaan")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "Een korte vaste naam, gelijk in elke periode (bijvoorbeeld beton-geleverd): "
            "zo worden periodes vergeleken en kan een trendindicator de vraag volgen."
        ),
    )
    label = models.CharField(_("vraag"), max_length=200)
    explanation = models.TextField(
        _("toelichting"), max_length=1000, validators=[MaxLengthValidator(1000)], blank=True
    )
    unit = models.CharField(_("eenheid"), max_length=30)
    kind = models.CharField(
        _("soort gegeven"), max_length=20, choices=Kind.choices, default=Kind.QUANTITY
    )
    min_value = models.DecimalField(
        _("kleinste plausibele waarde"),
        max_digits=14,
        decimal_places=3,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0), message=_("Waarden zijn nooit negatief."))],
    )
    max_value = models.DecimalField(
        _("grootste plausibele waarde"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0), message=_("Waarden zijn nooit negatief."))],
    )
    geledingen = models.JSONField(
        _("gevraagd aan de geledingen"), default=list, validators=[validate_geledingen]
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"], name="statistics_question_code_once"
            ),
            models.CheckConstraint(
                condition=Q(max_value__gt=models.F("min_value")),
                name="statistics_question_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit})"

    def clean(self) -> None:
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value <= self.min_value
        ):
            raise ValidationError(
                {"max_value": _("De grootste waarde moet groter zijn dan de kleinste.")}
            )

    @property
    def geleding_labels(self) -> list[str]:
        return [g.label for g in Geleding if g.value in self.geledingen]

    @property
    def range_message(self) -> str:
        return _("Geef een waarde tussen %(min)s en %(max)s %(unit)s.") % {
            "min": plain_number(self.min_value),
            "max": plain_number(self.max_value),
            "unit": self.unit,
        }

    @property
    def range_help(self) -> str:
        return _("Plausibel: %(min)s tot %(max)s %(unit)s.") % {
            "min": plain_number(self.min_value),
            "max": plain_number(self.max_value),
            "unit": self.unit,
        }

    @property
    def shows_total(self) -> bool:
        return self.kind == self.Kind.QUANTITY


class Submission(models.Model):
    """One member's figure for one question, encrypted: the value is never stored in clear.

    ``sealed`` holds a Fernet token (see ``ketenstatistiek.crypto``) that names the
    question and the organisation it belongs to, so a token copied to another row
    does not decrypt there.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="submissions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="statistics_submissions"
    )
    geleding = models.CharField(_("namens de geleding"), max_length=20, choices=Geleding.choices)
    sealed = models.CharField(max_length=400, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "organisation"], name="statistics_one_figure_per_question"
            ),
        ]

    def __str__(self) -> str:
        # Never the value: this string shows up in the admin and in logs.
        return f"{self.organisation} – {self.question.label}"


class SubmissionRequest(models.Model):
    """The request for figures sent to one member for one period: mailed once."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="requests")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation"], name="statistics_request_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} → {self.organisation}"


TOTAL = "totaal"
FYSIEK = "fysiek"


class PublishedCell(models.Model):
    """One cell of a published table. Suppressed cells carry their reason and no figure:
    a value that may not be shown is not even stored here."""

    class Reason(models.TextChoices):
        THRESHOLD = disclosure.Reason.THRESHOLD.value, _("minder dan %(k)s bijdragers")
        DOMINANCE = disclosure.Reason.DOMINANCE.value, _("één bijdrager domineert")
        SECONDARY = disclosure.Reason.SECONDARY.value, _("secundair onderdrukt")
        DIFFERENCING = disclosure.Reason.DIFFERENCING.value, _("verschil met gepubliceerde cel")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="cells")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="cells")
    group = models.CharField(_("groep"), max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(_("reden van onderdrukking"), max_length=20, blank=True)
    count = models.PositiveIntegerField(_("aantal bijdragers"), null=True, blank=True)
    total = models.DecimalField(_("totaal"), max_digits=20, decimal_places=3, null=True, blank=True)
    mean = models.DecimalField(
        _("gemiddelde"), max_digits=17, decimal_places=3, null=True, blank=True
    )
    median = models.DecimalField(
        _("mediaan (afgerond)"), max_digits=17, decimal_places=3, null=True, blank=True
    )
    # Which rows the cell adds up and who contributed: needed to protect later tables
    # of the same question against differencing. Never shown.
    atoms = models.JSONField(default=list)
    contributors = models.JSONField(default=list)

    class Meta:
        verbose_name = _("gepubliceerde cel")
        verbose_name_plural = _("gepubliceerde cellen")
        ordering = ["question__position", "question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "group"], name="statistics_cell_once"),
            models.CheckConstraint(
                condition=(Q(reason="") & Q(count__isnull=False))
                | (
                    ~Q(reason="")
                    & Q(
                        count__isnull=True,
                        total__isnull=True,
                        mean__isnull=True,
                        median__isnull=True,
                    )
                ),
                name="statistics_suppressed_cell_has_no_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.label} – {self.group_label}"

    @property
    def published(self) -> bool:
        return not self.reason

    @property
    def group_label(self) -> str:
        if self.group == TOTAL:
            return str(_("Alle geledingen"))
        if self.group == FYSIEK:
            return str(_("Fysieke keten (aanbod, vraag, recycling)"))
        return Geleding(self.group).label

    @property
    def is_sum(self) -> bool:
        return self.group in {TOTAL, FYSIEK}

    def reason_text(self, min_contributors: int) -> str:
        if not self.reason:
            return ""
        return str(self.Reason(self.reason).label) % {"k": min_contributors}
