"""The production stack in docker-compose.yml has every service it needs."""

from pathlib import Path

import pytest
import yaml

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def environment(service: dict) -> dict:
    """A service's environment as a dict, in either of compose's two spellings."""
    value = service.get("environment") or {}
    if isinstance(value, list):
        value = dict(item.split("=", 1) if "=" in item else (item, None) for item in value)
    return value


def mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each volume, in short ("src:dst") or long syntax."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result.append((volume.get("source", ""), volume["target"]))
        else:
            source, target = str(volume).split(":")[:2]
            result.append((source, target))
    return result


def test_compose_defines_the_whole_stack(compose):
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])


def test_database_is_postgres_on_a_named_volume(compose):
    db = compose["services"]["db"]

    assert db["image"].startswith("postgres")
    data = [source for source, target in mounts(db) if target == "/var/lib/postgresql/data"]
    assert data, "the database keeps its data in a volume"
    assert data[0] in (compose.get("volumes") or {})


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_keep_media_on_a_named_volume(compose, name):
    service = compose["services"][name]
    media_root = environment(service)["MEDIA_ROOT"]

    media = [source for source, target in mounts(service) if target == media_root]
    assert media, f"{name} has no volume on MEDIA_ROOT={media_root}"
    assert media[0] in (compose.get("volumes") or {})


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_services_run_in_production_against_db_and_redis(compose, name):
    env = environment(compose["services"][name])

    assert env["DJANGO_ENV"] == "production"
    assert env["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    assert "@db:" in env["DATABASE_URL"]
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:")


@pytest.mark.parametrize(("name", "command"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_celery(compose, name, command):
    value = compose["services"][name]["command"]
    words = value.split() if isinstance(value, str) else value

    assert words[:3] == ["celery", "-A", "ketenoverleg"]
    assert command in words


def test_only_the_web_process_holds_the_key_to_members_figures(compose):
    assert "KETENSTATISTIEK_KEYS" in environment(compose["services"]["web"])
    for name in ("worker", "beat"):
        assert "KETENSTATISTIEK_KEYS" not in environment(compose["services"][name])
