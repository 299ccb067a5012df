"""Pages of the ketenstatistiek: periods, the questionnaire, a member's own figures,
and the published table with its open data. Only ``SubmissionView`` ever shows an
individual figure, and only to the representatives of the organisation that gave it."""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ketenoverleg.exports import csv_response
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.roles import (
    INSIDER_ROLES,
    KERNTEAM_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
    require_role,
)
from ketenoverleg.second_factor import SecondFactorRequiredMixin
from ketenstatistiek import selectors, services
from ketenstatistiek.forms import (
    PeriodForm,
    PolicyForm,
    QuestionForm,
    ReopenForm,
    SubmissionForm,
)
from ketenstatistiek.models import Period, Question

# Who keeps the questionnaire and opens and closes a period.
MANAGER_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
# Who decides on publication and the rules, and sees why a cell is suppressed.
KERNTEAM = KERNTEAM_ROLES


def _roles(request, council) -> dict:
    user = request.user
    return {
        "insider": has_role(user, council, INSIDER_ROLES),
        "manager": has_role(user, council, MANAGER_ROLES),
        "kernteam": has_role(user, council, KERNTEAM),
    }


class PeriodListView(CouncilMixin, View):
    def get(self, request, *args, **kwargs):
        roles = _roles(request, self.council)
        periods = list(
            selectors.periods_for(self.council, insider=roles["insider"], manager=roles["manager"])
        )
        context = {
            "council": self.council,
            "periods": periods,
            "own_organisations": list(selectors.own_organisations(request.user, self.council)),
            "policy": selectors.policy_of(self.council),
            **roles,
        }
        return render(request, "ketenstatistiek/period_list.html", context)


class PeriodMixin(CouncilMixin):
    def get_period(self) -> Period:
        """The period if this visitor may see it: published ones for everybody, open and
        closed ones for members, concepts for those who keep the questionnaire."""
        period = get_object_or_404(Period, pk=self.kwargs["pk"], council=self.council)
        roles = _roles(self.request, self.council)
        if period.is_published:
            return period
        if period.status == Period.Status.CONCEPT and roles["manager"]:
            return period
        if period.status != Period.Status.CONCEPT and roles["insider"]:
            return period
        if not self.request.user.is_authenticated:
            raise _LoginFirst
        raise Http404


class _LoginFirst(Exception):
    pass


class PeriodDetailView(PeriodMixin, View):
    def context(self, period, **extra) -> dict:
        roles = _roles(self.request, self.council)
        context = {
            "council": self.council,
            "period": period,
            "policy": selectors.policy_of(self.council),
            "own_organisations": list(selectors.own_organisations(self.request.user, self.council)),
            "events": period.events.select_related("by") if roles["manager"] else [],
            **roles,
        }
        if period.is_published:
            context["table"] = selectors.published_table(period, with_reasons=roles["kernteam"])
        else:
            context["questions"] = list(period.questions.all())
            if roles["manager"] and period.status != Period.Status.CONCEPT:
                context["response_counts"] = selectors.response_counts(period)
            if roles["kernteam"] and period.status == Period.Status.GESLOTEN:
                context["preview"] = selectors.preview(period)
            if roles["manager"] and period.status == Period.Status.GESLOTEN:
                context["reopen_form"] = extra.get("reopen_form") or ReopenForm()
        return context

    def get(self, request, *args, **kwargs):
        try:
            period = self.get_period()
        except _LoginFirst:
            return require_role(request, self.council, INSIDER_ROLES)
        return render(request, "ketenstatistiek/period_detail.html", self.context(period))


class PeriodCreateView(CouncilRoleRequiredMixin, View):
    required_roles = MANAGER_ROLES

    def render(self, form):
        return render(
            self.request,
            "ketenstatistiek/period_form.html",
            {"council": self.council, "form": form},
        )

    def get(self, request, *args, **kwargs):
        return self.render(PeriodForm(council=self.council))

    def post(self, request, *args, **kwargs):
        form = PeriodForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render(form)
        try:
            period = services.period_create(
                council=self.council, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("De periode is aangemaakt. Stel nu de vragen op."))
        return redirect(period)


class QuestionFormView(CouncilRoleRequiredMixin, View):
    """Add a question to a period in concept, or change one."""

    required_roles = MANAGER_ROLES

    def get_objects(self):
        period = get_object_or_404(Period, pk=self.kwargs["pk"], council=self.council)
        question = None
        if "question" in self.kwargs:
            question = get_object_or_404(Question, pk=self.kwargs["question"], period=period)
        if period.status != Period.Status.CONCEPT:
            messages.error(
                self.request,
                _(
                    "De vragenlijst kan alleen worden gewijzigd zolang de periode in voorbereiding is."
                ),
            )
            raise _Back(period)
        return period, question

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Back as back:
            return redirect(back.period)

    def render(self, period, question, form):
        context = {"council": self.council, "period": period, "question": question, "form": form}
        return render(self.request, "ketenstatistiek/question_form.html", context)

    def get(self, request, *args, **kwargs):
        period, question = self.get_objects()
        initial = {} if question else {"position": period.questions.count() + 1}
        return self.render(period, question, QuestionForm(instance=question, initial=initial))

    def post(self, request, *args, **kwargs):
        period, question = self.get_objects()
        if question is not None and request.POST.get("action") == "delete":
            services.question_delete(question=question, by=request.user)
            messages.success(request, _("De vraag is verwijderd."))
            return redirect(period)
        form = QuestionForm(request.POST, instance=question)
        if not form.is_valid():
            return self.render(period, question, form)
        try:
            services.question_save(
                period=period, by=request.user, question=question, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(period, question, form)
        messages.success(request, _("De vraag is opgeslagen."))
        return redirect(period)


class _Back(Exception):
    def __init__(self, period):
        self.period = period


class PeriodActionView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, View):
    """POST steps of a period: open, close, reopen, publish."""

    required_roles = MANAGER_ROLES

    def post(self, request, *args, **kwargs):
        period = get_object_or_404(Period, pk=kwargs["pk"], council=self.council)
        action = kwargs["action"]
        try:
            if action == "openen":
                asked = services.period_open(period=period, by=request.user)
                messages.success(
                    request,
                    _("De periode staat open; %(n)s leden zijn om hun cijfers gevraagd.")
                    % {"n": asked},
                )
            elif action == "sluiten":
                services.period_close(period=period, by=request.user)
                messages.success(request, _("De periode is gesloten voor opgaven."))
            elif action == "heropenen":
                form = ReopenForm(request.POST)
                if not form.is_valid():
                    view = PeriodDetailView()
                    view.setup(request, **kwargs)
                    view.council = self.council
                    return render(
                        request,
                        "ketenstatistiek/period_detail.html",
                        view.context(period, reopen_form=form),
                    )
                services.period_reopen(period=period, by=request.user, **form.cleaned_data)
                messages.success(request, _("De periode staat weer open voor opgaven."))
            elif action == "publiceren":
                if not has_role(request.user, self.council, KERNTEAM):
                    raise PermissionDenied
                services.period_publish(period=period, by=request.user)
                messages.success(request, _("De tabel is gepubliceerd."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(period)


class PolicyView(CouncilRoleRequiredMixin, View):
    required_roles = KERNTEAM

    def render(self, form):
        return render(
            self.request,
            "ketenstatistiek/policy_form.html",
            {"council": self.council, "form": form},
        )

    def get(self, request, *args, **kwargs):
        return self.render(PolicyForm(instance=selectors.policy_of(self.council)))

    def post(self, request, *args, **kwargs):
        form = PolicyForm(request.POST, instance=selectors.policy_of(self.council))
        if not form.is_valid():
            return self.render(form)
        services.policy_update(council=self.council, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("De regels zijn opgeslagen; ze gelden bij de volgende publicatie.")
        )
        return redirect("ketenstatistiek:list", slug=self.council.slug)


class SubmissionView(LoginRequiredMixin, PeriodMixin, View):
    """An organisation's own figures for a period: only its representatives get here."""

    def get_organisation(self):
        organisation = selectors.own_organisations(self.request.user, self.council).filter(
            pk=self.kwargs["organisation"]
        )
        found = organisation.first()
        if found is None:
            raise Http404
        return found

    def render(self, period, organisation, form):
        context = {
            "council": self.council,
            "period": period,
            "organisation": organisation,
            "form": form,
        }
        return render(self.request, "ketenstatistiek/submission.html", context)

    def form(self, period, organisation, data=None):
        geledingen = selectors.organisation_geledingen(organisation, self.council)
        return SubmissionForm(
            data,
            questions=selectors.questions_for(period, geledingen),
            geledingen=geledingen,
            figures=selectors.own_figures(period, organisation),
        )

    def get(self, request, *args, **kwargs):
        period = self.get_period()
        organisation = self.get_organisation()
        return self.render(period, organisation, self.form(period, organisation))

    def post(self, request, *args, **kwargs):
        period = self.get_period()
        organisation = self.get_organisation()
        form = self.form(period, organisation, request.POST)
        if not form.is_valid():
            return self.render(period, organisation, form)
        try:
            count = services.submission_save(
                period=period, organisation=organisation, by=request.user, answers=form.answers()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(period, organisation, form)
        messages.success(
            request,
            _("Uw cijfers zijn vertrouwelijk opgeslagen (%(n)s ingevuld).") % {"n": count},
        )
        return redirect(
            "ketenstatistiek:submission",
            slug=self.council.slug,
            pk=period.pk,
            organisation=organisation.pk,
        )


# Open data ----------------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "periode",
    "vraag_code",
    "vraag",
    "eenheid",
    "groep",
    "aantal_bijdragers",
    "totaal",
    "gemiddelde",
    "mediaan_afgerond",
]


class OpenDataView(CouncilMixin, View):
    """The published cells of a period as CSV or JSON: suppressed cells are left out."""

    def get(self, request, *args, **kwargs):
        period = get_object_or_404(
            Period.objects.published(), pk=kwargs["pk"], council=self.council
        )
        fmt = kwargs["fmt"]
        if fmt not in {"csv", "json"}:
            raise Http404
        rows = [
            {
                "periode": period.name,
                "vraag_code": cell.question.code,
                "vraag": cell.question.label,
                "eenheid": cell.question.unit,
                "groep": cell.group_label,
                "aantal_bijdragers": cell.count,
                "totaal": cell.total,
                "gemiddelde": cell.mean,
                "mediaan_afgerond": cell.median,
            }
            for cell in selectors.published_cells_for_open_data(period)
        ]
        name = f"ketenstatistiek-{self.council.slug}-{period.pk}"
        if fmt == "json":
            body = {
                "ketenoverleg": self.council.name,
                "periode": period.name,
                "van": period.starts_on.isoformat(),
                "tot_en_met": period.ends_on.isoformat(),
                "regels": {
                    "minimum_bijdragers": period.min_contributors,
                    "dominantiegrens_procent": period.dominance_percent,
                },
                "cellen": [
                    {
                        key: str(value) if isinstance(value, Decimal) else value
                        for key, value in row.items()
                    }
                    for row in rows
                ],
            }
            response = HttpResponse(
                json.dumps(body, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
            return response
        # The site's own figures stay numbers; every text is made spreadsheet-safe.
        return csv_response(filename=f"{name}.csv", header=OPEN_DATA_FIELDS, rows=rows)
