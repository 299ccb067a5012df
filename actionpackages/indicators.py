"""Computed process indicators: figures the platform has itself (handbook 5.3:
"procesindicatoren"), measured automatically instead of typed in.

Each metric says what it counts (the method shown beside the figure) and computes the
value on a day from the records of members, meetings and action packages, read
through their selectors. ``None`` means there is nothing to measure yet.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionpackages import reviews, selectors
from actionpackages.models import Indicator, Metric, Package, PackageEvent
from exchange.selectors import matches_made
from ketenoverleg.models import Geleding
from meetings.models import Meeting
from meetings.selectors import KERNTEAM_INTERVAL_DAYS, meetings_held
from members.selectors import member_totals, members_per_geleding

# "About four times a year" (handbook 4.3.1): the rhythm the kernteam meetings are
# compared with.
KERNTEAM_MEETINGS_A_YEAR = round(365 / KERNTEAM_INTERVAL_DAYS)


@dataclass(frozen=True)
class MetricSpec:
    unit: str
    method: str  # may use %(geleding)s
    compute: Callable[[Indicator, date], Decimal | None]
    needs_geleding: bool = False
    target: Decimal | None = None


def _signing_organisations(indicator: Indicator, on: date) -> Decimal:
    return Decimal(indicator.package.signatures.active().count())


def _participation(indicator: Indicator, on: date) -> Decimal | None:
    row = next(
        r for r in selectors.participation(indicator.package) if r["key"] == indicator.geleding
    )
    if not row["members"]:
        return None
    return (Decimal(100) * row["signed"] / row["members"]).quantize(Decimal("0.1"))


def _members(indicator: Indicator, on: date) -> Decimal:
    council = indicator.package.council
    if indicator.geleding:
        counts = members_per_geleding([council.pk], listed_only=False)
        return Decimal(counts.get((council.pk, indicator.geleding), 0))
    return Decimal(member_totals([council.pk], listed_only=False).get(council.pk, 0))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _kernteam_meetings(indicator: Indicator, on: date) -> Decimal:
    until = _end_of(on)
    return Decimal(
        meetings_held(
            indicator.package.council, Meeting.Kind.KERNTEAM, until - timedelta(days=365), until
        )
    )


def _packages_started(indicator: Indicator, on: date) -> Decimal:
    started = PackageEvent.objects.filter(
        package__council=indicator.package.council,
        to_status=Package.Status.LOPEND,
        at__gte=_end_of(date(on.year, 1, 1) - timedelta(days=1)),
        at__lt=_end_of(on),
    )
    return Decimal(started.values("package").distinct().count())


def _commitments_on_track(indicator: Indicator, on: date) -> Decimal | None:
    """Of the commitments reported in the latest round with reports: the share that is
    carried out or on schedule."""
    package = indicator.package
    review = reviews.current_review(package, on)
    if review is None:
        return None
    for number in range(review.number, 0, -1):
        rows = selectors.review_rows(package, reviews.review(package, number), on=on)
        reported = [c.report for r in rows for c in r.commitments if c.report]
        if reported:
            on_track = sum(1 for r in reported if not r.is_behind)
            return (Decimal(100) * on_track / len(reported)).quantize(Decimal("0.1"))
    return None


def _matches_made(indicator: Indicator, on: date) -> Decimal:
    council = indicator.package.council
    counts = matches_made([council.pk], date(on.year, 1, 1), on)
    return Decimal(counts[council.pk])


METRICS: dict[str, MetricSpec] = {
    Metric.ONDERTEKENAARS: MetricSpec(
        unit=_("organisaties"),
        method=_(
            "Telling van de geldige ondertekeningen van dit actiepakket op het platform, "
            "elke dag bijgewerkt."
        ),
        compute=_signing_organisations,
    ),
    Metric.DEELNAME_GELEDING: MetricSpec(
        unit="%",
        method=_(
            "Het deel van de toegelaten leden in de geleding %(geleding)s dat het actiepakket "
            "ondertekende, volgens het platform, elke dag bijgewerkt."
        ),
        compute=_participation,
        needs_geleding=True,
    ),
    Metric.LEDEN_GELEDING: MetricSpec(
        unit=_("leden"),
        method=_(
            "Het aantal toegelaten leden in de geleding %(geleding)s volgens de ledenadministratie "
            "van het platform, elke dag bijgewerkt."
        ),
        compute=_members,
    ),
    Metric.KERNTEAM_RITME: MetricSpec(
        unit=_("vergaderingen"),
        method=_(
            "Het aantal kernteamvergaderingen in de twaalf maanden tot de meetdatum, volgens "
            "de vergaderingen op het platform. Het ritme is vier per jaar (de streefwaarde)."
        ),
        compute=_kernteam_meetings,
        target=Decimal(KERNTEAM_MEETINGS_A_YEAR),
    ),
    Metric.PAKKETTEN_GESTART: MetricSpec(
        unit=_("actiepakketten"),
        method=_(
            "Het aantal actiepakketten van dit ketenoverleg dat in het kalenderjaar van de "
            "meetdatum van start ging, volgens het platform."
        ),
        compute=_packages_started,
    ),
    Metric.TOEZEGGINGEN_OP_SCHEMA: MetricSpec(
        unit="%",
        method=_(
            "Het deel van de gemelde toezeggingen dat is uitgevoerd of op schema ligt, in de "
            "laatste ronde van de jaarlijkse voortgang met meldingen."
        ),
        compute=_commitments_on_track,
    ),
    Metric.MATCHES_GEMAAKT: MetricSpec(
        unit=_("matches"),
        method=_(
            "Het aantal afspraken uit vraag en aanbod van dit ketenoverleg dat in het "
            "kalenderjaar van de meetdatum met een deal werd afgesloten, volgens het platform "
            "(een aanbod en een vraag met hetzelfde antwoord tellen als één)."
        ),
        compute=_matches_made,
    ),
}


def spec(indicator: Indicator) -> MetricSpec:
    return METRICS[indicator.metric]


def method_text(metric: str, geleding: str) -> str:
    label = Geleding(geleding).label if geleding else _("(alle geledingen)")
    return str(METRICS[metric].method) % {"geleding": label}


def compute(indicator: Indicator, on: date | None = None) -> Decimal | None:
    """The value of a computed indicator on ``on`` (default today)."""
    return spec(indicator).compute(indicator, on or timezone.localdate())


def computed_indicators(**scope):
    """Computed indicators of packages that are open or running, within ``scope``
    (``package=...`` or ``council=...``)."""
    filters = Q(package__status__in=[Package.Status.OPEN, Package.Status.LOPEND]) & ~Q(metric="")
    if "package" in scope:
        filters &= Q(package=scope["package"])
    if "council" in scope:
        filters &= Q(package__council=scope["council"])
    return Indicator.objects.filter(filters).select_related("package__council")
