from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from ketenoverleg import services as council_services
from ketenoverleg.exports import json_response
from ketenoverleg.forms import NameForm, NotificationPreferencesForm, apply_validation_error
from ketenoverleg.second_factor import has_second_factor, holds_key_role
from members import services
from members.forms import (
    OrganisationForm,
    RepresentativeForm,
)
from members.models import (
    Organisation,
)
from members.mydata_sections import sections_for


class OrganisationEditView(LoginRequiredMixin, View):
    """A representative edits the organisation and who may act or sign for it."""

    template_name = "members/organisation_form.html"

    def get_organisation(self) -> Organisation:
        return get_object_or_404(
            services.organisations_for(self.request.user), pk=self.kwargs["pk"]
        )

    def render(self, org, form=None, rep_form=None):
        context = {
            "org": org,
            "form": form or OrganisationForm(instance=org),
            "rep_form": rep_form or RepresentativeForm(auto_id="id_rep_%s"),
            "representatives": org.representatives.select_related("user"),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render(self.get_organisation())

    def post(self, request, pk):
        org = self.get_organisation()
        action = request.POST.get("action", "details")
        if action == "add_representative":
            rep_form = RepresentativeForm(request.POST, auto_id="id_rep_%s")
            if not rep_form.is_valid():
                return self.render(org, rep_form=rep_form)
            try:
                services.representative_add(
                    organisation=org, by=request.user, **rep_form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(rep_form, error)
                return self.render(org, rep_form=rep_form)
            messages.success(request, _("De persoon mag nu optreden voor %(org)s.") % {"org": org})
        elif action == "remove_representative":
            representative = get_object_or_404(
                org.representatives, pk=request.POST.get("representative")
            )
            try:
                services.representative_remove(representative=representative, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("De persoon treedt niet meer op voor %(org)s.") % {"org": org}
                )
                if representative.user_id == request.user.pk:
                    return redirect("mydata:my_data")
        else:
            form = OrganisationForm(request.POST, instance=org)
            if not form.is_valid():
                return self.render(org, form=form)
            form.save()
            messages.success(request, _("De gegevens van %(org)s zijn opgeslagen.") % {"org": org})
        return redirect("mydata:organisation_edit", pk=org.pk)


@login_required
def my_data(request, name_form=None):
    """Own name, organisations and memberships, data export and erasure (AVG)."""
    organisations = services.organisations_for(request.user).prefetch_related(
        "memberships__council", "memberships__geleding_rows"
    )
    context = {
        "organisations": organisations,
        "sections": sections_for(request.user),
        "has_second_factor": has_second_factor(request.user),
        "second_factor_asked": holds_key_role(request.user),
        "second_factor_required": settings.TWO_FACTOR_REQUIRED,
        "name_form": name_form or NameForm(instance=request.user),
        "notification_form": NotificationPreferencesForm(
            user=request.user, site_language=request.LANGUAGE_CODE
        ),
    }
    return render(request, "members/my_data.html", context)


@login_required
@require_POST
def my_name(request):
    form = NameForm(request.POST, instance=request.user)
    if not form.is_valid():
        request.user.refresh_from_db(fields=["first_name", "last_name"])
        return my_data(request, name_form=form)
    council_services.user_name_set(user=request.user, **form.cleaned_data)
    messages.success(request, _("Uw naam is opgeslagen."))
    return redirect("mydata:my_data")


@login_required
@require_POST
def my_data_export(request):
    """A POST: the download is written down in the audit log."""
    data = services.personal_data_export(user=request.user)
    return json_response(filename="mijn-gegevens-ketenoverleg.json", data=data)


@login_required
@require_POST
def my_data_erase(request):
    if request.POST.get("confirm") != request.user.email:
        messages.error(request, _("Typ uw e-mailadres ter bevestiging; er is niets gewist."))
        return redirect("mydata:my_data")
    services.personal_data_erase(user=request.user)
    logout(request)
    messages.success(request, _("Uw persoonsgegevens zijn gewist en uw account is gesloten."))
    return redirect("home")
