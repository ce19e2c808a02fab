"""AppTest for pages/goals.py: one card per target with the data's figures, status and definition."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd
import pytest

from ccbio import data, export, filters, goals_view, outlook, rules, sparkline
from ccbio.formatting import format_count, format_month, format_pct, format_yi
from tests.page_helpers import markdown_text, metrics, open_page, warnings


def expected_value(goal, lang="zh"):
    if goal["unit_zh"] == "亿元":
        return format_yi(goal["value"], lang, digits=1)
    return format_count(goal["value"], lang, "firms")


@pytest.mark.parametrize("period", ["2023-12", "2025-06"])
def test_cards_match_goal_progress(period):
    at = open_page("goals", period=period)
    goals = data.goal_progress(period).to_dict("records")
    values = [v for _, v in metrics(at)]
    assert sorted(values) == sorted(expected_value(g) for g in goals)
    text = markdown_text(at)
    for g in goals:
        assert goals_view.pace_gap(g["gap_points"], "zh") in text
        for ratio in ("completion", "progress", "time_elapsed"):
            assert f"<strong>{format_pct(g[ratio])}</strong>" in text


def test_status_badges_follow_the_warning_rules():
    at = open_page("goals", period="2024-06")
    status = outlook.goal_outlook(
        data.goal_progress("2024-06"), data.goal_series("2024-06"), rules.current()
    )
    words = {"red": "红灯", "amber": "黄灯", "green": "绿灯"}
    text = markdown_text(at)
    for level, n in status["level"].value_counts().items():
        assert text.count(f"-badge[{words[level]}]") == n
    for level, reason in zip(status["level"], status["reason_zh"], strict=True):
        assert (reason if level != "green" else "未触发预警规则") in text


def test_definition_and_projection_are_shown():
    at = open_page("goals", period="2024-06")
    text = markdown_text(at)
    targets = data.target_list()
    for definition in targets["definition_zh"]:
        assert definition in text
    assert "「长春生物医药和生命健康产业跑出“加速度”」" in text and "长春发布" in text
    assert "seed" not in text
    # one projection sentence per card, plus the one the red 专精特新 reason quotes word for word
    assert text.count("按近12个月趋势，预计2025年12月") == 7
    assert "演示数据" in text


def cards(at) -> dict:
    """Return {target_code: [child, ...]} for every goal card block, children in page order."""
    found, todo = {}, [at.main]
    while todo:
        node = todo.pop()
        kids = list((getattr(node, "children", None) or {}).values())
        todo += kids
        block_id = getattr(getattr(node, "proto", None), "id", "")
        if "goal_card_" in block_id:
            found[block_id.rpartition("goal_card_")[2]] = kids
    return found


def test_each_card_gets_its_own_sparkline_and_projection_below_its_figures():
    at = open_page("goals", period="2024-06")
    goals = data.goal_progress("2024-06").set_index("target_code")
    found = cards(at)
    assert sorted(found) == sorted(goals.index)
    for code, kids in found.items():
        assert [getattr(k, "type", None) for k in kids] == [
            "flex_container",
            "metric",
            "markdown",  # the three ratios and the pace gap, one element
            "caption",
            "markdown",  # the sparkline
            "caption",  # its projection sentence
            "popover",
        ]
        svg = ET.fromstring(kids[4].value).find("svg")
        # its dotted target rule is drawn where its value axis puts this target
        ticks = [
            (float(t.text.replace(",", "")), float(t.get("y")) - sparkline.FONT * 0.35)
            for t in value_labels(svg)
        ]
        target = svg.find("line[@class='goal-sparkline-target']")
        (v0, y0), (v1, y1) = ticks[0], ticks[-1]
        at_target = y0 + (goals.loc[code, "target_value"] - v0) * (y1 - y0) / (v1 - v0)
        assert abs(float(target.get("y1")) - at_target) < 0.2
        assert "预计2025年12月" in kids[5].value


def value_labels(svg):
    """Return the value axis' labels (right-aligned text left of the plot) of a sparkline."""
    return [t for t in svg.findall("text") if t.get("text-anchor") == "end" and t.text[0].isdigit()]


def test_english_and_period_change():
    at = open_page("goals", period="2024-06", lang="en")
    assert "Goals: the 2025 targets (双十双百双千)" in at.title[0].value
    before = [v for _, v in metrics(at)]
    at.selectbox(key="f_period").set_value("2025-12").run()
    after = [v for _, v in metrics(at)]
    assert before != after
    assert "Dec 2025" in markdown_text(at)
    assert at.query_params["period"] == "2025-12"


def test_bad_language_in_url_falls_back_to_chinese():
    at = open_page("goals", lang="<script>alert(1)</script>")
    assert any("lang" in w for w in warnings(at))
    assert at.radio(key="f_lang").value == "zh"
    assert "目标进度" in at.title[0].value


def test_header_says_how_old_the_newest_snapshot_is():
    at = open_page("goals", period="2024-06")
    stale = filters.staleness(data.latest_period(), date.today())
    shown = [w for w in warnings(at) if "数据未及时更新" in w]
    if stale is None:
        assert shown == []
    else:
        assert shown == [
            f"数据未及时更新：最新快照为{format_month(data.latest_period())}，距最近一个完整月份"
            f"（{format_month(stale[0])}）已 {stale[1]} 个月。"
        ]


@pytest.mark.parametrize(
    "latest, today, expected",
    [
        ("2025-12", date(2026, 12, 1), ("2026-11", 11)),
        ("2025-12", date(2026, 1, 31), None),  # December is the last complete month
        ("2025-12", date(2026, 2, 1), ("2026-01", 1)),
        ("2026-11", date(2026, 12, 15), None),
    ],
)
def test_staleness_counts_months_behind_the_last_complete_month(latest, today, expected):
    assert filters.staleness(latest, today) == expected


def test_glossary_defines_each_progress_word_once_and_explains_over_100_percent():
    at = open_page("goals", period="2025-12")
    text = markdown_text(at)
    for term in ("目标完成率", "推进进度", "时间进度"):
        assert text.count(f"**{term}**：{term} =") == 1
    assert "超过100%" in text
    assert "完成进度" not in text  # the old synonym of 推进进度


def test_goals_table_downloads_as_xlsx_with_chinese_headers():
    at = open_page("goals", period="2024-06")
    assert at.get("download_button")  # the page offers it
    table = goals_view.goals_table(
        data.goal_progress("2024-06"), data.goal_series("2024-06"), rules.current()
    )
    book = pd.read_excel(io.BytesIO(export.to_xlsx_bytes(table, "目标进度", ["说明"])), None)
    sheet = book["目标进度"]
    assert list(sheet.columns)[:3] == ["分组", "目标", "当前值"]
    assert "推进进度（%）" in sheet.columns and "触发规则" in sheet.columns
    srdi = sheet[sheet["目标"] == "“专精特新”企业"].iloc[0]
    assert srdi["预警"] == "红灯" and srdi["触发规则"] == "目标预计明显完不成"
    assert not any("_" in str(v) for v in sheet.to_numpy().ravel())  # no rule ids


def test_after_the_plan_the_cards_show_its_final_state_as_the_verdict_does():
    """At 2026-11 (no plan in force) the cards hold the 2025-12 figures the verdict counts."""
    at = open_page("goals", period="2026-11")
    final = data.goal_progress("2025-12").to_dict("records")
    assert sorted(v for _, v in metrics(at)) == sorted(expected_value(g) for g in final)
    assert "以下为计划期末（2025年12月）各项目标的最终状态" in markdown_text(at)


def test_during_the_plan_the_cards_show_the_chosen_month():
    at = open_page("goals", period="2025-06")
    assert "最终状态" not in markdown_text(at)


def _badges_by_card(at, prefix: str) -> dict[str, str]:
    """Return {target_code: the badge words} of every card block whose key starts with `prefix`."""
    found, todo = {}, [(at.main, None)]
    while todo:
        node, code = todo.pop()
        block_id = getattr(getattr(node, "proto", None), "id", "")
        if prefix in block_id:
            code = block_id.rpartition(prefix)[2]
        value = getattr(node, "value", None)
        if code and isinstance(value, str) and "-badge[" in value:
            found[code] = value.split("-badge[", 1)[1].rsplit("]", 1)[0]
        todo += [(k, code) for k in (getattr(node, "children", None) or {}).values()]
    return found


@pytest.mark.parametrize("period", ["2025-12", "2026-11"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_the_plan_every_page_gives_each_target_the_same_attainment_class(period, lang):
    """From the plan's last month on, the goals cards show the attainment class (达成/基本达成/
    未达成, from config/attainment.toml) and not the pace light; the assessment page, the wall
    screen and the briefing give each target the same class."""
    from ccbio import assessment_report as ar
    from ccbio import kiosk
    from ccbio.briefing import content
    from ccbio.i18n import pick, t

    rep = ar.report(period)
    assert rep.ended
    expected = {
        r["target_code"]: pick(r, "class_label", lang) for r in rep.table.to_dict("records")
    }
    assert len(set(expected.values())) > 1  # the demo data has met and nearly met targets

    goals_badges = _badges_by_card(open_page("goals", period=period, lang=lang), "goal_card_")
    assert goals_badges == expected
    lights = {t(f"common.status_{lv}", lang) for lv in ("red", "amber", "green")}
    assert not lights & set(goals_badges.values())
    shown = _badges_by_card(open_page("assessment", period=period, lang=lang), "assessment_card_")
    assert {code: word.split(" · ")[0] for code, word in shown.items()} == expected

    codes = list(rep.table["target_code"])
    _, tiles = kiosk.target_tiles(period, lang)
    assert [x["word"].split(" · ")[0] for x in tiles] == [expected[c] for c in codes]
    doc = content.document(period, lang)
    table = next(
        b for s in doc["sections"] for b in s["blocks"] if b["kind"] == "table"
    )  # the six targets, first table of the briefing
    column = table["header"].index(t("assessment.col_class", lang))
    assert [row[column] for row in table["rows"]] == [expected[c] for c in codes]


def test_after_the_plan_the_goals_download_carries_the_attainment_class():
    from ccbio import assessment_report as ar
    from ccbio import plan_banner

    attained = plan_banner.final_attainment("2026-11")
    sheet = goals_view.goals_table(
        data.goal_progress("2025-12"),
        data.goal_series("2025-12"),
        rules.current(),
        attainment=attained,
    )
    by_name = dict(zip(sheet["目标"], sheet["达成等级"], strict=True))
    table = ar.report("2026-11").table
    assert by_name == dict(zip(table["name_zh"], table["class_label_zh"], strict=True))
    assert plan_banner.final_attainment("2024-06") is None  # during the plan: pace lights only


@pytest.mark.parametrize(
    ("period", "lang", "shown"),
    [("2026-11", "zh", False), ("2025-12", "en", False), ("2025-06", "zh", True)],
)
def test_after_the_plan_no_card_gives_a_pace_gap_under_its_attainment_class(period, lang, shown):
    """Once the plan has ended the badge (达成/基本达成/未达成) is the card's verdict: a red
    '落后时间进度 33.3 个百分点' under 基本达成 read as a second one (issue 12's leftover)."""
    import re

    text = markdown_text(open_page("goals", period=period, lang=lang))
    gaps = re.findall(r"时间进度 [\d.]+ 个百分点|pts (?:ahead of|behind) time elapsed", text)
    assert bool(gaps) is shown, gaps


def _data_holding(target, periods):
    import shutil

    from ccbio import config

    shutil.copytree(config.ROOT / "data" / "reference", target / "reference")
    for period in periods:
        shutil.copytree(
            config.ROOT / "data" / "snapshots" / f"period={period}",
            target / "snapshots" / f"period={period}",
        )
    return target


@pytest.mark.parametrize(
    "periods, shown",
    [(("2025-11", "2026-11"), "2025-11"), (("2026-11",), "2026-11")],
)
def test_after_the_plan_the_cards_show_whatever_snapshots_the_data_holds(
    tmp_path, monkeypatch, periods, shown
):
    """Without a 2025-12 snapshot (the benchmark's 10,000x copy) the page still shows its six
    cards: the plan's last month the data holds, said so, else the chosen month."""
    monkeypatch.setenv("CCBIO_DATA_DIR", str(_data_holding(tmp_path / "data", periods)))
    at = open_page("goals", period="2026-11")
    expected = data.goal_progress(shown).to_dict("records")
    assert len(expected) == 6
    assert sorted(v for _, v in metrics(at)) == sorted(expected_value(g) for g in expected)
    text = markdown_text(at)
    assert not at.error, [e.value for e in at.error]
    if shown == "2025-11":
        assert "数据中没有计划期末（2025年12月）的快照" in text and "（2025年11月）" in text
    else:
        assert "最终状态" not in text and "数据中没有计划期末" not in text


def test_the_stale_data_banner_counts_months_in_words():
    """One month behind read '1 months before' in English."""
    one = filters.stale_notice("2026-11", date(2027, 1, 5), "en")
    assert "Nov 2026, 1 month before the last complete month (Dec 2026)" in one
    assert "2 months before" in filters.stale_notice("2026-10", date(2027, 1, 5), "en")
    assert "已 1 个月" in filters.stale_notice("2026-11", date(2027, 1, 5), "zh")
    assert filters.stale_notice("2026-11", date(2026, 12, 1), "en") is None


def test_a_card_exactly_on_pace_says_so_not_zero_points_ahead():
    """At 2024-06 three cards read '0.0 pts ahead of time elapsed' (超过时间进度 0.0 个百分点)."""
    assert goals_view.pace_gap(0.0, "en") == "On pace with time elapsed"
    assert goals_view.pace_gap(-0.04, "zh") == "与时间进度持平"
    assert goals_view.pace_gap(3.2, "en") == "3.2 pts ahead of time elapsed"
    text = markdown_text(open_page("goals", period="2024-06"))
    assert "与时间进度持平" in text and "0.0 个百分点" not in text
