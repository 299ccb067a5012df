"""The Atom feed, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta
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
