"""Real-browser tests: Playwright driving Debian's Chromium against a live test server.

Playwright never downloads a browser here; it starts /usr/bin/chromium (or $CHROMIUM).
Without Chromium the tests are skipped and the run says so in its summary.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser.audit import ROOT, Audit, track_documents, unchecked_pages

AUDIT = Audit()

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"browser tests not run: no Chromium at {CHROMIUM}")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if AUDIT.axe_checked:
        counts = ", ".join(f"{impact} {n}" for impact, n in sorted(AUDIT.axe_counts.items()))
        terminalreporter.write_line(
            f"axe: {len(AUDIT.axe_checked)} page views checked; violations by impact: "
            f"{counts or 'none'}"
        )
    if AUDIT.vnu_errors is not None:
        terminalreporter.write_line(
            f"Nu Html Checker: {len(AUDIT.html)} pages, {len(AUDIT.vnu_errors)} errors"
        )
    if not HAVE_CHROMIUM:
        terminalreporter.write_line(
            f"BROWSER TESTS WERE NOT RUN: Chromium was not found at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM).",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def audit(browser):
    """axe on each page as it is visited; the Nu Html Checker on all of them at the end."""
    AUDIT.browser = browser
    yield AUDIT
    report = ROOT / ".data" / "browser-audit.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text("\n".join(AUDIT.findings) + "\n")
    errors = AUDIT.validate_html()
    with report.open("a") as out:
        out.write("\n".join(errors) + "\n")
    assert not errors, f"Nu Html Checker: {len(errors)} errors\n" + "\n".join(errors)


@pytest.fixture
def new_context(browser, live_server, audit):
    """Open a fresh browser context (one person) on the live server; closed after the test.

    `as_user` logs the context in without the login form. Every HTML page the context shows
    must be passed to `audit.check(page)`; the test fails on pages that were not.
    """
    contexts = []
    pages = []

    def make(*, javascript: bool = True, width: int = 1280, height: int = 900, as_user=None):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
        )
        context.javascript = javascript
        context.set_default_timeout(10_000)
        context.on("page", lambda page: (track_documents(page), pages.append(page)))
        if as_user is not None:
            context.add_cookies([session_cookie(as_user, live_server.url)])
        contexts.append(context)
        return context

    yield make
    missed = unchecked_pages(pages)
    for context in contexts:
        context.close()
    blocking = audit.take_blocking()
    assert not blocking, "axe found serious or critical problems:\n" + "\n".join(blocking)
    assert not missed, f"pages visited but not checked: {missed}"


def session_cookie(user, url: str) -> dict:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


DEMO_CLUB = "/c/not-your-rescue-project/"


@pytest.fixture
def demo(db):
    """The demo club; returns its people by first name (rowan, kit, mei, sol)."""
    from django.core.management import call_command

    from bookclub.accounts.models import User

    call_command("seed_demo", verbosity=0)
    return {
        name: User.objects.get(email=f"{name}@demo.bookclub.test")
        for name in ("rowan", "kit", "mei", "sol")
    }
