"""Small hand-built records shared by several test modules (so no test module imports another).

- follow-ups: RULES (the 督办 rules file), MON (a plain Monday), warning_row(), followup_row(), NOW
- drill-down: project_history() and HISTORY, a project's six snapshots written out by hand
- amber_project(): a project of a park amber in the demo data's newest two snapshots
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from ccbio.followups import rules as fu_rules

# ---- follow-ups ------------------------------------------------------------------------------

RULES = fu_rules.load()
MON = dt.date(2026, 12, 7)  # a Monday with no holiday near it


def warning_row(key="project:P0001:project_stalled", level="amber", **kw) -> dict:
    """Return one evaluated warning (warnings.evaluate's row) for a project, with `kw` changed."""
    kind, sid, _ = key.split(":")
    return {
        "warning_key": key,
        "period": "2025-12",
        "subject_kind": kind,
        "subject_id": sid,
        "subject_zh": f"演示项目{sid}",
        "subject_en": f"Demo project {sid}",
        "park_id": "edz",
        "kind": "project_stalled",
        "rule_id": f"project_stalled_{level}",
        "rule_name_zh": "在同一阶段停留较久",
        "rule_name_en": "in one stage long",
        "level": level,
        "value": 40.0,
        "threshold": 36.0,
        "reason_zh": "处于建设阶段已 40 个月，超过 36 个月",
        "reason_en": "40 months under construction, more than 36",
    } | kw


NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def followup_row(**overrides) -> dict:
    """Return one follow-up item as stored (the followups table's row), with `overrides` changed."""
    row = {
        "warning_key": "project:P0001:stall_construction",
        "subject_kind": "project",
        "subject_id": "P0001",
        "subject_zh": "演示项目P0001",
        "subject_en": "Demo project P0001",
        "park_id": "xinqu",
        "rule_id": "stall_construction",
        "rule_name_zh": "在建停滞",
        "rule_name_en": "Stalled in construction",
        "warning_level": "red",
        "base_level": 2,
        "period": "2025-12",
        "value": 14.0,
        "threshold": 12.0,
        "reason_zh": "在建 14 个月，超过 12 个月",
        "reason_en": "14 months under construction, over 12",
        "responsible_unit": "演示单位",
        "opened_on": dt.date(2026, 1, 5),
        "deadline": dt.date(2026, 1, 26),
        "status": "todo",
        "auto": True,
        "created_by": "tester",
        "created_at": NOW,
        "updated_at": NOW,
        "version": 1,
    }
    return row | overrides


# ---- drill-down ------------------------------------------------------------------------------


def project_history(rows) -> pd.DataFrame:
    """Return data.project_history()'s frame for (period, stage, stage_since, investment, start) rows."""
    cols = ["period", "stage", "stage_since", "investment_yi", "construction_start"]
    h = pd.DataFrame(rows, columns=cols)
    return h.assign(
        project_id="P9",
        name_zh="演示项目P9",
        name_en="Demo project P9",
        months_in_stage=[
            (pd.Period(p, "M") - pd.Period(s, "M")).n
            for p, s in zip(h["period"], h["stage_since"], strict=True)
        ],
        previous_investment_yi=h["investment_yi"].shift(1),
        planned_construction_start="2023-03",
        planned_commissioning="2024-01",
        planned_full_capacity="2024-06",
        responsible_unit="测试单位（演示）",
    )


# Entered negotiating 2022-11 (before the first snapshot), construction 2023-05, commissioning
# 2024-02; revised 5.0 -> 6.0 in 2023-06; last seen 2024-04.
HISTORY = project_history(
    [
        ("2023-01", "negotiating", "2022-11", 5.0, None),
        ("2023-04", "negotiating", "2022-11", 5.0, None),
        ("2023-05", "construction", "2023-05", 5.0, "2023-05"),
        ("2023-06", "construction", "2023-05", 6.0, "2023-05"),
        ("2024-02", "commissioning", "2024-02", 6.0, "2023-05"),
        ("2024-04", "commissioning", "2024-02", 6.0, "2023-05"),
    ]
)


@functools.cache  # two test modules ask for it while being collected: work it out once
def amber_project(park: str = "edz") -> str:
    """Return a project of `park` amber in the newest snapshot and the one before (none: any amber)."""
    from ccbio.followups import warnings  # reads the demo data: only when asked

    latest, previous = warnings.latest_two()
    now, before = warnings.evaluate(latest), warnings.evaluate(previous)
    amber = now[
        (now["subject_kind"] == "project") & (now["level"] == "amber") & (now["park_id"] == park)
    ]
    twice = amber[amber["warning_key"].isin(before.loc[before["level"] == "amber", "warning_key"])]
    return (twice if len(twice) else amber)["subject_id"].iloc[0]
