"""Write a planned snapshot atomically: a hidden staging folder, then one rename into place.

The app reads only `snapshots/period=*` folders, so a half-written staging folder is never seen.
A new period is one rename. A replaced period is one `renameat2(RENAME_EXCHANGE)`: the staging
folder and the old month swap places in a single step, so a kill -9 at any moment leaves either
the old month or the new one in place, never neither; the old month, now under the staging name,
then goes to `data/.trash/` (or, after a kill, on the next ingest: see lock.recover). Everything
runs under the data folder's lock, and the snapshots must be as they were when validated.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import json
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ccbio import config
from ccbio.ingest.lock import (
    REPLACING_PREFIX,
    STAGED_MARK,
    STAGING_PREFIX,
    data_lock,
    recover,
    trash_name,
)
from ccbio.ingest.plan import NOTE_FILE, TABLES, Plan, snapshot_fingerprint
from ccbio.ingest.problems import IngestError, Problem

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _checkpoint(name: str) -> None:
    """Die here when CCBIO_INGEST_DIE_AT names this step (the kill -9 tests walk every step)."""
    if os.environ.get("CCBIO_INGEST_DIE_AT") == name:
        os.kill(os.getpid(), 9)


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one atomic step (Linux renameat2); OSError where it is unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _schema(data_dir: Path, plan: Plan, table: str) -> pa.Schema:
    schema = pq.read_schema(
        data_dir / "snapshots" / f"period={plan.base_period}" / f"{table}.parquet"
    ).remove_metadata()
    for name in plan.new_columns.get(table, ()):
        schema = schema.append(pa.field(name, pa.large_string()))
    return schema


def write_table(df, path: Path, schema: pa.Schema) -> None:
    """Write one table with the previous snapshot's exact schema, flushed to disk."""
    table = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _note(plan: Plan, reason: str | None) -> dict:
    """Return what is kept with the snapshot: when, from which files, what was confirmed and why."""
    return {
        "period": plan.period,
        "base_period": plan.base_period,
        "written_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": plan.sheets,
        "replaced": plan.replace,
        "confirmed": [{"zh": p.line("zh"), "en": p.line("en")} for p in plan.confirmations],
        "reason": reason,
        "summary": plan.summary,
    }


def _check(plan: Plan, data_dir: Path, reason: str | None) -> None:
    if not plan.ok:
        raise IngestError(plan.errors or [Problem("not_validated")])
    if plan.confirmations and not (reason or "").strip():
        raise IngestError([Problem("needs_confirmation", values={"n": len(plan.confirmations)})])
    if snapshot_fingerprint(data_dir) != plan.fingerprint:
        raise IngestError([Problem("data_changed")])


def write_plan(plan: Plan, data_dir: Path | None = None, reason: str | None = None) -> Path:
    """Write the plan's tables as snapshots/period=YYYY-MM and return that folder.

    Raises IngestError (nothing written) if the plan has errors, needs a confirmation reason it
    was not given, another ingest holds the data folder, or the snapshots changed since validation.
    """
    data_dir = Path(data_dir or config.data_dir())
    with data_lock(data_dir):
        _check(plan, data_dir, reason)
        recover(data_dir)
        written = _write(plan, data_dir, reason)
        from ccbio.data import refresh_consolidated  # issue 15: the query layer's copy

        refresh_consolidated(data_dir)
        return written


def _write(plan: Plan, data_dir: Path, reason: str | None) -> Path:
    snapshots = data_dir / "snapshots"
    final = snapshots / f"period={plan.period}"
    staging = snapshots / f"{STAGING_PREFIX}{plan.period}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    (staging / STAGED_MARK).touch()  # travels with the new month until it is in place
    _checkpoint("staged")
    try:
        for name in TABLES:
            schema = _schema(data_dir, plan, name)
            write_table(plan.tables[name], staging / f"{name}.parquet", schema)
            _checkpoint(f"table:{name}")
        note = json.dumps(_note(plan, reason), ensure_ascii=False, indent=1)
        (staging / NOTE_FILE).write_text(note, encoding="utf-8")
        _fsync_dir(staging)
        _checkpoint("before_switch")
        if final.exists():
            if not plan.replace:
                raise IngestError(
                    [Problem("period_exists", column="--period", values={"value": plan.period})]
                )
            old = _switch(final, staging, snapshots)
            (final / STAGED_MARK).unlink()
            _checkpoint("switched")
            trash = data_dir / ".trash"
            trash.mkdir(exist_ok=True)
            old.rename(trash / trash_name(final.name))
        else:
            staging.rename(final)
            (final / STAGED_MARK).unlink()
        _fsync_dir(snapshots)
        _checkpoint("done")
    except BaseException:
        if (staging / STAGED_MARK).exists():
            shutil.rmtree(staging, ignore_errors=True)  # never switched in: nothing to keep
        raise
    return final


def _switch(final: Path, staging: Path, snapshots: Path) -> Path:
    """Put the staging folder in place of the old month; return where the old month is now."""
    try:
        exchange(final, staging)  # one step: the old month is now under the staging name
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        # No atomic exchange on this system: two renames, which lock.recover() completes or
        # undoes after a kill between them (a .replacing-* folder with no period=* beside it).
        aside = snapshots / f"{REPLACING_PREFIX}{final.name[len('period=') :]}"
        final.rename(aside)
        _checkpoint("aside")
        staging.rename(final)
        _fsync_dir(snapshots)
        return aside
    _fsync_dir(snapshots)
    return staging
