from django import forms
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Geleding, Ketenoverleg
from members.models import Organisation
from members.services import LISTING_CONSENT_TEXT

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


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {"intention_text": forms.Textarea(attrs={"rows": 4})}


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
        label=_("Toelichting: hoe is uw organisatie betrokken bij de keten in het werkgebied?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
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
    check_goal = forms.BooleanField(label=_("Onderschrijft de algemene doelstelling"), required=False)
    check_intention = forms.BooleanField(
        label=_("De duurzame intentie is openbaar (webpagina of tekst)"), required=False
    )
    reason = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), required=False
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
        label=_("Gronden van uw beroep"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(forms.Form):
    admit = forms.TypedChoiceField(
        label=_("Uitspraak"),
        choices=[("1", _("Beroep gegrond: toelaten")), ("0", _("Beroep ongegrond: afwijzing blijft"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
