"""Pages of the ALV and the yearly cycle. Each POST view parses one form and calls one
service; the ALV's page shows what the reader may see and do."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from alv import selectors, services
from alv.forms import (
    AnnualReportCreateForm,
    AnnualReportForm,
    AssemblyForm,
    AttendanceForm,
    BallotForm,
    BudgetLineForm,
    CheckInForm,
    ConsensusForm,
    ConveneForm,
    DecisionItemForm,
    RealisedForm,
    ResultForm,
    RulesForm,
    YearPlanForm,
)
from alv.models import (
    AnnualReport,
    Assembly,
    AssemblyRules,
    BudgetLine,
    DecisionItem,
    YearPlan,
)
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Ketenoverleg, Role
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
from members.models import Membership, MembershipStatus

# Who convenes and keeps the attendance: the secretariat and the chair.
MANAGER_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}
# Who records the votes and results (handbook: the secretaris keeps the minutes of the ALV).
RECORDER_ROLES = frozenset({Role.SECRETARIS})
# Who drafts the jaarplan and the jaarverslag.
PLAN_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
# Who keeps the budget and its realisation.
TREASURY_ROLES = frozenset({Role.PENNINGMEESTER})


def own_memberships(user, council: Ketenoverleg):
    """The admitted member organisations ``user`` represents in ``council``."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            council=council,
            status=MembershipStatus.TOEGELATEN,
            organisation__representatives__user=user,
        )
        .select_related("organisation")
        .distinct()
    )


class AssemblyListView(CouncilRoleRequiredMixin, TemplateView):
    template_name = "alv/assembly_list.html"
    required_roles = INSIDER_ROLES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assemblies"] = selectors.assemblies_for(self.council)
        context["can_manage"] = has_role(self.request.user, self.council, MANAGER_ROLES)
        context["rules"] = AssemblyRules.for_council(self.council)
        context["plans"] = YearPlan.objects.filter(council=self.council)
        context["reports"] = AnnualReport.objects.filter(council=self.council)
        context["informal"] = services.is_informal(self.council)
        return context


class AssemblyCreateView(CouncilRoleRequiredMixin, FormView):
    template_name = "alv/assembly_form.html"
    form_class = AssemblyForm
    required_roles = MANAGER_ROLES

    def form_valid(self, form):
        try:
            assembly = services.assembly_create(
                council=self.council, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De ALV is gepland. Zet de besluitpunten op de agenda."))
        return redirect(assembly.get_absolute_url())


class RulesView(CouncilRoleRequiredMixin, FormView):
    template_name = "alv/rules_form.html"
    form_class = RulesForm
    required_roles = MANAGER_ROLES

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = AssemblyRules.for_council(self.council)
        return kwargs

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.rules_set(council=self.council, by=self.request.user, **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De regels voor de ALV zijn vastgelegd."))
        return redirect("alv:list", slug=self.council.slug)


class AssemblyMixin(CouncilMixin):
    """Loads the ALV of this council; ``required_roles`` narrows who may use the view.
    The page itself is readable by whoever may see the council: its agenda and
    results are the decisions the council page links to."""

    required_roles = None

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Ketenoverleg, slug=kwargs["slug"])
        hidden = refuse_hidden_council(request, self.council)
        if hidden is not None:
            return hidden
        if self.required_roles:
            denied = require_role(request, self.council, self.required_roles)
            if denied is not None:
                return denied
        self.assembly = get_object_or_404(
            Assembly.objects.select_related("meeting", "council"),
            pk=kwargs["pk"],
            council=self.council,
        )
        return super(CouncilMixin, self).dispatch(request, *args, **kwargs)

    def get_item(self) -> DecisionItem:
        return get_object_or_404(
            DecisionItem.objects.select_related("assembly__meeting", "assembly__council"),
            pk=self.kwargs["item"],
            assembly=self.assembly,
        )

    def back(self, anchor: str = ""):
        return redirect(self.assembly.get_absolute_url() + anchor)


class AssemblyDetailView(AssemblyMixin, TemplateView):
    template_name = "alv/assembly_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, council, assembly = self.request.user, self.council, self.assembly
        is_insider = has_role(user, council, INSIDER_ROLES)
        can_manage = has_role(user, council, MANAGER_ROLES)
        can_record = has_role(user, council, RECORDER_ROLES)
        items = list(assembly.items.select_related("statute", "election__nominee__user"))
        mine = list(own_memberships(user, council))
        ballots = {}
        if mine:
            for ballot in selectors.ballots_of(assembly, mine):
                ballots.setdefault(ballot.item_id, []).append(ballot)
        started = assembly.has_started
        rows = []
        for item in items:
            row = {"item": item, "my_ballots": ballots.get(item.pk, [])}
            if is_insider and item.online_voting and started:
                # The tally is hidden until the online vote closes; who voted how only
                # for open votes (secret votes are never online).
                row["tally"] = services.online_tally(item)
                row["online_ballots"] = list(
                    item.ballots.select_related("membership__organisation").order_by(
                        "membership__organisation__name"
                    )
                )
            if mine and item.online_open and assembly.is_convened:
                mine_here = row["my_ballots"]
                row["ballot_form"] = kwargs.get(f"ballot_form_{item.pk}") or BallotForm(
                    memberships=mine,
                    prefix=f"i{item.pk}",
                    current=mine_here[0].choice if len(mine_here) == 1 else None,
                )
            if can_record and started and not item.is_decided and assembly.is_convened:
                form_class = ConsensusForm if assembly.by_consensus else ResultForm
                row["result_form"] = kwargs.get(f"result_form_{item.pk}") or form_class(
                    prefix=f"r{item.pk}"
                )
            rows.append(row)
        context.update(
            {
                "assembly": assembly,
                "meeting": assembly.meeting,
                "rows": rows,
                "is_insider": is_insider,
                "can_manage": can_manage,
                "can_record": can_record,
                "rules": AssemblyRules.for_council(council),
                "deadline": services.convocation_deadline(assembly, items),
                "today": timezone.localdate(),
                "my_memberships": mine,
            }
        )
        if can_manage and not assembly.is_convened:
            context["item_form"] = kwargs.get("item_form") or DecisionItemForm(assembly=assembly)
            context["convene_form"] = kwargs.get("convene_form") or ConveneForm()
        if mine and timezone.localdate() == assembly.date and not assembly.by_consensus:
            context["check_in_form"] = kwargs.get("check_in_form") or CheckInForm(
                memberships=own_memberships(user, council)
            )
        if is_insider:
            context["attendance"] = selectors.attendance_summary(assembly)
        return context


class ItemAddView(AssemblyDetailView):
    required_roles = MANAGER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DecisionItemForm(request.POST, assembly=self.assembly)
        if form.is_valid():
            fields = {name: value for name, value in form.cleaned_data.items() if value is not None}
            try:
                services.item_add(assembly=self.assembly, by=request.user, **fields)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Het besluitpunt staat op de agenda."))
                return self.back()
        return self.render_to_response(self.get_context_data(item_form=form), status=400)


class ItemRemoveView(AssemblyMixin, TemplateView):
    required_roles = MANAGER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.item_remove(item=self.get_item(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.back()


class ConveneView(AssemblyDetailView):
    required_roles = MANAGER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ConveneForm(request.POST)
        if form.is_valid():
            try:
                sent = services.assembly_convene(assembly=self.assembly, by=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("De oproeping is verstuurd aan %(n)s vertegenwoordigers.") % {"n": sent},
                )
                return self.back()
        return self.render_to_response(self.get_context_data(convene_form=form), status=400)


class CloseView(AssemblyMixin, TemplateView):
    """Close the ALV: the attendance register is fixed from then on."""

    required_roles = MANAGER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.assembly_close(assembly=self.assembly, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De ALV is gesloten."))
        return self.back()


class AttendanceView(AssemblyMixin, FormView):
    """The attendance register at the door, with the check-in code."""

    required_roles = MANAGER_ROLES
    template_name = "alv/attendance.html"
    form_class = AttendanceForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assembly"] = self.assembly
        context["register"] = selectors.attendance_register(self.assembly)
        context["summary"] = selectors.attendance_summary(self.assembly)
        context["rules"] = AssemblyRules.for_council(self.council)
        return context

    def form_valid(self, form):
        try:
            services.attendance_register(
                assembly=self.assembly,
                membership=form.cleaned_data["membership"],
                status=form.cleaned_data["status"],
                proxy_holder=form.cleaned_data.get("proxy_holder"),
                by=self.request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De presentielijst is bijgewerkt."))
        return redirect("alv:attendance", slug=self.council.slug, pk=self.assembly.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class CheckInView(AssemblyDetailView):
    required_roles = INSIDER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST, memberships=own_memberships(request.user, self.council))
        if form.is_valid():
            try:
                services.check_in(
                    assembly=self.assembly,
                    code=form.cleaned_data["code"],
                    membership=form.cleaned_data["membership"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("U bent aangemeld als aanwezig."))
                return self.back()
        return self.render_to_response(self.get_context_data(check_in_form=form), status=400)


class BallotView(AssemblyDetailView):
    required_roles = INSIDER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        form = BallotForm(
            request.POST,
            memberships=list(own_memberships(request.user, self.council)),
            prefix=f"i{item.pk}",
        )
        if form.is_valid():
            try:
                services.ballot_cast(
                    item=item,
                    membership=form.cleaned_data["membership"],
                    choice=form.cleaned_data["choice"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("Uw stem is vastgelegd. U kunt hem tot de ALV wijzigen.")
                )
                return self.back(f"#besluit-{item.pk}")
        context = self.get_context_data(**{f"ballot_form_{item.pk}": form})
        return self.render_to_response(context, status=400)


class ResultView(AssemblyDetailView):
    required_roles = RECORDER_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        form_class = ConsensusForm if self.assembly.by_consensus else ResultForm
        form = form_class(request.POST, prefix=f"r{item.pk}")
        if form.is_valid():
            try:
                item = services.result_record(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Uitslag vastgelegd: %(outcome)s.") % {"outcome": item.get_outcome_display()},
                )
                return self.back(f"#besluit-{item.pk}")
        context = self.get_context_data(**{f"result_form_{item.pk}": form})
        return self.render_to_response(context, status=400)


class ProposalView(AssemblyMixin, TemplateView):
    """The proposed statute version of an amendment item: for the members from the
    convocation on (the Civil Code's days for inspection), with what it changes."""

    template_name = "alv/proposal.html"
    required_roles = INSIDER_ROLES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        if item.statute_id is None:
            raise Http404
        may_prepare = has_role(self.request.user, self.council, MANAGER_ROLES)
        if not (self.assembly.is_convened or may_prepare):
            raise Http404
        context.update(
            {
                "assembly": self.assembly,
                "item": item,
                "articles": selectors.proposal_articles(item.statute),
            }
        )
        return context


# The yearly cycle -------------------------------------------------------------------


class YearMixin(CouncilMixin):
    """Loads the plan or report of ``year``; an unknown or impossible year is a 404."""

    def get_year(self) -> int:
        year = self.kwargs["year"]
        if not 1900 <= year <= 2100:
            raise Http404
        return year


class PlanCreateView(CouncilRoleRequiredMixin, FormView):
    template_name = "alv/plan_form.html"
    form_class = YearPlanForm
    required_roles = PLAN_ROLES

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["council"] = self.council
        plan = self.get_plan()
        if plan is not None:
            kwargs["instance"] = plan
        return kwargs

    def get_plan(self):
        return None

    def form_valid(self, form):
        try:
            plan = services.plan_save(form=form, by=self.request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het jaarplan is opgeslagen."))
        return redirect(plan.get_absolute_url())


class PlanEditView(YearMixin, PlanCreateView):
    def get_plan(self):
        return get_object_or_404(YearPlan, council=self.council, year=self.get_year())


class PlanDetailView(YearMixin, CouncilRoleRequiredMixin, TemplateView):
    template_name = "alv/plan_detail.html"
    required_roles = INSIDER_ROLES

    def get_plan(self):
        return get_object_or_404(
            YearPlan.objects.select_related(
                "plan_adopted_by__assembly__meeting", "budget_adopted_by__assembly__meeting"
            ).prefetch_related("issues", "projects", "packages"),
            council=self.council,
            year=self.get_year(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        context["plan"] = plan
        context["budget"] = selectors.budget_rows(plan)
        context["can_edit"] = has_role(self.request.user, self.council, PLAN_ROLES)
        context["is_treasurer"] = has_role(self.request.user, self.council, TREASURY_ROLES)
        if context["is_treasurer"] and not plan.budget_adopted_by_id:
            context["line_form"] = kwargs.get("line_form") or BudgetLineForm(plan=plan)
        if context["is_treasurer"]:
            context["realised_form"] = RealisedForm()
        return context


class BudgetLineAddView(PlanDetailView):
    required_roles = TREASURY_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        form = BudgetLineForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.budget_line_add(form=form, by=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De begrotingsregel is toegevoegd."))
                return redirect(plan.get_absolute_url())
        return self.render_to_response(self.get_context_data(line_form=form), status=400)


class RealisedView(PlanDetailView):
    required_roles = TREASURY_ROLES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        line = get_object_or_404(BudgetLine, pk=kwargs["line"], plan=plan)
        form = RealisedForm(request.POST)
        if form.is_valid():
            try:
                services.realised_set(
                    line=line, amount=form.cleaned_data["realised_entered"], by=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De realisatie is vastgelegd."))
                return redirect(plan.get_absolute_url())
        context = self.get_context_data()
        context["realised_form"] = form
        context["realised_line"] = line
        return self.render_to_response(context, status=400)


class ReportCreateView(CouncilRoleRequiredMixin, FormView):
    template_name = "alv/report_create.html"
    form_class = AnnualReportCreateForm
    required_roles = PLAN_ROLES

    def form_valid(self, form):
        try:
            report = services.report_create(
                council=self.council, year=form.cleaned_data["year"], by=self.request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        return redirect(report.get_absolute_url())


class ReportDetailView(YearMixin, TemplateView):
    """Public once the ALV adopted it; before that, for the council's insiders."""

    template_name = "alv/report_detail.html"

    def get(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            AnnualReport.objects.select_related("adopted_by__assembly__meeting", "council"),
            council=self.council,
            year=self.get_year(),
        )
        if not self.report.is_adopted:
            denied = require_role(request, self.council, INSIDER_ROLES)
            if denied is not None:
                return denied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(selectors.report_context(report))
        context["can_edit"] = not report.is_adopted and has_role(
            self.request.user, self.council, PLAN_ROLES
        )
        context["is_insider"] = has_role(self.request.user, self.council, INSIDER_ROLES)
        context["show_finances"] = report.show_finances or context["is_insider"]
        return context


class ReportEditView(YearMixin, CouncilRoleRequiredMixin, FormView):
    template_name = "alv/report_form.html"
    form_class = AnnualReportForm
    required_roles = PLAN_ROLES

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = get_object_or_404(
            AnnualReport, council=self.council, year=self.get_year()
        )
        return kwargs

    def form_valid(self, form):
        try:
            report = services.report_update(form=form, by=self.request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het jaarverslag is opgeslagen."))
        return redirect(report.get_absolute_url())
