"""The benchmark's own machinery: scaled copies have the promised row multiples, and every
DuckDB-vs-pandas pair returns the same result (on a small copy; no timings are asserted)."""

from __future__ import annotations

import duckdb
import pytest

from bench import pandas_baseline, scale
from bench.measure import query_cases
from ccbio import alerts, data, rules

PERIODS = ["2024-12", "2025-12"]


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """A 3x copy of two snapshots, indicators only 2x."""
    return scale.make_scaled(
        3, tmp_path_factory.mktemp("bench") / "x3", periods=PERIODS, table_n={"indicators": 2}
    )


def _counts(folder, table, where="true"):
    glob = str(folder / "snapshots" / "period=*" / f"{table}.parquet")
    return duckdb.sql(
        f"select period, count(*) from read_parquet('{glob}', hive_partitioning = true) "
        f"where {where} group by period order by period"
    ).fetchall()


@pytest.mark.parametrize(
    ("table", "times"),
    [("enterprises", 3), ("projects", 3), ("project_events", 3), ("indicators", 2)],
)
def test_rows_multiply(scaled, table, times):
    original = [(p, n) for p, n in _counts(scale.config.ROOT / "data", table) if p in PERIODS]
    assert [(p, n * times) for p, n in original] == _counts(scaled, table)


@pytest.mark.parametrize(
    ("table", "key"), [("enterprises", "enterprise_id"), ("projects", "project_id")]
)
def test_new_ids_are_unique_and_stable_across_periods(scaled, table, key):
    glob = str(scaled / "snapshots" / "period=*" / f"{table}.parquet")
    dupes = duckdb.sql(
        f"select count(*) - count(distinct (period, {key})) from read_parquet('{glob}', hive_partitioning = true)"
    ).fetchall()[0][0]
    assert dupes == 0
    kept = duckdb.sql(
        f"select count(*) from (select {key} from read_parquet('{glob}', hive_partitioning = true) "
        f"group by {key} having count(*) = 2)"
    ).fetchall()[0][0]
    assert (
        kept > 0
    )  # replicas keep their id from one snapshot to the next, so stage flows still match


@pytest.mark.parametrize(
    ("table", "flag"), [("enterprises", "is_leading"), ("projects", "is_major")]
)
def test_curated_lists_do_not_grow(scaled, table, flag):
    original = [(p, n) for p, n in _counts(scale.config.ROOT / "data", table, flag) if p in PERIODS]
    assert _counts(scaled, table, flag) == original


@pytest.mark.slow
def test_duckdb_and_pandas_agree(scaled, monkeypatch):
    monkeypatch.setenv("CCBIO_DATA_DIR", str(scaled))
    for name, duck_params, pandas_params in query_cases(PERIODS):
        same, why = pandas_baseline.same_result(
            data.run_query(name, **duck_params),
            pandas_baseline.FUNCTIONS[name](scaled, **pandas_params),
        )
        assert same, f"{name}: {why}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("parks", "sectors"),
    [(("jingyue",), ()), ((), ("biologics", "devices")), (("edz",), ("devices",))],
)
def test_pairs_agree_with_filters(parks, sectors):
    root = scale.config.ROOT / "data"
    p = "2025-12"
    for name, duck, pan in [
        (
            "pipeline_by_stage",
            {"period": p, "parks": parks, "sectors": sectors},
            {"period": p, "parks": parks, "sectors": sectors},
        ),
        (
            "stage_flows",
            {"period_from": "2024-12", "period_to": p, "parks": parks, "sectors": sectors},
            {"period_from": "2024-12", "period_to": p, "parks": parks, "sectors": sectors},
        ),
        ("park_summary", {"period": p, "sectors": sectors}, {"period": p, "sectors": sectors}),
        (
            "sector_summary",
            {"period": p, "parks": parks, "sectors": ()},
            {"period": p, "parks": parks},
        ),
        (
            "indicator_series",
            {"period": p, "parks": parks, "sectors": sectors},
            {"period": p, "parks": parks, "sectors": sectors},
        ),
        (
            "leading_enterprises",
            {"period": p, "parks": parks, "sectors": sectors},
            {"period": p, "parks": parks, "sectors": sectors},
        ),
        (
            "major_projects",
            {"period": p, "parks": parks, "sectors": sectors},
            {"period": p, "parks": parks, "sectors": sectors},
        ),
        (
            "stage_age_summary",
            {"period": p, "parks": parks, "sectors": sectors},
            {"period": p, "parks": parks, "sectors": sectors},
        ),
        (
            "stalled_projects",
            {
                "period": p,
                "parks": parks,
                "sectors": sectors,
                **alerts.stall_limits(rules.current()),
                "limit": 50,
            },
            {"period": p, "parks": parks, "sectors": sectors, "limit": 50},
        ),
    ]:
        same, why = pandas_baseline.same_result(
            data.run_query(name, **duck), pandas_baseline.FUNCTIONS[name](root, **pan)
        )
        assert same, f"{name} {parks} {sectors}: {why}"


def test_same_result_notices_a_difference():
    import pandas as pd

    a = pd.DataFrame({"k": ["x", "y"], "v": [1.0, 2.0]})
    assert pandas_baseline.same_result(a, a.copy()) == (True, "")
    assert not pandas_baseline.same_result(a, a.assign(v=[1.0, 2.1]))[0]
    assert not pandas_baseline.same_result(a, a.iloc[:1])[0]


@pytest.mark.slow
def test_watchdog_keeps_results_and_stops_a_runaway(tmp_path):
    import sys

    from bench.watch import run_watched

    child = "print('RESULT {\"n\": 1}', flush=True); import time; time.sleep(30)"
    results, why = run_watched(
        [sys.executable, "-c", child], tmp_path, item_budget_s=1, rss_cap_mb=10_000
    )
    assert results == [{"n": 1}]
    assert why.startswith("stopped: not done")
    hog = "x = bytearray(300 * 1024 * 1024); import time; time.sleep(30)"
    assert run_watched([sys.executable, "-c", hog], tmp_path, item_budget_s=20, rss_cap_mb=200)[
        1
    ].startswith("stopped: memory")
    assert run_watched([sys.executable, "-c", "print('RESULT 2')"], tmp_path, 5, 1000) == (
        [2],
        None,
    )


def test_a_scaled_copy_is_kept_and_made_anew_when_its_source_changes(tmp_path, monkeypatch):
    import shutil

    from ccbio import config

    source = tmp_path / "source"
    for folder in ("reference", "snapshots/period=2025-11", "snapshots/period=2025-12"):
        shutil.copytree(config.ROOT / "data" / folder, source / folder)
    monkeypatch.setenv("CCBIO_BENCH_CACHE", str(tmp_path / "cache"))
    first, kept = scale.cached_scaled(2, source=source)
    assert (
        not kept and scale.row_counts(first)["projects"] == 2 * scale.row_counts(source)["projects"]
    )
    again, kept = scale.cached_scaled(2, source=source)
    assert kept and again == first
    shutil.rmtree(source / "snapshots" / "period=2025-11")  # the source changed: a new copy
    other, kept = scale.cached_scaled(2, source=source)
    assert not kept and other != first
    assert not list((tmp_path / "cache").glob("building-*"))  # written aside, renamed into place


def test_a_page_s_filter_change_is_the_median_of_three_periods_new_to_its_caches(monkeypatch):
    import statistics

    from bench import measure
    from ccbio.auth import session
    from ccbio.auth.accounts import User

    monkeypatch.setattr(session, "_preset_user", User(0, "demo_admin", "data_admin", (), "demo"))
    periods = data.periods()
    result = measure.measure_page("pages/pipeline.py", periods, 1)
    assert not result["errors"]
    assert len(result["changes"]) == measure.CHANGES == 3
    assert result["change"] == statistics.median(result["changes"])
    # data holding two snapshots (the 10,000x copy): the one earlier period is the one change
    assert len(measure.measure_page("pages/pipeline.py", periods[-2:], 1)["changes"]) == 1
