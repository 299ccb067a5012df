"""The ALV as the deciding body (handbook 7.4) and the council's yearly cycle.

An ALV is a meeting of the body ALV in the meetings app with an ``Assembly`` beside
it: the convocation, the check-in code, the attendance per member organisation and the
typed decision items with their votes and results. An adopted item takes effect
through the services of the app that owns what it decides, and keeps the link to
what it changed. An informal council (with a penvoerder) decides in its plenary by
consensus: the same records, without quorum or counted votes.
"""

import math
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import MOTIVATION, NOTE, REPORT, BoundedTextField
from ketenoverleg.models import Ketenoverleg


class Majority(models.TextChoices):
    """The share of the votes cast (for + against; abstentions are no votes cast)."""

    SIMPLE = "helft", _("Meer dan de helft van de uitgebrachte stemmen")
    TWO_THIRDS = "tweederde", _("Ten minste twee derde van de uitgebrachte stemmen")
    THREE_QUARTERS = "driekwart", _("Ten minste drie kwart van de uitgebrachte stemmen")

    @classmethod
    def reached(cls, majority: str, votes_for: int, votes_against: int) -> bool:
        cast = votes_for + votes_against
        if cast == 0:
            return False
        if majority == cls.TWO_THIRDS:
            return 3 * votes_for >= 2 * cast
        if majority == cls.THREE_QUARTERS:
            return 4 * votes_for >= 3 * cast
        return 2 * votes_for > cast  # a tie is no majority


# The Civil Code's defaults for an association (book 2, art. 41 and 42): convened at
# least seven days ahead, a statute amendment available five days ahead and adopted by
# two thirds of the votes cast. No quorum unless the statute asks for one.
CIVIL_CODE_NOTICE_DAYS = 7
CIVIL_CODE_AMENDMENT_DAYS = 5


class AssemblyRules(models.Model):
    """How this council convenes and decides, as its statute lays down; where the
    statute is silent, the Civil Code's defaults."""

    council = models.OneToOneField(
        Ketenoverleg, on_delete=models.CASCADE, related_name="assembly_rules"
    )
    notice_days = models.PositiveSmallIntegerField(
        _("oproepingstermijn (dagen)"),
        default=CIVIL_CODE_NOTICE_DAYS,
        validators=[MinValueValidator(CIVIL_CODE_NOTICE_DAYS), MaxValueValidator(90)],
        help_text=_("Het Burgerlijk Wetboek vraagt ten minste zeven dagen."),
    )
    amendment_notice_days = models.PositiveSmallIntegerField(
        _("voorstel tot statutenwijziging ter inzage (dagen)"),
        default=CIVIL_CODE_AMENDMENT_DAYS,
        validators=[MinValueValidator(CIVIL_CODE_AMENDMENT_DAYS), MaxValueValidator(90)],
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum voor gewone besluiten (% van de leden)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0: geen quorum."),
    )
    statute_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum voor statutenwijziging en ontbinding (% van de leden)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    ordinary_majority = models.CharField(
        _("meerderheid voor gewone besluiten"),
        max_length=12,
        choices=Majority.choices,
        default=Majority.SIMPLE,
    )
    statute_majority = models.CharField(
        _("meerderheid voor statutenwijziging en ontbinding"),
        max_length=12,
        choices=Majority.choices,
        default=Majority.TWO_THIRDS,
    )
    proxies_per_attendee = models.PositiveSmallIntegerField(
        _("volmachten per aanwezige"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("regels voor de ALV")
        verbose_name_plural = _("regels voor de ALV")

    def __str__(self) -> str:
        return f"{self.council}"

    @classmethod
    def for_council(cls, council: Ketenoverleg) -> "AssemblyRules":
        """The council's own rules, or (unsaved) the Civil Code's defaults."""
        rules = cls.objects.filter(council=council).first()
        return rules or cls(council=council)


def new_check_in_code() -> str:
    return secrets.token_hex(4).upper()


class Assembly(models.Model):
    """The ALV (or, in an informal council, the plenary) beside its meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="assembly"
    )
    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="assemblies")
    by_consensus = models.BooleanField(
        _("besluiten bij consensus"),
        default=False,
        help_text=_("Een informeel ketenoverleg besluit in de plenaire vergadering bij consensus."),
    )
    convened_at = models.DateTimeField(_("bijeengeroepen op"), null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    check_in_code = models.CharField(max_length=8, default=new_check_in_code)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ALV")
        verbose_name_plural = _("ALV's")
        ordering = ["-meeting__starts_at"]

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("alv:detail", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def date(self):
        return timezone.localdate(self.meeting.starts_at)

    @property
    def is_convened(self) -> bool:
        return self.convened_at is not None

    @property
    def has_started(self) -> bool:
        return self.meeting.starts_at <= timezone.now()


class ItemKind(models.TextChoices):
    JAARPLAN = "jaarplan", _("Jaarplan")
    BEGROTING = "begroting", _("Begroting")
    JAARVERSLAG = "jaarverslag", _("Jaarverslag en jaarrekening")
    DECHARGE = "decharge", _("Décharge van het kernteam")
    BENOEMING = "benoeming", _("Benoeming van een kernteamlid")
    HERBENOEMING = "herbenoeming", _("Herbenoeming van een kernteamlid (rooster van aftreden)")
    ONTSLAG = "ontslag", _("Ontslag van een kernteamlid")
    CONTRIBUTIE = "contributie", _("Contributie voor het volgende jaar")
    STATUTENWIJZIGING = "statuut", _("Statutenwijziging")
    ONTBINDING = "ontbinding", _("Ontbinding")
    MOTIE = "motie", _("Motie")


# Kinds that need the statute's heavier rules (quorum and majority).
STATUTE_KINDS = frozenset({ItemKind.STATUTENWIJZIGING, ItemKind.ONTBINDING})
# Votes on persons, which may be secret.
PERSON_KINDS = frozenset({ItemKind.BENOEMING, ItemKind.HERBENOEMING, ItemKind.ONTSLAG})
# Kinds about a year's plan, budget or report.
YEAR_KINDS = frozenset(
    {ItemKind.JAARPLAN, ItemKind.BEGROTING, ItemKind.JAARVERSLAG, ItemKind.DECHARGE}
)


class Outcome(models.TextChoices):
    PENDING = "open", _("Nog niet besloten")
    ADOPTED = "aangenomen", _("Aangenomen")
    REJECTED = "verworpen", _("Verworpen")
    NO_QUORUM = "geen_quorum", _("Geen quorum: niet besloten")


class DecisionItem(models.Model):
    """A point on the ALV's agenda on which the meeting decides."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort besluit"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    proposal = BoundedTextField(_("voorstel"), max_length=MOTIVATION, blank=True)
    online_voting = models.BooleanField(
        _("vooraf online stemmen"),
        default=False,
        help_text=_("Leden kunnen tot het begin van de vergadering online stemmen."),
    )
    secret = models.BooleanField(
        _("geheime stemming"),
        default=False,
        help_text=_("Alleen bij stemmingen over personen; alleen de totalen worden vastgelegd."),
    )
    year = models.PositiveIntegerField(_("jaar"), null=True, blank=True)
    statute = models.ForeignKey(
        "ketenoverleg.Statute",
        verbose_name=_("voorgestelde versie van het statuut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alv_items",
    )
    election = models.ForeignKey(
        "members.Election",
        verbose_name=_("verkiezing in de geleding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alv_items",
    )
    board_appointment = models.ForeignKey(
        "members.BoardAppointment",
        verbose_name=_("kernteamlid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alv_items",
    )
    contribution_amount = models.DecimalField(
        _("contributie (euro)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # The result.
    outcome = models.CharField(
        _("uitkomst"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    votes_for = models.PositiveIntegerField(_("voor"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("tegen"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("onthouding"), null=True, blank=True)
    represented = models.PositiveIntegerField(
        _("aanwezige of vertegenwoordigde leden"), null=True, blank=True
    )
    quorum_required = models.PositiveIntegerField(_("quorum"), null=True, blank=True)
    majority = models.CharField(
        _("vereiste meerderheid"), max_length=12, choices=Majority.choices, blank=True
    )
    note = BoundedTextField(_("toelichting bij het besluit"), max_length=NOTE, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("besluitpunt")
        verbose_name_plural = _("besluitpunten")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(secret=False) | Q(kind__in=["benoeming", "herbenoeming", "ontslag"]),
                name="alv_secret_only_on_persons",
            ),
            models.CheckConstraint(
                condition=Q(secret=False) | Q(online_voting=False),
                name="alv_secret_not_online",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.assembly.get_absolute_url()}#besluit-{self.pk}"

    @property
    def is_decided(self) -> bool:
        return self.outcome != Outcome.PENDING

    @property
    def is_adopted(self) -> bool:
        return self.outcome == Outcome.ADOPTED

    @property
    def online_open(self) -> bool:
        return self.online_voting and not self.assembly.has_started and not self.is_decided


def quorum_count(percent: int, members: int) -> int:
    """How many member organisations must be present or represented."""
    return math.ceil(percent * members / 100) if percent else 0


class AttendanceStatus(models.TextChoices):
    PRESENT = "aanwezig", _("Aanwezig")
    PROXY = "volmacht", _("Vertegenwoordigd bij volmacht")
    ABSENT = "afwezig", _("Afwezig")


class AssemblyAttendance(models.Model):
    """Whether a member organisation is at the ALV, and who holds its proxy."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.CASCADE, related_name="alv_attendance"
    )
    status = models.CharField(_("aanwezigheid"), max_length=10, choices=AttendanceStatus.choices)
    proxy_holder = models.ForeignKey(
        "members.Membership",
        verbose_name=_("volmacht aan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alv_proxies_held",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("aanwezigheid op de ALV")
        verbose_name_plural = _("presentielijst van de ALV")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "membership"], name="alv_attendance_once"),
            models.CheckConstraint(
                condition=(Q(status="volmacht") & Q(proxy_holder__isnull=False))
                | (~Q(status="volmacht") & Q(proxy_holder__isnull=True)),
                name="alv_proxy_has_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation}: {self.get_status_display()}"


class Choice(models.TextChoices):
    FOR = "voor", _("Voor")
    AGAINST = "tegen", _("Tegen")
    ABSTAIN = "onthouding", _("Onthouding")


class OnlineBallot(models.Model):
    """A member organisation's vote on an item before the meeting: one per organisation,
    changeable until the meeting starts."""

    item = models.ForeignKey(DecisionItem, on_delete=models.CASCADE, related_name="ballots")
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.CASCADE, related_name="alv_ballots"
    )
    choice = models.CharField(_("stem"), max_length=12, choices=Choice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("online stem")
        verbose_name_plural = _("online stemmen")
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="alv_ballot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation}: {self.get_choice_display()}"


# The yearly cycle -------------------------------------------------------------------


class YearPlan(models.Model):
    """A council's jaarplan and begroting for one year, each adopted by the ALV."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveIntegerField(
        _("jaar"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    goals = BoundedTextField(_("doelen"), max_length=REPORT)
    issues = models.ManyToManyField(
        "projects.Issue", verbose_name=_("vraagstukken van de probleemlijst"), blank=True
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("voorgenomen projecten"), blank=True
    )
    packages = models.ManyToManyField(
        "actionpackages.Package", verbose_name=_("voorgenomen actiepakketten"), blank=True
    )
    plan_adopted_by = models.ForeignKey(
        DecisionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_adopted_by = models.ForeignKey(
        DecisionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("jaarplan")
        verbose_name_plural = _("jaarplannen")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="alv_one_plan_per_year"),
        ]

    def __str__(self) -> str:
        return f"{_('Jaarplan')} {self.year} – {self.council}"

    def get_absolute_url(self) -> str:
        return reverse("alv:plan", kwargs={"slug": self.council.slug, "year": self.year})


class LineCategory(models.TextChoices):
    CONTRIBUTIE = "contributie", _("Contributies")
    SUBSIDIE = "subsidie", _("Subsidies")
    SPONSOR = "sponsor", _("Sponsoren")
    OTHER_INCOME = "overige_baten", _("Overige baten")
    PROJECT = "project", _("Kosten van een project")
    LEADER_FEE = "leider", _("Vrijwilligersvergoeding of honorarium projectleider")
    MEMBER_FEE = "leden", _("Vrijwilligersvergoeding of honorarium projectgroepleden")
    EXPENSES = "onkosten", _("Onkostenvergoeding projectgroepleden")
    EXTERNAL = "extern", _("Externe kosten van de projectgroep")
    SECRETARIAT = "secretariaat", _("Ketensecretariaat")
    OTHER_COST = "overige_lasten", _("Overige lasten")


INCOME_CATEGORIES = frozenset(
    {
        LineCategory.CONTRIBUTIE,
        LineCategory.SUBSIDIE,
        LineCategory.SPONSOR,
        LineCategory.OTHER_INCOME,
    }
)


class BudgetLine(models.Model):
    """A line of the begroting; its realisation comes from the records where they hold
    it (contributions, project costs) and from the penningmeester for the rest."""

    plan = models.ForeignKey(YearPlan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("soort"), max_length=20, choices=LineCategory.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("omschrijving"), max_length=200)
    planned = models.DecimalField(
        _("begroot (euro)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    realised_entered = models.DecimalField(
        _("gerealiseerd (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Alleen voor regels die het platform niet zelf kan tellen."),
    )

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category="project", project__isnull=False)
                | (~Q(category="project") & Q(project__isnull=True)),
                name="alv_project_line_has_project",
            ),
            models.CheckConstraint(condition=Q(planned__gte=0), name="alv_planned_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_income(self) -> bool:
        return self.category in INCOME_CATEGORIES

    @property
    def is_counted(self) -> bool:
        """Realised from the records, not entered."""
        return self.category in {LineCategory.CONTRIBUTIE, LineCategory.PROJECT}


class AnnualReport(models.Model):
    """The jaarverslag of one year: generated from the records, the texts editable
    until the ALV adopts it; then its figures are frozen and it is public."""

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(
        _("jaar"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    introduction = BoundedTextField(_("inleiding"), max_length=REPORT, blank=True)
    closing = BoundedTextField(_("vooruitblik"), max_length=REPORT, blank=True)
    show_finances = models.BooleanField(
        _("financiële verantwoording openbaar"),
        default=True,
        help_text=_(
            "Na vaststelling is het jaarverslag openbaar; de cijfers alleen als u dit kiest."
        ),
    )
    figures = models.JSONField(default=dict, blank=True)
    adopted_by = models.ForeignKey(
        DecisionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        DecisionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="alv_one_report_per_year"),
        ]

    def __str__(self) -> str:
        return f"{_('Jaarverslag')} {self.year} – {self.council}"

    def get_absolute_url(self) -> str:
        return reverse("alv:report", kwargs={"slug": self.council.slug, "year": self.year})

    @property
    def is_adopted(self) -> bool:
        return self.adopted_by_id is not None
