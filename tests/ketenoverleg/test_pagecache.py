"""Anonymous pages set no cookie and are served from the cache; a change shows on the
next request; logged-in pages are private (issue 14 point 2)."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from ketenoverleg import pagecache
from ketenoverleg.models import Ketenoverleg, NewsItem, Role
from tests.factories import user_with_role
from tests.urlwalk import council_urls

PUBLIC_SITE_PAGES = ["home", "programme"]
FORM_PAGES = {"dialogue:ask", "dialogue:report"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def news_url(council) -> str:
    return reverse("news_list", kwargs={"slug": council.slug})


def write_news(client: Client, council, title: str):
    return client.post(
        reverse("news_write", kwargs={"slug": council.slug}),
        {"title": title, "body": "Het nieuws.", "published_at": "2024-05-01T10:00"},
    )


def test_no_anonymous_get_of_any_demo_page_sets_a_cookie(db, page_cache):
    call_command("seed_demo", stdout=StringIO())
    council = Ketenoverleg.objects.get(slug="beton-groningen")
    client = Client()
    served = 0
    setting = []

    pages = [reverse(name) for name in PUBLIC_SITE_PAGES] + council_urls(council)
    # The admin, the account pages (login, sign-up) and the public's own forms (a
    # question, a report) are forms: their CSRF cookie stays; the pages that link to them
    # have none.
    for url in [
        u
        for u in pages
        if not u.startswith(("/admin/", "/accounts/")) and resolve(u).view_name not in FORM_PAGES
    ]:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.cookies:
            setting.append(url)
        if response.status_code == HTTPStatus.OK:
            served += 1
            if b"csrfmiddlewaretoken" in getattr(response, "content", b""):
                setting.append(url)
    assert setting == [], setting
    assert served > 30  # the walk reached the public pages


def test_public_pages_are_cached_with_an_etag(
    client, council, page_cache, django_assert_max_num_queries
):
    first = client.get(news_url(council))
    assert first.status_code == HTTPStatus.OK
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert first["ETag"] and first["Last-Modified"]

    # The version keys (one query with the database cache, none with Redis); no rendering.
    with django_assert_max_num_queries(1):
        second = client.get(news_url(council))
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]

    again = client.get(news_url(council), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_a_change_by_the_secretaris_shows_on_the_next_anonymous_request(
    client, council, page_cache, django_capture_on_commit_callbacks
):
    assert "Subsidie toegekend" not in client.get(news_url(council)).content.decode()
    assert "Subsidie toegekend" not in client.get(news_url(council)).content.decode()
    secretary = Client()
    secretary.force_login(user_with_role(council, Role.SECRETARIS))

    with django_capture_on_commit_callbacks(execute=True):
        response = write_news(secretary, council, "Subsidie toegekend")
    assert response.status_code == HTTPStatus.FOUND

    assert NewsItem.objects.filter(title="Subsidie toegekend").exists()
    assert "Subsidie toegekend" in client.get(news_url(council)).content.decode()
    assert (
        "Subsidie toegekend"
        in client.get(reverse("council_detail", kwargs={"slug": council.slug})).content.decode()
    )


def test_a_change_in_one_council_leaves_another_councils_pages_cached(
    client, council, page_cache, django_capture_on_commit_callbacks
):
    from tests.factories import CouncilFactory

    other = CouncilFactory(slug="hout-drenthe")
    client.get(news_url(other))
    secretary = Client()
    secretary.force_login(user_with_role(council, Role.SECRETARIS))
    before = pagecache._page_key(_request(news_url(other)), pagecache.scope_of(news_url(other)))

    mine = pagecache._page_key(_request(news_url(council)), pagecache.scope_of(news_url(council)))
    with django_capture_on_commit_callbacks(execute=True):
        write_news(secretary, council, "Alleen hier")

    after = pagecache._page_key(_request(news_url(other)), pagecache.scope_of(news_url(other)))
    assert after == before
    assert pagecache._page_key(_request(news_url(council)), "council:beton-groningen") != mine


def _request(path: str):
    from django.test import RequestFactory

    return RequestFactory().get(path)


def test_logged_in_pages_are_private_and_never_cached(client, council, page_cache):
    secretary = user_with_role(council, Role.SECRETARIS)
    client.force_login(secretary)

    for url in [news_url(council), reverse("council_detail", kwargs={"slug": council.slug})]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url

    anonymous = Client().get(reverse("council_detail", kwargs={"slug": council.slug}))
    assert "Uitloggen" not in anonymous.content.decode()
    assert "public" in anonymous["Cache-Control"]


def test_a_visitor_with_a_session_gets_a_fresh_page(client, council, page_cache):
    client.get(news_url(council))
    client.cookies["sessionid"] = "stale"

    response = client.get(news_url(council))

    assert "ETag" not in response


def test_the_language_link_sets_the_language_and_the_cache_keeps_both(client, council, page_cache):
    home = reverse("home")
    dutch = client.get(home).content.decode()
    assert '<html lang="nl">' in dutch
    link = reverse("language_choose", kwargs={"code": "en"}) + "?next=" + home
    assert link.replace("?next=/", "?next=%2F") in dutch or link in dutch

    response = client.get(link)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == home
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(home).content.decode()
    assert '<html lang="nl">' in Client().get(home).content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://elders.example/", "//elders.example/", "javascript:alert(1)"]
)
def test_the_language_link_never_leaves_the_site(client, council, next_url):
    response = client.get(reverse("language_choose", kwargs={"code": "en"}), {"next": next_url})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")


def test_an_unknown_language_is_not_found(client, council):
    response = client.get(reverse("language_choose", kwargs={"code": "xx"}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not response.cookies.get("django_language")


def test_a_finished_pdf_shows_on_the_cached_page(
    client, council, page_cache, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import date

    from ketenoverleg import documents, services
    from ketenoverleg.models import Document
    from ketenoverleg.tasks import render_document
    from tests.documents.factories import StatuteArticleFactory, StatuteFactory

    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    statute = StatuteFactory(council=council, version=1)
    StatuteArticleFactory(statute=statute)
    page = reverse("statute_detail", kwargs={"slug": council.slug, "version": 1})
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet
        services.statute_adopt(
            statute=statute,
            adopted_on=date(2024, 3, 14),
            by=user_with_role(council, Role.SECRETARIS),
        )
    assert "PDF wordt gemaakt" in client.get(page).content.decode()
    assert "PDF wordt gemaakt" in client.get(page).content.decode()  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        render_document.apply(args=(Document.objects.get().pk,))

    assert "PDF downloaden" in client.get(page).content.decode()


def test_logging_in_leaves_the_cached_pages_alone(
    client, council, page_cache, django_capture_on_commit_callbacks
):
    from tests.factories import PASSWORD, UserFactory

    request = _request(news_url(council))
    before = pagecache._page_key(request, pagecache.scope_of(news_url(council)))
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )

    assert response.status_code == HTTPStatus.FOUND  # logged in

    assert pagecache._page_key(request, pagecache.scope_of(news_url(council))) == before


def test_a_page_with_a_form_is_never_served_from_the_cache(council, page_cache):
    from tests.dialogue.factories import DiscussionFactory

    discussion = DiscussionFactory(council=council)
    ask = reverse("dialogue:ask", args=[council.slug, discussion.pk])

    first, second = Client().get(ask), Client().get(ask)

    # Each visitor gets a CSRF cookie with a token of their own, never someone else's page.
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert "ETag" not in second
    assert first.content != second.content


def test_a_post_sent_to_the_login_leaves_the_cached_pages_alone(
    client, council, page_cache, django_capture_on_commit_callbacks
):
    request = _request(news_url(council))
    before = pagecache._page_key(request, pagecache.scope_of(news_url(council)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("news_write", kwargs={"slug": council.slug}), {})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert pagecache._page_key(request, pagecache.scope_of(news_url(council))) == before
