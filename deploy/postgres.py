"""Debian's PostgreSQL as a throwaway cluster on a loopback port: the cluster's operational store.

initdb and pg_ctl come from /usr/lib/postgresql/<version>/bin (apt-get install postgresql). As root
the server runs as the `postgres` user (initdb refuses root), so its folder lives under /tmp,
where that user may write. Trust authentication on 127.0.0.1 only: a local cluster, not a city
server (deploy/README.md says what changes there).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DATABASE = "ccbio"


def bin_dir() -> Path:
    """Return the newest installed PostgreSQL bin folder; RuntimeError naming the package if none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version_key)
    if not found:
        raise RuntimeError("PostgreSQL not installed: ./run setup (or apt-get install postgresql)")
    return Path(found[-1]).parent


def version_key(path: str) -> float:
    """Return the PostgreSQL major version in a /usr/lib/postgresql/<version>/bin path, for sorting."""
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def _owner() -> str:
    return "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")


def as_owner(cmd: list[str]) -> list[str]:
    """Return `cmd` run as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return cmd
    # runuser lives in /usr/sbin, which a non-login root shell (PATH=/usr/bin:/bin) may not search
    runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    return [runuser or "runuser", "-u", "postgres", "--", *cmd]


def start(port: int) -> tuple[str, str]:
    """Create and start a cluster on 127.0.0.1:`port`; return (its folder, the ccbio database URL)."""
    folder = Path(tempfile.mkdtemp(prefix="ccbio-cluster-pg-"))
    (folder / "sock").mkdir()
    if os.geteuid() == 0:
        for path in (folder, folder / "sock"):
            shutil.chown(path, "postgres")
    pg = bin_dir()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        as_owner([str(pg / "initdb"), "-D", str(folder / "data"), "-U", _owner(), "-A", "trust"]),
        **run,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder / 'sock'} -c max_connections=200"
    subprocess.run(
        as_owner(
            [str(pg / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-w"]
            + ["-l", str(folder / "log"), "start"]
        ),
        **run,
    )
    subprocess.run(
        as_owner([str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", _owner()])
        + [DATABASE],
        **run,
    )
    return str(folder), f"postgresql+psycopg://{_owner()}@127.0.0.1:{port}/{DATABASE}"


def stop(folder: str) -> None:
    """Stop the cluster in `folder` (if running) and remove it."""
    data = Path(folder) / "data"
    if data.is_dir():
        subprocess.run(
            as_owner([str(bin_dir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )
    shutil.rmtree(folder, ignore_errors=True)


def running(folder: str) -> bool:
    """Return whether the cluster in `folder` is up (pg_ctl status)."""
    data = Path(folder) / "data"
    if not data.is_dir():
        return False
    status = subprocess.run(
        as_owner([str(bin_dir() / "pg_ctl"), "-D", str(data), "status"]), capture_output=True
    )
    return status.returncode == 0
