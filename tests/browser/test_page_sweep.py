"""Every page of the demo, for a visitor and for each demo role, at 390 and 1280 px.

Chromium opens each page and checks that it is not wider than the window (no
horizontal scrolling of the whole page) and that axe-core finds no serious or critical
accessibility violation, and once more at 360 px (the smallest phones) that it fits;
the Nu HTML Checker (vnu) reads the HTML of all pages in one run, alongside, and may
find no error. The summary line says what was checked:

    page sweep: N pages x 2 widths, 0 overflow, 0 serious/critical axe violations, 0 vnu errors

The pages are the URLs of tests/urlwalk.py filled with the demo councils' objects,
fetched once per person with Django's test client; those that answer 200 with HTML are
swept. A page whose content (``<main>``) a person sees exactly as someone before them
did is not opened again: the header that differs is checked on that person's other
pages. The admin (Django's own) is left out.

axe-core and vnu come from npm (``npm install --no-package-lock`` with package.json,
into node_modules/, which git ignores); vnu needs Java. Without them the test skips
with the reason, unless REQUIRE_BROWSER=1 (CI), where it fails.
"""

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.test import Client

from ketenoverleg import documents
from ketenoverleg.demo import DEMO_ADMIN, DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from startup import demo as startup_demo
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.urlwalk import council_urls

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = Path(os.environ.get("PAGE_SWEEP_NODE_MODULES", ROOT / "node_modules"))
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (390, 1280)
NARROWEST = 360  # checked for overflow too

# One person per demo role (the other two kernteamleden see what this one sees), with
# the councils whose pages they are sent to: a visitor every published council, the
# people of the demo council that council, the start-up's people its pages as well.
# The administrator holds every role everywhere; the demo council shows what that adds.
EVERY_COUNCIL = "*"
PEOPLE = {
    "anoniem": EVERY_COUNCIL,
    DEMO_ADMIN: [DEMO_SLUG],
    "voorzitter@beton-groningen.demo": [DEMO_SLUG],
    "secretaris@beton-groningen.demo": [DEMO_SLUG],
    "penningmeester@beton-groningen.demo": [DEMO_SLUG],
    "kernteam@beton-groningen.demo": [DEMO_SLUG],
    "ketensecretaris@beton-groningen.demo": [DEMO_SLUG],
    "lid@beton-groningen.demo": [DEMO_SLUG],
    "kwartiermaker@codin.demo": [DEMO_SLUG, startup_demo.SLUG],
    startup_demo.GENODIGDE: [startup_demo.SLUG],
}

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  // Name the widest elements that reach past the right edge, to say where to look.
  const edge = root.clientWidth;
  const culprits = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > edge + 1)
    .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= edge + 1)
    .slice(0, 3)
    .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
  return `${root.scrollWidth}px wide in ${root.clientWidth}px (${culprits.join(", ")})`;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""

DOWNLOADS = (".csv", ".json", ".ics", ".pdf", ".atom", ".xml", ".txt", ".ico")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')


@pytest.fixture
def sweep_tools():
    """Skip (or, under REQUIRE_BROWSER=1, fail) before the demo is built when a tool is
    missing."""
    missing = []
    if shutil.which("java") is None:
        missing.append("Java (apt-get install openjdk-17-jre-headless)")
    for path in (AXE, VNU):
        if not path.exists():
            missing.append(f"{path.relative_to(NODE_MODULES.parent)} (npm install)")
    if missing:
        reason = "page sweep needs " + ", ".join(missing)
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def demo(monkeypatch):
    from django.core.management import call_command

    # The demo requests PDFs; the sweep is about pages, so skip WeasyPrint.
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Ketenoverleg.objects.get(slug=DEMO_SLUG)


def demo_urls() -> tuple[list[str], dict[str, list[str]]]:
    """The site-wide pages and each demo council's own pages (admin left out)."""
    site, per_council = [], {}
    for council in Ketenoverleg.objects.order_by("pk"):
        urls = [u for u in council_urls(council) if not u.startswith("/admin/")]
        per_council[council.slug] = [u for u in urls if u.startswith(f"/{council.slug}/")]
        site = site or [u for u in urls if not u.startswith(f"/{council.slug}/")]
    return site, per_council


def collect_pages() -> list[dict]:
    """(person, url, html) of each page that answers 200 with HTML, without repeats."""
    site, per_council = demo_urls()
    pages, seen = [], set()
    # PAGE_SWEEP_PEOPLE=anoniem,lid@beton-groningen.demo sweeps only their pages.
    chosen = os.environ.get("PAGE_SWEEP_PEOPLE")
    people = {who: PEOPLE[who] for who in chosen.split(",")} if chosen else PEOPLE
    for who, councils in people.items():
        client = Client()
        if who != "anoniem":
            client.force_login(User.objects.get(email=who))
        slugs = per_council if councils == EVERY_COUNCIL else councils
        for url in site + [u for slug in slugs for u in per_council[slug]]:
            if url.endswith(DOWNLOADS):
                continue  # a file, not a page
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if not html.lstrip()[:15].lower().startswith("<!doctype html"):
                continue  # a fragment that a page fetches into itself, not a page
            main = html[html.find("<main") : html.find("</main>")]
            key = (url, hashlib.sha256(CSRF.sub("", main).encode()).hexdigest())
            if key in seen:
                continue
            seen.add(key)
            pages.append({"who": who, "url": url, "html": html})
    return pages


def answer_with(html: str):
    def answer(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return answer


def browser_check(browser, base_url: str, pages: list[dict]) -> list[str]:
    """Overflow and axe-core at both widths for ``pages``.

    Chromium gets each page's HTML as the test client received it for that person (so
    the server does not render it twice); its stylesheets, images and icons come from
    the live server.
    """
    problems = []
    context = browser.new_context(
        base_url=base_url, viewport={"width": WIDTHS[-1], "height": 900}, locale="nl-NL"
    )
    context.set_default_timeout(20_000)
    # axe-core in every page before it loads (outside its Content-Security-Policy).
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    for page_info in pages:
        who, url, html = page_info["who"], page_info["url"], page_info["html"]
        address = base_url + url

        page.route(address, answer_with(html))
        page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
        page.goto(url)
        page.unroute(address)
        for width in reversed(WIDTHS):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"overflow {width}px {who} {url}: {overflow}")
            for violation in page.evaluate(AXE_RUN):
                problems.append(f"axe {width}px {who} {url}: {violation}")
        # The smallest phones in use: nothing wider than 360 px either.
        page.set_viewport_size({"width": NARROWEST, "height": 900})
        if overflow := page.evaluate(OVERFLOW):
            problems.append(f"overflow {NARROWEST}px {who} {url}: {overflow}")
    context.close()
    return problems


def browser_check_in_parallel(browser, base_url: str, pages: list[dict]) -> list[str]:
    """Two Chromiums share the work (two cores): this thread's and one in a helper
    thread."""
    halves = (pages[0::2], pages[1::2])

    def in_own_browser(part):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            second = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                return browser_check(second, base_url, part)
            finally:
                second.close()

    with ThreadPoolExecutor(max_workers=1) as helper:
        other = helper.submit(in_own_browser, halves[1])
        problems = browser_check(browser, base_url, halves[0])
        return problems + other.result()


def start_vnu(pages: list[dict], folder: Path) -> tuple[subprocess.Popen, dict]:
    """The Nu HTML Checker on all pages in one run of vnu, in the background."""
    names = {}
    folder.mkdir()
    for number, page_info in enumerate(pages):
        path = folder / f"page-{number:04d}.html"
        path.write_text(page_info["html"])
        names[path.name] = f"{page_info['who']} {page_info['url']}"
    command = ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json"]
    command += ["--exit-zero-always", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, names


def vnu_errors(process: subprocess.Popen, names: dict) -> list[str]:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    messages = json.loads(stderr or stdout)["messages"]
    return [
        f"vnu {names.get(Path(m.get('url', '')).name, m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_every_demo_page_fits_is_accessible_and_valid(
    sweep_tools,
    chromium_browser,
    live_server,
    demo,
    tmp_path,
    record_property,
    caplog,
    screenshot_dir,
):
    caplog.set_level(logging.ERROR, logger="django.request")  # 403s and 404s are expected
    started = time.monotonic()
    pages = collect_pages()
    collected = time.monotonic()
    vnu = start_vnu(pages, tmp_path / "sweep")
    problems = browser_check_in_parallel(chromium_browser, live_server.url, pages)
    browsed = time.monotonic()
    problems += vnu_errors(*vnu)
    timings = (
        f"collect {collected - started:.0f} s, browser {browsed - collected:.0f} s, "
        f"vnu after that {time.monotonic() - browsed:.0f} s"
    )
    (screenshot_dir / "page-sweep.txt").write_text(
        "\n".join([timings, *problems, "", *(f"{p['who']} {p['url']}" for p in pages)]) + "\n"
    )
    if not os.environ.get("PAGE_SWEEP_PEOPLE"):
        assert len(pages) > 100, "the demo should have well over a hundred pages to sweep"

    kinds = Counter(p.split(" ", 1)[0] for p in problems)
    # tests/conftest.py prints this line at the end of the run, passed or failed.
    record_property(
        "summary",
        f"page sweep: {len(pages)} pages x {len(WIDTHS)} widths, {kinds['overflow']} overflow, "
        f"{kinds['axe']} serious/critical axe violations, {kinds['vnu']} vnu errors "
        f"({time.monotonic() - started:.0f} s)",
    )
    assert problems == [], "\n".join(problems)
