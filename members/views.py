import csv
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from ketenoverleg.models import Geleding, Role, RoleAssignment
from ketenoverleg.roles import (
    INSIDER_ROLES,
    KERNTEAM_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
)
from ketenoverleg.views import apply_validation_error
from members import services
from members.filters import LedenlijstFilter
from members.forms import (
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    AppointNomineeForm,
    BoardAppointForm,
    CandidacyForm,
    ContributionRateForm,
    ElectionForm,
    OrganisationForm,
    PaymentForm,
    ReappointForm,
    RepresentativeForm,
    ReviewForm,
    RosterForm,
    StepDownForm,
    VoteForm,
    WorkGroupForm,
)
from members.models import (
    BoardAppointment,
    ContributionPayment,
    ContributionReminder,
    Election,
    Membership,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    WorkGroup,
)

REVIEWER_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
LEDENLIJST_FIELDS = ["naam", "geledingen", "plaats", "website", "intentie_url", "intentie"]


def geleding_counts(council, memberships=None) -> list[dict]:
    """Members per geleding for the public list, in the fixed order; zero is a vacature."""
    memberships = memberships if memberships is not None else Membership.objects.public()
    rows = (
        MembershipGeleding.objects.filter(membership__in=memberships.filter(council=council))
        .values("geleding")
        .annotate(n=Count("membership", distinct=True))
    )
    counts = {row["geleding"]: row["n"] for row in rows}
    return [{"key": g.value, "label": g.label, "count": counts.get(g.value, 0)} for g in Geleding]


def ledenlijst_row(membership: Membership) -> dict:
    org = membership.organisation
    return {
        "naam": org.name,
        "geledingen": membership.geleding_labels,
        "plaats": org.place,
        "website": org.website,
        "intentie_url": org.intention_url,
        "intentie": org.intention_text,
    }


class LedenlijstView(CouncilMixin, ListView):
    """The public ledenlijst: admitted members that consented to be listed."""

    template_name = "members/ledenlijst.html"
    paginate_by = 25
    context_object_name = "memberships"

    def get_queryset(self):
        base = Membership.objects.public().filter(council=self.council)
        self.filterset = LedenlijstFilter(self.request.GET or None, queryset=base)
        return self.filterset.qs.distinct() if self.filterset.is_bound else base

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["geleding_counts"] = geleding_counts(self.council)
        context["querystring"] = self.request.GET.urlencode()
        return context


class LedenlijstExportView(LedenlijstView):
    """CSV or JSON of exactly the fields the ledenlijst shows, with the same filters."""

    paginate_by = None
    format = "csv"

    def render_to_response(self, context, **response_kwargs):
        rows = [ledenlijst_row(m) for m in context["memberships"]]
        filename = f"ledenlijst-{self.council.slug}"
        if self.format == "json":
            response = JsonResponse(
                {"ketenoverleg": self.council.name, "leden": rows},
                json_dumps_params={"ensure_ascii": False, "indent": 2},
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
            return response
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.DictWriter(response, fieldnames=LEDENLIJST_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "geledingen": "; ".join(row["geledingen"])})
        return response


class MemberContactsView(CouncilRoleRequiredMixin, ListView):
    """Members-only: the list with e-mail, phone and contact persons."""

    required_roles = INSIDER_ROLES
    template_name = "members/contacts.html"
    paginate_by = 50
    context_object_name = "memberships"

    def get_queryset(self):
        return (
            Membership.objects.for_council(self.council)
            .admitted()
            .with_contacts()
            .order_by("organisation__name")
        )


class ApplyView(LoginRequiredMixin, CouncilMixin, FormView):
    template_name = "members/apply.html"
    form_class = ApplicationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisations"] = services.organisations_for(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("org_form", OrganisationForm(prefix="org"))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        org_form = OrganisationForm(request.POST, prefix="org")
        existing = form.is_valid() and form.cleaned_data.get("organisation")
        org_ok = existing or org_form.is_valid()
        if not (form.is_valid() and org_ok):
            return self.render_to_response(self.get_context_data(form=form, org_form=org_form))
        try:
            membership = services.membership_apply(
                council=self.council,
                user=request.user,
                organisation=existing or org_form.save(commit=False),
                geledingen=form.cleaned_data["geledingen"],
                supports_goal=form.cleaned_data["supports_goal"],
                listing_consent=form.cleaned_data["listing_consent"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field in org_form.fields and not existing:
                    org_form.add_error(field, errors)
                else:
                    form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(form=form, org_form=org_form))
        messages.success(
            request,
            _(
                "Uw aanvraag is ontvangen. Het kernteam beoordeelt haar; u krijgt bericht per e-mail."
            ),
        )
        return redirect(membership.get_absolute_url())


class FollowView(LoginRequiredMixin, CouncilMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.membership_follow(council=self.council, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("U volgt nu dit ketenoverleg: u ontvangt nieuws en publicaties.")
            )
        return redirect(self.council)


class ReviewQueueView(CouncilRoleRequiredMixin, ListView):
    required_roles = REVIEWER_ROLES
    template_name = "members/review_queue.html"
    context_object_name = "memberships"

    def get_queryset(self):
        return (
            Membership.objects.for_council(self.council)
            .filter(status__in=[MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP])
            .with_details()
            .select_related("council")
            .order_by("applied_at")
        )


class MembershipMixin(CouncilMixin):
    """Loads the membership; its representatives and the kernteam may see it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_membership(self) -> Membership:
        membership = get_object_or_404(
            Membership.objects.with_details().select_related("council", "referred_to"),
            pk=self.kwargs["pk"],
            council=self.council,
        )
        self.is_representative = membership.organisation.representatives.filter(
            user=self.request.user
        ).exists()
        self.is_reviewer = has_role(self.request.user, self.council, REVIEWER_ROLES)
        if not (self.is_representative or self.is_reviewer):
            raise PermissionDenied
        return membership


class MembershipDetailView(MembershipMixin, DetailView):
    template_name = "members/membership.html"
    context_object_name = "membership"

    def get_object(self, queryset=None):
        return self.get_membership()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        m = self.object
        context["is_representative"] = self.is_representative
        context["is_reviewer"] = self.is_reviewer
        context["events"] = m.events.select_related("by")
        year = timezone.now().year
        rates = list(self.council.contribution_rates.filter(year=year))
        context["contribution"] = {
            "year": year,
            "due": services.contribution_due(m, year, rates),
            "payments": list(m.payments.all()),
        }
        if self.is_reviewer and m.status == MembershipStatus.AANGEVRAAGD:
            context.setdefault("review_form", ReviewForm(council=self.council))
        if self.is_reviewer and m.status == MembershipStatus.IN_BEROEP:
            context.setdefault("appeal_decision_form", AppealDecisionForm())
        if self.is_representative and m.can_appeal:
            context.setdefault("appeal_form", AppealForm())
        return context


class MembershipActionView(MembershipMixin, View):
    """POST endpoints on a membership; each calls one service and returns to the page."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_membership()
        action = kwargs["action"]
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise PermissionDenied
        try:
            response = handler(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.object.get_absolute_url())
        return response or redirect(self.object.get_absolute_url())

    def _render_with(self, **forms):
        view = MembershipDetailView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        view.object = self.object
        view.is_representative = self.is_representative
        view.is_reviewer = self.is_reviewer
        return view.render_to_response(view.get_context_data(**forms))

    def _require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied

    def do_review(self, request):
        self._require(self.is_reviewer)
        form = ReviewForm(request.POST, council=self.council)
        if not form.is_valid():
            return self._render_with(review_form=form)
        try:
            if "admit" in request.POST:
                services.membership_admit(
                    membership=self.object,
                    checks=form.checks,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, _("Toegelaten. De aanvrager krijgt bericht."))
            else:
                services.membership_refuse(
                    membership=self.object,
                    checks=form.checks,
                    reason=form.cleaned_data["reason"],
                    referred_to=form.cleaned_data["referred_to"],
                    by=request.user,
                )
                messages.success(request, _("Afgewezen. De aanvrager krijgt bericht."))
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render_with(review_form=form)
        return None

    def do_appeal(self, request):
        self._require(self.is_representative)
        form = AppealForm(request.POST)
        if not form.is_valid():
            return self._render_with(appeal_form=form)
        services.membership_appeal(
            membership=self.object, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("Uw beroep is ingediend. Het kernteam beslist erover."))
        return None

    def do_appeal_decision(self, request):
        self._require(self.is_reviewer)
        form = AppealDecisionForm(request.POST)
        if not form.is_valid():
            return self._render_with(appeal_decision_form=form)
        services.appeal_decide(
            membership=self.object,
            admit=form.cleaned_data["admit"],
            decision=form.cleaned_data["decision"],
            by=request.user,
        )
        messages.success(request, _("De uitspraak in beroep is vastgelegd."))
        return None

    def do_end(self, request):
        self._require(self.is_representative)
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Bevestig dat u het lidmaatschap wilt opzeggen."))
            return None
        services.membership_end(membership=self.object, by=request.user)
        messages.success(request, _("Het lidmaatschap is per direct beëindigd."))
        return None

    def do_consent(self, request):
        self._require(self.is_representative)
        if request.POST.get("consent") == "withdraw":
            services.listing_consent_withdraw(membership=self.object, by=request.user)
            messages.success(request, _("U staat niet meer in de openbare ledenlijst."))
        else:
            services.listing_consent_give(membership=self.object, by=request.user)
            messages.success(request, _("U staat weer in de openbare ledenlijst."))
        return None


class OrganisationEditView(LoginRequiredMixin, View):
    """A representative edits the organisation and who may act or sign for it."""

    template_name = "members/organisation_form.html"

    def get_organisation(self) -> Organisation:
        return get_object_or_404(
            services.organisations_for(self.request.user), pk=self.kwargs["pk"]
        )

    def render(self, org, form=None, rep_form=None):
        context = {
            "org": org,
            "form": form or OrganisationForm(instance=org),
            "rep_form": rep_form or RepresentativeForm(),
            "representatives": org.representatives.select_related("user"),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render(self.get_organisation())

    def post(self, request, pk):
        org = self.get_organisation()
        action = request.POST.get("action", "details")
        if action == "add_representative":
            rep_form = RepresentativeForm(request.POST)
            if not rep_form.is_valid():
                return self.render(org, rep_form=rep_form)
            try:
                services.representative_add(
                    organisation=org, by=request.user, **rep_form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(rep_form, error)
                return self.render(org, rep_form=rep_form)
            messages.success(request, _("De persoon mag nu optreden voor %(org)s.") % {"org": org})
        elif action == "remove_representative":
            representative = get_object_or_404(
                org.representatives, pk=request.POST.get("representative")
            )
            try:
                services.representative_remove(representative=representative, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("De persoon treedt niet meer op voor %(org)s.") % {"org": org}
                )
                if representative.user_id == request.user.pk:
                    return redirect("mydata:my_data")
        else:
            form = OrganisationForm(request.POST, instance=org)
            if not form.is_valid():
                return self.render(org, form=form)
            form.save()
            messages.success(request, _("De gegevens van %(org)s zijn opgeslagen.") % {"org": org})
        return redirect("mydata:organisation_edit", pk=org.pk)


@login_required
def my_data(request):
    """Own organisations and memberships, data export and erasure (AVG)."""
    organisations = services.organisations_for(request.user).prefetch_related(
        "memberships__council", "memberships__geleding_rows"
    )
    return render(request, "members/my_data.html", {"organisations": organisations})


@login_required
def my_data_export(request):
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-ketenoverleg.json"'
    return response


@login_required
@require_POST
def my_data_erase(request):
    if request.POST.get("confirm") != request.user.email:
        messages.error(request, _("Typ uw e-mailadres ter bevestiging; er is niets gewist."))
        return redirect("mydata:my_data")
    services.personal_data_erase(user=request.user)
    logout(request)
    messages.success(request, _("Uw persoonsgegevens zijn gewist en uw account is gesloten."))
    return redirect("home")


# Kernteam --------------------------------------------------------------------------

BOARD_MANAGER_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}


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
                "roster_form", RosterForm(initial={"first_year": timezone.now().year + 1})
            )
            context.setdefault("reappoint_form", ReappointForm())
            context.setdefault("step_down_form", StepDownForm(initial={"on": timezone.localdate()}))
        return context


class KernteamActionView(CouncilRoleRequiredMixin, View):
    required_roles = BOARD_MANAGER_ROLES

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        handler = {
            "benoemen": self.appoint,
            "herbenoemen": self.reappoint,
            "aftreden": self.step_down,
            "rooster": self.roster,
        }.get(action)
        if handler is None:
            raise Http404
        return handler(request)

    def _page(self, **forms):
        view = KernteamView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        return view.render_to_response(view.get_context_data(**forms))

    def _appointment(self, request) -> BoardAppointment:
        return get_object_or_404(
            BoardAppointment, pk=request.POST.get("appointment"), council=self.council
        )

    def appoint(self, request):
        form = BoardAppointForm(request.POST, council=self.council)
        if not form.is_valid():
            return self._page(appoint_form=form)
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
            return self._page(appoint_form=form)
        messages.success(request, _("De benoeming is vastgelegd."))
        return redirect("members:kernteam", slug=self.council.slug)

    def reappoint(self, request):
        appointment = self._appointment(request)
        form = ReappointForm(request.POST)
        if not form.is_valid():
            return self._page(reappoint_form=form)
        try:
            services.board_reappoint(
                appointment=appointment,
                appointed_by_alv_on=form.cleaned_data["appointed_by_alv_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._page(reappoint_form=form)
        messages.success(request, _("%(name)s is herbenoemd.") % {"name": appointment.user})
        return redirect("members:kernteam", slug=self.council.slug)

    def step_down(self, request):
        appointment = self._appointment(request)
        form = StepDownForm(request.POST)
        if not form.is_valid():
            return self._page(step_down_form=form)
        try:
            services.board_step_down(
                appointment=appointment, on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._page(step_down_form=form)
        messages.success(request, _("Het aftreden is vastgelegd; de zetel is vacant."))
        return redirect("members:kernteam", slug=self.council.slug)

    def roster(self, request):
        form = RosterForm(request.POST)
        if not form.is_valid():
            return self._page(roster_form=form)
        try:
            services.roster_generate(
                council=self.council, first_year=form.cleaned_data["first_year"], by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._page(roster_form=form)
        messages.success(request, _("Het rooster van aftreden is opgesteld."))
        return redirect("members:kernteam", slug=self.council.slug)


def _rename(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """Point a service's field errors at the form's own field names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


# Contributie -----------------------------------------------------------------------

TREASURY_ROLES = {Role.PENNINGMEESTER, Role.SECRETARIS, Role.KWARTIERMAKER}


class ContributionView(CouncilRoleRequiredMixin, TemplateView):
    """The penningmeester's view of one year: rates, who paid, reminders."""

    required_roles = TREASURY_ROLES
    template_name = "members/contribution.html"

    def get_year(self) -> int:
        try:
            return int(self.request.GET.get("jaar") or self.request.POST.get("year"))
        except (TypeError, ValueError):
            return timezone.now().year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        rates = list(self.council.contribution_rates.filter(year=year))
        memberships = (
            Membership.objects.for_council(self.council)
            .admitted()
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "payments",
                    queryset=ContributionPayment.objects.filter(year=year),
                    to_attr="year_payments",
                ),
                Prefetch(
                    "reminders",
                    queryset=ContributionReminder.objects.filter(year=year),
                    to_attr="year_reminders",
                ),
            )
            .order_by("organisation__name")
        )
        rows = [
            {
                "membership": m,
                "due": services.contribution_due(m, year, rates),
                "payment": m.year_payments[0] if m.year_payments else None,
                "reminders": len(m.year_reminders),
            }
            for m in memberships
        ]
        context.update(
            year=year,
            rates=rates,
            rows=rows,
            paid_count=sum(1 for r in rows if r["payment"]),
            years=range(year - 2, year + 2),
        )
        context.setdefault(
            "rate_form", ContributionRateForm(council=self.council, initial={"year": year})
        )
        context.setdefault(
            "payment_form",
            PaymentForm(council=self.council, initial={"paid_on": timezone.localdate()}),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        year = self.get_year()
        if action == "rate":
            form = ContributionRateForm(request.POST, council=self.council)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(rate_form=form))
            form.save()
            messages.success(request, _("Het contributiebedrag is vastgelegd."))
        elif action == "payment":
            form = PaymentForm(request.POST, council=self.council)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(payment_form=form))
            try:
                services.payment_record(
                    membership=form.cleaned_data["membership"],
                    year=year,
                    amount=form.cleaned_data["amount"],
                    paid_on=form.cleaned_data["paid_on"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render_to_response(self.get_context_data(payment_form=form))
            messages.success(request, _("De betaling is vastgelegd."))
        elif action == "remind":
            try:
                count = services.reminders_send(council=self.council, year=year, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(n)s herinneringen verstuurd.") % {"n": count})
        else:
            raise Http404
        return redirect(f"{request.path}?jaar={year}")


# Elections -------------------------------------------------------------------------


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


# Werkgroepen en projectgroepen -----------------------------------------------------


class WorkGroupListView(CouncilRoleRequiredMixin, ListView):
    required_roles = INSIDER_ROLES
    template_name = "members/work_groups.html"
    context_object_name = "groups"

    def get_queryset(self):
        return WorkGroup.objects.filter(council=self.council).prefetch_related(
            Prefetch("members", queryset=Membership.objects.select_related("organisation")),
            "linking_pins",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_role(self.request.user, self.council, BOARD_MANAGER_ROLES)
        return context


class WorkGroupEditView(CouncilRoleRequiredMixin, FormView):
    required_roles = BOARD_MANAGER_ROLES
    template_name = "members/work_group_form.html"
    form_class = WorkGroupForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["council"] = self.council
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(
                WorkGroup, pk=self.kwargs["pk"], council=self.council
            )
        return kwargs

    def form_valid(self, form):
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("name", _("Er is al een groep met deze naam."))
            return self.form_invalid(form)
        messages.success(self.request, _("De groep is opgeslagen."))
        return redirect("members:work_groups", slug=self.council.slug)
