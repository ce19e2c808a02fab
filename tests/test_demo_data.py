"""The committed demo data is realistic and honest: histories move forward, figures agree."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import config, data
from ccbio.auth import scope
from ccbio.periods import add_months


def _sql(sql: str, **params) -> pd.DataFrame:
    cursor = data.connection().cursor()
    scope.apply(cursor, scope.CITY)  # a fresh cursor reads nothing until given a scope (issue 14)
    try:
        return cursor.execute(sql, params or None).df()
    finally:
        cursor.close()


@pytest.fixture(scope="module")
def projects():
    return _sql(
        "select period, project_id, stage, build_type, stage_since, investment_yi from projects"
    )


def test_snapshots_cover_the_whole_plan_and_the_months_after_it():
    periods = data.run_query("available_periods")["period"].tolist()
    assert periods[0] == "2023-01"
    assert periods[-1] == "2026-11"  # monitoring goes on after the plan, to the last full month
    assert len(periods) == 47 and "2025-12" in periods


def test_ids_unique_and_values_allowed(projects):
    assert not projects.duplicated(["period", "project_id"]).any()
    assert set(projects["stage"]) == set(config.STAGES)
    built = projects["stage"].isin(["construction", "commissioning", "full_capacity"])
    assert projects.loc[built, "build_type"].isin(config.BUILD_TYPES).all()
    assert projects.loc[~built, "build_type"].isna().all()
    assert (projects["investment_yi"] > 0).all()
    firms = _sql("select period, enterprise_id from enterprises")
    assert not firms.duplicated().any()


def test_no_project_moves_backwards(projects):
    order = {s: i for i, s in enumerate(config.STAGES)}
    p = projects.assign(order=projects["stage"].map(order)).sort_values(["project_id", "period"])
    p["prev"] = p.groupby("project_id")["order"].shift()
    assert (p["order"] >= p["prev"]).where(p["prev"].notna(), True).all()


def test_every_project_that_leaves_has_a_recorded_reason(projects):
    periods = sorted(projects["period"].unique())
    events = _sql("select period, project_id, event, reason_zh from project_events")
    exits = events[events["event"].isin(["terminated", "completed"])]
    assert exits["reason_zh"].notna().all()
    for before, after in zip(periods, periods[1:], strict=False):
        left = set(projects.loc[projects.period == before, "project_id"]) - set(
            projects.loc[projects.period == after, "project_id"]
        )
        recorded = set(exits.loc[exits.period == after, "project_id"])
        assert left == recorded, f"{before}->{after}: left without a reason: {left - recorded}"


def test_stage_since_is_consistent_with_history(projects):
    assert (projects["stage_since"] <= projects["period"]).all()


def test_pipeline_moves_every_month():
    flows = data.run_query(
        "stage_flows", period_from="2024-05", period_to="2024-06", parks=[], sectors=[]
    )
    moved = flows[
        flows["from_stage"].notna()
        & flows["to_stage"].notna()
        & (flows["from_stage"] != flows["to_stage"])
    ]
    assert moved["projects"].sum() > 0
    assert flows.loc[flows["from_stage"].isna(), "projects"].sum() > 0  # new projects keep arriving


def test_indicator_counts_agree_with_the_enterprise_table():
    counts = _sql("""
        select period, count(*) as enterprises, count(*) filter (where is_listed) as listed,
               count(*) filter (where is_above_scale) as above_scale, count(*) filter (where is_srdi) as srdi,
               count(*) filter (where is_chain_leader_new) as chain_leaders_new
        from enterprises group by period order by period""").set_index("period")
    kpis = _sql("select period, target_code, value from target_values where month = period")
    kpis = kpis.pivot(index="period", columns="target_code", values="value").fillna(
        0
    )  # zero rows are left out
    for code in ["enterprises", "listed", "above_scale", "srdi", "chain_leaders_new"]:
        assert (kpis.loc[counts.index, code] == counts[code]).all(), code


def test_kpis_grow_towards_the_targets_with_some_ahead_and_some_behind():
    start = data.run_query(
        "goal_progress",
        period="2023-01",
        baseline_month=config.BASELINE_MONTH,
        plan_start=config.PLAN_START,
        plan_months=config.PLAN_MONTHS,
    ).set_index("target_code")
    end = data.run_query(
        "goal_progress",
        period="2025-12",
        baseline_month=config.BASELINE_MONTH,
        plan_start=config.PLAN_START,
        plan_months=config.PLAN_MONTHS,
    ).set_index("target_code")
    assert (end["value"] > start["value"]).all()
    assert (end["value"] > end["baseline"]).all()
    assert (end["gap_points"] > 0).any() and (end["gap_points"] < -5).any()
    mid = data.run_query(
        "goal_progress",
        period="2024-06",
        baseline_month=config.BASELINE_MONTH,
        plan_start=config.PLAN_START,
        plan_months=config.PLAN_MONTHS,
    )
    assert (mid["gap_points"] > 5).any() and (mid["gap_points"] < -5).any()


def test_latest_month_is_preliminary_and_revised_next_month():
    older, newer = "2024-05", "2024-06"
    revised = _sql(
        """
        select count(*) as n from indicators a join indicators b using (month, park_id, sector_id, indicator_code)
        where a.period = $older and b.period = $newer and a.month = $older and a.value <> b.value""",
        older=older,
        newer=newer,
    )["n"].item()
    assert revised > 0
    prelim = _sql(
        "select distinct month from indicators where period = $p and is_preliminary", p=newer
    )
    assert prelim["month"].tolist() == [newer]


def test_year_on_year_exists_from_the_first_snapshot():
    series = data.run_query("indicator_series", period="2023-01", parks=[], sectors=[])
    first = series[
        (series.month == "2023-01") & (series.indicator_code == "pharma_industrial_output")
    ]
    assert first["yoy"].notna().all()
    assert add_months("2023-01", -12) == series["month"].min()
