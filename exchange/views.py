"""Pages of vraag & aanbod: the list with matches, a listing with its answers, placing,
editing and closing a listing, answering, and the owner's accept or decline."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from exchange import selectors, services
from exchange.forms import AnswerForm, CloseForm, FilterForm, ListingForm, ResponseForm
from exchange.models import Listing, Response
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.roles import INSIDER_ROLES, CouncilMixin, has_role


class ListingListView(CouncilMixin, ListView):
    template_name = "exchange/listing_list.html"
    context_object_name = "listings"
    paginate_by = 25

    def get_queryset(self):
        self.insider = has_role(self.request.user, self.council, INSIDER_ROLES)
        self.filters = FilterForm(self.request.GET or None)
        listings = selectors.visible_listings(self.council, insider=self.insider)
        if self.filters.is_valid():
            data = self.filters.cleaned_data
            if data["kind"]:
                listings = listings.filter(kind=data["kind"])
            if data["category"]:
                listings = listings.filter(category=data["category"])
            if data["geleding"] and self.insider:
                listings = listings.filter(geleding=data["geleding"])
            if data["q"]:
                listings = listings.filter(
                    Q(material__icontains=data["q"]) | Q(description__icontains=data["q"])
                )
        return listings.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = list(selectors.own_organisations(self.request.user, self.council))
        mine = (
            Listing.objects.for_council(self.council)
            .filter(organisation__in=organisations)
            .select_related("organisation", "council")
            .order_by("-created_at", "-pk")
            if organisations
            else Listing.objects.none()
        )
        mine = list(mine)
        context.update(
            {
                "insider": self.insider,
                "filters": self.filters,
                "can_post": bool(organisations),
                "my_listings": mine,
                "matches": selectors.match_flags(
                    context["listings"], [m for m in mine if m.is_open]
                ),
                "querystring": self.querystring(),
            }
        )
        return context

    def querystring(self) -> str:
        """The filters, for the pagination links."""
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()


class ListingMixin(CouncilMixin):
    def get_listing(self) -> Listing:
        """Members may read every listing; the public only open teasers; anyone else
        who is logged in gets a 404, an anonymous visitor the login page."""
        listing = get_object_or_404(
            Listing.objects.select_related("organisation", "council"),
            pk=self.kwargs["pk"],
            council=self.council,
        )
        if has_role(self.request.user, self.council, INSIDER_ROLES):
            return listing
        if listing.is_public and listing.is_open:
            return listing
        if not self.request.user.is_authenticated:
            raise _LoginFirst
        raise Http404

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _LoginFirst:
            return redirect_to_login(request.get_full_path())


class _LoginFirst(Exception):
    pass


class ListingDetailView(ListingMixin, View):
    def context(self, listing, **forms) -> dict:
        user = self.request.user
        insider = has_role(user, self.council, INSIDER_ROLES)
        organisations = selectors.own_organisations(user, self.council)
        own_ids = set(organisations.values_list("pk", flat=True))
        is_owner = listing.organisation_id in own_ids
        context = {
            "council": self.council,
            "listing": listing,
            "insider": insider,
            "is_owner": is_owner,
        }
        if not insider:
            return context  # the public teaser: no organisation, no contacts, no answers
        if is_owner:
            responses = list(selectors.responses_for(listing))
            context["responses"] = responses
            context["answer_forms"] = {
                r.pk: AnswerForm(prefix=f"r{r.pk}") for r in responses if r.status == "open"
            }
            context["matches"] = selectors.suggested_matches(listing)
            if listing.status != Listing.Status.GESLOTEN:
                context["close_form"] = forms.get("close_form") or CloseForm(
                    responses=self.deal_responses(listing)
                )
        else:
            context["my_responses"] = list(
                listing.responses.filter(organisation_id__in=own_ids).select_related("organisation")
            )
            live = [r for r in context["my_responses"] if r.status in {"open", "geaccepteerd"}]
            own_listings = (
                Listing.objects.open()
                .filter(organisation_id__in=own_ids, council=self.council)
                .exclude(kind=listing.kind)
            )
            answered_orgs = {r.organisation_id for r in live}
            may_answer = organisations.exclude(pk__in=answered_orgs)
            if listing.is_open and may_answer.exists():
                initial = {
                    "contact_name": user.get_full_name(),
                    "contact_email": user.email,
                    "organisation": may_answer.first(),
                }
                matching = [m for m in own_listings if selectors.is_match(listing, m)]
                if matching:
                    initial["counter_listing"] = matching[0]
                if self.request.GET.get("met"):
                    initial["counter_listing"] = own_listings.filter(
                        pk=self.request.GET["met"]
                    ).first() or initial.get("counter_listing")
                context["response_form"] = forms.get("response_form") or ResponseForm(
                    listing=listing,
                    organisations=may_answer,
                    own_listings=own_listings,
                    initial=initial,
                )
        return context

    @staticmethod
    def deal_responses(listing):
        return Response.objects.filter(
            Q(listing=listing) | Q(counter_listing=listing), status=Response.Status.ACCEPTED
        ).select_related("organisation")

    def get(self, request, *args, **kwargs):
        listing = self.get_listing()
        return render(request, "exchange/listing_detail.html", self.context(listing))


class ListingFormView(LoginRequiredMixin, CouncilMixin, View):
    """Place a new listing, or change one of your own while it is open."""

    def organisations(self):
        return selectors.own_organisations(self.request.user, self.council)

    def get_listing(self):
        if "pk" not in self.kwargs:
            return None
        listing = get_object_or_404(
            Listing,
            pk=self.kwargs["pk"],
            council=self.council,
            organisation__in=self.organisations(),
        )
        return listing

    def render(self, form, listing):
        materials = sorted(
            set(Listing.objects.for_council(self.council).open().values_list("material", flat=True))
        )
        context = {
            "council": self.council,
            "form": form,
            "listing": listing,
            "materials": materials,
        }
        return render(self.request, "exchange/listing_form.html", context)

    def form(self, listing, data=None):
        user = self.request.user
        organisations = self.organisations()
        initial = {}
        if listing is None:
            first = organisations.first()
            initial = {
                "organisation": first,
                "contact_name": user.get_full_name(),
                "contact_email": user.email,
                "contact_phone": first.phone if first else "",
                "region": first.place if first else "",
                "expires_on": Listing.default_expiry(),
            }
            if first:
                geledingen = selectors.organisation_geledingen(first, self.council)
                if geledingen:
                    initial["geleding"] = geledingen[0]
        return ListingForm(
            data,
            instance=listing,
            initial=initial,
            organisations=organisations,
            editing=listing is not None,
        )

    def get(self, request, *args, **kwargs):
        listing = self.get_listing()
        if listing is None and not self.organisations().exists():
            messages.error(
                request, _("Alleen leden van dit ketenoverleg plaatsen vraag en aanbod.")
            )
            return redirect("exchange:list", slug=self.council.slug)
        return self.render(self.form(listing), listing)

    def post(self, request, *args, **kwargs):
        listing = self.get_listing()
        form = self.form(listing, request.POST)
        if not form.is_valid():
            return self.render(form, listing)
        try:
            if listing is None:
                listing = services.listing_create(
                    council=self.council,
                    organisation=form.cleaned_data["organisation"],
                    by=request.user,
                    **form.listing_fields(),
                )
                messages.success(request, _("Uw vermelding staat in de lijst."))
            else:
                services.listing_update(listing=listing, by=request.user, **form.listing_fields())
                messages.success(request, _("De vermelding is bijgewerkt."))
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form, listing)
        return redirect(listing)


class RespondView(LoginRequiredMixin, ListingMixin, View):
    def post(self, request, *args, **kwargs):
        listing = self.get_listing()
        view = ListingDetailView()
        view.setup(request, **kwargs)
        view.council = self.council
        organisations = selectors.own_organisations(request.user, self.council)
        if not organisations.exists():
            raise Http404
        own_listings = Listing.objects.open().filter(
            organisation__in=organisations, council=self.council
        )
        form = ResponseForm(
            request.POST, listing=listing, organisations=organisations, own_listings=own_listings
        )
        if form.is_valid():
            try:
                services.response_create(
                    listing=listing,
                    organisation=form.cleaned_data["organisation"],
                    by=request.user,
                    **form.response_fields(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Uw reactie is verstuurd. Zodra de plaatser ingaat op uw reactie, ziet u elkaars contactgegevens."
                    ),
                )
                return redirect(listing)
        return render(
            request, "exchange/listing_detail.html", view.context(listing, response_form=form)
        )


class CloseView(LoginRequiredMixin, ListingMixin, View):
    def post(self, request, *args, **kwargs):
        listing = self.get_listing()
        organisations = selectors.own_organisations(request.user, self.council)
        if not organisations.filter(pk=listing.organisation_id).exists():
            raise Http404
        form = CloseForm(request.POST, responses=ListingDetailView.deal_responses(listing))
        view = ListingDetailView()
        view.setup(request, **kwargs)
        view.council = self.council
        if form.is_valid():
            try:
                services.listing_close(listing=listing, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De vermelding is gesloten."))
                return redirect(listing)
        return render(
            request, "exchange/listing_detail.html", view.context(listing, close_form=form)
        )


class ResponseActionView(LoginRequiredMixin, CouncilMixin, View):
    """The owner accepts or declines an answer; the one who answered may withdraw it."""

    def post(self, request, *args, **kwargs):
        response = get_object_or_404(
            Response.objects.select_related("listing"),
            pk=kwargs["pk"],
            listing__council=self.council,
        )
        organisations = selectors.own_organisations(request.user, self.council)
        own_ids = set(organisations.values_list("pk", flat=True))
        action = kwargs["action"]
        try:
            if action in {"accepteren", "afwijzen"}:
                if response.listing.organisation_id not in own_ids:
                    raise Http404
                form = AnswerForm(request.POST, prefix=f"r{response.pk}")
                if not form.is_valid():
                    messages.error(request, " ".join(form.errors.get("note", [])))
                    return redirect(response.listing)
                if action == "accepteren":
                    services.response_accept(
                        response=response, by=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("Geaccepteerd: u ziet nu elkaars contactgegevens."),
                    )
                else:
                    services.response_decline(
                        response=response, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("De reactie is afgewezen."))
            elif action == "intrekken":
                if response.organisation_id not in own_ids:
                    raise Http404
                services.response_withdraw(response=response, by=request.user)
                messages.success(request, _("Uw reactie is ingetrokken."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(response.listing)
