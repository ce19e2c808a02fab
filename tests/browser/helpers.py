"""Helpers for the real-browser tests (the fixtures that use them are in conftest.py).

- `running_app(log, env=…)`: a `streamlit run app.py` of its own on a free localhost port, stopped
  afterwards (for a test that needs its own server: another clock, a restart, SSO settings).
- `AppPage`: one browser tab on a server that records every request it makes; `sign_in(context,
  url)` gives a browser context a demo account's session cookie.
- `free_port()`, `wait_for_health()`, `find_chromium()`, `screen_xy()` (where a point of a map is
  drawn on the canvas).
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

from bench.server import stop_server  # one way to stop a server, as the benchmark does

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


def free_port(first: int = 8601, last: int = 8619) -> int:
    """Return a free localhost port, preferring the range first-last (the project's 8601-8619).

    Under pytest-xdist each worker takes every n-th port of the range (gw0 8601, 8603 …; gw1 8602
    …), so two workers starting servers at once never pick the same one.
    """
    worker, workers = xdist_worker()
    for port in [*range(first + worker, last + 1, workers), 0]:
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
        stop_server(process)
        log.close()


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


def screen_xy(canvas_box: dict, view: dict, lon: float, lat: float) -> tuple[float, float]:
    """Return where (lon, lat) is drawn on the deck canvas (Web Mercator, 512-px world at zoom 0)."""
    size = 512 * 2 ** view["zoom"]

    def world(lo, la):
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2
        return (lo + 180) / 360 * size, y * size

    x, y = world(lon, lat)
    x0, y0 = world(view["longitude"], view["latitude"])
    return canvas_box["x"] + canvas_box["width"] / 2 + x - x0, canvas_box["y"] + canvas_box[
        "height"
    ] / 2 + y - y0


# The texts of a chart (Vega draws SVG here) that run past its edges, where the browser cuts them,
# or that Vega cut short itself with an ellipsis (a label or legend entry over its labelLimit).
CHART_TEXTS_CUT = """(el) => {
    const svg = el.querySelector('svg.marks');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getAttribute('opacity') !== '0')  // 0: overlap hid it
        .filter(t => {
            const r = t.getBoundingClientRect();  // 3 px: Vega's own padding may stand past the box
            return r.right > box.right + 3 || r.left < box.left - 3
                || r.bottom > box.bottom + 3 || r.top < box.top - 3
                || t.textContent.trim().endsWith('…');
        })
        .map(t => t.textContent);
}"""


def chart_texts_cut(page, index: int) -> list[str]:
    """Return the texts of the page's `index`-th Vega chart that are cut short ([]: none)."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').nth(index)
    chart.locator("svg.marks text").first.wait_for(state="attached")
    return chart.evaluate(CHART_TEXTS_CUT)
