"""The settings refuse a missing or malformed variable with one line that names it.

Each case runs ``manage.py check`` in a fresh process, because the settings module is
read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Variables the settings read; each case starts from an environment without them.
SETTINGS_VARIABLES = {
    "DJANGO_ENV",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "EMAIL_FILE_PATH",
    "LOG_LEVEL",
    "MEDIA_STORAGE_OPTIONS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXY_COUNT",
    "TWO_FACTOR_REQUIRED",
    "AUDIT_LOG_RETENTION_DAYS",
    "DOCUMENT_TIME_LIMIT",
    "CELERY_VISIBILITY_TIMEOUT",
    "CELERY_QUEUE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # check --deploy refuses it (async.E001)
    "ROOT_URLCONF",
    "KETENSTATISTIEK_KEYS",
}


def manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "ketenoverleg.settings"
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}
# A Fernet key for the ketenstatistiek (32 bytes, URL-safe base64).
STATISTICS_KEY = "cHJvZHVjdGlvbi1rZXktZm9yLXRoZS10ZXN0cy0wMDE="


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        pytest.param({"DJANGO_ENV": "production"}, "SECRET_KEY", id="production-no-secret-key"),
        pytest.param(
            {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60},
            "ALLOWED_HOSTS",
            id="production-no-allowed-hosts",
        ),
        pytest.param(PRODUCTION, "DATABASE_URL", id="production-no-database-url"),
        pytest.param({"DATABASE_URL": "mysql://x"}, "DATABASE_URL", id="database-url-mysql"),
        pytest.param({"DATABASE_URL": "nonsense"}, "DATABASE_URL", id="database-url-nonsense"),
        pytest.param(
            {"DATABASE_URL": "postgres://u@localhost:notaport/db"},
            "DATABASE_URL",
            id="database-url-bad-port",
        ),
        pytest.param(
            {"CELERY_BROKER_URL": "amqp://guest@localhost//"},
            "CELERY_BROKER_URL",
            id="broker-url-amqp",
        ),
        pytest.param(
            {"REDIS_URL": "amqp://guest@localhost//"},
            "REDIS_URL",
            id="redis-url-amqp",
        ),
        pytest.param({"EMAIL_URL": "nonsense"}, "EMAIL_URL", id="email-url-nonsense"),
        pytest.param(
            {"EMAIL_URL": "smtp://u:p@mail.example.org:port"},
            "EMAIL_URL",
            id="email-url-bad-port",
        ),
        pytest.param({"DJANGO_ENV": "bogus"}, "DJANGO_ENV", id="django-env-bogus"),
        pytest.param(
            {"TWO_FACTOR_REQUIRED": "misschien"},
            "TWO_FACTOR_REQUIRED",
            id="two-factor-required-not-a-boolean",
        ),
        pytest.param(
            {"AUDIT_LOG_RETENTION_DAYS": "0"},
            "AUDIT_LOG_RETENTION_DAYS",
            id="audit-retention-zero",
        ),
        pytest.param(
            {"TRUSTED_PROXY_COUNT": "een"}, "TRUSTED_PROXY_COUNT", id="proxy-count-not-a-number"
        ),
        pytest.param(
            {"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT", id="proxy-count-negative"
        ),
        pytest.param(
            {"CELERY_VISIBILITY_TIMEOUT": "60"},
            "CELERY_VISIBILITY_TIMEOUT",
            id="visibility-timeout-shorter-than-a-render",
        ),
        pytest.param(
            {"DOCUMENT_TIME_LIMIT": "twee minuten"},
            "DOCUMENT_TIME_LIMIT",
            id="document-time-limit-not-a-number",
        ),
        pytest.param(
            {"ROOT_URLCONF": "somewhere.urls"}, "ROOT_URLCONF", id="root-urlconf-elsewhere"
        ),
        pytest.param(
            {"KETENSTATISTIEK_KEYS": "geen-sleutel"},
            "KETENSTATISTIEK_KEYS",
            id="statistics-key-malformed",
        ),
    ],
)
def test_bad_configuration_stops_with_one_line_naming_the_variable(overrides, variable):
    result = manage("check", **overrides)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{
            **PRODUCTION,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "KETENSTATISTIEK_KEYS": STATISTICS_KEY,
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SECURITY_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'two_factor': s.TWO_FACTOR_REQUIRED, 'proxies': s.ALLAUTH_TRUSTED_PROXY_COUNT, "
    "'cache': s.CACHES['default']['BACKEND'], 'retention': s.AUDIT_LOG_RETENTION_DAYS}))"
)
DB_CACHE = "django.core.cache.backends.db.DatabaseCache"
POSTGRES = {"DATABASE_URL": "postgres://u:p@db:5432/k"}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {},
            {"two_factor": False, "proxies": 0, "cache": DB_CACHE, "retention": 730},
            id="embedded-default",
        ),
        pytest.param(
            {**PRODUCTION, **POSTGRES},
            {"two_factor": True, "proxies": 1, "cache": DB_CACHE, "retention": 730},
            id="production",
        ),
        pytest.param(
            {"CELERY_BROKER_URL": "redis://redis:6379/0", "AUDIT_LOG_RETENTION_DAYS": "90"},
            {
                "two_factor": False,
                "proxies": 0,
                "cache": "django.core.cache.backends.redis.RedisCache",
                "retention": 90,
            },
            id="broker-and-retention",
        ),
        pytest.param(
            {**PRODUCTION, **POSTGRES, "TWO_FACTOR_REQUIRED": "false"},
            {"two_factor": False, "proxies": 1, "cache": DB_CACHE, "retention": 730},
            id="production-trial-without-two-factor",
        ),
    ],
)
def test_security_settings_follow_the_environment(overrides, expected):
    result = manage("shell", "-c", SECURITY_SETTINGS, **overrides)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


@pytest.mark.parametrize(
    ("overrides", "visibility_timeout"),
    [
        pytest.param({}, 240, id="default: twice the render limit, under 5 minutes"),
        pytest.param({"DOCUMENT_TIME_LIMIT": "300"}, 600, id="a slower render limit"),
        pytest.param({"DOCUMENT_TIME_LIMIT": "30"}, 100, id="at least the stuck time plus 30 s"),
        pytest.param({"CELERY_VISIBILITY_TIMEOUT": "1200"}, 1200, id="set explicitly"),
    ],
)
def test_the_brokers_visibility_timeout_follows_the_render_limit(overrides, visibility_timeout):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])",
        **overrides,
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) == visibility_timeout


def test_a_production_web_process_without_a_statistics_key_refuses_to_start(tmp_path):
    result = manage(
        "check",
        **{
            **PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )

    assert result.returncode != 0
    assert "KETENSTATISTIEK_KEYS" in result.stderr + result.stdout
