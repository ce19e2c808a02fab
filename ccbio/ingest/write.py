"""Write a planned snapshot atomically: a hidden staging folder, then one rename into place.

The app reads only `snapshots/period=*` folders, so a half-written staging folder is never seen.
On any exception the staging folder is removed and every existing snapshot is as it was. When an
existing period is replaced on purpose, the old folder is moved to `data/.trash/` first (and moved
back if the final rename fails), so it stays recoverable.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ccbio import config
from ccbio.ingest.plan import TABLES, Plan
from ccbio.ingest.problems import IngestError, Problem


def _schema(data_dir: Path, base_period: str, table: str) -> pa.Schema:
    return pq.read_schema(data_dir / "snapshots" / f"period={base_period}" / f"{table}.parquet")


def write_table(df, path: Path, schema: pa.Schema) -> None:
    """Write one table with the previous snapshot's exact schema, flushed to disk."""
    table = pa.Table.from_pandas(
        df[schema.names], schema=schema.remove_metadata(), preserve_index=False
    )
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_plan(plan: Plan, data_dir: Path | None = None) -> Path:
    """Write the plan's tables as snapshots/period=YYYY-MM and return that folder.

    Raises IngestError (nothing written) if the plan has errors or the period appeared meanwhile.
    """
    if not plan.ok:
        raise IngestError(plan.errors or [Problem("not_validated")])
    data_dir = Path(data_dir or config.data_dir())
    snapshots = data_dir / "snapshots"
    final = snapshots / f"period={plan.period}"
    staging = snapshots / f".staging-{plan.period}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    trash = None
    try:
        for name in TABLES:
            write_table(
                plan.tables[name],
                staging / f"{name}.parquet",
                _schema(data_dir, plan.base_period, name),
            )
        _fsync_dir(staging)
        if final.exists():
            if not plan.replace:
                raise IngestError(
                    [Problem("period_exists", column="--period", values={"value": plan.period})]
                )
            trash = (
                data_dir
                / ".trash"
                / f"period={plan.period}.{time.strftime('%Y%m%dT%H%M%S')}.{uuid.uuid4().hex[:4]}"
            )
            trash.parent.mkdir(parents=True, exist_ok=True)
            final.rename(trash)
        try:
            staging.rename(final)
        except OSError:
            if trash is not None and not final.exists():
                trash.rename(final)
            raise
        _fsync_dir(snapshots)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
