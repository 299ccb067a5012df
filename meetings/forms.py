import uuid

from django import forms
from django.forms import inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg.fields import NOTE, REPORT
from ketenoverleg.forms import (
    BoundedModelForm,
    DateField,
    DateInput,
    DateTimeInput,
    PersonChoiceField,
    YearField,
)
from ketenoverleg.models import User
from meetings.models import (
    ActionPoint,
    AgendaItem,
    AgendaTemplateItem,
    Attendance,
    Dispatch,
    Evaluation,
    Meeting,
    Section,
)
from members.models import WorkGroup

DATETIME_WIDGET = DateTimeInput()
DATE_WIDGET = DateInput()


class MeetingForm(BoundedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "invitees",
            "work_group",
            "is_public",
        ]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["work_group"].queryset = WorkGroup.objects.filter(council=council)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        if cleaned.get("invitees") == Meeting.Invitees.WORK_GROUP and not cleaned.get("work_group"):
            self.add_error("work_group", _("Kies de werkgroep die is uitgenodigd."))
        if not cleaned.get("location") and not cleaned.get("online_url"):
            self.add_error("location", _("Geef een locatie of een link voor online deelname."))
        return cleaned


class AgendaItemForm(BoundedModelForm):
    """An agenda item, optionally linked to an issue, project or action package of the
    same council."""

    class Meta:
        model = AgendaItem
        fields = ["section", "position", "title", "description", "issue", "project", "package"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Issues, projects and packages live in apps above meetings: the agenda item's
        # own foreign keys name their models, so this form needs no import of them.
        for name in ("issue", "project", "package"):
            model = AgendaItem._meta.get_field(name).related_model
            self.fields[name].queryset = model._default_manager.filter(council=council)


AgendaItemFormSet = inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=2, can_delete=True
)

TemplateFormSet = modelformset_factory(
    AgendaTemplateItem, fields=["section", "position", "title"], extra=2, can_delete=True
)


class MinutesForm(forms.Form):
    summary = forms.CharField(
        max_length=REPORT,
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    correction_reason = forms.CharField(
        max_length=NOTE,
        label=_("Reden van de correctie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Verplicht: dit verslag is al vastgesteld; de wijziging wordt een nieuwe versie."
        ),
    )

    def __init__(self, *args, meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.items = list(meeting.items.all())
        for item in self.items:
            self.fields[f"discussion_{item.pk}"] = forms.CharField(
                max_length=REPORT,
                label=_("Besproken"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=item.discussion,
            )
            self.fields[f"decisions_{item.pk}"] = forms.CharField(
                max_length=REPORT,
                label=_("Besluiten"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=item.decisions,
            )
        current = dict(meeting.attendance.values_list("user_id", "status"))
        self.people = people
        for user in people:
            self.fields[f"attendance_{user.pk}"] = forms.ChoiceField(
                label=str(user),
                choices=[("", "–")] + list(Attendance.Status.choices),
                required=False,
                initial=current.get(user.pk, ""),
            )
        minutes = getattr(meeting, "minutes", None)
        if minutes is None or minutes.status == minutes.Status.CONCEPT:
            del self.fields["correction_reason"]

    def item_rows(self):
        return [
            (item, self[f"discussion_{item.pk}"], self[f"decisions_{item.pk}"])
            for item in self.items
        ]

    def sections(self) -> list[dict]:
        """The items grouped by the agenda's sections, in the agenda's order."""
        rows = self.item_rows()
        return [
            {
                "key": section.value,
                "label": section.label,
                "rows": [row for row in rows if row[0].section == section.value],
            }
            for section in Section
            if any(row[0].section == section.value for row in rows)
        ]

    def attendance_fields(self):
        return [self[f"attendance_{user.pk}"] for user in self.people]

    @property
    def item_texts(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"discussion_{item.pk}"],
                self.cleaned_data[f"decisions_{item.pk}"],
            )
            for item in self.items
        }

    @property
    def attendance(self) -> dict[int, str]:
        return {
            user.pk: self.cleaned_data[f"attendance_{user.pk}"]
            for user in self.people
            if self.cleaned_data.get(f"attendance_{user.pk}")
        }


class ActionPointForm(forms.Form):
    description = forms.CharField(label=_("Wat"), max_length=300)
    owner = PersonChoiceField(
        label=_("Wie"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Kies een persoon"),
    )
    deadline = DateField(label=_("Uiterlijk"), widget=DATE_WIDGET, required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("Bij agendapunt"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=[p.pk for p in people])
        self.fields["agenda_item"].queryset = meeting.items.all()


class AdoptForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Vastgesteld in de vergadering van"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(
            council_id=meeting.council_id,
            kind=meeting.kind,
            starts_at__gt=meeting.starts_at,
            starts_at__lte=timezone.now(),
        )


class DispatchForm(forms.Form):
    what = forms.ChoiceField(label=_("Wat versturen"), choices=Dispatch.What.choices)
    audience = forms.ChoiceField(
        label=_("Aan wie"), choices=Dispatch.Audience.choices, widget=forms.RadioSelect
    )


class DispatchResendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden om opnieuw te versturen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Geef de reden om opnieuw te versturen.")},
    )
    to_all = forms.BooleanField(
        label=_("Ook aan wie het al ontving (anders alleen aan wie het nog niet kreeg)"),
        required=False,
    )
    # Set when the form is shown: posting the same form twice resends once.
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4().hex


class EvaluationForm(BoundedModelForm):
    class Meta:
        model = Evaluation
        fields = ["year", "held_on", "meeting", "still_relevant", "adds_value", "conclusion"]
        field_classes = {"year": YearField}
        widgets = {
            "held_on": DATE_WIDGET,
            "still_relevant": forms.Textarea(attrs={"rows": 3}),
            "adds_value": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["meeting"].queryset = Meeting.objects.filter(council=council)

    def validate_unique(self):
        super().validate_unique()
        year = self.cleaned_data.get("year")
        if (
            year
            and Evaluation.objects.filter(council=self.instance.council, year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("year", _("Voor dit jaar is de evaluatie al vastgelegd."))


class ActionPointStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionPoint.Status.choices)
