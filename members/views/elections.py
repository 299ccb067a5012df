from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.roles import (
    INSIDER_ROLES,
    CouncilRoleRequiredMixin,
    has_role,
)
from ketenoverleg.second_factor import require_second_factor
from members import services
from members.forms import (
    AppointNomineeForm,
    CandidacyForm,
    ElectionForm,
    VoteForm,
)
from members.models import (
    BoardAppointment,
    Election,
    Membership,
)
from members.views import BOARD_MANAGER_ROLES


def _my_memberships(user, council, geleding: str | None = None):
    qs = (
        Membership.objects.for_council(council)
        .admitted()
        .filter(organisation__representatives__user=user)
    )
    if geleding:
        qs = qs.in_geleding(geleding)
    return qs.select_related("organisation")


class ElectionListView(CouncilRoleRequiredMixin, ListView):
    required_roles = INSIDER_ROLES
    template_name = "members/elections.html"
    context_object_name = "elections"

    def get_required_roles(self):
        return BOARD_MANAGER_ROLES if self.request.method == "POST" else INSIDER_ROLES

    def get_queryset(self):
        return (
            Election.objects.filter(council=self.council)
            .select_related("nominee__user", "appointment")
            .annotate(
                candidates=Count("candidacies", distinct=True),
                votes_cast=Count("votes", distinct=True),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vacancies"] = BoardAppointment.objects.vacant_seats(self.council)
        context["can_manage"] = has_role(self.request.user, self.council, BOARD_MANAGER_ROLES)
        context.setdefault("form", ElectionForm())
        return context

    def post(self, request, *args, **kwargs):
        self.object_list = self.get_queryset()
        form = ElectionForm(request.POST)
        if form.is_valid():
            try:
                election = services.election_open(
                    council=self.council,
                    geleding=form.cleaned_data["geleding"],
                    closes_on=form.cleaned_data["closes_on"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De verkiezing is geopend."))
                return redirect("members:election", slug=self.council.slug, pk=election.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ElectionDetailView(CouncilRoleRequiredMixin, DetailView):
    required_roles = INSIDER_ROLES
    template_name = "members/election.html"
    context_object_name = "election"

    def get_object(self, queryset=None):
        return get_object_or_404(Election, pk=self.kwargs["pk"], council=self.council)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        election = self.object
        mine = _my_memberships(self.request.user, self.council, election.geleding)
        candidacies = election.candidacies.select_related(
            "user", "membership__organisation"
        ).annotate(vote_count=Count("votes"))
        context.update(
            candidacies=candidacies,
            my_memberships=mine,
            can_manage=has_role(self.request.user, self.council, BOARD_MANAGER_ROLES),
            voted_for=set(
                election.votes.filter(voter__in=mine).values_list(
                    "voter__organisation__name", flat=True
                )
            ),
        )
        if election.is_open and mine:
            context.setdefault("candidacy_form", CandidacyForm(memberships=mine))
            context.setdefault("vote_form", VoteForm(memberships=mine, election=election))
        if election.closed_at and election.nominee and not election.appointment_id:
            context.setdefault("appoint_form", AppointNomineeForm())
        return context

    def post(self, request, *args, **kwargs):
        self.object = election = self.get_object()
        action = request.POST.get("action")
        mine = _my_memberships(request.user, self.council, election.geleding)
        back = redirect("members:election", slug=self.council.slug, pk=election.pk)
        if action == "stand":
            form = CandidacyForm(request.POST, memberships=mine)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(candidacy_form=form))
            try:
                services.candidacy_create(
                    election=election,
                    membership=form.cleaned_data["membership"],
                    user=request.user,
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render_to_response(self.get_context_data(candidacy_form=form))
            messages.success(request, _("U staat kandidaat."))
        elif action == "vote":
            form = VoteForm(request.POST, memberships=mine, election=election)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(vote_form=form))
            try:
                services.vote_cast(
                    election=election,
                    membership=form.cleaned_data["membership"],
                    candidacy=form.cleaned_data["candidacy"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render_to_response(self.get_context_data(vote_form=form))
            messages.success(request, _("Uw stem is uitgebracht."))
        elif action in {"close", "appoint"}:
            if not has_role(request.user, self.council, BOARD_MANAGER_ROLES):
                raise PermissionDenied
            if action == "close":
                try:
                    services.election_close(election=election, by=request.user)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("De stemming is gesloten en geteld."))
                return back
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
            form = AppointNomineeForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(appoint_form=form))
            try:
                services.election_appoint(election=election, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render_to_response(self.get_context_data(appoint_form=form))
            messages.success(request, _("De ALV-benoeming is vastgelegd."))
        else:
            raise Http404
        return back
