"""`make run` on another port: links in mail and iCal (SITE_URL) follow that port.

Runs the real Makefile with a stand-in for the virtualenv's python that prints what it
was asked and the SITE_URL it got, so nothing is installed, migrated or served.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_run(tmp_path, *arguments, environment=None):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text('#!/bin/sh\necho "python $* SITE_URL=$SITE_URL"\n')
    python.chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than pyproject.toml: make installs nothing
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "run", f"BIN={bin_dir}", f"STAMP={stamp}", *arguments],
        cwd=ROOT,
        env=env | (environment or {}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_site_url_follows_the_port(tmp_path):
    output = make_run(tmp_path, "PORT=8101")

    assert "python manage.py runserver 127.0.0.1:8101 SITE_URL=http://127.0.0.1:8101" in output
    assert "python manage.py seed_demo SITE_URL=http://127.0.0.1:8101" in output
    assert ":8000" not in output


def test_site_url_follows_the_port_given_in_the_environment(tmp_path):
    output = make_run(tmp_path, environment={"PORT": "8123"})

    assert "runserver 127.0.0.1:8123 SITE_URL=http://127.0.0.1:8123" in output


def test_a_site_url_that_is_set_wins(tmp_path):
    output = make_run(
        tmp_path, "PORT=8101", environment={"SITE_URL": "https://ketenoverleg.example.org"}
    )

    assert "runserver 127.0.0.1:8101 SITE_URL=https://ketenoverleg.example.org" in output
