"""The library's pages. Every page and download of a document checks who may read it:
the files are never under a public media URL."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.roles import SECRETARIAT_ROLES, CouncilMixin, CouncilRoleRequiredMixin, has_role
from library import selectors, services
from library.forms import DocumentCreateForm, DocumentForm, SearchForm, VersionForm
from library.models import LibraryDocument, LibraryFile
from library.selectors import EDITOR_ROLES


class LibraryListView(CouncilMixin, ListView):
    """The documents this reader may see, searchable by their text."""

    template_name = "library/document_list.html"
    context_object_name = "documents"
    paginate_by = 25

    def get_queryset(self):
        self.form = SearchForm(self.request.GET or None, council=self.council)
        documents = selectors.visible_documents(self.council, self.request.user)
        self.query = ""
        if self.form.is_valid():
            data = self.form.cleaned_data
            if data["kind"]:
                documents = documents.filter(kind=data["kind"])
            if data["tag"]:
                documents = documents.filter(tags=data["tag"])
            self.query = data["q"].strip()
            if self.query:
                documents = selectors.search(documents, self.query)
        return documents

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["query"] = self.query
        context["can_add"] = has_role(self.request.user, self.council, EDITOR_ROLES)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        return context


class DocumentCreateView(CouncilRoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def render(self, form):
        return render(
            self.request, "library/document_form.html", {"council": self.council, "form": form}
        )

    def get(self, request, *args, **kwargs):
        return self.render(DocumentCreateForm(council=self.council))

    def post(self, request, *args, **kwargs):
        form = DocumentCreateForm(request.POST, request.FILES, council=self.council)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            document = services.document_add(
                council=self.council,
                by=request.user,
                upload=data.pop("file"),
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("Het document staat in de bibliotheek."))
        return redirect(document)


class _LoginFirst(Exception):
    pass


class DocumentMixin(CouncilMixin):
    """Loads the document of the URL and lets only its readers through: an anonymous
    visitor is sent to the login page, anyone else without access gets 403."""

    model = LibraryDocument

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _LoginFirst:
            return redirect_to_login(request.get_full_path())

    def get_document(self) -> LibraryDocument:
        document = get_object_or_404(
            LibraryDocument.objects.with_details(), pk=self.kwargs["pk"], council=self.council
        )
        if not selectors.can_read(self.request.user, document):
            if not self.request.user.is_authenticated:
                raise _LoginFirst
            raise PermissionDenied
        return document


class DocumentDetailView(DocumentMixin, View):
    def page(self, document, version_form=None):
        user = self.request.user
        can_edit = has_role(user, self.council, EDITOR_ROLES)
        context = {
            "council": self.council,
            "document": document,
            "versions": list(document.files.select_related("created_by").order_by("-version")),
            "links": selectors.linked_objects(document, user),
            "can_edit": can_edit,
            "can_delete": has_role(user, self.council, SECRETARIAT_ROLES),
            "version_form": (version_form or VersionForm()) if can_edit else None,
        }
        return render(self.request, "library/document_detail.html", context)

    def get(self, request, *args, **kwargs):
        return self.page(self.get_document())


class VersionAddView(DocumentMixin, View):
    def post(self, request, *args, **kwargs):
        document = self.get_document()
        if not has_role(request.user, self.council, EDITOR_ROLES):
            raise PermissionDenied
        form = VersionForm(request.POST, request.FILES)
        detail = DocumentDetailView()
        detail.setup(request, **kwargs)
        detail.council = self.council
        if not form.is_valid():
            return detail.page(document, version_form=form)
        try:
            record = services.version_add(
                document=document,
                by=request.user,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return detail.page(document, version_form=form)
        messages.success(request, _("Versie %(n)d is toegevoegd.") % {"n": record.version})
        return redirect(document)


class DocumentEditView(DocumentMixin, View):
    def render(self, document, form):
        context = {"council": self.council, "document": document, "form": form}
        return render(self.request, "library/document_form.html", context)

    def check(self):
        document = self.get_document()
        if not has_role(self.request.user, self.council, EDITOR_ROLES):
            raise PermissionDenied
        return document

    def get(self, request, *args, **kwargs):
        document = self.check()
        return self.render(document, DocumentForm(instance=document, council=self.council))

    def post(self, request, *args, **kwargs):
        document = self.check()
        # The form works on its own copy, so a refused value never shows as the title.
        copy = LibraryDocument.objects.get(pk=document.pk)
        form = DocumentForm(request.POST, instance=copy, council=self.council)
        if not form.is_valid():
            return self.render(document, form)
        try:
            services.document_update(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(document, form)
        messages.success(request, _("De gegevens van het document zijn opgeslagen."))
        return redirect(document)


class DocumentDeleteView(DocumentMixin, View):
    def check(self):
        document = self.get_document()
        if not has_role(self.request.user, self.council, SECRETARIAT_ROLES):
            raise PermissionDenied
        return document

    def get(self, request, *args, **kwargs):
        document = self.check()
        context = {"council": self.council, "document": document}
        return render(request, "library/document_confirm_delete.html", context)

    def post(self, request, *args, **kwargs):
        document = self.check()
        services.document_delete(document=document, by=request.user)
        messages.success(request, _("Het document is uit de bibliotheek verwijderd."))
        return redirect("library:list", slug=self.council.slug)


class DownloadView(DocumentMixin, View):
    """The file itself, after the same check as the page: the current version, or the
    version named in the URL."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        if "version" in kwargs:
            record = get_object_or_404(LibraryFile, document=document, version=kwargs["version"])
        elif document.current is not None:
            record = document.current
        else:
            raise Http404
        inline = record.content_type in {"application/pdf", "image/png", "image/jpeg"}
        try:
            handle = record.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=record.content_type,
            as_attachment=not inline,
            filename=record.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = (
            "public, max-age=3600" if document.is_public else "private, no-store"
        )
        return response
