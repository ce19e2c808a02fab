"""The generated responsible units, planned milestones and investment revisions (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import data
from ccbio.auth import scope

PLAN_COLUMNS = [
    "responsible_unit",
    "planned_construction_start",
    "planned_commissioning",
    "planned_full_capacity",
]


@pytest.fixture(scope="module")
def projects() -> pd.DataFrame:
    cursor = data.connection().cursor()
    scope.apply(cursor, scope.CITY)  # a fresh cursor reads no rows until it is given a scope
    try:
        rows = cursor.execute(
            "select period, project_id, stage, stage_since, construction_start, investment_yi, "
            + ", ".join(PLAN_COLUMNS)
            + " from projects"
        ).df()
    finally:
        cursor.close()
    assert len(rows) > 10_000  # every project of every snapshot, not an empty frame
    return rows


def test_every_project_has_a_demo_unit_and_three_planned_months(projects):
    assert projects[PLAN_COLUMNS].notna().all().all()
    assert projects["responsible_unit"].str.endswith("（演示）").all()
    for column in PLAN_COLUMNS[1:]:
        assert projects[column].str.fullmatch(r"20\d\d-(0[1-9]|1[0-2])").all()


def test_planned_milestones_come_in_order(projects):
    p = projects
    assert (p["planned_construction_start"] < p["planned_commissioning"]).all()
    assert (p["planned_commissioning"] < p["planned_full_capacity"]).all()


def test_plan_columns_do_not_change_between_snapshots(projects):
    per_project = projects.groupby("project_id")[PLAN_COLUMNS].nunique()
    assert (per_project == 1).all().all()


def test_actual_start_is_near_the_planned_one(projects):
    # milestones are planned from what was known at the plan's end (2025-12): a start by then was
    # planned close to when it happened; one after it was planned ahead and may slip further
    started = projects.dropna(subset=["construction_start"]).drop_duplicates("project_id")
    started = started[started["construction_start"] <= "2025-12"]
    assert len(started) > 50

    def months(column: str) -> pd.Series:
        return pd.Series(pd.PeriodIndex(started[column], freq="M").asi8)

    slip = months("construction_start") - months("planned_construction_start")
    assert slip.between(-1, 9).all() and slip.mean() > 0  # mostly late, never far early


def test_revisions_fall_after_the_published_month_only(projects):
    amounts = projects.groupby("project_id")["investment_yi"].nunique()
    revised = amounts[amounts > 1].index
    assert 0.05 < len(revised) / len(amounts) < 0.2
    early = projects[projects["period"] <= "2023-12"].groupby("project_id")["investment_yi"]
    assert (early.nunique() == 1).all()
