from django import forms
from django.utils.translation import gettext_lazy as _

from actionpackages.models import Package
from ketenoverleg.forms import DateField, ModelMultipleChoiceField
from ketenoverleg.models import Geleding, Phase
from startup.models import (
    ContactMoment,
    ContactPerson,
    LogEntry,
    MailingList,
    Party,
    PartyStatus,
    Vooronderzoek,
)

DATE_MESSAGES = {"invalid": _("Vul een geldige datum in (dag-maand-jaar).")}
# Documents a checklist item may carry: office files, PDF and pictures, at most 10 MB.
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "odt",
    "docx",
    "doc",
    "xlsx",
    "ods",
    "pptx",
    "odp",
    "txt",
    "png",
    "jpg",
    "jpeg",
)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def bounded_date(label, **kwargs) -> DateField:
    return DateField(label=label, error_messages=DATE_MESSAGES, **kwargs)


def text(label, max_length: int, *, required=True, rows=3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _("Houd dit korter dan %(limit_value)d tekens (nu %(show_value)d).")
        },
    )


def line(label, max_length: int, *, required=True, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "max_length": _("Houd dit korter dan %(limit_value)d tekens (nu %(show_value)d).")
        },
    )


# The start-up track -----------------------------------------------------------------


class PhaseChangeForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Naar de fase"), choices=Phase.choices)
    note = text(_("Toelichting"), 1000, required=False, rows=2)

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["to_phase"].choices = [(p, Phase(p).label) for p in steps]


class ChecklistItemForm(forms.Form):
    done = forms.BooleanField(label=_("Afgerond"), required=False)
    note = text(_("Aantekening"), 2000, required=False, rows=2)
    attachment = forms.FileField(
        label=_("Document"),
        required=False,
        max_length=150,
        help_text=_(
            "PDF, tekstverwerker, spreadsheet, presentatie of afbeelding; hoogstens 10 MB."
        ),
        error_messages={"max_length": _("De bestandsnaam is te lang (hoogstens 150 tekens).")},
    )
    remove_attachment = forms.BooleanField(label=_("Document verwijderen"), required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("Dit soort bestand kan niet; kies een van: %(ext)s.")
                % {"ext": ", ".join(ATTACHMENT_EXTENSIONS)}
            )
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 10 MB."))
        return upload


class VooronderzoekForm(forms.ModelForm):
    commissioned_by = line(_("Opdrachtgever"), 200, required=False)
    knowledge_partner = line(_("Kennisinstelling die meewerkt"), 200, required=False)
    recommendations = text(_("Aanbevelingen"), 4000, required=False, rows=4)
    advised_on = bounded_date(_("Advies gegeven op"), required=False)

    class Meta:
        model = Vooronderzoek
        fields = ["commissioned_by", "knowledge_partner", "advice", "recommendations", "advised_on"]
        widgets = {"advice": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advice"].choices = [("", _("Nog geen advies")), *Vooronderzoek.Advice.choices]
        self.fields["advice"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("advice") and not cleaned.get("advised_on"):
            self.add_error("advised_on", _("Geef de datum van het advies."))
        return cleaned


class LogEntryForm(forms.ModelForm):
    written_on = bounded_date(_("Datum"))
    review = text(_("Terugblik op de afgelopen periode"), 4000, rows=4)
    results = text(_("Resultaten en mijlpalen"), 2000, required=False)
    bottlenecks = text(_("Knelpunten"), 2000, required=False)
    outlook = text(_("Vooruitblik: wat is de komende weken nodig?"), 2000, required=False)

    class Meta:
        model = LogEntry
        fields = ["written_on", "review", "results", "bottlenecks", "outlook"]


# Relatiebeheer ----------------------------------------------------------------------


class PartyForm(forms.ModelForm):
    name = line(_("Naam"), 200)
    place = line(_("Plaats"), 120, required=False)
    note = text(_("Aantekening"), 2000, required=False)

    def clean_name(self):
        name = self.cleaned_data["name"]
        same = Party.objects.filter(council_id=self.instance.council_id, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er staat al een partij met deze naam in het bestand."))
        return name

    class Meta:
        model = Party
        fields = ["name", "geleding", "status", "place", "website", "note"]
        error_messages = {
            "website": {
                "invalid": _("Vul een volledig webadres in, met https://."),
                "max_length": _("Het webadres is te lang (hoogstens 200 tekens)."),
            },
        }


class PartyFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle"))] + PartyStatus.choices, required=False
    )
    geleding = forms.ChoiceField(
        label=_("Geleding"), choices=[("", _("Alle"))] + Geleding.choices, required=False
    )
    q = line(_("Zoek op naam"), 100, required=False)


class ContactPersonForm(forms.ModelForm):
    name = line(_("Naam"), 120)
    function = line(_("Functie"), 120, required=False)
    phone = line(_("Telefoon"), 40, required=False)
    purpose = line(
        _("Doel van het bewaren"),
        300,
        help_text=_("Waarvoor het ketenoverleg deze gegevens bewaart."),
    )
    source = line(
        _("Herkomst"),
        200,
        help_text=_("Waar de gegevens vandaan komen, bijvoorbeeld een gesprek of workshop."),
    )
    retain_until = bounded_date(_("Bewaren tot"))
    consent = forms.BooleanField(
        label=_("De persoon gaf toestemming om benaderd te worden en de gegevens te bewaren"),
        required=False,
    )
    consent_text = line(
        _("Waarmee ingestemd is"),
        300,
        required=False,
        help_text=_("Bijvoorbeeld: mondeling tijdens het opiniegesprek, per e-mail op een datum."),
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "function", "email", "phone", "purpose", "source", "retain_until"]
        error_messages = {
            "email": {
                "invalid": _("Vul een geldig e-mailadres in."),
                "max_length": _("Het e-mailadres is te lang."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["consent"].initial = self.instance.has_consent
            self.fields["consent_text"].initial = self.instance.consent_text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") and not cleaned.get("consent_text"):
            self.add_error("consent_text", _("Leg vast waarmee de persoon heeft ingestemd."))
        return cleaned


class ContactMomentForm(forms.ModelForm):
    happened_on = bounded_date(_("Datum"))
    summary = text(_("Verslag"), 1000)

    class Meta:
        model = ContactMoment
        fields = ["happened_on", "channel", "contact", "summary"]

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = party.contacts.current()
        self.fields["contact"].required = False


class RecipientChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        suffix = (
            ""
            if obj.has_consent and obj.email
            else " – " + str(_("geen toestemming of e-mailadres"))
        )
        return f"{obj.name} ({obj.party.name}, {obj.party.get_geleding_display()}){suffix}"


class MailingListForm(forms.ModelForm):
    subject = line(_("Onderwerp"), 200)
    body = text(_("Bericht"), 5000, rows=8)
    recipients = RecipientChoiceField(
        label=_("Ontvangers"),
        queryset=ContactPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MailingList
        fields = ["purpose", "subject", "body", "package", "recipients"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = (
            ContactPerson.objects.current()
            .filter(party__council=council)
            .select_related("party")
            .order_by("party__name", "name")
        )
        self.fields["package"].queryset = Package.objects.filter(council=council)
        self.fields["package"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == MailingList.Purpose.PAKKET and not cleaned.get("package"):
            self.add_error("package", _("Kies het actiepakket waarvoor u oproept."))
        return cleaned
