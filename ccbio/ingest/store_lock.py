"""One writer across hosts: a PostgreSQL advisory lock beside the data folder's flock.

`flock` on the data folder serialises ingests of every process on one host, replicas included.
Replicas on several hosts share the data folder over the network, where a lock may not reach the
other hosts (NFS without lock service, SMB, a synced copy); they always share the operational
store, so when it is PostgreSQL the ingest also holds a session-level advisory lock there. It is
taken without waiting, like the flock (a second ingest is refused with 另一个数据更新正在进行), and
dies with its connection, so a killed ingest never leaves it held. SQLite needs nothing more: its
file lives on one host.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from ccbio import store

# One key for the whole deployment: every replica writes the same snapshots (any bigint would do;
# this one spells "ccbio-in" in ASCII, so it is recognisable in pg_locks).
ADVISORY_KEY = 0x636362696F2D696E


@contextmanager
def store_lock() -> Iterator[bool]:
    """Hold the deployment's ingest lock in PostgreSQL; yield False at once if another holds it.

    On SQLite yield True (nothing to take).
    """
    if not store.database_url().startswith("postgresql"):
        yield True
        return
    with store.engine().connect() as conn:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar()
        conn.commit()  # end the implicit transaction; the session-level lock stays
        try:
            yield bool(got)
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                conn.commit()
