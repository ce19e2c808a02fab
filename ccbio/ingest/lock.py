"""One writer at a time: an exclusive lock on the data folder, and clean-up after a killed run.

The lock is `flock` on the data folder itself (no lock file, so a refused ingest leaves `data/`
byte-identical), held for the whole validate-and-write. A second ingest, CLI or page, same or
another period, fails at once with 另一个数据更新正在进行. The lock dies with its process, so a
kill -9 never leaves it held. Within one process the lock is re-entrant. With a PostgreSQL store
an advisory lock there is held too, for replicas on other hosts (store_lock.py).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from ccbio.ingest.problems import IngestError, Problem
from ccbio.ingest.store_lock import store_lock

STAGING_PREFIX = ".staging-"
REPLACING_PREFIX = ".replacing-"  # an old month moved aside where no atomic exchange exists
STAGED_MARK = ".staged"  # in a new month's folder until it is in place: without it, an old month
_held: dict[str, int] = {}
_guard = threading.Lock()


class Busy(IngestError):
    """Another ingest holds the data folder."""

    def __init__(self):
        super().__init__([Problem("busy")])


@contextmanager
def data_lock(data_dir: Path):
    """Hold the data folder's exclusive lock; Busy at once when another process (or thread) has it."""
    key = str(Path(data_dir).resolve())
    with _guard:
        if key in _held and _held[key] != threading.get_ident():
            raise Busy()
        if key in _held:
            depth = True
        else:
            depth = False
            fd = os.open(key, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise Busy() from None
            _held[key] = threading.get_ident()
    try:
        with _across_hosts(nested=depth):
            yield
    finally:
        if not depth:
            with _guard:
                _held.pop(key, None)
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)


@contextmanager
def _across_hosts(nested: bool):
    """Also hold the store's advisory lock (PostgreSQL), for replicas on other hosts (store_lock)."""
    if nested:
        yield
        return
    with store_lock() as got:
        if not got:
            raise Busy()
        yield


def trash_name(period_folder: str) -> str:
    """Return a unique name under data/.trash/ for a replaced period folder."""
    return f"{period_folder}.{time.strftime('%Y%m%dT%H%M%S')}.{uuid.uuid4().hex[:4]}"


def recover(data_dir: Path) -> list[str]:
    """Clean up after a killed ingest (call with the lock held); return what was done.

    A staging folder still marked `.staged` (or empty) was never switched in: it is removed. One
    without the mark holds the month a `--replace` switched out: it goes to data/.trash/. A
    `.replacing-*` folder with no month beside it is put back (no atomic exchange available).
    """
    snapshots, done = Path(data_dir) / "snapshots", []
    if not snapshots.is_dir():
        return done
    for entry in sorted(snapshots.iterdir()):
        if entry.name.startswith("period=") and (entry / STAGED_MARK).exists():
            (entry / STAGED_MARK).unlink()  # killed just after the switch: the month is complete
        if entry.is_dir() and entry.name.startswith(REPLACING_PREFIX):
            final = snapshots / f"period={entry.name[len(REPLACING_PREFIX) :]}"
            if not final.exists():
                entry.rename(final)  # killed between the two renames: put the old month back
                done.append(f"restored {final.name}")
                continue
        if not (entry.is_dir() and entry.name.startswith((STAGING_PREFIX, REPLACING_PREFIX))):
            continue
        if (entry / STAGED_MARK).exists() or not any(entry.iterdir()):
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"removed {entry.name}")
        else:
            period = entry.name.split("-", 1)[1][:7]
            trash = Path(data_dir) / ".trash"
            trash.mkdir(exist_ok=True)
            entry.rename(trash / trash_name(f"period={period}"))
            done.append(f"kept {entry.name} in .trash")
    return done
