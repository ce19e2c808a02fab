"""Scaled copies of the demo data: N times the rows of every snapshot table, written by DuckDB.

What "N×" means here (also printed by the benchmark and written in bench/RESULTS.md):
- every row of `enterprises`, `projects`, `project_events` and `indicators` appears N times;
- replica 0 is the original row; replica r > 0 gets new ids (`E0114` -> `E0114.r42`,
  `P0035` -> `P0035.r42`, the same in every snapshot, so stage flows between periods still match)
  and a suffixed name; parks, sectors, stages and targets are reference data and do not grow
  (a city keeps its 14 parks and 8 programmes however many firms it has);
- `indicators` rows are replicated with the same month / park / sector / indicator keys, as if
  N reporting units fed each cell: every sum, count and target figure becomes N times larger,
  which is what N times the firms would report;
- the two 双单 lists are curated by the city, so `is_leading` / `is_major` stay true only on
  replica 0: the list pages scan N times the rows but show the same list;
- `periods` limits which monthly snapshots are written (the 10,000x copy writes only the latest
  ones, see bench/run.py); the 1x data itself is never copied or changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb

from ccbio import config

TABLES = ("enterprises", "projects", "project_events", "indicators")

# Column rewrites for replica r > 0; every other column is copied unchanged.
_REWRITES = {
    "enterprises": {
        "enterprise_id": "enterprise_id || '.r' || r",
        "name_zh": "name_zh || '·' || r",
        "name_en": "name_en || ' #' || r",
        "is_leading": "is_leading and r = 0",
    },
    "projects": {
        "project_id": "project_id || '.r' || r",
        "name_zh": "name_zh || '·' || r",
        "name_en": "name_en || ' #' || r",
        "is_major": "is_major and r = 0",
    },
    "project_events": {"project_id": "project_id || '.r' || r"},
    "indicators": {},
}


def _literal(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def _select(con: duckdb.DuckDBPyConnection, table: str, src: Path, n: int) -> str:
    """Return SQL selecting n replicas of every row of `src`, with the original column order."""
    columns = [
        row[0]
        for row in con.execute(
            f"describe select * from read_parquet({_literal(src)}, hive_partitioning = false)"
        ).fetchall()
    ]
    exprs = []
    for col in columns:
        rewrite = _REWRITES[table].get(col)
        if rewrite is None:
            exprs.append(col)
        elif col.startswith("is_"):
            exprs.append(f"({rewrite}) as {col}")
        else:
            exprs.append(f"case when r = 0 then {col} else {rewrite} end as {col}")
    return (
        f"select {', '.join(exprs)} from read_parquet({_literal(src)}, hive_partitioning = false) "
        f"cross join (select range as r from range({n}))"
    )


def all_periods(source: Path | None = None) -> list[str]:
    """Return the periods of the committed snapshots, oldest first."""
    source = source or config.ROOT / "data"
    return sorted(p.name.removeprefix("period=") for p in (source / "snapshots").glob("period=*"))


def make_scaled(
    n: int,
    dest: Path,
    periods: list[str] | None = None,
    source: Path | None = None,
    threads: int | None = None,
    table_n: dict[str, int] | None = None,
) -> Path:
    """Write an n-times copy of the snapshots (only `periods`, default all) under dest; return dest.

    `table_n` overrides the multiple for single tables (e.g. {"indicators": 1000}).

    Reference tables and geometry are copied unchanged, so CCBIO_DATA_DIR=dest is a complete data
    folder for the app and the query layer.
    """
    source = source or config.ROOT / "data"
    periods = periods or all_periods(source)
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for folder in ("reference", "geo"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"set threads = {int(threads)}")
    con.execute("set preserve_insertion_order = false")
    con.execute("set enable_progress_bar = false")
    for period in periods:
        folder = dest / "snapshots" / f"period={period}"
        folder.mkdir(parents=True)
        for table in TABLES:
            src = source / "snapshots" / f"period={period}" / f"{table}.parquet"
            out = folder / f"{table}.parquet"
            times = (table_n or {}).get(table, n)
            con.execute(
                f"copy ({_select(con, table, src, times)}) to {_literal(out)} "
                "(format parquet, compression zstd, row_group_size 122880)"
            )
    con.close()
    return dest


# Scaled copies are kept between runs (making the 10,000x one takes 35 s quiet, 4 min under load),
# in a folder named by what makes them: this generator's code, the multiples, the periods and a
# fingerprint of the source snapshots. A change to any of them makes a new copy.
CACHE_KEPT = 4  # copies kept; older ones are removed when a new one is made


def cache_root() -> Path:
    """Return where scaled copies are kept between runs ($CCBIO_BENCH_CACHE, else /tmp/ccbio-bench-cache)."""
    return Path(os.environ.get("CCBIO_BENCH_CACHE") or "/tmp/ccbio-bench-cache")


def cache_key(n: int, periods: list[str] | None, source: Path, table_n: dict | None) -> str:
    """Return the name of the cached copy for these inputs (code, multiples, periods, source data)."""
    from ccbio.data import snapshot_stamp

    what = [Path(__file__).read_text(encoding="utf-8"), n, periods, table_n, snapshot_stamp(source)]
    return f"x{n}-" + hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]


def cached_scaled(
    n: int,
    periods: list[str] | None = None,
    source: Path | None = None,
    table_n: dict[str, int] | None = None,
) -> tuple[Path, bool]:
    """Return (a data folder holding the n-times copy, whether it was already made), making it if needed.

    Written under a temporary name and renamed, so a run stopped half-way leaves no partial copy.
    """
    source = source or config.ROOT / "data"
    root = cache_root()
    final = root / cache_key(n, periods, source, table_n)
    if (final / "snapshots").is_dir():
        for folder in ("reference", "geo"):  # not part of the key: copied afresh, they are small
            if (source / folder).is_dir():
                shutil.copytree(source / folder, final / folder, dirs_exist_ok=True)
        return final, True
    root.mkdir(parents=True, exist_ok=True)
    building = root / f"building-{final.name}-{os.getpid()}"
    make_scaled(n, building, periods=periods, source=source, table_n=table_n)
    shutil.rmtree(final, ignore_errors=True)
    building.rename(final)
    copies = sorted(
        (p for p in root.glob("x*-*") if p.is_dir() and p != final),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in copies[CACHE_KEPT - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    return final, False


def row_counts(data_dir: Path) -> dict[str, int]:
    """Return the total rows per snapshot table under data_dir (all periods)."""
    con = duckdb.connect(":memory:")
    try:
        return {
            t: con.execute(
                f"select count(*) from read_parquet({_literal(data_dir / 'snapshots' / 'period=*' / f'{t}.parquet')}, hive_partitioning = false)"
            ).fetchone()[0]
            for t in TABLES
        }
    finally:
        con.close()
