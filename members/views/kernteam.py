from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Role, RoleAssignment
from ketenoverleg.roles import (
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
)
from members import services
from members.forms import (
    BoardAppointForm,
    ReappointForm,
    RosterForm,
    StepDownForm,
)
from members.models import (
    BoardAppointment,
)
from members.views import BOARD_MANAGER_ROLES


class KernteamView(CouncilMixin, TemplateView):
    """The kernteam with its seven seats (vacatures shown), officers, support and roster."""

    template_name = "members/kernteam.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        council = self.council
        seats = BoardAppointment.objects.seats_of(council)
        officers = {}
        for user_id, role in (
            RoleAssignment.objects.active()
            .filter(
                council=council, role__in=[Role.VOORZITTER, Role.SECRETARIS, Role.PENNINGMEESTER]
            )
            .values_list("user_id", "role")
        ):
            officers.setdefault(user_id, []).append(Role(role).label)
        for seat in seats:
            a = seat["appointment"]
            seat["officers"] = officers.get(a.user_id, []) if a else []
        roster = {}
        for seat in seats:
            if seat["appointment"]:
                roster.setdefault(seat["appointment"].ends_on.year, []).append(seat)
        context.update(
            seats=seats,
            vacancies=[s["label"] for s in seats if s["appointment"] is None],
            support=RoleAssignment.objects.active()
            .filter(council=council, role__in=[Role.KWARTIERMAKER, Role.KETENSECRETARIS])
            .select_related("user"),
            roster=sorted(roster.items()),
            can_manage=has_role(self.request.user, council, BOARD_MANAGER_ROLES),
        )
        if context["can_manage"]:
            context.setdefault("appoint_form", BoardAppointForm(council=council))
            context.setdefault(
                "roster_form", RosterForm(initial={"first_year": timezone.localdate().year + 1})
            )
            context.setdefault("reappoint_form", ReappointForm())
            context.setdefault("step_down_form", StepDownForm(initial={"on": timezone.localdate()}))
        return context


class KernteamActionView(CouncilRoleRequiredMixin, View):
    """A POST on the kernteam page by those who manage it; ``act`` calls one service."""

    required_roles = BOARD_MANAGER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.act(request)

    def act(self, request):
        raise Http404

    def render_page(self, **forms):
        view = KernteamView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        return view.render_to_response(view.get_context_data(**forms))

    def appointment(self, request) -> BoardAppointment:
        return get_object_or_404(
            BoardAppointment, pk=request.POST.get("appointment"), council=self.council
        )

    def back(self):
        return redirect("members:kernteam", slug=self.council.slug)


class AppointView(KernteamActionView):
    def act(self, request):
        form = BoardAppointForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render_page(appoint_form=form)
        try:
            services.board_appoint(
                council=self.council,
                seat=form.cleaned_data["seat"],
                user=form.user,
                membership=form.cleaned_data["membership"],
                starts_on=form.cleaned_data["starts_on"],
                appointed_by_alv_on=form.cleaned_data["appointed_by_alv_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, _rename(error, {"user": "user_email"}))
            return self.render_page(appoint_form=form)
        messages.success(request, _("De benoeming is vastgelegd."))
        return self.back()


class ReappointView(KernteamActionView):
    def act(self, request):
        appointment = self.appointment(request)
        form = ReappointForm(request.POST)
        if not form.is_valid():
            return self.render_page(reappoint_form=form)
        try:
            services.board_reappoint(
                appointment=appointment,
                appointed_by_alv_on=form.cleaned_data["appointed_by_alv_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(reappoint_form=form)
        messages.success(request, _("%(name)s is herbenoemd.") % {"name": appointment.user})
        return self.back()


class StepDownView(KernteamActionView):
    def act(self, request):
        appointment = self.appointment(request)
        form = StepDownForm(request.POST)
        if not form.is_valid():
            return self.render_page(step_down_form=form)
        try:
            services.board_step_down(
                appointment=appointment, on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_page(step_down_form=form)
        messages.success(request, _("Het aftreden is vastgelegd; de zetel is vacant."))
        return self.back()


class RosterView(KernteamActionView):
    def act(self, request):
        form = RosterForm(request.POST)
        if not form.is_valid():
            return self.render_page(roster_form=form)
        try:
            services.roster_generate(
                council=self.council, first_year=form.cleaned_data["first_year"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_page(roster_form=form)
        messages.success(request, _("Het rooster van aftreden is opgesteld."))
        return self.back()


KERNTEAM_ACTIONS = {
    "benoemen": AppointView.as_view(),
    "herbenoemen": ReappointView.as_view(),
    "aftreden": StepDownView.as_view(),
    "rooster": RosterView.as_view(),
}
UNKNOWN_ACTION = KernteamActionView.as_view()  # 404 once the role check has passed


def kernteam_action(request, *, slug: str, action: str):
    """``kernteam/<action>/``: the view of that action."""
    return KERNTEAM_ACTIONS.get(action, UNKNOWN_ACTION)(request, slug=slug)


def _rename(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """Point a service's field errors at the form's own field names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})
