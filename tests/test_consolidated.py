"""The consolidated files the query layer reads: written from the snapshots, the same rows as the
period folders, rewritten when a snapshot changes, and never in the way when they cannot be written."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from bench import same_results
from ccbio import config, data

PERIODS = ("2025-11", "2025-12")


@pytest.fixture
def two_snapshots(tmp_path) -> Path:
    """A data folder holding two of the demo snapshots and the reference tables."""
    source = config.ROOT / "data"
    for folder in ("reference", "geo"):
        shutil.copytree(source / folder, tmp_path / folder)
    for period in PERIODS:
        shutil.copytree(
            source / "snapshots" / f"period={period}", tmp_path / "snapshots" / f"period={period}"
        )
    return tmp_path


def _periods(con) -> list[str]:
    return [r[0] for r in con.execute("select distinct period from projects order by 1").fetchall()]


def test_built_from_the_snapshots_with_the_same_rows(two_snapshots):
    con = data.open_connection(two_snapshots)
    folder = two_snapshots / f"{data.CONSOLIDATED_PREFIX}{data.snapshot_stamp(two_snapshots)}"
    written = (
        *data.SNAPSHOT_TABLES,
        data.STORED_PAIRS,
        *data.DERIVED_TABLES,
        *data.BY_ID,
        *data.CELL_TABLES,
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.parquet" for t in written)
    parquet = data.open_connection(two_snapshots, consolidated=False)
    for table in ("projects_all", "enterprises_all", "project_events_all", "indicators_all"):
        query = f"select * from {table} order by all"
        assert con.execute(query).df().equals(parquet.execute(query).df()), table
    assert _periods(con) == list(PERIODS)


def test_a_new_snapshot_rebuilds_it(two_snapshots):
    assert _periods(data.open_connection(two_snapshots)) == list(PERIODS)
    stamp = data.snapshot_stamp(two_snapshots)
    shutil.copytree(
        two_snapshots / "snapshots" / "period=2025-12",
        two_snapshots / "snapshots" / "period=2026-01",
    )
    assert data.snapshot_stamp(two_snapshots) != stamp
    assert _periods(data.open_connection(two_snapshots)) == [*PERIODS, "2026-01"]


def test_a_replaced_file_rebuilds_it(two_snapshots):
    data.build_consolidated(two_snapshots)
    target = two_snapshots / "snapshots" / "period=2025-12" / "projects.parquet"
    duckdb.execute(
        f"copy (select * from read_parquet('{target}') limit 3) to '{target}.new' (format parquet)"
    )
    Path(f"{target}.new").replace(target)
    con = data.open_connection(two_snapshots)
    n = con.execute("select count(*) from projects where period = '2025-12'").fetchone()[0]
    assert n == 3


def test_an_unbuildable_file_falls_back_to_the_parquet_files(two_snapshots, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only data folder")

    monkeypatch.setattr(data, "build_consolidated", refuse)
    con = data.open_connection(two_snapshots)
    assert _periods(con) == list(PERIODS)
    assert not list(two_snapshots.glob(f"{data.CONSOLIDATED_PREFIX}*"))


def test_old_folders_are_removed_but_the_previous_one(two_snapshots):
    first = data.build_consolidated(two_snapshots)
    target = two_snapshots / "snapshots" / "period=2025-12"
    shutil.copytree(target, two_snapshots / "snapshots" / "period=2026-01")
    second = data.build_consolidated(two_snapshots)
    shutil.copytree(target, two_snapshots / "snapshots" / "period=2026-02")
    third = data.build_consolidated(two_snapshots)
    assert len({first, second, third}) == 3
    left = {p for p in two_snapshots.glob(f"{data.CONSOLIDATED_PREFIX}*") if p.is_dir()}
    assert left == {second, third}  # a server may still read the previous one


def test_a_refresh_that_fails_does_not_fail_the_caller(tmp_path):
    data.refresh_consolidated(tmp_path / "missing")  # logged; the app rebuilds when it next opens


@pytest.mark.slow
def test_every_query_returns_the_same_as_from_the_parquet_files():
    results = same_results.compare(config.ROOT / "data")
    assert len(results) >= len(data.QUERIES)
    assert [r[0] for r in results if not r[1]] == []


def test_the_projects_by_id_are_the_projects_in_id_order(two_snapshots):
    con = data.open_connection(two_snapshots)
    query = "select * from {} order by all"
    assert (
        con.execute(query.format("projects_by_id_all"))
        .df()
        .equals(con.execute(query.format("projects_all")).df())
    )
    folder = data.build_consolidated(two_snapshots)
    in_file = con.execute(
        f"select project_id, period from read_parquet('{folder / 'projects_by_id.parquet'}')"
    ).fetchall()
    assert in_file == sorted(in_file)  # so min/max statistics skip the row groups of other ids
    history = data.open_connection(two_snapshots, consolidated=False)  # the same rows either way
    sql = "select * from projects_by_id where project_id = 'P0035' order by period"
    assert con.execute(sql).df().equals(history.execute(sql).df())
