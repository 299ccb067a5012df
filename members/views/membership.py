from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from ketenoverleg.forms import apply_validation_error
from ketenoverleg.ratelimit import RateLimitMixin
from ketenoverleg.roles import (
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
)
from members import prefill, services
from members.forms import (
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    OrganisationForm,
    ReviewForm,
)
from members.models import (
    Membership,
    MembershipStatus,
)
from members.views import REVIEWER_ROLES


class ApplyView(LoginRequiredMixin, RateLimitMixin, CouncilMixin, FormView):
    template_name = "members/apply.html"
    form_class = ApplicationForm
    rate_limit_action = "apply"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisations"] = services.organisations_for(self.request.user)
        return kwargs

    def prefill(self):
        """What an invitation from relatiebeheer (``?via=``) fills in, if anything."""
        if not hasattr(self, "_prefill"):
            reference = self.request.GET.get("via", "")
            self._prefill = (reference, prefill.prefill_for(self.council, reference))
        return self._prefill

    def get_initial(self):
        reference, filled = self.prefill()
        if filled is None:
            return super().get_initial()
        return {"geledingen": filled.geledingen, "reference": reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "org_form" not in context:
            _reference, filled = self.prefill()
            initial = filled.organisation if filled else None
            context["org_form"] = OrganisationForm(prefix="org", initial=initial)
        context["open_membership"] = services.open_membership(
            council=self.council, user=self.request.user
        )
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
                reference=form.cleaned_data["reference"],
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


class FollowView(LoginRequiredMixin, RateLimitMixin, CouncilMixin, View):
    rate_limit_action = "follow"

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
        year = timezone.localdate().year
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
    """A POST on a membership: calls one service and returns to the membership page.

    Subclasses say who may act (``allowed``) and do it in ``act``, which returns a
    response (the page with the form's errors) or ``None`` to go back to the page.
    """

    http_method_names = ["post"]

    def allowed(self) -> bool:
        raise NotImplementedError

    def act(self, request):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_membership()
        if not self.allowed():
            raise PermissionDenied
        try:
            response = self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.object.get_absolute_url())
        return response or redirect(self.object.get_absolute_url())

    def render_page(self, **forms):
        view = MembershipDetailView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        view.object = self.object
        view.is_representative = self.is_representative
        view.is_reviewer = self.is_reviewer
        return view.render_to_response(view.get_context_data(**forms))


class ReviewView(MembershipActionView):
    """The kernteam admits or refuses an application, with the four checks."""

    def allowed(self) -> bool:
        return self.is_reviewer

    def act(self, request):
        form = ReviewForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render_page(review_form=form)
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
            return self.render_page(review_form=form)
        return None


class AppealView(MembershipActionView):
    """A refused applicant appeals, once."""

    def allowed(self) -> bool:
        return self.is_representative

    def act(self, request):
        form = AppealForm(request.POST)
        if not form.is_valid():
            return self.render_page(appeal_form=form)
        services.membership_appeal(
            membership=self.object, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("Uw beroep is ingediend. Het kernteam beslist erover."))
        return None


class AppealDecisionView(MembershipActionView):
    def allowed(self) -> bool:
        return self.is_reviewer

    def act(self, request):
        form = AppealDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_page(appeal_decision_form=form)
        services.appeal_decide(
            membership=self.object,
            admit=form.cleaned_data["admit"],
            decision=form.cleaned_data["decision"],
            by=request.user,
        )
        messages.success(request, _("De uitspraak in beroep is vastgelegd."))
        return None


class EndView(MembershipActionView):
    """A member ends its membership, after confirming."""

    def allowed(self) -> bool:
        return self.is_representative

    def act(self, request):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Bevestig dat u het lidmaatschap wilt opzeggen."))
            return None
        services.membership_end(membership=self.object, by=request.user)
        messages.success(request, _("Het lidmaatschap is per direct beëindigd."))
        return None


class ConsentView(MembershipActionView):
    """A member withdraws or gives its consent to the public ledenlijst."""

    def allowed(self) -> bool:
        return self.is_representative

    def act(self, request):
        if request.POST.get("consent") == "withdraw":
            services.listing_consent_withdraw(membership=self.object, by=request.user)
            messages.success(request, _("U staat niet meer in de openbare ledenlijst."))
        else:
            services.listing_consent_give(membership=self.object, by=request.user)
            messages.success(request, _("U staat weer in de openbare ledenlijst."))
        return None


class UnknownActionView(MembershipActionView):
    def allowed(self) -> bool:
        return False


MEMBERSHIP_ACTIONS = {
    "review": ReviewView.as_view(),
    "appeal": AppealView.as_view(),
    "appeal_decision": AppealDecisionView.as_view(),
    "end": EndView.as_view(),
    "consent": ConsentView.as_view(),
}
UNKNOWN_ACTION = UnknownActionView.as_view()


def membership_action(request, *, slug: str, pk: int, action: str):
    """``lidmaatschap/<pk>/<action>/``: the view of that action; an unknown one is refused."""
    view = MEMBERSHIP_ACTIONS.get(action, UNKNOWN_ACTION)
    return view(request, slug=slug, pk=pk)
