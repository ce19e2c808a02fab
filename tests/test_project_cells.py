"""The projects counted per cell at consolidation (data.PROJECT_CELLS, issue 15): every query that
now reads the cells returns the same rows as it did reading every project (tests/per_project_sql/
holds those queries as they were), for every snapshot, filter, reader's scope and list limit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bench import same_results
from ccbio import alerts, config, data, rules
from ccbio.auth import scope

PER_PROJECT = Path(__file__).parent / "per_project_sql"
STAGE_AGES = config.QUERIES_DIR / "views" / "stage_ages.sql"
CELL_QUERIES = (
    "pipeline_by_stage",
    "stage_age_summary",
    "stage_stall_counts",
    "stalled_projects",
    "park_summary",
    "sector_summary",
    "sector_park_matrix",
    "available_periods",
    "park_last_new_project",
    "park_firm_flags",
    "park_projects",
)


@pytest.fixture(params=["demo", "tiny"])
def folder(request, tiny_data_dir):
    return config.ROOT / "data" if request.param == "demo" else tiny_data_dir


def _per_project_connection(folder: Path):
    """A connection whose stage macros count projects row by row, as before the cells."""
    con = data.open_connection(folder)
    con.execute((PER_PROJECT / "stage_ages_macros.sql").read_text(encoding="utf-8"))
    return con


def _run(con, sql: str, reader: scope.Scope, params: dict) -> pd.DataFrame:
    cursor = con.cursor()
    scope.apply(cursor, reader)
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()} or None
    return cursor.execute(sql, values).df()


def _cases(con, name: str) -> list[dict]:
    periods = [
        r[0] for r in con.execute("select distinct period from projects order by 1").fetchall()
    ]
    parks = [r[0] for r in con.execute("select park_id from parks order by 1").fetchall()]
    sectors = [r[0] for r in con.execute("select sector_id from sectors order by 1").fetchall()]
    if name == "available_periods":
        return [{}]
    limits = alerts.stall_limits(rules.current())
    spec = data.QUERIES[name].checks
    out = []
    if name == "park_last_new_project":  # every snapshot: its windows start and end anywhere
        return [{"period": p} for p in periods]
    for period in periods[-3:] + periods[:1]:
        filters = [{"parks": (), "sectors": ()}, {"parks": tuple(parks[:2]), "sectors": ()}]
        filters.append({"parks": (), "sectors": tuple(sectors[:1])})
        for f in filters:
            args = {"period": period, **{k: v for k, v in f.items() if k in spec}}
            if "park_id" in spec:  # one park at a time: every park, and one with no firms
                for p in [*parks, "no_such_park"]:
                    a = {"period": period, "park_id": p}
                    out += [{**a, "limit": n} for n in (1, 3, 40, None)] if "limit" in spec else [a]
                break
            with_rules = [args]
            if (
                "limits" in spec
            ):  # the rules in force, and every stage limit at 0 months (more fire)
                strict = {**limits, "rule_months": [0.0] * len(limits["rule_months"])}
                with_rules = [{**args, **data.check_stall_limits(x)} for x in (limits, strict)]
            for a in with_rules:
                out += (
                    [{**a, "limit": n} for n in (1, 3, 10, 200, None)] if "limit" in spec else [a]
                )
    return out


@pytest.mark.parametrize("name", CELL_QUERIES)
def test_a_query_over_the_cells_returns_what_it_did_over_every_project(folder, name):
    cells, rows = data.open_connection(folder), _per_project_connection(folder)
    before = (PER_PROJECT / f"{name}.sql").read_text(encoding="utf-8")
    stored = [
        t for t in data.CELL_TABLES if t in data.load_sql(name) + STAGE_AGES.read_text("utf-8")
    ]
    assert stored and not any(t in before for t in data.CELL_TABLES)
    compared = 0
    for reader in (scope.CITY, scope.Scope(("jingyue",))):
        for params in _cases(cells, name):
            now = _run(cells, data.load_sql(name), reader, params)
            then = _run(rows, before, reader, params)
            # sums to a relative 1e-9: the cells add the same investments in another order
            assert same_results._same(now, then) == (True, ""), (name, reader, params)
            compared += len(then)
    assert compared > 0  # the queries did return rows to compare


def test_the_stalled_list_is_cut_where_the_full_list_would_be():
    con = data.open_connection(config.ROOT / "data")  # the tiny data has one stalled project
    period = con.execute("select max(period) from projects").fetchone()[0]
    limits = alerts.stall_limits(rules.current())
    limits = data.check_stall_limits({**limits, "rule_months": [0.0] * len(limits["rule_months"])})
    args = {"period": period, "parks": (), "sectors": (), **limits}  # every stage limit at 0 months
    every = _run(con, data.load_sql("stalled_projects"), scope.CITY, {**args, "limit": None})
    assert len(every) > 3
    for n in (1, 2, len(every) // 2, len(every) - 1, len(every), len(every) + 5):
        first = _run(con, data.load_sql("stalled_projects"), scope.CITY, {**args, "limit": n})
        assert same_results._same(first, every.head(n).reset_index(drop=True)) == (True, "")


def test_the_firm_cells_count_every_firm_once(folder):
    con = data.open_connection(folder)
    counted = con.execute(
        "select period, park_id, sum(rows_n)::bigint, sum(output_value_yi) from enterprise_cells "
        "group by all order by all"
    ).df()
    rows = con.execute(
        "select period, park_id, count(*), sum(output_value_yi) from enterprises group by all order by all"
    ).df()
    counted.columns = rows.columns
    assert len(rows) and same_results._same(counted, rows) == (True, "")


def test_the_cells_count_every_project_once(folder):
    con = data.open_connection(folder)
    counted = con.execute(
        "select period, sum(rows_n)::bigint, sum(projects)::bigint from project_cells group by 1 order by 1"
    ).fetchall()
    rows = con.execute(
        "select period, count(*), count(project_id) from projects group by 1 order by 1"
    ).fetchall()
    assert counted == rows and rows


def test_the_cells_are_stored_and_read_without_them_too(folder, tmp_path):
    stored = data.build_consolidated(folder)
    assert (stored / "project_cells.parquet").is_file()
    with_file = data.open_connection(folder)
    without = data.open_connection(folder, consolidated=False)  # the view over the projects
    sql = "select * from project_cells order by all"
    assert same_results._same(with_file.execute(sql).df(), without.execute(sql).df()) == (True, "")


def test_a_park_reader_counts_only_its_parks(folder):
    con = data.open_connection(folder)
    cursor = con.cursor()
    scope.apply(cursor, scope.Scope(("jingyue",)))
    parks = {r[0] for r in cursor.execute("select distinct park_id from project_cells").fetchall()}
    assert parks <= {"jingyue"}
    scope.apply(cursor, scope.NOTHING)
    assert cursor.execute("select count(*) from project_cells").fetchone()[0] == 0


def test_new_projects_count_once_however_their_entry_month_changed(tmp_path):
    """A project whose entered month a later snapshot revises, one first seen a year after it
    entered, and one that moved park: park_last_new_project counts as it did over every row."""
    import duckdb

    folder = tmp_path / "data"
    for period in ("2025-10", "2025-11", "2025-12"):
        src = config.ROOT / "data" / "snapshots" / f"period={period}"
        (folder / "snapshots" / src.name).mkdir(parents=True)
        for f in src.iterdir():
            (folder / "snapshots" / src.name / f.name).write_bytes(f.read_bytes())
    (folder / "reference").mkdir()
    for f in (config.ROOT / "data" / "reference").iterdir():
        (folder / "reference" / f.name).write_bytes(f.read_bytes())
    edits = {  # snapshot: (set clause, which rows)
        "2025-11": (
            "entered_month = '2024-01'",
            "project_id in (select project_id from t limit 40)",
        ),
        "2025-12": (
            "entered_month = '2025-06'",
            "project_id in (select project_id from t limit 20)",
        ),
    }
    for period, (change, rows) in edits.items():
        path = folder / "snapshots" / f"period={period}" / "projects.parquet"
        con = duckdb.connect()
        con.execute(f"create table t as from read_parquet('{path}')")
        con.execute(f"update t set {change} where {rows}")
        con.execute(
            "update t set park_id = 'jingyue' where project_id in "
            "(select project_id from t where park_id <> 'jingyue' limit 5)"
        )
        con.execute(
            "insert into t select * replace ('P9' || project_id as project_id, "
            "'2024-11' as entered_month) from t limit 7"
        )  # seen a year after entering
        con.execute(f"copy t to '{path}' (format parquet)")
    cells, rows = data.open_connection(folder), _per_project_connection(folder)
    before = (PER_PROJECT / "park_last_new_project.sql").read_text(encoding="utf-8")
    for period in ("2025-10", "2025-11", "2025-12"):
        for reader in (scope.CITY, scope.Scope(("jingyue",))):
            now = _run(cells, data.load_sql("park_last_new_project"), reader, {"period": period})
            then = _run(rows, before, reader, {"period": period})
            assert same_results._same(now, then) == (True, ""), (period, reader)
            assert then["new_projects_12m"].sum() > 0
