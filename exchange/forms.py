from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.models import Listing, Response
from ketenoverleg.bounds import SANE_DATE
from ketenoverleg.forms import DateInput
from ketenoverleg.models import Geleding

DATE_WIDGET = DateInput()
DATE_MESSAGES = {"invalid": _("Vul een geldige datum in (dag-maand-jaar).")}


def _length(n: int) -> dict:
    return {"max_length": _("Hoogstens %(n)s tekens.") % {"n": n}}


class ListingForm(forms.ModelForm):
    """An offer or a request. ``organisations`` are those the user may act for."""

    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=None)

    class Meta:
        model = Listing
        fields = [
            "organisation",
            "kind",
            "category",
            "geleding",
            "material",
            "quantity",
            "unit",
            "frequency",
            "region",
            "reach",
            "available_from",
            "available_until",
            "expires_on",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_public",
        ]
        widgets = {
            "available_from": DATE_WIDGET,
            "available_until": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "material": forms.TextInput(attrs={"list": "materials"}),
        }
        error_messages = {
            "material": {"required": _("Noem het materiaal of product."), **_length(120)},
            "unit": _length(20),
            "region": {"required": _("Noem de plaats of regio."), **_length(120)},
            "description": _length(2000),
            "contact_name": {"required": _("Noem een contactpersoon."), **_length(120)},
            "contact_email": {"invalid": _("Vul een geldig e-mailadres in.")},
            "contact_phone": _length(40),
            "quantity": {
                "invalid": _("Vul een getal in, bijvoorbeeld 50 of 12,5."),
                "max_digits": _("Dit getal is te groot."),
                "max_whole_digits": _("Dit getal is te groot."),
                "max_decimal_places": _("Gebruik hoogstens 3 cijfers achter de komma."),
            },
            "available_from": DATE_MESSAGES,
            "available_until": DATE_MESSAGES,
            "expires_on": {**DATE_MESSAGES, "required": _("Kies tot wanneer de vermelding loopt.")},
        }

    def __init__(self, *args, organisations, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if editing:
            del self.fields["organisation"]
        # "12,5" as a Dutch user types it: a text field with a decimal keyboard (a number
        # input cannot hold a comma), showing a stored 50.000 as "50".
        quantity = self.fields["quantity"]
        quantity.localize = True
        quantity.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        quantity.widget.is_localized = True
        stored = self.initial.get("quantity")
        if isinstance(stored, Decimal):
            self.initial["quantity"] = (
                stored.quantize(1) if stored == stored.to_integral() else stored.normalize()
            )
        for name in ("available_from", "available_until", "expires_on"):
            self.fields[name].validators += SANE_DATE

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("Deze datum ligt vóór de begindatum."))
        if cleaned.get("quantity") is not None and not cleaned.get("unit"):
            self.add_error("unit", _("Geef de eenheid bij de hoeveelheid, bijvoorbeeld t of m³."))
        return cleaned

    def _post_clean(self):
        # The service checks the whole listing (membership, geleding, expiry) on save.
        pass

    def listing_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class ResponseForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=None)
    consent = forms.BooleanField(
        label=_(
            "Ik deel deze contactgegevens met de plaatser zodra die op mijn reactie ingaat. "
            "Tot dan ziet niemand ze."
        ),
        error_messages={"required": _("Geef toestemming om uw contactgegevens te delen.")},
    )

    class Meta:
        model = Response
        fields = [
            "organisation",
            "counter_listing",
            "message",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "message": {"required": _("Schrijf een korte reactie."), **_length(2000)},
            "contact_name": {"required": _("Noem een contactpersoon."), **_length(120)},
            "contact_email": {"invalid": _("Vul een geldig e-mailadres in.")},
            "contact_phone": _length(40),
        }

    def __init__(self, *args, listing: Listing, organisations, own_listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["counter_listing"].queryset = own_listings
        self.fields["counter_listing"].required = False
        self.fields["counter_listing"].empty_label = _("Geen")
        self.fields["counter_listing"].label_from_instance = lambda listing: str(listing)

    def _post_clean(self):
        pass

    def response_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"organisation", "consent"}}


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Bericht aan de reageerder (optioneel)"),
        max_length=500,
        required=False,
        error_messages=_length(500),
    )


class CloseForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Resultaat"),
        choices=Listing.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies deal of geen match.")},
    )
    response = forms.ModelChoiceField(
        label=_("Deal gemaakt met"),
        queryset=Response.objects.none(),
        required=False,
        empty_label=_("Kies de reactie"),
    )
    note = forms.CharField(
        label=_("Toelichting (optioneel)"),
        max_length=500,
        required=False,
        error_messages=_length(500),
    )

    def __init__(self, *args, responses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = responses
        self.fields["response"].label_from_instance = lambda r: r.organisation.name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == Listing.Result.DEAL and not cleaned.get("response"):
            self.add_error("response", _("Kies met welke reactie de deal is gemaakt."))
        return cleaned


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Vraag en aanbod")), *Listing.Kind.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Categorie"), choices=[("", _("Alle")), *Listing.Category.choices], required=False
    )
    geleding = forms.ChoiceField(
        label=_("Geleding"), choices=[("", _("Alle")), *Geleding.choices], required=False
    )
    q = forms.CharField(label=_("Materiaal of product"), max_length=100, required=False)
