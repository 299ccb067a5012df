"""What the public pages show, read through the selectors and QuerySets of every app."""

from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Count, Expression, Q
from django.utils import timezone

from actionpackages.models import Action, Indicator, Package
from actionpackages.selectors import indicator_series
from dialogue import selectors as dialogue_selectors
from ketenoverleg.models import Geleding, Ketenoverleg, NewsItem
from library import selectors as library_selectors
from meetings.models import Meeting
from meetings.selectors import last_met
from members import selectors as member_selectors
from members.models import BoardAppointment, Membership, Organisation
from projects.models import Project
from public import figures


def council_overview(council: Ketenoverleg) -> dict:
    """What the public council page shows besides the council's own fields."""
    packages = (
        Package.objects.public()
        .filter(council=council)
        .select_related("council")
        .annotate(
            signature_count=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True))
        )
        .order_by("-starts_on", "-pk")
    )
    listed = figures.figures_for([council.pk])[council.pk]["geledingen_listed"]
    indicators = (
        Indicator.objects.filter(package__in=packages)
        .select_related("package__council")
        .prefetch_related("measurements")
    )
    return {
        "kernteam_seats": BoardAppointment.objects.seats_of(council),
        "member_counts": [
            {"key": g.value, "label": g.label, "count": listed.get(g.value, 0)} for g in Geleding
        ],
        "running_packages": [p for p in packages if p.status != Package.Status.AFGESLOTEN],
        "past_packages": [p for p in packages if p.status == Package.Status.AFGESLOTEN],
        "indicator_rows": [{"indicator": i, **indicator_series(i)} for i in indicators],
        "latest_news": list(
            NewsItem.objects.published().filter(council=council).select_related("council")[:3]
        ),
    }


def programme_rows(councils, *, detailed: bool) -> list[dict]:
    """Process indicators per council, computed with a fixed number of queries.

    The public sees public figures (members on the public ledenlijst); kwartiermakers
    (``detailed``) see all members and the open applications.
    """
    ids = [c.pk for c in councils]
    # Members, geledingen, packages and signatures from the stored counters (one row per
    # council, kept exact by public.figures), so the programme does not scan its tables.
    counted = figures.figures_for(ids)
    audience = "admitted" if detailed else "listed"
    vacancies = member_selectors.vacant_seat_labels(ids)
    running = dict(
        Project.objects.filter(council_id__in=ids, status=Project.Status.LOPEND)
        .values("council_id")
        .annotate(n=Count("pk"))
        .values_list("council_id", "n")
    )
    met = last_met(ids)
    applications = member_selectors.open_applications(ids) if detailed else {}
    now = timezone.now()
    rows = []
    for council in councils:
        kernteam_last = met.get((council.pk, Meeting.Kind.KERNTEAM))
        alv_last = met.get((council.pk, Meeting.Kind.ALV))
        rows.append(
            {
                "council": council,
                "members": counted[council.pk][f"members_{audience}"],
                "geledingen": [
                    {
                        "label": g.label,
                        "count": counted[council.pk][f"geledingen_{audience}"].get(g.value, 0),
                    }
                    for g in Geleding
                ],
                "vacancies": vacancies[council.pk],
                "packages": counted[council.pk]["packages"],
                "signatures": counted[council.pk]["signatures"],
                "running_projects": running.get(council.pk, 0),
                "kernteam_on_schedule": bool(
                    kernteam_last and now - kernteam_last <= timedelta(days=92)
                ),
                "alv_on_schedule": bool(alv_last and now - alv_last <= timedelta(days=366)),
                "open_applications": applications.get(council.pk, 0) if detailed else None,
            }
        )
    return rows


class StoredSearchVector(Expression):
    """The ``search_vector`` column of the query's own table: on PostgreSQL a trigger
    keeps it up to date and a GIN index covers it (migration ``public.0001``). It is not
    a model field, so no other query loads it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def search(council: Ketenoverleg, query: str) -> dict:
    """Public content of a council matching ``query``: PostgreSQL full-text search on
    the stored vectors, with a simple case-insensitive match on other databases."""
    members = Membership.objects.public().filter(council=council)
    packages = Package.objects.public().filter(council=council)
    actions = Action.objects.filter(package__in=packages).select_related("package__council")
    news = NewsItem.objects.published().filter(council=council).select_related("council")
    if connection.vendor == "postgresql":
        q = SearchQuery(query, config="dutch", search_type="websearch")
        matching = Organisation.objects.alias(v=StoredSearchVector()).filter(v=q)
        members = members.filter(organisation__in=matching)
        packages = packages.alias(v=StoredSearchVector()).filter(v=q)
        actions = actions.alias(v=StoredSearchVector()).filter(v=q)
        news = news.alias(v=StoredSearchVector()).filter(v=q)
    else:
        members = members.filter(
            Q(organisation__name__icontains=query)
            | Q(organisation__intention_text__icontains=query)
        )
        packages = packages.filter(
            Q(title__icontains=query) | Q(aim__icontains=query) | Q(introduction__icontains=query)
        )
        actions = actions.filter(text__icontains=query)
        news = news.filter(Q(title__icontains=query) | Q(body__icontains=query))
    return {
        "members": list(members[:25]),
        "packages": list(packages.select_related("council")[:25]),
        "actions": list(actions[:25]),
        "news": list(news[:25]),
        "discussions": dialogue_selectors.search(council, query),
        "documents": library_selectors.search_public(council, query),
    }
