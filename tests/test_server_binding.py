"""The server started as the README says listens on loopback only (`ss -ltn`), never on *:port."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.browser.helpers import free_port, wait_for_health
from tests.tiny_data import ROOT


def listening_addresses(port: int) -> list[str]:
    """Return the local address of every TCP socket listening on `port` (from `ss -ltn`, iproute2)."""
    out = subprocess.run(
        ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return [line.split()[3].rsplit(":", 1)[0] for line in out.splitlines() if line.strip()]


def test_config_binds_loopback_with_xsrf_on():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        server = tomllib.load(f)["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True


@pytest.mark.slow  # starts a Streamlit server
@pytest.mark.parametrize("script", ["app.py", "serve.py"])  # serve.py: what ./run app starts
def test_a_server_started_without_flags_listens_on_loopback_only(tmp_path, script):
    port = free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed below)
    # exactly the README's command, only on a free port (no --server.address)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        addresses = listening_addresses(port)
        assert addresses, "the server is not listening at all"
        assert set(addresses) == {"127.0.0.1"}, addresses
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
