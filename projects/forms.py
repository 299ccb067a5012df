from django import forms
from django.forms import formset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import DOCUMENT, MOTIVATION, NOTE, REPORT
from ketenoverleg.forms import BoundedModelForm, DateField, DateInput, PersonChoiceField
from ketenoverleg.models import Geleding, User
from members.models import Membership
from members.selectors import council_people
from projects.models import CostType, Criterion, Issue, Project, SolutionDirection

DATE_WIDGET = DateInput()


class IssueForm(BoundedModelForm):
    geledingen = forms.MultipleChoiceField(
        label=_("Waar in de keten speelt het?"),
        choices=Geleding.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één geleding.")},
    )

    class Meta:
        model = Issue
        fields = ["title", "description", "geledingen", "r_ladder", "source", "raised_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "raised_on": DATE_WIDGET}


class IssueStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Issue.Status.choices)
    note = forms.CharField(max_length=NOTE, label=_("Toelichting"), required=False)


class DirectionForm(BoundedModelForm):
    class Meta:
        model = SolutionDirection
        fields = ["description", "r_ladder"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ScoreForm(forms.Form):
    """One 1-5 choice per criterion of the council."""

    def __init__(self, *args, criteria: list[Criterion], initial_scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (×{criterion.weight})",
                choices=[("", "–")] + [(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                initial=initial_scores.get(criterion.pk, ""),
                error_messages={"invalid_choice": _("Geef een score van 1 tot en met 5.")},
            )

    @property
    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class BaseCriterionFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        names = [
            form.cleaned_data["name"].strip().lower()
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("name")
        ]
        if len(names) != len(set(names)):
            raise forms.ValidationError(_("Twee criteria hebben dezelfde naam."))


CriterionFormSet = modelformset_factory(
    Criterion,
    formset=BaseCriterionFormSet,
    fields=["name", "weight", "position"],
    extra=1,
    can_delete=True,
)


class ProjectForm(BoundedModelForm):
    cost_types = forms.MultipleChoiceField(
        label=_("Kostensoorten (bij een budget)"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "issue",
            "direction",
            "starts_on",
            "ends_on",
            "leader",
            "reporting_interval_months",
            "budget_kind",
            "budget_amount",
            "budget_incl_vat",
            "cost_types",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "budget_kind": forms.RadioSelect,
        }
        field_classes = {"leader": PersonChoiceField}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["cost_types"].choices = CostType.choices
        self.fields["issue"].queryset = Issue.objects.for_council(council).exclude(
            status__in=[Issue.Status.OPGELOST, Issue.Status.VERVALLEN]
        )
        self.fields["direction"].queryset = SolutionDirection.objects.filter(
            issue__council=council
        ).select_related("issue")
        # Only people of this council; a leader chosen before keeps their place.
        people = council_people(council)
        if self.instance.leader_id:
            people = people | User.objects.filter(pk=self.instance.leader_id)
        self.fields["leader"].queryset = people
        self.fields["leader"].help_text = _(
            "Iemand die namens een lid optreedt, een kernteamlid of iemand met een rol in "
            "dit ketenoverleg."
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Het einde ligt vóór de start."))
        return cleaned


class GroupMemberForm(forms.Form):
    """A row of the project group; a row left empty is ignored."""

    membership = forms.ModelChoiceField(
        label=_("Lid"), queryset=Membership.objects.none(), required=False
    )
    geleding = forms.ChoiceField(
        label=_("Namens geleding"), choices=[("", "–")] + list(Geleding.choices), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("membership") and not cleaned.get("geleding"):
            self.add_error("geleding", _("Kies namens welke geleding dit lid meedoet."))
        if cleaned.get("geleding") and not cleaned.get("membership"):
            self.add_error("membership", _("Kies het lid dat namens deze geleding meedoet."))
        return cleaned

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = (
            Membership.objects.for_council(council).admitted().select_related("organisation")
        )
        field.label_from_instance = lambda m: m.organisation.name


GroupFormSet = formset_factory(GroupMemberForm, extra=3, can_delete=True)


class AdoptForm(forms.Form):
    adopted_on = DateField(label=_("Vastgesteld in het kernteam op"), widget=DATE_WIDGET)


class StopForm(forms.Form):
    reason = forms.CharField(
        max_length=MOTIVATION, label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FinalReportForm(forms.Form):
    text = forms.CharField(
        max_length=DOCUMENT, label=_("Eindrapport"), widget=forms.Textarea(attrs={"rows": 8})
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(label=_("Bestand (PDF, Word, Excel, PNG of JPEG; hoogstens 10 MB)"))


class ProgressForm(forms.Form):
    text = forms.CharField(
        max_length=REPORT, label=_("Voortgang"), widget=forms.Textarea(attrs={"rows": 4})
    )
    percent_complete = forms.IntegerField(label=_("Percentage gereed"), min_value=0, max_value=100)
    risks = forms.CharField(
        max_length=MOTIVATION,
        label=_("Risico's en knelpunten"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class BudgetLineForm(forms.Form):
    label = forms.CharField(label=_("Post"), max_length=200)
    budgeted = forms.DecimalField(label=_("Begroot"), max_digits=10, decimal_places=2, min_value=0)
    granted = forms.DecimalField(label=_("Toegekend"), max_digits=10, decimal_places=2, min_value=0)
    source = forms.CharField(label=_("Bron"), max_length=200, required=False)
    spent = forms.DecimalField(label=_("Uitgegeven"), max_digits=10, decimal_places=2, min_value=0)
    remark = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


BudgetLineFormSet = formset_factory(BudgetLineForm, extra=3)
