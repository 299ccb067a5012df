from django.views.generic import ListView

from ketenoverleg.exports import csv_response, json_response
from ketenoverleg.roles import (
    INSIDER_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
)
from members.filters import LedenlijstFilter
from members.models import (
    Membership,
)
from members.selectors import geleding_counts, ledenlijst_row, standing_in

LEDENLIJST_FIELDS = ["naam", "geledingen", "plaats", "website", "intentie_url", "intentie"]


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
        context["standing"] = standing_in(self.request.user, self.council)
        return context


class LedenlijstExportView(LedenlijstView):
    """CSV or JSON of exactly the fields the ledenlijst shows, with the same filters."""

    paginate_by = None
    format = "csv"

    def render_to_response(self, context, **response_kwargs):
        rows = [ledenlijst_row(m) for m in context["memberships"]]
        filename = f"ledenlijst-{self.council.slug}"
        if self.format == "json":
            return json_response(
                filename=f"{filename}.json", data={"ketenoverleg": self.council.name, "leden": rows}
            )
        return csv_response(filename=f"{filename}.csv", header=LEDENLIJST_FIELDS, rows=rows)


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
