from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from ketenoverleg.exports import csv_response
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
from members.models import WorkGroup
from projects import services
from projects.deliverables import deliverables
from projects.filters import ProjectFilter
from projects.forms import (
    AdoptForm,
    AttachmentForm,
    BudgetLineFormSet,
    CriterionFormSet,
    DirectionForm,
    FinalReportForm,
    GroupFormSet,
    IssueForm,
    IssueStatusForm,
    ProgressForm,
    ProjectForm,
    ScoreForm,
    StopForm,
)
from projects.models import Issue, Project, ProjectMember, ReportAttachment

EDITOR_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES


# Probleemlijst --------------------------------------------------------------------


class IssueListView(CouncilRoleRequiredMixin, ListView):
    """The probleemlijst, ranked by weighted score, with the spread between scorers."""

    required_roles = INSIDER_ROLES
    template_name = "projects/issue_list.html"
    paginate_by = 25

    def get_queryset(self):
        qs = Issue.objects.for_council(self.council).with_scores().select_related("council")
        status = self.request.GET.get("status")
        if status in Issue.Status.values:
            qs = qs.filter(status=status)
        criteria = services.criteria_for(self.council)
        rows = [{"issue": i, **services.issue_priority(i, criteria)} for i in qs]
        rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["issue"].title))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = Issue.Status.choices
        context["current_status"] = self.request.GET.get("status", "")
        context["querystring"] = (
            f"status={context['current_status']}" if context["current_status"] else ""
        )
        context["can_edit"] = has_role(self.request.user, self.council, EDITOR_ROLES)
        return context


class IssueCreateView(CouncilRoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def render(self, form):
        return render(
            self.request, "projects/issue_form.html", {"council": self.council, "form": form}
        )

    def get(self, request, *args, **kwargs):
        return self.render(IssueForm(initial={"raised_on": timezone.localdate()}))

    def post(self, request, *args, **kwargs):
        form = IssueForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            issue = services.issue_create(
                council=self.council, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("Het vraagstuk staat op de probleemlijst."))
        return redirect(issue)


class IssueDetailView(CouncilRoleRequiredMixin, View):
    required_roles = INSIDER_ROLES

    def get_issue(self) -> Issue:
        return get_object_or_404(
            Issue.objects.with_scores().prefetch_related("scores__user", "events__by"),
            pk=self.kwargs["pk"],
            council=self.council,
        )

    def render(self, issue, **forms):
        user = self.request.user
        criteria = services.criteria_for(self.council)
        may_score = has_role(user, self.council, KERNTEAM_ROLES)
        mine = {s.criterion_id: s.value for s in issue.scores.all() if s.user_id == user.pk}
        scorers = {}
        for score in issue.scores.all():
            scorers.setdefault(score.user, {})[score.criterion_id] = score.value
        context = {
            "council": self.council,
            "issue": issue,
            "criteria": criteria,
            "priority": services.issue_priority(issue, criteria),
            "scorers": [
                (u, [vals.get(c.pk, "–") for c in criteria]) for u, vals in scorers.items()
            ],
            "can_edit": has_role(user, self.council, EDITOR_ROLES),
            "may_score": may_score,
            "projects": issue.projects.all(),
        }
        if may_score:
            context["score_form"] = forms.get("score_form") or ScoreForm(
                criteria=criteria, initial_scores=mine
            )
        if context["can_edit"]:
            context["status_form"] = forms.get("status_form") or IssueStatusForm()
            context["direction_form"] = forms.get("direction_form") or DirectionForm()
        return render(self.request, "projects/issue_detail.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_issue())

    def post(self, request, *args, **kwargs):
        issue = self.get_issue()
        action = request.POST.get("action")
        if action == "score":
            if not has_role(request.user, self.council, KERNTEAM_ROLES):
                raise PermissionDenied
            criteria = services.criteria_for(self.council)
            form = ScoreForm(request.POST, criteria=criteria, initial_scores={})
            if not form.is_valid():
                return self.render(issue, score_form=form)
            try:
                services.scores_save(issue=issue, user=request.user, values=form.values)
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(issue, score_form=form)
            messages.success(request, _("Uw scores zijn opgeslagen."))
        elif action in {"status", "direction"}:
            if not has_role(request.user, self.council, EDITOR_ROLES):
                raise PermissionDenied
            if action == "status":
                form = IssueStatusForm(request.POST)
                if not form.is_valid():
                    return self.render(issue, status_form=form)
                try:
                    services.issue_set_status(issue=issue, by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    apply_validation_error(form, error)
                    return self.render(issue, status_form=form)
                messages.success(request, _("De status is bijgewerkt."))
            else:
                form = DirectionForm(request.POST)
                if not form.is_valid():
                    return self.render(issue, direction_form=form)
                services.direction_add(issue=issue, by=request.user, **form.cleaned_data)
                messages.success(request, _("De oplossingsrichting is toegevoegd."))
        else:
            raise Http404
        return redirect(issue)


class CriteriaView(CouncilRoleRequiredMixin, View):
    required_roles = EDITOR_ROLES

    def render(self, formset):
        return render(
            self.request,
            "projects/criteria_form.html",
            {"council": self.council, "formset": formset},
        )

    def get(self, request, *args, **kwargs):
        return self.render(CriterionFormSet(queryset=self.council.criteria.all()))

    def post(self, request, *args, **kwargs):
        formset = CriterionFormSet(request.POST, queryset=self.council.criteria.all())
        if not formset.is_valid():
            return self.render(formset)
        for form in formset.forms:
            form.instance.council = self.council
        formset.save()
        messages.success(request, _("De criteria en gewichten zijn opgeslagen."))
        return redirect("projects:issues", slug=self.council.slug)


# Projects ---------------------------------------------------------------------------


def visible_projects(request, council):
    """Insiders see every project; others the adopted ones, and a leader their own."""
    qs = Project.objects.for_council(council)
    if has_role(request.user, council, INSIDER_ROLES):
        return qs
    if request.user.is_authenticated:
        return qs.filter(~Q(status=Project.Status.CONCEPT) | Q(leader=request.user))
    return qs.public()


class ProjectListView(CouncilMixin, ListView):
    """The projectlijst: Uiver projects and the council's work groups."""

    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        base = (
            visible_projects(self.request, self.council)
            .select_related("issue", "leader", "council")
            .prefetch_related(
                Prefetch("group", queryset=ProjectMember.objects.only("project_id", "geleding")),
                "reports",
            )
        )
        self.filterset = ProjectFilter(self.request.GET or None, queryset=base, visible=base)
        return self.filterset.qs if self.filterset.is_bound else base

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        insider = has_role(self.request.user, self.council, INSIDER_ROLES)
        context.update(
            filter=self.filterset,
            querystring=self.request.GET.urlencode(),
            geledingen=Geleding.choices,
            can_edit=has_role(self.request.user, self.council, EDITOR_ROLES),
            work_groups=WorkGroup.objects.filter(council=self.council).prefetch_related(
                "linking_pins"
            )
            if insider
            else [],
        )
        return context


PROJECTLIJST_FIELDS = [
    "titel",
    "vraagstuk",
    "status",
    "start",
    "einde",
    "projectleider",
    "geledingen",
    "ontbrekend",
]


class ProjectCsvView(ProjectListView):
    paginate_by = None

    def render_to_response(self, context, **response_kwargs):
        return csv_response(
            filename=f"projectlijst-{self.council.slug}.csv",
            header=PROJECTLIJST_FIELDS,
            rows=(
                [
                    p.title,
                    p.issue.title,
                    p.get_status_display(),
                    p.starts_on.isoformat(),
                    p.ends_on.isoformat(),
                    str(p.leader),
                    [Geleding(g).label for g in p.covered_geledingen],
                    p.missing_geledingen,
                ]
                for p in context["projects"]
            ),
        )


class ProjectEditView(CouncilRoleRequiredMixin, View):
    """Create a project assignment (from an issue), or change it while it is a concept."""

    required_roles = EDITOR_ROLES

    def get_project(self) -> Project | None:
        if "pk" not in self.kwargs:
            return None
        project = get_object_or_404(Project, pk=self.kwargs["pk"], council=self.council)
        if project.status != Project.Status.CONCEPT:
            raise PermissionDenied
        return project

    def render(self, form, group):
        context = {"council": self.council, "form": form, "group": group, "project": form.instance}
        return render(self.request, "projects/project_form.html", context)

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        initial = {"starts_on": timezone.localdate(), "reporting_interval_months": 3}
        if issue_id := request.GET.get("vraagstuk"):
            initial["issue"] = issue_id
        form = ProjectForm(instance=project, initial=initial, council=self.council)
        members = (
            [{"membership": m.membership_id, "geleding": m.geleding} for m in project.group.all()]
            if project
            else []
        )
        group = GroupFormSet(initial=members, form_kwargs={"council": self.council}, prefix="groep")
        return self.render(form, group)

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = ProjectForm(request.POST, instance=project, council=self.council)
        group = GroupFormSet(request.POST, form_kwargs={"council": self.council}, prefix="groep")
        if not (form.is_valid() and group.is_valid()):
            return self.render(form, group)
        members = [
            (f.cleaned_data["membership"], f.cleaned_data["geleding"])
            for f in group.forms
            if f.cleaned_data
            and f.cleaned_data.get("membership")
            and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = services.project_save(
                project=form.save(commit=False), members=members, by=request.user
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field == "group":
                    group._non_form_errors = group.error_class(errors)
                else:
                    form.add_error(field if field in form.fields else None, errors)
            return self.render(form, group)
        messages.success(request, _("De projectopdracht is opgeslagen."))
        return redirect(saved)


class ProjectMixin(CouncilMixin):
    def get_project(self) -> Project:
        project = get_object_or_404(
            visible_projects(self.request, self.council).select_related(
                "issue", "direction", "leader"
            ),
            pk=self.kwargs["pk"],
        )
        return project


class ProjectDetailView(ProjectMixin, View):
    def render(self, project, **forms):
        user = self.request.user
        insider = has_role(user, self.council, INSIDER_ROLES)
        is_editor = has_role(user, self.council, EDITOR_ROLES)
        is_leader = user.is_authenticated and user.pk == project.leader_id
        reports = list(project.reports.prefetch_related("lines").select_related("submitted_by"))
        report_public = project.status == Project.Status.AFGEROND
        context = {
            "council": self.council,
            "project": project,
            "group": project.group.select_related("membership__organisation"),
            "covered": [Geleding(g).label for g in project.covered_geledingen],
            "missing": project.missing_geledingen,
            "reports": reports if insider or is_leader else [],
            "next_due": project.next_report_due(reports),
            "deliverables": deliverables(project, insider=insider),
            "insider": insider,
            "is_editor": is_editor,
            "is_leader": is_leader,
            "show_final_report": bool(project.final_report) and (insider or report_public),
            "attachments": project.attachments.all() if (insider or report_public) else [],
            "events": project.events.select_related("by") if insider else [],
        }
        context["overdue"] = (
            context["next_due"] is not None and context["next_due"] < timezone.localdate()
        )
        if is_editor:
            context["adopt_form"] = forms.get("adopt_form") or AdoptForm(
                initial={"adopted_on": timezone.localdate()}
            )
            context["stop_form"] = forms.get("stop_form") or StopForm()
        if is_leader:
            context["final_form"] = forms.get("final_form") or FinalReportForm(
                initial={"text": project.final_report}
            )
            context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
        return render(self.request, "projects/project_detail.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_project())

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        action = kwargs.get("action") or request.POST.get("action")
        user = request.user
        if not user.is_authenticated:
            return require_role(request, self.council, INSIDER_ROLES)
        editor_actions = {"vaststellen", "starten", "stoppen", "goedkeuren"}
        leader_actions = {"accepteren", "eindrapport", "bijlage"}
        leader_may_start = action == "starten" and user.pk == project.leader_id
        if (
            action in editor_actions
            and not has_role(user, self.council, EDITOR_ROLES)
            and not leader_may_start
        ):
            raise PermissionDenied
        if action in leader_actions and user.pk != project.leader_id:
            raise PermissionDenied
        try:
            if action == "vaststellen":
                form = AdoptForm(request.POST)
                if not form.is_valid():
                    return self.render(project, adopt_form=form)
                try:
                    services.project_adopt(project=project, by=user, **form.cleaned_data)
                except ValidationError as error:
                    apply_validation_error(form, error)
                    return self.render(project, adopt_form=form)
            elif action == "accepteren":
                services.project_accept(project=project, by=user)
            elif action == "starten":
                services.project_start(project=project, by=user)
            elif action == "stoppen":
                form = StopForm(request.POST)
                if not form.is_valid():
                    return self.render(project, stop_form=form)
                services.project_stop(project=project, by=user, **form.cleaned_data)
            elif action == "eindrapport":
                form = FinalReportForm(request.POST)
                if not form.is_valid():
                    return self.render(project, final_form=form)
                services.final_report_submit(project=project, by=user, **form.cleaned_data)
            elif action == "goedkeuren":
                services.final_report_approve(project=project, by=user)
            elif action == "bijlage":
                form = AttachmentForm(request.POST, request.FILES)
                if not form.is_valid():
                    return self.render(project, attachment_form=form)
                try:
                    services.attachment_add(
                        project=project,
                        title=form.cleaned_data["title"],
                        upload=form.cleaned_data["file"],
                        by=user,
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                    return self.render(project, attachment_form=form)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(project)
        messages.success(request, _("Vastgelegd."))
        return redirect(project)


class ProgressReportView(LoginRequiredMixin, ProjectMixin, View):
    """The project leader files a progress report (with the budget lines)."""

    def render(self, project, form, lines):
        context = {"council": self.council, "project": project, "form": form, "lines": lines}
        return render(self.request, "projects/progress_form.html", context)

    def get_leader_project(self) -> Project:
        project = self.get_project()
        if self.request.user.pk != project.leader_id:
            raise PermissionDenied
        return project

    def get(self, request, *args, **kwargs):
        project = self.get_leader_project()
        return self.render(project, ProgressForm(), BudgetLineFormSet(prefix="post"))

    def post(self, request, *args, **kwargs):
        project = self.get_leader_project()
        form = ProgressForm(request.POST)
        lines = BudgetLineFormSet(request.POST, prefix="post")
        if not (form.is_valid() and lines.is_valid()):
            return self.render(project, form, lines)
        line_data = [f.cleaned_data for f in lines.forms if f.cleaned_data]
        try:
            services.progress_report_submit(
                project=project, by=request.user, lines=line_data, **form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                form.add_error(None, error)
                return self.render(project, form, lines)
            for field, errors in error.message_dict.items():
                if field == "lines":
                    lines._non_form_errors = lines.error_class(errors)
                else:
                    form.add_error(field if field in form.fields else None, errors)
            return self.render(project, form, lines)
        messages.success(request, _("Het voortgangsbericht is ingediend."))
        return redirect(project)


class AttachmentDownloadView(ProjectMixin, View):
    def get(self, request, *args, **kwargs):
        project = self.get_project()
        insider = has_role(request.user, self.council, INSIDER_ROLES)
        if not (insider or project.status == Project.Status.AFGEROND):
            raise Http404
        attachment = get_object_or_404(ReportAttachment, pk=kwargs["attachment"], project=project)
        return FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.file.name.rsplit("/", 1)[-1],
        )
