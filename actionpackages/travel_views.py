"""Packages that travel (handbook 1.3 and 5.5): examples that other councils copy, the
source council's view of where its package was reused, and the provincial council
that sees its local councils together and proposes a package to all of them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from actionpackages import selectors, services
from actionpackages.forms import ProposeForm
from actionpackages.models import Package, PackageProposal
from actionpackages.views import EDITOR_ROLES
from ketenoverleg.roles import INSIDER_ROLES, CouncilRoleRequiredMixin
from ketenoverleg.second_factor import SecondFactorRequiredMixin


class ExampleListView(CouncilRoleRequiredMixin, ListView):
    """Example packages of other councils, to copy as a draft of this council's own."""

    required_roles = EDITOR_ROLES
    template_name = "actionpackages/examples.html"
    context_object_name = "examples"
    paginate_by = 25

    def get_queryset(self):
        return (
            services.examples_for(self.council)
            .select_related("council")
            .annotate(
                action_count=Count("actions", distinct=True),
                signature_count=Count(
                    "signatures",
                    filter=Q(signatures__withdrawn_at__isnull=True),
                    distinct=True,
                ),
                copy_count=Count("copies", distinct=True),
            )
            .order_by("council__product_category", "title", "pk")
        )

    def post(self, request, *args, **kwargs):
        source = get_object_or_404(Package, pk=request.POST.get("package"))
        try:
            copy = services.package_copy(source=source, council=self.council, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("actionpackages:examples", slug=self.council.slug)
        messages.success(
            request,
            _("Het pakket is overgenomen als concept; pas het aan aan uw eigen werkgebied."),
        )
        return redirect(copy)


class ExampleView(CouncilRoleRequiredMixin, View):
    """POST: offer a public package as an example, or stop offering it."""

    required_roles = EDITOR_ROLES

    def post(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        try:
            if request.POST.get("action") == "withdraw":
                services.package_example_withdraw(package=package, by=request.user)
                messages.success(request, _("Het pakket is geen voorbeeld meer."))
            else:
                services.package_example_publish(package=package, by=request.user)
                messages.success(
                    request, _("Andere ketenoverleggen kunnen dit pakket nu overnemen.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(package)


class ReuseView(CouncilRoleRequiredMixin, View):
    """Where this council's package was copied, with participation and effect."""

    required_roles = INSIDER_ROLES

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(Package, pk=kwargs["pk"], council=self.council)
        context = {
            "council": self.council,
            "package": package,
            "rows": selectors.reuse_rows(package),
            "source_indicators": list(package.indicators.all()),
        }
        return render(request, "actionpackages/reuse.html", context)


class LocalCouncilsView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, View):
    """A provincial council's local councils together: their probleemlijsten and
    packages, and the form to propose one of its packages to all of them."""

    required_roles = EDITOR_ROLES

    def proposable(self):
        return Package.objects.filter(
            council=self.council, status__in=services.PROPOSABLE
        ).order_by("title")

    def render(self, form):
        context = {
            "council": self.council,
            "rows": selectors.local_councils_overview(self.council),
            "form": form,
        }
        return render(self.request, "actionpackages/local_councils.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(ProposeForm(packages=self.proposable()))

    def post(self, request, *args, **kwargs):
        form = ProposeForm(request.POST, packages=self.proposable())
        if not form.is_valid():
            return self.render(form)
        try:
            count = services.package_propose(
                package=form.cleaned_data["package"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form)
        if count:
            messages.success(
                request,
                _("Voorgesteld aan %(n)s lokale ketenoverleg(gen).") % {"n": count},
            )
        else:
            messages.info(request, _("Alle lokale ketenoverleggen hadden dit voorstel al."))
        return redirect("actionpackages:local_councils", slug=self.council.slug)


class ProposalListView(CouncilRoleRequiredMixin, ListView):
    """Packages the provincial council proposed to this council: take over or decline."""

    required_roles = EDITOR_ROLES
    template_name = "actionpackages/proposals.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        return (
            PackageProposal.objects.filter(council=self.council)
            .select_related("package__council", "copy__council", "proposed_by")
            .prefetch_related("package__actions")
            .order_by("-proposed_at", "-pk")
        )

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(
            PackageProposal, pk=request.POST.get("proposal"), council=self.council
        )
        try:
            if request.POST.get("action") == "adopt":
                copy = services.proposal_adopt(proposal=proposal, by=request.user)
                messages.success(request, _("Het pakket is overgenomen als concept."))
                return redirect(copy)
            services.proposal_decline(proposal=proposal, by=request.user)
            messages.success(request, _("Het voorstel is niet overgenomen."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("actionpackages:proposals", slug=self.council.slug)
