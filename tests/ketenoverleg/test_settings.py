"""The settings refuse a missing or malformed variable with one line that names it.

Each case runs ``manage.py check`` in a fresh process, because the settings module is
read once per process.
"""

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
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # check --deploy refuses it (async.E001)
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
