from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import (
    Ketenoverleg,
    NewsItem,
    Role,
    RoleAssignment,
    Statute,
    StatuteArticle,
    User,
)


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of a person of the council: by name, never by e-mail address.

    The queryset says who may be chosen (for example
    ``members.selectors.council_people``); anyone else posted gets a field message.
    """

    default_error_messages = {
        "invalid_choice": _("Kies iemand die bij dit ketenoverleg hoort."),
    }

    def label_from_instance(self, obj) -> str:
        return str(obj)


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Kies alleen mensen die bij dit ketenoverleg horen."),
        "invalid_pk_value": _("Kies alleen mensen die bij dit ketenoverleg horen."),
    }

    def label_from_instance(self, obj) -> str:
        return str(obj)


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or the form itself)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


COUNCIL_FIELDS = [
    "name",
    "slug",
    "product_category",
    "area",
    "goal",
    "organisation_form",
    "penvoerder",
    "kvk_number",
    "registered_seat",
    "website",
    "contact_email",
    "founded_on",
    "parent",
]


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Ketenoverleg
        fields = COUNCIL_FIELDS
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 4}),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Ketenoverleg.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class RoleAssignmentForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van de gebruiker"))
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    starts_on = forms.DateField(
        label=_("Vanaf"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            self.user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _(
                    "Er is geen account met dit e-mailadres. "
                    "Vraag de persoon eerst een account aan te maken."
                )
            ) from None
        return email

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
        return cleaned


class RoleEndForm(forms.Form):
    assignment = forms.ModelChoiceField(
        queryset=RoleAssignment.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = RoleAssignment.objects.filter(council=council).active()


class BaseStatuteArticleFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Numbers must differ; said in plain Dutch instead of Django's field name."""
        numbers = [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("number") is not None
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("Twee artikelen hebben hetzelfde nummer."))


StatuteArticleFormSet = forms.inlineformset_factory(
    Statute,
    StatuteArticle,
    formset=BaseStatuteArticleFormSet,
    fields=["number", "title", "body"],
    extra=1,
    can_delete=True,
    widgets={"body": forms.Textarea(attrs={"rows": 5})},
)


class StatuteAdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Datum van het ALV-besluit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_at"].input_formats = ["%Y-%m-%dT%H:%M"]
