"""A real server and a real browser: seconds until the goals page's KPI cards are visible, and the
server's peak memory (RSS) after every page has been opened once; and the same KPI timing for a bare
Streamlit page holding one st.metric, the floor this machine and Streamlit set."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.watch import rss_mb
from ccbio import config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KPI_CARDS = '[class*="st-key-goal_card_"] [data-testid="stMetric"]'
DRAWN = '[data-testid="stMain"] [data-testid="stElementContainer"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The floor: what `streamlit run` needs to show one card that KPI_CARDS matches, with none of our code.
BARE_APP = """import streamlit as st

with st.container(border=True, key="goal_card_floor"):
    st.metric("bare Streamlit page", "1")
"""


def page_paths() -> list[str]:
    """Return the url_path of every page app.py routes to, goals first."""
    return re.findall(r'url_path="([a-z_]+)"', (config.ROOT / "app.py").read_text(encoding="utf-8"))


def free_port(first: int = 8640, last: int = 8649) -> int:
    """Return a free localhost port in the range this project's benchmark may use."""
    for port in range(first, last + 1):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {first}-{last}")


def _wait_healthy(url: str, server: subprocess.Popen, t0: float, budget_s: float) -> float:
    """Return seconds from t0 until the server answers its health check."""
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            pass
        if server.poll() is not None or time.perf_counter() - t0 > budget_s:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)


def server_command(app: Path, port: int) -> list[str]:
    """Return the `streamlit run` command line the benchmark starts an app with."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]


def time_kpi(
    page, url: str, path: str, server: subprocess.Popen, t0: float, budget_s: float
) -> dict:
    """Return seconds from t0 until the server is up, the page's HTML loaded and KPI_CARDS visible."""
    result: dict = {"kpi_visible_s": None, "server_up_s": _wait_healthy(url, server, t0, budget_s)}
    while True:  # the server is up once the page loads at all
        try:
            page.goto(url + path, wait_until="domcontentloaded", timeout=5000)
            result["page_loaded_s"] = time.perf_counter() - t0
            break
        except Exception:
            if time.perf_counter() - t0 > budget_s or server.poll() is not None:
                raise
            time.sleep(0.05)
    try:
        page.wait_for_selector(KPI_CARDS, state="visible", timeout=budget_s * 1000)
        result["kpi_visible_s"] = time.perf_counter() - t0
    except Exception as exc:
        result["kpi_error"] = type(exc).__name__
    return result


def signed_in_state() -> None:
    """Give this process and the servers it starts one throwaway state folder and signing key, so
    a session cookie minted here (sign_in) is one the server accepts."""
    os.environ.setdefault("CCBIO_STATE_DIR", tempfile.mkdtemp(prefix="ccbio-bench-state-"))
    os.environ.setdefault("CCBIO_SESSION_SECRET", os.urandom(32).hex())


def sign_in(context, url: str, data_dir: Path, account: str = "demo_admin") -> None:
    """Give a browser context the session cookie of a demo account, as its sign-in button does."""
    import csv

    from ccbio.auth import accounts, tokens

    with open(data_dir / "reference" / "parks.csv", encoding="utf-8") as f:
        accounts.ensure_demo_accounts([row["park_id"] for row in csv.DictReader(f)])
    cookie, _ = tokens.issue(accounts.get(account)["id"], "demo")
    context.add_cookies([{"name": tokens.COOKIE_NAME, "value": cookie, "url": url}])


def time_new_sessions(browser, url: str, data_dir: Path | None, runs: int = 3) -> list[float]:
    """Return seconds from opening the root URL in a new browser session (own cookies, a new
    Streamlit session) to KPI_CARDS visible, on a server that has already served one."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            if data_dir is not None:
                sign_in(context, url, data_dir)
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=60000)
            page.wait_for_selector(KPI_CARDS, state="visible", timeout=60000)
            times.append(time.perf_counter() - t0)
        finally:
            context.close()
    return times


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server process: politely, then for sure."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def measure_floor(browser, budget_s: float = 60) -> dict:
    """Return time_kpi() for BARE_APP, written to a temporary folder and started like app.py."""
    folder = Path(tempfile.mkdtemp(prefix="ccbio-bench-floor-"))
    shutil.copytree(
        config.ROOT / ".streamlit", folder / ".streamlit"
    )  # the same config.toml as app.py
    (folder / "app.py").write_text(BARE_APP, encoding="utf-8")
    port = free_port()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        server_command(folder / "app.py", port),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        result = time_kpi(page, url, "", server, t0, budget_s)
        result["new_session_s"] = time_new_sessions(browser, url, None)
        return result
    finally:
        context.close()
        stop_server(server)
        shutil.rmtree(folder, ignore_errors=True)


def measure_server(
    data_dir: Path, browser, page_budget_s: float = 60, rss_cap_mb: float = 3000
) -> dict:
    """Start `streamlit run app.py` on data_dir; return KPI-visible seconds, page results and peak RSS.

    A watcher thread stops the server if it passes `rss_cap_mb`; a page not done within
    `page_budget_s` is recorded as such and the next page is opened.
    """
    port = free_port()
    env = {**os.environ, "CCBIO_DATA_DIR": str(data_dir)}
    cmd = server_command(config.ROOT / "app.py", port)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    sign_in(context, f"http://127.0.0.1:{port}/", data_dir)  # signed out, there is no KPI card
    page = context.new_page()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        cmd, cwd=config.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    result: dict = {"port": port, "pages": [], "kpi_visible_s": None, "VmHWM": 0.0, "stopped": None}
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2) and server.poll() is None:
            result["VmHWM"] = max(result["VmHWM"], rss_mb(server.pid, "VmHWM"))
            if result["VmHWM"] > rss_cap_mb:
                result["stopped"] = f"server stopped at {rss_cap_mb:,.0f} MB"
                server.kill()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        url = f"http://127.0.0.1:{port}/"
        # the root URL, which `streamlit run` prints: the default page (goals) lives there, and a
        # later visit to /goals gets Streamlit's "page not found" notice before the same page
        result.update(time_kpi(page, url, "", server, t0, page_budget_s))
        if result["kpi_visible_s"] is not None:  # the server is warm now: new users arrive
            result["new_session_s"] = time_new_sessions(browser, url, data_dir)
        paths = page_paths()
        for path in paths:
            if server.poll() is not None:
                result["pages"].append(
                    {"page": path, "exceptions": 0, "error": "not opened, server stopped"}
                )
                continue
            t = time.perf_counter()
            entry = {"page": path, "exceptions": 0}
            try:
                page.goto(
                    url + ("" if path == paths[0] else path),
                    wait_until="domcontentloaded",
                    timeout=page_budget_s * 1000,
                )
                # something drawn in the main area (the wall screen has no h1), then idle
                page.wait_for_selector(DRAWN, timeout=page_budget_s * 1000)
                page.wait_for_selector(IDLE, timeout=page_budget_s * 1000)
                entry["exceptions"] = page.locator('[data-testid="stException"]').count()
                entry["load_s"] = time.perf_counter() - t
            except Exception:
                entry["error"] = (
                    f"stopped the server at {rss_cap_mb:,.0f} MB"
                    if result["stopped"]
                    else f"not done after {page_budget_s:.0f} s"
                )
            if server.poll() is None:
                entry["peak_rss_mb"] = rss_mb(
                    server.pid, "VmHWM"
                )  # the peak so far, after this page
            result["pages"].append(entry)
    finally:
        done.set()
        watcher.join()
        if server.poll() is None:
            result["VmHWM"] = max(result["VmHWM"], rss_mb(server.pid, "VmHWM"))
        context.close()
        stop_server(server)
    return result


def launch_browser(playwright):
    """Return a headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: apt-get install chromium (see .ci/run)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
