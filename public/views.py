"""The public site: the home page, a council's page, news with its Atom feed, open
data, sitemap and robots, the programme overview across councils, and search."""

from django.contrib import messages
from django.contrib.sitemaps import Sitemap
from django.contrib.staticfiles import finders
from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from actionpackages.models import Indicator, Package
from actionpackages.selectors import signatories
from alv import selectors as alv_selectors
from dialogue.selectors import public_discussions
from ketenoverleg.exports import csv_response, json_response
from ketenoverleg.forms import NewsItemForm
from ketenoverleg.models import (
    KERNTEAM_HELD_ROLES,
    Geleding,
    Ketenoverleg,
    NewsItem,
    Role,
    RoleAssignment,
)
from ketenoverleg.roles import (
    INSIDER_ROLES,
    SECRETARIAT_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
)
from ketenoverleg.second_factor import SecondFactorRequiredMixin
from ketenstatistiek.models import Period
from library.selectors import public_documents
from meetings.selectors import rhythm_warnings
from members import selectors as member_selectors
from public.selectors import council_overview, programme_rows, search

# Home and council page --------------------------------------------------------------------


def published_with_children():
    """Published councils with their published local councils (one query each): a
    council in start-up appears only once it is published."""
    return Ketenoverleg.objects.published().prefetch_related(
        Prefetch("children", queryset=Ketenoverleg.objects.published())
    )


class HomeView(ListView):
    template_name = "public/home.html"
    context_object_name = "councils"

    def get_queryset(self):
        # A published local council under a provincial one that is not published yet
        # stands on its own.
        return published_with_children().filter(
            Q(parent__isnull=True) | Q(parent__published_at__isnull=True)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            # Role records, and the kernteam's seats and functions (members' records).
            context["my_roles"] = (
                RoleAssignment.objects.active()
                .filter(user=self.request.user)
                .exclude(role__in=KERNTEAM_HELD_ROLES)
                .select_related("council")
            )
            context["my_positions"] = member_selectors.kernteam_positions(self.request.user)
        return context


class CouncilDetailView(CouncilMixin, DetailView):
    template_name = "public/council_detail.html"
    context_object_name = "council_object"

    def get_object(self, queryset=None):
        return self.council

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["council_roles_display"] = [
            role.label for role in Role if role in context["council_roles"]
        ]
        context["visible_children"] = [
            child for child in self.council.children.all() if child.is_published
        ]
        # The meetings app knows the council's rhythm: kernteam quarterly, plenary yearly.
        # A reminder for the council's own people, not a verdict for the public.
        if has_role(self.request.user, self.council, INSIDER_ROLES):
            context["rhythm_warnings"] = rhythm_warnings(self.council)
        context.update(council_overview(self.council))
        # "Word lid" and "Volg" only for those who are not a member or follower yet.
        context["standing"] = member_selectors.standing_in(self.request.user, self.council)
        context.update(alv_selectors.council_page(self.council))
        return context


# News ---------------------------------------------------------------------------------


class NewsListView(CouncilMixin, ListView):
    template_name = "public/news_list.html"
    context_object_name = "news"
    paginate_by = 20

    def get_queryset(self):
        return NewsItem.objects.published().filter(council=self.council).select_related("council")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = has_role(self.request.user, self.council, SECRETARIAT_ROLES)
        return context


class NewsDetailView(CouncilMixin, DetailView):
    template_name = "public/news_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return NewsItem.objects.published().filter(council=self.council)


class NewsWriteView(CouncilRoleRequiredMixin, SecondFactorRequiredMixin, View):
    required_roles = SECRETARIAT_ROLES

    def render(self, form):
        return render(
            self.request, "public/news_form.html", {"council": self.council, "form": form}
        )

    def get(self, request, *args, **kwargs):
        return self.render(NewsItemForm(initial={"published_at": timezone.localtime()}))

    def post(self, request, *args, **kwargs):
        form = NewsItemForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        item = form.save(commit=False)
        item.council = self.council
        item.author = request.user
        item.save()
        messages.success(request, _("Het nieuwsbericht is geplaatst."))
        return redirect(item)


# Open data --------------------------------------------------------------------------


def _data_response(rows: list[dict], fields: list[str], name: str, fmt: str, meta: dict):
    if fmt == "json":
        return json_response(filename=f"{name}.json", data={**meta, "rows": rows})
    if fmt == "csv":
        return csv_response(filename=f"{name}.csv", header=fields, rows=rows)
    raise Http404


SIGNATORY_FIELDS = ["organisatie", "geledingen", "acties", "ondertekend_op", "later_aangesloten"]
MEASUREMENT_FIELDS = ["indicator", "eenheid", "soort", "datum", "waarde", "bron", "berekend"]


class SignatoriesDataView(CouncilMixin, View):
    """The signatories of a public declaration: the same fields as the page shows."""

    def get(self, request, *args, **kwargs):
        package = get_object_or_404(Package.objects.public(), pk=kwargs["pk"], council=self.council)
        rows = []
        for s in signatories(package):
            actions = [c.action for c in s.commitments.all()]
            rows.append(
                {
                    "organisatie": s.organisation.name,
                    "geledingen": sorted({str(Geleding(a.geleding).label) for a in actions}),
                    "acties": [a.text for a in actions],
                    "ondertekend_op": timezone.localtime(s.signed_at).date().isoformat(),
                    # Signed after the start date: joined the running package.
                    "later_aangesloten": "ja" if s.joined_late else "nee",
                }
            )
        meta = {"ketenoverleg": self.council.name, "actiepakket": package.title}
        return _data_response(
            rows, SIGNATORY_FIELDS, f"ondertekenaars-{package.pk}", kwargs["fmt"], meta
        )


class MeasurementsDataView(CouncilMixin, View):
    """All measurements of the council's public trend indicators, baseline included."""

    def get(self, request, *args, **kwargs):
        indicators = (
            Indicator.objects.filter(
                package__in=Package.objects.public(), package__council=self.council
            )
            .prefetch_related("measurements")
            .order_by("pk")
        )
        rows = []
        for i in indicators:
            rows.append(
                {
                    "indicator": i.name,
                    "eenheid": i.unit,
                    "soort": i.get_kind_display(),
                    "datum": i.baseline_on.isoformat(),
                    "waarde": i.baseline_value,
                    "bron": _("nulmeting"),
                    "berekend": "ja" if i.is_computed else "nee",
                }
            )
            for m in i.measurements.all():
                rows.append(
                    {
                        "indicator": i.name,
                        "eenheid": i.unit,
                        "soort": i.get_kind_display(),
                        "datum": m.measured_on.isoformat(),
                        "waarde": m.value,
                        "bron": m.source,
                        # Computed from the platform's records, not typed in.
                        "berekend": "ja" if m.computed else "nee",
                    }
                )
        meta = {"ketenoverleg": self.council.name}
        return _data_response(
            rows, MEASUREMENT_FIELDS, f"metingen-{self.council.slug}", kwargs["fmt"], meta
        )


# Atom feed, sitemap, robots ---------------------------------------------------------


class CouncilFeed(Feed):
    """News and newly opened declarations of one council."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Ketenoverleg.objects.published(), slug=slug)

    def title(self, council):
        return _("Nieuws van %(c)s") % {"c": council.name}

    def link(self, council):
        return council.get_absolute_url()

    def subtitle(self, council):
        return council.goal

    # RFC 4287: an author on the feed (or on every entry), ``updated`` on every entry.
    def author_name(self, council):
        return council.name

    def author_email(self, council):
        return council.contact_email or None

    def items(self, council):
        news = [
            (n.published_at, n.title, n.body, n.get_absolute_url())
            for n in NewsItem.objects.published()
            .filter(council=council)
            .select_related("council")[:20]
        ]
        opened = (
            Package.objects.public()
            .filter(council=council)
            .select_related("council")
            .annotate(opened_at=Max("events__at", filter=Q(events__to_status=Package.Status.OPEN)))
        )
        packages = [
            (
                p.opened_at or p.created_at,
                _("Intentieverklaring open voor ondertekening: %(t)s") % {"t": p.title},
                p.aim,
                p.get_absolute_url(),
            )
            for p in opened[:20]
        ]
        return sorted(news + packages, key=lambda i: i[0], reverse=True)[:30]

    def item_title(self, item):
        return item[1]

    def item_description(self, item):
        return item[2]

    def item_link(self, item):
        return item[3]

    def item_pubdate(self, item):
        return item[0]

    def item_updateddate(self, item):
        # A news item or an opened declaration is announced once: it changes when it
        # appears. The feed's own ``updated`` is the newest of these.
        return item[0]


class CouncilSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(Ketenoverleg.objects.published())

    def location(self, council):
        return council.get_absolute_url()


class PublicPagesSitemap(Sitemap):
    """The public list pages of every council and every public package."""

    changefreq = "weekly"

    def items(self):
        pages = []
        for council in Ketenoverleg.objects.published():
            for name in [
                "members:ledenlijst",
                "members:kernteam",
                "actionpackages:list",
                "actionpackages:trendlijst",
                "news_list",
                "projects:projects",
                "dialogue:list",
                "ketenstatistiek:list",
                "exchange:list",
                "library:list",
            ]:
                pages.append(reverse(name, kwargs={"slug": council.slug}))
        pages += [
            p.get_absolute_url()
            for p in Package.objects.public()
            .filter(council__published_at__isnull=False)
            .select_related("council")
        ]
        # The dialogue is readable by anyone; of the library only the public documents.
        pages += [d.get_absolute_url() for d in public_discussions()]
        pages += [d.get_absolute_url() for d in public_documents()]
        pages += [
            p.get_absolute_url()
            for p in Period.objects.published()
            .filter(council__published_at__isnull=False)
            .select_related("council")
        ]
        return pages

    def location(self, item):
        return item


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /mijn-gegevens/",
        "Disallow: /*/documenten/",
        "Disallow: /*/dialoog/moderatie/",
        "Disallow: /*/dialoog/bijdragen/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon_ico(request):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page says
    (pages point to ``favicon.svg``); a day in their cache."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Programme overview -----------------------------------------------------------------


class ProgrammeView(View):
    """All councils with their process indicators; kwartiermakers see more, including
    the councils in start-up that are not published yet, with their phase."""

    def get(self, request):
        detailed = request.user.is_authenticated and (
            request.user.is_superuser
            or RoleAssignment.objects.active()
            .filter(user=request.user, role=Role.KWARTIERMAKER)
            .exists()
        )
        if detailed:
            councils = list(Ketenoverleg.objects.with_children().order_by("name"))
        else:
            councils = list(published_with_children().select_related("parent").order_by("name"))
        rows = programme_rows(councils, detailed=detailed)
        by_pk = {r["council"].pk: r for r in rows}
        tree = []
        for council in councils:
            if council.parent_id is None or council.parent_id not in by_pk:
                tree.append(by_pk[council.pk])
                tree += [dict(by_pk[child.pk], child=True) for child in council.children.all()]
        totals = {
            "members": sum(r["members"] for r in rows),
            "geledingen": [
                {"label": g.label, "count": sum(r["geledingen"][i]["count"] for r in rows)}
                for i, g in enumerate(Geleding)
            ],
            "vacancies": sum(len(r["vacancies"]) for r in rows),
            "signatures": sum(r["signatures"] for r in rows),
            "running_projects": sum(r["running_projects"] for r in rows),
            "packages": {
                s: sum(r["packages"].get(s, 0) for r in rows) for s in Package.Status.values
            },
            "open_applications": sum(r["open_applications"] or 0 for r in rows)
            if detailed
            else None,
        }
        context = {
            "rows": tree,
            "totals": totals,
            "detailed": detailed,
            "statuses": Package.Status.choices,
            "geledingen": Geleding.choices,
        }
        return render(request, "public/programme.html", context)


# Search ------------------------------------------------------------------------------


class SearchView(CouncilMixin, View):
    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:100]
        results = search(self.council, query) if len(query) >= 2 else None
        context = {
            "council": self.council,
            "query": query,
            "results": results,
            "too_short": bool(query) and len(query) < 2,
        }
        return render(request, "public/search.html", context)
