"""Ingest serialised across replicas on other hosts (issue 15): with a PostgreSQL store, an ingest
holds an advisory lock there as well as the data folder's flock, so two hosts whose file locks do
not see each other (here: two data folders) still write one at a time, and a killed ingest frees it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from ccbio import store
from ccbio.ingest import ingest
from ccbio.ingest.lock import data_lock
from ccbio.ingest.store_lock import ADVISORY_KEY, store_lock
from tests.ledgers import NEXT, indicators_csv, run_cli, tree_hash
from tests.tiny_data import ROOT

pytestmark = pytest.mark.slow  # a PostgreSQL cluster and child processes

HOLD = """
import sys
from pathlib import Path
from ccbio.ingest.lock import data_lock
with data_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes stdin (or kills us)
"""


@pytest.fixture
def on_postgres(postgres_url, monkeypatch):
    """The store on the throwaway PostgreSQL cluster, for this test and its child processes."""
    monkeypatch.setenv("CCBIO_DATABASE_URL", postgres_url)
    store.dispose()
    yield postgres_url
    store.dispose()


@pytest.fixture
def other_host_copy(data_dir, tmp_path):
    """A second copy of the data folder: another host, whose flock the first host does not see."""
    return shutil.copytree(data_dir, tmp_path / "host2" / "data")


def hold_lock(folder) -> subprocess.Popen:
    """Start a process that holds data_lock(folder) until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        cwd=ROOT,
        env=os.environ.copy(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def advisory_holders() -> int:
    """How many PostgreSQL sessions hold the ingest's advisory lock (pg_locks splits the key)."""
    with store.engine().connect() as conn:
        return conn.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND ((classid::bigint << 32) | objid::bigint) = :k"
            ),
            {"k": ADVISORY_KEY},
        ).scalar()


def wait_for_no_holder(deadline_s: float = 15.0) -> None:
    """Wait until no session holds the lock: PostgreSQL ends a dead client's backend a moment later."""
    end = time.monotonic() + deadline_s
    while advisory_holders() and time.monotonic() < end:
        time.sleep(0.05)
    assert advisory_holders() == 0, "a killed ingest's session still holds the advisory lock"


def test_an_ingest_on_another_host_is_refused_while_one_runs(
    on_postgres, data_dir, other_host_copy, tmp_path
):
    ledger = tmp_path / "ind.csv"
    ledger.write_text(indicators_csv().content.decode("utf-8"), encoding="utf-8")
    before = tree_hash(other_host_copy)
    holder = hold_lock(data_dir)  # host 1 is writing
    try:
        code, out, _ = run_cli(other_host_copy, str(ledger), "--period", NEXT)
        assert (code, out.strip()) == (3, "另一个数据更新正在进行，未做任何改动。")
        assert tree_hash(other_host_copy) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert ingest([indicators_csv()], NEXT, data_dir=other_host_copy).ok  # free once it is done


def test_a_killed_ingest_leaves_the_advisory_lock_free(on_postgres, data_dir, other_host_copy):
    holder = hold_lock(data_dir)
    assert advisory_holders() == 1
    with store_lock() as got:
        assert got is False  # the holder has it
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    # The client is gone at once; its backend notices the closed socket and exits a moment later
    # (CI once took the lock back within that moment).
    wait_for_no_holder()
    with data_lock(other_host_copy), store_lock() as nested:
        assert nested is False  # held by data_lock just above, on another connection
    with store_lock() as got:
        assert got is True


def test_on_sqlite_there_is_nothing_more_to_take(data_dir):
    assert not store.database_url().startswith("postgresql")
    with data_lock(data_dir), store_lock() as got:
        assert got is True
