"""Every warning rule kind: fires past its threshold, not before, and says why with the numbers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ccbio import alerts, data, outlook, rules
from tests import oracles
from tests.oracles import stall_counts, stalled_rows

RULES = rules.load()


def _entry(**kw):
    return {"name_zh": "名称", "name_en": "name", "label_zh": "标签", "label_en": "label", **kw}


# ---- the rules file and its model ------------------------------------------------------------------


def test_rules_file_covers_every_kind_with_both_levels():
    kinds = {(r.kind, r.level) for r in RULES}
    assert kinds == {(k, level) for k in rules.KINDS for level in ("red", "amber")}


def test_every_rule_has_a_display_name_in_both_languages_that_is_not_an_identifier():
    names = [(r.name_zh, r.name_en) for r in RULES]
    assert len(set(names)) == len(names)
    for zh, en in names:
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[a-z]+_[a-z]+", zh + en)


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"id": "x", "kind": "nonsense", "level": "red"}, "unknown kind"),
        ({"id": "x", "kind": "goal_behind_pace", "level": "purple", "points": 1}, "level"),
        ({"id": "x", "kind": "goal_behind_pace", "level": "red"}, "missing points"),
        (
            {"id": "x", "kind": "goal_behind_pace", "level": "red", "points": 1, "pts": 2},
            "unknown field",
        ),
        ({"id": "x", "kind": "indicator_yoy_decline", "level": "red", "share": 1.5}, "share"),
        (
            {"id": "x", "kind": "project_stalled", "level": "red", "months": {"moon": 3}},
            "unknown stage",
        ),
        ({"id": "x", "kind": "park_no_new_project", "level": "red", "months": 0}, "months"),
    ],
)
def test_malformed_rules_fail_loudly_naming_the_rule(tmp_path, bad, match):
    path = tmp_path / "rules.toml"
    lines = []
    for k, v in _entry(**bad).items():
        if isinstance(v, dict):
            v = "{ " + ", ".join(f"{a} = {b}" for a, b in v.items()) + " }"
            lines.append(f"{k} = {v}")
        else:
            lines.append(f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}")
    path.write_text("[[rules]]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match=match) as err:
        rules.load(path)
    assert "'x'" in str(err.value)


def test_duplicate_rule_ids_fail():
    entry = _entry(id="x", kind="goal_behind_pace", level="red", points=5)
    with pytest.raises(rules.RuleError, match="duplicate"):
        rules.parse_rules([entry, entry])


def test_the_file_is_read_once_per_edit(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_bytes(rules.RULES_PATH.read_bytes())
    assert rules.current(path) is rules.current(path)
    text = path.read_text(encoding="utf-8").replace("points = 15", "points = 20")
    path.write_text(text, encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    assert rules.current(path).by_id("goal_behind_pace_red").points == 20


def test_evaluators_never_read_the_rules_file(monkeypatch):
    """Rules are passed in: the pure functions work with the file gone."""
    p = "2025-12"
    expected = _every_alert(p, RULES)

    def no_file(*args, **kwargs):
        raise AssertionError("an evaluator read the rules file")

    monkeypatch.setattr(rules, "load", no_file)
    monkeypatch.setattr(rules, "current", no_file)
    pd.testing.assert_frame_equal(_every_alert(p, RULES), expected)


def test_evaluators_follow_the_rules_passed_in():
    lenient = rules.parse_rules(
        [_entry(id="late", kind="goal_behind_pace", level="amber", points=99)]
    )
    goals = _goals(-50.0)
    assert outlook.goal_outlook(goals, _no_series(), lenient)["level"].tolist() == ["green"]
    assert outlook.goal_outlook(goals, _no_series(), RULES)["level"].tolist() == ["red"]


# ---- goal_behind_pace (through the one goal outlook) ----------------------------------------------


def _goals(*gaps):
    return pd.DataFrame(
        {
            "target_code": [f"t{i}" for i in range(len(gaps))],
            "gap_points": gaps,
            "progress": [0.5 + g / 100 for g in gaps],
            "time_elapsed": [0.5] * len(gaps),
            "name_zh": [f"目标{i}" for i in range(len(gaps))],
            "name_en": [f"Target {i}" for i in range(len(gaps))],
            "unit_zh": "户",
            "value": [1.0] * len(gaps),
            "target_value": [10.0] * len(gaps),
        }
    )


def _no_series():
    return pd.DataFrame({"target_code": [], "month": [], "value": []})


def test_goal_outlook_levels_and_reasons_by_pace():
    status = outlook.goal_outlook(_goals(3.0, -5.0, -5.1, -15.0, -15.1), _no_series(), RULES)
    assert status["level"].tolist() == ["green", "green", "amber", "amber", "red"]
    assert status["rule_id"].tolist()[2:] == [
        "goal_behind_pace_amber",
        "goal_behind_pace_amber",
        "goal_behind_pace_red",
    ]
    red = status.iloc[4]
    assert "15.1" in red["reason_zh"] and "目标严重落后时间进度" in red["reason_zh"]
    assert "15.1 pts behind" in red["reason_en"] and "Target far behind" in red["reason_en"]
    for text in (red["reason_zh"], red["reason_en"]):
        assert "goal_behind_pace" not in text  # the display name, never the id
    # the words defined on the goals page: 推进进度 against 时间进度, never 完成进度
    assert "推进进度 34.9%" in red["reason_zh"] and "时间进度 50.0%" in red["reason_zh"]
    assert "完成进度" not in red["reason_zh"]


def test_goal_outlook_on_the_real_data():
    status = outlook.goal_outlook(data.goal_progress("2025-12"), data.goal_series("2025-12"), RULES)
    assert set(status["level"]) <= {"red", "amber", "green"} and len(status) == 6
    assert status.set_index("target_code").loc["listed", "level"] == "red"  # 9 of 10 at the end
    assert status["projected"].isna().all()  # the plan end is reached: nothing to project


def test_goal_projected_short_uses_the_least_squares_trend_of_the_last_12_months():
    # 13 months rising by 1 a month to 50 at 2024-12 -> 62 expected at 2025-12
    months = [f"2023-{m:02d}" for m in range(12, 13)] + [f"2024-{m:02d}" for m in range(1, 13)]
    series = pd.DataFrame({"target_code": "t0", "month": months, "value": range(38, 51)})
    goals = _goals(0.0)
    for target, level in ((62.0, "green"), (65.0, "amber"), (70.0, "red")):  # 0 %, 4.6 %, 11.4 %
        goals["target_value"] = target
        status = outlook.goal_outlook(goals, series.astype({"value": float}), RULES).iloc[0]
        assert status["level"] == level, target
        assert status["projected"] == pytest.approx(62.0)
    assert "62户" in status["reason_zh"] and "11.4%" in status["reason_en"]
    assert status["projection_zh"] in status["reason_zh"]  # the card's sentence, word for word


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
    assert "10.1%" in red["reason_zh"] and "经开区" in red["reason_zh"]
    assert "2025年12月" in red["reason_zh"] and "指标同比大幅下降" in red["reason_zh"]
    assert "down 10.1% year on year" in red["reason_en"] and "Dec 2025" in red["reason_en"]
    assert red["figure_en"] == "EDZ · Pharma industrial output"
    assert red["rule_zh"] == "指标同比大幅下降"


def test_indicator_yoy_decline_on_the_real_data():
    fired = alerts.indicator_alerts(data.indicator_yoy_by_park("2025-12"), RULES)
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
    stalled = alerts.stalled_projects(stalled_rows(ages, RULES), RULES)
    assert stalled["project_id"].tolist() == ["P3", "P2", "P4"]
    assert stalled["level"].tolist() == ["red", "amber", "amber"]
    assert "49 个月" in stalled["reason_zh"].iloc[0] and "超过 48" in stalled["reason_zh"].iloc[0]
    assert "planned for 49 months, more than 48" in stalled["reason_en"].iloc[0]


def test_stage_status_by_share_of_stalled_projects():
    rows = [(f"P{i}", "x", "x", "planned", 40 if i < 4 else 1) for i in range(10)]  # 40 % stalled
    rows += [(f"N{i}", "x", "x", "negotiating", 30 if i < 2 else 1) for i in range(10)]  # 20 %
    rows += [(f"C{i}", "x", "x", "construction", 40 if i < 1 else 1) for i in range(10)]  # 10 %
    status = alerts.stage_status(stall_counts(_ages(rows), RULES), RULES).set_index("stage")
    assert status["level"].to_dict() == {
        "planned": "red",
        "negotiating": "amber",
        "construction": "green",
    }
    assert status.loc["planned", "stalled"] == 4 and "4 of 10" in status.loc["planned", "reason_en"]
    assert "谋划阶段" in status.loc["planned", "reason_zh"]  # stage names from stages.csv


def test_stage_names_come_from_the_reference_table():
    stages = data.stage_list()
    assert dict(alerts.STAGE_NAMES) == {
        s: (zh, en)
        for s, zh, en in zip(stages["stage_id"], stages["name_zh"], stages["name_en"], strict=True)
    }


def test_stage_status_on_the_real_data():
    limits = alerts.stall_limits(RULES)
    status = alerts.stage_status(data.stage_stall_counts("2025-12", limits=limits), RULES)
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
    assert "2025年6月" in fired["reason_zh"].iloc[0] and "6 个月" in fired["reason_zh"].iloc[0]
    assert "Jun 2025" in fired["reason_en"].iloc[0] and "never" in fired["reason_en"].iloc[2]


def test_the_quiet_demo_park_is_flagged():
    fired = alerts.park_alerts(data.park_last_new_project("2025-12"), "2025-12", RULES)
    assert "园区：创投高新产业园" in set(fired.loc[fired["level"] == "red", "figure_zh"])


# ---- all together ---------------------------------------------------------------------------------------


def _every_alert(p, rule_set, stalled_limit=200):
    limits = alerts.stall_limits(rule_set)
    goals = data.goal_progress(p)
    return alerts.monitoring_alerts(
        outlook=outlook.goal_outlook(goals, data.goal_series(p), rule_set),
        goals=goals,
        yoy=data.indicator_yoy_by_park(p),
        stage_counts=data.stage_stall_counts(p, limits=limits),
        stalled=data.stalled_projects(p, limits=limits, limit=stalled_limit),
        park_activity=data.park_last_new_project(p),
        period=p,
        rules=rule_set,
    )


def test_monitoring_alerts_red_first_with_rule_figure_and_numbers():
    out = _every_alert("2025-12", RULES)
    assert list(out.columns) == alerts.ALERT_COLUMNS
    ranks = out["level"].map(rules.LEVEL_RANK).tolist()
    assert ranks == sorted(ranks, reverse=True)
    assert {
        "goal_behind_pace",
        "indicator_yoy_decline",
        "project_stalled",
        "park_no_new_project",
    } <= set(out["kind"])
    for row in out.itertuples():
        assert row.rule_zh in row.reason_zh and row.rule_en in row.reason_en
        assert row.rule_id not in row.reason_zh + row.reason_en
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
    limits = alerts.stall_limits(RULES)
    counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    pd.testing.assert_frame_equal(
        alerts.stage_status(counts, RULES), alerts.stage_status(stall_counts(ages, RULES), RULES)
    )
    rows = data.stalled_projects(period, parks, sectors, limits=limits)
    pd.testing.assert_frame_equal(
        alerts.stalled_projects(rows, RULES),
        alerts.stalled_projects(stalled_rows(ages, RULES), RULES),
    )
    assert sum(alerts.stalled_counts(counts, RULES).values()) == len(rows)
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
    none = RULES.without(rules.ProjectStalled)
    counts = data.stage_stall_counts("2025-12", limits=alerts.stall_limits(none))
    assert counts["rule_id"].isna().all() and counts["projects"].sum() == len(
        oracles.project_stage_ages("2025-12")
    )
    assert data.stalled_projects("2025-12", limits=alerts.stall_limits(none)).empty


def test_alert_counts_count_every_stalled_project_even_when_the_list_is_cut():
    p = "2025-12"
    counts = data.stage_stall_counts(p, limits=alerts.stall_limits(RULES))
    full = _every_alert(p, RULES, stalled_limit=None)
    cut = _every_alert(p, RULES, stalled_limit=3)
    assert (cut["kind"] == "project_stalled").sum() == 3
    expected = {lv: int((full["level"] == lv).sum()) for lv in ("red", "amber")}
    assert alerts.alert_counts(cut, counts, RULES) == alerts.alert_counts(full, counts, RULES)
    assert alerts.alert_counts(full, counts, RULES) == expected


@pytest.mark.parametrize(
    "bad", [{"rule_ids": ["x"]}, {**alerts.stall_limits(RULES), "rule_stages": ["nowhere"] * 8}]
)
def test_malformed_stall_limits_fail_loudly(bad):
    with pytest.raises(ValueError):
        data.stage_stall_counts("2025-12", limits=bad)
