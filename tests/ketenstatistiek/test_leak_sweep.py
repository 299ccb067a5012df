"""No individual ketenstatistiek figure appears anywhere but on the submitting
organisation's own page, shown to its own representatives.

On top of the demo, members give distinctive figures (987654.321, ...) in a published,
an open and a closed period. Then every URL of the site (walked from the resolver, as
the smoke test does, plus every period, every organisation's own page, every admin page
of the app, the open data and the PDF) is read as every role, and each response is
searched for each figure in every notation the site could use.
"""

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import get_resolver, reverse
from pypdf import PdfReader

from ketenoverleg.demo import DEMO_ADMIN, DEMO_SLUG
from ketenoverleg.models import Document, Ketenoverleg, Role, User
from ketenstatistiek import services
from ketenstatistiek.models import Period, PublishedCell, Question, Submission
from members.models import Organisation
from tests.factories import user_with_role
from tests.ketenoverleg.test_urls_smoke import build_url, walk
from tests.ketenstatistiek.factories import add_figure

pytestmark = pytest.mark.django_db

# (organisation, geleding, question code, figure) per period.
PUBLISHED = [
    ("Betoncentrale Noord", "aanbod", "proef", "987654.321"),
    ("Cementhandel Groningen", "aanbod", "proef", "876543.219"),
    ("Prefab Beton Hoogkerk", "aanbod", "proef", "765432.198"),
    ("Bouwmaterialenhandel Wierenga", "aanbod", "proef", "654321.987"),
    ("Transportbeton Eemshaven", "aanbod", "proef", "543219.876"),
    ("Bouwbedrijf Dijkstra", "vraag", "proef", "432198.765"),
    ("Woonstichting Stad en Ommeland", "vraag", "proef", "321987.654"),
    ("Puinrecycling Groningen", "recycling", "proef", "219876.543"),
    ("Recyclingbeton Nederland", "recycling", "proef", "198765.432"),
    ("Kenniscentrum Circulair Bouwen Noord", "kennis", "kennis", "123456.789"),
    ("Hogeschool Groningen, Bouwkunde", "kennis", "kennis", "234567.891"),
]
OPEN = [
    ("Bouwbedrijf Dijkstra", "vraag", "proef", "345678.912"),
    ("Puinrecycling Groningen", "recycling", "proef", "456789.123"),
    ("Kenniscentrum Circulair Bouwen Noord", "kennis", "kennis", "678912.345"),
]
CLOSED = [
    ("Betoncentrale Noord", "aanbod", "proef", "567891.234"),
    ("Bouwbedrijf Dijkstra", "vraag", "proef", "789123.456"),
]

VISITORS = [
    None,
    "buitenstaander",
    "lid@beton-groningen.demo",
    "kernteam@beton-groningen.demo",
    "secretaris@beton-groningen.demo",
    "voorzitter@beton-groningen.demo",
    "penningmeester@beton-groningen.demo",
    "ketensecretaris@beton-groningen.demo",
    "kwartiermaker@codin.demo",
    DEMO_ADMIN,
]


def probes(figure: str) -> set[str]:
    """The ways the site could write the figure's whole part: 987654, 987.654, 987,654."""
    whole = figure.split(".")[0]
    grouped = f"{int(whole):,}"
    return {whole, grouped, grouped.replace(",", "."), grouped.replace(",", "\xa0")}


def shows(text: str, figure: str) -> list[str]:
    """The notations of ``figure`` found in ``text`` as a number of their own (so that
    198,765 inside 432198,765 does not count)."""
    return [
        p for p in probes(figure) if re.search(rf"(?<!\d)(?<!\d[.,\xa0]){re.escape(p)}(?!\d)", text)
    ]


def make_period(council, name, status, rows, secretary) -> Period:
    period = Period.objects.create(
        council=council,
        name=name,
        starts_on="2024-01-01",
        ends_on="2024-12-31",
        closes_on="2025-03-01",
        status=Period.Status.OPEN,
    )
    questions = {
        "proef": Question.objects.create(
            period=period,
            code="proef",
            label="Proefvraag beton",
            unit="t",
            min_value=0,
            max_value=10_000_000,
            geledingen=["aanbod", "vraag", "recycling"],
        ),
        "kennis": Question.objects.create(
            period=period,
            code="kennisvraag",
            label="Proefvraag kennis",
            unit="uur",
            min_value=0,
            max_value=10_000_000,
            geledingen=["kennis"],
        ),
    }
    for name_, geleding, code, figure in rows:
        add_figure(questions[code], Organisation.objects.get(name=name_), geleding, figure)
    if status != Period.Status.OPEN:
        services.period_close(period=period, by=secretary)
    if status == Period.Status.GEPUBLICEERD:
        services.period_publish(period=period, by=secretary)
    return period


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=StringIO())
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    # Publishing makes the table's PDF (a public document), rendered for real in-process.
    with django_capture_on_commit_callbacks(execute=True):
        periods = [
            make_period(
                council, "Proef gepubliceerd", Period.Status.GEPUBLICEERD, PUBLISHED, secretary
            ),
            make_period(council, "Proef open", Period.Status.OPEN, OPEN, secretary),
            make_period(council, "Proef gesloten", Period.Status.GESLOTEN, CLOSED, secretary),
        ]
    # The published table must have something to show, and nothing in it may look like
    # a figure by accident, or the sweep below would prove nothing.
    published = PublishedCell.objects.filter(period=periods[0])
    assert published.filter(reason="").exists() and published.exclude(reason="").exists()
    everything = {p for *_rest, figure in PUBLISHED + OPEN + CLOSED for p in probes(figure)}
    for cell in published:
        for value in (cell.total, cell.mean, cell.median):
            assert value is None or not any(p in f"{value:f}" for p in everything)
            assert value is None or not any(shows(f"{value:,}", f) for *_r, f in PUBLISHED)
    return council, periods


ROWS = {"Proef gepubliceerd": PUBLISHED, "Proef open": OPEN, "Proef gesloten": CLOSED}


def figures_of(organisation_name: str, period: Period) -> set[str]:
    return {f for o, _g, _c, f in ROWS.get(period.name, []) if o == organisation_name}


def extra_urls(council, periods) -> list[str]:
    """Every page of this app by hand: the walk below builds one URL per pattern only."""
    slug = council.slug
    urls = [reverse("ketenstatistiek:list", kwargs={"slug": slug})]
    organisations = Organisation.objects.filter(statistics_submissions__isnull=False).distinct()
    for period in periods:
        urls.append(period.get_absolute_url())
        for fmt in ("csv", "json"):
            urls.append(
                reverse(
                    "ketenstatistiek:open_data", kwargs={"slug": slug, "pk": period.pk, "fmt": fmt}
                )
            )
        for organisation in organisations:
            urls.append(
                reverse(
                    "ketenstatistiek:submission",
                    kwargs={"slug": slug, "pk": period.pk, "organisation": organisation.pk},
                )
            )
    for model in ("submission", "publishedcell", "period"):
        urls.append(f"/admin/ketenstatistiek/{model}/")
    for submission in Submission.objects.all():
        for page in ("change", "history", "delete"):
            urls.append(f"/admin/ketenstatistiek/submission/{submission.pk}/{page}/")
    for cell in PublishedCell.objects.all():
        urls.append(f"/admin/ketenstatistiek/publishedcell/{cell.pk}/change/")
    for period in periods:
        urls.append(f"/admin/ketenstatistiek/period/{period.pk}/change/")
    for document in Document.objects.filter(kind="ketenstatistiek"):
        urls.append(reverse("document_status", kwargs={"slug": slug, "pk": document.pk}))
    return urls


def own_page_of(url: str, user) -> set[str]:
    """The figures ``user`` may see on ``url``: its own organisations' own pages only."""
    match = re.search(r"/ketenstatistiek/(\d+)/opgave/(\d+)/$", url)
    if not match or user is None:
        return set()
    period = Period.objects.filter(pk=match.group(1)).first()
    organisation = Organisation.objects.filter(
        pk=match.group(2), representatives__user=user
    ).first()
    return figures_of(organisation.name, period) if organisation and period else set()


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() for page in reader.pages)
    return content.decode("utf-8", errors="replace")


def test_no_individual_figure_leaves_the_submitters_own_page(client, world):
    council, periods = world
    urls = extra_urls(council, periods)
    for chain, pattern in walk(get_resolver()):
        built = build_url(chain, pattern, council)
        if built:
            urls.append(built)
    all_figures = {f for *_rest, f in PUBLISHED + OPEN + CLOSED}
    leaks, own_pages_seen = [], 0

    for visitor in VISITORS:
        client.logout()
        user = None
        if visitor == "buitenstaander":
            user = user_with_role(None, Role.KWARTIERMAKER)
            user.role_assignments.all().delete()
        elif visitor:
            user = User.objects.get(email=visitor)
        if user:
            client.force_login(user)
        for url in urls:
            with transaction.atomic():
                response = client.get(url)
            text = body_text(response)
            allowed = own_page_of(url, user)
            if allowed and response.status_code == 200:
                own_pages_seen += 1
                assert any(shows(text, f) for f in allowed), (visitor, url)
            for figure in all_figures - allowed:
                found = shows(text, figure)
                if found:
                    leaks.append(f"{visitor or 'anoniem'} GET {url}: {figure} as {found}")

    assert leaks == []
    # lid (Dijkstra), kernteam (Puinrecycling), secretaris (Kenniscentrum) and
    # penningmeester (Betoncentrale) each saw their own figures on their own pages.
    assert own_pages_seen >= 7


def test_the_pdf_of_the_published_table_holds_no_individual_figure(client, world):
    council, periods = world
    document = Document.objects.get(kind="ketenstatistiek", object_id=periods[0].pk)
    assert document.status == Document.Status.READY

    response = client.get(
        reverse("document_download", kwargs={"slug": council.slug, "pk": document.pk})
    )

    text = body_text(response)
    assert "Proefvraag beton" in text and "Alle geledingen" in text
    for *_rest, figure in PUBLISHED:
        assert not shows(text, figure), figure


def test_an_unpublished_period_has_no_pdf(client, world):
    council, periods = world
    client.force_login(User.objects.get(email="secretaris@beton-groningen.demo"))

    response = client.post(
        reverse(
            "document_request",
            kwargs={"slug": council.slug, "kind": "ketenstatistiek", "object_id": periods[2].pk},
        )
    )

    assert response.status_code == 403
    assert not Document.objects.filter(kind="ketenstatistiek", object_id=periods[2].pk).exists()


def test_figures_in_the_database_are_sealed(world):
    stored = " ".join(Submission.objects.values_list("sealed", flat=True))

    assert (
        Submission.objects.count()
        == len(PUBLISHED + OPEN + CLOSED) + Submission.objects.filter(period__name="2025").count()
    )
    for *_rest, figure in PUBLISHED + OPEN + CLOSED:
        assert not any(p in stored for p in probes(figure))
