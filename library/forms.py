from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionpackages.models import Package
from ketenoverleg.forms import BoundedModelForm, DateInput
from library.filetypes import ALLOWED_LABEL
from library.models import TAG_MAX, LibraryDocument, LibraryFile, Tag
from meetings.models import Meeting
from projects.models import Project

DATE_WIDGET = DateInput()
MAX_TAGS = 10


class DocumentForm(BoundedModelForm):
    """What is said about a document; the service stores it."""

    tags = forms.CharField(
        label=_("Trefwoorden"),
        required=False,
        max_length=(TAG_MAX + 2) * MAX_TAGS,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: granulaat, nulmeting."),
    )

    class Meta:
        model = LibraryDocument
        fields = [
            "title",
            "kind",
            "document_date",
            "access",
            "description",
            "tags",
            "packages",
            "projects",
            "meetings",
        ]
        widgets = {
            "document_date": DATE_WIDGET,
            "access": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "packages": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "meetings": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["packages"].queryset = Package.objects.for_council(council)
        self.fields["projects"].queryset = Project.objects.for_council(council)
        self.fields["meetings"].queryset = Meeting.objects.for_council(council)
        self.fields["meetings"].label_from_instance = lambda m: (
            f"{m.title} ({timezone.localtime(m.starts_at):%d-%m-%Y})"
        )
        self.fields["meetings"].help_text = _(
            "Houd Ctrl (of Cmd op een Mac) ingedrukt om meer dan één vergadering te kiezen."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tags(self) -> list[str]:
        names: list[str] = []
        for raw in self.cleaned_data["tags"].split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > TAG_MAX:
                raise forms.ValidationError(
                    _("Een trefwoord is hoogstens %(n)d tekens: %(tag)s")
                    % {"n": TAG_MAX, "tag": name}
                )
            if name.lower() not in {n.lower() for n in names}:
                names.append(name)
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("Geef hoogstens %(n)d trefwoorden.") % {"n": MAX_TAGS})
        return names


class FileField(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Bestand"),
            help_text=_("%(types)s; hoogstens 20 MB.") % {"types": ALLOWED_LABEL},
            max_length=255,
            error_messages={"required": _("Kies het bestand dat u wilt toevoegen.")},
            **kwargs,
        )


class DocumentCreateForm(DocumentForm):
    file = FileField()
    field_order = ["file"]


class VersionForm(BoundedModelForm):
    file = FileField()

    class Meta:
        model = LibraryFile
        fields = ["note"]

    field_order = ["file", "note"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken in titel, beschrijving, trefwoorden en tekst"),
        required=False,
        max_length=100,
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten"))] + list(LibraryDocument.Kind.choices),
    )
    tag = forms.ModelChoiceField(
        label=_("Trefwoord"),
        required=False,
        queryset=Tag.objects.none(),
        empty_label=_("Alle trefwoorden"),
        to_field_name="name",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.filter(council=council)
