from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import BaseModelForm, ModelFormMetaclass
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ketenoverleg import formats, notifications
from ketenoverleg.bounds import DATE_MESSAGE, EARLIEST_DATE, LATEST_DATE
from ketenoverleg.models import (
    KERNTEAM_HELD_MESSAGE,
    KERNTEAM_HELD_ROLES,
    Ketenoverleg,
    NewsItem,
    Phase,
    Role,
    RoleAssignment,
    Statute,
    StatuteArticle,
    User,
)

# Dates and years ---------------------------------------------------------------------
#
# Every date and date-time a form accepts lies between 1900 and 2100: the year 1 or
# 9999 is a typing error, and near the ends of the calendar converting a time between
# Amsterdam and UTC overflows. The fields say so at the field, before anything else
# touches the value. Plain forms use DateField/DateTimeField/YearField below; model
# forms inherit BoundedModelForm, whose date fields are these as well.

EARLIEST = EARLIEST_DATE
LATEST = LATEST_DATE
OUT_OF_RANGE = DATE_MESSAGE


def validate_date_in_range(value) -> None:
    if value is not None and not EARLIEST.year <= value.year <= LATEST.year:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


# A date is typed as text (dag-maand-jaar), not picked in a browser's date input: a date
# input throws away what it cannot read, so a mistyped date came back empty. A text
# field shows what was typed with a message that names the expected format. ISO dates
# (2026-12-31, what scripts and date pickers send) are accepted too.
DATE_FORMATS = formats.DATE_INPUT_FORMATS
DATETIME_FORMATS = formats.DATETIME_INPUT_FORMATS
DATE_HINT = _("Dag-maand-jaar, bijvoorbeeld 31-12-2026.")
DATETIME_HINT = _("Dag-maand-jaar en tijd, bijvoorbeeld 31-12-2026 14:30.")
DATE_INVALID = _("Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-2026.")
DATETIME_INVALID = _(
    "Vul een datum en tijd in als dag-maand-jaar uu:mm, bijvoorbeeld 31-12-2026 14:30."
)
# Django's own fields (allauth's, the admin's) say the same in their words; the
# catalogues translate these to the texts above. Named here so makemessages keeps them.
gettext_noop("Enter a valid date.")
gettext_noop("Enter a valid date/time.")


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        # data-format says what the text field holds (the hint says it in words).
        super().__init__(
            {"autocomplete": "off", "size": 12, "data-format": "date", **(attrs or {})},
            format="%d-%m-%Y",
        )


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "size": 18, "data-format": "datetime", **(attrs or {})},
            format="%d-%m-%Y %H:%M",
        )


class DateField(forms.DateField):
    default_validators = [validate_date_in_range]
    widget = DateInput
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": DATE_INVALID}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.help_text = self.help_text or DATE_HINT


class DateTimeField(forms.DateTimeField):
    default_validators = [validate_date_in_range]
    widget = DateTimeInput
    input_formats = DATETIME_FORMATS
    default_error_messages = {"invalid": DATETIME_INVALID}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.help_text = self.help_text or DATETIME_HINT


class YearField(forms.IntegerField):
    default_validators = [
        MinValueValidator(EARLIEST.year, message=_("Kies een jaar tussen 1900 en 2100.")),
        MaxValueValidator(LATEST.year, message=_("Kies een jaar tussen 1900 en 2100.")),
    ]


# Ids ---------------------------------------------------------------------------------

BIGGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id that no database column can hold before it asks the database
    (SQLite raises OverflowError on ``pk__in=[99999999999999999999]``)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk" and isinstance(value, list | tuple):
            for pk in value:
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and abs(int(text)) > BIGGEST_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": text},
                    )
        return super()._check_values(value)


def bounded_formfield(db_field: models.Field, **kwargs):
    """The form field of a model field, with the bounded fields of this module."""
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    field = db_field.formfield(**kwargs)
    # A callable default (timezone.now) would add a hidden "initial-" copy of the field,
    # which Django 5.2 gives the visible field's aria-describedby: invalid HTML, and no
    # form of ours asks whether such a field changed.
    if field is not None:
        field.show_hidden_initial = False
    return field


class BoundedModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(bounded_formfield)
        return super().__new__(mcs, name, bases, attrs)


class BoundedModelForm(BaseModelForm, metaclass=BoundedModelFormMetaclass):
    """A ModelForm whose date fields keep to 1900-2100 and whose choices of several
    refuse impossible ids (see above); the apps' model forms inherit it."""


# People ------------------------------------------------------------------------------


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


class PersonMultipleChoiceField(ModelMultipleChoiceField):
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


class CouncilForm(BoundedModelForm):
    class Meta:
        model = Ketenoverleg
        fields = COUNCIL_FIELDS
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 4}),
            "founded_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Ketenoverleg.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class CouncilCreateForm(CouncilForm):
    """A new council: by default it starts with the vooronderzoek, out of public view."""

    start_phase = forms.ChoiceField(
        label=_("Waar begint dit ketenoverleg?"),
        choices=[
            (Phase.VERKENNING, _("Bij de verkenning: eerst een vooronderzoek (nog niet openbaar)")),
            (Phase.OPERATIONEEL, _("Het overleg bestaat al: meteen operationeel en openbaar")),
        ],
        initial=Phase.VERKENNING,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_start_phase(self):
        return self.cleaned_data.get("start_phase") or Phase.VERKENNING


class NameForm(forms.ModelForm):
    """The name others see: in choices, lists and on public pages (never the e-mail
    address)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]


class RoleAssignmentForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van de gebruiker"))
    # The kernteam's roles are recorded by the kernteam itself (members app).
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            (value, label) for value, label in Role.choices if value not in KERNTEAM_HELD_ROLES
        ],
        error_messages={"invalid_choice": KERNTEAM_HELD_MESSAGE},
    )
    starts_on = DateField(label=_("Vanaf"))
    ends_on = DateField(label=_("Tot en met"), required=False)

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
    adopted_on = DateField(label=_("Datum van het ALV-besluit"))


class NewsItemForm(BoundedModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "published_at": DateTimeInput(),
        }


def _time_zones() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones())]


class NotificationPreferencesForm(forms.Form):
    """Per kind of notification: direct, in the weekly digest, or not (kinds addressed
    to the person only direct or not); plus the language and time zone of the mails."""

    language = forms.ChoiceField(label=_("Taal van de e-mails"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Tijdzone (voor het wekelijkse overzicht, maandag 07:00)"), choices=_time_zones
    )

    def __init__(self, *args, user, site_language: str = "", **kwargs):
        found = notifications.settings_for(user)
        if found.pk is None and site_language in dict(settings.LANGUAGES):
            found.language = site_language  # not chosen yet: the language the site is in
        kwargs.setdefault(
            "initial",
            {
                "language": found.language,
                "time_zone": found.time_zone,
                **{
                    f"kind_{kind.key}": notifications.delivery_for(user, kind, found)
                    for kind in notifications.kinds()
                },
            },
        )
        super().__init__(*args, **kwargs)
        for kind in notifications.kinds():
            self.fields[f"kind_{kind.key}"] = forms.ChoiceField(
                label=kind.label,
                choices=kind.options,
                widget=forms.RadioSelect,
                help_text=_("Aan u persoonlijk gericht: nooit in het overzicht.")
                if kind.personal
                else "",
            )

    def choices(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[f"kind_{kind.key}"] for kind in notifications.kinds()}
