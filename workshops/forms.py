from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import RESERVED_SLUGS, Geleding, Ketenoverleg
from startup.forms import bounded_date, line, text
from workshops.models import CODE_ALPHABET, CODE_LENGTH, Participant, Workshop


class WorkshopForm(forms.ModelForm):
    title = line(_("Titel"), 200)
    chain = line(_("Keten"), 120, help_text=_("Bijvoorbeeld: meubels, beton, voeding."))
    place = line(_("Plaats"), 120)
    problem = text(
        _("Duurzaamheidsprobleem"),
        1000,
        help_text=_("Een goed gekozen voorbeeld; er wordt niet over gediscussieerd."),
    )
    direction = text(_("Oplossingsrichting"), 1000)
    held_on = bounded_date(_("Datum"))

    class Meta:
        model = Workshop
        fields = [
            "title",
            "council",
            "occasion",
            "chain",
            "place",
            "problem",
            "direction",
            "held_on",
        ]

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].required = False
        self.fields["council"].empty_label = _("Geen: een oefenworkshop (na 30 dagen verwijderd)")


code_validator = RegexValidator(
    rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$",
    _("Een code bestaat uit %(n)s letters en cijfers.") % {"n": CODE_LENGTH},
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code van de workshop"),
        max_length=CODE_LENGTH + 4,
        error_messages={
            "required": _("Vul de code in die op het scherm staat."),
            "max_length": _("Een code bestaat uit %(n)s letters en cijfers.") % {"n": CODE_LENGTH},
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "").upper()
        code_validator(code)
        return code


ROLE_CHOICES = [("", _("Deel mij een rol toe")), *Geleding.choices]


class JoinForm(forms.Form):
    name = line(_("Uw naam"), 80)
    organisation = line(_("Organisatie (als u wilt)"), 120, required=False)
    email = forms.EmailField(
        label=_("E-mailadres (als u wilt)"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, of laat het leeg.")},
    )
    geleding = forms.ChoiceField(
        label=_("Uw rol in de keten"),
        choices=ROLE_CHOICES,
        required=False,
        help_text=_("Kies een geleding, of laat de kwartiermaker er een toedelen."),
    )


class ContributionForm(forms.Form):
    text = line(
        _("Wat kunt en wilt u vanuit deze rol bijdragen, op eigen kosten en zonder subsidie?"), 300
    )


class PollForm(forms.ModelForm):
    organisation = line(_("Organisatie"), 120, required=False)
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, of laat het leeg.")},
    )

    class Meta:
        model = Participant
        fields = [
            "workable",
            "should_start",
            "wants_involved",
            "prospect_consent",
            "organisation",
            "email",
        ]
        widgets = {"workable": forms.RadioSelect, "should_start": forms.RadioSelect}
        labels = {
            "workable": _("Is ketenoverleg voor deze keten hier werkbaar?"),
            "should_start": _("Vindt u dat hier een initiatief van de grond moet komen?"),
            "wants_involved": _("Ik wil daarbij betrokken zijn"),
            "prospect_consent": _(
                "Het ketenoverleg mag mijn naam, organisatie en e-mailadres bewaren om mij "
                "daarover te benaderen (u kunt dat altijd laten wissen)"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("workable", "should_start"):
            self.fields[name].choices = Participant.Answer.choices
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Kies een antwoord.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prospect_consent") and not cleaned.get("wants_involved"):
            self.add_error(
                "prospect_consent",
                _("Toestemming is alleen nodig als u betrokken wilt zijn."),
            )
        return cleaned


class LinkForm(forms.Form):
    contributions = forms.ModelMultipleChoiceField(
        label=_("Bijdragen die elkaar versterken"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies twee bijdragen.")},
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = workshop.contributions.select_related(
            "participant"
        ).order_by("pk")
        self.fields["contributions"].label_from_instance = lambda c: (
            f"#{c.pk} {c.get_geleding_display()}: {c.text}"
        )

    def clean_contributions(self):
        chosen = list(self.cleaned_data["contributions"])
        if len(chosen) != 2:
            raise forms.ValidationError(_("Kies precies twee bijdragen om te verbinden."))
        return chosen


class GeledingForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    geleding = forms.ChoiceField(label=_("Rol"), choices=Geleding.choices)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = workshop.participants.all()


class ConvertForm(forms.Form):
    """Into a package of an existing council, or of a new council in verkenning."""

    title = line(_("Titel van het actiepakket"), 200)
    target = forms.ChoiceField(
        label=_("Van welk ketenoverleg?"),
        choices=[
            ("existing", _("Een bestaand ketenoverleg")),
            ("new", _("Een nieuw ketenoverleg")),
        ],
        widget=forms.RadioSelect,
        initial="existing",
    )
    council = forms.ModelChoiceField(
        label=_("Bestaand ketenoverleg"), queryset=Ketenoverleg.objects.none(), required=False
    )
    name = line(_("Naam van het nieuwe ketenoverleg"), 200, required=False)
    slug = forms.SlugField(
        label=_("Korte naam in de webadressen"),
        max_length=60,
        required=False,
        help_text=_("Kleine letters, cijfers en streepjes, bijvoorbeeld meubel-groningen."),
        error_messages={"invalid": _("Alleen kleine letters, cijfers en streepjes.")},
    )
    penvoerder = line(_("Penvoerder"), 200, required=False)
    contact_email = forms.EmailField(label=_("Contactadres"), max_length=254, required=False)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") == "new":
            for name in ("name", "slug", "penvoerder", "contact_email"):
                if not cleaned.get(name):
                    self.add_error(name, _("Nodig voor een nieuw ketenoverleg."))
            if cleaned.get("slug") in RESERVED_SLUGS:
                self.add_error(
                    "slug", _("Deze korte naam is gereserveerd voor de site; kies een andere.")
                )
        elif not cleaned.get("council"):
            self.add_error("council", _("Kies het ketenoverleg."))
        return cleaned

    def target_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["target"] == "new":
            return {
                "new_council": {
                    "name": data["name"],
                    "slug": data["slug"],
                    "penvoerder": data["penvoerder"],
                    "contact_email": data["contact_email"],
                }
            }
        return {"council": data["council"]}
