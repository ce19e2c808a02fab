"""AppTest for pages/monitoring.py: headline figures, month/quarter grain, filters, the alerts list."""

from __future__ import annotations

import pytest

from ccbio import alerts, data
from ccbio.formatting import format_pct, format_yi
from tests import oracles
from tests.page_helpers import metrics, open_page, table_with

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
    assert table.iloc[0]["ytd_shown"] == format_yi(money["ytd"], "zh")


def test_quarter_grain_shows_quarters(page):
    page.segmented_control(key="monitoring_grain").set_value("quarter").run()
    assert not page.exception
    quarters = data.indicator_quarters(PERIOD)
    q4 = quarters[
        (quarters["quarter"] == "2025-Q4")
        & (quarters["indicator_code"] == "pharma_industrial_output")
    ].iloc[0]
    assert ("医药工业产值 · 2025-Q4", format_yi(q4["value"], "zh")) in metrics(page)
    page.segmented_control(key="monitoring_grain").set_value("month").run()


def test_alert_counts_and_reasons_follow_the_rules(page):
    expected = alerts.monitoring_alerts(
        goals=data.goal_progress(PERIOD),
        series=data.goal_series(PERIOD),
        yoy=data.indicator_yoy_by_park(PERIOD),
        # the page evaluates the stall rules in SQL; the expected list is evaluated here from every raw row
        stage_counts=oracles.project_stage_ages(PERIOD),
        stalled=oracles.project_stage_ages(PERIOD),
        park_activity=data.park_last_new_project(PERIOD),
        period=PERIOD,
    )
    got = dict(metrics(page))
    assert got["红色预警"] == str((expected["level"] == "red").sum())
    assert got["黄色预警"] == str((expected["level"] == "amber").sum())
    table = table_with(page, "rule_id")
    assert table["reason"].tolist() == expected["reason_zh"].tolist()
    assert "goal_behind_pace_red" in set(table["rule_id"]) and "park_no_new_project_red" in set(
        table["rule_id"]
    )


def test_alert_kind_filter(page):
    page.multiselect(key="monitoring_alert_kinds").set_value(["park_no_new_project"]).run()
    table = table_with(page, "rule_id")
    assert set(table["rule_id"]) <= {"park_no_new_project_red", "park_no_new_project_amber"}
    assert any("创投高新产业园" in r for r in table["reason"])
    page.multiselect(key="monitoring_alert_kinds").set_value([]).run()


def test_park_filter_changes_the_figures():
    at = open_page("monitoring", period=PERIOD, parks="jiutai_tcm")
    rows = data.indicator_series(PERIOD, ["jiutai_tcm"])
    value = rows[
        (rows["month"] == PERIOD) & (rows["indicator_code"] == "pharma_industrial_output")
    ]["value"].iloc[0]
    assert metrics(at)[0][1] == format_yi(value, "zh")
    table = table_with(at, "rule_id")
    assert "indicator_yoy_decline_red" in set(
        table["rule_id"]
    )  # this park's output fell 14.9 % year on year
    assert not any(
        "创投高新产业园" in r for r in table["reason"]
    )  # other parks' alerts are filtered out


def test_english():
    at = open_page("monitoring", period=PERIOD, lang="en")
    assert at.title[0].value == "Monitoring and early warning"
    assert "Red alerts" in dict(metrics(at))
    assert all("rule" in r for r in table_with(at, "rule_id")["reason"])
