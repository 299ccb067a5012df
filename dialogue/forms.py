from django import forms
from django.utils.translation import gettext_lazy as _

from actionpackages.models import Package
from dialogue.models import (
    BODY_MAX,
    INTRO_MAX,
    NAME_MAX,
    ORGANISATION_MAX,
    REASON_MAX,
    TITLE_MAX,
    Discussion,
    Post,
)
from members.models import Organisation
from projects.models import Issue


class DiscussionForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("Waar gaat de discussie over?"),
        choices=Discussion.Subject.choices,
        widget=forms.RadioSelect,
        initial=Discussion.Subject.COUNCIL,
    )
    package = forms.ModelChoiceField(
        label=_("Actiepakket"),
        queryset=Package.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een actiepakket van dit ketenoverleg.")},
    )
    issue = forms.ModelChoiceField(
        label=_("Vraagstuk van de probleemlijst"),
        queryset=Issue.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een vraagstuk van dit ketenoverleg.")},
    )
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    introduction = forms.CharField(
        label=_("Inleiding"),
        max_length=INTRO_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Iedereen kan de discussie lezen; leden kunnen meepraten en het publiek kan vragen stellen."
        ),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = Package.objects.for_council(council).filter(
            discussions__isnull=True
        )
        self.fields["issue"].queryset = Issue.objects.for_council(council).filter(
            discussions__isnull=True
        )


class ContributionForm(forms.Form):
    """A member's post. ``speaker`` says for whom: their own name or an organisation
    they represent; the kernteam may answer as the kernteam."""

    body = forms.CharField(
        label=_("Uw bijdrage"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    speaker = forms.ChoiceField(label=_("Tonen als"))
    as_kernteam = forms.BooleanField(
        label=_("Plaatsen als reactie van het kernteam"), required=False
    )
    reply_to = forms.ModelChoiceField(
        queryset=Post.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("De bijdrage waarop u wilt reageren, is niet meer zichtbaar.")
        },
    )

    def __init__(self, *args, user, discussion, organisations, may_answer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        name = user.get_full_name() or _("Mijn naam")
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["speaker"].choices = (
            [("naam", name)]
            + [(f"org-{o.pk}", o.name) for o in organisations]
            + [(f"naam-org-{o.pk}", f"{name} ({o.name})") for o in organisations]
        )
        self.fields["speaker"].help_text = _(
            "Zo ziet iedereen u staan. Uw e-mailadres wordt nooit getoond."
        )
        if not may_answer:
            del self.fields["as_kernteam"]
        self.fields["reply_to"].queryset = discussion.posts.published()

    def clean(self):
        cleaned = super().clean()
        # A hidden field has no place to show its message: show it above the form.
        if "reply_to" in self.errors:
            self.add_error(None, self.errors.pop("reply_to"))
        return cleaned

    def clean_speaker(self) -> tuple[str, Organisation | None]:
        value = self.cleaned_data["speaker"]
        if value == "naam":
            return Post.ShownAs.NAME, None
        if value.startswith("naam-org-"):
            return Post.ShownAs.NAME, self.organisations[value.removeprefix("naam-org-")]
        return Post.ShownAs.ORGANISATION, self.organisations[value.removeprefix("org-")]


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by the stylesheet) and robots fill in."""

    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class QuestionForm(HoneypotMixin):
    name = forms.CharField(
        label=_("Uw naam"),
        max_length=NAME_MAX,
        help_text=_("Wordt bij uw vraag getoond. Een voornaam of initialen is genoeg."),
    )
    organisation = forms.CharField(
        label=_("Organisatie (als u namens een organisatie vraagt)"),
        max_length=ORGANISATION_MAX,
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mailadres (niet verplicht)"),
        required=False,
        max_length=254,
        help_text=_(
            "Alleen om u te laten weten dat het kernteam heeft geantwoord. Het wordt nergens getoond."
        ),
    )
    body = forms.CharField(
        label=_("Uw vraag"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            # A logged-in asker follows the discussion instead.
            del self.fields["email"]
            self.fields["name"].initial = user.get_full_name()


class ReportForm(HoneypotMixin):
    reason = forms.CharField(
        label=_("Waarom hoort deze bijdrage hier niet?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["reason", "website"]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (alleen zichtbaar voor moderatoren)"),
        max_length=REASON_MAX,
        error_messages={"required": _("Geef de reden waarom de bijdrage wordt verborgen.")},
    )
