"""Browser tests: Debian's Chromium driven by Playwright, checked with axe-core.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install
chromium`; .ci/run installs it when missing).
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from workstreams.models import Statement

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"desktop": 1280, "mobile": 320}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "browser-test-password"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser):
    context = browser.new_context(viewport={"width": WIDTHS[request.param], "height": 900})
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def axe_violations(page):
    """Run axe-core's WCAG 2.2 AA rules on the page; return a readable list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{page.width_name}.png", full_page=True)


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def assert_accessible(page, name):
    """Screenshot the page, then fail on any axe violation or sideways scroll."""
    screenshot(page, name)
    assert axe_violations(page) == [], name
    assert not has_horizontal_scroll(page), f"{name} scrolls sideways at {page.width_name}"


def assert_all_accessible(page, live_server, paths, prefix=""):
    """Visit each of {name: path}, screenshotting each as prefix + name; fail at once on
    sideways scroll, and after the last page on every page's axe violations together."""
    failures = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        screenshot(page, prefix + name)
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        assert not has_horizontal_scroll(page), f"{name} scrolls sideways at {page.width_name}"
    assert failures == {}


@pytest.fixture
def demo(live_server):
    """The Sutton demo statement, with the demo accounts' password set to PASSWORD."""
    call_command("load_demo", "--password", PASSWORD, stdout=io.StringIO())
    return Statement.objects.get(slug="sutton-2018")


def sign_in(page, live_server, username, next_url="/manage/"):
    """Sign in through the GOV.UK form and wait to land on next_url."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + next_url)
