"""The probleemlijst (sustainability issues, prioritised by weighted scores) and
Uiver projects with their assignment, lifecycle, progress reports and final report."""

import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import DOCUMENT, MOTIVATION, REPORT, BoundedTextField
from ketenoverleg.models import Geleding, Ketenoverleg, RLadder, StatusEvent, document_storage

DEFAULT_CRITERIA = [
    (_("Urgentie"), 1),
    (_("Lokale actualiteit"), 1),
    (_("Beschikbare oplossing"), 1),
    (_("Lage kosten"), 1),
    (_("Lokaal draagvlak"), 1),
]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Criterion(models.Model):
    """A prioritisation criterion of a council, with its weight."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterium"), max_length=100)
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="criterion_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class IssueQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def with_scores(self):
        return self.prefetch_related("scores", "directions")


class Issue(models.Model):
    """A sustainability issue (duurzaamheidsvraagstuk) on the council's probleemlijst."""

    class Status(models.TextChoices):
        GESIGNALEERD = "gesignaleerd", _("Gesignaleerd")
        GEPRIORITEERD = "geprioriteerd", _("Geprioriteerd")
        IN_BEHANDELING = "in_behandeling", _("In behandeling")
        OPGELOST = "opgelost", _("Opgelost")
        VERVALLEN = "vervallen", _("Vervallen")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(_("titel"), max_length=200)
    description = BoundedTextField(_("beschrijving"), max_length=MOTIVATION)
    geledingen = models.JSONField(_("waar in de keten"), default=list)
    r_ladder = models.CharField(_("R-ladder"), max_length=2, choices=RLadder.choices, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    raised_on = models.DateField(_("gesignaleerd op"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GESIGNALEERD
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraagstuk")
        verbose_name_plural = _("probleemlijst")
        ordering = ["-raised_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:issue", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def geleding_labels(self) -> list[str]:
        return [Geleding(g).label for g in Geleding.values if g in self.geledingen]


class IssueEvent(StatusEvent):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Issue.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Issue.Status.choices)


class Score(models.Model):
    """One kernteam member's 1-5 score of an issue on one criterion."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "criterion", "user"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} / {self.criterion}: {self.value}"


class SolutionDirection(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="directions")
    description = BoundedTextField(_("oplossingsrichting"), max_length=MOTIVATION)
    r_ladder = models.CharField(_("R-ladder"), max_length=2, choices=RLadder.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("oplossingsrichting")
        verbose_name_plural = _("oplossingsrichtingen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]


class CostType(models.TextChoices):
    LEADER_FEE = "leider", _("Vrijwilligersvergoeding of honorarium projectleider")
    MEMBER_FEE = "leden", _("Vrijwilligersvergoeding of honorarium projectgroepleden")
    EXPENSES = "onkosten", _("Onkostenvergoeding projectgroepleden")
    EXTERNAL = "extern", _("Externe kosten van de projectgroep")


class ProjectQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def public(self):
        """What anyone may see: assignments adopted by the kernteam."""
        return self.exclude(status=Project.Status.CONCEPT)


class Project(models.Model):
    """An Uiver project: the project assignment of handbook chapter 6."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld door het kernteam")
        GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd door de projectleider")
        LOPEND = "lopend", _("Lopend")
        EINDRAPPORT = "eindrapport", _("Eindrapport ingediend")
        AFGEROND = "afgerond", _("Afgerond")
        GESTOPT = "gestopt", _("Gestopt")

    class Budget(models.TextChoices):
        CARRIED = "gedragen", _("Gedragen door de deelnemende organisaties")
        AMOUNT = "bedrag", _("Een budget")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("titel"), max_length=200)
    issue = models.ForeignKey(
        Issue, verbose_name=_("vraagstuk"), on_delete=models.PROTECT, related_name="projects"
    )
    direction = models.ForeignKey(
        SolutionDirection,
        verbose_name=_("oplossingsrichting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"))
    budget_kind = models.CharField(
        _("budget"), max_length=10, choices=Budget.choices, default=Budget.CARRIED
    )
    budget_amount = models.DecimalField(
        _("bedrag (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget_incl_vat = models.BooleanField(_("inclusief btw"), default=False)
    cost_types = models.JSONField(_("kostensoorten"), default=list, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("projectleider"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    reporting_interval_months = models.PositiveSmallIntegerField(
        _("voortgangsbericht elke (maanden)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    adopted_on = models.DateField(_("vastgesteld in het kernteam op"), null=True, blank=True)
    accepted_on = models.DateField(
        _("geaccepteerd door de projectleider op"), null=True, blank=True
    )
    stopped_reason = BoundedTextField(_("reden van stoppen"), max_length=MOTIVATION, blank=True)
    final_report = BoundedTextField(_("eindrapport"), max_length=DOCUMENT, blank=True)
    final_report_submitted_on = models.DateField(null=True, blank=True)
    final_report_approved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Uiverproject")
        verbose_name_plural = _("Uiverprojecten")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def has_budget(self) -> bool:
        return self.budget_kind == self.Budget.AMOUNT

    @property
    def cost_type_labels(self) -> list[str]:
        return [CostType(c).label for c in CostType.values if c in self.cost_types]

    @property
    def covered_geledingen(self) -> list[str]:
        """Geleding keys represented in the project group (uses prefetched members)."""
        present = {m.geleding for m in self.group.all()}
        return [g for g in Geleding.values if g in present]

    @property
    def missing_geledingen(self) -> list[str]:
        covered = set(self.covered_geledingen)
        return [Geleding(g).label for g in Geleding.values if g not in covered]

    def next_report_due(self, reports: list | None = None) -> date | None:
        """When the next progress report is due, for a running project."""
        if self.status != self.Status.LOPEND:
            return None
        reports = reports if reports is not None else list(self.reports.all())
        last = max((r.submitted_on for r in reports), default=None)
        return add_months(last or self.starts_on, self.reporting_interval_months)

    @property
    def report_overdue(self) -> bool:
        due = self.next_report_due()
        return due is not None and due < timezone.localdate()


class ProjectMember(models.Model):
    """A member organisation in the project group, in one geleding."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="group")
    membership = models.ForeignKey("members.Membership", on_delete=models.CASCADE, related_name="+")
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)

    class Meta:
        ordering = ["geleding", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "membership"], name="project_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation} ({self.get_geleding_display()})"


class ProjectEvent(StatusEvent):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Project.Status.choices)


class ProgressReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    submitted_on = models.DateField(_("datum"), default=timezone.localdate)
    text = BoundedTextField(_("voortgang"), max_length=REPORT)
    percent_complete = models.PositiveSmallIntegerField(
        _("percentage gereed"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    risks = BoundedTextField(_("risico's en knelpunten"), max_length=MOTIVATION, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["submitted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0, percent_complete__lte=100),
                name="percent_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.submitted_on}"


class BudgetLine(models.Model):
    """A line of the financial overview: total needed, granted (by source), spent."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(_("post"), max_length=200)
    budgeted = models.DecimalField(_("begroot"), max_digits=10, decimal_places=2)
    granted = models.DecimalField(_("toegekend"), max_digits=10, decimal_places=2)
    source = models.CharField(_("bron van de toekenning"), max_length=200, blank=True)
    spent = models.DecimalField(_("uitgegeven"), max_digits=10, decimal_places=2)
    remark = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def still_needed(self) -> Decimal:
        return self.budgeted - self.granted

    @property
    def balance(self) -> Decimal:
        return self.granted - self.spent


ATTACHMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ReportAttachment(models.Model):
    """A file with the final report; stored privately, served through a view."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="bijlagen/%Y/", storage=document_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ReportReminder(models.Model):
    """Records that the leader and secretaris were told a report is due (once per due date)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "due_on"], name="remind_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.due_on}"
