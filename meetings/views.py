from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Ketenoverleg, Role, User
from ketenoverleg.roles import (
    INSIDER_ROLES,
    KERNTEAM_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
    refuse_hidden_council,
    require_role,
)
from ketenoverleg.second_factor import SecondFactorRequiredMixin, require_second_factor
from meetings import selectors, services
from meetings.calendar import build_calendar
from meetings.filters import ActionPointFilter
from meetings.forms import (
    ActionPointForm,
    ActionPointStatusForm,
    AdoptForm,
    AgendaItemFormSet,
    DispatchForm,
    DispatchResendForm,
    EvaluationForm,
    MeetingForm,
    MinutesForm,
    TemplateFormSet,
)
from meetings.models import (
    ActionPoint,
    CalendarToken,
    Dispatch,
    Evaluation,
    Meeting,
    Minutes,
    Section,
)

MANAGER_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}
OVERVIEW_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES


def can_manage(user, council) -> bool:
    return has_role(user, council, MANAGER_ROLES)


class MeetingListView(CouncilMixin, ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 30

    def get_queryset(self):
        qs = (
            Meeting.objects.for_council(self.council)
            .select_related("minutes", "council")
            .annotate(open_points=Count("action_points", filter=Q(action_points__status="open")))
            .order_by("-starts_at")
        )
        if not has_role(self.request.user, self.council, INSIDER_ROLES):
            qs = qs.public()
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can_manage(self.request.user, self.council)
        # The rhythm reminders are for the council's own people only.
        if has_role(self.request.user, self.council, INSIDER_ROLES):
            context["warnings"] = selectors.rhythm_warnings(self.council)
        return context


class MeetingMixin(CouncilMixin):
    """Loads the meeting; a members-only meeting is for insiders, and
    ``required_roles`` (when set) narrows who may use the view further."""

    required_roles = None

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Ketenoverleg, slug=kwargs["slug"])
        hidden = refuse_hidden_council(request, self.council)
        if hidden is not None:
            return hidden
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("council", "work_group"),
            pk=kwargs["pk"],
            council=self.council,
        )
        self.is_insider = has_role(request.user, self.council, INSIDER_ROLES)
        roles = self.required_roles or (None if self.meeting.is_public else INSIDER_ROLES)
        if roles:
            denied = require_role(request, self.council, roles)
            if denied is not None:
                return denied
        return super(CouncilMixin, self).dispatch(request, *args, **kwargs)


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.meeting_context(self.meeting, show_concept=self.is_insider))
        context["can_manage"] = can_manage(self.request.user, self.council)
        if context["can_manage"]:
            context["dispatches"] = self.meeting.dispatches.with_progress().select_related(
                "created_by"
            )
            context.setdefault("dispatch_form", DispatchForm())
            people = services_people(self.meeting)
            context.setdefault("point_form", ActionPointForm(meeting=self.meeting, people=people))
            if context["minutes"] and context["minutes"].status == Minutes.Status.CONCEPT:
                context.setdefault("adopt_form", AdoptForm(meeting=self.meeting))
        return context


class MeetingPrintView(MeetingDetailView):
    """The complete agenda and minutes as a printable page (also the PDF's source)."""

    template_name = "meetings/meeting_print.html"


def services_people(meeting: Meeting) -> list[User]:
    """People who can be marked present or own an action point: the invited ones."""
    emails = [email for email, _name in services.invited_people(meeting)]
    return list(User.objects.filter(email__in=emails).order_by("last_name", "first_name"))


class MeetingCreateView(CouncilRoleRequiredMixin, FormView):
    required_roles = MANAGER_ROLES
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["council"] = self.council
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(
                Meeting, pk=self.kwargs["pk"], council=self.council
            )
        return kwargs

    def form_valid(self, form):
        if form.instance.pk:
            meeting = form.save()
            messages.success(self.request, _("De vergadering is bijgewerkt."))
        else:
            fields = {k: v for k, v in form.cleaned_data.items()}
            meeting = services.meeting_create(council=self.council, by=self.request.user, **fields)
            messages.success(self.request, _("De vergadering is gepland; de agenda staat klaar."))
        return redirect(meeting)


class AgendaEditView(MeetingMixin, View):
    required_roles = MANAGER_ROLES

    def render(self, formset):
        context = {"council": self.council, "meeting": self.meeting, "formset": formset}
        return render(self.request, "meetings/agenda_form.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(
            AgendaItemFormSet(instance=self.meeting, form_kwargs={"council": self.council})
        )

    def post(self, request, *args, **kwargs):
        formset = AgendaItemFormSet(
            request.POST, instance=self.meeting, form_kwargs={"council": self.council}
        )
        if not formset.is_valid():
            return self.render(formset)
        formset.save()
        messages.success(request, _("De agenda is opgeslagen."))
        return redirect(self.meeting)


class MinutesEditView(MeetingMixin, View):
    required_roles = MANAGER_ROLES

    def render(self, form):
        context = {"council": self.council, "meeting": self.meeting, "form": form}
        return render(self.request, "meetings/minutes_form.html", context)

    def get(self, request, *args, **kwargs):
        minutes = Minutes.objects.filter(meeting=self.meeting).first()
        form = MinutesForm(
            meeting=self.meeting,
            people=services_people(self.meeting),
            initial={"summary": minutes.summary if minutes else ""},
        )
        return self.render(form)

    def post(self, request, *args, **kwargs):
        form = MinutesForm(request.POST, meeting=self.meeting, people=services_people(self.meeting))
        if not form.is_valid():
            return self.render(form)
        try:
            services.minutes_save(
                meeting=self.meeting,
                summary=form.cleaned_data["summary"],
                items=form.item_texts,
                attendance=form.attendance,
                correction_reason=form.cleaned_data.get("correction_reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("Het verslag is opgeslagen."))
        # "Opslaan" under a section: back to that section of the editor to go on.
        section = request.POST.get("verder", "")
        if section == "aanwezigheid" or section.removeprefix("sectie-") in Section.values:
            return redirect(f"{request.path}#{section}")
        return redirect(self.meeting)


class MeetingActionView(MeetingMixin, View):
    """POST actions on a meeting for the secretariat; errors re-render the meeting page."""

    required_roles = MANAGER_ROLES

    def post(self, request, *args, **kwargs):
        handler = {
            "actiepunt": self.add_point,
            "vaststellen": self.adopt,
            "publiceren": self.publish,
            "versturen": self.send,
        }.get(kwargs["action"])
        if handler is None:
            raise Http404
        if kwargs["action"] in {"publiceren", "versturen"}:
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
        return handler(request)

    def _page(self, **forms):
        view = MeetingDetailView()
        view.setup(self.request, **self.kwargs)
        view.council, view.meeting, view.is_insider = self.council, self.meeting, True
        return view.render_to_response(view.get_context_data(**forms))

    def add_point(self, request):
        form = ActionPointForm(
            request.POST, meeting=self.meeting, people=services_people(self.meeting)
        )
        if not form.is_valid():
            return self._page(point_form=form)
        try:
            services.action_point_add(meeting=self.meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._page(point_form=form)
        messages.success(request, _("Het actiepunt is toegevoegd."))
        return redirect(self.meeting)

    def adopt(self, request):
        minutes = get_object_or_404(Minutes, meeting=self.meeting)
        form = AdoptForm(request.POST, meeting=self.meeting)
        if not form.is_valid():
            return self._page(adopt_form=form)
        try:
            services.minutes_adopt(
                minutes=minutes, at_meeting=form.cleaned_data["at_meeting"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._page(adopt_form=form)
        messages.success(request, _("Het verslag is vastgesteld."))
        return redirect(self.meeting)

    def publish(self, request):
        minutes = get_object_or_404(Minutes, meeting=self.meeting)
        try:
            services.minutes_publish(minutes=minutes, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het verslag is gepubliceerd."))
        return redirect(self.meeting)

    def send(self, request):
        form = DispatchForm(request.POST)
        if not form.is_valid():
            return self._page(dispatch_form=form)
        try:
            dispatch = services.dispatch_send(
                meeting=self.meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._page(dispatch_form=form)
        messages.success(
            request,
            _("%(what)s wordt verstuurd naar %(n)s personen.")
            % {"what": dispatch.get_what_display(), "n": dispatch.recipients.count()},
        )
        return redirect(self.meeting)


class DispatchMixin(CouncilRoleRequiredMixin):
    required_roles = MANAGER_ROLES

    def get_dispatch(self) -> Dispatch:
        return get_object_or_404(
            Dispatch.objects.with_progress().select_related("meeting__council", "created_by"),
            pk=self.kwargs["pk"],
            meeting__council=self.council,
        )

    def page(self, dispatch: Dispatch, resend_form: DispatchResendForm | None = None):
        context = {
            "council": self.council,
            "dispatch": dispatch,
            "recipients": dispatch.recipients.select_related("resend"),
            "resends": dispatch.resends.select_related("created_by"),
            "resend_form": resend_form or DispatchResendForm(),
        }
        return render(self.request, "meetings/dispatch_detail.html", context)


class DispatchDetailView(DispatchMixin, View):
    """Who got the agenda or minutes, who is still waiting, and "opnieuw versturen"."""

    def get(self, request, *args, **kwargs):
        return self.page(self.get_dispatch())


class DispatchResendView(DispatchMixin, SecondFactorRequiredMixin, View):
    """POST: send a dispatch again, with a reason, to the missing recipients or to all."""

    def post(self, request, *args, **kwargs):
        dispatch = self.get_dispatch()
        form = DispatchResendForm(request.POST)
        if not form.is_valid():
            return self.page(dispatch, form)
        try:
            resend = services.dispatch_resend(
                dispatch=dispatch, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(dispatch, form)
        messages.success(
            request,
            _("%(what)s wordt opnieuw verstuurd naar %(n)s personen.")
            % {"what": dispatch.get_what_display(), "n": resend.recipient_count},
        )
        return redirect("meetings:dispatch", slug=self.council.slug, pk=dispatch.pk)


class ActionPointListView(CouncilRoleRequiredMixin, ListView):
    required_roles = OVERVIEW_ROLES
    template_name = "meetings/action_points.html"
    context_object_name = "points"
    paginate_by = 50

    def get_queryset(self):
        base = ActionPoint.objects.filter(meeting__council=self.council).select_related(
            "owner", "meeting__council"
        )
        data = self.request.GET.copy()
        if not data:
            data["status"] = ActionPoint.Status.OPEN
        self.filterset = ActionPointFilter(data, queryset=base, council=self.council)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["querystring"] = self.request.GET.urlencode()
        context["can_manage"] = can_manage(self.request.user, self.council)
        return context


class ActionPointStatusView(CouncilRoleRequiredMixin, View):
    required_roles = MANAGER_ROLES

    def post(self, request, *args, **kwargs):
        point = get_object_or_404(ActionPoint, pk=kwargs["pk"], meeting__council=self.council)
        form = ActionPointStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Kies een geldige status."))
        else:
            services.action_point_set_status(
                point=point, status=form.cleaned_data["status"], by=request.user
            )
            messages.success(request, _("De status van het actiepunt is bijgewerkt."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("meetings:action_points", kwargs={"slug": self.council.slug})
        return redirect(target)


class TemplateEditView(CouncilRoleRequiredMixin, View):
    required_roles = MANAGER_ROLES
    template_name = "meetings/template_form.html"

    def render(self, formset):
        context = {"council": self.council, "formset": formset}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(TemplateFormSet(queryset=self.council.agenda_template_items.all()))

    def post(self, request, *args, **kwargs):
        formset = TemplateFormSet(request.POST, queryset=self.council.agenda_template_items.all())
        if not formset.is_valid():
            return self.render(formset)
        for form in formset.forms:
            form.instance.council = self.council
        formset.save()
        messages.success(request, _("De standaardagenda is opgeslagen."))
        return redirect("meetings:template", slug=self.council.slug)


class EvaluationView(CouncilRoleRequiredMixin, FormView):
    template_name = "meetings/evaluations.html"
    form_class = EvaluationForm

    def get_required_roles(self):
        return OVERVIEW_ROLES if self.request.method == "POST" else INSIDER_ROLES

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluations"] = Evaluation.objects.filter(council=self.council).select_related(
            "meeting"
        )
        context["can_record"] = has_role(self.request.user, self.council, OVERVIEW_ROLES)
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("De jaarlijkse evaluatie is vastgelegd."))
        return redirect("meetings:evaluations", slug=self.council.slug)


# Calendar --------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class MeetingIcsView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        meeting = self.meeting
        return _ics(build_calendar([meeting], self.council.name), f"vergadering-{meeting.pk}.ics")


class PublicFeedView(CouncilMixin, View):
    def get(self, request, *args, **kwargs):
        meetings = Meeting.objects.for_council(self.council).public().select_related("council")
        return _ics(build_calendar(meetings, self.council.name), f"{self.council.slug}.ics")


class PrivateFeedView(CouncilMixin, View):
    """All meetings, for a member's calendar client; the token in the URL is the key."""

    def get(self, request, *args, **kwargs):
        token = get_object_or_404(CalendarToken, token=kwargs["token"], council=self.council)
        if not has_role(token.user, self.council, INSIDER_ROLES):
            raise PermissionDenied
        meetings = Meeting.objects.for_council(self.council).select_related("council")
        return _ics(build_calendar(meetings, self.council.name), f"{self.council.slug}-leden.ics")


class CalendarView(CouncilMixin, TemplateView):
    """The feed addresses; an insider asks for a private one with a POST (a GET only reads)."""

    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["is_insider"] = has_role(user, self.council, INSIDER_ROLES)
        token = (
            CalendarToken.objects.filter(user=user, council=self.council).first()
            if context["is_insider"]
            else None
        )
        if token:
            context["private_url"] = self.request.build_absolute_uri(
                reverse(
                    "meetings:private_feed",
                    kwargs={"slug": self.council.slug, "token": token.token},
                )
            )
        context["public_url"] = self.request.build_absolute_uri(
            reverse("meetings:public_feed", kwargs={"slug": self.council.slug})
        )
        return context

    def post(self, request, *args, **kwargs):
        denied = require_role(request, self.council, INSIDER_ROLES)
        if denied is not None:
            return denied
        services.calendar_token_for(user=request.user, council=self.council)
        return redirect("meetings:calendar", slug=self.council.slug)
