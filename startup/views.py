"""The kwartiermaker's pages: the dashboard over every council they guide, a council's
start-up track (phase, checklist, vooronderzoek, logbook) and relatiebeheer."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from ketenoverleg import phases
from ketenoverleg import services as council_services
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Phase, Role
from ketenoverleg.roles import KERNTEAM_ROLES, CouncilRoleRequiredMixin, has_role
from ketenoverleg.second_factor import SecondFactorRequiredMixin
from startup import checklist, selectors, services
from startup.forms import (
    ChecklistItemForm,
    ContactMomentForm,
    ContactPersonForm,
    LogEntryForm,
    MailingListForm,
    PartyFilterForm,
    PartyForm,
    PhaseChangeForm,
    VooronderzoekForm,
)
from startup.models import (
    ChecklistItem,
    ContactPerson,
    LogEntry,
    MailingList,
    Party,
    PartyStatus,
    Vooronderzoek,
)

# Relatiebeheer is personal data of people who are not (yet) members: only the kernteam,
# the kwartiermaker and the ketensecretaris, who keeps it up to date (handbook 4.5.2).
RELATIONS_ROLES = KERNTEAM_ROLES | {Role.KWARTIERMAKER, Role.KETENSECRETARIS}
# The start-up track is the kwartiermaker's; the kernteam and secretariat may read it.
TRACK_VIEW_ROLES = RELATIONS_ROLES
TRACK_EDIT_ROLES = frozenset({Role.KWARTIERMAKER})


class DashboardView(LoginRequiredMixin, TemplateView):
    """Every council the kwartiermaker guides, with its phase and what is still open."""

    template_name = "startup/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.is_kwartiermaker(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.dashboard_rows(selectors.guided_councils(self.request.user))
        context["startup_rows"] = [r for r in rows if r["council"].in_startup]
        context["other_rows"] = [r for r in rows if not r["council"].in_startup]
        return context


# The start-up track ------------------------------------------------------------------


class TrackView(CouncilRoleRequiredMixin, View):
    """A council's phase with its history, the checklist of a phase, the vooronderzoek
    with its advice, and (for the kwartiermaker) the forms to change them."""

    required_roles = TRACK_VIEW_ROLES

    def get_phase(self) -> str:
        shown = self.request.GET.get("fase", "")
        return shown if shown in checklist.CHECKLIST else self.council.phase

    def context(self, **forms) -> dict:
        council = self.council
        can_edit = has_role(self.request.user, council, TRACK_EDIT_ROLES)
        phase = self.get_phase()
        rows = {
            i.key: i
            for i in ChecklistItem.objects.filter(council=council).select_related("done_by")
        }
        study = Vooronderzoek.objects.filter(council=council).first()
        done = {k for k, r in rows.items() if r.done}
        sections = [
            (
                section,
                [
                    {
                        "item": item,
                        "row": rows.get(item.key),
                        "form": forms.get(f"item_{item.key}")
                        or ChecklistItemForm(
                            prefix=item.key,
                            initial={
                                "done": rows[item.key].done if item.key in rows else False,
                                "note": rows[item.key].note if item.key in rows else "",
                            },
                        ),
                    }
                    for item in items
                ],
            )
            for section, items in checklist.sections(phase)
        ]
        steps = phases.allowed_steps(council.phase)
        return {
            "council": council,
            "can_edit": can_edit,
            "phase": phase,
            "phases": [
                {
                    "key": p,
                    "label": Phase(p).label,
                    "current": p == council.phase,
                    "open": len(selectors.open_items(p, done, study.advice if study else "")),
                }
                for p in checklist.CHECKLIST
            ],
            "sections": sections,
            "open_items": selectors.open_items(council.phase, done, study.advice if study else ""),
            "study": study,
            "study_form": forms.get("study_form") or VooronderzoekForm(instance=study),
            "phase_form": forms.get("phase_form") or PhaseChangeForm(steps=steps),
            "steps": steps,
            "events": council.phase_events.select_related("by"),
            "parties_per_geleding": selectors.parties_per_geleding(council),
            "last_log": LogEntry.objects.filter(council=council).first(),
        }

    def get(self, request, *args, **kwargs):
        return render(request, "startup/track.html", self.context())


class TrackEditMixin(CouncilRoleRequiredMixin):
    required_roles = TRACK_EDIT_ROLES
    http_method_names = ["post"]

    def back(self, phase: str = ""):
        url = redirect("startup:track", slug=self.council.slug).url
        return redirect(f"{url}?fase={phase}" if phase else url)

    def page(self, **forms):
        view = TrackView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        return render(self.request, "startup/track.html", view.context(**forms))


class ChecklistItemView(TrackEditMixin, View):
    def post(self, request, *args, **kwargs):
        key = kwargs["key"]
        if key not in checklist.ITEMS:
            raise Http404
        form = ChecklistItemForm(request.POST, request.FILES, prefix=key)
        if not form.is_valid():
            return self.page(**{f"item_{key}": form})
        services.checklist_item_save(
            council=self.council,
            key=key,
            done=form.cleaned_data["done"],
            note=form.cleaned_data["note"],
            attachment=form.cleaned_data["attachment"],
            remove_attachment=form.cleaned_data["remove_attachment"],
            by=request.user,
        )
        messages.success(request, _("Het punt is bijgewerkt."))
        return self.back(checklist.PHASE_OF[key])


class AttachmentView(CouncilRoleRequiredMixin, View):
    """The document of a checklist item, for those who may read the track."""

    required_roles = TRACK_VIEW_ROLES

    def get(self, request, *args, **kwargs):
        item = get_object_or_404(ChecklistItem, council=self.council, key=kwargs["key"])
        if not item.attachment:
            raise Http404
        name = item.attachment.name.rsplit("/", 1)[-1]
        return FileResponse(item.attachment.open("rb"), as_attachment=True, filename=name)


class VooronderzoekView(TrackEditMixin, View):
    def post(self, request, *args, **kwargs):
        study = Vooronderzoek.objects.filter(council=self.council).first()
        form = VooronderzoekForm(request.POST, instance=study)
        if not form.is_valid():
            return self.page(study_form=form)
        try:
            services.vooronderzoek_save(council=self.council, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(study_form=form)
        messages.success(request, _("Het vooronderzoek is opgeslagen."))
        return self.back(Phase.VERKENNING)


class PhaseView(TrackEditMixin, SecondFactorRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        form = PhaseChangeForm(request.POST, steps=phases.allowed_steps(self.council.phase))
        if not form.is_valid():
            return self.page(phase_form=form)
        try:
            council_services.council_phase_change(
                council=self.council,
                to_phase=form.cleaned_data["to_phase"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(phase_form=form)
        self.council.refresh_from_db()
        messages.success(
            request,
            _("Het ketenoverleg is nu in de fase: %(phase)s.")
            % {"phase": self.council.get_phase_display()},
        )
        return self.back()


class PublishView(TrackEditMixin, SecondFactorRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("action") == "hide":
                council_services.council_unpublish(council=self.council, by=request.user)
                messages.success(
                    request, _("Het ketenoverleg staat niet meer in de openbare lijsten.")
                )
            else:
                council_services.council_publish(council=self.council, by=request.user)
                messages.success(request, _("Het ketenoverleg staat nu in de openbare lijsten."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.back()


class LogbookView(CouncilRoleRequiredMixin, ListView):
    """The dated logbook of the start-up; the kwartiermaker writes, every 4-6 weeks."""

    template_name = "startup/logbook.html"
    context_object_name = "entries"
    paginate_by = 20

    def get_required_roles(self):
        return TRACK_EDIT_ROLES if self.request.method == "POST" else TRACK_VIEW_ROLES

    def get_queryset(self):
        return LogEntry.objects.filter(council=self.council).select_related("author")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = has_role(self.request.user, self.council, TRACK_EDIT_ROLES)
        context.setdefault("form", LogEntryForm(initial={"written_on": timezone.localdate()}))
        last = LogEntry.objects.filter(council=self.council).first()
        context["log_due"] = last is None or (
            timezone.localdate() - last.written_on > selectors.LOG_INTERVAL
        )
        return context

    def post(self, request, *args, **kwargs):
        form = LogEntryForm(request.POST)
        if form.is_valid():
            try:
                services.log_entry_create(
                    council=self.council, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De logboekregel is opgeslagen."))
                return redirect("startup:logbook", slug=self.council.slug)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


# Relatiebeheer ------------------------------------------------------------------------


class PartyListView(CouncilRoleRequiredMixin, ListView):
    """The council's file of chain parties, members or not, per geleding and status."""

    required_roles = RELATIONS_ROLES
    template_name = "startup/parties.html"
    context_object_name = "parties"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PartyFilterForm(self.request.GET or None)
        qs = (
            Party.objects.for_council(self.council)
            .with_member_flag()
            .annotate(contact_count=Count("contacts", filter=Q(contacts__erased_at__isnull=True)))
            .select_related("council")
        )
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["status"]:
                qs = qs.with_status(data["status"])
            if data["geleding"]:
                qs = qs.filter(geleding=data["geleding"])
            if data["q"]:
                qs = qs.filter(name__icontains=data["q"])
        return qs.in_geleding_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["per_geleding"] = selectors.parties_per_geleding(self.council)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        return context


class PartyCreateView(CouncilRoleRequiredMixin, View):
    required_roles = RELATIONS_ROLES

    def render(self, form):
        return render(
            self.request, "startup/party_form.html", {"council": self.council, "form": form}
        )

    def get(self, request, *args, **kwargs):
        return self.render(PartyForm(initial={"geleding": request.GET.get("geleding")}))

    def post(self, request, *args, **kwargs):
        form = PartyForm(request.POST, instance=Party(council=self.council))
        if not form.is_valid():
            return self.render(form)
        try:
            party = services.party_save(party=form.instance, by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("De partij staat in het bestand."))
        return redirect(party)


class PartyDetailView(CouncilRoleRequiredMixin, View):
    """A party with its contact persons and contact moments; the forms to change them."""

    required_roles = RELATIONS_ROLES

    def get_party(self) -> Party:
        return get_object_or_404(
            Party.objects.with_member_flag()
            .select_related("council", "organisation")
            .prefetch_related(
                Prefetch("contacts", queryset=ContactPerson.objects.order_by("erased_at", "name")),
                "moments__contact",
                "moments__by",
            ),
            pk=self.kwargs["pk"],
            council=self.council,
        )

    def render(self, party, **forms):
        context = {
            "council": self.council,
            "party": party,
            "form": forms.get("form") or PartyForm(instance=party),
            "contact_form": forms.get("contact_form") or ContactPersonForm(auto_id="id_contact_%s"),
            "moment_form": forms.get("moment_form")
            or ContactMomentForm(party=party, initial={"happened_on": timezone.localdate()}),
        }
        return render(self.request, "startup/party.html", context)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_party())

    def post(self, request, *args, **kwargs):
        party = self.get_party()
        action = request.POST.get("action")
        if action == "contact":
            form = ContactPersonForm(
                request.POST, instance=ContactPerson(party=party), auto_id="id_contact_%s"
            )
            if not form.is_valid():
                return self.render(party, contact_form=form)
            try:
                services.contact_save(
                    contact=form.instance,
                    consent=form.cleaned_data["consent"],
                    consent_text=form.cleaned_data["consent_text"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(party, contact_form=form)
            messages.success(request, _("De contactpersoon is toegevoegd."))
        elif action == "moment":
            form = ContactMomentForm(request.POST, party=party)
            if not form.is_valid():
                return self.render(party, moment_form=form)
            try:
                services.moment_create(party=party, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(party, moment_form=form)
            messages.success(request, _("Het contactmoment is vastgelegd."))
        else:
            form = PartyForm(request.POST, instance=party)
            if not form.is_valid():
                return self.render(party, form=form)
            try:
                services.party_save(party=form.instance, by=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(party, form=form)
            messages.success(request, _("De partij is bijgewerkt."))
        return redirect(party)


class ContactView(CouncilRoleRequiredMixin, View):
    """Change a contact person; erase them on request; invite them to become a member."""

    required_roles = RELATIONS_ROLES

    def get_contact(self) -> ContactPerson:
        return get_object_or_404(
            ContactPerson.objects.current().select_related("party__council"),
            pk=self.kwargs["pk"],
            party__council=self.council,
        )

    def render(self, contact, form):
        return render(
            self.request,
            "startup/contact_form.html",
            {"council": self.council, "contact": contact, "form": form},
        )

    def get(self, request, *args, **kwargs):
        contact = self.get_contact()
        return self.render(contact, ContactPersonForm(instance=contact))

    def post(self, request, *args, **kwargs):
        contact = self.get_contact()
        action = request.POST.get("action")
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(
                    request, _("Bevestig dat u de gegevens van deze persoon wilt wissen.")
                )
                return redirect("startup:contact", slug=self.council.slug, pk=contact.pk)
            services.contact_erase(contact=contact, by=request.user)
            messages.success(request, _("De persoonsgegevens zijn gewist."))
            return redirect(contact.party)
        if action == "invite":
            try:
                services.contact_invite_to_apply(contact=contact, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("De uitnodiging met een vooraf ingevulde aanvraag is verstuurd.")
                )
            return redirect(contact.party)
        form = ContactPersonForm(request.POST, instance=contact)
        if not form.is_valid():
            return self.render(contact, form)
        try:
            services.contact_save(
                contact=form.instance,
                consent=form.cleaned_data["consent"],
                consent_text=form.cleaned_data["consent_text"],
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(contact, form)
        messages.success(request, _("De contactpersoon is bijgewerkt."))
        return redirect(contact.party)


class MailingListListView(CouncilRoleRequiredMixin, ListView):
    required_roles = RELATIONS_ROLES
    template_name = "startup/mailing_lists.html"
    context_object_name = "mailing_lists"
    paginate_by = 25

    def get_queryset(self):
        return (
            MailingList.objects.filter(council=self.council)
            .select_related("council", "package")
            .annotate(
                recipient_count=Count("recipients", distinct=True),
                sent_count=Count("sends", distinct=True),
            )
            .order_by("-created_at", "-pk")
        )


class MailingListEditView(CouncilRoleRequiredMixin, View):
    """A new list, or a change to one (people added later are mailed on the next send)."""

    required_roles = RELATIONS_ROLES

    def get_list(self) -> MailingList:
        if "pk" not in self.kwargs:
            return MailingList(council=self.council)
        return get_object_or_404(MailingList, pk=self.kwargs["pk"], council=self.council)

    def render(self, mailing_list, form):
        context = {"council": self.council, "mailing_list": mailing_list, "form": form}
        return render(self.request, "startup/mailing_list_form.html", context)

    def get(self, request, *args, **kwargs):
        mailing_list = self.get_list()
        initial = {}
        if mailing_list.pk is None:
            status = request.GET.get("status")
            if status in PartyStatus.values:
                initial["recipients"] = ContactPerson.objects.mailable().filter(
                    party__council=self.council, party__status=status
                )
            if request.GET.get("purpose") in MailingList.Purpose.values:
                initial["purpose"] = request.GET["purpose"]
        return self.render(
            mailing_list,
            MailingListForm(instance=mailing_list, council=self.council, initial=initial),
        )

    def post(self, request, *args, **kwargs):
        mailing_list = self.get_list()
        form = MailingListForm(request.POST, instance=mailing_list, council=self.council)
        if not form.is_valid():
            return self.render(mailing_list, form)
        try:
            mailing_list = services.mailing_list_save(
                mailing_list=form.save(commit=False),
                recipients=list(form.cleaned_data["recipients"]),
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(mailing_list, form)
        messages.success(request, _("De verzendlijst is opgeslagen."))
        return redirect(mailing_list)


class MailingListDetailView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, View):
    """Who is on the list, who was mailed when, who cannot be mailed and why; send."""

    required_roles = RELATIONS_ROLES

    def get_list(self) -> MailingList:
        return get_object_or_404(
            MailingList.objects.select_related("package", "created_by"),
            pk=self.kwargs["pk"],
            council=self.council,
        )

    def get(self, request, *args, **kwargs):
        mailing_list = self.get_list()
        sends = dict(mailing_list.sends.values_list("contact_id", "sent_at"))
        mailable = set(mailing_list.recipients.mailable().values_list("pk", flat=True))
        rows = [
            {"contact": c, "sent_at": sends.get(c.pk), "mailable": c.pk in mailable}
            for c in mailing_list.recipients.select_related("party").order_by("party__name", "name")
        ]
        context = {
            "council": self.council,
            "mailing_list": mailing_list,
            "rows": rows,
            "waiting": sum(1 for r in rows if r["mailable"] and not r["sent_at"]),
            "sent_total": len(sends),
        }
        return render(request, "startup/mailing_list.html", context)

    def post(self, request, *args, **kwargs):
        mailing_list = self.get_list()
        count = services.mailing_list_send(mailing_list=mailing_list, by=request.user)
        if count:
            messages.success(request, _("%(n)s bericht(en) verstuurd.") % {"n": count})
        else:
            messages.info(
                request, _("Iedereen op de lijst die post mag ontvangen, kreeg het bericht al.")
            )
        return redirect(mailing_list)
