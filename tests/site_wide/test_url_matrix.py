"""The role x URL matrix: every URL of the site, three councils, every role.

Council A, B and C each have one of everything (tests/world.py). Every role in
relation to council A requests every URL pattern filled with A's objects and checks:

- no server error;
- a GET writes nothing (no INSERT/UPDATE/DELETE, and the row count of every table
  is the same afterwards);
- someone without a right in A (anonymous, an outsider, a follower, a member of B,
  the kwartiermaker of C) gets no page of A that a logged-in outsider does not get,
  and no e-mail address, phone number or members-only text of A in any response;
- no choice on a page of A offers a person or organisation of B or C, or anyone by
  e-mail address.

The superuser then requests every pattern filled with B's and C's objects, and every
pattern at A's address with B's objects (which must never be served).

The world is built once per module (see conftest.py).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve, reverse

from ketenoverleg.models import Role
from tests.urlwalk import NOT_DATA, council_urls, is_council_url, pk_arguments, row_counts
from tests.world import (
    FOLLOWER,
    MEMBER,
    MEMBER_ELSEWHERE,
    NOT_ENTITLED,
    OUTSIDER,
    ROLES,
    SUPERUSER,
)

# Not entitled to relatiebeheer and kernteam-only documents of council A.
NOT_KERNTEAM = NOT_ENTITLED | {MEMBER, FOLLOWER}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom")


@pytest.fixture(scope="module")
def urls_of_a(world):
    return council_urls(world.a.council)


_outsider_statuses: dict[str, int] = {}


@contextmanager
def writes_recorded() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if WRITE.match(sql) and not any(table in sql for table in NOT_DATA):
            statements.append(sql.split("(")[0][:120])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def get(client: Client, url: str):
    """GET in a savepoint, so a failing query cannot spoil the requests after it."""
    with transaction.atomic():
        return client.get(url)


class Choices(HTMLParser):
    """The labels of every <option>, checkbox and radio button of a page."""

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._in = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        kind = dict(attrs).get("type")
        if tag == "option" or (tag == "label" and self._in is None):
            self._in, self._text = tag, []
        if tag == "input" and kind in {"checkbox", "radio"}:
            self._in = self._in or "label"

    def handle_endtag(self, tag):
        if tag == self._in:
            self.labels.append(" ".join("".join(self._text).split()))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def offered(html: str) -> list[str]:
    parser = Choices()
    parser.feed(html)
    return parser.labels


def outsider_statuses(world, urls) -> dict[str, int]:
    """What a logged-in user without any tie to A gets: the reference for "no access"."""
    if not _outsider_statuses:
        client = Client()
        client.force_login(world.person(OUTSIDER))
        for url in urls:
            _outsider_statuses[url] = get(client, url).status_code
    return _outsider_statuses


def own_values(user) -> set[str]:
    if user is None:
        return set()
    values = {user.email}
    for representation in user.representations.select_related("organisation"):
        values |= {representation.organisation.email, representation.organisation.phone}
    return values


def own_names(user) -> set[str]:
    """The person's own name and organisations (a member of B applying to A sees its
    own organisation offered: that is not someone else's)."""
    if user is None:
        return set()
    organisations = user.representations.values_list("organisation__name", flat=True)
    return {user.get_full_name(), *organisations}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_of_council_a_for_every_role(db, client, world, urls_of_a, role):
    user = world.person(role)
    if user is not None:
        client.force_login(user)
    reference = outsider_statuses(world, urls_of_a) if role in NOT_ENTITLED else {}
    hidden = set()
    if role in NOT_ENTITLED:
        hidden |= (world.a.private_values - own_values(user)) | world.a.private_texts
    if role in NOT_KERNTEAM:
        hidden |= world.a.kernteam_values
    others = (world.b.names | world.c.names) - own_names(user)
    before = row_counts()
    problems = []

    for url in urls_of_a:
        with writes_recorded() as writes:
            try:
                response = get(client, url)
            except Exception as exc:  # the test client re-raises a view's exception
                problems.append(f"GET {url}: {type(exc).__name__}: {exc}")
                continue
        status = response.status_code
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            problems.append(f"GET {url}: status {status}")
        if writes:
            problems.append(f"GET {url} wrote: {sorted(set(writes))}")
        if (
            role in NOT_ENTITLED
            and is_council_url(url, world.a.council)
            and status == HTTPStatus.OK
            and reference[url] != status
        ):
            problems.append(f"GET {url}: {status} for {role}, {reference.get(url)} for outsiders")
        content_type = response.get("Content-Type", "")
        if status != HTTPStatus.OK or not content_type.startswith(TEXT_TYPES):
            continue
        text = response.content.decode("utf-8", errors="replace")
        # The private calendar feed's address is its key (calendar clients do not log
        # in): whoever has it reads the members' meetings, by design.
        if hidden and resolve(url).view_name != "meetings:private_feed":
            leaked = sorted(value for value in hidden if value in text)
            if leaked:
                problems.append(f"GET {url} shows {role} private values of A: {leaked}")
        if is_council_url(url, world.a.council) and content_type.startswith("text/html"):
            labels = offered(text)
            foreign = sorted({label for label in labels if label in others})
            if foreign:
                problems.append(f"GET {url} offers people of other councils: {foreign}")
            addresses = sorted({label for label in labels if EMAIL.search(label)})
            if addresses:
                problems.append(f"GET {url} offers choices by e-mail address: {addresses}")

    assert problems == []
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


@pytest.mark.parametrize("which", ["b", "c"])
def test_every_url_of_the_other_councils_for_the_superuser(db, client, world, which):
    other = getattr(world, which)
    client.force_login(world.person(SUPERUSER))
    problems = []
    # The site-wide pages (admin included) were requested for council A already.
    for url in [u for u in council_urls(other.council) if is_council_url(u, other.council)]:
        try:
            response = get(client, url)
        except Exception as exc:
            problems.append(f"GET {url}: {type(exc).__name__}: {exc}")
            continue
        if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            problems.append(f"GET {url}: status {response.status_code}")
    assert problems == []


@pytest.mark.parametrize("role", [SUPERUSER, MEMBER_ELSEWHERE])
def test_council_a_never_serves_an_object_of_council_b(db, client, world, role):
    """/alfa/vergaderingen/<a meeting of beta>/ and the like are not found."""
    client.force_login(world.person(role))
    a, b = world.a.council, world.b.council
    own = set(council_urls(a))
    crossed = [
        url
        for url in council_urls(a, objects_of=b)
        if is_council_url(url, a) and url not in own and pk_arguments(url)
    ]
    problems = []
    for url in crossed:
        response = get(client, url)
        if response.status_code == HTTPStatus.OK:
            problems.append(f"GET {url}: {response.status_code}")
    assert len(crossed) > 20
    assert problems == []


def test_ids_that_cannot_exist_are_not_found(db, client, world, urls_of_a):
    """Every id in a URL replaced by 99999999999999999999: not found, never an error."""
    client.force_login(world.person(SUPERUSER))
    problems, checked = [], 0
    for url in urls_of_a:
        match = resolve(url)
        ints = {k: v for k, v in match.kwargs.items() if isinstance(v, int)}
        if not ints or url.startswith("/admin/"):
            continue
        huge = reverse(match.view_name, kwargs={**match.kwargs, **dict.fromkeys(ints, 10**20)})
        checked += 1
        try:
            response = get(client, huge)
        except Exception as exc:
            problems.append(f"GET {huge}: {type(exc).__name__}: {exc}")
            continue
        if response.status_code not in {
            HTTPStatus.NOT_FOUND,
            HTTPStatus.METHOD_NOT_ALLOWED,
            HTTPStatus.FOUND,
        }:
            problems.append(f"GET {huge}: {response.status_code}")
    assert checked > 30
    assert problems == []


def test_the_private_values_are_on_some_page_for_who_may_see_them(db, world, urls_of_a):
    """The leak checks above look for values that the pages do show: each of the newer
    apps' private values and texts that a page shows is on some page of A for one of
    the people who may see it (a member its own figure, the secretary the relatiebeheer)."""
    wanted = world.a.shown
    assert wanted <= world.a.private_values | world.a.private_texts | world.a.kernteam_values
    seen = set()
    for role in [MEMBER, Role.SECRETARIS, SUPERUSER]:
        client = Client()
        client.force_login(world.person(role))
        for url in urls_of_a:
            response = get(client, url)
            if response.status_code != HTTPStatus.OK:
                continue
            if response.get("Content-Type", "").startswith(TEXT_TYPES):
                text = response.content.decode("utf-8", errors="replace")
                seen |= {value for value in wanted - seen if value in text}
    missing = sorted(wanted - seen)
    assert missing == []
