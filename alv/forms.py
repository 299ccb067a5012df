from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alv.models import (
    PERSON_KINDS,
    AnnualReport,
    AssemblyRules,
    AttendanceStatus,
    BudgetLine,
    Choice,
    DecisionItem,
    YearPlan,
)
from ketenoverleg.fields import NOTE
from ketenoverleg.forms import BoundedModelForm, DateTimeField, YearField
from ketenoverleg.models import Statute
from members.models import BoardAppointment, Election, Membership, MembershipStatus
from projects.models import Issue, Project

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AssemblyForm(forms.Form):
    title = forms.CharField(label=capfirst(_("titel")), max_length=200)
    starts_at = DateTimeField(label=capfirst(_("begint")), input_formats=DATETIME_FORMATS)
    ends_at = DateTimeField(
        label=capfirst(_("eindigt")), input_formats=DATETIME_FORMATS, required=False
    )
    location = forms.CharField(label=capfirst(_("locatie")), max_length=200, required=False)
    online_url = forms.URLField(
        label=capfirst(_("link voor online deelname")), required=False, assume_scheme="https"
    )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Het einde ligt na het begin."))
        if not cleaned.get("location") and not cleaned.get("online_url"):
            self.add_error("location", _("Geef een locatie of een link voor online deelname."))
        return cleaned


class RulesForm(BoundedModelForm):
    class Meta:
        model = AssemblyRules
        fields = [
            "notice_days",
            "amendment_notice_days",
            "quorum_percent",
            "statute_quorum_percent",
            "ordinary_majority",
            "statute_majority",
            "proxies_per_attendee",
        ]


class DecisionItemForm(BoundedModelForm):
    year = YearField(label=capfirst(_("jaar")), required=False)

    class Meta:
        model = DecisionItem
        fields = [
            "kind",
            "title",
            "proposal",
            "online_voting",
            "secret",
            "year",
            "statute",
            "election",
            "board_appointment",
            "contribution_amount",
        ]

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        council = assembly.council
        self.fields["statute"].queryset = Statute.objects.filter(
            council=council, adopted_on__isnull=True
        )
        self.fields["election"].queryset = Election.objects.filter(
            council=council, nominee__isnull=False, appointment__isnull=True
        )
        self.fields["board_appointment"].queryset = (
            BoardAppointment.objects.active().filter(council=council).select_related("user")
        )
        self.fields["board_appointment"].label_from_instance = lambda a: (
            f"{a.user} ({a.get_seat_display()})"
        )
        if assembly.by_consensus:
            del self.fields["online_voting"]
            del self.fields["secret"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("secret") and cleaned.get("kind") not in PERSON_KINDS:
            self.add_error("secret", _("Alleen over personen kan geheim worden gestemd."))
        elif cleaned.get("secret") and cleaned.get("online_voting"):
            self.add_error(
                "online_voting", _("Een geheime stemming kan niet vooraf online worden gehouden.")
            )
        return cleaned


class ConveneForm(forms.Form):
    confirm = forms.BooleanField(
        label=capfirst(_("Ik roep de leden op; de agenda ligt daarna vast.")), required=True
    )


class MembershipChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Kies een lid van dit ketenoverleg.")}

    def label_from_instance(self, obj) -> str:
        return obj.organisation.name


def admitted(council):
    return (
        Membership.objects.filter(council=council, status=MembershipStatus.TOEGELATEN)
        .select_related("organisation")
        .order_by("organisation__name")
    )


class AttendanceForm(forms.Form):
    membership = MembershipChoiceField(label=capfirst(_("lid")), queryset=Membership.objects.none())
    status = forms.ChoiceField(label=capfirst(_("aanwezigheid")), choices=AttendanceStatus.choices)
    proxy_holder = MembershipChoiceField(
        label=capfirst(_("volmacht aan")), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = admitted(council)
        self.fields["proxy_holder"].queryset = admitted(council)


class CheckInForm(forms.Form):
    code = forms.CharField(label=capfirst(_("code bij de ingang")), max_length=16)
    membership = MembershipChoiceField(
        label=capfirst(_("namens")), queryset=Membership.objects.none()
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class BallotForm(forms.Form):
    """An online vote on behalf of one of the organisations the voter represents
    (a list, read once for all the items on the page)."""

    membership = forms.TypedChoiceField(label=capfirst(_("namens")), coerce=int)
    choice = forms.ChoiceField(
        label=capfirst(_("uw stem")), choices=Choice.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, memberships: list, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {m.pk: m for m in memberships}
        self.fields["membership"].choices = [
            ("", "---------"),
            *((m.pk, m.organisation.name) for m in memberships),
        ]
        self.fields["membership"].error_messages["invalid_choice"] = _(
            "Kies een lid van dit ketenoverleg."
        )
        if len(memberships) == 1:
            # Most representatives act for one organisation: chosen already.
            self.initial.setdefault("membership", memberships[0].pk)
        if current is not None:
            self.initial.setdefault("choice", current)

    def clean_membership(self):
        return self.memberships[self.cleaned_data["membership"]]


class ResultForm(forms.Form):
    votes_for = forms.IntegerField(
        label=capfirst(_("voor (in de zaal)")), min_value=0, max_value=100_000, initial=0
    )
    votes_against = forms.IntegerField(
        label=capfirst(_("tegen (in de zaal)")), min_value=0, max_value=100_000, initial=0
    )
    votes_abstain = forms.IntegerField(
        label=capfirst(_("onthouding (in de zaal)")), min_value=0, max_value=100_000, initial=0
    )
    note = forms.CharField(
        label=capfirst(_("toelichting")),
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsensusForm(forms.Form):
    consensus = forms.TypedChoiceField(
        label=capfirst(_("besluit van de plenaire vergadering")),
        choices=[("1", _("Consensus: aangenomen")), ("0", _("Geen consensus: niet aangenomen"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=capfirst(_("toelichting")),
        max_length=NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class YearPlanForm(BoundedModelForm):
    year = YearField(label=capfirst(_("jaar")))

    class Meta:
        model = YearPlan
        fields = ["year", "goals", "issues", "projects", "packages"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["issues"].queryset = Issue.objects.filter(council=council)
        self.fields["projects"].queryset = Project.objects.filter(council=council)
        self.fields["packages"].queryset = self.fields["packages"].queryset.filter(council=council)
        if self.instance.pk:
            del self.fields["year"]


class BudgetLineForm(BoundedModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "project", "label", "planned"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["project"].queryset = Project.objects.filter(council=plan.council)

    def clean(self):
        cleaned = super().clean()
        is_project = cleaned.get("category") == "project"
        if is_project and not cleaned.get("project"):
            self.add_error("project", _("Kies het project van deze kostenregel."))
        if not is_project and cleaned.get("project"):
            self.add_error("project", _("Alleen een projectregel hoort bij een project."))
        return cleaned


class RealisedForm(forms.Form):
    realised_entered = forms.DecimalField(
        label=capfirst(_("gerealiseerd (euro)")), min_value=0, max_digits=10, decimal_places=2
    )


class AnnualReportCreateForm(forms.Form):
    year = YearField(label=capfirst(_("jaar")))


class AnnualReportForm(BoundedModelForm):
    class Meta:
        model = AnnualReport
        fields = ["introduction", "closing", "show_finances"]
