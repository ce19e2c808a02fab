"""The final assessment: attainment classes at their edges, the verdict against hand-computed figures,
the plan-end queries against the published 2023 pipeline, and the rules that fired longest."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ccbio import assessment, data, plans, shortfall
from ccbio import assessment_report as ar
from ccbio.formatting import months_phrase
from ccbio.rules import parse_rules
from tests.tiny_data import ROOT

PLAN = plans.by_id("cc_biomed_2023_2025")
CLASSES = assessment.load_classes()


def _attainment(rows):
    """A hand-made plan_attainment result: (code, kind, target, end, baseline, reached)."""
    return pd.DataFrame(
        [
            {
                "target_code": c,
                "target_order": i,
                "name_zh": c,
                "name_en": c,
                "unit_zh": "户",
                "kind": k,
                "target_value": tv,
                "end_value": e,
                "baseline": b,
                "reached_month": r,
            }
            for i, (c, k, tv, e, b, r) in enumerate(rows, start=1)
        ]
    )


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1.2, "met"),
        (1.0, "met"),
        (0.99999, "nearly_met"),
        (0.9, "nearly_met"),
        (9 / 10, "nearly_met"),
        (0.8999, "missed"),
        (0.0, "missed"),
    ],
)
def test_classes_at_the_thresholds_edges(ratio, expected):
    assert assessment.classify(ratio, CLASSES)["id"] == expected


def test_the_classes_come_from_the_config_file_beside_the_warning_rules():
    path = ROOT / "config" / "attainment.toml"
    assert path == assessment.ATTAINMENT_PATH
    assert (ROOT / "config" / "warning_rules.toml").exists()
    assert [(c["id"], c["min_ratio"]) for c in CLASSES] == [
        ("met", 1.0),
        ("nearly_met", 0.9),
        ("missed", 0.0),
    ]
    assert assessment.thresholds_text(CLASSES, "zh") == "达成 ≥ 100%、基本达成 ≥ 90%、未达成 < 90%"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[classes]]\nid = "a"\nmin_ratio = 0.5\n', "missing"),
        (
            '[[classes]]\nid="a"\nmin_ratio=1.0\nlevel="blue"\nlabel_zh="a"\nlabel_en="a"\ncount_zh="{n}"\ncount_en="{n}"\n',
            "bad level",
        ),
        (
            '[[classes]]\nid="a"\nmin_ratio=1.0\nlevel="green"\nlabel_zh="a"\nlabel_en="a"\ncount_zh="{n}"\ncount_en="{n}"\n',
            "min_ratio = 0",
        ),
        ("not toml [", "attainment"),
    ],
)
def test_a_malformed_class_file_is_refused_with_a_reason(tmp_path, text, message):
    path = tmp_path / "attainment.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(assessment.AttainmentConfigError, match=message):
        assessment.load_classes(path)


def test_verdict_against_hand_computed_attainment_on_a_small_fixture():
    att = _attainment(
        [
            ("a", "new_since_start", 10, 12, 0, "2025-03"),  # 120 % met
            ("b", "city_total", 100, 100, 80, "2025-12"),  # 100 % met, on the last month
            ("c", "city_total", 100, 95, 80, None),  # 95 % nearly met
            ("d", "city_total", 10, 9, 7, "2026-04"),  # 90 % nearly met, reached after the plan
            ("e", "city_total", 1000, 850, 600, None),  # 85 % missed
        ]
    )
    table = assessment.attainment_table(att, PLAN, CLASSES)
    assert table["class_id"].tolist() == ["met", "met", "nearly_met", "nearly_met", "missed"]
    assert table["reached_in_plan"].tolist() == [True, True, False, False, False]
    assert assessment.verdict(table, CLASSES, PLAN, True, "zh") == (
        "计划期末（2025年12月）：5项目标达成 2 项、基本达成 2 项、未达成 1 项"
    )
    assert assessment.verdict(table, CLASSES, PLAN, True, "en") == (
        "End of the plan (Dec 2025): of 5 targets, 2 met, 2 nearly met, 1 missed"
    )
    # growth over 3 years: (850/600)^(1/3) - 1 achieved against (1000/600)^(1/3) - 1 needed
    e = table.set_index("target_code")
    assert e.loc["e", "growth_achieved"] == pytest.approx((850 / 600) ** (1 / 3) - 1)
    assert e.loc["e", "growth_needed"] == pytest.approx((1000 / 600) ** (1 / 3) - 1)
    assert e.loc["a", "growth_kind"] == "per_year"
    assert e.loc["a", "growth_achieved"] == pytest.approx(4.0)
    assert e.loc["a", "growth_needed"] == pytest.approx(10 / 3)


def _hand_figures(snapshot: str, month: str) -> dict:
    """Each target's figure at `month` straight from the Parquet file (not through the SQL)."""
    ind = pd.read_parquet(ROOT / "data" / "snapshots" / f"period={snapshot}" / "indicators.parquet")
    defs = pd.read_csv(ROOT / "data" / "reference" / "indicators.csv")
    ind = ind.merge(defs[["indicator_code", "target_code", "kind"]], on="indicator_code")
    y, m = int(month[:4]), int(month[5:])
    months = [
        f"{(y * 12 + m - 1 - k) // 12:04d}-{(y * 12 + m - 1 - k) % 12 + 1:02d}" for k in range(12)
    ]
    money = ind[(ind["kind"] == "money") & ind["month"].isin(months)]
    counts = ind[(ind["kind"] == "count") & (ind["month"] == month)]
    out = counts.groupby("target_code")["value"].sum().to_dict()
    out["output_value"] = money["value"].sum()
    return out


@pytest.mark.parametrize("snapshot", ["2025-12", "2026-11"])
def test_end_values_and_verdict_match_the_snapshot_by_hand(snapshot):
    figures = _hand_figures(snapshot, "2025-12")
    targets = pd.read_csv(ROOT / "data" / "reference" / "targets.csv").set_index("target_code")
    ratios = {c: figures.get(c, 0) / targets.loc[c, "target_value"] for c in targets.index}
    expected = {
        "met": sum(r >= 1 for r in ratios.values()),
        "nearly_met": sum(0.9 <= round(r, 9) < 1 for r in ratios.values()),
        "missed": sum(r < 0.9 for r in ratios.values()),
    }
    rep = ar.report(snapshot)
    got = rep.table.set_index("target_code")
    for code, value in figures.items():
        assert got.loc[code, "end_value"] == pytest.approx(value)
    assert assessment.verdict_counts(rep.table, CLASSES) == expected
    assert ar.verdict_text(rep, "zh") == (
        f"计划期末（2025年12月）：6项目标达成 {expected['met']} 项、"
        f"基本达成 {expected['nearly_met']} 项、未达成 {expected['missed']} 项"
    )


def test_the_published_cohort_is_followed_to_the_plan_end():
    cohort = data.pipeline_cohort("2023-12", "2025-12")
    by_stage = cohort.groupby("from_stage")["projects"].sum().to_dict()
    assert by_stage == {
        "planned": 329,
        "negotiating": 116,
        "construction": 63,
        "commissioning": 22,
        "full_capacity": 11,
    }
    assert cohort["projects"].sum() == 541
    assert set(cohort["outcome"]) <= {"moved_up", "stayed", "left", "moved_back"}
    assert not cohort.duplicated(["from_stage", "to_state"]).any()
    summary = assessment.cohort_summary(cohort, data.stage_list())
    parts = summary[["moved_up", "stayed", "completed", "terminated", "left_other"]].sum(axis=1)
    assert (parts == summary["projects"]).all()
    # every project that left between the two snapshots has its event in the months between
    assert (
        cohort.loc[cohort["outcome"] == "left", "to_state"].isin(["completed", "terminated"]).all()
    )


def test_growth_by_park_and_by_sector_adds_up_to_the_city_change():
    rep = ar.report("2026-11")
    city = rep.table.set_index("target_code")
    for dim in ("park", "sector"):
        rows = rep.growth[rep.growth["dimension"] == dim]
        assert not rows.duplicated(["member_id", "target_code"]).any()
        change = rows.groupby("target_code")["change"].sum()
        for code, value in change.items():
            assert value == pytest.approx(city.loc[code, "end_value"] - city.loc[code, "baseline"])


def test_after_the_plan_the_report_reads_the_plans_last_month():
    rep = ar.report("2026-11")
    assert (rep.month, rep.snapshot, rep.ended) == ("2025-12", "2026-11", True)
    assert "当前无在执行的计划" in ar.plan_note(rep, "zh")
    during = ar.report("2024-06")
    assert (during.month, during.ended) == ("2024-06", False)
    assert ar.verdict_text(during, "zh").startswith("计划尚未结束")


def test_how_popovers_name_the_snapshot_month_and_query_file():
    rep = ar.report("2026-11")
    for section, query in ar.QUERIES.items():
        lines = ar.how_lines(rep, section, "zh")
        assert f"queries/{query}.sql" in lines[-1]
        assert (ROOT / "queries" / f"{query}.sql").exists()
    assert "2026年11月快照" in ar.how_lines(rep, "targets", "zh")[1]
    assert "2025年12月快照" in ar.how_lines(rep, "cohort", "zh")[1]


def test_the_rule_that_fired_longest_is_found_and_worded():
    plan = PLAN
    history = pd.DataFrame(
        [
            # target x: 10 -> 20 in 36 months, stuck at 10 for the first half (behind pace)
            {
                "target_code": "x",
                "target_order": 1,
                "kind": "city_total",
                "target_value": 20,
                "month": m,
                "value": 10 if i < 18 else 10 + (i - 17) * 10 / 19,
                "baseline": 10,
            }
            for i, m in enumerate(pd.period_range("2023-01", "2025-12", freq="M").strftime("%Y-%m"))
        ]
    )
    rules = parse_rules(
        [
            {
                "id": "r_red",
                "kind": "goal_behind_pace",
                "level": "red",
                "points": 30,
                "name_zh": "严重落后",
                "name_en": "far behind",
                "label_zh": "落后超过30点",
                "label_en": "30 pts behind",
            },
            {
                "id": "r_amber",
                "kind": "goal_behind_pace",
                "level": "amber",
                "points": 10,
                "name_zh": "落后",
                "name_en": "behind",
                "label_zh": "落后超过10点",
                "label_en": "10 pts behind",
            },
        ]
    )
    goals = shortfall.monthly_goals(history, plan, "2025-12")
    fired = shortfall.fired_by_month(goals, plan, rules)
    longest = shortfall.longest_rules(fired, rules)
    gap = goals.set_index("month")["gap_points"]
    assert longest.set_index("rule_id")["months"].to_dict() == {
        "r_red": int((gap < -30).sum()),
        "r_amber": int(((gap < -10) & (gap >= -30)).sum()),
    }
    top = longest.iloc[0]
    sentence = shortfall.shortfall_sentence(top, {"name_zh": "指标X", "name_en": "X"}, "zh")
    assert sentence.startswith("指标X：预警“严重落后（落后超过30点）”")
    assert f"共 {int(top['months'])} 个月" in sentence
    assert "r_red" not in sentence and "r_amber" not in sentence  # no rule id on screen


def test_a_rule_that_fired_one_month_reads_1_month_not_1_months():
    row = {
        "label_zh": "落后",
        "label_en": "behind",
        "months": 1,
        "first": "2025-12",
        "last": "2025-12",
    }
    en = shortfall.shortfall_sentence(row, {"name_zh": "指标X", "name_en": "X"}, "en")
    assert "fired longest, 1 month (Dec 2025" in en
    zh = shortfall.shortfall_sentence(
        {**row, "months": 21}, {"name_zh": "指标X", "name_en": "X"}, "zh"
    )
    assert "共 21 个月（" in zh
    assert months_phrase(2, "en") == "2 months"
    rep = ar.report("2026-11")  # the demo data: 'Target projected short' fired one month
    text = " ".join(ar.short_sentences(rep, "en"))
    assert re.search(r"(?<!\d)1 month(?!s)", text) and not re.search(r"(?<!\d)1 months", text)


def test_a_data_folder_without_the_plan_months_still_assesses_and_says_what_is_missing(
    tmp_path, monkeypatch
):
    import shutil

    shutil.copytree(ROOT / "data" / "reference", tmp_path / "reference")
    shutil.copytree(
        ROOT / "data" / "snapshots" / "period=2026-11", tmp_path / "snapshots" / "period=2026-11"
    )
    monkeypatch.setenv("CCBIO_DATA_DIR", str(tmp_path))
    rep = ar.report("2026-11")
    assert ar.verdict_text(rep, "zh").startswith("计划期末（2025年12月）")
    assert rep.cohort.empty and rep.state_period == "2026-11"
    assert ar.cohort_sentences(rep, "zh") == [
        "数据中没有2023年12月或计划期末的快照，无法追踪项目去向。"
    ]
    assert ar.short_sentences(rep, "zh") == ["数据中没有计划期内的月度快照，无法回溯各月预警。"]


def _cohort_summary_row_by_row(cohort, stages):
    """The summary as first written, a mask per stage and count: the oracle for the grouped one."""
    rows = []
    for stage in stages.itertuples(index=False):
        part = cohort[cohort["from_stage"] == stage.stage_id]

        def count(mask, part=part) -> int:
            return int(part.loc[mask, "projects"].sum())

        rows.append(
            {
                "stage": stage.stage_id,
                "name_zh": stage.name_zh,
                "name_en": stage.name_en,
                "projects": count(part["projects"] > 0),
                "moved_up": count(part["outcome"] == "moved_up"),
                "stayed": count(part["outcome"] == "stayed"),
                "completed": count(part["to_state"] == "completed"),
                "terminated": count(part["to_state"] == "terminated"),
                "left_other": count((part["outcome"] == "left") & (part["to_state"] == "left")),
                "investment_yi": float(part["investment_yi"].sum()),
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("end", ["2024-06", "2025-12", "2026-11"])
def test_the_cohort_summary_is_the_row_by_row_one(end):
    cohort, stages = data.pipeline_cohort("2023-12", end), data.stage_list()
    got = assessment.cohort_summary(cohort, stages)
    pd.testing.assert_frame_equal(
        got, _cohort_summary_row_by_row(cohort, stages), check_dtype=False
    )
    assert got["projects"].sum() == cohort["projects"].sum() > 0
    empty = cohort.iloc[0:0]
    pd.testing.assert_frame_equal(
        assessment.cohort_summary(empty, stages),
        _cohort_summary_row_by_row(empty, stages),
        check_dtype=False,
    )
