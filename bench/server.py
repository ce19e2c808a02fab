"""A real server and a real browser: seconds until the goals page's KPI cards are visible, and the
server's peak memory (RSS) after every page has been opened once."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from ccbio import config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KPI_CARDS = '[class*="st-key-goal_card_"] [data-testid="stMetric"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def page_paths() -> list[str]:
    """Return the url_path of every page app.py routes to, goals first."""
    return re.findall(r'url_path="([a-z_]+)"', (config.ROOT / "app.py").read_text(encoding="utf-8"))


def free_port(first: int = 8641, last: int = 8659) -> int:
    """Return a free localhost port in the range this project's benchmark may use."""
    for port in range(first, last + 1):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {first}-{last}")


def _status(pid: int) -> dict[str, int]:
    """Return VmRSS and VmHWM (peak RSS) of a process in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def measure_server(data_dir: Path, browser, timeout_s: float = 300) -> dict:
    """Start `streamlit run app.py` on data_dir; return KPI-visible seconds, page errors and peak RSS."""
    port = free_port()
    env = {**os.environ, "CCBIO_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(config.ROOT / "app.py"), "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    server = subprocess.Popen(cmd, cwd=config.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result: dict = {"port": port, "errors": {}, "pages": []}
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:  # the server is up once the page loads at all
            try:
                page.goto(url + "goals", wait_until="domcontentloaded", timeout=5000)
                break
            except Exception:
                if time.perf_counter() - t0 > timeout_s or server.poll() is not None:
                    raise
                time.sleep(0.05)
        page.wait_for_selector(KPI_CARDS, state="visible", timeout=timeout_s * 1000)
        result["kpi_visible_s"] = time.perf_counter() - t0
        for path in page_paths():
            t = time.perf_counter()
            page.goto(url + path, wait_until="domcontentloaded", timeout=timeout_s * 1000)
            page.wait_for_selector("h1", timeout=timeout_s * 1000)
            page.wait_for_selector(IDLE, timeout=timeout_s * 1000)
            errors = page.locator('[data-testid="stException"]').count()
            result["pages"].append({"page": path, "load_s": time.perf_counter() - t, "exceptions": errors})
        result.update(_status(server.pid))
    finally:
        context.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return result


def launch_browser(playwright):
    """Return a headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: apt-get install chromium (see .ci/run)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
