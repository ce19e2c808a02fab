"""A throwaway PostgreSQL cluster on a free loopback port, for the store's tests.

Uses Debian's `postgresql` package (initdb, pg_ctl under /usr/lib/postgresql/<v>/bin). As root,
the cluster runs as the `postgres` user (initdb refuses root). When the binaries are missing the
tests skip on a developer's machine and FAIL in CI (CI=true), so a green CI run means PostgreSQL
was really tested.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from deploy.postgres import as_owner, version_key

DEBIAN_PACKAGE = "postgresql"


def pg_bin_dir() -> Path | None:
    """Return the newest Debian PostgreSQL bin folder, or one on PATH, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version_key)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path and shutil.which("initdb") else None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_cluster(bin_dir: Path) -> tuple[str, callable]:
    """Start a cluster in a temp folder; return its URL and a function that stops and removes it."""
    tmp = Path(tempfile.mkdtemp(prefix="ccbio-pg-"))
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(sock, "postgres")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        as_owner(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8"]
        ),
        **run,
    )
    port = free_port()
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off"
    subprocess.run(
        as_owner(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-w",
                "-l",
                str(tmp / "log"),
                "start",
            ]
        ),
        **run,
    )

    def stop() -> None:
        subprocess.run(
            as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)

    return f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres", stop


def fresh_database(base_url: str, test_id: str) -> str:
    """Create an empty database named after `test_id` in the cluster at `base_url`; return its URL."""
    from ccbio import store

    name = f"t{abs(hash(test_id)) % 10**8}"
    admin = store.engine_without_migrations(base_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'drop database if exists "{name}"')
        conn.exec_driver_sql(f'create database "{name}"')
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def postgres_url():
    """Yield the URL of a throwaway PostgreSQL cluster; skip (or fail in CI) without the binaries."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        message = (
            f"PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's `{DEBIAN_PACKAGE}` "
            "package (apt-get install postgresql)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    url, stop = start_cluster(bin_dir)
    try:
        yield url
    finally:
        stop()
