"""The start-up track: checklist items ticked with a note and a document, the logbook,
and the kwartiermaker's dashboard of every council they guide."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Phase, Role
from startup import checklist, selectors
from startup.models import ChecklistItem, LogEntry, PartyStatus
from tests.factories import UserFactory, user_with_role
from tests.members.factories import ANONYMOUS, KERNTEAMLID, MEMBER, OUTSIDER
from tests.startup.factories import (
    FOLLOWER,
    LogEntryFactory,
    PartyFactory,
    StartupCouncilFactory,
    someone,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def startup():
    return StartupCouncilFactory(name="Meubelketenoverleg Groningen", slug="meubel-groningen")


def item_url(council, key):
    return reverse("startup:item", args=[council.slug, key])


def test_an_item_is_ticked_with_a_note_and_a_document_that_insiders_download(client, startup):
    kwartiermaker = user_with_role(startup, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)
    report = SimpleUploadedFile("vooronderzoek.pdf", b"%PDF-1.7 rapport", "application/pdf")

    response = client.post(
        item_url(startup, "vo.afbakening"),
        {
            "vo.afbakening-done": "on",
            "vo.afbakening-note": "Losse meubels; geen keukens.",
            "vo.afbakening-attachment": report,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    item = ChecklistItem.objects.get(council=startup, key="vo.afbakening")
    assert item.done and item.done_by == kwartiermaker and item.done_at
    assert item.note == "Losse meubels; geen keukens."
    page = client.get(reverse("startup:track", args=[startup.slug])).content.decode()
    assert "Losse meubels; geen keukens." in page
    download = client.get(reverse("startup:attachment", args=[startup.slug, "vo.afbakening"]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 rapport"
    client.force_login(UserFactory())
    outsider = client.get(reverse("startup:attachment", args=[startup.slug, "vo.afbakening"]))
    assert outsider.status_code == HTTPStatus.NOT_FOUND  # the council is not public yet


def test_unticking_clears_who_and_when(client, startup):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    client.post(item_url(startup, "gem.besluit"), {"gem.besluit-done": "on"})
    client.post(item_url(startup, "gem.besluit"), {"gem.besluit-note": "Toch nog niet."})

    item = ChecklistItem.objects.get(council=startup, key="gem.besluit")
    assert (item.done, item.done_at, item.done_by, item.note) == (
        False,
        None,
        None,
        "Toch nog niet.",
    )


@pytest.mark.parametrize(
    ("upload", "note", "message"),
    [
        pytest.param(
            SimpleUploadedFile("virus.exe", b"MZ"), "", "Dit soort bestand kan niet", id="exe"
        ),
        pytest.param(
            SimpleUploadedFile("groot.pdf", b"0" * (10 * 1024 * 1024 + 1)),
            "",
            "groter dan 10 MB",
            id="too-big",
        ),
        pytest.param(None, "x" * 2001, "korter dan 2000 tekens", id="long-note"),
    ],
)
def test_bad_item_input_is_refused_at_its_field(client, startup, upload, note, message):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    data = {"vo.werkwijze-done": "on", "vo.werkwijze-note": note}
    if upload:
        data["vo.werkwijze-attachment"] = upload

    response = client.post(item_url(startup, "vo.werkwijze"), data)

    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not ChecklistItem.objects.filter(council=startup).exists()


def test_an_unknown_item_does_not_exist(client, startup):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    assert client.post(item_url(startup, "onzin"), {}).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("who", "view", "edit"),
    [
        (ANONYMOUS, "login", "login"),
        (OUTSIDER, HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND),
        (FOLLOWER, HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND),  # no role: no hidden council
        (MEMBER, HTTPStatus.FORBIDDEN, HTTPStatus.FORBIDDEN),
        (Role.GENODIGDE, HTTPStatus.FORBIDDEN, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.OK, HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.OK, HTTPStatus.FORBIDDEN),
        (Role.KETENSECRETARIS, HTTPStatus.OK, HTTPStatus.FORBIDDEN),
        (Role.KWARTIERMAKER, HTTPStatus.OK, HTTPStatus.FOUND),
    ],
)
def test_the_track_is_read_by_the_kernteam_and_kept_by_the_kwartiermaker(
    client, startup, who, view, edit
):
    user = someone(startup, who)
    if user:
        client.force_login(user)

    for url, expected, data in (
        (reverse("startup:track", args=[startup.slug]), view, None),
        (reverse("startup:logbook", args=[startup.slug]), view, None),
        (item_url(startup, "vo.afbakening"), edit, {"vo.afbakening-done": "on"}),
        (
            reverse("startup:logbook", args=[startup.slug]),
            edit,
            {"written_on": timezone.localdate().isoformat(), "review": "Gesprekken gevoerd."},
        ),
    ):
        response = client.post(url, data) if data else client.get(url)
        if expected == "login":
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.status_code == expected, url
    assert ChecklistItem.objects.filter(done=True).exists() is (edit == HTTPStatus.FOUND)
    assert LogEntry.objects.exists() is (edit == HTTPStatus.FOUND)


# --- the logbook ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"review": ""}, "review", id="no-review"),
        pytest.param({"review": "x" * 4001}, "review", id="long-review"),
        pytest.param({"outlook": "x" * 2001}, "outlook", id="long-outlook"),
        pytest.param({"written_on": "1899-12-31"}, "written_on", id="before-1900"),
        pytest.param(
            {"written_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "written_on",
            id="future",
        ),
    ],
)
def test_bad_logbook_input_is_refused_at_its_field(client, startup, changes, field):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    data = {"written_on": timezone.localdate().isoformat(), "review": "Gesprek met de wethouder."}

    response = client.post(reverse("startup:logbook", args=[startup.slug]), {**data, **changes})

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not LogEntry.objects.exists()


def test_the_logbook_warns_after_six_weeks_without_an_entry(client, startup):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    LogEntryFactory(council=startup, written_on=timezone.localdate() - timedelta(days=43))
    url = reverse("startup:logbook", args=[startup.slug])

    assert "langer dan zes weken niet bijgewerkt" in client.get(url).content.decode()
    LogEntryFactory(council=startup, written_on=timezone.localdate() - timedelta(days=30))
    assert "langer dan zes weken niet bijgewerkt" not in client.get(url).content.decode()


# --- the dashboard -----------------------------------------------------------------------


def test_the_dashboard_lists_the_guided_councils_with_phase_open_items_and_log(client, startup):
    kwartiermaker = user_with_role(startup, Role.KWARTIERMAKER)
    other = StartupCouncilFactory(name="Voedselketenoverleg Assen")
    ChecklistItem.objects.create(council=startup, key="vo.afbakening", done=True)
    PartyFactory(council=startup, status=PartyStatus.KOPLOPER)
    client.force_login(kwartiermaker)

    page = client.get(reverse("startup:dashboard")).content.decode()

    assert "Meubelketenoverleg Groningen" in page
    assert "Voedselketenoverleg Assen" not in page  # not one this kwartiermaker guides
    [row] = selectors.dashboard_rows(selectors.guided_councils(kwartiermaker))
    verkenning = checklist.CHECKLIST[Phase.VERKENNING]
    # every verkenning item but the one ticked, plus the missing advice
    assert len(row["open_items"]) == len(verkenning) - 1 + 1
    assert row["log_due"] and row["koplopers"] == 1
    programme_wide = user_with_role(None, Role.KWARTIERMAKER)
    assert {
        r["council"] for r in selectors.dashboard_rows(selectors.guided_councils(programme_wide))
    } >= {startup, other}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        (Role.SECRETARIS, HTTPStatus.FORBIDDEN),
        (Role.GENODIGDE, HTTPStatus.FORBIDDEN),
        (Role.KWARTIERMAKER, HTTPStatus.OK),
    ],
)
def test_the_dashboard_is_for_kwartiermakers(client, startup, who, expected):
    if who:
        client.force_login(user_with_role(startup, who))
    response = client.get(reverse("startup:dashboard"))
    if expected == "login":
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("startup:dashboard")).status_code == HTTPStatus.OK
    return len(queries)


def test_the_dashboard_query_count_does_not_grow_with_councils(client):
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))

    def add_council():
        council = StartupCouncilFactory()
        ChecklistItem.objects.create(council=council, key="vo.afbakening", done=True)
        LogEntryFactory(council=council)
        PartyFactory(council=council)

    add_council()
    few = dashboard_queries(client)
    for _ in range(6):
        add_council()
    assert dashboard_queries(client) == few


def test_the_start_up_pages_speak_english_too(client, startup):
    client.force_login(user_with_role(startup, Role.KWARTIERMAKER))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("startup:track", args=[startup.slug])).content.decode()

    assert "Start-up track" in page and "Preliminary study and advice" in page
    assert "Opstarttraject" not in page
