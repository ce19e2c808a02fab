"""Undo a written month: put back the version a replace moved to data/.trash/, or withdraw the newest.

Both run under the data folder's lock and never leave a period missing half-way: a version is put
back with one atomic exchange where the system has it, and the version it displaces goes to
.trash itself, so an undo can be undone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ccbio import config
from ccbio.ingest.lock import data_lock, recover, trash_name
from ccbio.ingest.write import _fsync_dir, exchange


class RestoreError(ValueError):
    """Nothing was restored; `code` is 'unknown_version' or 'only_month'."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


TRASHED = re.compile(r"^period=(\d{4}-\d{2})\.(\d{8}T\d{6})\.[0-9a-f]{4}$")


@dataclass(frozen=True)
class Trashed:
    """A month version kept in data/.trash/: its period, folder name and when it was set aside."""

    period: str
    name: str
    kept_at: dt.datetime


def trashed_versions(data_dir: Path | None = None) -> list[Trashed]:
    """Return every restorable version in data/.trash/, newest first."""
    trash = Path(data_dir or config.data_dir()) / ".trash"
    found = []
    for entry in trash.iterdir() if trash.is_dir() else ():
        m = TRASHED.match(entry.name)
        if m and entry.is_dir() and (entry / "projects.parquet").is_file():
            found.append(Trashed(m[1], entry.name, dt.datetime.strptime(m[2], "%Y%m%dT%H%M%S")))
    return sorted(found, key=lambda v: (v.kept_at, v.name), reverse=True)


def restore(name: str, data_dir: Path | None = None) -> str:
    """Put the trashed version `name` back as its period (the current one goes to .trash); return the period."""
    data_dir = Path(data_dir or config.data_dir())
    m = TRASHED.match(name or "")
    source = data_dir / ".trash" / (name or "")
    if not m or not (source / "projects.parquet").is_file():
        raise RestoreError("unknown_version")
    snapshots = data_dir / "snapshots"
    final = snapshots / f"period={m[1]}"
    with data_lock(data_dir):
        recover(data_dir)
        if final.exists():
            try:
                exchange(final, source)  # one step: the restored version is in place
                source.rename(source.parent / trash_name(final.name))
            except OSError:
                aside = source.parent / trash_name(final.name)
                final.rename(aside)
                source.rename(final)
        else:
            source.rename(final)
        _fsync_dir(snapshots)
    return m[1]


def withdraw_newest(data_dir: Path | None = None) -> str:
    """Move the newest month to .trash (undo writing a new month); the oldest is never withdrawn."""
    data_dir = Path(data_dir or config.data_dir())
    snapshots = data_dir / "snapshots"
    with data_lock(data_dir):
        recover(data_dir)
        periods = sorted(p.name for p in snapshots.glob("period=*") if p.is_dir())
        if len(periods) < 2:
            raise RestoreError("only_month")
        trash = data_dir / ".trash"
        trash.mkdir(exist_ok=True)
        (snapshots / periods[-1]).rename(trash / trash_name(periods[-1]))
        _fsync_dir(snapshots)
    return periods[-1][len("period=") :]
