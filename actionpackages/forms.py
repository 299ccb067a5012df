from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from actionpackages.models import Action, Commitment, Indicator, Package
from ketenoverleg.models import Geleding
from ketenstatistiek import selectors as statistics_selectors
from meetings.models import Meeting
from projects.models import Project

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PackageForm(forms.ModelForm):
    class Meta:
        model = Package
        fields = ["title", "project", "aim", "introduction", "launch_meeting"]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 3}),
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["project"].queryset = Project.objects.filter(council=council)
        self.fields["launch_meeting"].queryset = Meeting.objects.filter(
            council=council, kind=Meeting.Kind.STARTBIJEENKOMST
        )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["geleding", "text", "commitment", "r_ladder", "position", "reinforces"]
        widgets = {"reinforces": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        package = self.instance.package if self.instance.package_id else None
        others = Action.objects.filter(package=package) if package else Action.objects.none()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["reinforces"].queryset = others
        self.fields["reinforces"].required = False
        self.fields["reinforces"].label = _("Versterkt deze acties")


ActionFormSet = inlineformset_factory(Package, Action, form=ActionForm, extra=3, can_delete=True)


class OpenForm(forms.Form):
    starts_on = forms.DateField(label=_("Ingangsdatum"), widget=DATE_WIDGET)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}))


class AmendmentForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Over"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("De tekst van het pakket"),
    )
    proposal = forms.CharField(label=_("Uw voorstel"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = package.actions.all()


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("Overnemen")), ("0", _("Niet overnemen"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    argument = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=None)
    actions = forms.ModelMultipleChoiceField(
        label=_("Ik teken in op"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één actie waarop u intekent.")},
    )
    remark = forms.CharField(
        label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    confirm = forms.BooleanField(
        label=_("Ik onderteken de intentieverklaring namens deze organisatie."),
        error_messages={"required": _("Bevestig dat u namens de organisatie ondertekent.")},
    )

    def __init__(self, *args, package, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["actions"].queryset = package.actions.all()
        self.fields["actions"].label_from_instance = lambda a: (
            f"{a.get_geleding_display()}: {a.text}"
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    geleding = forms.ChoiceField(label=_("Geleding"), choices=Geleding.choices)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "kind",
            "unit",
            "method",
            "source",
            "frequency",
            "measured_by",
            "baseline_value",
            "baseline_on",
            "target_value",
            "statistic_code",
            "statistic_group",
            "statistic_measure",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "method": forms.Textarea(attrs={"rows": 2}),
            "baseline_on": DATE_WIDGET,
        }

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        codes = statistics_selectors.question_codes(council) if council else []
        self.fields["statistic_code"] = forms.ChoiceField(
            label=_("Vraag uit de ketenstatistiek"),
            choices=[("", _("Geen: de indicator wordt met de hand gemeten")), *codes],
            required=False,
            help_text=_(
                "Elke gepubliceerde periode wordt dan een meting: de cel van de gekozen "
                "groep en maat. Niet gepubliceerde cellen worden overgeslagen."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        chosen = [
            cleaned.get(f) for f in ("statistic_code", "statistic_group", "statistic_measure")
        ]
        if any(chosen) and not all(chosen):
            for name, value in zip(
                ("statistic_code", "statistic_group", "statistic_measure"), chosen, strict=True
            ):
                if not value:
                    self.add_error(
                        name, _("Kies vraag, groep en maat samen, of laat alle drie leeg.")
                    )
        return cleaned


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Geef de datum van de meting.")},
    )
    value = forms.DecimalField(
        label=_("Waarde"),
        max_digits=14,
        decimal_places=3,
        error_messages={
            "required": _("Geef de gemeten waarde."),
            "invalid": _("De waarde moet een getal zijn."),
        },
    )
    source = forms.CharField(label=_("Bron"), max_length=200, required=False)
    note = forms.CharField(label=_("Opmerking"), max_length=300, required=False)


class CommitmentReportForm(forms.Form):
    progress = forms.ChoiceField(label=_("Stand van zaken"), choices=[])
    note = forms.CharField(label=_("Toelichting"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = Commitment.Progress.choices
