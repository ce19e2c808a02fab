"""Real-browser fixtures: one Streamlit server and one headless Chromium for the whole session.

Write a browser test in tests/browser/ like this:

    def test_my_page(app_page):                       # a fresh tab that records every request
        app_page.open("monitoring", period="2024-06", lang="en")   # /monitoring?period=…&lang=en
        app_page.expect_text("Monitoring")             # waits until the text is visible
        app_page.assert_healthy()                      # no exception box, no request off localhost
        app_page.screenshot("monitoring_en")           # -> artifacts/screenshots/monitoring_en.png

Fixtures:
- `streamlit_server` (session): starts `streamlit run app.py` on a free localhost port (8601-8619
  first), waits for /_stcore/health, yields the base URL and stops the server at the end (one
  server a pytest-xdist worker).
- `browser` (session): Playwright's Chromium driving Debian's /usr/bin/chromium (or $CCBIO_CHROMIUM).
  No browser -> the test FAILS, saying to `apt-get install chromium fonts-noto-cjk`.
- `app_page` (per test): an `AppPage` (new context and tab on that server; see its methods).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bench.server import CHROMIUM_ARGS  # one set of flags for every headless Chromium we start
from tests.browser.helpers import INSTALL_HINT, ROOT, AppPage, find_chromium, running_app, sign_in


@pytest.fixture(scope="session")
def streamlit_server():
    """Start the app once for the session; yield its base URL (http://127.0.0.1:<port>)."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    # the server shares the test run's store (tests/conftest.py) and cookie key, so a test can
    # start a signed-in session for a browser tab (see helpers.sign_in)
    os.environ.setdefault("CCBIO_SESSION_SECRET", os.urandom(32).hex())
    log = f"streamlit_browser_tests{os.environ.get('PYTEST_XDIST_WORKER', '')}.log"  # one a worker
    with running_app(ROOT / "artifacts" / log) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Yield one headless Chromium for the session; fail (never skip) when none is installed."""
    chromium = find_chromium()
    if chromium is None:
        pytest.fail(
            f"No Chromium found for the browser tests. Install it: {INSTALL_HINT} "
            "(or point $CCBIO_CHROMIUM at a Chromium binary).",
            pytrace=False,
        )
    if (
        shutil.which("fc-list")
        and "cjk"
        not in subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True
        ).stdout.lower()
    ):
        pytest.fail(
            f"No CJK font: Chinese would render as boxes. Install one: {INSTALL_HINT}",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def app_page(browser, streamlit_server):
    """Yield an AppPage in a fresh browser context (own cookies and session) on the test server.

    The tab is signed in as the demo data administrator (every page, the whole city); tests of
    signing in and of roles use `new_app_page` below.
    """
    context = browser.new_context(
        viewport={"width": 1500, "height": 2000}, locale="zh-CN", accept_downloads=True
    )
    sign_in(context, streamlit_server)
    page = context.new_page()
    yield AppPage(page, streamlit_server)
    context.close()


@pytest.fixture
def new_app_page(browser, streamlit_server):
    """Yield a function returning AppPages in fresh contexts: signed in as `account`, or nobody."""
    contexts = []

    def make(account: str | None = None) -> AppPage:
        context = browser.new_context(
            viewport={"width": 1400, "height": 1100}, locale="zh-CN", accept_downloads=True
        )
        contexts.append(context)
        if account:
            sign_in(context, streamlit_server, account)
        return AppPage(context.new_page(), streamlit_server)

    yield make
    for context in contexts:
        context.close()
