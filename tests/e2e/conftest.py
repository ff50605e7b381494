"""Playwright in Debian's Chromium against pytest-django's live server.

Never downloads a browser: it launches CHROMIUM_PATH (/usr/bin/chromium). Outside CI, a machine
without Chromium skips these tests with the reason; under CI=true that is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Waits are on state (expect(...).to_be_visible(), wait_for_load_state), never on time; these are
# only the bounds after which a wait fails. A loaded CI machine (2 cores shared with the suite's
# other workers, PostgreSQL and Chromium) once took over 10 s to load a page, so the bounds are
# generous, but finite: a real hang still fails the test, within a minute, with a screenshot.
NAVIGATION_TIMEOUT_MS = 45_000  # page.goto, clicks that navigate, wait_for_load_state
ACTION_TIMEOUT_MS = 30_000  # finding and acting on an element
EXPECT_TIMEOUT_MS = 30_000  # expect(...) assertions


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM} (CI=true: browser tests may not be skipped)")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="alumni-chromium-")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_login_limits():
    """allauth counts logins per address (30 a minute, ACCOUNT_RATE_LIMITS' default) in the cache,
    and every browser test logs in from 127.0.0.1, several times: a run of fast tests would hit the
    limit the tests before them used up. Each test starts with a clean count (the cache only: the
    broker and the results are other Redis databases, scripts/with-services.sh)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def page(browser, request):
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def log_in(live_server, page):
    """log_in(email) -> the page, logged in, once the app's main navigation is on screen (a wait on
    state: the next goto cannot cut the login's own navigation short)."""
    from tests.accounts.factories import PASSWORD
    from tests.e2e.watch import log_in_as

    def do(email: str, password: str = PASSWORD):
        return log_in_as(page, live_server.url, email, password)

    return do
