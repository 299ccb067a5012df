from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from ketenoverleg.roles import (
    INSIDER_ROLES,
    CouncilRoleRequiredMixin,
    has_role,
)
from members.forms import (
    WorkGroupForm,
)
from members.models import (
    Membership,
    WorkGroup,
)
from members.views import BOARD_MANAGER_ROLES


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
