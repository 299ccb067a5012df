"""Server time per page at demo size and inside a big programme: ``make bench-scale``.

Empties the (benchmark) database, seeds the demo and the 500-signature package,
measures each listed page's median server time in-process with Django's test client
(no network, no gunicorn: the time Django spends from request to response), then
builds the synthetic programme with ``seed_scale`` and measures the same pages again.
``--explain`` adds the EXPLAIN ANALYZE of the search queries inside the programme.
"""

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
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
        call_command("flush", interactive=False, verbosity=0)
        prepare_demo_size()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        pages = bench_pages()
        self.stdout.write("Demo size: measuring...")
        demo = self._measure(pages, requests)
        self.stdout.write("Building the programme (seed_scale)...")
        call_command(
            "seed_scale",
            **{k: sizes[k] for k in ("councils", "organisations", "packages", "signatures")},
            stdout=self.stdout,
        )
        self.stdout.write("Inside the programme: measuring...")
        scale = self._measure(pages, requests)

        self.stdout.write("")
        self.stdout.write(
            f"Median server time of {requests} requests per page, in-process (Django test "
            "client, no network), after 3 warm-up requests; database "
            f"{connection.vendor}; programme: {Ketenoverleg.objects.count()} councils."
        )
        self.stdout.write(f"{'page':32} {'demo ms':>9} {'programme ms':>13} {'ratio':>6}")
        for page in pages:
            before, after = demo[page.label], scale[page.label]
            self.stdout.write(
                f"{page.label:32} {before:>9.1f} {after:>13.1f} {after / before:>6.2f}"
            )
        self._search_times()
        if explain:
            self._explain()

    def _measure(self, pages: list[Page], requests: int) -> dict[str, float]:
        anonymous = Client(HTTP_HOST="127.0.0.1")
        logged_in = Client(HTTP_HOST="127.0.0.1")
        logged_in.force_login(secretaris())
        medians = {}
        for page in pages:
            client = logged_in if page.as_secretaris else anonymous
            times = []
            for i in range(3 + requests):
                start = time.perf_counter()
                response = client.get(page.url)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise CommandError(f"{page.label} ({page.url}): {response.status_code}")
                if i >= 3:
                    times.append(elapsed * 1000)
            medians[page.label] = statistics.median(times)
        return medians

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
