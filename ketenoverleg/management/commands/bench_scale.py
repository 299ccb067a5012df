"""Server time per page at demo size and inside a big programme: ``make bench-scale``.

Builds two copies of the site in the (benchmark) database: the demo with the
500-signature package in a schema of its own (``bench_demo``), and in the ordinary
schema, emptied first, the same demo inside the synthetic programme of ``seed_scale``.
Then it times each listed page in-process with Django's test client (no network, no
gunicorn: the time Django spends from request to response), switching the connection's
``search_path`` between the two copies round by round, so that whatever else loads
the machine hits both alike. ``--explain`` adds the EXPLAIN ANALYZE of the search
queries inside the programme.
"""

import statistics
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ketenoverleg.management.benchmark import (
    SCALE_SLUG_PREFIX,
    Page,
    bench_pages,
    prepare_demo_size,
    refuse_real_data,
    secretaris,
)
from ketenoverleg.models import Ketenoverleg
from public.selectors import search

DEMO_SCHEMA = "bench_demo"
PROGRAMME_SCHEMA = "public"
ROUNDS = 3
_schema = [PROGRAMME_SCHEMA]


def _set_search_path(sender=None, connection=connection, **kwargs) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET search_path TO {_schema[0]}")


def use_schema(name: str) -> None:
    """Point this process's connection (and any new one) at one copy of the site."""
    _schema[0] = name
    _set_search_path()
    ContentType.objects.clear_cache()  # ids differ between the copies


SEARCHES = [("beton-groningen", "granulaat"), (f"{SCALE_SLUG_PREFIX}0001", "gerecycled materiaal")]


class Command(BaseCommand):
    help = "Median server time per page at demo size and inside a synthetic programme."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
        parser.add_argument("--councils", type=int, default=200)
        parser.add_argument("--organisations", type=int, default=100_000)
        parser.add_argument("--packages", type=int, default=10_000)
        parser.add_argument("--signatures", type=int, default=1_000_000)
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the search")

    def handle(self, *args, requests, explain, **sizes):
        if connection.vendor != "postgresql":
            raise CommandError("bench-scale needs PostgreSQL (seed_scale): set DATABASE_URL.")
        if settings.DEBUG:
            self.stderr.write(
                "Let op: DEBUG staat aan; make bench-scale meet met productie-instellingen."
            )
        refuse_real_data()
        connection_created.connect(_set_search_path, dispatch_uid="bench_scale_schema")
        try:
            self._run(requests, explain, sizes)
        finally:
            use_schema(PROGRAMME_SCHEMA)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {DEMO_SCHEMA} CASCADE")
            connection_created.disconnect(dispatch_uid="bench_scale_schema")

    def _run(self, requests: int, explain: bool, sizes: dict) -> None:
        self.stdout.write(f"Demo size, in schema {DEMO_SCHEMA}...")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {DEMO_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {DEMO_SCHEMA}")
        use_schema(DEMO_SCHEMA)
        call_command("migrate", interactive=False, verbosity=0)
        prepare_demo_size()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        self.stdout.write("The demo inside the programme (seed_scale)...")
        use_schema(PROGRAMME_SCHEMA)
        call_command("flush", interactive=False, verbosity=0)
        prepare_demo_size()
        call_command(
            "seed_scale",
            **{k: sizes[k] for k in ("councils", "organisations", "packages", "signatures")},
            stdout=self.stdout,
        )
        councils = Ketenoverleg.objects.count()

        self.stdout.write("Measuring, the two copies in turn...")
        demo, programme = self._measure(requests)

        self.stdout.write("")
        self.stdout.write(
            f"Median server time of {requests} requests per page and copy, in-process (Django "
            f"test client, no network), in {ROUNDS} rounds that switch between the copies, "
            f"each after a warm-up request; database {connection.vendor}; "
            f"programme: {councils} councils."
        )
        self.stdout.write(f"{'page':32} {'demo ms':>9} {'programme ms':>13} {'ratio':>6}")
        for label, before in demo.items():
            after = programme[label]
            self.stdout.write(f"{label:32} {before:>9.1f} {after:>13.1f} {after / before:>6.2f}")
        self._search_times()
        if explain:
            self._explain()

    def _measure(self, requests: int) -> tuple[dict[str, float], dict[str, float]]:
        copies = {}
        for schema in (DEMO_SCHEMA, PROGRAMME_SCHEMA):
            use_schema(schema)
            anonymous = Client(HTTP_HOST="127.0.0.1")
            logged_in = Client(HTTP_HOST="127.0.0.1")
            logged_in.force_login(secretaris())
            copies[schema] = (bench_pages(), anonymous, logged_in)
        times: dict[str, dict[str, list[float]]] = {DEMO_SCHEMA: {}, PROGRAMME_SCHEMA: {}}
        labels = [page.label for page in copies[DEMO_SCHEMA][0]]
        per_round = max(1, requests // ROUNDS)
        for index, label in enumerate(labels):
            for _ in range(ROUNDS):
                for schema, (pages, anonymous, logged_in) in copies.items():
                    use_schema(schema)
                    page = pages[index]
                    client = logged_in if page.as_secretaris else anonymous
                    times[schema].setdefault(label, []).extend(self._time(client, page, per_round))
        use_schema(PROGRAMME_SCHEMA)
        return (
            {label: statistics.median(times[DEMO_SCHEMA][label]) for label in labels},
            {label: statistics.median(times[PROGRAMME_SCHEMA][label]) for label in labels},
        )

    def _time(self, client: Client, page: Page, requests: int) -> list[float]:
        times = []
        for i in range(1 + requests):
            start = time.perf_counter()
            response = client.get(page.url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise CommandError(f"{page.label} ({page.url}): {response.status_code}")
            if i:
                times.append(elapsed * 1000)
        return times

    def _search_times(self) -> None:
        self.stdout.write("")
        self.stdout.write("public.selectors.search() inside the programme, median of 15 calls:")
        for slug, query in SEARCHES:
            council = Ketenoverleg.objects.get(slug=slug)
            times = []
            for _ in range(18):
                start = time.perf_counter()
                found = search(council, query)
                times.append((time.perf_counter() - start) * 1000)
            counts = ", ".join(f"{len(v)} {k}" for k, v in found.items())
            self.stdout.write(
                f"  {slug} q={query!r}: {statistics.median(times[3:]):.1f} ms ({counts})"
            )

    def _explain(self) -> None:
        for slug, query in SEARCHES:
            council = Ketenoverleg.objects.get(slug=slug)
            with CaptureQueriesContext(connection) as captured:
                search(council, query)
            for q in captured.captured_queries:
                self.stdout.write(f"\n-- search in {slug} for {query!r}")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    for (line,) in cursor.fetchall():
                        self.stdout.write(line)
