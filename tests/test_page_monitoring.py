"""AppTest for pages/monitoring.py: headline figures, month/quarter grain, filters, the alerts list."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest

from ccbio import alerts, config, data, export, outlook, rules
from ccbio import monitoring_view as mv
from ccbio.formatting import format_pct, format_yi
from tests import oracles
from tests.oracles import stall_counts, stalled_rows
from tests.page_helpers import markdown_text, metrics, open_page, table_with

PERIOD = "2025-12"


@pytest.fixture(scope="module")
def page():
    return open_page("monitoring", period=PERIOD)


def test_headline_is_the_three_money_indicators_with_yoy(page):
    rows = data.indicator_series(PERIOD)
    latest = rows[(rows["month"] == PERIOD) & (rows["kind"] == "money")].sort_values(
        "indicator_order"
    )
    got = [m for m in page.metric if "·" in m.label]
    assert [m.value for m in got] == [format_yi(v, "zh") for v in latest["value"]]
    assert [m.label for m in got] == [f"{n} · 2025年12月" for n in latest["name_zh"]]
    assert [m.delta for m in got] == [f"同比 {format_pct(v, signed=True)}" for v in latest["yoy"]]


def test_ledger_table_has_every_indicator_with_ytd(page):
    table = table_with(page, "ytd_yoy")
    assert len(table) == len(oracles.reference_table("indicators"))
    ytd = data.indicator_series(PERIOD)
    money = ytd[
        (ytd["month"] == PERIOD) & (ytd["indicator_code"] == "pharma_industrial_output")
    ].iloc[0]
    assert table.iloc[0]["ytd_shown"] == f"{money['ytd']:,.2f}" and table.iloc[0]["unit"] == "亿元"


def test_quarter_grain_shows_quarters(page):
    page.segmented_control(key="monitoring_grain").set_value("quarter").run()
    assert not page.exception
    quarters = data.indicator_quarters(PERIOD)
    q4 = quarters[
        (quarters["quarter"] == "2025-Q4")
        & (quarters["indicator_code"] == "pharma_industrial_output")
    ].iloc[0]
    assert ("医药工业产值 · 2025年第4季度", format_yi(q4["value"], "zh")) in metrics(page)
    page.segmented_control(key="monitoring_grain").set_value("month").run()


def test_alert_counts_and_reasons_follow_the_rules(page):
    rule_set = rules.current()
    goals, ages = data.goal_progress(PERIOD), oracles.project_stage_ages(PERIOD)
    expected = alerts.monitoring_alerts(
        outlook=outlook.goal_outlook(goals, data.goal_series(PERIOD), rule_set),
        goals=goals,
        yoy=data.indicator_yoy_by_park(PERIOD),
        # the page evaluates the stall rules in SQL; the expected list is evaluated here from every raw row
        stage_counts=stall_counts(ages, rule_set),
        stalled=stalled_rows(ages, rule_set),
        park_activity=data.park_last_new_project(PERIOD),
        period=PERIOD,
        rules=rule_set,
    )
    got = dict(metrics(page))
    assert got["红色预警"] == str((expected["level"] == "red").sum())
    assert got["黄色预警"] == str((expected["level"] == "amber").sum())
    table = table_with(page, "rule")
    assert table["reason"].tolist() == expected["reason_zh"].head(len(table)).tolist()
    assert {"目标严重落后时间进度", "园区一年无新项目"} <= set(table["rule"])


def test_alert_kind_filter(page):
    page.multiselect(key="monitoring_alert_kinds").set_value(["park_no_new_project"]).run()
    table = table_with(page, "rule")
    assert set(table["rule"]) <= {"园区一年无新项目", "园区半年无新项目"}
    assert any("创投高新产业园" in r for r in table["reason"])
    page.multiselect(key="monitoring_alert_kinds").set_value([]).run()


def test_park_filter_changes_the_figures():
    at = open_page("monitoring", period=PERIOD, parks="jiutai_tcm")
    rows = data.indicator_series(PERIOD, ["jiutai_tcm"])
    value = rows[
        (rows["month"] == PERIOD) & (rows["indicator_code"] == "pharma_industrial_output")
    ]["value"].iloc[0]
    assert metrics(at)[0][1] == format_yi(value, "zh")
    table = table_with(at, "rule")
    assert "指标同比大幅下降" in set(table["rule"])  # this park's output fell 14.9 % year on year
    assert not any(
        "创投高新产业园" in r for r in table["reason"]
    )  # other parks' alerts are filtered out


def test_english():
    at = open_page("monitoring", period=PERIOD, lang="en")
    assert at.title[0].value == "Monitoring and early warning"
    assert "Red alerts" in dict(metrics(at))
    table = table_with(at, "rule")
    assert all("(rule: " in r for r in table["reason"])
    assert "Target far behind time elapsed" in set(table["rule"])


# ASCII edges, not \b: next to a CJK letter (企业goal_behind_pace_red) \b finds no edge
IDENTIFIER = re.compile(
    r"(?<![A-Za-z0-9])(?:[a-z]+_[a-z_]+|None|nan)(?![A-Za-z0-9])|config/|\.toml"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_rule_ids_paths_or_missing_glyphs(lang):
    at = open_page("monitoring", period=PERIOD, lang=lang)
    # the signed-in line names the user's own login (demo_admin): what they typed, not ours
    text = "\n".join(
        line
        for line in markdown_text(at).splitlines()
        if not line.startswith(("已登录", "Signed in"))
    )
    assert not IDENTIFIER.search(text), IDENTIFIER.search(text)
    table = table_with(at, "rule")
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert not IDENTIFIER.search(cells), IDENTIFIER.search(cells)
    # emoji discs are missing-glyph boxes without an emoji font: the level is a word
    assert not re.search("[\U0001f300-\U0001faff]", cells)
    assert {word for words in table["level"] for word in words} <= {
        "● 红色",
        "● 黄色",
        "● Red",
        "● Amber",
    }


def test_a_selection_without_data_says_so_instead_of_drawing_zeros():
    at = open_page("monitoring", period=PERIOD, parks="jiutai_tcm", sectors="devices")
    infos = [i.value for i in at.info]
    assert "2025年12月 九台中古医药产业园 × 医疗器械 没有监测指标数据。" in infos
    assert not [m for m in at.metric if "·" in m.label]  # no headline of zeros
    with pytest.raises(AssertionError, match="no table"):
        table_with(at, "ytd_yoy")


def test_stock_counts_have_no_year_to_date_sum(page):
    table = table_with(page, "ytd_yoy")
    firms = table[table["unit"] == "户"]
    assert len(firms) == 5 and set(firms["ytd_shown"]) == {"—"}
    assert set(firms["ytd_yoy"]) == {"—"}
    assert all(re.fullmatch(r"[+-]\d+\.\d%|—", v) for v in table["yoy"])  # one decimal each
    money = table[table["unit"] == "亿元"]
    assert not (money["ytd_shown"] == "—").any()
    assert not money["shown"].str.contains("万元|亿元").any()  # the unit has its own column


def test_a_preliminary_month_long_closed_says_so():
    today = date.today()
    note = mv.preliminary_note("2025-12", today, "zh")
    months = (today.year * 12 + today.month - 1) - (2025 * 12 + 12 - 1) - 1
    if months >= 1:
        assert note == f"仍为初步数：该月结束后已过 {months} 个完整月份，未更新为正式数"
    assert mv.preliminary_note("2026-10", date(2026, 11, 20), "zh") == "初步数（下月快照修订）"
    assert "2 full months" in mv.preliminary_note("2026-09", date(2026, 12, 1), "en")


def test_alerts_ledger_and_pace_download_with_chinese_headers():
    at = open_page("monitoring", period=PERIOD)
    found, _, _ = mv.evaluate_alerts(PERIOD, (), (), rules.current())
    book = pd.read_excel(
        io.BytesIO(export.to_xlsx_bytes(mv.alert_download(found), "预警清单")), None
    )
    sheet = book["预警清单"]
    assert list(sheet.columns) == ["级别", "预警类型", "对象", "触发规则", "原因"]
    assert len(sheet) == len(found) and "目标严重落后时间进度" in set(sheet["触发规则"])
    ledger = mv.ledger_download(
        mv.ledger(mv.filters.Filters(PERIOD), "month", date.today()), "month"
    )
    assert "同比（%）" in ledger.columns and ledger["期间"].iloc[0] == "2022年1月"
    pace = mv.pace_download(data.target_pace(PERIOD))
    assert {"按时间进度应达", "实际 − 按时间进度应达", "时间进度（%）"} <= set(pace.columns)
    assert len([b for b in at.get("download_button")]) == 3


def test_alert_kinds_and_the_stalled_note_are_chosen_without_the_page():
    from ccbio import config

    found = pd.DataFrame({"kind": ["goal_behind_pace", "project_stalled", "project_stalled"]})
    shown, note = mv.alerts_shown(found, [], 2, "zh")
    assert len(shown) == 3 and note is None  # no kind chosen: every alert, all stalled listed
    shown, note = mv.alerts_shown(found, ["project_stalled"], config.STALLED_SHOWN + 5, "en")
    assert shown["kind"].tolist() == ["project_stalled"] * 2
    assert str(config.STALLED_SHOWN) in note and str(config.STALLED_SHOWN + 5) in note
    _, note = mv.alerts_shown(found, ["goal_behind_pace"], config.STALLED_SHOWN + 5, "zh")
    assert note is None  # the note is about stalled projects only
    assert set(mv.pace_labels("en")) == {"actual", "pace", "month", "value"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_warning_reason_is_read_whole_in_its_row(lang):
    """The grid cut each reason at the column's edge at 1440 px (issue 10): the alerts and rules
    tables get rows tall enough for their longest text to wrap (Streamlit wraps above 64 px)."""
    from ccbio import text_table

    at = open_page("monitoring", period="2024-06", lang=lang)
    for column in ("reason", "when"):
        frame = next(f for f in at.dataframe if column in f.value.columns)
        lines = max(text_table.text_lines(text) for text in frame.value[column])
        assert lines > 1  # the long texts of this period need more than one line
        room = (frame.proto.row_height - text_table.PADDING_PX) // text_table.LINE_PX
        assert frame.proto.row_height > 64 and room >= min(lines, text_table.MAX_LINES), column


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_decline_sentence_gives_both_amounts_in_one_unit(lang):
    """'4,320万元，上年同月 1.04亿元' read as two units in one sentence: both in 亿元 unless both
    are below 1亿."""
    found = alerts.indicator_alerts(data.indicator_yoy_by_park("2024-06"), rules.current())
    units = ("亿元", "万元") if lang == "zh" else ("(100m yuan)", "(10k yuan)")
    mixed = [r for r in found[f"reason_{lang}"] if all(u in r for u in units)]
    assert len(found) and not mixed, mixed[:3]


def test_the_rules_list_colours_its_levels_and_names_its_rules_as_rules():
    """The list of rules read 'Rule fired' over rules that had not fired, with black level dots."""
    import json

    from ccbio.i18n import t

    at = open_page("monitoring", period="2025-12", lang="en")
    frame = next(f for f in at.dataframe if "when" in f.value.columns)
    assert json.loads(frame.proto.columns)["rule"]["label"] == t("monitoring.rule_name_col", "en")
    # the level words are labels in the warning colours, as in the alert list
    tables = [f for f in at.dataframe if "level" in f.value.columns]
    assert len(tables) == 2  # the alert list and the list of rules
    for shown in tables:
        level = json.loads(shown.proto.columns)["level"]
        assert level["label"] == t("monitoring.level_col", "en")
        assert level["type_config"]["type"] == "multiselect", level
        options = {o["value"]: o.get("color") for o in level["type_config"]["options"]}
        assert options == {
            t("monitoring.level_red", "en"): config.STATUS_COLORS["red"],
            t("monitoring.level_amber", "en"): config.STATUS_COLORS["amber"],
        }
        assert {w for words in shown.value["level"] for w in words} <= set(options)


def test_an_older_snapshot_judges_its_preliminary_month_as_of_its_own_time():
    """Jun 2024's ledger said 'still preliminary: 29 full months have closed since' in Dec 2026,
    though the later snapshots made that month final."""
    assert mv.status_date("2024-06", "2026-11", date(2026, 12, 1)) == date(2024, 7, 1)
    assert mv.status_date("2026-11", "2026-11", date(2026, 12, 1)) == date(2026, 12, 1)
    at = open_page("monitoring", period="2024-06", lang="en")
    frame = next(f for f in at.dataframe if "status" in f.value.columns)
    assert "full months have closed" not in " ".join(frame.value["status"])
    assert set(frame.value["status"]) == {mv.t("monitoring.preliminary", "en")}
