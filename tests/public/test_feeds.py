"""The Atom feed, the sitemap, robots.txt and the favicon."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import NewsItem
from tests.actionpackages.factories import complete_package, open_package
from tests.ketenstatistiek.factories import PeriodFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_feed_has_published_news_and_open_declarations(client, council):
    NewsItem.objects.create(council=council, title="Startbijeenkomst geweest", body="Tekst.")
    NewsItem.objects.create(
        council=council,
        title="Nog niet te lezen",
        body="Embargo.",
        published_at=timezone.now() + timedelta(days=2),
    )
    open_package(council, title="Meer granulaatbeton")
    complete_package(council, title="Nog een concept")

    response = client.get(reverse("council_feed", kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == [
        "Intentieverklaring open voor ondertekening: Meer granulaatbeton",
        "Startbijeenkomst geweest",
    ]


def test_the_sitemap_lists_the_council_and_public_packages_only(client, council):
    public = open_package(council)
    concept = complete_package(council)

    response = client.get(reverse("sitemap"))

    assert response.status_code == HTTPStatus.OK
    locations = {
        loc.text.removeprefix("http://testserver")
        for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    }
    assert council.get_absolute_url() in locations
    assert public.get_absolute_url() in locations
    assert reverse("news_list", kwargs={"slug": council.slug}) in locations
    assert concept.get_absolute_url() not in locations


def test_the_sitemap_lists_published_statistics_only(client, council):
    published = PeriodFactory(council=council, status="gepubliceerd")
    closed = PeriodFactory(council=council, status="gesloten")

    locations = {
        loc.text.removeprefix("http://testserver")
        for loc in ET.fromstring(client.get(reverse("sitemap")).content).iter(f"{SITEMAP}loc")
    }

    assert published.get_absolute_url() in locations
    assert closed.get_absolute_url() not in locations
    assert reverse("ketenstatistiek:list", kwargs={"slug": council.slug}) in locations
    assert reverse("exchange:list", kwargs={"slug": council.slug}) in locations


def test_robots_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get(reverse("robots"))

    assert response.status_code == HTTPStatus.OK
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in lines


def test_the_feed_is_valid_atom_with_updated_on_feed_and_entries(client, council):
    item = NewsItem.objects.create(council=council, title="Startbijeenkomst", body="Tekst.")
    open_package(council, title="Meer granulaatbeton")

    response = client.get(reverse("council_feed", kwargs={"slug": council.slug}))

    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}title")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == council.name
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), (required, ET.tostring(entry))
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    news = next(e for e in entries if e.findtext(f"{ATOM}title") == "Startbijeenkomst")
    assert datetime.fromisoformat(news.findtext(f"{ATOM}updated")) == item.published_at
    newest = max(e.findtext(f"{ATOM}updated") for e in entries)
    assert feed.findtext(f"{ATOM}updated") == newest


def test_an_empty_feed_still_says_when_it_was_updated(client, council):
    response = client.get(reverse("council_feed", kwargs={"slug": council.slug}))

    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}updated")
    assert list(feed.iter(f"{ATOM}entry")) == []


def test_the_favicon_is_served_and_named_by_every_page(client, council):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get(reverse("council_detail", kwargs={"slug": council.slug}))
    assert b'rel="icon" href="/static/favicon.svg"' in page.content
