import csv
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from ketenoverleg.models import Geleding
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
    OrganisationForm,
    ReviewForm,
)
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation

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
    return [
        {"key": g.value, "label": g.label, "count": counts.get(g.value, 0)} for g in Geleding
    ]


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
            _("Uw aanvraag is ontvangen. Het kernteam beoordeelt haar; u krijgt bericht per e-mail."),
        )
        return redirect(membership.get_absolute_url())


class FollowView(LoginRequiredMixin, CouncilMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.membership_follow(council=self.council, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("U volgt nu dit ketenoverleg: u ontvangt nieuws en publicaties."))
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
    template_name = "members/organisation_form.html"

    def get_organisation(self) -> Organisation:
        return get_object_or_404(
            services.organisations_for(self.request.user), pk=self.kwargs["pk"]
        )

    def get(self, request, pk):
        org = self.get_organisation()
        return render(request, self.template_name, {"form": OrganisationForm(instance=org), "org": org})

    def post(self, request, pk):
        org = self.get_organisation()
        form = OrganisationForm(request.POST, instance=org)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "org": org})
        form.save()
        messages.success(request, _("De gegevens van %(org)s zijn opgeslagen.") % {"org": org})
        return redirect("mydata:my_data")


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
        messages.error(
            request, _("Typ uw e-mailadres ter bevestiging; er is niets gewist.")
        )
        return redirect("mydata:my_data")
    services.personal_data_erase(user=request.user)
    logout(request)
    messages.success(request, _("Uw persoonsgegevens zijn gewist en uw account is gesloten."))
    return redirect("home")
