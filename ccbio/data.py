"""The only code that touches DuckDB: views over the snapshots, one cursor per query, caching.

Pages call the functions at the bottom; each returns a DataFrame whose grain is in its docstring
and in the first line of the `.sql` file it runs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ccbio import config
from ccbio.auth import scope
from ccbio.periods import is_period

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


class DataError(RuntimeError):
    """The data folder is missing or unreadable."""


class QueryInputError(ValueError):
    """A parameter a user can influence (period, park, sector) is not one the data knows."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh, self.message_en = message_zh, message_en

    def message(self, lang: str) -> str:
        """Return the message in the user's language ('zh' or 'en')."""
        return self.message_zh if lang == "zh" else self.message_en


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


def open_connection(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """Return a new in-memory connection with one view per table over `data_dir`."""
    snapshots, reference = data_dir / "snapshots", data_dir / "reference"
    if not any(snapshots.glob("period=*/projects.parquet")):
        raise DataError(f"没有找到快照数据 / no snapshots found under {snapshots}")
    con = duckdb.connect(":memory:")
    spill = Path(tempfile.gettempdir()) / "ccbio-duckdb"
    con.execute(f"set memory_limit = '{config.DUCKDB_MEMORY_LIMIT}'")  # settings take no parameters
    con.execute(f"set temp_directory = {_literal(spill)}")
    # every query orders its result, so scans need not keep file order (less memory in joins)
    con.execute("set preserve_insertion_order = false")
    for table in SNAPSHOT_TABLES:
        glob = _literal(snapshots / "period=*" / f"{table}.parquet")
        table_all = f"{table}{ALL_ROWS}"  # every park's rows; queries read the scoped view below
        source = (
            f"read_parquet({glob}, hive_partitioning = true, "
            f"hive_types = {{'period': 'VARCHAR'}}, union_by_name = true)"
        )
        if table == "indicators":
            # Every query sums indicator cells, so they are summed once here, in memory, to one row
            # per (period, month, park, sector, indicator): the same rows when each cell has one row
            # (the demo data), and a table that stays small however many rows feed a cell (bench/).
            con.execute(
                f"create table {table_all} as select {INDICATOR_CELL}, sum(value) as value, "
                f"bool_or(is_preliminary) as is_preliminary, period from {source} group by all"
            )
        else:
            con.execute(f"create view {table_all} as select * from {source}")
    scope.create_scoped_views(con, ALL_ROWS)
    # The connection itself (command-line tools, tests) reads the whole city; the app's queries run
    # on fresh cursors, which start with no scope (no rows) until run_query sets the session's.
    scope.apply(con, scope.CITY)
    for view, file in REFERENCE_TABLES.items():
        types = CSV_TYPES.get(view)
        typed = f", types = {types!r}" if types else ""
        con.execute(
            f"create view {view} as select * from read_csv({_literal(reference / file)}, header = true{typed})"
        )
    for view_sql in sorted((config.QUERIES_DIR / "views").glob("*.sql")):
        con.execute(view_sql.read_text(encoding="utf-8"))
    return con


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
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()} or None
        # through Arrow: the same DataFrame as .df(), about twice as fast for long text-heavy results
        return cursor.sql(sql, params=values).to_arrow_table().to_pandas()
    finally:
        cursor.close()


def data_version() -> str:
    """Return the version of the data this session may read: the snapshot folders and its scope.

    Every cache of query results is keyed by it, so a new period is noticed and a park planner
    never gets a result cached for another scope.
    """
    return f"{files_version()}|{scope.session_scope().key()}"


def files_version() -> str:
    """Return a cheap fingerprint of the snapshot folders, so caches notice a new period."""
    folder = config.snapshots_dir()
    try:
        entries = sorted(
            (e.name, e.stat().st_mtime_ns)
            for e in os.scandir(folder)
            if e.name.startswith("period=")
        )
    except FileNotFoundError:
        entries = []
    return f"{config.data_dir()}|{entries}"


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=512)
def _cached_query(
    name: str, params: tuple, version: str, parks_in_scope: scope.Scope
) -> pd.DataFrame:
    return run_query(name, parks_in_scope=parks_in_scope, **dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """Return a cached query result; the cache key is the query, its parameters, the data version and scope.

    The scope is the signed-in user's (a parameter no URL or widget can set); the few queries in
    scope.CITY_AGGREGATES read every park, because their figures are the city's.
    """
    parks_in_scope = scope.CITY if name in scope.CITY_AGGREGATES else scope.session_scope()
    return _cached_query(name, tuple(sorted(params.items())), files_version(), parks_in_scope)


# ---- validation of values a user can influence -------------------------------------------


def periods() -> list[str]:
    """Return every snapshot period in the data, oldest first."""
    return query("available_periods")["period"].tolist()


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
    values: Iterable[str], known: list[str], what_zh: str, what_en: str
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
    return _check_ids(parks, park_list()["park_id"].tolist(), "园区", "park")


def check_sectors(sectors: Iterable[str]) -> tuple[str, ...]:
    """Return the sector ids as a tuple if every one exists; raise QueryInputError otherwise."""
    return _check_ids(sectors, sector_list()["sector_id"].tolist(), "产业领域", "sector")


# ---- reference tables ----------------------------------------------------------------------


def park_list() -> pd.DataFrame:
    """Return one row per park with tier, names, focus, coordinates and their confidence."""
    return query("park_list")


def sector_list() -> pd.DataFrame:
    """Return one row per sector (八大工程) with names, focus text and colour."""
    return query("sector_list")


def target_list() -> pd.DataFrame:
    """Return one row per 双十双百双千 target with its definition and source."""
    return query("target_list")


def stage_list() -> pd.DataFrame:
    """Return one row per pipeline stage, in order."""
    return query("stage_list")


def indicator_list() -> pd.DataFrame:
    """Return one row per monitored indicator, in order."""
    return query("indicator_list")


def published_figures() -> pd.DataFrame:
    """Return one row per published figure with qualifier and source."""
    return query("published_figures")


# ---- page queries ------------------------------------------------------------------------------


def goal_progress(period: str) -> pd.DataFrame:
    """Return one row per target: value, baseline, completion, progress, time elapsed, gap."""
    return query(
        "goal_progress",
        period=check_period(period),
        baseline_month=config.BASELINE_MONTH,
        plan_start=config.PLAN_START,
        plan_months=config.PLAN_MONTHS,
    )


def goal_series(period: str) -> pd.DataFrame:
    """Return one row per target and month from the baseline to `period`."""
    return query("goal_series", period=check_period(period), baseline_month=config.BASELINE_MONTH)


def pipeline_by_stage(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per stage: projects, investment, new/continued split."""
    return query(
        "pipeline_by_stage",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def stage_flows(
    period_from: str, period_to: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per (from_stage, to_stage) move between two snapshots."""
    return query(
        "stage_flows",
        period_from=check_period(period_from),
        period_to=check_period(period_to),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def project_stage_ages(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per project with its stage and months in that stage."""
    return query(
        "project_stage_ages",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def park_summary(period: str, sectors: Iterable[str] = ()) -> pd.DataFrame:
    """Return one row per park: location, enterprises, output, projects, investment."""
    return query("park_summary", period=check_period(period), sectors=check_sectors(sectors))


def sector_summary(period: str, parks: Iterable[str] = ()) -> pd.DataFrame:
    """Return one row per sector: enterprises, output with share and growth, projects, investment."""
    return query("sector_summary", period=check_period(period), parks=check_parks(parks))


def sector_park_matrix(period: str) -> pd.DataFrame:
    """Return one row per sector and park pair with enterprises, output, projects, investment."""
    return query("sector_park_matrix", period=check_period(period))


def indicator_series(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per indicator and month: value, MoM, YoY, year-to-date and its YoY."""
    return query(
        "indicator_series",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def leading_enterprises(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per firm on the leading-enterprise list, largest output first."""
    return query(
        "leading_enterprises",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def major_projects(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per project on the major-project list, largest investment first."""
    return query(
        "major_projects",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


# ---- monitoring, early warning and snapshot comparison (issue 4) --------------------------------


def indicator_quarters(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per indicator and quarter: value, QoQ, YoY, year-to-date and its YoY."""
    return query(
        "indicator_quarters",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def indicator_yoy_by_park(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per scope (selection total, then each park) and money indicator: month value and YoY."""
    return query(
        "indicator_yoy_by_park",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def target_pace(period: str) -> pd.DataFrame:
    """Return one row per target and month since the plan start: figure, straight-line pace, gap."""
    return query(
        "target_pace",
        period=check_period(period),
        baseline_month=config.BASELINE_MONTH,
        plan_start=config.PLAN_START,
        plan_months=config.PLAN_MONTHS,
    )


def park_last_new_project(period: str) -> pd.DataFrame:
    """Return one row per park: the last month a project entered its pipeline (null = never)."""
    return query("park_last_new_project", period=check_period(period))


def project_changes(
    period_from: str,
    period_to: str,
    parks: Iterable[str] = (),
    sectors: Iterable[str] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """Return one row per project added, removed (with reason), moved stage or re-costed between two snapshots.

    With `limit`, only that many: the largest investment first, then listed by change and id.
    """
    return query(
        "project_changes",
        period_from=check_period(period_from),
        period_to=check_period(period_to),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
        limit=check_limit(limit),
    )


def enterprise_changes(
    period_from: str,
    period_to: str,
    parks: Iterable[str] = (),
    sectors: Iterable[str] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """Return one row per enterprise added, removed or with a changed flag between two snapshots.

    With `limit`, only that many: the largest output first, then listed by change and id.
    """
    return query(
        "enterprise_changes",
        period_from=check_period(period_from),
        period_to=check_period(period_to),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
        limit=check_limit(limit),
    )


def indicator_revisions(
    period_from: str,
    period_to: str,
    parks: Iterable[str] = (),
    sectors: Iterable[str] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """Return one row per indicator and month whose value differs between two snapshots (a revision).

    With `limit`, only the largest revisions; total_revisions says how many there are in all.
    """
    return query(
        "indicator_revisions",
        period_from=check_period(period_from),
        period_to=check_period(period_to),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
        limit=check_limit(limit),
    )


# ---- summaries whose size does not grow with the number of projects or firms ----------------------


def check_limit(limit: int | None) -> int | None:
    """Return `limit` if it is None or a positive whole number; raise QueryInputError otherwise."""
    if limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0):
        return limit
    raise QueryInputError(
        f"行数上限“{limit}”应为正整数", f"Row limit {limit!r} must be a positive whole number"
    )


STALL_LIMIT_KEYS = ("rule_ids", "rule_ranks", "rule_stages", "rule_months")


def _check_stall_limits(limits: dict) -> dict:
    # parallel lists from alerts.stall_limits(); tuples, so the query cache can hash them
    if set(limits) != set(STALL_LIMIT_KEYS) or len({len(v) for v in limits.values()}) > 1:
        raise ValueError(f"stall limits need the parallel lists {', '.join(STALL_LIMIT_KEYS)}")
    known = set(stage_list()["stage_id"])
    unknown = [s for s in limits["rule_stages"] if s not in known]
    if unknown:
        raise ValueError(f"stall limits name unknown stages: {', '.join(unknown)}")
    return {
        "rule_ids": tuple(map(str, limits["rule_ids"])),
        "rule_ranks": tuple(map(int, limits["rule_ranks"])),
        "rule_stages": tuple(limits["rule_stages"]),
        "rule_months": tuple(map(float, limits["rule_months"])),
    }


def stage_age_summary(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per stage: projects and min, q1, median, q3, max of months in the stage."""
    return query(
        "stage_age_summary",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


def stage_stall_counts(
    period: str, parks: Iterable[str] = (), sectors: Iterable[str] = (), *, limits: dict
) -> pd.DataFrame:
    """Return one row per stage and project_stalled rule fired (rule_id null = not stalled): projects.

    `limits` is alerts.stall_limits(): the rules' months per stage as parallel lists.
    """
    lim = _check_stall_limits(limits)
    return query(
        "stage_stall_counts",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
        rule_ids=lim["rule_ids"],
        rule_stages=lim["rule_stages"],
        rule_months=lim["rule_months"],
    )


def stalled_projects(
    period: str,
    parks: Iterable[str] = (),
    sectors: Iterable[str] = (),
    *,
    limits: dict,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return one row per stalled project, most severe and longest first (at most `limit`): rule_id, months_limit.

    `limits` is alerts.stall_limits(); the total count is in stage_stall_counts.
    """
    return query(
        "stalled_projects",
        period=check_period(period),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
        limit=check_limit(limit),
        **_check_stall_limits(limits),
    )


def snapshot_change_counts(
    period_from: str, period_to: str, parks: Iterable[str] = (), sectors: Iterable[str] = ()
) -> pd.DataFrame:
    """Return one row per table (projects, enterprises) and change type between two snapshots: changes."""
    return query(
        "snapshot_change_counts",
        period_from=check_period(period_from),
        period_to=check_period(period_to),
        parks=check_parks(parks),
        sectors=check_sectors(sectors),
    )


# ---- sign-in (issue 14) -------------------------------------------------------------------------


def is_demo_data() -> bool:
    """Return whether the newest snapshot is generated demo data (then demo accounts are offered)."""
    return bool(query("data_is_demo")["is_demo"].iloc[0])
