"""The Hello World workshop: the kwartiermaker's pages (list, new, control, beamer) and
the participant's phone pages, which need no account."""

import io
from collections import defaultdict

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from ketenoverleg import ratelimit
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.models import Geleding
from ketenoverleg.roles import CouncilRoleRequiredMixin
from startup.selectors import guided_councils, is_kwartiermaker
from startup.views import TRACK_VIEW_ROLES
from workshops import services
from workshops.forms import (
    CodeForm,
    ContributionForm,
    ConvertForm,
    GeledingForm,
    JoinForm,
    LinkForm,
    PollForm,
    WorkshopForm,
)
from workshops.models import Link, Participant, Workshop

# Rate windows for the pages without an account (per IP address or session).
CODE_MISSES = (20, 600)  # wrong codes tried: 20 per 10 minutes per address
JOINS_PER_IP = (120, 600)  # a class behind one router may join together
POSTS_PER_SESSION = (12, 60)
POSTS_PER_IP = (600, 60)
SESSION_KEY = "workshop_participants"


def workshops_for(user):
    """The workshops a kwartiermaker runs or whose council they guide."""
    return Workshop.objects.filter(
        Q(created_by=user) | Q(council__in=guided_councils(user))
    ).distinct()


def with_counts(queryset):
    return queryset.select_related("council", "package").annotate(
        participant_count=Count("participants", distinct=True),
        contribution_count=Count("contributions", distinct=True),
    )


class KwartiermakerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_kwartiermaker(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WorkshopListView(KwartiermakerMixin, ListView):
    template_name = "workshops/workshop_list.html"
    context_object_name = "workshops"
    paginate_by = 25

    def get_queryset(self):
        return with_counts(workshops_for(self.request.user)).order_by("-held_on", "-pk")


class CouncilWorkshopListView(CouncilRoleRequiredMixin, ListView):
    """The workshops held for one council (the opiniegesprek's Hello World)."""

    required_roles = TRACK_VIEW_ROLES
    template_name = "workshops/council_workshops.html"
    context_object_name = "workshops"
    paginate_by = 25

    def get_queryset(self):
        return with_counts(Workshop.objects.filter(council=self.council)).order_by(
            "-held_on", "-pk"
        )


class WorkshopCreateView(KwartiermakerMixin, View):
    def councils(self):
        return guided_councils(self.request.user).order_by("name")

    def render(self, form):
        return render(self.request, "workshops/workshop_form.html", {"form": form})

    def get(self, request, *args, **kwargs):
        initial = {"held_on": timezone.localdate()}
        council = self.councils().filter(slug=request.GET.get("ketenoverleg", "")).first()
        if council:
            initial |= {
                "council": council,
                "chain": council.product_category,
                "place": council.area,
                "title": _("Hello World %(c)s") % {"c": council.name},
            }
        return self.render(WorkshopForm(councils=self.councils(), initial=initial))

    def post(self, request, *args, **kwargs):
        form = WorkshopForm(request.POST, councils=self.councils())
        if not form.is_valid():
            return self.render(form)
        try:
            workshop = services.workshop_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("De workshop staat klaar. Zet het beamerscherm aan."))
        return redirect(workshop)


class WorkshopMixin:
    """Loads the workshop; only those who may run it get through."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.workshop = get_object_or_404(
            Workshop.objects.select_related("council", "package"), pk=kwargs["pk"]
        )
        if not services.may_manage(request.user, self.workshop):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def board(workshop: Workshop) -> dict:
    """What the beamer shows: six columns of numbered contributions with the numbers
    they reinforce, the links, the poll so far, and a revision that changes whenever
    any of it does. Four queries."""
    contributions = list(workshop.contributions.select_related("participant").order_by("pk"))
    number = {c.pk: i for i, c in enumerate(contributions, start=1)}
    links = list(workshop.links.order_by("pk"))
    reinforces = defaultdict(list)
    for link in links:
        reinforces[link.a_id].append(number[link.b_id])
        reinforces[link.b_id].append(number[link.a_id])
    cards = [
        {"c": c, "number": number[c.pk], "reinforces": sorted(reinforces[c.pk])}
        for c in contributions
    ]
    poll = workshop.participants.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        workable=Count("pk", filter=Q(workable=Participant.Answer.JA)),
        should_start=Count("pk", filter=Q(should_start=Participant.Answer.JA)),
        involved=Count("pk", filter=Q(wants_involved=True)),
    )
    revision = "-".join(
        str(x)
        for x in (
            workshop.status,
            len(contributions),
            contributions[-1].pk if contributions else 0,
            len(links),
            links[-1].pk if links else 0,
            poll["total"],
            poll["answered"],
        )
    )
    return {
        "workshop": workshop,
        "columns": [
            {"key": g.value, "label": g.label, "cards": [k for k in cards if k["c"].geleding == g]}
            for g in Geleding
        ],
        "links": [{"a": number[link.a_id], "b": number[link.b_id], "link": link} for link in links],
        "poll": poll,
        "revision": revision,
    }


class ControlView(WorkshopMixin, View):
    """The kwartiermaker's control page: roles, links, poll, closing and conversion."""

    def context(self, **forms) -> dict:
        workshop = self.workshop
        participants = list(workshop.participants.order_by("joined_at", "pk"))
        return {
            **board(workshop),
            "participants": [
                (
                    p,
                    forms.get(f"geleding_{p.pk}")
                    or GeledingForm(
                        workshop=workshop,
                        prefix=f"p{p.pk}",
                        initial={"participant": p.pk, "geleding": p.geleding},
                    ),
                )
                for p in participants
            ],
            "link_form": forms.get("link_form") or LinkForm(workshop=workshop),
            "convert_form": forms.get("convert_form")
            or ConvertForm(
                councils=guided_councils(self.request.user).order_by("name"),
                initial={
                    "title": workshop.title,
                    "council": workshop.council_id,
                    "target": "existing" if workshop.council_id else "new",
                },
            ),
            "join_url": self.request.build_absolute_uri(workshop.get_join_url()),
        }

    def get(self, request, *args, **kwargs):
        return render(request, "workshops/control.html", self.context())


class ActionView(ControlView):
    """POST steps on the control page; each calls one service."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        workshop, user, action = self.workshop, request.user, kwargs["action"]
        try:
            if action == "verbinden":
                form = LinkForm(request.POST, workshop=workshop)
                if not form.is_valid():
                    return render(request, "workshops/control.html", self.context(link_form=form))
                first, second = form.cleaned_data["contributions"]
                services.link_add(workshop=workshop, first=first, second=second, by=user)
                messages.success(request, _("De bijdragen zijn verbonden."))
            elif action == "ontkoppelen":
                link = get_object_or_404(Link, pk=request.POST.get("link"), workshop=workshop)
                services.link_remove(link=link, by=user)
                messages.success(request, _("De verbinding is weggehaald."))
            elif action == "rol":
                participant = get_object_or_404(
                    Participant, pk=request.POST.get("participant"), workshop=workshop
                )
                form = GeledingForm(request.POST, workshop=workshop, prefix=f"p{participant.pk}")
                if not form.is_valid():
                    return render(
                        request,
                        "workshops/control.html",
                        self.context(**{f"geleding_{participant.pk}": form}),
                    )
                services.participant_set_geleding(
                    participant=participant, geleding=form.cleaned_data["geleding"], by=user
                )
                messages.success(request, _("De rol is aangepast."))
            elif action == "peiling":
                services.workshop_start_poll(workshop=workshop, by=user)
                messages.success(
                    request, _("Bijdragen is gesloten; de afsluitende vragen staan open.")
                )
            elif action == "heropenen":
                services.workshop_reopen(workshop=workshop, by=user)
                messages.success(request, _("Deelnemers kunnen weer bijdragen."))
            elif action == "sluiten":
                services.workshop_close(workshop=workshop, by=user)
                messages.success(request, _("De workshop is gesloten."))
            elif action == "omzetten":
                form = ConvertForm(request.POST, councils=guided_councils(user).order_by("name"))
                if not form.is_valid():
                    return render(
                        request, "workshops/control.html", self.context(convert_form=form)
                    )
                try:
                    package = services.workshop_convert(
                        workshop=workshop,
                        by=user,
                        title=form.cleaned_data["title"],
                        **form.target_kwargs(),
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        apply_validation_error(form, error)
                        return render(
                            request, "workshops/control.html", self.context(convert_form=form)
                        )
                    raise
                messages.success(
                    request,
                    _(
                        "De workshop is een conceptactiepakket geworden; wie betrokken wil zijn, staat in relatiebeheer."
                    ),
                )
                return redirect(package)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(workshop)


class BeamerView(WorkshopMixin, View):
    """The screen the room looks at: code, QR code and the six columns, kept current by
    a small script that asks for the board every few seconds."""

    def get(self, request, *args, **kwargs):
        context = {
            **board(self.workshop),
            "join_url": request.build_absolute_uri(self.workshop.get_join_url()),
            "join_start": request.build_absolute_uri(reverse("workshops:join")),
        }
        return render(request, "workshops/beamer.html", context)


@method_decorator(never_cache, name="dispatch")
class BoardView(WorkshopMixin, View):
    """The board alone (an HTML fragment) for the beamer's refresh."""

    def get(self, request, *args, **kwargs):
        context = board(self.workshop)
        response = render(request, "workshops/_board.html", context)
        response["X-Board-Revision"] = context["revision"]
        return response


class QRCodeView(WorkshopMixin, View):
    def get(self, request, *args, **kwargs):
        url = request.build_absolute_uri(self.workshop.get_join_url())
        buffer = io.BytesIO()
        segno.make(url, error="m").save(
            buffer,
            kind="svg",
            scale=10,
            border=2,
            xmldecl=False,
            dark="#000",
            light="#fff",
            title=_("QR-code om mee te doen"),
        )
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


# The participant's pages (no account) --------------------------------------------------


def _participant(request, workshop: Workshop) -> Participant | None:
    pk = request.session.get(SESSION_KEY, {}).get(str(workshop.pk))
    if pk is None:
        return None
    return Participant.objects.filter(pk=pk, workshop=workshop).first()


def _remember(request, participant: Participant) -> None:
    joined = dict(request.session.get(SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    request.session[SESSION_KEY] = joined


def _session_id(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _workshop_by_code(request, code: str) -> Workshop:
    """The workshop with this code. An address that tried many wrong codes gets a 429
    for a while (guessing codes); right codes are never counted."""
    key = f"workshops:code-miss:{ratelimit.client_ip(request)}"
    if ratelimit.exceeded(key, limit=CODE_MISSES[0]):
        raise TooMany
    workshop = Workshop.objects.select_related("council").filter(code=code.upper()).first()
    if workshop is None:
        ratelimit.hit(key, limit=CODE_MISSES[0], window=CODE_MISSES[1])
        raise Http404
    return workshop


class TooMany(Exception):
    pass


def too_many(request):
    return render(request, "workshops/too_many.html", status=429)


class JoinView(View):
    """Type the code from the screen (or scan the QR code, which skips this)."""

    def get(self, request, *args, **kwargs):
        form = CodeForm(request.GET) if "code" in request.GET else CodeForm()
        if form.is_bound and form.is_valid():
            try:
                workshop = _workshop_by_code(request, form.cleaned_data["code"])
            except TooMany:
                return too_many(request)
            except Http404:
                form.add_error(
                    "code", _("Er is geen workshop met deze code. Kijk nog eens op het scherm.")
                )
            else:
                return redirect("workshops:participant", code=workshop.code)
        return render(request, "workshops/join.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class ParticipantView(View):
    """The participant's phone page: join, post contributions, answer the poll."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.workshop = _workshop_by_code(request, kwargs["code"])
        except TooMany:
            return too_many(request)
        self.participant = _participant(request, self.workshop)
        return super().dispatch(request, *args, **kwargs)

    def render(self, **forms):
        workshop, participant = self.workshop, self.participant
        context = {"workshop": workshop, "participant": participant}
        if participant is None:
            context["join_form"] = forms.get("join_form") or JoinForm()
        else:
            context["mine"] = list(participant.contributions.order_by("pk"))
            context["contribution_form"] = forms.get("contribution_form") or ContributionForm()
            if workshop.status == Workshop.Status.POLL:
                context["poll_form"] = forms.get("poll_form") or PollForm(instance=participant)
        return render(self.request, "workshops/participant.html", context)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if self.participant is not None:
            return redirect("workshops:participant", code=self.workshop.code)
        if not ratelimit.hit(
            f"workshops:join:{ratelimit.client_ip(request)}",
            limit=JOINS_PER_IP[0],
            window=JOINS_PER_IP[1],
        ):
            return too_many(request)
        form = JoinForm(request.POST)
        if not form.is_valid():
            return self.render(join_form=form)
        try:
            participant = services.participant_join(workshop=self.workshop, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(join_form=form)
        _remember(request, participant)
        return redirect("workshops:participant", code=self.workshop.code)


class ContributeView(ParticipantView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.participant is None:
            messages.error(request, _("Doe eerst mee met uw naam."))
            return redirect("workshops:participant", code=self.workshop.code)
        allowed = ratelimit.hit(
            f"workshops:post-s:{_session_id(request)}",
            limit=POSTS_PER_SESSION[0],
            window=POSTS_PER_SESSION[1],
        ) and ratelimit.hit(
            f"workshops:post-ip:{ratelimit.client_ip(request)}",
            limit=POSTS_PER_IP[0],
            window=POSTS_PER_IP[1],
        )
        if not allowed:
            return too_many(request)
        form = ContributionForm(request.POST)
        if not form.is_valid():
            return self.render(contribution_form=form)
        try:
            services.contribution_add(participant=self.participant, text=form.cleaned_data["text"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the workshop moved on, or a limit
                messages.error(request, " ".join(error.messages))
                return redirect("workshops:participant", code=self.workshop.code)
            apply_validation_error(form, error)
            return self.render(contribution_form=form)
        messages.success(request, _("Uw bijdrage staat op het scherm."))
        return redirect("workshops:participant", code=self.workshop.code)


class PollView(ParticipantView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.participant is None:
            messages.error(request, _("Doe eerst mee met uw naam."))
            return redirect("workshops:participant", code=self.workshop.code)
        form = PollForm(request.POST, instance=Participant.objects.get(pk=self.participant.pk))
        if not form.is_valid():
            return self.render(poll_form=form)
        try:
            services.poll_answer(participant=self.participant, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the poll is closed
                messages.error(request, " ".join(error.messages))
                return redirect("workshops:participant", code=self.workshop.code)
            apply_validation_error(form, error)
            return self.render(poll_form=form)
        messages.success(request, _("Dank u voor uw antwoorden."))
        return redirect("workshops:participant", code=self.workshop.code)
