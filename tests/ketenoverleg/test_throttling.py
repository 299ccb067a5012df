"""Throttling without lockout (issue 12, found item 9).

Wrong passwords count against the address they come from and against the account from
that address, in a cache that every web process shares; signup, password reset and the
council's public forms that send mail are limited too, with a Dutch 429 page.
"""

import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.urls import reverse

from ketenoverleg import ratelimit
from members.models import Membership
from tests.factories import PASSWORD, CouncilFactory, UserFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
TOO_MANY = "Te veel mislukte pogingen om in te loggen vanaf dit adres"


def log_in(address: str, email: str, password: str) -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_counters_live_in_a_cache_that_every_process_shares():
    assert isinstance(caches["default"], DatabaseCache | RedisCache)
    expected = RedisCache if settings.CELERY_BROKER_URL else DatabaseCache
    assert isinstance(caches["default"], expected)


@pytest.mark.django_db
def test_wrong_guesses_from_one_address_do_not_lock_the_owner_out_from_another():
    owner = UserFactory(email="secretaris@beton-groningen.nl")

    for _ in range(6):
        log_in(ATTACKER, owner.email, "raden-1234")

    client, response = log_in(OWNER, owner.email, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert is_logged_in(client)
    # The guesser's address stays blocked, even with the right password.
    attacker, refused = log_in(ATTACKER, owner.email, PASSWORD)
    assert not is_logged_in(attacker)
    assert TOO_MANY in refused.content.decode()


@pytest.mark.django_db
def test_the_owner_is_stopped_after_five_wrong_passwords_from_one_address():
    owner = UserFactory()
    answers = [log_in(OWNER, owner.email, "vergeten")[1] for _ in range(6)]

    assert [TOO_MANY in a.content.decode() for a in answers] == [False] * 5 + [True]


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_stopped_by_the_address_limit():
    users = UserFactory.create_batch(11)

    answers = [log_in(ATTACKER, user.email, "raden")[1] for user in users]

    assert TOO_MANY not in answers[9].content.decode()
    assert TOO_MANY in answers[10].content.decode()
    # Someone else's address is not affected.
    client, response = log_in(OWNER, users[-1].email, PASSWORD)
    assert is_logged_in(client)


def _cache_config(backend: str) -> dict:
    prefix = dict(settings.CACHES["default"])["KEY_PREFIX"]
    if backend == "redis":
        if not settings.CELERY_BROKER_URL:
            pytest.skip("needs Redis: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.CELERY_BROKER_URL,
                "KEY_PREFIX": prefix,
            }
        }
    if connection.vendor != "postgresql":
        pytest.skip("another process needs the test database on PostgreSQL (SQLite's is in memory)")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ketenoverleg_cache",
            "KEY_PREFIX": prefix,
        }
    }


def _database_url() -> str:
    if connection.vendor != "postgresql":
        pytest.skip("another process needs the test database on PostgreSQL (SQLite's is in memory)")
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_guesses_counted_by_another_process_hold_here(backend, settings):
    caches_config = _cache_config(backend)
    settings.CACHES = caches_config
    owner = UserFactory()
    arguments = {"caches": caches_config, "address": ATTACKER, "email": owner.email, "attempts": 5}

    result = subprocess.run(
        [sys.executable, "-m", "tests.ketenoverleg.login_attempts", json.dumps(arguments)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": _database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [HTTPStatus.OK] * 5
    attacker, refused = log_in(ATTACKER, owner.email, PASSWORD)
    assert not is_logged_in(attacker)
    assert TOO_MANY in refused.content.decode()
    owner_client, _ = log_in(OWNER, owner.email, PASSWORD)
    assert is_logged_in(owner_client)


# Signup and password reset: allauth's own views, our limits and our 429 page.


@pytest.mark.django_db
def test_signups_from_one_address_get_the_dutch_429_page_after_five_a_minute():
    client = Client(REMOTE_ADDR=ATTACKER)
    answers = [
        client.post(
            reverse("account_signup"),
            {"email": f"nieuw{i}@voorbeeld.nl", "password1": PASSWORD, "password2": PASSWORD},
        )
        for i in range(6)
    ]

    assert [a.status_code for a in answers[:5]] == [HTTPStatus.FOUND] * 5
    assert answers[5].status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = answers[5].content.decode()
    assert "Even geduld" in page
    assert 'class="site-header"' in page  # the site's own layout
    assert len(mail.outbox) == 5  # the sixth sent no confirmation mail


@pytest.mark.django_db
def test_password_reset_mails_to_one_address_stop_after_three_an_hour():
    user = UserFactory()
    answers = [
        Client(REMOTE_ADDR=f"192.0.2.{i}").post(
            reverse("account_reset_password"), {"email": user.email}
        )
        for i in range(4)
    ]

    assert [a.status_code for a in answers[:3]] == [HTTPStatus.FOUND] * 3
    assert answers[3].status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert len(mail.outbox) == 3


# The council's own public forms that send mail.


def _application(i: int) -> dict:
    return {
        "geledingen": ["aanbod"],
        "supports_goal": "on",
        "listing_consent": "on",
        "motivation": "",
        "org-name": f"Betoncentrale {i}",
        "org-kind": "bedrijf",
        "org-place": "Groningen",
        "org-intention_text": "Wij leveren granulaatbeton.",
    }


@pytest.mark.django_db
def test_applications_by_one_person_stop_at_the_limit_with_the_429_page(client):
    council = CouncilFactory()
    client.force_login(UserFactory())
    url = reverse("members:apply", kwargs={"slug": council.slug})

    answers = [client.post(url, _application(i)) for i in range(6)]

    assert [a.status_code for a in answers[:5]] == [HTTPStatus.FOUND] * 5
    assert answers[5].status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Even geduld" in answers[5].content.decode()
    assert Membership.objects.filter(council=council).count() == 5


@pytest.mark.django_db
def test_follow_requests_stop_at_the_limit(client):
    user = UserFactory()
    client.force_login(user)
    councils = CouncilFactory.create_batch(11)

    answers = [client.post(reverse("members:follow", kwargs={"slug": c.slug})) for c in councils]

    assert [a.status_code for a in answers[:10]] == [HTTPStatus.FOUND] * 10
    assert answers[10].status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Membership.objects.filter(council=councils[-1]).count() == 0


@pytest.mark.django_db
def test_the_public_pages_throttle_counts_visitors_behind_the_proxy_apart(settings, rf):
    """Workshops and the public dialogue count per address: behind the TLS proxy that is
    the visitor's, not the proxy's (one classroom would otherwise lock out the next)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    first = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert ratelimit.client_ip(first) == "198.51.100.7"
    assert ratelimit.hit(f"t:{ratelimit.client_ip(first)}", limit=1, window=60)
    assert not ratelimit.hit(f"t:{ratelimit.client_ip(first)}", limit=1, window=60)
    assert ratelimit.exceeded(f"t:{ratelimit.client_ip(first)}", limit=1)
    assert not ratelimit.exceeded(f"t:{ratelimit.client_ip(second)}", limit=1)
    assert ratelimit.hit(f"t:{ratelimit.client_ip(second)}", limit=1, window=60)
