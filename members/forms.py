from django import forms
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import MOTIVATION
from ketenoverleg.forms import (
    BoundedModelForm,
    DateField,
    DateInput,
    PersonMultipleChoiceField,
    YearField,
)
from ketenoverleg.models import Geleding, Ketenoverleg, User
from members.models import (
    OFFICER_FUNCTIONS,
    BoardAppointment,
    BoardFunction,
    BoardFunctionTerm,
    Candidacy,
    ContributionRate,
    Membership,
    Organisation,
    Seat,
    WorkGroup,
)
from members.prefill import REFERENCE_MAX_LENGTH
from members.services import LISTING_CONSENT_TEXT


class MembershipChoiceField(forms.ModelChoiceField):
    """Lists members by organisation name (no per-row lookups of the council)."""

    def label_from_instance(self, obj) -> str:
        return obj.organisation.name


ORGANISATION_FIELDS = [
    "name",
    "kind",
    "place",
    "email",
    "phone",
    "website",
    "kvk_number",
    "intention_url",
    "intention_text",
]


class OrganisationForm(BoundedModelForm):
    """A new organisation (applying: the service finds an existing one of that name) or
    an existing one's details (editing: a name another organisation has is refused)."""

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"intention_text": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        renamed = Organisation(
            name=cleaned.get("name") or "",
            kind=cleaned.get("kind") or "",
            anonymised_at=self.instance.anonymised_at,
        )
        key = renamed.identity_key() if self.instance.pk else ""
        others = Organisation.objects.filter(name_key=key).exclude(pk=self.instance.pk)
        if key and others.exists():
            self.add_error(
                "name", _("Er is al een organisatie met deze naam; kies een onderscheidende naam.")
            )
        return cleaned


class ApplicationForm(forms.Form):
    """Apply for membership: for an organisation the user already acts for, or a new one."""

    organisation = forms.ModelChoiceField(
        label=_("Namens welke organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Een nieuwe organisatie (vul hieronder in)"),
    )
    geledingen = forms.MultipleChoiceField(
        label=_("In welke geleding(en) wilt u deelnemen?"),
        choices=Geleding.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één geleding.")},
    )
    supports_goal = forms.BooleanField(
        label=_("Wij onderschrijven de algemene doelstelling van dit ketenoverleg."),
        required=True,
        error_messages={
            "required": _("Lid worden kan alleen als u de doelstelling onderschrijft.")
        },
    )
    listing_consent = forms.BooleanField(
        label=LISTING_CONSENT_TEXT,
        required=True,
        error_messages={
            "required": _("Vermelding in de openbare ledenlijst is een plicht van leden.")
        },
    )
    motivation = forms.CharField(
        max_length=MOTIVATION,
        label=_("Toelichting: hoe is uw organisatie betrokken bij de keten in het werkgebied?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    # The pre-filled invitation this application came from (members.prefill), if any.
    reference = forms.CharField(
        required=False, max_length=REFERENCE_MAX_LENGTH, widget=forms.HiddenInput
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]


class ReviewForm(forms.Form):
    check_in_chain = forms.BooleanField(
        label=_("Gevestigd in het werkgebied of economisch betrokken bij de keten daar"),
        required=False,
    )
    check_geledingen = forms.BooleanField(
        label=_("De gekozen geleding(en) kloppen met de praktijk"), required=False
    )
    check_goal = forms.BooleanField(
        label=_("Onderschrijft de algemene doelstelling"), required=False
    )
    check_intention = forms.BooleanField(
        label=_("De duurzame intentie is openbaar (webpagina of tekst)"), required=False
    )
    reason = forms.CharField(
        max_length=MOTIVATION,
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    referred_to = forms.ModelChoiceField(
        label=_("Doorverwijzen naar (bij afwijzing)"),
        queryset=Ketenoverleg.objects.all(),
        required=False,
        help_text=_("Een ketenoverleg dat beter bij de aanvrager past."),
    )

    CHECKS = ["check_in_chain", "check_geledingen", "check_goal", "check_intention"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = Ketenoverleg.objects.exclude(pk=council.pk)

    @property
    def checks(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(name, False) for name in self.CHECKS}


class AppealForm(forms.Form):
    reason = forms.CharField(
        max_length=MOTIVATION,
        label=_("Gronden van uw beroep"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealDecisionForm(forms.Form):
    admit = forms.TypedChoiceField(
        label=_("Uitspraak"),
        choices=[
            ("1", _("Beroep gegrond: toelaten")),
            ("0", _("Beroep ongegrond: afwijzing blijft")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        max_length=MOTIVATION, label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3})
    )


DATE_WIDGET = DateInput()


class BoardAppointForm(forms.Form):
    seat = forms.ChoiceField(label=_("Zetel"), choices=Seat.choices)
    membership = MembershipChoiceField(label=_("Namens lid"), queryset=Membership.objects.none())
    user_email = forms.EmailField(
        label=_("E-mailadres van de bestuurder"),
        help_text=_("De persoon moet een account hebben en namens het lid optreden."),
    )
    starts_on = DateField(label=_("Benoemd per"), widget=DATE_WIDGET)
    appointed_by_alv_on = DateField(label=_("Datum van het ALV-besluit"), widget=DATE_WIDGET)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.for_council(council).admitted().select_related("organisation")
        )

    def clean_user_email(self):
        email = self.cleaned_data["user_email"]
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise forms.ValidationError(_("Er is geen account met dit e-mailadres."))
        return email


class ReappointForm(forms.Form):
    appointed_by_alv_on = DateField(label=_("Datum van het ALV-besluit"), widget=DATE_WIDGET)


class StepDownForm(forms.Form):
    on = DateField(label=_("Afgetreden op"), widget=DATE_WIDGET)


class RosterForm(forms.Form):
    first_year = forms.IntegerField(label=_("Eerste aftreedjaar"), min_value=2000, max_value=2100)


class SeatChoiceField(forms.ModelChoiceField):
    """Seated kernteam members: the person and the seat."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.user} ({obj.get_seat_display()})"


class FunctionAppointForm(forms.Form):
    """The kernteam chooses a voorzitter, secretaris or penningmeester from its midst."""

    function = forms.ChoiceField(
        label=_("Functie"),
        choices=[(f.value, f.label) for f in BoardFunction if f in OFFICER_FUNCTIONS],
    )
    appointment = SeatChoiceField(
        label=_("Kernteamlid"),
        queryset=BoardAppointment.objects.none(),
        error_messages={
            "invalid_choice": _("Kies een zittend kernteamlid: het kernteam kiest uit zijn midden.")
        },
    )
    starts_on = DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    decided_by = forms.ChoiceField(
        label=_("Besloten door"),
        choices=BoardFunctionTerm.DecidedBy.choices,
        initial=BoardFunctionTerm.DecidedBy.KERNTEAM,
        help_text=_("De ALV, als het statuut dat zo regelt."),
    )
    decided_on = DateField(label=_("Datum van het besluit"), widget=DATE_WIDGET)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = (
            BoardAppointment.objects.active()
            .filter(council=council)
            .select_related("user")
            .order_by("seat")
        )


class ProcesbegeleiderForm(forms.Form):
    """The kernteam adds a non-voting procesbegeleider (handbook 4.3.2, 7.5.2)."""

    user_email = forms.EmailField(
        label=_("E-mailadres van de procesbegeleider"),
        help_text=_("De persoon moet een account hebben."),
    )
    starts_on = DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    decided_by = forms.ChoiceField(
        label=_("Besloten door"),
        choices=BoardFunctionTerm.DecidedBy.choices,
        initial=BoardFunctionTerm.DecidedBy.KERNTEAM,
    )
    decided_on = DateField(label=_("Datum van het besluit"), widget=DATE_WIDGET)

    def clean_user_email(self):
        email = self.cleaned_data["user_email"]
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("Er is geen account met dit e-mailadres."))
        return email


class FunctionEndForm(forms.Form):
    on = DateField(label=_("Beëindigd per"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Reden"), max_length=200, required=False)


class ContributionRateForm(BoundedModelForm):
    class Meta:
        model = ContributionRate
        fields = ["year", "member_kind", "amount", "set_by_alv_on"]
        widgets = {"set_by_alv_on": DATE_WIDGET}
        field_classes = {"year": YearField}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council

    def validate_unique(self):
        """The council is not a field of the form, so say here what the database
        would refuse: one rate per year and kind of member."""
        super().validate_unique()
        year, kind = self.cleaned_data.get("year"), self.cleaned_data.get("member_kind")
        if (
            year
            and ContributionRate.objects.filter(
                council=self.instance.council, year=year, member_kind=kind or ""
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("year", _("Voor dit jaar en deze soort lid is al een tarief."))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Het bedrag kan niet negatief zijn."))
        return amount


class PaymentForm(forms.Form):
    membership = MembershipChoiceField(label=_("Lid"), queryset=Membership.objects.none())
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"), max_digits=8, decimal_places=2, min_value=0.01
    )
    paid_on = DateField(label=_("Betaald op"), widget=DATE_WIDGET)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.for_council(council).admitted().select_related("organisation")
        )


class ElectionForm(forms.Form):
    geleding = forms.ChoiceField(label=_("Geleding (vacante zetel)"), choices=Geleding.choices)
    closes_on = DateField(label=_("Stemmen kan tot en met"), widget=DATE_WIDGET)


class CandidacyForm(forms.Form):
    membership = MembershipChoiceField(label=_("Namens"), queryset=Membership.objects.none())
    statement = forms.CharField(
        max_length=MOTIVATION,
        label=_("Waarom stelt u zich kandidaat?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class VoteForm(forms.Form):
    membership = MembershipChoiceField(label=_("Stem namens"), queryset=Membership.objects.none())
    candidacy = forms.ModelChoiceField(
        label=_("Kandidaat"), queryset=Candidacy.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, memberships, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["candidacy"].queryset = election.candidacies.select_related(
            "user", "membership__organisation"
        )


class AppointNomineeForm(forms.Form):
    starts_on = DateField(label=_("Benoemd per"), widget=DATE_WIDGET)
    appointed_by_alv_on = DateField(label=_("Datum van het ALV-besluit"), widget=DATE_WIDGET)


class WorkGroupForm(BoundedModelForm):
    class Meta:
        model = WorkGroup
        fields = ["name", "kind", "purpose", "ends_on", "members", "linking_pins"]
        widgets = {
            "ends_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
            "linking_pins": forms.CheckboxSelectMultiple,
        }
        field_classes = {"linking_pins": PersonMultipleChoiceField}
        help_texts = {
            "linking_pins": _("Ten minste één kernteamlid verbindt de groep met het kernteam."),
            "ends_on": _("Verplicht voor een projectgroep."),
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["members"].queryset = (
            Membership.objects.for_council(council).admitted().select_related("organisation")
        )
        self.fields["members"].label_from_instance = lambda m: m.organisation.name
        self.fields["linking_pins"].queryset = User.objects.filter(
            board_appointments__in=BoardAppointment.objects.active().filter(council=council)
        ).distinct()
        self.fields["linking_pins"].required = True
        self.fields["linking_pins"].error_messages["required"] = _(
            "Kies ten minste één kernteamlid als linking pin."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == WorkGroup.Kind.PROJECTGROEP and not cleaned.get("ends_on"):
            self.add_error("ends_on", _("Een projectgroep is tijdelijk: geef een einddatum."))
        return cleaned


class RepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("De persoon heeft al een account op dit platform."),
    )
    is_contact = forms.BooleanField(label=_("Contactpersoon"), required=False, initial=True)
    may_sign = forms.BooleanField(label=_("Mag namens de organisatie ondertekenen"), required=False)
