"""Benchmark of the pages against a bare view: ``make bench``.

Starts gunicorn with the current settings (``make bench`` sets production ones) and
the benchmark URLconf, which adds a bare ``HttpResponse("ok")`` view to the site. Then,
with wrk as the load generator, it warms every page up and measures each page right
after the bare view, round after round, so that whatever else loads the machine hits
both alike. Prints per page the median requests per second, the bare view's, their
ratio and the 95th percentile latency.
"""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from ketenoverleg.bench_urls import BARE_PATH
from ketenoverleg.management.benchmark import (
    Page,
    bench_pages,
    prepare_demo_size,
    refuse_real_data,
    secretaris,
)
from ketenoverleg.models import Ketenoverleg

# wrk calls done() at the end of a run: print what we need on one line.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    bad_status: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Measure the listed pages against a bare view under gunicorn, with wrk."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--only", default="", help="measure only pages whose label contains this"
        )

    def handle(self, *args, rounds, duration, connections, threads, workers, only, **options):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed: apt-get install -y wrk")
        if settings.DEBUG:
            self.stderr.write(
                "Let op: DEBUG staat aan; make bench meet met productie-instellingen."
            )
        refuse_real_data()
        prepare_demo_size()
        pages = [p for p in bench_pages() if only in p.label]
        client = Client()
        client.force_login(secretaris())
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        connection.close()

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "report.lua"
            script.write_text(WRK_REPORT)
            server = self._start_gunicorn(port, workers, Path(tmp) / "gunicorn.log")
            try:
                self._wait_until_up(base + "/" + BARE_PATH, server)
                for page in pages:
                    self._check(base, page, cookie)

                def measure(url: str, with_cookie: bool, seconds: int) -> Run:
                    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
                    command += ["--timeout", "10s", "-s", str(script)]
                    if with_cookie:
                        command += ["-H", f"Cookie: {cookie}"]
                    out = subprocess.run(
                        [*command, base + url], capture_output=True, text=True, check=True
                    ).stdout
                    # Requests wrk left in the server's queue finish before the next run.
                    for _ in range(workers + 1):
                        urllib.request.urlopen(base + "/" + BARE_PATH, timeout=120).read()
                    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
                    n, micros, p50, p95, bad, errors = (float(v) for v in line.split()[1:])
                    return Run(int(n), micros / 1e6, p50 / 1000, p95 / 1000, int(bad), int(errors))

                bare = "/" + BARE_PATH
                self.stdout.write(f"Warming up ({len(pages) + 1} URLs)...")
                measure(bare, False, 2)
                for page in pages:
                    measure(page.url, page.as_secretaris, 2)
                results: dict[str, list[tuple[Run, Run]]] = {p.label: [] for p in pages}
                for r in range(1, rounds + 1):
                    self.stdout.write(f"Round {r} of {rounds}...")
                    for page in pages:
                        bare_run = measure(bare, page.as_secretaris, duration)
                        page_run = measure(page.url, page.as_secretaris, duration)
                        results[page.label].append((page_run, bare_run))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        self._report(pages, results, rounds, duration, connections, threads, workers)

    def _start_gunicorn(self, port: int, workers: int, log: Path) -> subprocess.Popen:
        # Same environment (and so the same SECRET_KEY: the session cookie stays valid).
        env = {**os.environ, "ROOT_URLCONF": "ketenoverleg.bench_urls"}
        command = [sys.executable, "-m", "gunicorn", "ketenoverleg.wsgi"]
        command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
        command += ["--error-logfile", str(log), "--log-level", "warning"]
        return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)

    def _wait_until_up(self, url: str, server: subprocess.Popen) -> None:
        for _ in range(100):
            if server.poll() is not None:
                raise CommandError("gunicorn stopped at once; see its messages above.")
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    if response.read() == b"ok":
                        return
            except OSError:  # not listening yet, or still loading the app
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer on {url}")

    def _check(self, base: str, page: Page, cookie: str) -> None:
        """Only a page that answers 200 (not a redirect to the login) is worth measuring."""
        request = urllib.request.Request(base + page.url)
        if page.as_secretaris:
            request.add_header("Cookie", cookie)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise CommandError(f"{page.label} ({page.url}) answered {status}, not 200.")

    def _report(self, pages, results, rounds, duration, connections, threads, workers):
        self.stdout.write("")
        self.stdout.write(
            f"wrk -t{threads} -c{connections} -d{duration}s, gunicorn {workers} sync workers, "
            f"{rounds} interleaved rounds (bare view right before each page); "
            f"database {connection.vendor} with {Ketenoverleg.objects.count()} councils; "
            "load average now " + " ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        header = f"{'page':32} {'page req/s':>16} {'bare req/s':>16} {'ratio':>6} {'p95 ms':>8} {'bare p95':>8}"
        self.stdout.write(header)
        for page in pages:
            runs = results[page.label]
            page_rates = [p.per_second for p, _ in runs]
            bare_rates = [b.per_second for _, b in runs]
            ratio = statistics.median(p.per_second / max(b.per_second, 1e-9) for p, b in runs)
            p95 = statistics.median(p.p95_ms for p, _ in runs)
            bare_p95 = statistics.median(b.p95_ms for _, b in runs)
            bad = sum(p.bad_status + p.socket_errors for p, _ in runs)
            self.stdout.write(
                f"{page.label:32} {_spread(page_rates):>16} {_spread(bare_rates):>16} "
                f"{ratio:>6.3f} {p95:>8.1f} {bare_p95:>8.1f}" + (f"  ({bad} errors)" if bad else "")
            )
        self.stdout.write(
            "req/s: median (lowest-highest) over the rounds; ratio: median of page/bare per "
            "round; p95: median over the rounds."
        )


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
