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

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from bench.server import CHROMIUM_ARGS  # one set of flags for every headless Chromium we start

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
INSTALL_HINT = "apt-get install chromium fonts-noto-cjk"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
PAGE_TIMEOUT_MS = 90_000  # generous: a cold server on a busy 2-core CI box


def find_chromium() -> str | None:
    """Return the path of a Chromium binary ($CCBIO_CHROMIUM, /usr/bin/chromium, or on PATH)."""
    for candidate in (
        os.environ.get("CCBIO_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    """Return a free localhost port, preferring the project's 8601-8619 range.

    Under pytest-xdist each worker takes every n-th port of the range (gw0 8601, 8603 …; gw1 8602
    …), so two workers starting servers at once never pick the same one.
    """
    worker, workers = xdist_worker()
    for port in [*range(8601 + worker, 8620, workers), 0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def xdist_worker() -> tuple[int, int]:
    """Return (this worker's number, how many workers) under pytest-xdist, else (0, 1)."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name.removeprefix("gw")), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def wait_for_health(base_url: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy at {base_url} within {timeout_s}s")


@contextlib.contextmanager
def running_app(
    log_path: Path, env: dict | None = None, port: int | None = None, extra=(), script="app.py"
):
    """Run `streamlit run app.py` (or `script`, e.g. serve.py) on a free localhost port; yield its
    base URL; stop it afterwards."""
    port = port or free_port()
    log = open(log_path, "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def streamlit_server():
    """Start the app once for the session; yield its base URL (http://127.0.0.1:<port>)."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    # the server shares the test run's store (tests/conftest.py) and cookie key, so a test can
    # start a signed-in session for a browser tab (see sign_in below)
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


class AppPage:
    """One browser tab on the test server that records every request it makes."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.requests: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.set_default_timeout(PAGE_TIMEOUT_MS)

    def open(self, path: str = "", **params: str) -> AppPage:
        """Go to /<path>?<params> and wait until Streamlit has finished running the script.

        The default page (the first in app.py's PAGES) lives at "" (the root), not at its url_path.
        """
        query = f"?{urlencode(params)}" if params else ""
        self.page.goto(f"{self.base_url}/{path}{query}")
        self.wait_idle()
        return self

    def wait_idle(self, sidebar: bool = True) -> None:
        """Wait until the app is drawn and Streamlit has finished every script run.

        Conditions, no fixed sleeps: the sidebar is drawn (a session's first run may rerun before
        any widget, see filters._route_through_app; `sidebar=False` on a phone, where it is
        collapsed), the script state is notRunning, and no element is stale (left from an earlier
        run) or a loading skeleton.
        """
        if sidebar:
            self.page.wait_for_selector('[data-testid="stSidebar"]')
        self.page.wait_for_function(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                return app && app.dataset.testScriptState === "notRunning"
                    && app.dataset.testConnectionState === "CONNECTED"
                    && !document.querySelector('[data-testid="stStatusWidget"]')
                    && !document.querySelector('[data-stale="true"]')
                    && !document.querySelector('[data-testid="stSkeleton"]');
            }"""
        )

    def expect_text(self, text: str) -> None:
        """Wait until `text` is visible somewhere on the page."""
        from playwright.sync_api import expect

        expect(self.page.get_by_text(text, exact=False).first).to_be_visible(
            timeout=PAGE_TIMEOUT_MS
        )

    def external_requests(self) -> list[str]:
        """Return every request that went anywhere but localhost (data: and blob: URLs are local)."""
        return [
            u
            for u in self.requests
            if urlparse(u).scheme not in ("data", "blob")
            and urlparse(u).hostname not in LOCAL_HOSTS
        ]

    def assert_healthy(self) -> None:
        """Fail on an exception box, a 'Page not found' dialog or any request that left localhost."""
        errors = self.page.locator('[data-testid="stException"], .stException')
        assert errors.count() == 0, errors.first.inner_text()
        assert self.page.get_by_text("Page not found").count() == 0, "unknown page path"
        assert self.external_requests() == []

    def screenshot(self, name: str) -> Path:
        """Save a screenshot of the window as artifacts/screenshots/<name>.png and return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def sign_in(context, base_url: str, account: str = "demo_admin") -> None:
    """Give a browser context the session cookie of a demo account, as signing in on the page does."""
    from ccbio import data
    from ccbio.auth import accounts, tokens

    accounts.ensure_demo_accounts(data.park_list()["park_id"].tolist())
    cookie, _ = tokens.issue(accounts.get(account)["id"], "demo")
    context.add_cookies([{"name": tokens.COOKIE_NAME, "value": cookie, "url": base_url}])


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
