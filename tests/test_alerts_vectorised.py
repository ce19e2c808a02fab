"""The alert evaluators written column by column (issue 15) give what the row-by-row ones gave.

The old_* functions are the implementations they replaced (ccbio/alerts.py before issue 15's
filter-change work), kept verbatim as the oracle: same rows, order, texts and dtypes on several
periods, rule sets (the file's, stricter, amber only, none firing) and filters.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ccbio import alerts, config, data, rules
from ccbio.alerts import (
    LEVEL_RANK,
    STAGE_NAMES,
    STATUS_COLUMNS,
    _frame,
    both,
    cited,
    rule_names,
    stage_name,
)
from ccbio.formatting import format_pct
from ccbio.rules import ProjectStalled, RuleSet, StageStalledShare


def old_stalled_projects(rows: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per stalled project: project_id, stage, months_in_stage, STATUS_COLUMNS.

    `rows` is data.stalled_projects(period, …, limits=stall_limits(rules)): the rules are
    evaluated in SQL (rule_id set), the rows already ordered most severe and longest first.
    """
    rows = rows[rows["rule_id"].notna()]
    out = []
    for p in rows.to_dict("records"):
        fired = rules.by_id(p["rule_id"])
        months, limit = int(p["months_in_stage"]), fired.months[p["stage"]]
        reason = both(
            "project_stalled",
            name=lambda lang, p=p: p[f"name_{lang}"],
            stage=lambda lang, p=p: stage_name(p["stage"], lang),
            months=months,
            limit=limit,
        )
        reason = cited(reason, fired)
        out.append(
            (p["project_id"], p["stage"], months, fired.level, fired.id, *rule_names(fired))
            + reason
        )
    status = pd.DataFrame(out, columns=["project_id", "stage", "months_in_stage", *STATUS_COLUMNS])
    rank = status["level"].map(LEVEL_RANK)
    order = pd.DataFrame({"r": -rank, "m": -status["months_in_stage"], "p": status["project_id"]})
    return status.loc[order.sort_values(["r", "m", "p"], kind="stable").index].reset_index(
        drop=True
    )


def old_stage_status(counts: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per stage present: stage, projects, stalled, stalled_share, STATUS_COLUMNS.

    `counts` is data.stage_stall_counts(period, …, limits=stall_limits(rules)): stage, rule_id,
    projects. A stage is amber/red when more than the stage_stalled_share rule's share of its
    projects are stalled (by the project_stalled rules).
    """
    share_rules = rules.of(StageStalledShare)
    rows = []
    for stage in [s for s in STAGE_NAMES if s in set(counts["stage"])]:
        part = counts[counts["stage"] == stage]
        total = int(part["projects"].sum())
        stalled = int(part.loc[part["rule_id"].notna(), "projects"].sum())
        share = stalled / total
        fired = next((r for r in share_rules if share > r.share), None)
        reason = both(
            "stage_stalled" if fired else "stage_ok",
            stage=lambda lang, s=stage: stage_name(s, lang),
            total=total,
            stalled=stalled,
            share=format_pct(share, 0),
        )
        if fired is not None:
            reason = cited(reason, fired)
        level, rid = (fired.level, fired.id) if fired else ("green", None)
        rows.append((stage, total, stalled, share, level, rid, *rule_names(fired), *reason))
    return pd.DataFrame(
        rows, columns=["stage", "projects", "stalled", "stalled_share", *STATUS_COLUMNS]
    )


def old_stage_alerts(counts: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per stage whose share of stalled projects passes a rule (ALERT_COLUMNS)."""
    status = old_stage_status(counts, rules)
    rows = []
    for s in status[status["level"] != "green"].to_dict("records"):
        fired = rules.by_id(s["rule_id"])
        figure = both("stage_figure", stage=lambda lang, s=s: stage_name(s["stage"], lang))
        rows.append(
            (fired.level, fired.id, *rule_names(fired), fired.kind, *figure)
            + (s["stalled_share"], fired.share, s["reason_zh"], s["reason_en"])
        )
    return _frame(rows)


def old_project_alerts(rows: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per stalled project in `rows` (data.stalled_projects; ALERT_COLUMNS)."""
    stalled = old_stalled_projects(rows, rules).merge(
        rows[["project_id", "name_zh", "name_en"]], on="project_id"
    )
    out = []
    for s in stalled.to_dict("records"):
        fired = rules.by_id(s["rule_id"])
        figure = both("project_figure", name=lambda lang, s=s: s[f"name_{lang}"])
        out.append(
            (fired.level, fired.id, *rule_names(fired), fired.kind, *figure)
            + (s["months_in_stage"], fired.months[s["stage"]], s["reason_zh"], s["reason_en"])
        )
    return _frame(out)


def old_stalled_counts(counts: pd.DataFrame, rules: RuleSet) -> dict[str, int]:
    """Return level -> number of stalled projects (all of them, not only those listed)."""
    level = {r.id: r.level for r in rules.of(ProjectStalled)}
    fired = counts[counts["rule_id"].notna()]
    return {
        lv: int(fired.loc[fired["rule_id"].map(level) == lv, "projects"].sum())
        for lv in ("red", "amber")
    }


def _months_times(rule_set: RuleSet, factor: float) -> RuleSet:
    """Return the rules with every project_stalled limit scaled (0.5: stricter, 100: none fires)."""
    return RuleSet(
        tuple(
            dataclasses.replace(r, months={s: max(1, int(m * factor)) for s, m in r.months.items()})
            if isinstance(r, ProjectStalled)
            else r
            for r in rule_set
        )
    )


FILE = rules.load()
RULE_SETS = {
    "file": FILE,
    "stricter": _months_times(FILE, 0.5),
    "amber_only": RuleSet(tuple(r for r in FILE if r.level != "red")),
    "none_fires": _months_times(FILE, 100),
}
PERIODS = ("2023-12", "2025-06", "2025-12")


def _selections():
    park = data.park_list()["park_id"].iloc[0]
    sector = data.sector_list()["sector_id"].iloc[-1]
    return {"city": ((), ()), "park": ((park,), ()), "sector": ((), (sector,))}


@pytest.mark.parametrize("rule_set", list(RULE_SETS))
@pytest.mark.parametrize("period", PERIODS)
def test_project_and_stage_alerts_are_the_row_by_row_ones(period, rule_set):
    rs = RULE_SETS[rule_set]
    limits = alerts.stall_limits(rs)
    for parks, sectors in _selections().values():
        rows = data.stalled_projects(
            period, parks, sectors, limits=limits, limit=config.STALLED_SHOWN
        )
        counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
        pd.testing.assert_frame_equal(
            alerts.stalled_projects(rows, rs), old_stalled_projects(rows, rs)
        )
        pd.testing.assert_frame_equal(alerts.project_alerts(rows, rs), old_project_alerts(rows, rs))
        pd.testing.assert_frame_equal(alerts.stage_status(counts, rs), old_stage_status(counts, rs))
        pd.testing.assert_frame_equal(alerts.stage_alerts(counts, rs), old_stage_alerts(counts, rs))
        assert alerts.stalled_counts(counts, rs) == old_stalled_counts(counts, rs)


def test_the_comparison_is_not_empty():
    """The parametrised cases above hold red and amber projects and stages to compare."""
    limits = alerts.stall_limits(FILE)
    rows = data.stalled_projects("2025-06", limits=limits, limit=config.STALLED_SHOWN)
    found = alerts.project_alerts(rows, FILE)
    assert len(found) > 20 and set(found["level"]) == {"red", "amber"}
    counts = data.stage_stall_counts("2023-12", limits=limits)
    assert set(alerts.stage_status(counts, FILE)["level"]) == {"red", "amber", "green"}
    none = RULE_SETS["none_fires"]
    rows = data.stalled_projects("2025-12", limits=alerts.stall_limits(none), limit=None)
    assert alerts.project_alerts(rows, none).empty


def test_hand_made_rows_with_ties_and_no_stalled_project():
    rs = FILE
    red = next(r for r in rs.of(ProjectStalled) if r.level == "red")
    stage = next(iter(red.months))
    rows = pd.DataFrame(
        {
            "project_id": ["P9", "P1", "P5", "P2"],
            "name_zh": ["九", "一", "五", "二"],
            "name_en": ["Nine", "One", "Five", "Two"],
            "stage": [stage] * 4,
            "months_in_stage": [40, 40, 12, 3],
            "rule_id": [red.id, red.id, red.id, None],
        }
    )
    pd.testing.assert_frame_equal(alerts.stalled_projects(rows, rs), old_stalled_projects(rows, rs))
    assert list(alerts.stalled_projects(rows, rs)["project_id"]) == ["P1", "P9", "P5"]
    pd.testing.assert_frame_equal(alerts.project_alerts(rows, rs), old_project_alerts(rows, rs))
    none = rows.assign(rule_id=None)
    pd.testing.assert_frame_equal(alerts.stalled_projects(none, rs), old_stalled_projects(none, rs))
    pd.testing.assert_frame_equal(alerts.project_alerts(none, rs), old_project_alerts(none, rs))
    counts = pd.DataFrame({"stage": [stage, stage], "rule_id": [red.id, None], "projects": [3, 1]})
    pd.testing.assert_frame_equal(alerts.stage_status(counts, rs), old_stage_status(counts, rs))
    assert (
        alerts.stalled_counts(counts, rs)
        == old_stalled_counts(counts, rs)
        == {"red": 3, "amber": 0}
    )
