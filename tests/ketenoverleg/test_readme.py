"""The README tells the truth about the demo logins and `make clean`."""

import re
from pathlib import Path

from ketenoverleg import demo
from startup import demo as startup_demo

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_the_demo_login_table_lists_every_account_make_run_prints():
    # seed_demo prints the administrator, the demo users and the start-up's genodigde.
    printed = [demo.DEMO_ADMIN, *(row[0] for row in demo.DEMO_USERS), startup_demo.GENODIGDE]
    listed = re.findall(r"^\| `([^`]+@[^`]+)` \|", README, flags=re.MULTILINE)

    assert listed == printed


def test_make_clean_is_described_as_it_is():
    recipe = re.search(r"^clean:\n\trm -rf (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    removed = {name.replace("$(VENV)", ".venv") for name in recipe.group(1).split()}
    line = re.search(r"^- `make clean`: remove (.+?):", README, re.MULTILINE | re.DOTALL)
    described = {name.rstrip("/") for name in re.findall(r"`([^`]+)`", line.group(1))}

    assert described == removed
