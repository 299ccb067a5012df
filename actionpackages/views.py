from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from actionpackages import charts, invitation_sources, reviews, selectors, services
from actionpackages.forms import (
    ActionFormSet,
    AmendmentForm,
    CandidatesForm,
    DecisionForm,
    IndicatorForm,
    InvitationForm,
    MeasurementForm,
    NoteForm,
    OpenForm,
    PackageForm,
    ReviewReportForm,
    SignForm,
    WithdrawForm,
)
from actionpackages.models import (
    Amendment,
    Commitment,
    CommitmentReport,
    ImprovementPlan,
    Indicator,
    Package,
    ProposedIndicator,
    Signature,
)
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Geleding
from ketenoverleg.roles import (
    INSIDER_ROLES,
    KERNTEAM_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
    require_role,
)
from ketenoverleg.second_factor import require_second_factor

EDITOR_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES


def visible_packages(user, council):
    qs = Package.objects.for_council(council)
    return qs if has_role(user, council, INSIDER_ROLES) else qs.public()


class PackageListView(CouncilMixin, ListView):
    template_name = "actionpackages/package_list.html"
    context_object_name = "packages"
    paginate_by = 25

    def get_queryset(self):
        return (
            visible_packages(self.request.user, self.council)
            .select_related("council", "project")
            .annotate(
                signature_count=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True))
            )
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = has_role(self.request.user, self.council, EDITOR_ROLES)
        return context


class PackageCreateView(CouncilRoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def render(self, form):
        return render(
            self.request,
            "actionpackages/package_form.html",
            {"council": self.council, "form": form},
        )

    def get(self, request, *args, **kwargs):
        initial = {"project": request.GET.get("project")} if request.GET.get("project") else {}
        return self.render(PackageForm(council=self.council, initial=initial))

    def post(self, request, *args, **kwargs):
        form = PackageForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render(form)
        try:
            package = services.package_create(
                council=self.council, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(
            request, _("Het actiepakket is aangemaakt; voeg nu de acties per geleding toe.")
        )
        return redirect("actionpackages:edit", slug=self.council.slug, pk=package.pk)


class PackageMixin(CouncilMixin):
    def get_package(self) -> Package:
        return get_object_or_404(
            visible_packages(self.request.user, self.council).select_related(
                "project", "launch_meeting", "based_on__council"
            ),
            pk=self.kwargs["pk"],
        )


# Signatures on the package page itself; the rest are on the signatories page.
SHOWN_SIGNATURES = 10
SIGNATORIES_PER_PAGE = 50


class SignatoryListView(PackageMixin, View):
    """Every active signature of a public package, 50 to a page (``?page=2``)."""

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        if not package.is_public:
            raise Http404
        paginator = Paginator(selectors.signatories(package), SIGNATORIES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context = {"council": self.council, "package": package, "page": page}
        return render(request, "actionpackages/signatories.html", context)


class PackageDetailView(PackageMixin, View):
    def context(self, package, **forms) -> dict:
        user = self.request.user
        insider = has_role(user, self.council, INSIDER_ROLES)
        can_edit = has_role(user, self.council, EDITOR_ROLES)
        actions = list(package.actions.prefetch_related("reinforces"))
        columns = [
            {
                "key": g.value,
                "label": g.label,
                "actions": [a for a in actions if a.geleding == g.value],
            }
            for g in Geleding
        ]
        participation = selectors.participation(package)
        indicators = list(package.indicators.prefetch_related("measurements"))
        indicator_views = []
        for indicator in indicators:
            series = selectors.indicator_series(indicator)
            indicator_views.append(
                {
                    "indicator": indicator,
                    "series": series,
                    "chart": charts.line_chart(
                        title=f"{indicator.name} ({indicator.unit})",
                        unit=indicator.unit,
                        points=[(d, v) for d, v, _s in series["points"]],
                        baseline=indicator.baseline_value,
                        target=indicator.target_value,
                        chart_id=f"indicator-{indicator.pk}",
                    ),
                }
            )
        context = {
            "council": self.council,
            "package": package,
            "columns": columns,
            "links": [(a, b) for a in actions for b in a.reinforces.all() if a.pk < b.pk],
            "missing": [c["label"] for c in columns if not c["actions"]],
            "versions": list(package.versions.all()),
            # The newest few; the whole list is on its own paginated page (and open data).
            "signatures": list(
                selectors.signatories(package, newest_first=True)[:SHOWN_SIGNATURES]
            ),
            "signature_count": package.signatures.active().count(),
            "participation": participation,
            "participation_chart": charts.participation_chart(
                title=_("Deelname per geleding"), rows=participation, chart_id="participation"
            ),
            "indicators": indicator_views,
            "insider": insider,
            "can_edit": can_edit,
            "events": package.events.select_related("by") if insider else [],
            "proposed_indicators": (
                list(package.proposed_indicators.filter(indicator__isnull=True)) if insider else []
            ),
            "copy_count": package.copies.count() if insider else 0,
        }
        amendments = (
            list(package.amendments.select_related("action", "organisation", "proposed_by"))
            if insider
            else []
        )
        context["amendments"] = amendments
        context["show_amendments"] = insider and (
            bool(amendments) or package.status == Package.Status.CONSULTATIE
        )
        if insider and package.status == Package.Status.CONSULTATIE:
            context["amendment_form"] = forms.get("amendment_form") or AmendmentForm(
                package=package
            )
        if can_edit:
            context["open_form"] = forms.get("open_form") or OpenForm(
                initial={"starts_on": package.starts_on}
            )
            context["note_form"] = forms.get("note_form") or NoteForm()
            # One form per open amendment, each with its own field ids.
            context["decision_forms"] = {
                am.pk: DecisionForm(prefix=f"am{am.pk}")
                for am in amendments
                if am.decision == Amendment.Decision.OPEN
            }
        if package.is_public:
            context["signing"] = selectors.signing_state(package, user)
            context["review_summary"] = selectors.review_summary(package)
        return context

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        return render(request, "actionpackages/package_detail.html", self.context(package))


class PackageEditView(CouncilRoleRequiredMixin, View):
    """The package text and its actions per geleding, with the synergy links."""

    required_roles = EDITOR_ROLES

    def get_package(self) -> Package:
        package = get_object_or_404(Package, pk=self.kwargs["pk"], council=self.council)
        try:
            services.ensure_editable(package)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            raise _Back(package) from None
        return package

    def render(self, package, form, formset):
        context = {"council": self.council, "package": package, "form": form, "formset": formset}
        return render(self.request, "actionpackages/package_edit.html", context)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Back as back:
            return redirect(back.package)

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        return self.render(
            package,
            PackageForm(instance=package, council=self.council),
            ActionFormSet(instance=package),
        )

    def post(self, request, *args, **kwargs):
        package = self.get_package()
        form = PackageForm(request.POST, instance=package, council=self.council)
        formset = ActionFormSet(request.POST, instance=package)
        if not (form.is_valid() and formset.is_valid()):
            return self.render(package, form, formset)
        form.save()
        formset.save()
        messages.success(request, _("Het actiepakket is opgeslagen."))
        missing = services.missing_geledingen(package)
        if missing:
            messages.warning(request, _("Nog zonder actie: %(g)s.") % {"g": ", ".join(missing)})
        return redirect(package)


class _Back(Exception):
    def __init__(self, package):
        self.package = package


class PackageActionView(PackageMixin, View):
    """POST steps of the lifecycle and of the consultation."""

    def post(self, request, *args, **kwargs):
        package = self.get_package()
        action = kwargs["action"]
        user = request.user
        if not user.is_authenticated:
            return require_role(request, self.council, INSIDER_ROLES)
        editor = has_role(user, self.council, EDITOR_ROLES)
        view = PackageDetailView()
        view.setup(request, **kwargs)
        view.council = self.council

        def page(**forms):
            return render(
                request, "actionpackages/package_detail.html", view.context(package, **forms)
            )

        try:
            if action == "voorstel":
                if not has_role(user, self.council, INSIDER_ROLES):
                    raise PermissionDenied
                form = AmendmentForm(request.POST, package=package)
                if not form.is_valid():
                    return page(amendment_form=form)
                services.amendment_propose(package=package, by=user, **form.cleaned_data)
                messages.success(request, _("Uw wijzigingsvoorstel is ingediend."))
                return redirect(package)
            if not editor:
                raise PermissionDenied
            if action in {"consultatie", "openen"}:
                waiting = require_second_factor(request)
                if waiting is not None:
                    return waiting
            if action == "consultatie":
                services.package_consult(package=package, by=user)
            elif action == "vaststellen":
                services.package_adopt(package=package, by=user)
            elif action == "openen":
                form = OpenForm(request.POST)
                if not form.is_valid():
                    return page(open_form=form)
                services.package_open(package=package, by=user, **form.cleaned_data)
            elif action == "herzien":
                form = NoteForm(request.POST)
                if not form.is_valid():
                    return page(note_form=form)
                services.package_revise(package=package, by=user, **form.cleaned_data)
            elif action == "starten":
                services.package_start(package=package, by=user)
            elif action == "afsluiten":
                form = NoteForm(request.POST)
                if not form.is_valid():
                    return page(note_form=form)
                services.package_close(package=package, by=user, **form.cleaned_data)
            elif action == "besluit":
                amendment = get_object_or_404(
                    Amendment, pk=request.POST.get("amendment"), package=package
                )
                form = DecisionForm(request.POST, prefix=f"am{amendment.pk}")
                if not form.is_valid():
                    messages.error(
                        request, _("Kies overnemen of niet overnemen en geef een motivering.")
                    )
                    return redirect(package)
                services.amendment_decide(amendment=amendment, by=user, **form.cleaned_data)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(package)
        messages.success(request, _("Vastgelegd."))
        return redirect(package)


class VersionView(PackageMixin, View):
    def get(self, request, *args, **kwargs):
        package = self.get_package()
        versions = list(package.versions.all())
        current = next((v for v in versions if v.number == kwargs["number"]), None)
        if current is None:
            raise Http404
        previous = next((v for v in versions if v.number == current.number - 1), None)
        context = {
            "council": self.council,
            "package": package,
            "version": current,
            "previous": previous,
            "diff": services.version_diff(previous, current),
        }
        return render(request, "actionpackages/version.html", context)


class ConsultationReportView(CouncilRoleRequiredMixin, View):
    required_roles = INSIDER_ROLES

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        context = {
            "council": self.council,
            "package": package,
            "amendments": package.amendments.select_related("action", "organisation", "decided_by"),
        }
        return render(request, "actionpackages/consultation_report.html", context)


class SignView(LoginRequiredMixin, PackageMixin, View):
    """Sign for one organisation at a time, on the actions of its own geledingen only.

    Who cannot sign (no signing authority, not a member, already signed, a package that
    is not signable) sees why instead of a form; a forged POST is refused the same way.
    """

    def render(self, package, state, option=None, form=None):
        context = {
            "council": self.council,
            "package": package,
            "state": state,
            "option": option,
            "form": form,
            "version": package.versions.order_by("-number").first(),
        }
        return render(self.request, "actionpackages/sign.html", context)

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        state = selectors.signing_state(package, request.user)
        if not state.can_sign:
            return self.render(package, state)
        option = state.option_for(request.GET.get("namens")) or state.open_options[0]
        return self.render(package, state, option, SignForm(option=option))

    def post(self, request, *args, **kwargs):
        package = self.get_package()
        state = selectors.signing_state(package, request.user)
        if not state.can_sign:
            return self.render(package, state)
        # An organisation the user cannot sign for (forged, or signed meanwhile) fails
        # the form's organisation field: it offers only the one chosen here.
        option = state.option_for(request.POST.get("organisation")) or state.open_options[0]
        form = SignForm(request.POST, option=option)
        if not form.is_valid():
            return self.render(package, state, option, form)
        try:
            signature = services.sign(
                package=package,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                actions=list(form.cleaned_data["actions"]),
                remark=form.cleaned_data["remark"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(package, state, option, form)
        if signature.joined_late:
            messages.success(
                request,
                _(
                    "Dank u: %(org)s heeft zich alsnog aangesloten en de intentieverklaring ondertekend."
                )
                % {"org": signature.organisation},
            )
        else:
            messages.success(request, _("Dank u: de intentieverklaring is ondertekend."))
        return redirect(package)


class SignatureView(LoginRequiredMixin, PackageMixin, View):
    """A signatory's own page: the yearly review of its committed actions (with
    improvement plans and their follow-up), earlier reports, and withdrawing."""

    def get_signature(self, package) -> Signature:
        signature = get_object_or_404(
            Signature.objects.active().select_related("organisation"),
            pk=self.kwargs["signature"],
            package=package,
        )
        if not signature.organisation.representatives.filter(user=self.request.user).exists():
            raise PermissionDenied
        return signature

    def render(self, package, signature, *, withdraw_form=None, bound=None):
        review = reviews.current_review(package)
        row = None
        forms = []
        if review is not None:
            [row] = selectors.review_rows(
                package, review, signatures=package.signatures.filter(pk=signature.pk)
            )
            for item in row.commitments:
                pk = item.commitment.pk
                if bound is not None and bound.prefix == f"c{pk}":
                    form = bound
                else:
                    initial = (
                        {"status": item.report.status, "note": item.report.note}
                        if item.report
                        else {}
                    )
                    if item.plan:
                        initial.update(
                            plan_what=item.plan.what,
                            plan_who=item.plan.who,
                            plan_due_on=item.plan.due_on,
                        )
                    form = ReviewReportForm(prefix=f"c{pk}", item=item, initial=initial)
                forms.append((item, form))
        context = {
            "council": self.council,
            "package": package,
            "signature": signature,
            "review": review,
            "next_review": reviews.next_review(package),
            "row": row,
            "forms": forms,
            "history": CommitmentReport.objects.filter(commitment__signature=signature)
            .select_related("commitment__action", "reported_by")
            .order_by("-review_number", "commitment__action__position", "pk"),
            "plans": ImprovementPlan.objects.filter(commitment__signature=signature)
            .select_related("commitment__action")
            .order_by("-review_number", "pk"),
            "withdraw_form": withdraw_form or WithdrawForm(),
        }
        return render(self.request, "actionpackages/signature.html", context)

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        return self.render(package, self.get_signature(package))

    def post(self, request, *args, **kwargs):
        package = self.get_package()
        signature = self.get_signature(package)
        if request.POST.get("action") == "withdraw":
            form = WithdrawForm(request.POST)
            if not form.is_valid():
                return self.render(package, signature, withdraw_form=form)
            services.signature_withdraw(signature=signature, by=request.user, **form.cleaned_data)
            messages.success(request, _("De ondertekening is ingetrokken."))
            return redirect(package)
        commitment = get_object_or_404(
            Commitment, pk=request.POST.get("commitment"), signature=signature
        )
        review = reviews.current_review(package)
        if review is None:
            messages.error(request, _("Er staat nu geen jaarlijkse melding open."))
            return redirect(request.path)
        [row] = selectors.review_rows(
            package, review, signatures=package.signatures.filter(pk=signature.pk)
        )
        item = next(i for i in row.commitments if i.commitment.pk == commitment.pk)
        form = ReviewReportForm(request.POST, prefix=f"c{commitment.pk}", item=item)
        if not form.is_valid():
            return self.render(package, signature, bound=form)
        try:
            services.commitment_review_report(
                commitment=commitment, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(package, signature, bound=form)
        messages.success(request, _("Uw melding is vastgelegd."))
        return redirect(request.path)


class ReviewOverviewView(CouncilRoleRequiredMixin, View):
    """The kernteam's view of the yearly review of one package: who reported, who is
    late, and which improvement plans are open."""

    required_roles = EDITOR_ROLES

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(
            Package.objects.select_related("council"), pk=kwargs["pk"], council=self.council
        )
        current = reviews.current_review(package)
        number = current.number if current else 0
        try:
            asked = int(request.GET.get("ronde", number))
        except ValueError:
            asked = number
        review = reviews.review(package, asked) if 1 <= asked <= number else current
        rows = selectors.review_rows(package, review) if review else []
        due = [r for r in rows if r.due]
        context = {
            "council": self.council,
            "package": package,
            "review": review,
            "rounds": range(1, number + 1),
            "next_review": reviews.next_review(package),
            "rows": rows,
            "counts": {
                "total": len(due),
                "complete": sum(1 for r in due if r.complete),
                "late": sum(1 for r in due if r.late),
                "behind": sum(1 for r in due if r.behind),
            },
            "open_plans": selectors.open_improvement_plans(package),
        }
        return render(request, "actionpackages/reviews.html", context)


class InvitationView(CouncilRoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def render(self, package, form, candidates_form=None):
        candidates = invitation_sources.candidates(package)
        context = {
            "council": self.council,
            "package": package,
            "form": form,
            "invitations": package.invitations.all(),
            "candidates_form": candidates_form or CandidatesForm(candidates=candidates),
            "has_candidates": bool(candidates),
        }
        return render(self.request, "actionpackages/invitations.html", context)

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        return self.render(package, InvitationForm())

    def post(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        if request.POST.get("action") == "candidates":
            form = CandidatesForm(request.POST, candidates=invitation_sources.candidates(package))
            if not form.is_valid():
                return self.render(package, InvitationForm(), candidates_form=form)
            try:
                count = services.invitations_add_candidates(
                    package=package, keys=form.cleaned_data["keys"], by=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(package, InvitationForm(), candidates_form=form)
            messages.success(request, _("%(n)s partij(en) op de lijst gezet.") % {"n": count})
            return redirect("actionpackages:invitations", slug=self.council.slug, pk=package.pk)
        if request.POST.get("action") == "send":
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
            try:
                count = services.invitations_send(package=package, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(n)s uitnodigingen verstuurd.") % {"n": count})
            return redirect("actionpackages:invitations", slug=self.council.slug, pk=package.pk)
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.render(package, form)
        try:
            services.invitation_add(package=package, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(package, form)
        messages.success(request, _("De partij staat op de lijst."))
        return redirect("actionpackages:invitations", slug=self.council.slug, pk=package.pk)


class IndicatorCreateView(CouncilRoleRequiredMixin, View):
    """A new trend indicator; ``?voorstel=<pk>`` starts from the protocol that came with
    a copied package, so only the local baseline remains to be entered."""

    required_roles = EDITOR_ROLES

    def get_proposal(self, package) -> ProposedIndicator | None:
        pk = self.request.GET.get("voorstel")
        if not pk:
            return None
        return get_object_or_404(
            ProposedIndicator, pk=pk if pk.isdigit() else 0, package=package, indicator=None
        )

    def render(self, package, form, proposal):
        return render(
            self.request,
            "actionpackages/indicator_form.html",
            {"council": self.council, "package": package, "form": form, "proposal": proposal},
        )

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        proposal = self.get_proposal(package)
        initial = proposal.protocol() if proposal else None
        return self.render(package, IndicatorForm(initial=initial, council=self.council), proposal)

    def post(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        proposal = self.get_proposal(package)
        form = IndicatorForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render(package, form, proposal)
        try:
            indicator = services.indicator_add(
                package=package, by=request.user, proposal=proposal, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(package, form, proposal)
        messages.success(request, _("De trendindicator staat op de trendlijst."))
        return redirect(indicator)


class IndicatorView(CouncilMixin, View):
    def get_indicator(self) -> Indicator:
        indicator = get_object_or_404(
            Indicator.objects.select_related("package").prefetch_related("measurements"),
            pk=self.kwargs["pk"],
            package__council=self.council,
        )
        if not (
            indicator.package.is_public or has_role(self.request.user, self.council, INSIDER_ROLES)
        ):
            raise Http404
        return indicator

    def render(self, indicator, form=None):
        series = selectors.indicator_series(indicator)
        can_edit = has_role(self.request.user, self.council, EDITOR_ROLES)
        context = {
            "council": self.council,
            "indicator": indicator,
            "series": series,
            "chart": charts.line_chart(
                title=f"{indicator.name} ({indicator.unit})",
                unit=indicator.unit,
                points=[(d, v) for d, v, _s in series["points"]],
                baseline=indicator.baseline_value,
                target=indicator.target_value,
                chart_id=f"indicator-{indicator.pk}",
            ),
            "can_edit": can_edit,
            # A computed indicator measures itself: nothing to type in.
            "form": (form or MeasurementForm(initial={"measured_on": timezone.localdate()}))
            if can_edit and not indicator.is_computed
            else None,
        }
        return render(self.request, "actionpackages/indicator.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_indicator())

    def post(self, request, *args, **kwargs):
        denied = require_role(request, self.council, EDITOR_ROLES)
        if denied:
            return denied
        indicator = self.get_indicator()
        if indicator.is_computed:
            messages.error(request, services.COMPUTED_REFUSAL)
            return redirect(indicator)
        form = MeasurementForm(request.POST)
        if not form.is_valid():
            return self.render(indicator, form)
        try:
            services.measurement_add(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(indicator, form)
        messages.success(request, _("De meting is vastgelegd."))
        return redirect(indicator)


class TrendlijstView(CouncilMixin, ListView):
    """All trend indicators of the council with their latest value and direction."""

    template_name = "actionpackages/trendlijst.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        # The database pages the indicators; measurements and series are computed for
        # the page shown only (get_context_data), not for every indicator of the council.
        return (
            Indicator.objects.filter(package__in=visible_packages(self.request.user, self.council))
            .select_related("package__council")
            .prefetch_related("measurements")
            .order_by("package__title", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [{"indicator": i, **selectors.indicator_series(i)} for i in context["object_list"]]
        context["rows"] = context["object_list"] = rows
        return context
