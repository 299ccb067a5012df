from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from actionpackages.models import (
    Action,
    ImprovementPlan,
    Indicator,
    Metric,
    Package,
    ReviewStatus,
)
from ketenoverleg.fields import MOTIVATION, NOTE
from ketenoverleg.forms import BoundedModelForm, DateField, DateInput, ModelMultipleChoiceField
from ketenoverleg.models import Geleding
from ketenstatistiek import selectors as statistics_selectors
from meetings.models import Meeting
from members.models import Organisation
from projects.models import Project

DATE_WIDGET = DateInput()


class PackageForm(BoundedModelForm):
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


class ActionForm(BoundedModelForm):
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
    starts_on = DateField(label=_("Ingangsdatum"), widget=DATE_WIDGET)


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=MOTIVATION, label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AmendmentForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Over"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("De tekst van het pakket"),
    )
    proposal = forms.CharField(
        max_length=MOTIVATION, label=_("Uw voorstel"), widget=forms.Textarea(attrs={"rows": 3})
    )

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
    argument = forms.CharField(
        max_length=MOTIVATION, label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(forms.Form):
    """Sign for one organisation: only the actions of its own geledingen are offered."""

    organisation = forms.ModelChoiceField(
        label=_("Namens"),
        queryset=Organisation.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("U kunt niet (meer) namens deze organisatie ondertekenen.")
        },
    )
    actions = ModelMultipleChoiceField(
        label=_("Ik teken in op"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één actie waarop u intekent."),
            "invalid_choice": _(
                "U tekent alleen in op acties van de eigen geleding(en) van uw organisatie."
            ),
        },
    )
    remark = forms.CharField(
        max_length=NOTE,
        label=_("Opmerking"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Ik onderteken de intentieverklaring namens deze organisatie."),
        error_messages={"required": _("Bevestig dat u namens de organisatie ondertekent.")},
    )

    def __init__(self, *args, option, **kwargs):
        """``option``: the organisation signed for (a selectors.SignOption)."""
        super().__init__(*args, initial={"organisation": option.organisation.pk}, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk=option.organisation.pk
        )
        self.fields["actions"].queryset = Action.objects.filter(
            pk__in=[a.pk for a in option.actions]
        )
        self.fields["actions"].label_from_instance = lambda a: (
            f"{a.get_geleding_display()}: {a.text}"
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=NOTE, label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2})
    )


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    geleding = forms.ChoiceField(label=_("Geleding"), choices=Geleding.choices)


class IndicatorForm(BoundedModelForm):
    """A measured indicator needs its unit, method, source and nulmeting; a computed one
    (``metric``) takes them from the platform."""

    class Meta:
        model = Indicator
        fields = [
            "name",
            "metric",
            "geleding",
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
        labels = {"metric": _("Meting")}

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [
            ("", _("Gemeten: de waarden worden ingevoerd")),
            *[
                (value, _("Berekend uit het platform: %(m)s") % {"m": label})
                for value, label in Metric.choices
            ],
        ]
        self.fields["metric"].help_text = _(
            "Een berekende procesindicator krijgt elke dag vanzelf een meting; eenheid, "
            "methode en nulmeting vult het platform in."
        )
        for name in (*MEASURED_ONLY, "baseline_value", "baseline_on"):
            self.fields[name].required = False

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


MEASURED_ONLY = ("unit", "method", "source", "frequency", "measured_by")


class MeasurementForm(forms.Form):
    measured_on = DateField(
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


class ReviewReportForm(forms.Form):
    """The yearly report on one committed action. The improvement-plan fields appear when
    the action was behind in the previous round; the follow-up fields when a plan of an
    earlier round waits for its follow-up."""

    status = forms.ChoiceField(
        label=_("Stand van zaken"),
        choices=ReviewStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een stand van zaken.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nodig bij vertraagd of niet gestart."),
    )
    plan_what = forms.CharField(
        label=_("Verbeterplan: wat gaat u doen?"),
        max_length=MOTIVATION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Vorig jaar liep deze actie achter. Meldt u opnieuw vertraagd of niet gestart, "
            "dan hoort daar een verbeterplan bij."
        ),
    )
    plan_who = forms.CharField(
        label=_("Wie voert het verbeterplan uit?"), max_length=200, required=False
    )
    plan_due_on = DateField(label=_("Uiterlijk uitgevoerd op"), required=False, widget=DATE_WIDGET)
    follow_up = forms.ChoiceField(
        label=_("Is het verbeterplan van vorig jaar uitgevoerd?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (ImprovementPlan.Outcome.UITGEVOERD, _("Ja, uitgevoerd")),
            (ImprovementPlan.Outcome.NIET_UITGEVOERD, _("Nee, niet uitgevoerd")),
        ],
    )
    follow_up_note = forms.CharField(
        label=_("Toelichting bij het verbeterplan"),
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        if not item.needs_plan:
            for name in ("plan_what", "plan_who", "plan_due_on"):
                del self.fields[name]
        if not item.open_plans:
            del self.fields["follow_up"]
            del self.fields["follow_up_note"]


# Packages that travel ---------------------------------------------------------------


class CandidatesForm(forms.Form):
    """Chain parties from relatiebeheer (or another registered source) to invite."""

    keys = forms.MultipleChoiceField(
        label=_("Uit relatiebeheer"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één partij om uit te nodigen.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [
            (c.key, f"{c.name} ({c.source}, {Geleding(c.geleding).label})") for c in candidates
        ]


class ProposeForm(forms.Form):
    package = forms.ModelChoiceField(
        label=_("Actiepakket"),
        queryset=Package.objects.none(),
        error_messages={"required": _("Kies het pakket dat u voorstelt.")},
    )
    message = forms.CharField(
        label=_("Toelichting voor de lokale ketenoverleggen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Houd de toelichting onder de 2000 tekens.")},
    )

    def __init__(self, *args, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = packages
