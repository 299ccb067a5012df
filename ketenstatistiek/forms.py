from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.forms import DateField, DateInput
from ketenoverleg.models import Geleding
from ketenstatistiek.models import MAX_VALUE, Period, Question, StatisticsPolicy

DATE_WIDGET = DateInput()


def date_field(label, **kwargs) -> forms.DateField:
    return DateField(
        label=label,
        widget=DATE_WIDGET,
        validators=SANE_DATE,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
        },
        **kwargs,
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = StatisticsPolicy
        fields = ["min_contributors", "dominance_percent"]


class PeriodForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=60,
        help_text=_("Bijvoorbeeld het jaar waarover het gaat: 2025."),
        error_messages={"max_length": _("Hoogstens 60 tekens.")},
    )
    starts_on = date_field(_("Over de periode vanaf"))
    ends_on = date_field(_("Tot en met"))
    closes_on = date_field(_("Opgeven kan tot en met"))
    introduction = forms.CharField(
        label=_("Toelichting voor de leden"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Hoogstens 2000 tekens.")},
    )
    copy_from = forms.ModelChoiceField(
        label=_("Neem de vragen over van"),
        queryset=Period.objects.none(),
        required=False,
        empty_label=_("Geen: begin met een lege vragenlijst"),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = Period.objects.for_council(council)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def value_field(
    label, *, low=Decimal(0), high=MAX_VALUE, out_of_range=None, **kwargs
) -> forms.DecimalField:
    """A figure: at most 14 digits, 3 after the comma, Dutch or English notation."""
    messages = {
        "invalid": _("Vul een getal in, bijvoorbeeld 1250 of 12,5."),
        "min_value": _("Waarden zijn nooit negatief."),
        "max_value": _("Dit getal is te groot."),
        "max_digits": _("Gebruik hoogstens 14 cijfers."),
        "max_decimal_places": _("Gebruik hoogstens 3 cijfers achter de komma."),
        "max_whole_digits": _("Dit getal is te groot."),
    }
    if out_of_range:
        # Django fills in %(limit_value)s; a literal % (a unit) must not look like one.
        escaped = str(out_of_range).replace("%", "%%")
        messages["min_value"] = messages["max_value"] = escaped
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=3,
        min_value=low,
        max_value=high,
        localize=True,
        error_messages=messages,
        **kwargs,
    )


class QuestionForm(forms.ModelForm):
    geledingen = forms.MultipleChoiceField(
        label=_("Gevraagd aan de geledingen"),
        choices=Geleding.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één geleding.")},
    )
    min_value = value_field(_("Kleinste plausibele waarde"), initial=Decimal(0))
    max_value = value_field(_("Grootste plausibele waarde"))

    class Meta:
        model = Question
        fields = [
            "code",
            "label",
            "explanation",
            "unit",
            "kind",
            "min_value",
            "max_value",
            "geledingen",
            "position",
        ]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "code": {
                "invalid": _("Gebruik kleine letters, cijfers en streepjes."),
                "max_length": _("Hoogstens 60 tekens."),
            },
            "label": {"max_length": _("Hoogstens 200 tekens.")},
            "explanation": {"max_length": _("Hoogstens 1000 tekens.")},
            "unit": {"max_length": _("Hoogstens 30 tekens.")},
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and high <= low:
            self.add_error("max_value", _("De grootste waarde moet groter zijn dan de kleinste."))
        return cleaned

    def _post_clean(self):
        # The service validates the model (with the period) when it saves.
        pass


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Waarom weer openen?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Geef aan waarom de periode weer open gaat."),
            "max_length": _("Hoogstens 500 tekens."),
        },
    )


class SubmissionForm(forms.Form):
    """One value field per question the organisation is asked, plus a geleding choice
    where the organisation is in more than one of the question's geledingen."""

    def __init__(self, *args, questions, geledingen: list[str], figures: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.rows = []
        for question in questions:
            value, chosen = figures.get(question.pk, (None, ""))
            self.fields[f"q{question.pk}"] = value_field(
                f"{question.label} ({question.unit})",
                low=question.min_value,
                high=question.max_value,
                out_of_range=question.range_message,
                required=False,
                help_text=question.range_help,
                initial=value,
            )
            options = [
                g for g in Geleding if g.value in question.geledingen and g.value in geledingen
            ]
            if len(options) > 1:
                self.fields[f"g{question.pk}"] = forms.ChoiceField(
                    label=_("Namens de geleding"),
                    choices=[(g.value, g.label) for g in options],
                    initial=chosen or options[0].value,
                )
            self.rows.append(
                {
                    "question": question,
                    "value": f"q{question.pk}",
                    "geleding": f"g{question.pk}" if len(options) > 1 else None,
                    "default_geleding": options[0].value if options else "",
                }
            )

    def answers(self) -> dict:
        return {
            row["question"].pk: (
                self.cleaned_data.get(row["value"]),
                self.cleaned_data.get(row["geleding"])
                if row["geleding"]
                else row["default_geleding"],
            )
            for row in self.rows
        }
