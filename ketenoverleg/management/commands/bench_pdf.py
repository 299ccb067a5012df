"""Benchmark of the PDF pipeline: ``make bench-pdf``.

Builds representative documents in a transaction that is rolled back afterwards,
renders each one several times in a fresh child process, and prints the median
seconds and the child's peak memory next to a one-paragraph baseline. Then one
process renders 200 documents in a row and reports its memory along the way, to
show whether a long-running worker grows (the worker is also recycled every
CELERY_WORKER_MAX_TASKS_PER_CHILD tasks).
"""

import multiprocessing
import resource
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from actionpackages.models import Action, Commitment, Package, PackageVersion, Signature
from ketenoverleg import documents
from ketenoverleg.models import Geleding, Ketenoverleg
from ketenoverleg.services import statute_new_version
from meetings.models import AgendaItem, Meeting, Minutes, Section
from members.models import Membership, MembershipGeleding, Organisation


class _Rollback(Exception):
    pass


def _render_many(html: str, runs: int, queue) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = documents.html_to_pdf(html)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((times, peak_mb, len(pdf)))


def _measure(html: str, runs: int) -> tuple[float, float, int]:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_render_many, args=(html, runs, queue))
    child.start()
    times, peak_mb, size = queue.get()
    child.join()
    return statistics.median(times), peak_mb, size


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _in_a_row(html: str, first: int, count: int, queue) -> None:
    marks = []
    for i in range(first, first + count):
        documents.html_to_pdf(html)
        if i == 1 or i % 50 == 0:
            marks.append((i, _rss_mb()))
    queue.put(marks)


def _in_a_row_marks(html: str, total: int, per_child: int) -> list[tuple[int, float]]:
    """Render ``total`` PDFs, a fresh child process every ``per_child`` renders."""
    ctx = multiprocessing.get_context("fork")
    marks = []
    for first in range(1, total + 1, per_child):
        queue = ctx.Queue()
        child = ctx.Process(
            target=_in_a_row, args=(html, first, min(per_child, total - first + 1), queue)
        )
        child.start()
        marks.extend(queue.get())
        child.join()
    return marks


class Command(BaseCommand):
    help = "Render representative PDFs and print median seconds and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--in-a-row", type=int, default=200)

    def handle(self, *args, runs, in_a_row, **options):
        htmls = {}
        try:
            with transaction.atomic():
                htmls = self._build()
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(f"{'document':38} {'pages':>5} {'median s':>9} {'peak MB':>8}")
        for name, html in htmls.items():
            median, peak, size = _measure(html, runs)
            pages = documents.HTML(
                string=html, base_url="file:///", url_fetcher=documents.LocalOnlyFetcher()
            ).render()
            self.stdout.write(f"{name:38} {len(pages.pages):>5} {median:>9.3f} {peak:>8.0f}")
        html = htmls["statuut (model, 17 articles)"]
        per_child = settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
        self.stdout.write(f"\n{in_a_row} statutes rendered in a row, resident memory (MB):")
        self.stdout.write(
            "  one process, never recycled: "
            + ", ".join(
                f"after {i}: {mb:.0f}" for i, mb in _in_a_row_marks(html, in_a_row, in_a_row)
            )
        )
        self.stdout.write(
            f"  recycled every {per_child} tasks like the worker (CELERY_WORKER_MAX_TASKS_PER_CHILD): "
            + ", ".join(
                f"after {i}: {mb:.0f}" for i, mb in _in_a_row_marks(html, in_a_row, per_child)
            )
        )

    def _build(self) -> dict[str, str]:

        council = Ketenoverleg.objects.create(
            name="Benchmark Betonketenoverleg",
            slug="benchmark-beton",
            product_category="Beton",
            area="Gemeente Groningen",
            goal="Een betonketen die materialen in de kringloop houdt.",
            penvoerder="Gemeente Groningen",
            contact_email="bench@example.org",
        )
        statute = statute_new_version(council=council, by=None)

        geledingen = list(Geleding.values)
        for i in range(200):
            org = Organisation.objects.create(
                name=f"Organisatie {i:03d} Beton en Bouw",
                place="Groningen",
                intention_text="Wij bestellen en leveren beton met betongranulaat waar dat kan.",
            )
            membership = Membership.objects.create(
                organisation=org, council=council, status="toegelaten", listing_consent=True
            )
            MembershipGeleding.objects.create(membership=membership, geleding=geledingen[i % 6])

        package = Package.objects.create(
            council=council,
            title="Meer granulaatbeton",
            aim="Meer betongranulaat terug in nieuw beton.",
            introduction="Iedere partij zet een kleine stap binnen de eigen bedrijfsvoering.",
            status=Package.Status.OPEN,
            starts_on=timezone.localdate(),
        )
        actions = {
            g: Action.objects.create(
                package=package, geleding=g, text=f"Actie voor {g}: " + "x" * 80
            )
            for g in geledingen
        }
        version = PackageVersion.objects.create(
            package=package, number=1, text="tekst", sha256="0" * 64, reason="bench"
        )
        signatures = Signature.objects.bulk_create(
            Signature(
                package=package,
                version=version,
                organisation=membership.organisation,
                signer_name=f"Ondertekenaar {i}",
                text_sha256=version.sha256,
            )
            for i, membership in enumerate(
                Membership.objects.filter(council=council).select_related("organisation")
            )
        )
        Commitment.objects.bulk_create(
            Commitment(signature=s, action=actions[geledingen[i % 6]])
            for i, s in enumerate(signatures)
        )

        meeting = Meeting.objects.create(
            council=council,
            title="Kernteam (tien pagina's verslag)",
            starts_at=timezone.now() - timedelta(days=7),
            location="Stadhuis",
        )
        sections = list(Section.values)
        paragraph = (
            "Het kernteam bespreekt de voortgang van het actiepakket en de inbreng van de "
            "leden uit alle zes geledingen; de secretaris noteert de afspraken. "
        ) * 6
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                section=sections[i % len(sections)],
                position=i,
                title=f"Agendapunt {i + 1}",
                discussion=paragraph,
                decisions="Besloten wordt het voorstel over te nemen.",
            )
            for i in range(48)
        )
        Minutes.objects.create(meeting=meeting, summary="Verslag van een lange vergadering.")

        baseline = documents.DocumentKind(
            key="baseline",
            model=Ketenoverleg,
            template="pdf/baseline.html",
            title=lambda c: "Eén alinea",
            context=lambda c: {},
            council=lambda c: c,
            is_public=lambda c: True,
            can_view=lambda u, c: True,
        )
        return {
            "baseline (one paragraph)": documents.render_html(baseline, council),
            "statuut (model, 17 articles)": documents.render_html(
                documents.get_kind("statuut"), statute
            ),
            "verslag (kernteam, 48 items, ~10 pages)": documents.render_html(
                documents.get_kind("notulen"), meeting
            ),
            "intentieverklaring (200 signatories)": documents.render_html(
                documents.get_kind("intentieverklaring"), package
            ),
            "ledenlijst (200 members)": documents.render_html(
                documents.get_kind("ledenlijst"), council
            ),
        }
