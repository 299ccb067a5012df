"""What ``make bench`` and ``make bench-scale`` share: the data they need, the pages
they measure, and the guard that keeps them (and ``seed_scale``) off a real database.

Part of the composition root: it reads every app's models.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actionpackages.models import (
    Action,
    Commitment,
    Indicator,
    Package,
    PackageVersion,
    Signature,
)
from ketenoverleg import demo
from ketenoverleg.models import Geleding, Ketenoverleg, User
from meetings.models import Meeting
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation
from startup import demo as startup_demo

# The council that holds the package with many signatures (beside the demo councils).
BIG_PACKAGE_SLUG = "bench-ondertekenaars"
BIG_PACKAGE_SIGNATURES = 500
# Councils and users that seed_scale makes carry these marks.
SCALE_SLUG_PREFIX = "schaal-"
SCALE_EMAIL_DOMAIN = "@schaal.invalid"

# The demo councils, the council the kwartiermaker starts in the demo, and the benchmark's.
GENERATED_SLUGS = {c["slug"] for c in demo.COUNCILS} | {startup_demo.SLUG, BIG_PACKAGE_SLUG}
SECRETARIS_EMAIL = "secretaris@beton-groningen.demo"


def refuse_real_data() -> None:
    """Stop unless the database is empty or holds only what seed_demo, the benchmarks
    and seed_scale make: they add users with a public password and flush the tables."""
    councils = Ketenoverleg.objects.exclude(slug__in=GENERATED_SLUGS).exclude(
        slug__startswith=SCALE_SLUG_PREFIX
    )
    users = User.objects.exclude(Q(email__endswith=".demo") | Q(email__endswith=SCALE_EMAIL_DOMAIN))
    found = [
        f"{n} {what}"
        for n, what in [
            (councils.count(), "ketenoverleg(gen) die niet van de demo of de benchmark zijn"),
            (users.count(), "gebruiker(s) die niet van de demo of de benchmark zijn"),
        ]
        if n
    ]
    if found:
        raise CommandError(
            "Deze database bevat echte gegevens ("
            + "; ".join(found)
            + "). De benchmark en seed_scale draaien alleen op een lege database of een "
            "database met alleen demo- en benchmarkgegevens: geef een eigen DATABASE_URL."
        )


def prepare_demo_size() -> None:
    """The demo councils plus one package with 500 signatures (idempotent)."""
    call_command("seed_demo", stdout=io.StringIO())
    ensure_big_package()


@transaction.atomic
def ensure_big_package(signatures: int = BIG_PACKAGE_SIGNATURES) -> Package:
    """A council whose open package is signed by ``signatures`` member organisations,
    each committing to the action of its own geleding."""
    existing = Package.objects.filter(council__slug=BIG_PACKAGE_SLUG).first()
    if existing:
        return existing
    council = Ketenoverleg.objects.create(
        name="Benchmark: verfketen met 500 ondertekenaars",
        slug=BIG_PACKAGE_SLUG,
        product_category="Verf",
        area="Gemeente Benchmark",
        goal="Een verfketen zonder verfresten: inzamelen, hergebruiken en duurzame verf.",
        penvoerder="Stichting Benchmark",
        contact_email="bench@ketenoverleg.demo",
    )
    geledingen = list(Geleding.values)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Verfpartner {i + 1:03d} {Geleding(geledingen[i % 6]).label}",
            place="Benchmark",
            intention_text="Wij brengen verfresten terug in de keten en kiezen duurzame verf.",
        )
        for i in range(signatures)
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            organisation=o,
            council=council,
            status=MembershipStatus.TOEGELATEN,
            supports_goal=True,
            listing_consent=True,
        )
        for o in organisations
    )
    MembershipGeleding.objects.bulk_create(
        MembershipGeleding(membership=m, geleding=geledingen[i % 6])
        for i, m in enumerate(memberships)
    )
    package = Package.objects.create(
        council=council,
        title="Verfresten terug in de keten",
        aim="Minder verfresten bij het restafval en meer hergebruik van verf.",
        introduction="Elke partij zet een kleine stap binnen de eigen bedrijfsvoering.",
        status=Package.Status.OPEN,
        starts_on=timezone.localdate(),
    )
    actions = {
        g: Action.objects.create(
            package=package,
            geleding=g,
            text=f"De partijen uit de geleding {Geleding(g).label.lower()} nemen verfresten "
            "terug en melden elk kwartaal hoeveel.",
            position=i,
        )
        for i, g in enumerate(geledingen)
    }
    text = f"{package.title}\n{package.aim}"
    version = PackageVersion.objects.create(
        package=package, number=1, text=text, sha256=PackageVersion.digest(text), reason="bench"
    )
    start = timezone.now() - timedelta(days=60)
    signed = Signature.objects.bulk_create(
        Signature(
            package=package,
            version=version,
            organisation=o,
            signer_name=f"Ondertekenaar {i + 1}",
            signed_at=start + timedelta(minutes=7 * i),
            text_sha256=version.sha256,
        )
        for i, o in enumerate(organisations)
    )
    Commitment.objects.bulk_create(
        Commitment(signature=s, action=actions[geledingen[i % 6]]) for i, s in enumerate(signed)
    )
    return package


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    as_secretaris: bool = False


def bench_pages() -> list[Page]:
    """The pages the issue lists, in the demo council (and the 500-signature package)."""
    council = Ketenoverleg.objects.get(slug=demo.DEMO_SLUG)
    slug = council.slug
    package = Package.objects.public().filter(council=council).order_by("pk").first()
    big = Package.objects.get(council__slug=BIG_PACKAGE_SLUG)
    indicator = Indicator.objects.filter(package=package).order_by("pk").first()
    meeting = (
        Meeting.objects.filter(council=council, kind=Meeting.Kind.KERNTEAM)
        .past()
        .order_by("-starts_at")
        .first()
    )
    return [
        Page("ledenlijst", f"/{slug}/leden/"),
        Page("council page", f"/{slug}/"),
        Page("package page", package.get_absolute_url()),
        Page("package page, 500 signatures", big.get_absolute_url()),
        Page("trendlijst", f"/{slug}/trendlijst/"),
        Page("indicator page", indicator.get_absolute_url()),
        Page("programme overview", "/programma/"),
        Page("news", f"/{slug}/nieuws/"),
        Page("search", f"/{slug}/zoeken/?q=granulaat"),
        Page("probleemlijst (secretaris)", f"/{slug}/probleemlijst/", as_secretaris=True),
        Page("projectlijst (secretaris)", f"/{slug}/projecten/", as_secretaris=True),
        Page("trendlijst (secretaris)", f"/{slug}/trendlijst/", as_secretaris=True),
        Page("meeting page (secretaris)", meeting.get_absolute_url(), as_secretaris=True),
        Page("package page (secretaris)", package.get_absolute_url(), as_secretaris=True),
    ]


def secretaris() -> User:
    return User.objects.get(email=SECRETARIS_EMAIL)
