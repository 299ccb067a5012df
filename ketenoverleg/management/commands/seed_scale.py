"""A synthetic programme to measure the site at scale: ``manage.py seed_scale``.

By default 200 councils, 100,000 member organisations (one membership each, in one or
two geledingen), 10,000 action packages with 12 actions each, 1,000,000 signatures with
two commitments each, a trend indicator with four measurements per public package, and
per council a secretaris, news, meetings with agenda items, issues and projects. Rows
are made by ``INSERT ... SELECT`` over ``generate_series`` on PostgreSQL, so the default
size takes minutes, not hours.

Only for a benchmark database: it refuses a database that holds anything but demo,
benchmark or earlier seed_scale data (``--replace`` empties such a database first
and seeds the demo again).
"""

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg2.extensions import adapt

from actionpackages.models import (
    Action,
    Commitment,
    Indicator,
    Measurement,
    Package,
    PackageVersion,
    Signature,
)
from ketenoverleg.management.benchmark import (
    SCALE_EMAIL_DOMAIN,
    SCALE_SLUG_PREFIX,
    prepare_demo_size,
    refuse_real_data,
)
from ketenoverleg.models import Geleding, Ketenoverleg, NewsItem, Role, RoleAssignment, User
from ketenoverleg.roles import roles_changed
from meetings.models import AgendaItem, Meeting, Section
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation
from projects.models import Issue, Project

ACTIONS_PER_PACKAGE = 12  # two per geleding
NEWS_PER_COUNCIL = 10
MEETINGS_PER_COUNCIL = 8
ITEMS_PER_MEETING = 6
ISSUES_PER_COUNCIL = 15
PROJECTS_PER_COUNCIL = 5
MEASUREMENTS_PER_INDICATOR = 4
ADMITTED_SHARE = 0.95  # the rest of a council's organisations have applied
# Package status by the package's number within its council, modulo 10: seven in ten
# are public.
PACKAGE_STATUSES = [
    Package.Status.CONCEPT,
    Package.Status.CONSULTATIE,
    Package.Status.VASTGESTELD,
    Package.Status.OPEN,
    Package.Status.OPEN,
    Package.Status.LOPEND,
    Package.Status.LOPEND,
    Package.Status.LOPEND,
    Package.Status.LOPEND,
    Package.Status.AFGESLOTEN,
]
PRODUCTS = ["Beton", "Verf", "Meubels", "Textiel", "Voedsel", "Glas", "Hout", "Kunststof"]
ORGANISATION_WORDS = [
    "Bouwbedrijf",
    "Groothandel",
    "Recyclingbedrijf",
    "Hogeschool",
    "Gemeente",
    "Stichting",
    "Leverancier",
    "Adviesbureau",
    "Aannemer",
    "Inzamelaar",
    "Fabrikant",
    "Netwerk",
]
PLACES = ["Assen", "Zwolle", "Leeuwarden", "Emmen", "Deventer", "Almere", "Breda", "Tilburg"]
INTENTIONS = [
    "Wij kiezen bij elke bestelling voor gerecycled materiaal waar dat kan.",
    "Wij nemen restmateriaal terug van onze klanten en verwerken het opnieuw.",
    "Wij leiden studenten op in circulair ontwerpen en repareren.",
    "Wij schrijven in onze aanbestedingen herbruikbare producten voor.",
    "Wij meten elk jaar hoeveel afval wij voorkomen en publiceren dat.",
    "Wij verbinden partijen in de keten en delen goede voorbeelden.",
]
TOPICS = [
    "meer hergebruik",
    "minder restafval",
    "duurzaam inkopen",
    "terugnameregeling",
    "reparatie als standaard",
    "gerecycled materiaal in bestekken",
]


def _literal(value) -> str:
    return adapt(value).getquoted().decode()


def _default(field: models.Field) -> str | None:
    """SQL for a field's value when the seed gives none (None: leave it NULL)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.has_default():
        default = field.default
        if default is timezone.now:
            return "now()"
        if default is timezone.localdate:
            return "current_date"
        value = default() if callable(default) else default
        if isinstance(field, models.JSONField):
            return f"{_literal(json.dumps(value))}::jsonb"
        return _literal(value)
    if field.null:
        return None
    if field.blank and isinstance(field, models.CharField | models.TextField):
        return "''"
    raise CommandError(f"seed_scale weet niet wat in {field.model.__name__}.{field.name} moet.")


def insert_select(model, values: dict[str, str], source: str) -> int:
    """``INSERT INTO`` the model's table ``SELECT`` the given SQL per field, ``FROM``
    ``source``; fields not given get their default, so a new field with a default does
    not break the seed. Only our own constants and numbers go into the SQL."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        expression = values.pop(field.name, None)
        if expression is None:
            expression = _default(field)
        if expression is not None:
            columns.append(connection.ops.quote_name(field.column))
            expressions.append(expression)
    if values:
        raise CommandError(f"Onbekende velden voor {model.__name__}: {', '.join(values)}")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _array(values) -> str:
    """A SQL text array literal of our own constants (no quotes inside)."""
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def _sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


class Command(BaseCommand):
    help = "Build a synthetic programme of many councils (PostgreSQL; benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=200)
        parser.add_argument("--organisations", type=int, default=100_000)
        parser.add_argument("--packages", type=int, default=10_000)
        parser.add_argument("--signatures", type=int, default=1_000_000)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="empty the (demo and benchmark only) database first and seed the demo again",
        )

    def handle(self, *args, councils, organisations, packages, signatures, replace, **options):
        refuse_real_data()
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale bouwt met PostgreSQL-SQL (generate_series): "
                "zet DATABASE_URL op een PostgreSQL-database voor de benchmark."
            )
        existing = Ketenoverleg.objects.filter(slug__startswith=SCALE_SLUG_PREFIX).exists()
        if existing and not replace:
            raise CommandError(
                "Deze database bevat al een synthetisch programma; "
                "geef --replace om opnieuw te beginnen."
            )
        if replace:
            call_command("flush", interactive=False, verbosity=0)
            prepare_demo_size()
        sizes = self._check_sizes(councils, organisations, packages, signatures)
        started = time.monotonic()
        with transaction.atomic():
            _sql("SET LOCAL synchronous_commit = off")
            self._seed(**sizes)
        # The per-council counters the programme overview reads (public.figures), by
        # name: the command lives on a floor below the public site.
        call_command("figures_recount", verbosity=0)
        roles_changed()  # rows written by SQL, past the models' signals
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetisch programma klaar in {time.monotonic() - started:.0f} s:"
            )
        )
        for model in [
            Ketenoverleg,
            Organisation,
            Membership,
            MembershipGeleding,
            Package,
            Action,
            Signature,
            Commitment,
            Indicator,
            Measurement,
        ]:
            self.stdout.write(f"  {model._meta.db_table:32} {model.objects.count():>10,}")

    def _check_sizes(self, councils, organisations, packages, signatures) -> dict:
        if min(councils, organisations, packages, signatures) < 1:
            raise CommandError("Alle aantallen moeten ten minste 1 zijn.")
        if organisations < councils:
            raise CommandError("Geef ten minste één organisatie per ketenoverleg.")
        per_council = organisations // councils
        admitted = max(1, int(per_council * ADMITTED_SHARE))
        public_statuses = {Package.Status.OPEN, Package.Status.LOPEND, Package.Status.AFGESLOTEN}
        public = sum(
            1 for p in range(packages) if PACKAGE_STATUSES[(p // councils) % 10] in public_statuses
        )
        if public == 0:
            raise CommandError(
                "Geen enkel actiepakket wordt openbaar: geef er meer dan drie per ketenoverleg."
            )
        if signatures > public * admitted:
            raise CommandError(
                f"Te veel ondertekeningen: {public} openbare pakketten met elk ten hoogste "
                f"{admitted} toegelaten leden geven er ten hoogste {public * admitted}."
            )
        return {
            "councils": councils,
            "per_council": per_council,
            "admitted": admitted,
            "packages": packages,
            "signatures": signatures,
        }

    def _step(self, label: str, rows: int, since: float) -> None:
        self.stdout.write(f"  {label:34} {rows:>10,} rijen  {time.monotonic() - since:6.1f} s")

    def _seed(self, *, councils, per_council, admitted, packages, signatures) -> None:
        t = time.monotonic()
        organisations = councils * per_council
        geledingen = _array(Geleding.values)
        n = insert_select(
            Ketenoverleg,
            {
                "name": f"'Schaalketenoverleg ' || ({_array(PRODUCTS)})[1 + g % {len(PRODUCTS)}]"
                " || ' ' || lpad(g::text, 4, '0')",
                "slug": f"'{SCALE_SLUG_PREFIX}' || lpad(g::text, 4, '0')",
                "product_category": f"({_array(PRODUCTS)})[1 + g % {len(PRODUCTS)}]",
                "area": "'Regio ' || lpad(g::text, 4, '0')",
                "goal": "'De keten in deze regio samen verduurzamen, stap voor stap.'",
                "penvoerder": "'Gemeente Regio ' || g",
                "contact_email": f"'secretariaat-' || g || '{SCALE_EMAIL_DOMAIN}'",
                "founded_on": "date '2015-01-01' + g",
            },
            f"generate_series(0, {councils} - 1) AS g",
        )
        self._step("ketenoverleggen", n, t)
        _sql(
            "CREATE TEMP TABLE scale_council ON COMMIT DROP AS SELECT id, "
            f"substr(slug, {len(SCALE_SLUG_PREFIX) + 1})::int AS c FROM ketenoverleg_ketenoverleg "
            f"WHERE slug LIKE '{SCALE_SLUG_PREFIX}%'"
        )
        _sql("CREATE UNIQUE INDEX ON scale_council (c)")

        t = time.monotonic()
        n = insert_select(
            User,
            {
                "password": "'!'",
                "first_name": "'Secretaris'",
                "last_name": "'Regio ' || sc.c",
                "email": f"'secretaris-' || sc.c || '{SCALE_EMAIL_DOMAIN}'",
            },
            "scale_council sc",
        )
        _sql(
            "CREATE TEMP TABLE scale_user ON COMMIT DROP AS SELECT u.id, sc.c, sc.id AS council_id "
            "FROM ketenoverleg_user u JOIN scale_council sc "
            f"ON u.email = 'secretaris-' || sc.c || '{SCALE_EMAIL_DOMAIN}'"
        )
        insert_select(
            RoleAssignment,
            {
                "user": "su.id",
                "council": "su.council_id",
                "role": f"'{Role.SECRETARIS.value}'",
                "starts_on": "date '2024-01-01'",
            },
            "scale_user su",
        )
        self._step("secretarissen", n, t)

        t = time.monotonic()
        floor = Organisation.objects.aggregate(m=models.Max("pk"))["m"] or 0
        n = insert_select(
            Organisation,
            {
                "name": f"({_array(ORGANISATION_WORDS)})[1 + g % {len(ORGANISATION_WORDS)}]"
                f" || ' ' || ({_array(PRODUCTS)})[1 + (g / 7) % {len(PRODUCTS)}]"
                " || ' ' || lpad(g::text, 6, '0')",
                "place": f"({_array(PLACES)})[1 + g % {len(PLACES)}]",
                "intention_text": f"({_array(INTENTIONS)})[1 + (g / 3) % {len(INTENTIONS)}]",
            },
            f"generate_series(0, {organisations} - 1) AS g ORDER BY g",
        )
        # Organisation number n belongs to council n % councils as its member n / councils.
        _sql(
            "CREATE TEMP TABLE scale_org ON COMMIT DROP AS SELECT id, "
            f"row_number() OVER (ORDER BY id) - 1 AS n FROM members_organisation WHERE id > {floor}"
        )
        _sql("CREATE UNIQUE INDEX ON scale_org (n)")
        _sql("CREATE UNIQUE INDEX ON scale_org (id)")
        self._step("organisaties", n, t)

        t = time.monotonic()
        n = insert_select(
            Membership,
            {
                "organisation": "so.id",
                "council": "sc.id",
                "status": f"CASE WHEN so.n / {councils} < {admitted} "
                f"THEN '{MembershipStatus.TOEGELATEN.value}' "
                f"ELSE '{MembershipStatus.AANGEVRAAGD.value}' END",
                "supports_goal": "true",
                "listing_consent": f"(so.n / {councils}) % 10 <> 9",
                "applied_at": "now() - (so.n % 1000) * interval '1 day'",
            },
            f"scale_org so JOIN scale_council sc ON sc.c = so.n % {councils}",
        )
        self._step("lidmaatschappen", n, t)
        t = time.monotonic()
        n = insert_select(
            MembershipGeleding,
            {"membership": "m.id", "geleding": f"({geledingen})[1 + x.k]"},
            "members_membership m JOIN scale_org so ON so.id = m.organisation_id "
            "CROSS JOIN LATERAL (SELECT so.n % 6 AS k UNION ALL "
            "SELECT (so.n + 1) % 6 WHERE so.n % 3 = 0) x",
        )
        self._step("geledingen van leden", n, t)

        t = time.monotonic()
        floor = Package.objects.aggregate(m=models.Max("pk"))["m"] or 0
        n = insert_select(
            Package,
            {
                "council": "sc.id",
                "title": "'Actiepakket ' || g || ': ' "
                f"|| ({_array(TOPICS)})[1 + g % {len(TOPICS)}]",
                "aim": f"'Samen werken aan ' || ({_array(TOPICS)})[1 + g % {len(TOPICS)}] "
                "|| ' in de keten.'",
                "introduction": "'Iedere partij zet een kleine stap binnen de eigen bedrijfsvoering.'",
                # Package g is package g / councils of council g % councils.
                "status": f"({_array(PACKAGE_STATUSES)})[1 + (g / {councils}) % 10]",
                "starts_on": f"CASE WHEN (g / {councils}) % 10 >= 3 "
                "THEN current_date - (g % 700) END",
            },
            f"generate_series(0, {packages} - 1) AS g JOIN scale_council sc ON sc.c = g % {councils} "
            "ORDER BY g",
        )
        _sql(
            "CREATE TEMP TABLE scale_package ON COMMIT DROP AS SELECT id, council_id, status, "
            "starts_on, row_number() OVER (ORDER BY id) - 1 AS p FROM actionpackages_package "
            f"WHERE id > {floor}"
        )
        self._step("actiepakketten", n, t)

        t = time.monotonic()
        n = insert_select(
            Action,
            {
                "package": "sp.id",
                "geleding": f"({geledingen})[1 + k % 6]",
                "text": "'Partijen uit de geleding ' || "
                f"({geledingen})[1 + k % 6] || ' werken aan ' || "
                f"({_array(TOPICS)})[1 + (sp.p + k) % {len(TOPICS)}] || ' (actie ' || k || ').'",
                "position": "k",
            },
            f"scale_package sp CROSS JOIN generate_series(0, {ACTIONS_PER_PACKAGE - 1}) AS k",
        )
        self._step("acties", n, t)

        t = time.monotonic()
        insert_select(
            PackageVersion,
            {
                "package": "sp.id",
                "number": "1",
                "text": "'Tekst van actiepakket ' || sp.p",
                "sha256": "md5('pakket' || sp.p) || md5('versie' || sp.p)",
                "reason": "'Open voor ondertekening'",
            },
            "scale_package sp WHERE sp.status NOT IN ('concept', 'consultatie')",
        )
        _sql(
            "CREATE TEMP TABLE scale_public ON COMMIT DROP AS SELECT sp.id, sp.starts_on, "
            "v.id AS version_id, v.sha256, sc.c, row_number() OVER (ORDER BY sp.id) - 1 AS pp "
            "FROM scale_package sp JOIN actionpackages_packageversion v ON v.package_id = sp.id "
            "JOIN scale_council sc ON sc.id = sp.council_id "
            "WHERE sp.status IN ('open', 'lopend', 'afgesloten')"
        )
        _sql("CREATE UNIQUE INDEX ON scale_public (pp)")
        public = (
            Package.objects.public().filter(council__slug__startswith=SCALE_SLUG_PREFIX).count()
        )
        self._step("versies", public, t)

        t = time.monotonic()
        floor = Signature.objects.aggregate(m=models.Max("pk"))["m"] or 0
        # Signature g goes to public package g % public, signed by that council's
        # admitted member (g / public + 7 * package) % admitted: never twice the same.
        n = insert_select(
            Signature,
            {
                "package": "spp.id",
                "version": "spp.version_id",
                "organisation": "so.id",
                "signer_name": "'Ondertekenaar ' || g",
                "signed_at": "spp.starts_on - 30 + (g % 60) * interval '1 day'",
                "text_sha256": "spp.sha256",
            },
            f"generate_series(0, {signatures} - 1) AS g "
            f"JOIN scale_public spp ON spp.pp = g % {public} "
            "JOIN scale_org so ON so.n = "
            f"((g / {public} + 7 * spp.pp) % {admitted}) * {councils} + spp.c",
        )
        self._step("ondertekeningen", n, t)

        t = time.monotonic()
        n = insert_select(
            Commitment,
            {
                "signature": "s.id",
                "action": "a.id",
            },
            "actionpackages_signature s JOIN scale_org so ON so.id = s.organisation_id "
            "JOIN actionpackages_action a ON a.package_id = s.package_id "
            f"AND a.geleding = ({geledingen})[1 + so.n % 6] WHERE s.id > {floor}",
        )
        self._step("toezeggingen", n, t)

        t = time.monotonic()
        n = insert_select(
            Indicator,
            {
                "package": "spp.id",
                "name": "'Aandeel gerecycled materiaal (pakket ' || spp.pp || ')'",
                "kind": "'effect'",
                "unit": "'%'",
                "method": "'Opgave van de leveranciers, gewogen naar volume.'",
                "source": "'Leveranciers in het werkgebied'",
                "frequency": "'Elk kwartaal'",
                "measured_by": "'Kenniscentrum'",
                "baseline_value": "4 + spp.pp % 5",
                "baseline_on": "spp.starts_on - 365",
                "target_value": "15",
            },
            "scale_public spp",
        )
        insert_select(
            Measurement,
            {
                "indicator": "i.id",
                "measured_on": "i.baseline_on + 91 * q",
                "value": "i.baseline_value + q",
                "source": "'Opgave leveranciers'",
            },
            "actionpackages_indicator i JOIN scale_public spp ON spp.id = i.package_id "
            f"CROSS JOIN generate_series(1, {MEASUREMENTS_PER_INDICATOR}) AS q",
        )
        self._step("indicatoren", n, t)

        t = time.monotonic()
        insert_select(
            NewsItem,
            {
                "council": "su.council_id",
                "title": "'Nieuws ' || k || ' over ' || "
                f"({_array(TOPICS)})[1 + (su.c + k) % {len(TOPICS)}]",
                "body": "'De leden van het ketenoverleg spraken af om samen te werken.'",
                "published_at": "now() - k * interval '20 days'",
                "author": "su.id",
            },
            f"scale_user su CROSS JOIN generate_series(1, {NEWS_PER_COUNCIL}) AS k",
        )
        insert_select(
            Meeting,
            {
                "council": "su.council_id",
                "kind": f"CASE WHEN k % 4 = 0 THEN '{Meeting.Kind.ALV.value}' "
                f"ELSE '{Meeting.Kind.KERNTEAM.value}' END",
                "title": "'Vergadering ' || k",
                "starts_at": "now() - (k * 91 - 120) * interval '1 day'",
                "location": "'Gemeentehuis'",
            },
            f"scale_user su CROSS JOIN generate_series(1, {MEETINGS_PER_COUNCIL}) AS k",
        )
        insert_select(
            AgendaItem,
            {
                "meeting": "m.id",
                "section": f"({_array(Section.values)})[1 + k % {len(Section.values)}]",
                "position": "k",
                "title": "'Agendapunt ' || k",
            },
            "meetings_meeting m JOIN scale_council sc ON sc.id = m.council_id "
            f"CROSS JOIN generate_series(0, {ITEMS_PER_MEETING - 1}) AS k",
        )
        insert_select(
            Issue,
            {
                "council": "su.council_id",
                "title": f"'Vraagstuk ' || k || ': ' || ({_array(TOPICS)})[1 + k % {len(TOPICS)}]",
                "description": "'Een duurzaamheidsvraagstuk in de lokale keten.'",
                "geledingen": f"jsonb_build_array(({geledingen})[1 + k % 6])",
                "raised_on": "current_date - k * 30",
                "created_by": "su.id",
            },
            f"scale_user su CROSS JOIN generate_series(1, {ISSUES_PER_COUNCIL}) AS k",
        )
        n = insert_select(
            Project,
            {
                "council": "i.council_id",
                "title": "'Project bij ' || i.title",
                "issue": "i.id",
                "starts_on": "i.raised_on",
                "ends_on": "i.raised_on + 365",
                "leader": "su.id",
                "status": f"'{Project.Status.LOPEND.value}'",
            },
            "projects_issue i JOIN scale_user su ON su.council_id = i.council_id "
            f"WHERE i.title ~ '^Vraagstuk ([1-{PROJECTS_PER_COUNCIL}]):'",
        )
        self._step("nieuws, vergaderingen, projecten", n, t)
