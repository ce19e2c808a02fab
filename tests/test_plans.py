"""Plans are data: which plan a period belongs to, before, at and after the end (ccbio/plans.py)."""

from __future__ import annotations

import csv
import shutil

import pytest

from ccbio import config, plans
from ccbio.periods import PeriodError
from tests.tiny_data import ROOT

REAL = "cc_biomed_2023_2025"
# A follow-on plan for tests only: no source gives the next plan's targets, so none is invented
# in data/reference; this fixture shows that adding rows is all a new plan needs.
FIXTURE_PLAN = {
    "plan_id": "fixture_next",
    "name_zh": "测试用后续计划",
    "name_en": "Fixture follow-on plan",
    "short_zh": "测试计划",
    "short_en": "Fixture plan",
    "start_month": "2026-04",
    "end_month": "2028-12",
    "baseline_month": "2026-03",
    "source_zh": "测试夹具",
    "source_en": "test fixture",
}


def _reference_with(tmp_path, *extra_plans, extra_targets=()):
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    with open(folder / "plans.csv", "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(FIXTURE_PLAN), lineterminator="\n")
        writer.writerows(extra_plans)
    with open(folder / "targets.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(folder / "targets.csv", "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writerows(extra_targets)
    return folder


def test_the_one_real_plan_is_the_2023_2025_plan():
    (plan,) = plans.load_plans()
    assert (plan.plan_id, plan.start, plan.end, plan.baseline) == (
        REAL,
        "2023-01",
        "2025-12",
        "2022-12",
    )
    assert plan.months == 36
    assert plan.name_zh == "长春市生物医药和生命健康产业三年突破行动计划"


def test_config_constants_agree_with_the_plan_table():
    plan = plans.by_id(REAL)
    assert (
        plan.start,
        plan.end,
        plan.baseline,
        plan.months,
    ) == (config.PLAN_START, config.PLAN_END, config.BASELINE_MONTH, config.PLAN_MONTHS)


def test_the_real_plan_has_the_six_published_targets():
    codes = [r["target_code"] for r in plans.plan_targets(REAL)]
    assert codes == [
        "chain_leaders_new",
        "listed",
        "above_scale",
        "srdi",
        "output_value",
        "enterprises",
    ]


@pytest.mark.parametrize(
    ("period", "phase", "in_force", "assessed", "elapsed"),
    [
        ("2022-06", plans.NONE, None, None, None),
        ("2023-01", plans.IN_FORCE, REAL, None, 1 / 36),
        ("2024-06", plans.IN_FORCE, REAL, None, 18 / 36),
        ("2025-11", plans.IN_FORCE, REAL, None, 35 / 36),
        ("2025-12", plans.AT_END, REAL, REAL, 1.0),
        ("2026-01", plans.ENDED, None, REAL, None),
        ("2026-11", plans.ENDED, None, REAL, None),
    ],
)
def test_period_to_plan_before_at_and_after_the_end(period, phase, in_force, assessed, elapsed):
    pos = plans.plan_for_period(period)
    assert pos.phase == phase
    assert (pos.plan.plan_id if pos.plan else None) == in_force
    assert (pos.assessed.plan_id if pos.assessed else None) == assessed
    assert pos.time_elapsed == (pytest.approx(elapsed) if elapsed is not None else None)


@pytest.mark.parametrize(
    ("period", "phase", "in_force", "assessed"),
    [
        ("2026-03", plans.ENDED, None, REAL),  # the gap between the two plans
        ("2026-04", plans.IN_FORCE, "fixture_next", None),
        ("2028-12", plans.AT_END, "fixture_next", "fixture_next"),
        ("2029-01", plans.ENDED, None, "fixture_next"),
    ],
)
def test_a_follow_on_plan_is_only_rows_in_the_tables(tmp_path, period, phase, in_force, assessed):
    target = {"target_code": "fixture_target", "target_order": "1", "plan_id": "fixture_next"}
    folder = _reference_with(tmp_path, FIXTURE_PLAN, extra_targets=[target])
    table = plans.load_plans(folder)
    assert [p.plan_id for p in table] == [REAL, "fixture_next"]
    pos = plans.plan_for_period(period, table)
    assert pos.phase == phase
    assert (pos.plan.plan_id if pos.plan else None) == in_force
    assert (pos.assessed.plan_id if pos.assessed else None) == assessed
    assert [r["target_code"] for r in plans.plan_targets("fixture_next", folder)] == [
        "fixture_target"
    ]
    assert len(plans.plan_targets(REAL, folder)) == 6  # the old plan's targets are untouched
    assert pos.ended is None or pos.ended.end <= period


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_month": "2025-06", "baseline_month": "2025-05"}, "overlap"),
        ({"end_month": "2026-13"}, "not YYYY-MM"),
        ({"start_month": "2027-01", "end_month": "2026-12"}, "baseline < start <= end"),
        ({"plan_id": REAL}, "duplicate plan id"),
    ],
)
def test_an_inconsistent_plan_table_is_refused_with_a_reason(tmp_path, change, message):
    folder = _reference_with(tmp_path, {**FIXTURE_PLAN, **change})
    with pytest.raises(plans.PlanError, match=message):
        plans.load_plans(folder)


def test_unknown_plan_and_malformed_period_fail_loudly():
    with pytest.raises(plans.PlanError, match="unknown plan"):
        plans.plan_targets("next_plan_nobody_published")
    with pytest.raises(PeriodError):
        plans.plan_for_period("2025-13")


def test_card_period_is_the_plan_end_once_no_plan_is_in_force():
    from ccbio.plans import card_period

    assert card_period("2024-06") == "2024-06"
    assert card_period("2025-12") == "2025-12"
    assert card_period("2026-11") == "2025-12"


def test_card_period_is_a_snapshot_the_data_holds():
    """A data folder without the plan's last month (the 10,000x bench copy holds 2025-11 and
    2026-11 only) gives the last month it holds within the plan, and none the period itself."""
    from ccbio.plans import card_period

    assert card_period("2026-11", known=["2025-11", "2025-12", "2026-11"]) == "2025-12"
    assert card_period("2026-11", known=["2025-11", "2026-11"]) == "2025-11"
    # the 2022-12 baseline is not a month of the plan
    assert card_period("2026-11", known=["2022-12", "2026-11"]) == "2026-11"
    assert card_period("2026-11", known=["2026-11"]) == "2026-11"
    assert card_period("2025-06", known=["2026-11"]) == "2025-06"  # in force: the month chosen
