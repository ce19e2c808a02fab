"""The only code that touches DuckDB: views over the snapshots, one cursor per query, caching.

Pages call the functions at the bottom; each runs `queries/<its name>.sql` through `fetch`, which
checks every argument as the QUERIES table says, and its docstring is that file's first line (the
grain). A bad argument raises QueryInputError; `errors_shown(lang)` turns it into a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import inspect
import logging
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ccbio import config
from ccbio.auth import scope
from ccbio.i18n import t
from ccbio.periods import add_months, is_period

SNAPSHOT_TABLES = ("projects", "enterprises", "indicators", "project_events")
ALL_ROWS = "_all"  # suffix of the unscoped tables; see ccbio/auth/scope.py
REFERENCE_TABLES = {
    "parks": "parks.csv",
    "sectors": "sectors.csv",
    "targets": "targets.csv",
    "stages": "stages.csv",
    "indicator_defs": "indicators.csv",
    "published_figures": "published_figures.csv",
}
# Columns whose text would otherwise be guessed as dates or numbers.
CSV_TYPES = {"published_figures": {"period": "VARCHAR"}, "targets": {"deadline": "VARCHAR"}}
INDICATOR_CELL = "month, park_id, sector_id, indicator_code"
log = logging.getLogger(__name__)
# Arrow from an executed statement copies the rows once more than from a relation: a few hundred
# rows at most here, against planning every query twice through a relation (see run_query).
warnings.filterwarnings("ignore", "Arrow output on a DB-API result", UserWarning)


class QueryInputError(ValueError):
    """A value a query was given (period, park, sector, limit, rules) is not one the data knows."""

    def __init__(self, message_zh: str, message_en: str, detail: str = ""):
        # `detail` (a path, say) is for the log only: no internal identifier reaches the screen
        super().__init__(f"{message_zh} / {message_en}" + (f" ({detail})" if detail else ""))
        self.message_zh, self.message_en = message_zh, message_en

    def message(self, lang: str) -> str:
        """Return the message in the user's language ('zh' or 'en')."""
        return self.message_zh if lang == "zh" else self.message_en


class DataError(QueryInputError):
    """The data folder is missing or unreadable: told to the user the same way as bad input."""


@cache
def load_sql(name: str) -> str:
    """Return the text of queries/{name}.sql; an unknown name fails loudly."""
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no query named {name!r} ({path})")
    return path.read_text(encoding="utf-8")


def _literal(path: Path) -> str:
    # File paths are our own configuration, not user input, and DDL takes no parameters.
    return "'" + path.as_posix().replace("'", "''") + "'"


# The snapshots (the source of truth: one folder per period) are also written as one Parquet file
# per table, sorted by period, with the indicator cells already summed: a query then opens four
# files instead of globbing every period folder and reading ~190 Parquet footers, which made each
# query cost more than pandas reading one file at the city's real size (issue 15). The folder's
# name carries a fingerprint of the snapshots, so a new or replaced period makes a new one; it is
# written under a temporary name and renamed into place (readers see all of it or none).
# (A DuckDB database file was tried too: as fast at 1x, but 20x the Parquet size at 10,000x.)
CONSOLIDATED_PREFIX = ".consolidated-"
CONSOLIDATED_FORMAT = "4"  # part of the fingerprint: a change to how the files are written
CONSOLIDATED_KEPT = 2  # the newest folders kept: a server may still read the previous one
# A table whose period files are this large on average is read from the period folders as it is:
# the fixed cost per file is then small beside the scan, and rewriting it would double the disk
# (the 10,000x benchmark copy). The indicators are always written: they are summed on the way.
CONSOLIDATE_BELOW_BYTES = 4 * 1024 * 1024
# Writing the files may use more than a query (config.DUCKDB_MEMORY_LIMIT): once per new snapshot,
# and the differences of two 10,000x snapshots join 6 M projects with their names, which runs out
# of memory under 128 MB even spilling (measured: 512 MB, 36 s for both tables, 0.7 GB peak RSS).
BUILD_MEMORY_LIMIT = "512MB"
# A snapshot table of at most this many rows (DuckDB's row group) is scanned by one thread anyway:
# its queries then run on one thread (one_thread_is_enough)
ONE_THREAD_ROWS = 122_880


def _worth_consolidating(snapshots: Path, table: str) -> bool:
    """Return whether `table`'s period files are small enough, on average, to be rewritten as one."""
    sizes = [f.stat().st_size for f in snapshots.glob(f"period=*/{table}.parquet")]
    return table == "indicators" or sum(sizes) < CONSOLIDATE_BELOW_BYTES * max(len(sizes), 1)


def _parquet_source(snapshots: Path, table: str) -> str:
    glob = _literal(snapshots / "period=*" / f"{table}.parquet")
    return (
        f"read_parquet({glob}, hive_partitioning = true, "
        f"hive_types = {{'period': 'VARCHAR'}}, union_by_name = true)"
    )


def _table_sql(snapshots: Path, table: str) -> str:
    """Return the SELECT of `table`'s rows over every snapshot, as queries read them (table_all)."""
    source = _parquet_source(snapshots, table)
    if table == "indicators":
        # Every query sums indicator cells, so they are summed once, to one row per (period, month,
        # park, sector, indicator): the same rows when each cell has one row (the demo data), and a
        # table that stays small however many rows feed a cell (bench/).
        return (
            f"select {INDICATOR_CELL}, sum(value) as value, bool_or(is_preliminary) as is_preliminary, "
            f"period from {source} group by all order by period, {INDICATOR_CELL}"
        )
    return f"select * from {source}"  # in file order: period by period (row groups skip the others)


def snapshot_stamp(data_dir: Path) -> str:
    """Return a fingerprint of every snapshot file (name, size, time) and of the SQL that derives
    tables from them: the consolidated folder's name."""
    snapshots = data_dir / "snapshots"
    # and of the SQL the derived tables are written with: a change to it rebuilds them too
    built_by = [config.QUERIES_DIR / "views" / "snapshot_diff.sql"]
    built_by += sorted((config.QUERIES_DIR / "build").glob("*.sql"))
    entries = [CONSOLIDATED_FORMAT, *(p.read_text(encoding="utf-8") for p in built_by)]
    entries += [*BY_ID.values(), *CELL_TABLES.values()]  # the tables written from the projects
    with contextlib.suppress(FileNotFoundError):
        for folder in sorted(os.scandir(snapshots), key=lambda e: e.name):
            if folder.name.startswith("period=") and folder.is_dir():
                for f in sorted(os.scandir(folder.path), key=lambda e: e.name):
                    if f.name.endswith(".parquet"):
                        st_ = f.stat()
                        entries.append(f"{folder.name}/{f.name}:{st_.st_size}:{st_.st_mtime_ns}")
    return hashlib.sha256("|".join(entries).encode()).hexdigest()[:20]


def build_consolidated(data_dir: Path | None = None, force: bool = False) -> Path:
    """Return the folder of consolidated Parquet files for the snapshots, writing it first if missing.

    One builder at a time (a lock file; other replicas then find it built); older folders beyond
    the newest CONSOLIDATED_KEPT are removed. The generator and ingest call this right after
    writing a snapshot; the app calls it when it opens its connection.
    """
    data_dir = Path(data_dir or config.data_dir())
    snapshots = data_dir / "snapshots"
    with open(data_dir / f"{CONSOLIDATED_PREFIX}lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = snapshot_stamp(data_dir)
        final = data_dir / f"{CONSOLIDATED_PREFIX}{stamp}"
        if final.is_dir() and not force:
            return final
        building = data_dir / f"{CONSOLIDATED_PREFIX}building-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        try:
            with duckdb.connect(":memory:") as con:
                spill = Path(tempfile.gettempdir()) / "ccbio-duckdb"
                con.execute(f"set memory_limit = '{BUILD_MEMORY_LIMIT}'")
                con.execute(f"set temp_directory = {_literal(spill)}")
                # each period folder is read by one thread, so row groups still hold one period
                # each (mostly), and order across threads would cost memory and a thread
                con.execute("set preserve_insertion_order = false")
                con.execute("set enable_progress_bar = false")  # run by ingest and the app too
                for table in filter(partial(_worth_consolidating, snapshots), SNAPSHOT_TABLES):
                    con.execute(
                        f"copy ({_table_sql(snapshots, table)}) to "
                        f"{_literal(building / f'{table}.parquet')} "
                        "(format parquet, compression zstd, row_group_size 122880)"
                    )
                _write_derived(con, building, snapshots)
            if final.is_dir():  # force: the old copy goes aside first (renames keep it whole)
                final.rename(data_dir / f"{CONSOLIDATED_PREFIX}old-{os.urandom(4).hex()}")
            building.rename(final)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        _remove_old_consolidated(data_dir, keep=final)
    log.info("consolidated the snapshots into %s", final)
    return final


# Tables derived from the snapshots and written next to the consolidated files (issue 15): what
# changed between the snapshot pairs the pages compare by default, so the comparison page and the
# pipeline's stage flows read a few stored rows instead of joining two snapshots of millions of
# projects and firms (45 s at 10,000x under the 128 MB cap). Each is queries/build/<name>.sql run
# once per stored pair, through the same macros (queries/views/snapshot_diff.sql) a query would
# join with; queries/views/stored_diff.sql chooses between the two.
DERIVED_TABLES = ("project_diffs", "enterprise_diffs", "stage_flow_cells_stored")
# The projects again, sorted by id: the project page reads one project's rows, and Parquet's
# min/max statistics then skip every row group but one (in period order every row group spans
# every id: 12 M rows read for one project at 10,000x).
BY_ID = {"projects_by_id": "select * from projects order by project_id, period"}
# The projects counted per snapshot, park, sector, stage, month entered it and build type: every
# stage count, stage age and stall rule reads these cells, a few hundred per snapshot however many
# projects there are (6.5 M project rows scanned per filter change at 10,000x: issue 15). `{projects}`
# is the table they are counted from ({enterprises} below); without the consolidated file, the same
# cells as a view.
PROJECT_CELLS = "project_cells"
CELLS_SQL = (
    "select period, park_id, sector_id, stage, stage_since, build_type, count(*) as rows_n, "
    "count(project_id) as projects, sum(investment_yi) as investment_yi "
    "from {projects} group by all order by all"
)
# When each park's projects were new, for park_last_new_project (the monitoring, park and follow-up
# pages read it; it scanned every project of every snapshot up to the period: 0.3 CPU s at 10,000x).
# A project counts as new in month P if a snapshot up to P shows it entered within the 12 months to
# P: one row per park and run of such months [from_month, to_month] with the projects new in it
# (each project's months merged first, so one counted twice by two snapshots is counted once).
ENTRY_WINDOWS_SQL = """
with rows as (  -- the months P a row makes its project new in: from when it was seen, 12 months on
    select distinct park_id, project_id, greatest(period, entered_month) as a,
           strftime(strptime(entered_month, '%Y-%m') + to_months(11), '%Y-%m') as b
    from {projects} where entered_month is not null
),
marked as (  -- a run starts where no earlier window of the same project reaches it
    select *, coalesce(a > max(b) over (partition by park_id, project_id order by a, b
                                        rows between unbounded preceding and 1 preceding), true) as starts
    from rows where a <= b
),
runs as (
    select *, sum(starts::int) over (partition by park_id, project_id order by a, b
                                     rows unbounded preceding) as run
    from marked
),
merged as (
    select park_id, project_id, min(a) as from_month, max(b) as to_month from runs group by park_id, project_id, run
)
select park_id, from_month, to_month, count(*) as projects from merged group by all order by all
"""
# and the month each park's newest project entered, visible from the snapshot that first shows it
ENTRY_MONTHS_SQL = (
    "select distinct park_id, greatest(period, entered_month) as seen_from, entered_month "
    "from {projects} where entered_month is not null order by all"
)
# The firms counted the same way, per snapshot, park, sector and flag (a few thousand rows a
# snapshot): the park and sector summaries and a park's flag counts read these.
FIRM_CELLS_SQL = (
    "select period, park_id, sector_id, is_leading, is_above_scale, is_srdi, is_listed, "
    "is_chain_leader, is_chain_leader_new, count(*) as rows_n, sum(output_value_yi) as output_value_yi "
    "from {enterprises} group by all order by all"
)
CELL_TABLES = {
    PROJECT_CELLS: CELLS_SQL,
    "enterprise_cells": FIRM_CELLS_SQL,
    "park_entry_windows": ENTRY_WINDOWS_SQL,
    "park_entry_months": ENTRY_MONTHS_SQL,
}
STORED_PAIRS = "snapshot_pairs"  # the (snapshot_from, snapshot_to) pairs stored


def stored_pairs(periods: list[str]) -> list[tuple[str, str]]:
    """Return the snapshot pairs whose differences are stored: each snapshot with the one before
    it (the comparison page's default) and with the one a year before (the stage flows')."""
    known, pairs = set(periods), []
    for before, period in zip(periods, periods[1:], strict=False):
        pairs.append((before, period))
        year_back = add_months(period, -12)
        if year_back in known and year_back != before:
            pairs.append((year_back, period))
    return pairs


def _write_derived(con: duckdb.DuckDBPyConnection, building: Path, snapshots: Path) -> None:
    """Write the DERIVED_TABLES and the pairs they hold into `building`, from the snapshots."""
    for table in ("projects", "enterprises"):
        written = building / f"{table}.parquet"
        source = f"select * from read_parquet({_literal(written)})" if written.is_file() else None
        con.execute(f"create view {table} as {source or _table_sql(snapshots, table)}")
    _create_views(con, [config.QUERIES_DIR / "views" / "snapshot_diff.sql"])
    periods = sorted(
        p.parent.name.removeprefix("period=") for p in snapshots.glob("period=*/projects.parquet")
    )
    pairs = stored_pairs(periods)
    con.execute(f"create table {STORED_PAIRS} (snapshot_from varchar, snapshot_to varchar)")
    con.executemany(f"insert into {STORED_PAIRS} values (?, ?)", pairs)
    con.execute(f"copy {STORED_PAIRS} to {_literal(building / f'{STORED_PAIRS}.parquet')}")
    con.execute("set preserve_insertion_order = true")  # each file is written in its sort's order
    for name in DERIVED_TABLES:  # every pair in one statement (a lateral join over the pairs),
        # sorted by pair, so min/max statistics skip the row groups of other pairs (81 at 1x)
        con.execute(
            f"copy (select * from ({load_sql(f'build/{name}')}) order by snapshot_to, snapshot_from) "
            f"to {_literal(building / f'{name}.parquet')} "
            "(format parquet, compression zstd, row_group_size 122880)"
        )
    for name, sql in BY_ID.items():
        con.execute(
            f"copy ({sql}) to {_literal(building / f'{name}.parquet')} "
            "(format parquet, compression zstd, row_group_size 20480)"
        )
    for name, sql in CELL_TABLES.items():
        con.execute(
            f"copy ({sql.format(projects='projects', enterprises='enterprises')}) to "
            f"{_literal(building / f'{name}.parquet')} (format parquet, compression zstd)"
        )


def _pair(period_from: str, period_to: str) -> dict[str, str]:
    return {"period_from": period_from, "period_to": period_to}


def _attach_derived(con: duckdb.DuckDBPyConnection, folder: Path | None) -> None:
    """Create the DERIVED_TABLES (and the stored pairs) over the consolidated folder's files, or
    empty when there are none: then no pair is stored and every query joins (the same rows)."""
    for name in (STORED_PAIRS, *DERIVED_TABLES):
        path = folder / f"{name}.parquet" if folder is not None else None
        if path is not None and path.is_file():
            kind = "table" if name == STORED_PAIRS else "view"  # the pairs: looked up by every diff
            con.execute(f"create {kind} {name} as select * from read_parquet({_literal(path)})")
        elif name == STORED_PAIRS:
            con.execute(f"create table {name} (snapshot_from varchar, snapshot_to varchar)")
        else:  # no pair stored: the same columns, no rows
            con.execute(
                f"create table {name} as select * from ({load_sql(f'build/{name}')}) limit 0"
            )


def _remove_old_consolidated(data_dir: Path, keep: Path) -> None:
    """Remove consolidated folders but `keep` and the newest others up to CONSOLIDATED_KEPT."""
    others = sorted(
        (p for p in data_dir.glob(f"{CONSOLIDATED_PREFIX}*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in others[CONSOLIDATED_KEPT - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def refresh_consolidated(data_dir: Path | None = None) -> None:
    """Write the consolidated files after the snapshots changed (generate, ingest); never fails the
    caller: the snapshots are written, and the app writes them when it next opens a connection."""
    try:
        build_consolidated(data_dir)
    except (OSError, duckdb.Error) as err:
        log.warning("snapshots not consolidated (done when next opened): %s", err)


def _consolidated(data_dir: Path) -> Path | None:
    """Return the consolidated folder (writing it if needed); None if it cannot be written."""
    try:
        return build_consolidated(data_dir)
    except (OSError, duckdb.Error) as err:  # a read-only data folder, say: read the snapshots
        log.warning("snapshots not consolidated, reading every period folder: %s", err)
        return None


def open_connection(data_dir: Path, consolidated: bool = True) -> duckdb.DuckDBPyConnection:
    """Return a new in-memory connection with one view per table over `data_dir`.

    The snapshot tables are read from the consolidated files (or, with consolidated=False, when
    they cannot be written, or for a table of large files, from every period folder).
    """
    snapshots, reference = data_dir / "snapshots", data_dir / "reference"
    if not any(snapshots.glob("period=*/projects.parquet")):
        raise DataError(
            "没有找到快照数据", "No snapshot data found", f"no snapshots found under {snapshots}"
        )
    con = duckdb.connect(":memory:")
    spill = Path(tempfile.gettempdir()) / "ccbio-duckdb"
    con.execute(f"set memory_limit = '{config.DUCKDB_MEMORY_LIMIT}'")  # settings take no parameters
    con.execute(f"set temp_directory = {_literal(spill)}")
    # every query orders its result, so scans need not keep file order (less memory in joins)
    con.execute("set preserve_insertion_order = false")
    con.execute("set parquet_metadata_cache = true")  # the four files' footers, read once
    if one_thread_is_enough(con, snapshots):
        con.execute("set threads = 1")  # else DuckDB's default, a thread per core
    folder = _consolidated(data_dir) if consolidated else None
    for table in SNAPSHOT_TABLES:
        table_all = f"{table}{ALL_ROWS}"  # every park's rows; queries read the scoped view below
        if folder is not None and (folder / f"{table}.parquet").is_file():
            source = _literal(folder / f"{table}.parquet")
            con.execute(f"create view {table_all} as select * from read_parquet({source})")
        elif table == "indicators":  # summed once, in memory (see _table_sql)
            con.execute(f"create table {table_all} as {_table_sql(snapshots, table)}")
        else:
            con.execute(f"create view {table_all} as {_table_sql(snapshots, table)}")
    for name in BY_ID:  # or, without the file, the same rows in period order
        by_id = folder / f"{name}.parquet" if folder is not None else None
        source = f"read_parquet({_literal(by_id)})" if by_id and by_id.is_file() else None
        con.execute(
            f"create view {name}{ALL_ROWS} as select * from {source or 'projects' + ALL_ROWS}"
        )
    for name, sql in CELL_TABLES.items():
        cells = folder / f"{name}.parquet" if folder is not None else None
        if cells is not None and cells.is_file():  # small (28 k rows at 1x): held in memory
            con.execute(f"create table {name}{ALL_ROWS} as from read_parquet({_literal(cells)})")
        else:
            source = sql.format(
                projects="projects" + ALL_ROWS, enterprises="enterprises" + ALL_ROWS
            )
            con.execute(f"create view {name}{ALL_ROWS} as {source}")
    scope.create_scoped_views(con, ALL_ROWS)
    # The connection itself (command-line tools, tests) reads the whole city; the app's queries run
    # on fresh cursors, which start with no scope (no rows) until run_query sets the session's.
    scope.apply(con, scope.CITY)
    for view, file in REFERENCE_TABLES.items():
        types = CSV_TYPES.get(view)
        typed = f", types = {types!r}" if types else ""
        # copied in once: a view would sniff and parse the file again in every query that joins it
        con.execute(
            f"create table {view} as select * from read_csv({_literal(reference / file)}, header = true{typed})"
        )
    views = sorted((config.QUERIES_DIR / "views").glob("*.sql"))
    stored = config.QUERIES_DIR / "views" / "stored_diff.sql"  # macros bind what they read
    _create_views(con, [v for v in views if v != stored])
    _attach_derived(con, folder)
    _create_views(con, [stored])
    _compute_city_tables(con)
    return con


def one_thread_is_enough(con: duckdb.DuckDBPyConnection, snapshots: Path) -> bool:
    """Return whether the newest snapshot's largest table fits one row group (ONE_THREAD_ROWS).

    DuckDB parallelises a scan by row group; a query reading one (every page query at the city's
    real size, 15 k rows a snapshot) gained nothing from a second thread but the hand-overs: the
    12 page queries 160 -> 151 ms, a monitoring filter change ~5% faster, two sessions' queries at
    once 426 -> 354 ms. At 10,000x (14.8 M rows a snapshot) the scans need every core.
    """
    newest = max(snapshots.glob("period=*"))  # open_connection has checked there is one
    files = [str(f) for t in SNAPSHOT_TABLES if (f := newest / f"{t}.parquet").is_file()]
    if not files:
        return False
    rows = con.execute("select max(num_rows) from parquet_file_metadata(?)", [files]).fetchone()[0]
    return rows is not None and rows <= ONE_THREAD_ROWS


# Views every goal query reads whole-city, computed once per connection (the connection is opened
# again for new data or an edited reference table): see queries/views/target_values.sql.
CITY_TABLES = ("target_values",)


def _compute_city_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create each of CITY_TABLES as its city's rows held in memory, or, for a reader who does not
    see the whole city, computed over the reader's rows (the same view as before, fail closed)."""
    for name in CITY_TABLES:  # the connection itself reads the city (scope.apply above)
        con.execute(f"create table {name}{ALL_ROWS} as select * from {name}_computed")
        con.execute(
            f"create view {name} as select * from {name}{ALL_ROWS} "
            f"where getvariable('{scope.ALL_VAR}') union all select * from {name}_computed "
            f"where not getvariable('{scope.ALL_VAR}')"
        )


def _create_views(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    # Macros and views may use one another and DuckDB binds them when created, so a file that
    # names one not made yet is retried after the others: no file order to keep by hand.
    pending = {path: path.read_text(encoding="utf-8") for path in files}
    while pending:
        failed = {}
        for path, sql in pending.items():
            try:
                con.execute(sql)
            except duckdb.CatalogException as err:
                failed[path] = (sql, err)
        if len(failed) == len(pending):
            path, (_, err) = next(iter(failed.items()))
            raise DataError(f"{path.name}: {err}") from err
        pending = {path: sql for path, (sql, _) in failed.items()}


@st.cache_resource(show_spinner=False, max_entries=2)
def _shared_connection(data_dir: str, version: str) -> duckdb.DuckDBPyConnection:
    return open_connection(Path(data_dir))


def connection() -> duckdb.DuckDBPyConnection:
    """Return the app-wide connection for the current data folder (one per process and data version)."""
    # keyed by the data version too: the indicators table is a copy, so a new period needs a new one
    return _shared_connection(str(config.data_dir()), files_version())


def run_query(name: str, *, parks_in_scope: scope.Scope = scope.CITY, **params) -> pd.DataFrame:
    """Return the result of queries/{name}.sql run on a fresh cursor with DuckDB parameters.

    `parks_in_scope` is the rows the reader may see (pages go through query(), which takes it from
    the signed-in session); command-line tools and tests read the whole city.
    """
    sql = load_sql(name)
    cursor = connection().cursor()  # a shared connection is not thread-safe; a cursor is
    try:
        scope.apply(cursor, parks_in_scope)
        if "period_from" in params and parks_in_scope.city:
            # a constant by the time the query is planned: stored_diff.sql's macros keep one branch
            cursor.execute(DIFF_STORED, _pair(params["period_from"], params["period_to"]))
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()} or None
        # execute, not cursor.sql(): a relation binds and plans the query once to learn its columns
        # and again to run it, half of a query's cost at 1x (12 page queries: 110 -> 87 ms CPU).
        # Through Arrow: the same DataFrame as .df() would give but for all-null text columns,
        # about twice as fast for long text-heavy results.
        return cursor.execute(sql, values).to_arrow_table().to_pandas()
    finally:
        cursor.close()


DIFF_STORED = (
    f"set variable ccbio_diff_stored = exists (select 1 from {STORED_PAIRS} "
    "where snapshot_from = $period_from and snapshot_to = $period_to)"
)


def data_version() -> str:
    """Return the version of the data this session may read: the snapshot folders and its scope.

    Every cache of query results is keyed by it, so a new period is noticed and a park planner
    never gets a result cached for another scope.
    """
    return f"{files_version()}|{scope.session_scope().key()}"


def files_version() -> str:
    """Return a cheap fingerprint of the snapshot folders and reference tables, so caches (and the
    connection, which holds a copy of the reference tables) notice a new period or an edited table."""
    pinned = getattr(_pinned, "version", None)
    if pinned is not None:  # inside one fetch (_one_version)
        return pinned
    entries = []
    for folder, wanted in ((config.snapshots_dir(), "period="), (config.reference_dir(), "")):
        with contextlib.suppress(FileNotFoundError):
            entries += sorted(
                (e.name, e.stat().st_mtime_ns)
                for e in os.scandir(folder)
                if e.name.startswith(wanted)
            )
    # a digest, not the 2 KB listing: every cache key holds it and Streamlit hashes it each call
    return f"{config.data_dir()}|{hashlib.sha256(repr(entries).encode()).hexdigest()[:24]}"


_pinned = threading.local()  # each Streamlit session runs its script in a thread of its own


@contextlib.contextmanager
def _one_version() -> Iterator[None]:
    """Within the block, files_version() reads the folders once: a fetch checked its period, parks
    and sectors and keyed its cache by it, four scans of ~50 folders (0.43 of a cached fetch's 0.72 ms)."""
    if getattr(_pinned, "version", None) is not None:  # a fetch inside a fetch (the checks')
        yield
        return
    _pinned.version = files_version()
    try:
        yield
    finally:
        _pinned.version = None


def _run_cached_query(
    name: str, params: tuple, version: str, parks_in_scope: scope.Scope
) -> pd.DataFrame:
    return run_query(name, parks_in_scope=parks_in_scope, **dict(params))


@cache
def _query_cache() -> Callable[..., pd.DataFrame]:
    # made on first use, not at import: outside a Streamlit server (the ingest and generate
    # commands import this module to rebuild the database file) decorating logs a warning
    return st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=512)(
        _run_cached_query
    )


def query(name: str, **params) -> pd.DataFrame:
    """Return a cached query result; the cache key is the query, its parameters, the data version and scope.

    The scope is the signed-in user's (a parameter no URL or widget can set); the few queries in
    scope.CITY_AGGREGATES read every park, because their figures are the city's.
    """
    parks_in_scope = scope.CITY if name in scope.CITY_AGGREGATES else scope.session_scope()
    return _query_cache()(name, tuple(sorted(params.items())), files_version(), parks_in_scope)


# ---- checks of values a user can influence -------------------------------------------------


@lru_cache(maxsize=8)
def _known(version: str) -> dict[str, tuple[str, ...]]:
    """Return the snapshot periods (oldest first), park ids and sector ids of data version `version`.

    Every query checks its period, parks and sectors against these: ~20 checks a page run, each a
    cached-query lookup that unpickled a copy of the list (a tenth of a filter change at 1x). They
    are the same for every reader (the periods are a city aggregate, the others reference tables).
    """
    return {
        "periods": tuple(query("available_periods")["period"]),
        "parks": tuple(park_list()["park_id"]),
        "sectors": tuple(sector_list()["sector_id"]),
    }


def periods() -> list[str]:
    """Return every snapshot period in the data, oldest first."""
    return list(_known(files_version())["periods"])


def latest_period() -> str:
    """Return the newest snapshot period."""
    return periods()[-1]


def check_period(period: str) -> str:
    """Return `period` if it is a snapshot in the data; raise QueryInputError otherwise."""
    if not is_period(period):
        raise QueryInputError(
            f"期间“{period}”格式不对，应为 YYYY-MM", f"Period '{period}' is not of the form YYYY-MM"
        )
    known = periods()
    if period not in known:
        raise QueryInputError(
            f"没有 {period} 的快照（现有 {known[0]} 至 {known[-1]}）",
            f"There is no snapshot for {period} (data covers {known[0]} to {known[-1]})",
        )
    return period


def _check_ids(
    values: Iterable[str], known: tuple[str, ...], what_zh: str, what_en: str
) -> tuple[str, ...]:
    values = tuple(values or ())
    unknown = [v for v in values if v not in known]
    if unknown:
        raise QueryInputError(
            f"未知的{what_zh}：{', '.join(map(str, unknown))}",
            f"Unknown {what_en}: {', '.join(map(str, unknown))}",
        )
    return values


def check_parks(parks: Iterable[str]) -> tuple[str, ...]:
    """Return the park ids as a tuple if every one exists; raise QueryInputError otherwise."""
    return _check_ids(parks, _known(files_version())["parks"], "园区", "park")


def check_sectors(sectors: Iterable[str]) -> tuple[str, ...]:
    """Return the sector ids as a tuple if every one exists; raise QueryInputError otherwise."""
    return _check_ids(sectors, _known(files_version())["sectors"], "产业领域", "sector")


def check_limit(limit: int | None) -> int | None:
    """Return `limit` if it is None or a positive whole number; raise QueryInputError otherwise."""
    if limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0):
        return limit
    raise QueryInputError(
        f"行数上限“{limit}”应为正整数", f"Row limit {limit!r} must be a positive whole number"
    )


STALL_LIMIT_KEYS = ("rule_ids", "rule_ranks", "rule_stages", "rule_months")


def check_stall_limits(limits: dict) -> dict:
    """Return alerts.stall_limits(rules) as the four DuckDB list parameters; raise QueryInputError if malformed."""
    if set(limits) != set(STALL_LIMIT_KEYS) or len({len(v) for v in limits.values()}) > 1:
        keys = ", ".join(STALL_LIMIT_KEYS)
        raise QueryInputError(
            f"停滞规则应为等长的列表 {keys}", f"Stall limits need the parallel lists {keys}"
        )
    known = set(stage_list()["stage_id"])
    unknown = ", ".join(s for s in limits["rule_stages"] if s not in known)
    if unknown:
        raise QueryInputError(
            f"停滞规则含未知阶段：{unknown}", f"Stall limits name unknown stages: {unknown}"
        )
    return {  # tuples, so the query cache can hash them
        "rule_ids": tuple(map(str, limits["rule_ids"])),
        "rule_ranks": tuple(map(int, limits["rule_ranks"])),
        "rule_stages": tuple(limits["rule_stages"]),
        "rule_months": tuple(map(float, limits["rule_months"])),
    }


def check_month(month: str) -> str:
    """Return `month` if it is a 'YYYY-MM' month (a month inside a snapshot, not a snapshot itself)."""
    if not is_period(month):
        raise QueryInputError(
            f"月份“{month}”格式不对，应为 YYYY-MM", f"Month '{month}' is not of the form YYYY-MM"
        )
    return month


def check_plan_id(plan_id: str) -> str:
    """Return `plan_id` if it has the form plans.csv gives ids; raise QueryInputError otherwise."""
    if not re.fullmatch(r"[\w.-]{1,40}", str(plan_id or "")):
        raise QueryInputError(f"计划编号“{plan_id}”格式不对", f"Plan id '{plan_id}' is malformed")
    return plan_id


# Ids as the snapshots write them (P0035, E0114; scaled copies add .r42); anything else in a URL
# is refused before it reaches a query.
RECORD_ID_PATTERNS = {
    "project": (re.compile(r"P\d{1,6}(\.r\d{1,6})?"), "项目编号", "project id"),
    "enterprise": (re.compile(r"E\d{1,6}(\.r\d{1,6})?"), "企业编号", "firm id"),
}


def check_record_id(kind: str, value: str) -> str:
    """Return `value` if it is a well-formed project or enterprise id; raise QueryInputError otherwise."""
    pattern, what_zh, what_en = RECORD_ID_PATTERNS[kind]
    text = str(value or "").strip()
    if not pattern.fullmatch(text):
        shown = text[:20] + ("…" if len(text) > 20 else "")
        raise QueryInputError(
            f"{what_zh}“{shown}”格式不对（应如 {'P0035' if kind == 'project' else 'E0114'}）",
            f"'{shown}' is not a {what_en} (like {'P0035' if kind == 'project' else 'E0114'})",
        )
    return text


def check_project_id(project_id: str) -> str:
    """Return a well-formed project id; raise QueryInputError otherwise."""
    return check_record_id("project", project_id)


def check_enterprise_id(enterprise_id: str) -> str:
    """Return a well-formed enterprise id; raise QueryInputError otherwise."""
    return check_record_id("enterprise", enterprise_id)


def check_project_ids(project_ids: Iterable[str]) -> tuple[str, ...]:
    """Return the project ids sorted as a tuple if every one is well formed."""
    return tuple(sorted(check_project_id(p) for p in project_ids))


def check_park(park_id: str) -> str:
    """Return `park_id` if it is a park in the reference table; raise QueryInputError otherwise."""
    return check_parks([str(park_id or "")[:40]])[0]


# ---- the query table: which arguments each query takes and how each is checked -------------------


@dataclass(frozen=True)
class Query:
    """A query's arguments, each with the check that turns it into DuckDB parameters, and the
    constants it is always given. A check returning a dict gives several parameters."""

    checks: dict[str, Callable] = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)  # over ARGUMENTS' defaults, for this query


PERIOD = {"period": check_period}
SCOPE = {"parks": check_parks, "sectors": check_sectors}
TWO_SNAPSHOTS = {"period_from": check_period, "period_to": check_period, **SCOPE}
LIMIT = {"limit": check_limit}
STALL_RULES = {"limits": check_stall_limits}
BASELINE = {"baseline_month": config.BASELINE_MONTH}
PLAN = {**BASELINE, "plan_start": config.PLAN_START, "plan_months": config.PLAN_MONTHS}
PARK = {"park_id": check_park}
PLAN_MONTHS = {
    "plan_id": check_plan_id,
    "start_month": check_month,
    "end_month": check_month,
    "baseline_month": check_month,
}

QUERIES: dict[str, Query] = {
    "available_periods": Query(),
    "park_list": Query(),
    "sector_list": Query(),
    "target_list": Query(),
    "stage_list": Query(),
    "published_figures": Query(),
    "goal_progress": Query(PERIOD, PLAN),
    "goal_series": Query(PERIOD, BASELINE),
    "target_pace": Query(PERIOD, PLAN),
    "pipeline_by_stage": Query({**PERIOD, **SCOPE}),
    "stage_flows": Query(TWO_SNAPSHOTS),
    "park_summary": Query({**PERIOD, "sectors": check_sectors}),
    "sector_summary": Query({**PERIOD, **SCOPE}),
    "sector_park_matrix": Query({**PERIOD, **SCOPE}),
    "indicator_series": Query({**PERIOD, **SCOPE}),
    "indicator_quarters": Query({**PERIOD, **SCOPE}),
    "indicator_yoy_by_park": Query({**PERIOD, **SCOPE}),
    "leading_enterprises": Query({**PERIOD, **SCOPE}),
    "major_projects": Query({**PERIOD, **SCOPE}),
    "park_last_new_project": Query(PERIOD),
    "project_changes": Query({**TWO_SNAPSHOTS, **LIMIT}),
    "enterprise_changes": Query({**TWO_SNAPSHOTS, **LIMIT}),
    "indicator_revisions": Query({**TWO_SNAPSHOTS, **LIMIT}),
    "snapshot_change_counts": Query(TWO_SNAPSHOTS),
    "stage_age_summary": Query({**PERIOD, **SCOPE}),
    "stage_stall_counts": Query({**PERIOD, **SCOPE, **STALL_RULES}),
    "stalled_projects": Query({**PERIOD, **SCOPE, **STALL_RULES, **LIMIT}),
    # plan end (issue 12): the plan's months come from a plans.Plan (see plan_attainment below)
    "plan_attainment": Query({"snapshot": check_period, **PLAN_MONTHS}),
    "plan_growth_sources": Query(
        {"snapshot": check_period, **{k: v for k, v in PLAN_MONTHS.items() if k != "start_month"}}
    ),
    "plan_goal_history": Query(PLAN_MONTHS),
    "pipeline_cohort": Query({"cohort_period": check_period, "end_period": check_period}),
    # one park, one project, one firm (issue 13)
    "project_history": Query({"project_id": check_project_id}),
    "project_event_list": Query({"project_id": check_project_id}),
    "firm_history": Query({"enterprise_id": check_enterprise_id}),
    "firm_projects": Query({"enterprise_id": check_enterprise_id}),
    "firm_name": Query({"enterprise_id": check_enterprise_id, **PERIOD}),
    "park_projects": Query({**PERIOD, **PARK, **LIMIT}, defaults={"limit": 1000}),
    "park_enterprises": Query({**PERIOD, **PARK, **LIMIT}, defaults={"limit": 1000}),
    "park_firm_flags": Query({**PERIOD, **PARK}),
    "project_units": Query({**PERIOD, "project_ids": check_project_ids}),
    # sign-in (issue 14)
    "data_is_demo": Query(),
}


def fetch(name: str, **args) -> pd.DataFrame:
    """Return the cached result of query `name` for `args`, each checked as QUERIES[name] says."""
    spec = QUERIES[name]
    if set(args) != set(spec.checks):
        raise TypeError(f"{name} takes {sorted(spec.checks)}, got {sorted(args)}")
    params = dict(spec.constants)
    with _one_version():  # its checks and its cache key read the folders once
        for arg, check in spec.checks.items():
            value = check(args[arg])
            params.update(value if isinstance(value, dict) else {arg: value})
        return query(name, **params)


def grain(name: str) -> str:
    """Return what one row of query `name` is: the first line of its .sql file, without `-- `."""
    return load_sql(name).splitlines()[0].removeprefix("-- ")


# How each argument appears in a query function's signature: its type and default; `limits` and
# what follows it are keyword-only (pages pass them by name).
ARGUMENTS = {
    "period": (str, inspect.Parameter.empty),
    "period_from": (str, inspect.Parameter.empty),
    "period_to": (str, inspect.Parameter.empty),
    "parks": (Iterable[str], ()),
    "sectors": (Iterable[str], ()),
    "limits": (dict, inspect.Parameter.empty),
    "limit": (int | None, None),
    "snapshot": (str, inspect.Parameter.empty),
    "cohort_period": (str, inspect.Parameter.empty),
    "end_period": (str, inspect.Parameter.empty),
    "project_id": (str, inspect.Parameter.empty),
    "enterprise_id": (str, inspect.Parameter.empty),
    "park_id": (str, inspect.Parameter.empty),
}


def _query_function(name: str) -> Callable[..., pd.DataFrame]:
    """Return the public function for query `name`: its arguments from QUERIES, its docstring the
    SQL file's grain line (so the two cannot drift apart)."""
    kind, parameters = inspect.Parameter.POSITIONAL_OR_KEYWORD, []
    for arg in QUERIES[name].checks:
        kind = inspect.Parameter.KEYWORD_ONLY if arg == "limits" else kind
        annotation, default = ARGUMENTS[arg]
        default = QUERIES[name].defaults.get(arg, default)
        parameters.append(inspect.Parameter(arg, kind, default=default, annotation=annotation))
    signature = inspect.Signature(parameters, return_annotation=pd.DataFrame)

    def run(*args, **kwargs) -> pd.DataFrame:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return fetch(name, **bound.arguments)

    run.__name__ = run.__qualname__ = name
    run.__doc__, run.__signature__, run.query_name = grain(name), signature, name
    return run


# ---- where errors become messages ----------------------------------------------------------------


def user_message(err: Exception, lang: str) -> str:
    """Return what the user is told about `err`: its own words for bad input or data, else a general line."""
    if isinstance(err, QueryInputError):
        return err.message(lang)
    return t("common.query_failed", lang)


@contextlib.contextmanager
def errors_shown(lang: str) -> Iterator[None]:
    """Run a page's block; a data or query error inside is shown as st.error in `lang` and stops the
    run there (logged with its traceback, never shown)."""
    try:
        yield
    except (QueryInputError, duckdb.Error) as err:
        log.warning("query failed: %s", err, exc_info=not isinstance(err, QueryInputError))
        st.error(user_message(err, lang), icon=":material/error:")
        st.stop()


# ---- the functions pages call: one per query, named after it ------------------------------------
# e.g. pipeline_by_stage(period, parks=(), sectors=()); help(data.<name>) shows arguments and grain.

park_list = _query_function("park_list")
sector_list = _query_function("sector_list")
target_list = _query_function("target_list")
stage_list = _query_function("stage_list")
published_figures = _query_function("published_figures")
goal_progress = _query_function("goal_progress")
goal_series = _query_function("goal_series")
target_pace = _query_function("target_pace")
pipeline_by_stage = _query_function("pipeline_by_stage")
stage_flows = _query_function("stage_flows")
park_summary = _query_function("park_summary")
sector_summary = _query_function("sector_summary")
sector_park_matrix = _query_function("sector_park_matrix")
park_last_new_project = _query_function("park_last_new_project")
leading_enterprises = _query_function("leading_enterprises")
major_projects = _query_function("major_projects")
stage_age_summary = _query_function("stage_age_summary")
stage_stall_counts = _query_function("stage_stall_counts")  # limits=alerts.stall_limits(rules)
stalled_projects = _query_function("stalled_projects")  # limits=alerts.stall_limits(rules), limit=
indicator_series = _query_function("indicator_series")
indicator_quarters = _query_function("indicator_quarters")
indicator_yoy_by_park = _query_function("indicator_yoy_by_park")
project_changes = _query_function("project_changes")
enterprise_changes = _query_function("enterprise_changes")
indicator_revisions = _query_function("indicator_revisions")
snapshot_change_counts = _query_function("snapshot_change_counts")
pipeline_cohort = _query_function("pipeline_cohort")
project_history = _query_function("project_history")
project_event_list = _query_function("project_event_list")
firm_history = _query_function("firm_history")
firm_projects = _query_function("firm_projects")
firm_name = _query_function("firm_name")
park_projects = _query_function("park_projects")
park_enterprises = _query_function("park_enterprises")


# ---- functions whose arguments or result differ from their query's ---------------------------


def _plan_months(plan, month: str) -> dict:
    """Return the DuckDB parameters naming a plans.Plan up to `month`: id, first, last, baseline."""
    return {
        "plan_id": plan.plan_id,
        "start_month": plan.start,
        "end_month": month,
        "baseline_month": plan.baseline,
    }


def plan_attainment(snapshot: str, plan, month: str) -> pd.DataFrame:
    """Return one row per target of `plan` (plans.Plan): value at `month`, baseline, target, month reached."""
    return fetch("plan_attainment", snapshot=snapshot, **_plan_months(plan, month))


def plan_growth_sources(snapshot: str, plan, month: str) -> pd.DataFrame:
    """Return one row per dimension (park/sector), member and target: baseline, value at `month`, change."""
    params = _plan_months(plan, month)
    del params["start_month"]
    return fetch("plan_growth_sources", snapshot=snapshot, **params)


def plan_goal_history(plan, month: str) -> pd.DataFrame:
    """Return one row per target and plan month up to `month`: the figure first reported that month."""
    return fetch("plan_goal_history", **_plan_months(plan, month))


def park_firm_flags(period: str, park_id: str) -> dict[str, int]:
    """Return the park's firm count ("all_firms") and the count holding each flag in `period`."""
    row = fetch("park_firm_flags", period=period, park_id=park_id)
    return {k: int(v) for k, v in row.iloc[0].items()}


def project_units(period: str, project_ids: Iterable[str]) -> dict[str, str]:
    """Return project id -> responsible unit in `period` (projects without one are left out)."""
    ids = list(project_ids)
    if not ids:
        return {}
    rows = fetch("project_units", period=period, project_ids=ids)
    if "responsible_unit" not in rows.columns:
        return {}
    rows = rows.dropna(subset=["responsible_unit"])
    return dict(zip(rows["project_id"], rows["responsible_unit"], strict=True))


def is_demo_data() -> bool:
    """Return whether the newest snapshot is generated demo data (then demo accounts are offered)."""
    return bool(fetch("data_is_demo")["is_demo"].iloc[0])
