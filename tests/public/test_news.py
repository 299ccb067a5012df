"""News: the secretariat writes it, everyone reads what is published."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import NewsItem, Role
from tests.actionpackages.helpers import LOGIN, assert_outcome, login_as
from tests.factories import user_with_role
from tests.members.factories import ANONYMOUS, KERNTEAMLID, MEMBER

pytestmark = pytest.mark.django_db


def news_data(**overrides):
    published = timezone.localtime() - timedelta(minutes=5)
    return {
        "title": "Startbijeenkomst geweest",
        "body": "Vijftien organisaties ondertekenden.",
        "published_at": published.strftime("%Y-%m-%dT%H:%M"),
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (Role.SECRETARIS, HTTPStatus.FOUND),
        (Role.KETENSECRETARIS, HTTPStatus.FOUND),
        (Role.KWARTIERMAKER, HTTPStatus.FOUND),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.FORBIDDEN),
        (ANONYMOUS, LOGIN),
    ],
)
def test_only_the_secretariat_writes_news(client, council, who, expected):
    login_as(client, council, who)
    write_url = reverse("news_write", kwargs={"slug": council.slug})

    form = client.get(write_url)
    response = client.post(write_url, news_data())

    assert_outcome(response, expected, write_url)
    if expected == HTTPStatus.FOUND:
        assert form.status_code == HTTPStatus.OK
        item = NewsItem.objects.get(council=council)
        assert response["Location"] == item.get_absolute_url()
        assert item.title == "Startbijeenkomst geweest"
        assertContains(client.get(response["Location"]), "Vijftien organisaties")
    else:
        assert_outcome(form, expected, write_url)
        assert not NewsItem.objects.exists()


def test_a_programme_wide_kwartiermaker_writes_news(client, council):
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))

    response = client.post(reverse("news_write", kwargs={"slug": council.slug}), news_data())

    assert response.status_code == HTTPStatus.FOUND
    assert NewsItem.objects.filter(council=council).count() == 1


def test_news_without_a_title_is_refused(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("news_write", kwargs={"slug": council.slug}), news_data(title="")
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["title"]
    assertContains(response, "Dit veld is verplicht.")
    assert not NewsItem.objects.exists()


def test_news_dated_in_the_future_is_not_yet_public(client, council):
    NewsItem.objects.create(council=council, title="Al gepubliceerd", body="Tekst.")
    future = NewsItem.objects.create(
        council=council,
        title="Onder embargo",
        body="Tekst.",
        published_at=timezone.now() + timedelta(hours=2),
    )

    listing = client.get(reverse("news_list", kwargs={"slug": council.slug}))
    detail = client.get(future.get_absolute_url())

    assertContains(listing, "Al gepubliceerd")
    assertNotContains(listing, "Onder embargo")
    assertNotContains(client.get(council.get_absolute_url()), "Onder embargo")
    assert detail.status_code == HTTPStatus.NOT_FOUND


# A valid global date and time string: seconds at most with three decimals (HTML).
VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)$")


@pytest.mark.parametrize("page", ["news_list", "news_detail"])
def test_time_elements_carry_valid_datetime_values(client, council, page):
    item = NewsItem.objects.create(
        council=council,
        title="Startbijeenkomst",
        body="Tekst.",
        published_at=timezone.now().replace(microsecond=952438) - timedelta(hours=1),
    )
    kwargs = {"slug": council.slug} | ({"pk": item.pk} if page == "news_detail" else {})

    html = client.get(reverse(page, kwargs=kwargs)).content.decode()

    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert values
    assert all(VALID_DATETIME.match(v) for v in values), values
