from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django.views.generic.edit import CreateView

from ketenoverleg import documents, notifications, services, worklist
from ketenoverleg.forms import (
    CouncilCreateForm,
    CouncilForm,
    NotificationPreferencesForm,
    RoleAssignmentForm,
    RoleEndForm,
    StatuteAdoptForm,
    StatuteArticleFormSet,
    apply_validation_error,
)
from ketenoverleg.models import (
    KERNTEAM_HELD_MESSAGE,
    AuditEntry,
    Document,
    Role,
    RoleAssignment,
    Statute,
    StatuteArticle,
)
from ketenoverleg.roles import (
    INSIDER_ROLES,
    KERNTEAM_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    councils_where,
    has_role,
    require_role,
    roles_for,
)
from ketenoverleg.second_factor import (
    POWERS,
    SecondFactorRequiredMixin,
    has_second_factor,
)


class CouncilUpdateView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, UpdateView):
    required_roles = SECRETARIAT_ROLES | {Role.VOORZITTER}
    form_class = CouncilForm
    template_name = "ketenoverleg/council_form.html"

    def get_object(self, queryset=None):
        return self.council

    def form_valid(self, form):
        self.object = services.council_update(
            council=self.council, by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("De gegevens van het ketenoverleg zijn opgeslagen."))
        return redirect(self.object)


class CouncilCreateView(LoginRequiredMixin, CreateView):
    """A kwartiermaker (or staff) sets up a new council."""

    form_class = CouncilCreateForm
    template_name = "ketenoverleg/council_form.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (
            user.is_superuser
            or RoleAssignment.objects.active().filter(user=user, role=Role.KWARTIERMAKER).exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        self.object = services.council_create(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Het ketenoverleg is aangemaakt."))
        return redirect(self.object)


class RoleListView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, FormView):
    """Who holds which role; the secretariat adds and ends roles here."""

    template_name = "ketenoverleg/roles.html"
    form_class = RoleAssignmentForm

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = (
            RoleAssignment.objects.active().for_council(self.council).select_related("user")
        )
        context["can_manage"] = not context["council_roles"].isdisjoint(SECRETARIAT_ROLES)
        context["kernteam_note"] = KERNTEAM_HELD_MESSAGE
        return context

    def get_required_roles(self):
        # Everyone inside the council may look; only the secretariat changes roles.
        return SECRETARIAT_ROLES if self.request.method == "POST" else INSIDER_ROLES

    def form_valid(self, form):
        try:
            services.role_assign(
                council=self.council,
                user=form.user,
                role=form.cleaned_data["role"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                by=self.request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De rol is toegekend."))
        return redirect("council_roles", slug=self.council.slug)


class RoleEndView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, FormView):
    required_roles = SECRETARIAT_ROLES
    form_class = RoleEndForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def form_valid(self, form):
        services.role_end(assignment=form.cleaned_data["assignment"], by=self.request.user)
        messages.success(self.request, _("De rol is beëindigd."))
        return redirect(reverse("council_roles", kwargs={"slug": self.council.slug}))

    def form_invalid(self, form):
        messages.error(self.request, _("Deze rol bestaat niet (meer) in dit ketenoverleg."))
        return redirect(reverse("council_roles", kwargs={"slug": self.council.slug}))


# Language ---------------------------------------------------------------------------


class LanguageChooseView(View):
    """GET ``/taal/en/?next=/...``: the language switch is a plain link, so a page needs
    no form (and no CSRF cookie) for it; the choice is kept in the language cookie."""

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code not in dict(settings.LANGUAGES):
            raise Http404
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("home")
        response = redirect(target)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
        response["Cache-Control"] = "private, no-store"
        return response


# Documents (PDF) ------------------------------------------------------------------


def _document_kind_and_object(kind_key: str, object_id: int):
    try:
        kind = documents.get_kind(kind_key)
    except LookupError:
        raise Http404 from None
    obj = kind.model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return kind, obj


def _may_read(request, document: Document) -> bool:
    """Whether the object is readable by this user *now*: a meeting made members-only
    since, or a member that left the list, takes the old PDF offline for the public."""
    kind = documents.get_kind(document.kind)
    obj = kind.model._default_manager.filter(pk=document.object_id).first()
    if obj is None:
        return False
    return kind.is_public(obj) or kind.can_view(request.user, obj)


def _is_current(document: Document) -> bool:
    """Whether the PDF may still be served: always, except for kinds that are served
    only while they say what their object says now (see DocumentKind)."""
    kind = documents.get_kind(document.kind)
    if not kind.serve_only_current:
        return True
    obj = kind.model._default_manager.filter(pk=document.object_id).first()
    return obj is not None and documents.content_hash(kind, obj) == document.content_hash


def _may_request(request, document: Document) -> bool:
    """Only signed-in people who may read the object ask for a (new) PDF."""
    if not request.user.is_authenticated:
        return False
    kind = documents.get_kind(document.kind)
    obj = kind.model._default_manager.filter(pk=document.object_id).first()
    return obj is not None and kind.can_view(request.user, obj)


class DocumentRequestView(CouncilMixin, View):
    """POST: ask for a PDF; answers at once with the status page."""

    def post(self, request, *args, **kwargs):
        # Anonymous visitors download what is published; they never start a render.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        kind, obj = _document_kind_and_object(kwargs["kind"], kwargs["object_id"])
        if kind.council(obj).pk != self.council.pk:
            raise Http404
        if not kind.can_view(request.user, obj):
            raise PermissionDenied
        document = services.document_request(kind_key=kind.key, obj=obj, by=request.user)
        return redirect(document)


class DocumentMixin(CouncilMixin):
    def get_document(self) -> Document:
        document = get_object_or_404(Document, pk=self.kwargs["pk"], council=self.council)
        if not _may_read(self.request, document):
            if not self.request.user.is_authenticated:
                raise _LoginRequired
            raise PermissionDenied
        return document


class _LoginRequired(Exception):
    pass


class DocumentStatusView(DocumentMixin, DetailView):
    template_name = "ketenoverleg/document_status.html"
    context_object_name = "document"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    def get_object(self, queryset=None):
        return self.get_document()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["is_current"] = document.status != Document.Status.READY or _is_current(document)
        context["can_request"] = _may_request(self.request, document)
        return context


class DocumentDownloadView(DocumentMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            document = self.get_document()
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
        if document.status != Document.Status.READY or not document.file:
            return redirect(document)
        if not _is_current(document):
            if request.user.is_authenticated:  # a message would set a cookie for visitors
                messages.warning(
                    request,
                    _("Deze PDF is verouderd: de inhoud is sindsdien gewijzigd. Maak een nieuwe."),
                )
            return redirect(document)
        filename = f"{slugify(document.title) or 'document'}.pdf"
        return FileResponse(
            document.file.open("rb"), content_type="application/pdf", filename=filename
        )


class DocumentRetryView(DocumentMixin, View):
    """POST: queue a failed or stuck document again; for those who may ask for it."""

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:  # never a render started anonymously
            return redirect_to_login(request.get_full_path())
        document = self.get_document()
        kind, obj = _document_kind_and_object(document.kind, document.object_id)
        if not kind.can_view(request.user, obj):
            raise PermissionDenied
        try:
            services.document_retry(document=document, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(document)


# Statute ---------------------------------------------------------------------------

STATUTE_EDITOR_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}


class StatuteListView(CouncilMixin, ListView):
    """All versions of the statute; concept versions only for the secretariat."""

    template_name = "ketenoverleg/statute_list.html"
    context_object_name = "statutes"

    def get_queryset(self):
        qs = self.council.statutes.select_related("created_by")
        if not has_role(self.request.user, self.council, STATUTE_EDITOR_ROLES):
            qs = qs.filter(adopted_on__isnull=False)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = has_role(self.request.user, self.council, STATUTE_EDITOR_ROLES)
        return context

    def post(self, request, *args, **kwargs):
        denied = require_role(request, self.council, STATUTE_EDITOR_ROLES)
        if denied:
            return denied
        try:
            statute = services.statute_new_version(council=self.council, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("statute_list", slug=self.council.slug)
        messages.success(
            request, _("Versie %(v)s is aangemaakt als concept.") % {"v": statute.version}
        )
        return redirect("statute_edit", slug=self.council.slug, version=statute.version)


class StatuteMixin(CouncilMixin):
    def get_statute(self) -> Statute:
        statute = get_object_or_404(Statute, council=self.council, version=self.kwargs["version"])
        if not statute.is_adopted and not has_role(
            self.request.user, self.council, STATUTE_EDITOR_ROLES
        ):
            raise Http404
        return statute


class StatuteDetailView(StatuteMixin, DetailView):
    template_name = "ketenoverleg/statute_detail.html"
    context_object_name = "statute"

    def get_object(self, queryset=None):
        return self.get_statute()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = self.object.articles.all()
        context["can_edit"] = has_role(self.request.user, self.council, STATUTE_EDITOR_ROLES)
        context.setdefault(
            "adopt_form", StatuteAdoptForm(initial={"adopted_on": timezone.localdate()})
        )
        return context

    def post(self, request, *args, **kwargs):
        denied = require_role(request, self.council, STATUTE_EDITOR_ROLES)
        if denied:
            return denied
        self.object = self.get_statute()
        form = StatuteAdoptForm(request.POST)
        if form.is_valid():
            try:
                services.statute_adopt(
                    statute=self.object, adopted_on=form.cleaned_data["adopted_on"], by=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De vaststelling door de ALV is vastgelegd."))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(adopt_form=form))


class StatuteEditView(CouncilRoleRequiredMixin, View):
    required_roles = STATUTE_EDITOR_ROLES

    def get_statute(self) -> Statute:
        statute = get_object_or_404(Statute, council=self.council, version=self.kwargs["version"])
        if statute.is_adopted:
            raise PermissionDenied
        return statute

    def render(self, statute, formset):
        context = {"council": self.council, "statute": statute, "formset": formset}
        return render(self.request, "ketenoverleg/statute_form.html", context)

    def get(self, request, *args, **kwargs):
        statute = self.get_statute()
        return self.render(statute, StatuteArticleFormSet(instance=statute))

    def post(self, request, *args, **kwargs):
        statute = self.get_statute()
        formset = StatuteArticleFormSet(request.POST, instance=statute)
        if not formset.is_valid():
            return self.render(statute, formset)
        with transaction.atomic():
            # Renumbering may swap numbers: clear them first so the unique check holds.
            saved = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for position, obj in enumerate(saved):
                if obj.pk:  # a number no article uses (the column is a small integer)
                    StatuteArticle.objects.filter(pk=obj.pk).update(number=30_000 + position)
            for obj in saved:
                obj.save()
        messages.success(request, _("De artikelen zijn opgeslagen."))
        return redirect(statute)


# Security --------------------------------------------------------------------------


class SecondFactorRequiredView(LoginRequiredMixin, TemplateView):
    """Where a power waits until its holder has set up two-factor authentication."""

    template_name = "ketenoverleg/second_factor_required.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back = self.request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            back = ""
        context.update(
            powers=POWERS,
            back=back,
            has_second_factor=has_second_factor(self.request.user),
        )
        return context


class AuditLogView(CouncilRoleRequiredMixin, ListView):
    """The council's log of sensitive actions, for its kernteam and secretariat."""

    required_roles = KERNTEAM_ROLES | SECRETARIAT_ROLES
    template_name = "ketenoverleg/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return AuditEntry.objects.filter(council=self.council).select_related("actor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = settings.AUDIT_LOG_RETENTION_DAYS
        return context


# Notifications ------------------------------------------------------------------------


class NotificationPreferencesView(LoginRequiredMixin, View):
    """Per kind of notification: direct, weekly digest or off (also shown on "Mijn
    gegevens", whose form posts here)."""

    template_name = "notifications/preferences.html"

    def get(self, request):
        form = NotificationPreferencesForm(user=request.user, site_language=request.LANGUAGE_CODE)
        return render(request, self.template_name, {"notification_form": form})

    def post(self, request):
        form = NotificationPreferencesForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"notification_form": form})
        notifications.preferences_set(
            user=request.user,
            language=form.cleaned_data["language"],
            time_zone=form.cleaned_data["time_zone"],
            choices=form.choices(),
        )
        messages.success(request, _("Uw keuzes voor meldingen zijn opgeslagen."))
        return redirect("notification_preferences")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The one-click unsubscribe link of a mail: the signed token names the person and
    the kind, so no login is needed. A GET only asks (mail scanners follow links); the
    POST turns the kind off, also the mail program's ``List-Unsubscribe-Post``."""

    template_name = "notifications/unsubscribe.html"

    def read(self, token):
        try:
            return notifications.read_unsubscribe_token(token)
        except signing.BadSignature:
            return None

    def invalid(self, request):
        return render(request, self.template_name, {"invalid": True}, status=400)

    def get(self, request, token):
        found = self.read(token)
        if found is None:
            return self.invalid(request)
        user, kind_key = found
        return render(request, self.template_name, {"label": _label(kind_key), "token": token})

    def post(self, request, token):
        found = self.read(token)
        if found is None:
            return self.invalid(request)
        user, kind_key = found
        notifications.unsubscribe(user=user, kind_key=kind_key)
        return render(request, self.template_name, {"label": _label(kind_key), "done": True})


def _label(kind_key: str) -> str:
    if kind_key == notifications.DIGEST:
        return _("Het wekelijkse overzicht")
    return str(notifications.KINDS[kind_key].label)


# Mijn werk --------------------------------------------------------------------------


class MyWorkView(LoginRequiredMixin, TemplateView):
    """The start page after login: what needs the person now, across their councils,
    each line linking to where it is done."""

    template_name = "ketenoverleg/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        groups = worklist.work_for(user)
        total = sum(len(group["tasks"]) for group in groups)
        worklist.remember_count(self.request, total)
        councils = [
            {"council": c, "roles": sorted(Role(r).label for r in roles_for(user, c))}
            for c in councils_where(user, Role.values)
        ]
        context.update(groups=groups, total=total, my_councils=councils)
        return context
