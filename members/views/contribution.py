from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ketenoverleg.forms import YearField, apply_validation_error
from ketenoverleg.roles import (
    CouncilRoleRequiredMixin,
)
from ketenoverleg.second_factor import require_second_factor
from members import services
from members.forms import (
    ContributionRateForm,
    PaymentForm,
)
from members.models import (
    ContributionPayment,
    ContributionReminder,
    Membership,
)
from members.views import TREASURY_ROLES


class ContributionView(CouncilRoleRequiredMixin, TemplateView):
    """The penningmeester's view of one year: rates, who paid, reminders."""

    required_roles = TREASURY_ROLES
    template_name = "members/contribution.html"

    def get_year(self) -> int:
        """The year asked for; this year when none is, or one no one could mean."""
        try:
            return YearField().clean(self.request.GET.get("jaar") or self.request.POST.get("year"))
        except ValidationError:
            return timezone.localdate().year

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
            "rate_form",
            ContributionRateForm(
                council=self.council, initial={"year": year}, auto_id="id_rate_%s"
            ),
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
            form = ContributionRateForm(request.POST, council=self.council, auto_id="id_rate_%s")
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
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
            try:
                count = services.reminders_send(council=self.council, year=year, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(n)s herinneringen verstuurd.") % {"n": count})
        else:
            raise Http404
        return redirect(f"{request.path}?jaar={year}")
