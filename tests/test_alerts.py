"""Every warning rule kind: fires past its threshold, not before, and says why with the numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import alerts, data
from tests import oracles

RULES = alerts.load_rules()


def _rule(**kw):
    return {"label_zh": "标签", "label_en": "label", **kw}


# ---- the rules file -----------------------------------------------------------------------------


def test_rules_file_covers_every_kind_with_both_levels():
    kinds = {(r["kind"], r["level"]) for r in RULES}
    assert kinds == {(k, level) for k in alerts.KINDS for level in ("red", "amber")}


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"id": "x", "kind": "nonsense", "level": "red"}, "unknown kind"),
        ({"id": "x", "kind": "goal_behind_pace", "level": "purple", "points": 1}, "level"),
        ({"id": "x", "kind": "goal_behind_pace", "level": "red"}, "missing points"),
    ],
)
def test_malformed_rules_fail_loudly(tmp_path, bad, match):
    path = tmp_path / "rules.toml"
    lines = [
        f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in _rule(**bad).items()
    ]
    path.write_text("[[rules]]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(alerts.RuleError, match=match):
        alerts.load_rules(path)


# ---- goal_behind_pace (goals page) --------------------------------------------------------------------


def _goals(*gaps):
    return pd.DataFrame(
        {
            "target_code": [f"t{i}" for i in range(len(gaps))],
            "gap_points": gaps,
            "progress": [0.5 + g / 100 for g in gaps],
            "time_elapsed": [0.5] * len(gaps),
            "name_zh": [f"目标{i}" for i in range(len(gaps))],
            "name_en": [f"Target {i}" for i in range(len(gaps))],
            "value": [1.0] * len(gaps),
            "target_value": [10.0] * len(gaps),
        }
    )


def test_goal_status_keeps_its_columns_and_levels():
    status = alerts.goal_status(_goals(3.0, -5.0, -5.1, -15.0, -15.1), RULES)
    assert list(status.columns) == ["target_code", "level", "rule_id", "reason_zh", "reason_en"]
    assert status["level"].tolist() == ["green", "green", "amber", "amber", "red"]
    assert status["rule_id"].tolist()[2:] == [
        "goal_behind_pace_amber",
        "goal_behind_pace_amber",
        "goal_behind_pace_red",
    ]
    red = status.iloc[4]
    assert "15.1" in red["reason_zh"] and "goal_behind_pace_red" in red["reason_zh"]
    assert "15.1 pts behind" in red["reason_en"] and "goal_behind_pace_red" in red["reason_en"]


def test_goal_status_on_the_real_data():
    status = alerts.goal_status(data.goal_progress("2025-12"))
    assert set(status["level"]) <= {"red", "amber", "green"} and len(status) == 6
    assert (
        status.set_index("target_code").loc["listed", "level"] == "red"
    )  # 9 of 10 at the deadline


def test_goal_projected_short_uses_the_last_12_months():
    # 2024-12: value 50 (was 40 a year earlier) -> +10 a year -> 60 expected at 2025-12
    series = pd.DataFrame(
        {"target_code": "t0", "month": ["2023-12", "2024-12"], "value": [40.0, 50.0]}
    )
    assert alerts.projected_values(series, "2024-12") == {"t0": pytest.approx(60.0)}
    goals = _goals(0.0)
    for target, level in (
        (60.0, "green"),
        (65.0, "amber"),
        (70.0, "red"),
    ):  # short 0 %, 7.7 %, 14.3 %
        goals["target_value"] = target
        status = alerts.goal_status(goals, RULES, series)
        assert status["level"].iloc[0] == level, target
    assert "60.0" in status["reason_zh"].iloc[0] and "14.3%" in status["reason_en"].iloc[0]


# ---- indicator_yoy_decline ----------------------------------------------------------------------------


def _yoy(*changes):
    return pd.DataFrame(
        {
            "scope": "park",
            "scope_zh": "经开区",
            "scope_en": "EDZ",
            "name_zh": "医药工业产值",
            "name_en": "Pharma industrial output",
            "month": "2025-12",
            "value": [100 * (1 + c) for c in changes],
            "value_prev": 100.0,
            "yoy": list(changes),
        }
    )


def test_indicator_yoy_decline_thresholds():
    fired = alerts.indicator_alerts(_yoy(0.05, -0.03, -0.031, -0.10, -0.101, float("nan")), RULES)
    assert fired["level"].tolist() == ["amber", "amber", "red"]
    red = fired.iloc[-1]
    assert (
        "10.1%" in red["reason_zh"]
        and "经开区" in red["reason_zh"]
        and "indicator_yoy_decline_red" in red["reason_zh"]
    )
    assert (
        "down 10.1% year on year" in red["reason_en"]
        and red["figure_en"] == "EDZ · Pharma industrial output"
    )


def test_indicator_yoy_decline_on_the_real_data():
    fired = alerts.indicator_alerts(data.indicator_yoy_by_park("2025-12"))
    assert "九台中古医药产业园 · 医药工业产值" in set(fired["figure_zh"])


# ---- project_stalled / stage_stalled_share (pipeline page) -----------------------------------------------


def _ages(rows):
    return pd.DataFrame(
        rows, columns=["project_id", "name_zh", "name_en", "stage", "months_in_stage"]
    )


def test_project_stalled_per_stage_thresholds():
    ages = _ages(
        [
            ("P1", "甲", "A", "planned", 36),
            ("P2", "乙", "B", "planned", 37),
            ("P3", "丙", "C", "planned", 49),
            ("P4", "丁", "D", "commissioning", 13),
            ("P5", "戊", "E", "full_capacity", 99),
        ]
    )
    status = alerts.project_status(ages, RULES).set_index("project_id")["level"]
    assert status.to_dict() == {
        "P1": "green",
        "P2": "amber",
        "P3": "red",
        "P4": "amber",
        "P5": "green",
    }
    stalled = alerts.stalled_projects(ages, RULES)
    assert stalled["project_id"].tolist() == ["P3", "P2", "P4"]
    assert "49 个月" in stalled["reason_zh"].iloc[0] and "超过 48" in stalled["reason_zh"].iloc[0]
    assert "planned for 49 months, more than 48" in stalled["reason_en"].iloc[0]


def test_stage_status_by_share_of_stalled_projects():
    rows = [(f"P{i}", "x", "x", "planned", 40 if i < 4 else 1) for i in range(10)]  # 40 % stalled
    rows += [(f"N{i}", "x", "x", "negotiating", 30 if i < 2 else 1) for i in range(10)]  # 20 %
    rows += [(f"C{i}", "x", "x", "construction", 40 if i < 1 else 1) for i in range(10)]  # 10 %
    status = alerts.stage_status(_ages(rows), RULES).set_index("stage")
    assert status["level"].to_dict() == {
        "planned": "red",
        "negotiating": "amber",
        "construction": "green",
    }
    assert status.loc["planned", "stalled"] == 4 and "4 of 10" in status.loc["planned", "reason_en"]


def test_stage_status_on_the_real_data():
    status = alerts.stage_status(oracles.project_stage_ages("2025-12"))
    assert status["stage"].tolist() == [
        "planned",
        "negotiating",
        "construction",
        "commissioning",
        "full_capacity",
    ]
    assert status["projects"].sum() == len(oracles.project_stage_ages("2025-12"))


# ---- park_no_new_project ----------------------------------------------------------------------------


def test_park_no_new_project_thresholds():
    activity = pd.DataFrame(
        {
            "park_id": ["a", "b", "c", "d"],
            "name_zh": ["甲园", "乙园", "丙园", "丁园"],
            "name_en": ["A", "B", "C", "D"],
            "last_new_project": ["2025-07", "2025-06", "2024-12", None],
        }
    )
    fired = alerts.park_alerts(activity, "2025-12", RULES)
    assert fired["figure_zh"].tolist() == ["园区：乙园", "园区：丙园", "园区：丁园"]
    assert fired["level"].tolist() == ["amber", "red", "red"]
    assert "2025-06" in fired["reason_zh"].iloc[0] and "6 个月" in fired["reason_zh"].iloc[0]
    assert "never" in fired["reason_en"].iloc[2]


def test_the_quiet_demo_park_is_flagged():
    fired = alerts.park_alerts(data.park_last_new_project("2025-12"), "2025-12")
    assert "园区：创投高新产业园" in set(fired.loc[fired["level"] == "red", "figure_zh"])


# ---- all together ---------------------------------------------------------------------------------------


def test_monitoring_alerts_red_first_with_rule_figure_and_numbers():
    p = "2025-12"
    out = alerts.monitoring_alerts(
        goals=data.goal_progress(p),
        series=data.goal_series(p),
        yoy=data.indicator_yoy_by_park(p),
        stage_counts=data.stage_stall_counts(p, limits=alerts.stall_limits()),
        stalled=data.stalled_projects(p, limits=alerts.stall_limits(), limit=200),
        park_activity=data.park_last_new_project(p),
        period=p,
    )
    assert list(out.columns) == alerts.ALERT_COLUMNS
    ranks = out["level"].map(alerts.LEVEL_RANK).tolist()
    assert ranks == sorted(ranks, reverse=True)
    assert {
        "goal_behind_pace",
        "indicator_yoy_decline",
        "project_stalled",
        "park_no_new_project",
    } <= set(out["kind"])
    for row in out.itertuples():
        assert row.rule_id in row.reason_zh and row.rule_id in row.reason_en
        assert any(ch.isdigit() for ch in row.reason_zh)


# ---- the SQL path (data.stage_stall_counts / data.stalled_projects) against every raw row ----------------


@pytest.mark.parametrize(
    "period, parks, sectors",
    [
        ("2025-12", (), ()),
        ("2024-12", ("edz",), ()),
        ("2023-12", (), ("devices",)),
        ("2024-06", (), ()),
    ],
)
def test_sql_stall_rules_match_the_rules_evaluated_on_every_project(period, parks, sectors):
    ages = oracles.project_stage_ages(period, parks, sectors)
    limits = alerts.stall_limits()
    counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    pd.testing.assert_frame_equal(alerts.stage_status(counts), alerts.stage_status(ages))
    rows = data.stalled_projects(period, parks, sectors, limits=limits)
    pd.testing.assert_frame_equal(alerts.stalled_projects(rows), alerts.stalled_projects(ages))
    assert sum(alerts.stalled_counts(counts).values()) == len(rows)
    top = data.stalled_projects(period, parks, sectors, limits=limits, limit=5)
    assert top["project_id"].tolist() == rows["project_id"].head(5).tolist()
    assert (top["months_in_stage"] > top["months_limit"]).all()


def test_stall_limits_are_parallel_lists_most_severe_first():
    limits = alerts.stall_limits(RULES)
    assert len({len(v) for v in limits.values()}) == 1
    assert (
        limits["rule_ids"][0] == "project_stalled_red"
        and limits["rule_ids"][-1] == "project_stalled_amber"
    )
    assert (
        dict(zip(limits["rule_stages"][:4], limits["rule_months"][:4], strict=True))["planned"]
        == 48
    )


def test_no_stall_rules_means_nothing_stalled():
    rules = [r for r in RULES if r["kind"] != "project_stalled"]
    counts = data.stage_stall_counts("2025-12", limits=alerts.stall_limits(rules))
    assert counts["rule_id"].isna().all() and counts["projects"].sum() == len(
        oracles.project_stage_ages("2025-12")
    )
    assert data.stalled_projects("2025-12", limits=alerts.stall_limits(rules)).empty


def test_alert_counts_count_every_stalled_project_even_when_the_list_is_cut():
    p, limits = "2025-12", alerts.stall_limits()
    counts = data.stage_stall_counts(p, limits=limits)
    kw = dict(
        goals=data.goal_progress(p),
        series=data.goal_series(p),
        yoy=data.indicator_yoy_by_park(p),
        stage_counts=counts,
        park_activity=data.park_last_new_project(p),
        period=p,
    )
    full = alerts.monitoring_alerts(stalled=data.stalled_projects(p, limits=limits), **kw)
    cut = alerts.monitoring_alerts(stalled=data.stalled_projects(p, limits=limits, limit=3), **kw)
    assert (cut["kind"] == "project_stalled").sum() == 3
    expected = {lv: int((full["level"] == lv).sum()) for lv in ("red", "amber")}
    assert alerts.alert_counts(cut, counts) == alerts.alert_counts(full, counts) == expected


@pytest.mark.parametrize(
    "bad", [{"rule_ids": ["x"]}, {**alerts.stall_limits(RULES), "rule_stages": ["nowhere"] * 8}]
)
def test_malformed_stall_limits_fail_loudly(bad):
    with pytest.raises(ValueError):
        data.stage_stall_counts("2025-12", limits=bad)
