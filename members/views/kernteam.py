from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Ketenoverleg, Role, RoleAssignment
from ketenoverleg.roles import (
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
)
from ketenoverleg.second_factor import SecondFactorRequiredMixin
from members import services
from members.forms import (
    BoardAppointForm,
    FunctionAppointForm,
    FunctionEndForm,
    ProcesbegeleiderForm,
    ReappointForm,
    RosterForm,
    StepDownForm,
)
from members.models import (
    OFFICER_FUNCTIONS,
    BoardAppointment,
    BoardFunction,
    BoardFunctionTerm,
)
from members.selectors import current_functions, has_kernteam_seat
from members.views import BOARD_MANAGER_ROLES


class KernteamView(CouncilMixin, TemplateView):
    """The kernteam with its seven seats (vacatures shown), its functions, support and
    roster. The functions shown are the ones the role checks use (members.selectors)."""

    template_name = "members/kernteam.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        council = self.council
        seats = BoardAppointment.objects.seats_of(council)
        functions = current_functions(council)
        officers = {}
        for term in functions:
            if term.function in OFFICER_FUNCTIONS:
                officers.setdefault(term.appointment_id, []).append(term.get_function_display())
        for seat in seats:
            a = seat["appointment"]
            seat["officers"] = officers.get(a.pk, []) if a else []
        held = {term.function: term for term in functions}
        roster = {}
        for seat in seats:
            if seat["appointment"]:
                roster.setdefault(seat["appointment"].ends_on.year, []).append(seat)
        context.update(
            seats=seats,
            vacancies=[s["label"] for s in seats if s["appointment"] is None],
            functions=[
                {"key": f.value, "label": f.label, "term": held.get(f.value)} for f in BoardFunction
            ],
            function_history=BoardFunctionTerm.objects.for_council(council)
            .select_related("user", "recorded_by", "ended_by", "appointment")
            .order_by("-starts_on", "-pk"),
            support=RoleAssignment.objects.active()
            .filter(council=council, role__in=[Role.KWARTIERMAKER, Role.KETENSECRETARIS])
            .select_related("user"),
            roster=sorted(roster.items()),
            can_manage=has_role(self.request.user, council, BOARD_MANAGER_ROLES),
            can_choose_functions=self.request.user.is_authenticated
            and has_kernteam_seat(self.request.user, council),
        )
        if context["can_choose_functions"]:
            today = timezone.localdate()
            context.setdefault(
                "function_form",
                FunctionAppointForm(
                    council=council,
                    prefix="functie",
                    initial={"starts_on": today, "decided_on": today},
                ),
            )
            context.setdefault(
                "procesbegeleider_form",
                ProcesbegeleiderForm(
                    prefix="pb", initial={"starts_on": today, "decided_on": today}
                ),
            )
            context.setdefault("function_end_form", FunctionEndForm(initial={"on": today}))
        if context["can_manage"]:
            context.setdefault("appoint_form", BoardAppointForm(council=council))
            context.setdefault(
                "roster_form", RosterForm(initial={"first_year": timezone.localdate().year + 1})
            )
            context.setdefault("reappoint_form", ReappointForm())
            context.setdefault("step_down_form", StepDownForm(initial={"on": timezone.localdate()}))
        return context


class KernteamActionView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, View):
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


class FunctionActionView(KernteamActionView):
    """The kernteam's own decisions about its functions: recorded by a seated member,
    never by the ketensecretaris (handbook 7.5.2: the board chooses from its midst)."""

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Ketenoverleg, slug=kwargs["slug"])
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_kernteam_seat(request.user, self.council):
            raise PermissionDenied
        return View.dispatch(self, request, *args, **kwargs)


class FunctionAppointView(FunctionActionView):
    def act(self, request):
        form = FunctionAppointForm(request.POST, council=self.council, prefix="functie")
        if not form.is_valid():
            return self.render_page(function_form=form)
        seat = form.cleaned_data["appointment"]
        try:
            term = services.function_appoint(
                council=self.council,
                function=form.cleaned_data["function"],
                user=seat.user,
                starts_on=form.cleaned_data["starts_on"],
                decided_on=form.cleaned_data["decided_on"],
                decided_by=form.cleaned_data["decided_by"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, _rename(error, {"user": "appointment"}))
            return self.render_page(function_form=form)
        messages.success(
            request,
            _("%(name)s is %(function)s.")
            % {"name": term.user, "function": term.get_function_display().lower()},
        )
        return self.back()


class ProcesbegeleiderView(FunctionActionView):
    def act(self, request):
        form = ProcesbegeleiderForm(request.POST, prefix="pb")
        if not form.is_valid():
            return self.render_page(procesbegeleider_form=form)
        try:
            services.function_appoint(
                council=self.council,
                function=BoardFunction.PROCESBEGELEIDER,
                user=form.user,
                starts_on=form.cleaned_data["starts_on"],
                decided_on=form.cleaned_data["decided_on"],
                decided_by=form.cleaned_data["decided_by"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, _rename(error, {"user": "user_email"}))
            return self.render_page(procesbegeleider_form=form)
        messages.success(request, _("De procesbegeleider is toegevoegd aan het kernteam."))
        return self.back()


class FunctionEndView(FunctionActionView):
    def act(self, request):
        term = get_object_or_404(
            BoardFunctionTerm, pk=request.POST.get("term"), council=self.council
        )
        form = FunctionEndForm(request.POST)
        if not form.is_valid():
            return self.render_page(function_end_form=form)
        try:
            services.function_end(term=term, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_page(function_end_form=form)
        messages.success(request, _("De functie is beëindigd."))
        return self.back()


KERNTEAM_ACTIONS = {
    "benoemen": AppointView.as_view(),
    "herbenoemen": ReappointView.as_view(),
    "aftreden": StepDownView.as_view(),
    "rooster": RosterView.as_view(),
    "functie": FunctionAppointView.as_view(),
    "procesbegeleider": ProcesbegeleiderView.as_view(),
    "functie-beeindigen": FunctionEndView.as_view(),
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
