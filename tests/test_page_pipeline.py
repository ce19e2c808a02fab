"""AppTest for pages/pipeline.py: published 2023-12 figures exactly, filters, URL, bad input."""

from __future__ import annotations

import pytest

from ccbio import alerts, data, rules
from ccbio.formatting import format_count
from tests import oracles
from tests.oracles import stall_counts, stalled_rows
from tests.page_helpers import markdown_text, metrics, open_page, table_with, warnings

PUBLISHED_COUNTS = ["541个", "329个", "116个", "63个", "22个", "11个"]
# the data's sums, each holding its published figure (3,046.20亿元 is within 3,000亿元以上), all
# with two decimals as the funnel and table beside them (issue 10: 460亿元 beside 3,046.20亿元)
PUBLISHED_INVESTMENT = ["3,046.20亿元", "460.00亿元", "420.00亿元", "76.68亿元", "34.00亿元"]


@pytest.fixture(scope="module")
def published_page():
    return open_page("pipeline", period="2023-12")


def test_published_counts_exactly(published_page):
    values = [v for _, v in metrics(published_page)]
    assert values[:6] == PUBLISHED_COUNTS


def test_published_investment_exactly_with_source(published_page):
    text = markdown_text(published_page)
    for amount in PUBLISHED_INVESTMENT:
        assert f"#### {amount}" in text
    assert text.count("公开数据") >= 8  # total, five stages, new, continued
    assert "公开数据：3,000亿元以上（本数据在此范围内）" in text  # the published bound beside it
    assert "不一致" not in text


def test_new_and_continued_under_construction(published_page):
    got = dict(metrics(published_page)[6:])
    assert got["新建"] == "28个" and got["续建"] == "35个"
    assert ("计划总投资", "150.00亿元") in metrics(published_page)
    assert ("计划总投资", "270.00亿元") in metrics(published_page)


def test_english_keeps_published_wording():
    at = open_page("pipeline", period="2023-12", lang="en")
    assert [v for _, v in metrics(at)][:6] == ["541", "329", "116", "63", "22", "11"]
    # the Chinese figures with the unit every English axis and header names (100m yuan = 亿元)
    # the unit kept whole by a no-break space where a narrow card wraps it
    assert "#### 3,046.20 (100m\u00a0yuan)" in markdown_text(at)
    assert "Published: over 3,000 (100m yuan) (the data is within it)" in markdown_text(at)
    assert "#### 76.68 (100m\u00a0yuan)" in markdown_text(at)


def test_park_filter_changes_figures_and_drops_published_mark(published_page):
    at = published_page
    at.multiselect(key="f_parks").set_value(["edz"]).run()
    expected = data.pipeline_by_stage("2023-12", ["edz"])
    values = [v for _, v in metrics(at)]
    assert values[0] == format_count(expected["projects"].sum(), "zh", "projects")
    assert values[1:6] == [format_count(n, "zh", "projects") for n in expected["projects"]]
    assert "公开数据" not in markdown_text(at)
    assert at.query_params["parks"] == "edz"  # AppTest holds the URL value as the page wrote it


def test_stalled_list_and_stage_colours_follow_the_warning_rules():
    at = open_page("pipeline", period="2025-12")
    ages, rule_set = oracles.project_stage_ages("2025-12"), rules.current()
    expected = alerts.stalled_projects(stalled_rows(ages, rule_set), rule_set)
    table = table_with(at, "months_limit")
    assert len(table) == len(expected) > 0
    assert set(table["project_id"]) == set(expected["project_id"])
    assert (table["months_in_stage"] > table["months_limit"]).all()  # the rule, as numbers
    assert f"共 {len(expected)} 个" in markdown_text(at)
    statuses = alerts.stage_status(stall_counts(ages, rule_set), rule_set)
    text = markdown_text(at)
    for level in set(statuses["level"]):
        assert {"red": "红灯", "amber": "黄灯", "green": "绿灯"}[level] in text


def test_park_filter_narrows_the_stalled_list():
    at = open_page("pipeline", period="2025-12", parks="edz")
    rule_set = rules.current()
    ages = oracles.project_stage_ages("2025-12", ["edz"])
    expected = alerts.stalled_projects(stalled_rows(ages, rule_set), rule_set)
    assert len(table_with(at, "months_limit")) == len(expected)


def test_flows_between_chosen_periods():
    at = open_page("pipeline", period="2024-12")
    at.selectbox(key="pipeline_from").set_value("2024-06").run()
    flows = data.stage_flows("2024-06", "2024-12")
    table = table_with(at, "at_start")
    planned = table.iloc[0]
    assert planned["at_start"] == flows.loc[flows["from_stage"] == "planned", "projects"].sum()


def test_url_restores_view():
    at = open_page("pipeline", period="2024-03", lang="en", sectors="devices")
    assert at.selectbox(key="f_period").value == "2024-03"
    assert at.multiselect(key="f_sectors").value == ["devices"]
    expected = data.pipeline_by_stage("2024-03", (), ["devices"])["projects"].sum()
    assert metrics(at)[0] == ("Projects in the pipeline", f"{expected:,}")


def test_bad_url_values_get_a_notice_and_defaults():
    at = open_page("pipeline", period="2023-12'; drop table projects; --", parks="edz,nowhere")
    notes = "\n".join(warnings(at))
    assert "period" in notes and "nowhere" in notes
    assert at.selectbox(key="f_period").value == data.latest_period()
    assert at.multiselect(key="f_parks").value == ["edz"]


def test_stage_and_build_cards_are_computed_without_the_page():
    """pipeline_view gives the page every card's figures: the 2023-12 published 541 and the
    construction split, the warning of each stage a stall rule watches."""
    from ccbio import filters
    from ccbio import pipeline_view as pv
    from ccbio.published import published_lookup

    stages = data.pipeline_by_stage("2023-12")
    f = filters.Filters("2023-12", (), (), "zh")
    pub = published_lookup("2023-12", f)
    total, row = pv.total_figure(stages, pub, "zh")
    assert total == format_count(541, "zh", "projects") and row is not None
    status, stalled = pv.stall_view("2023-12", (), ())
    cards = pv.stage_cards(stages, pub, status, "zh")
    assert [c["stage"] for c in cards] == stages["stage"].tolist()
    watched = [c for c in cards if c["warning"] is not None]
    assert {c["stage"] for c in watched} == set(status.index)
    assert all(c["warning"][0] in ("red", "amber", "green") for c in watched)
    build = pv.build_cards(stages, pub, "en")
    assert [c["kind"] for c in build] == ["new", "continued"]
    texts = pv.stalled_texts(status, stalled, "zh")
    assert str(int(status["stalled"].sum())) in texts[0] and len(texts) in (2, 3)


def test_the_stalled_list_reads_stage_and_months_before_the_long_park_names():
    """At 1440 px the English park names pushed the stage, months and investment off the screen and
    cut the project names (issue 10): the stage columns come first, long names wrap."""
    from ccbio import text_table

    at = open_page("pipeline", period="2025-12", lang="en")
    frame = next(f for f in at.dataframe if "months_in_stage" in f.value.columns)
    order = list(frame.proto.column_order)
    assert order.index("months_in_stage") < order.index("park")
    if max(text_table.text_lines(p, 200) for p in frame.value["park"]) > 1:
        assert frame.proto.row_height > 64
