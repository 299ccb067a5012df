"""The notifications framework: once per person and event, per-kind choices (direct,
weekly digest, off), the digest that continues where the last one stopped, the
one-click unsubscribe link, mails in the person's language, and the preference form."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from ketenoverleg import notifications
from ketenoverleg.models import Delivery, Notice, NotificationSettings, OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Registered by the apps; the framework's tests use one ordinary kind (default direct),
# one that defaults to the digest and one addressed to the person.
DIRECT_KIND = "consultation_opened"
DIGEST_KIND = "news_published"
PERSONAL_KIND = "action_point_assigned"


def fire(kind, event, users, council, **context):
    """Notify through the kinds' own templates; each needs its context."""
    return notifications.notify(
        kind=kind, event=event, users=users, path="/iets/", council=council, context=context
    )


@pytest.fixture
def news(council):
    from ketenoverleg.models import NewsItem

    return NewsItem.objects.create(council=council, title="Nieuwe leden", body="Welkom.")


def choose(user, **choices):
    NotificationSettings.objects.update_or_create(user=user, defaults={"choices": choices})


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def test_a_direct_kind_mails_each_person_once_and_none_to_who_turned_it_off(
    council, news, django_capture_on_commit_callbacks
):
    wants, declines = UserFactory(), UserFactory()
    choose(declines, **{DIGEST_KIND: Delivery.OFF})
    choose(wants, **{DIGEST_KIND: Delivery.DIRECT})
    with django_capture_on_commit_callbacks(execute=True):
        assert fire(DIGEST_KIND, "news:1", [wants, declines], council, item=news) == 1
        assert fire(DIGEST_KIND, "news:1", [wants, declines], council, item=news) == 0
    assert len(mails_to(wants)) == 1
    assert mails_to(declines) == []
    assert Notice.objects.filter(user=declines).count() == 0


def test_each_mail_has_a_link_an_unsubscribe_link_and_the_one_click_headers(
    council, news, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://keten.example"
    person = UserFactory()
    choose(person, **{DIGEST_KIND: Delivery.DIRECT})
    with django_capture_on_commit_callbacks(execute=True):
        fire(DIGEST_KIND, "news:1", [person], council, item=news)
    (message,) = mail.outbox
    assert "https://keten.example/iets/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://keten.example/afmelden/")
    assert unsubscribe[1:-1] in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Geachte heer/mevrouw" in message.body


def test_english_for_who_chose_english(council, news, django_capture_on_commit_callbacks):
    person = UserFactory()
    NotificationSettings.objects.create(
        user=person, language="en", choices={DIGEST_KIND: Delivery.DIRECT}
    )
    with django_capture_on_commit_callbacks(execute=True):
        fire(DIGEST_KIND, "news:1", [person], council, item=news)
    (message,) = mail.outbox
    assert message.subject.startswith("News from ")
    assert "Dear Sir or Madam" in message.body
    assert "Unsubscribe with one click" in message.body


def test_a_personal_kind_never_waits_for_the_digest(council):
    from tests.meetings.factories import MeetingFactory

    person = UserFactory()
    choose(person, **{PERSONAL_KIND: Delivery.DIGEST})  # stored by hand: the form refuses it
    meeting = MeetingFactory(council=council)
    point = meeting.action_points.create(
        owner=person, description="Offertes opvragen", deadline=meeting.starts_at.date()
    )
    fire(PERSONAL_KIND, "ap:1", [person], council, point=point, meeting=meeting)
    assert Notice.objects.get(user=person).delivery == Delivery.DIRECT
    assert OutgoingEmail.objects.filter(to=[person.email]).count() == 1


def test_a_broker_outage_keeps_the_mail_in_the_outbox(
    council, news, broker_down, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    person = UserFactory()
    choose(person, **{DIGEST_KIND: Delivery.DIRECT})
    with django_capture_on_commit_callbacks(execute=True):
        fire(DIGEST_KIND, "news:1", [person], council, item=news)
    email = OutgoingEmail.objects.get(to=[person.email])
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.is_waiting  # the sweep publishes it when the broker is back


# The weekly digest --------------------------------------------------------------------

# Monday 5 January 2026, 07:00 in Amsterdam is 06:00 UTC.
MONDAY = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)


def digest_mails(user):
    return [m for m in mails_to(user) if "overzicht" in m.subject]


def test_the_digest_covers_the_week_skips_empty_weeks_and_catches_up_without_gaps_or_doubles(
    council, news, django_capture_on_commit_callbacks
):
    person = UserFactory()
    quiet = UserFactory()  # has nothing: gets no empty digest
    NotificationSettings.objects.create(user=quiet)

    def notify_on(moment, event):
        with at(moment):
            fire(DIGEST_KIND, event, [person], council, item=news)

    def run(moment):
        with at(moment), django_capture_on_commit_callbacks(execute=True):
            return notifications.digests_send()

    notify_on(MONDAY - timedelta(days=3), "news:week1")
    assert mails_to(person) == []  # waits for Monday
    assert run(MONDAY - timedelta(minutes=1)) == 0
    assert run(MONDAY + timedelta(minutes=5)) == 0  # a grace period for late commits
    assert run(MONDAY + timedelta(minutes=20)) == 1
    (first,) = digest_mails(person)
    assert "Nieuws van" in first.body and "/iets/" in first.body
    assert run(MONDAY + timedelta(hours=1)) == 0  # the same week: nothing twice

    # Something in week 2 and week 3, and the scheduler is down on Monday of week 3.
    notify_on(MONDAY + timedelta(days=2), "news:week2")
    notify_on(MONDAY + timedelta(days=9), "news:week3")
    notify_on(MONDAY + timedelta(days=14, hours=2), "news:after")  # after week 3's Monday
    assert run(MONDAY + timedelta(days=14, hours=5)) == 1  # catching up: one digest
    catch_up = digest_mails(person)[-1]
    assert catch_up.subject.endswith("2 meldingen")  # weeks 2 and 3, not the later one
    assert run(MONDAY + timedelta(days=14, hours=6)) == 0
    assert run(MONDAY + timedelta(days=21, minutes=20)) == 1  # the later one, next week
    assert digest_mails(person)[-1].subject.endswith("1 melding")
    assert len(digest_mails(person)) == 3
    assert mails_to(quiet) == []
    assert Notice.objects.filter(user=person).count() == 4  # nothing lost, nothing doubled


def test_the_digest_moment_is_monday_morning_in_the_persons_own_time_zone(
    council, news, django_capture_on_commit_callbacks
):
    person = UserFactory()
    NotificationSettings.objects.create(user=person, time_zone="America/New_York")
    with at(MONDAY - timedelta(days=2)):
        fire(DIGEST_KIND, "news:1", [person], council, item=news)
    # 07:00 in Amsterdam is 01:00 in New York: not yet.
    with at(MONDAY + timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        assert notifications.digests_send() == 0
    # 07:00 in New York is 12:00 UTC.
    with (
        at(MONDAY + timedelta(hours=6, minutes=20)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert notifications.digests_send() == 1


def test_the_digest_boundary_survives_the_change_to_summer_time():
    # Summer time starts on Sunday 29 March 2026; Monday 07:00 is then 05:00 UTC.
    moment = datetime(2026, 3, 30, 5, 30, tzinfo=UTC)
    boundary = notifications.digest_boundary(moment, AMSTERDAM)
    assert boundary == datetime(2026, 3, 30, 5, 0, tzinfo=UTC)
    assert notifications.digest_boundary(moment - timedelta(hours=1), AMSTERDAM) == datetime(
        2026, 3, 23, 6, 0, tzinfo=UTC
    )


# Unsubscribing ------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_on_get_and_turns_the_kind_off_on_post(client):
    person = UserFactory()
    url = reverse(
        "notification_unsubscribe",
        kwargs={"token": notifications.unsubscribe_token(person, DIRECT_KIND)},
    )
    response = client.get(url)
    assertContains(response, "Afmelden")
    assert notifications.delivery_for(person, DIRECT_KIND) == Delivery.DIRECT
    response = client.post(url)
    assertContains(response, "U bent afgemeld")
    person.refresh_from_db()
    assert notifications.delivery_for(person, DIRECT_KIND) == Delivery.OFF
    assert notifications.delivery_for(person, DIGEST_KIND) == Delivery.DIGEST


def test_one_click_post_from_a_mail_program_needs_no_login_and_no_csrf_token():
    from django.test import Client

    person = UserFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "notification_unsubscribe",
        kwargs={"token": notifications.unsubscribe_token(person, DIRECT_KIND)},
    )
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == HTTPStatus.OK
    assert notifications.delivery_for(person, DIRECT_KIND) == Delivery.OFF


def test_the_digest_link_turns_off_every_kind_that_went_to_the_digest(client):
    person = UserFactory()
    token = notifications.unsubscribe_token(person, notifications.DIGEST)
    client.post(reverse("notification_unsubscribe", kwargs={"token": token}))
    assert notifications.delivery_for(person, DIGEST_KIND) == Delivery.OFF
    assert notifications.delivery_for(person, DIRECT_KIND) == Delivery.DIRECT


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "W1sxLCJ4Il0:1abc:forged",
        signing.dumps([1, DIRECT_KIND], salt="another purpose"),
        signing.dumps([999999, DIRECT_KIND], salt=notifications.UNSUBSCRIBE_SALT),
        signing.dumps(["x", DIRECT_KIND], salt=notifications.UNSUBSCRIBE_SALT),
        signing.dumps([1, "no_such_kind"], salt=notifications.UNSUBSCRIBE_SALT),
        signing.dumps("not a list", salt=notifications.UNSUBSCRIBE_SALT),
    ],
    ids=["garbage", "forged", "other-salt", "no-person", "bad-id", "no-kind", "bad-shape"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_or_forged_token_gives_a_clear_page_and_changes_nothing(client, token, method):
    person = UserFactory()
    NotificationSettings.objects.create(user=person)
    response = getattr(client, method)(reverse("notification_unsubscribe", kwargs={"token": token}))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assertContains(response, "ongeldig of beschadigd", status_code=HTTPStatus.BAD_REQUEST)
    assert NotificationSettings.objects.get(user=person).choices == {}


def test_a_token_for_one_person_does_not_unsubscribe_another(client):
    alice, bob = UserFactory(), UserFactory()
    token = notifications.unsubscribe_token(alice, DIRECT_KIND)
    client.force_login(bob)
    client.post(reverse("notification_unsubscribe", kwargs={"token": token}))
    assert notifications.delivery_for(bob, DIRECT_KIND) == Delivery.DIRECT
    assert notifications.delivery_for(alice, DIRECT_KIND) == Delivery.OFF


# Choosing on "Mijn gegevens" ------------------------------------------------------------


def form_data(**overrides):
    data = {"language": "nl", "time_zone": "Europe/Amsterdam"}
    for kind in notifications.kinds():
        data[f"kind_{kind.key}"] = kind.default
    data.update(overrides)
    return data


def test_my_data_shows_the_choices_and_the_form_stores_them(client):
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("mydata:my_data"))
    assertContains(page, "Meldingen")
    assertContains(page, 'name="kind_news_published"')
    response = client.post(
        reverse("notification_preferences"),
        form_data(language="en", time_zone="Europe/London", kind_news_published="off"),
    )
    assertRedirects(response, reverse("notification_preferences"))
    found = NotificationSettings.objects.get(user=person)
    assert (found.language, found.time_zone) == ("en", "Europe/London")
    assert notifications.delivery_for(person, DIGEST_KIND) == Delivery.OFF


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind_news_published": "hourly"}, "kind_news_published"),
        ({"kind_action_point_assigned": "digest"}, "kind_action_point_assigned"),
        ({"language": "de"}, "language"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "x" * 5000}, "time_zone"),
        ({"kind_news_published": ""}, "kind_news_published"),
    ],
    ids=["unknown-delivery", "personal-to-digest", "language", "zone", "long-zone", "empty"],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(client, overrides, field):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("notification_preferences"), form_data(**overrides))
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "field-invalid")
    assert response.context["notification_form"].errors[field]
    assert not NotificationSettings.objects.filter(user=person).exists()


def test_the_preferences_need_a_login(client):
    url = reverse("notification_preferences")
    for response in (client.get(url), client.post(url, form_data())):
        assertRedirects(
            response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False
        )
    assert not NotificationSettings.objects.exists()


def test_each_person_changes_only_their_own_choices(client):
    alice, bob = UserFactory(), UserFactory()
    client.force_login(bob)
    client.post(reverse("notification_preferences"), form_data(kind_news_published="off"))
    assert notifications.delivery_for(alice, DIGEST_KIND) == Delivery.DIGEST
    assert notifications.delivery_for(bob, DIGEST_KIND) == Delivery.OFF


def test_every_registered_kind_has_templates_that_render(council):
    from django.template.loader import get_template

    assert notifications.kinds()  # which ones: tests/site_wide/test_notification_kinds.py
    for kind in notifications.kinds():
        get_template(f"{kind.template}_subject.txt")
        body = get_template(f"{kind.template}_body.txt")
        assert "footer.txt" in body.template.source or "include" in body.template.source


def test_the_data_export_holds_the_choices_and_erasure_removes_them(council, news):
    from members import services as member_services

    person = UserFactory()
    NotificationSettings.objects.create(
        user=person, language="en", choices={DIGEST_KIND: Delivery.DIRECT}
    )
    fire(DIGEST_KIND, "news:1", [person], council, item=news)
    exported = member_services.personal_data_export(user=person)["notifications"]
    assert exported["language"] == "en"
    assert exported["choices"][DIGEST_KIND] == Delivery.DIRECT
    assert exported["choices"][DIRECT_KIND] == Delivery.DIRECT  # the default
    assert [n["kind"] for n in exported["notices"]] == [DIGEST_KIND]

    member_services.personal_data_erase(user=person)
    assert not Notice.objects.filter(user=person).exists()
    assert not NotificationSettings.objects.filter(user=person).exists()


def test_the_form_suggests_the_sites_language_until_the_person_chose(client):
    person = UserFactory()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notification_preferences"))
    assert page.context["notification_form"].initial["language"] == "en"
    NotificationSettings.objects.create(user=person, language="nl")
    page = client.get(reverse("notification_preferences"))
    assert page.context["notification_form"].initial["language"] == "nl"
