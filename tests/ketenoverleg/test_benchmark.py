"""The benchmark's tools: seed_scale builds a small programme on PostgreSQL and keeps
off a database with real data; the bare yardstick view is not part of the site."""

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.urls import NoReverseMatch, reverse

from actionpackages.models import Commitment, Package, Signature
from ketenoverleg import documents
from ketenoverleg.bench_urls import BARE_PATH
from ketenoverleg.management.benchmark import GENERATED_SLUGS
from ketenoverleg.models import Ketenoverleg, User
from members.models import Membership, Organisation
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="seed_scale builds with PostgreSQL's SQL"
)
TINY = {"councils": 2, "organisations": 20, "packages": 10, "signatures": 30}


def seed_scale(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", **{**TINY, **options}, stdout=out)
    return out.getvalue()


@postgresql_only
def test_seed_scale_builds_a_small_programme_whose_pages_answer(client):
    seed_scale()

    councils = Ketenoverleg.objects.filter(slug__startswith="schaal-")
    assert councils.count() == 2
    assert Organisation.objects.count() == Membership.objects.count() == 20
    assert Package.objects.count() == 10
    assert Signature.objects.count() == 30
    assert Commitment.objects.count() == 60
    # Every signature comes from a member of the package's own council.
    assert not Signature.objects.exclude(
        organisation__memberships__council=F("package__council")
    ).exists()
    council = councils.first()
    package = Package.objects.public().filter(council=council).first()
    for url in [
        council.get_absolute_url(),
        reverse("members:ledenlijst", kwargs={"slug": council.slug}),
        package.get_absolute_url(),
        reverse("search", kwargs={"slug": council.slug}) + "?q=gerecycled",
        reverse("programme"),
    ]:
        assert client.get(url).status_code == HTTPStatus.OK, url


@postgresql_only
def test_seed_scale_runs_beside_the_demo_and_asks_before_building_twice(monkeypatch):
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    call_command("seed_demo", stdout=io.StringIO())
    seed_scale()

    with pytest.raises(CommandError, match="al een synthetisch programma"):
        seed_scale()
    assert Ketenoverleg.objects.filter(slug="beton-groningen").exists()


@pytest.mark.parametrize("real", ["council", "user"])
def test_seed_scale_refuses_a_database_with_real_data(real):
    if real == "council":
        CouncilFactory(name="Textielketenoverleg Tilburg", slug="textiel-tilburg")
    else:
        User.objects.create_user("secretaris@textielketen.nl")

    with pytest.raises(CommandError, match="echte gegevens"):
        seed_scale()

    assert not Ketenoverleg.objects.filter(slug__startswith="schaal-").exists()
    assert Organisation.objects.count() == 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_seed_scale_says_it_needs_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        seed_scale()


@postgresql_only
def test_seed_scale_refuses_sizes_that_cannot_fit():
    with pytest.raises(CommandError, match="Te veel ondertekeningen"):
        seed_scale(signatures=10_000)

    assert not Ketenoverleg.objects.exists()


def test_the_bare_benchmark_view_is_not_part_of_the_site(client):
    response = client.get("/" + BARE_PATH)

    assert response.status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")


def test_the_benchmark_urlconf_adds_the_bare_view_to_the_site(client, settings):
    settings.ROOT_URLCONF = "ketenoverleg.bench_urls"

    assert client.get("/" + BARE_PATH).content == b"ok"
    assert client.get(reverse("programme")).status_code == HTTPStatus.OK


@postgresql_only
@pytest.mark.django_db(transaction=True)  # it drops a schema: no pending trigger events
def test_bench_scale_times_every_page_at_both_sizes(monkeypatch):
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    out = io.StringIO()

    call_command("bench_scale", **TINY, requests=3, stdout=out)

    report = out.getvalue()
    for label in ["ledenlijst", "programme overview", "meeting page (secretaris)"]:
        assert label in report
    # The demo's councils and the benchmark's own, and the generated ones.
    assert f"programme: {len(GENERATED_SLUGS) + TINY['councils']} councils" in report
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'bench_demo'")
        assert cursor.fetchone() is None
