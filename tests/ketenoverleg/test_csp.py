"""Content-Security-Policy (issue 12, found item 10).

Production enforces a policy that allows only the site's own scripts, styles and
images, no inline code and no framing; development sends the same policy report-only.
The pages themselves carry no inline style or script, so the policy blocks nothing
(the browser test in tests/browser/test_security.py watches for violations).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from actionpackages.charts import line_chart, participation_chart
from tests.ketenoverleg.test_settings import SETTINGS_VARIABLES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT_ROOT / "templates"

EXPECTED_DIRECTIVES = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


@pytest.fixture(scope="module")
def production_answers(tmp_path_factory):
    """Headers of a page, the login page, a 404 and the admin login, in production."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ketenoverleg.example.org",
        DATABASE_URL=f"sqlite:///{database}",
    )
    paths = ["/", "/accounts/login/", "/bestaat-niet/", "/admin/login/"]
    result = subprocess.run(
        [sys.executable, "-m", "tests.ketenoverleg.production_headers", *paths],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/bestaat-niet/", "/admin/login/"])
def test_production_responses_enforce_the_content_security_policy(production_answers, path):
    headers = production_answers[path]["headers"]

    assert "Content-Security-Policy" in headers
    assert "Content-Security-Policy-Report-Only" not in headers
    policy = directives(headers["Content-Security-Policy"])
    for name, values in EXPECTED_DIRECTIVES.items():
        assert policy[name] == values, name
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_development_reports_the_same_policy_without_enforcing_it(client, db):
    response = client.get("/")

    assert "Content-Security-Policy" not in response.headers
    policy = directives(response.headers["Content-Security-Policy-Report-Only"])
    for name, values in EXPECTED_DIRECTIVES.items():
        assert policy[name] == values, name


def test_the_policy_is_one_definition_for_both_modes():
    assert settings.CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"] is settings.CSP_DIRECTIVES


# No inline code anywhere a browser renders (the PDF templates are WeasyPrint's).

INLINE = [
    ("a style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("a <style> element", re.compile(r"<style[\s>]", re.IGNORECASE)),
    ("an event-handler attribute", re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)),
    ("a javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
]
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def browser_templates():
    return sorted(
        path for path in TEMPLATES.rglob("*.html") if path.relative_to(TEMPLATES).parts[0] != "pdf"
    )


@pytest.mark.parametrize(
    "template", browser_templates(), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_no_inline_styles_or_scripts(template):
    text = template.read_text()

    for what, pattern in INLINE:
        assert not pattern.search(text), f"{what} in {template.name}"
    for attributes in SCRIPT.findall(text):
        # Only scripts loaded from a file, or data that is never run.
        assert "src=" in attributes or 'type="application/json"' in attributes


def test_the_charts_are_styled_by_the_stylesheet_only():
    svg = line_chart(
        title="Aandeel granulaatbeton",
        unit="%",
        points=[(date(2024, 1, 1), Decimal("4")), (date(2025, 1, 1), Decimal("9"))],
        baseline=Decimal("4"),
        target=Decimal("20"),
        chart_id="granulaat",
    ) + participation_chart(
        title="Deelname",
        rows=[{"label": "Aanbod", "members": 4, "signed": 3}],
        chart_id="deelname",
    )

    for what, pattern in INLINE:
        assert not pattern.search(svg), what
    assert "<script" not in svg
