"""Thirty participants post at once: the beamer (a real browser, refreshing itself)
shows every contribution within three seconds of it being posted.

The participants are thirty HTTP clients in threads, each with its own session,
against the live server; the beamer is watched from the test's own thread. SQLite
serialises writers, so this needs PostgreSQL, like the other concurrency tests."""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from ketenoverleg.models import Geleding, Role
from tests.factories import PASSWORD, CouncilFactory, RoleAssignmentFactory, UserFactory
from tests.workshops.factories import WorkshopFactory
from workshops.models import Contribution

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
    ),
]

CLIENTS = 30
WITHIN_SECONDS = 3.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Phone:
    """A participant's phone: its own cookies (session, CSRF) against the live server.

    The test server accepts only a short queue of new connections (Django's WSGIServer
    listens with a backlog of 10; gunicorn's is 2048): when thirty connect in the same
    instant, some are turned away before anything is read, and the phone connects
    again, as a phone would. A request the server did read is never sent twice.
    """

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.page = ""

    def open(self, path: str, body: bytes | None = None) -> str:
        for attempt in range(10):
            try:
                with self.opener.open(self.base_url + path, data=body, timeout=30) as response:
                    self.page = response.read().decode()
                return self.page
            except (ConnectionResetError, ConnectionRefusedError) as error:
                last = error
            except urllib.error.URLError as error:
                if not isinstance(error.reason, ConnectionResetError | ConnectionRefusedError):
                    raise
                last = error
            time.sleep(0.05 * (attempt + 1))
        raise last

    def get(self, path: str) -> str:
        return self.open(path)

    def post(self, path: str, data: dict) -> str:
        token = TOKEN.search(self.page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self.open(path, body)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_thirty_participants_posting_at_once_appear_on_the_beamer_within_three_seconds(
    chromium_browser, live_server, screenshot_dir
):
    council = CouncilFactory()
    kwartiermaker = UserFactory()
    RoleAssignmentFactory(user=kwartiermaker, council=council, role=Role.KWARTIERMAKER)
    workshop = WorkshopFactory(council=council, created_by=kwartiermaker)
    join_path = reverse("workshops:participant", args=[workshop.code])
    post_path = reverse("workshops:contribute", args=[workshop.code])

    context = chromium_browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    context.set_default_timeout(15_000)
    beamer = context.new_page()
    beamer.goto(reverse("account_login"))
    beamer.locator("#id_login").fill(kwartiermaker.email)
    beamer.locator("#id_password").fill(PASSWORD)
    beamer.get_by_role("button", name="Inloggen", exact=True).click()
    beamer.locator("header.site-header").wait_for()
    beamer.goto(reverse("workshops:beamer", args=[workshop.pk]))
    beamer.evaluate("window.stillTheSamePage = true")

    texts = [f"Bijdrage {i:02d}: een eigen actie zonder subsidie." for i in range(CLIENTS)]
    geledingen = list(Geleding.values)
    posted_at: dict[str, float] = {}
    failures: list[str] = []
    ready = threading.Barrier(CLIENTS + 1)

    def participant(i: int) -> None:
        phone = Phone(live_server.url)
        try:
            phone.get(join_path)
            phone.post(join_path, {"name": f"Deelnemer {i}", "geleding": geledingen[i % 6]})
            ready.wait(timeout=60)
            phone.post(post_path, {"text": texts[i]})
            posted_at[texts[i]] = time.monotonic()
            if "Uw bijdrage staat op het scherm." not in phone.page:
                failures.append(f"{i}: not confirmed")
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(f"{i}: {error!r}")
            ready.abort()

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=60)  # everyone has joined: all thirty post at once now
    seen_at: dict[str, float] = {}
    deadline = time.monotonic() + 30
    while len(seen_at) < CLIENTS and time.monotonic() < deadline:
        shown = beamer.evaluate(
            "Array.from(document.querySelectorAll('#board .contribution-text'))"
            ".map(e => e.textContent)"
        )
        now = time.monotonic()
        for text in texts:
            if text not in seen_at and any(text in s for s in shown):
                seen_at[text] = now
        time.sleep(0.1)
    for thread in threads:
        thread.join()

    assert failures == []
    assert Contribution.objects.filter(workshop=workshop).count() == CLIENTS
    assert set(seen_at) == set(texts), "not every contribution reached the beamer"
    delays = {text: seen_at[text] - posted_at[text] for text in texts}
    slowest = max(delays.values())
    print(f"\n{CLIENTS} clients: slowest contribution on the beamer after {slowest:.2f} s")
    assert slowest <= WITHIN_SECONDS, delays
    assert beamer.evaluate("window.stillTheSamePage") is True
    beamer.screenshot(path=str(screenshot_dir / "workshop-beamer-30.png"), full_page=True)
    context.close()
