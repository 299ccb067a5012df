"""Members of a council: organisations, their memberships per geleding, the kernteam."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import MOTIVATION, BoundedTextField
from ketenoverleg.models import Geleding, Ketenoverleg, StatusEvent, kvk_validator

BOARD_TERM_YEARS = 4
MAX_TERMS = 3  # a first appointment plus at most two reappointments


def name_key(name: str) -> str:
    """An organisation's name as it identifies it: without case and without spaces."""
    return "".join(name.split()).casefold()


class OrganisationQuerySet(models.QuerySet):
    def matching(self, *, name: str, kvk_number: str = ""):
        """Organisations that are this one: the same name (ignoring case and spaces) or
        the same KvK number. Anonymised organisations match nothing."""
        same = Q(name_key=name_key(name)) if name_key(name) else Q(pk__in=[])
        if kvk_number:
            same |= Q(kvk_number=kvk_number)
        return self.filter(same, anonymised_at__isnull=True)


class Organisation(models.Model):
    """A company, institution, network, informal partnership or natural person."""

    class Kind(models.TextChoices):
        BEDRIJF = "bedrijf", _("Bedrijf")
        INSTELLING = "instelling", _("Instelling")
        NETWERK = "netwerk", _("Netwerk")
        SAMENWERKINGSVERBAND = "samenwerkingsverband", _("Informeel samenwerkingsverband")
        PERSOON = "persoon", _("Natuurlijk persoon")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, default=Kind.BEDRIJF)
    place = models.CharField(_("plaats"), max_length=120)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator]
    )
    intention_url = models.URLField(
        _("webpagina met de duurzame intentie"),
        blank=True,
        help_text=_("Een pagina op uw eigen website waarop u uw duurzame intentie beschrijft."),
    )
    intention_text = BoundedTextField(
        _("duurzame intentie (mission statement)"),
        max_length=MOTIVATION,
        blank=True,
        help_text=_("Wat uw organisatie wil bijdragen aan een duurzame keten."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Representative", related_name="organisations"
    )
    # The name without case or spaces, unique: an organisation exists once. Natural
    # persons (who may share a name) and anonymised organisations have none.
    name_key = models.CharField(max_length=200, blank=True, default="", editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"], condition=~Q(name_key=""), name="organisation_name_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = self.identity_key()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def identity_key(self) -> str:
        if self.kind == self.Kind.PERSOON or self.anonymised_at is not None:
            return ""
        return name_key(self.name)

    def clean(self) -> None:
        if not self.intention_url and not self.intention_text:
            raise ValidationError(
                {
                    "intention_text": _(
                        "Geef een webpagina of een tekst met uw duurzame intentie: "
                        "die wordt in de ledenlijst getoond."
                    )
                }
            )


class Representative(models.Model):
    """A user account that may act for an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    is_contact = models.BooleanField(_("contactpersoon"), default=True)
    may_sign = models.BooleanField(_("tekenbevoegd"), default=True)

    class Meta:
        verbose_name = _("vertegenwoordiger")
        verbose_name_plural = _("vertegenwoordigers")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_representation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class MembershipStatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    TOEGELATEN = "toegelaten", _("Toegelaten")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    IN_BEROEP = "in_beroep", _("In beroep")
    OPGEZEGD = "opgezegd", _("Opgezegd")
    VOLGER = "volger", _("Volger")


class MembershipQuerySet(models.QuerySet):
    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)

    def admitted(self):
        return self.filter(status=MembershipStatus.TOEGELATEN)

    def with_details(self):
        return self.select_related("organisation").prefetch_related("geleding_rows")

    def public(self):
        """Admitted members that consented to the public ledenlijst."""
        return (
            self.admitted()
            .filter(listing_consent=True)
            .with_details()
            .order_by("organisation__name")
        )

    def with_contacts(self):
        contacts = Representative.objects.filter(is_contact=True).select_related("user")
        return self.with_details().prefetch_related(
            Prefetch("organisation__representatives", queryset=contacts, to_attr="contacts")
        )

    def in_geleding(self, geleding: str):
        return self.filter(geleding_rows__geleding=geleding)


class Membership(models.Model):
    """One organisation's membership of one council, with its own geledingen and history."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, db_index=True
    )
    supports_goal = models.BooleanField(_("onderschrijft de algemene doelstelling"), default=False)
    listing_consent = models.BooleanField(
        _("toestemming voor de openbare ledenlijst"), default=False
    )
    listing_consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    listing_consent_text = models.TextField(_("waarmee ingestemd is"), blank=True)
    motivation = BoundedTextField(
        _("toelichting bij de aanvraag"), max_length=MOTIVATION, blank=True
    )
    applied_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The kernteam's assessment against the criteria (handbook 7.3.3).
    check_in_chain = models.BooleanField(
        _("betrokken bij de keten in het werkgebied"), default=False
    )
    check_geledingen = models.BooleanField(
        _("gekozen geledingen kloppen met de praktijk"), default=False
    )
    check_goal = models.BooleanField(_("onderschrijft de doelstelling"), default=False)
    check_intention = models.BooleanField(_("duurzame intentie is openbaar"), default=False)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = BoundedTextField(
        _("motivering van het besluit"), max_length=MOTIVATION, blank=True
    )
    referred_to = models.ForeignKey(
        Ketenoverleg,
        verbose_name=_("doorverwezen naar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    appeal_reason = BoundedTextField(_("gronden van het beroep"), max_length=MOTIVATION, blank=True)
    appeal_lodged_at = models.DateTimeField(_("beroep ingesteld op"), null=True, blank=True)
    appeal_decided_at = models.DateTimeField(_("beroep beslist op"), null=True, blank=True)
    appeal_decision = BoundedTextField(_("uitspraak in beroep"), max_length=MOTIVATION, blank=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "council"],
                condition=~Q(status="opgezegd"),
                name="one_running_membership_per_council",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.council} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:membership", kwargs={"slug": self.council.slug, "pk": self.pk})

    @property
    def geledingen(self) -> list[str]:
        """Geleding keys in the fixed order (uses the prefetched rows)."""
        chosen = {row.geleding for row in self.geleding_rows.all()}
        return [g for g in Geleding.values if g in chosen]

    @property
    def geleding_labels(self) -> list[str]:
        return [Geleding(g).label for g in self.geledingen]

    @property
    def all_checks_passed(self) -> bool:
        return all(
            [self.check_in_chain, self.check_geledingen, self.check_goal, self.check_intention]
        )

    @property
    def can_appeal(self) -> bool:
        return self.status == MembershipStatus.AFGEWEZEN and self.appeal_lodged_at is None


class MembershipGeleding(models.Model):
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="geleding_rows"
    )
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "geleding"], name="geleding_once")
        ]

    def __str__(self) -> str:
        return self.get_geleding_display()


class MembershipEvent(StatusEvent):
    """History of a membership: every step, who took it and why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MembershipStatus.choices, blank=True)


class ContributionRate(models.Model):
    """The yearly contributie as set by the ALV, optionally per kind of member."""

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="contribution_rates"
    )
    year = models.PositiveIntegerField(_("jaar"))
    member_kind = models.CharField(
        _("soort lid"),
        max_length=30,
        choices=Organisation.Kind.choices,
        blank=True,
        help_text=_("Leeg: geldt voor alle leden zonder eigen tarief."),
    )
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=8, decimal_places=2)
    set_by_alv_on = models.DateField(_("vastgesteld door de ALV op"))

    class Meta:
        verbose_name = _("contributietarief")
        verbose_name_plural = _("contributietarieven")
        ordering = ["-year", "member_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "member_kind"], name="one_rate_per_kind_per_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.year}: € {self.amount}"


class ContributionPayment(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="payments")
    year = models.PositiveIntegerField(_("jaar"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("betaald op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "paid_on"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_payment_per_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation} {self.year}: € {self.amount}"


class ContributionReminder(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    year = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.membership.organisation} {self.year}"


class Seat(models.TextChoices):
    """The seven voting seats: one per geleding, one unbound."""

    AANBOD = "aanbod", "Aanbod"
    VRAAG = "vraag", "Vraag"
    RECYCLING = "recycling", "Recycling"
    KENNIS = "kennis", "Kennis"
    OVERHEID = "overheid", "Overheid"
    TRANSITIE = "transitie", "Transitie"
    ONGEBONDEN = "ongebonden", _("Ongebonden")


class BoardAppointmentQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on, ended_early_on__isnull=True)

    def overlapping(self, starts_on: date, ends_on: date):
        """Terms that share at least one day with [starts_on, ends_on)."""
        return self.filter(starts_on__lt=ends_on, ends_on__gt=starts_on).filter(
            Q(ended_early_on__isnull=True) | Q(ended_early_on__gt=starts_on)
        )

    def seats_of(self, council: Ketenoverleg, on: date | None = None) -> list[dict]:
        """The seven seats in order, each with its appointment on ``on`` (default today)
        or None (vacature)."""
        current = {
            a.seat: a
            for a in self.active(on)
            .filter(council=council)
            .select_related("user", "membership__organisation")
        }
        return [
            {"key": seat.value, "label": seat.label, "appointment": current.get(seat.value)}
            for seat in Seat
        ]

    def vacant_seats(self, council: Ketenoverleg, on: date | None = None) -> list[str]:
        """Labels of the kernteam seats nobody holds on ``on`` (default today): shown as
        vacatures everywhere."""
        return [s["label"] for s in self.seats_of(council, on) if s["appointment"] is None]


class BoardAppointment(models.Model):
    """A person on a kernteam seat for one four-year term, appointed by the ALV."""

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="board_appointments"
    )
    seat = models.CharField(_("zetel"), max_length=20, choices=Seat.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestuurder"),
        on_delete=models.PROTECT,
        related_name="board_appointments",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("namens lid"),
        on_delete=models.PROTECT,
        related_name="board_appointments",
    )
    starts_on = models.DateField(_("benoemd per"))
    ends_on = models.DateField(_("aftredend op (rooster)"))
    term_number = models.PositiveSmallIntegerField(_("termijn"), default=1)
    appointed_by_alv_on = models.DateField(_("benoemd door de ALV op"))
    ended_early_on = models.DateField(_("tussentijds beëindigd op"), null=True, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_term"
    )

    objects = BoardAppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("benoeming in het kernteam")
        verbose_name_plural = _("benoemingen in het kernteam")
        ordering = ["seat", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(term_number__gte=1, term_number__lte=MAX_TERMS),
                name="at_most_two_reappointments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_seat_display()}, {self.council})"


class BoardFunction(models.TextChoices):
    """Functions in the kernteam: three officers chosen from its midst, one non-voting."""

    VOORZITTER = "voorzitter", _("Voorzitter")
    SECRETARIS = "secretaris", _("Secretaris")
    PENNINGMEESTER = "penningmeester", _("Penningmeester")
    PROCESBEGELEIDER = "procesbegeleider", _("Procesbegeleider")


# "Het bestuur kiest uit zijn midden een voorzitter, een secretaris en penningmeester"
# (handbook 7.5.2): these need a seat; the procesbegeleider is added without a vote.
OFFICER_FUNCTIONS = frozenset(
    {BoardFunction.VOORZITTER, BoardFunction.SECRETARIS, BoardFunction.PENNINGMEESTER}
)
# Only secretaris and penningmeester may be one person.
COMBINABLE_FUNCTIONS = frozenset({BoardFunction.SECRETARIS, BoardFunction.PENNINGMEESTER})


class BoardFunctionTermQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        """Functions held on ``on`` (default today). An officer holds the function only
        while the seat it was chosen from runs: when the seat ends, so does the function."""
        on = on or timezone.localdate()
        seated = Q(
            appointment__starts_on__lte=on,
            appointment__ends_on__gte=on,
            appointment__ended_early_on__isnull=True,
        )
        return self.filter(starts_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on),
            Q(function=BoardFunction.PROCESBEGELEIDER) | seated,
        )

    def for_council(self, council: Ketenoverleg):
        return self.filter(council=council)


class BoardFunctionTerm(models.Model):
    """One person in one kernteam function from a date, as the kernteam (or the ALV)
    decided; the term ends when a successor is appointed, when the kernteam ends it, or
    with the seat it was chosen from."""

    class DecidedBy(models.TextChoices):
        KERNTEAM = "kernteam", _("Het kernteam")
        ALV = "alv", _("De ALV")

    council = models.ForeignKey(
        Ketenoverleg, on_delete=models.CASCADE, related_name="board_functions"
    )
    function = models.CharField(_("functie"), max_length=20, choices=BoardFunction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("functionaris"),
        on_delete=models.PROTECT,
        related_name="board_functions",
    )
    appointment = models.ForeignKey(
        BoardAppointment,
        verbose_name=_("zetel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="functions",
    )
    starts_on = models.DateField(_("vanaf"))
    ended_on = models.DateField(
        _("tot"), null=True, blank=True, help_text=_("De eerste dag zonder deze functie.")
    )
    decided_by = models.CharField(
        _("besloten door"), max_length=10, choices=DecidedBy.choices, default=DecidedBy.KERNTEAM
    )
    decided_on = models.DateField(_("datum van het besluit"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_note = models.CharField(_("reden van het einde"), max_length=200, blank=True)

    objects = BoardFunctionTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("functie in het kernteam")
        verbose_name_plural = _("functies in het kernteam")
        ordering = ["function", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "function"],
                condition=Q(ended_on__isnull=True),
                name="one_holder_per_board_function",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="board_function_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(function="procesbegeleider")
                | Q(appointment__isnull=False)
                | Q(ended_on__isnull=False),
                name="officer_is_chosen_from_a_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_function_display()}: {self.user} ({self.council})"

    @property
    def is_running(self) -> bool:
        """Still open today: no end recorded and, for an officer, the seat still runs."""
        today = timezone.localdate()
        return self.ended_on is None and (self.ends_on is None or self.ends_on >= today)

    @property
    def ends_on(self) -> date | None:
        """The last day held: the day before ``ended_on``, or the last day of the seat."""
        last = self.ended_on - timedelta(days=1) if self.ended_on else None
        seat = self.appointment
        if seat is not None:
            seat_last = (
                seat.ended_early_on - timedelta(days=1) if seat.ended_early_on else seat.ends_on
            )
            last = min(last, seat_last) if last else seat_last
        return last


class Election(models.Model):
    """Candidacy and a vote among the members of one geleding for its vacant seat."""

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="elections")
    geleding = models.CharField(_("geleding"), max_length=20, choices=Geleding.choices)
    opened_on = models.DateField(_("geopend op"), default=timezone.localdate)
    closes_on = models.DateField(_("sluitingsdatum"))
    closed_at = models.DateTimeField(null=True, blank=True)
    nominee = models.ForeignKey(
        "Candidacy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment = models.OneToOneField(
        BoardAppointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="election"
    )

    class Meta:
        verbose_name = _("verkiezing")
        verbose_name_plural = _("verkiezingen")
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return f"{self.get_geleding_display()} – {self.council}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.localdate() <= self.closes_on


class Candidacy(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidacies")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    statement = BoundedTextField(_("motivatie"), max_length=MOTIVATION, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="stand_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.membership.organisation})"


class Vote(models.Model):
    """One vote per member organisation in an election."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="votes")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="one_vote_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.voter.organisation} → {self.candidacy}"


class WorkGroup(models.Model):
    class Kind(models.TextChoices):
        WERKGROEP = "werkgroep", _("Werkgroep (vast)")
        PROJECTGROEP = "projectgroep", _("Projectgroep (tijdelijk)")

    council = models.ForeignKey(Ketenoverleg, on_delete=models.CASCADE, related_name="work_groups")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    purpose = BoundedTextField(_("opdracht"), max_length=MOTIVATION, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    members = models.ManyToManyField(
        Membership, verbose_name=_("deelnemende leden"), related_name="work_groups", blank=True
    )
    linking_pins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("kernteamleden (linking pin)"), related_name="+"
    )

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="work_group_name_unique"),
            models.CheckConstraint(
                condition=Q(kind="werkgroep") | Q(ends_on__isnull=False),
                name="projectgroep_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name
