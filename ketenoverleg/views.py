from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView
from django.views.generic.edit import CreateView

from ketenoverleg import services
from ketenoverleg.forms import CouncilForm, RoleAssignmentForm, RoleEndForm
from ketenoverleg.models import Ketenoverleg, Role, RoleAssignment
from ketenoverleg.roles import (
    INSIDER_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
)


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (or the form itself)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


class HomeView(ListView):
    template_name = "ketenoverleg/home.html"
    context_object_name = "councils"

    def get_queryset(self):
        return Ketenoverleg.objects.filter(parent__isnull=True).with_children()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            context["my_roles"] = (
                RoleAssignment.objects.active()
                .filter(user=self.request.user)
                .select_related("council")
            )
        return context


class CouncilDetailView(CouncilMixin, DetailView):
    template_name = "ketenoverleg/council_detail.html"
    context_object_name = "council_object"

    def get_object(self, queryset=None):
        return self.council

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["council_roles_display"] = [
            role.label for role in Role if role in context["council_roles"]
        ]
        # The meetings app knows the council's rhythm: kernteam quarterly, plenary yearly.
        from meetings.services import rhythm_warnings

        context["rhythm_warnings"] = rhythm_warnings(self.council)
        return context


class CouncilUpdateView(CouncilRoleRequiredMixin, UpdateView):
    required_roles = SECRETARIAT_ROLES | {Role.VOORZITTER}
    form_class = CouncilForm
    template_name = "ketenoverleg/council_form.html"

    def get_object(self, queryset=None):
        return self.council

    def form_valid(self, form):
        messages.success(self.request, _("De gegevens van het ketenoverleg zijn opgeslagen."))
        return super().form_valid(form)


class CouncilCreateView(LoginRequiredMixin, CreateView):
    """A kwartiermaker (or staff) sets up a new council."""

    form_class = CouncilForm
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


class RoleListView(CouncilRoleRequiredMixin, FormView):
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


class RoleEndView(CouncilRoleRequiredMixin, FormView):
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
