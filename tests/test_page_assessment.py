"""AppTest for the final assessment, the wall screen and the goals page after the plan's end."""

from __future__ import annotations

import datetime as dt

import pytest

from ccbio import assessment_report as ar
from ccbio import kiosk
from ccbio.i18n import t
from tests.page_helpers import markdown_text, open_page


def _all_text(at) -> str:
    parts = [markdown_text(at), *(h.value for h in at.header), *(s.value for s in at.subheader)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assessment_page_shows_the_verdict_first_and_every_target(lang):
    at = open_page("assessment", lang=lang)
    rep = ar.report("2026-11")
    assert at.subheader[0].value == ar.verdict_text(rep, lang)
    text = _all_text(at)
    assert ar.thresholds_text(rep, lang) in text
    for label, value in ((m.label, m.value) for m in at.metric):
        assert label and value
    assert len(at.metric) == 6
    for sentence in ar.cohort_sentences(rep, lang):
        assert sentence in text
    assert "None" not in text and "goal_behind_pace" not in text  # no internal identifier


def test_assessment_within_the_plan_says_it_has_not_ended():
    at = open_page("assessment", period="2024-06")
    assert at.subheader[0].value.startswith("计划尚未结束")


def test_goals_page_after_the_plan_says_how_it_ended():
    at = open_page("goals")  # the newest period, 2026-11
    text = _all_text(at)
    assert "到2025年底能否完成目标？" not in text
    assert "计划期已结束" in text
    assert ar.verdict_text(ar.report("2026-11"), "zh") in text


def test_goals_page_during_the_plan_still_asks_about_2025():
    at = open_page("goals", period="2024-06")
    assert "到2025年底能否完成目标？" in _all_text(at)


@pytest.mark.parametrize("view", kiosk.VIEWS)
def test_kiosk_views_render_without_error(view):
    at = open_page("kiosk", view=view)
    assert "监测大屏" in _all_text(at)


def test_kiosk_rotates_its_views_and_dates_its_data():
    shown = [kiosk.view_at(s) for s in range(0, 3 * kiosk.VIEW_SECONDS, kiosk.VIEW_SECONDS)]
    assert shown == list(kiosk.VIEWS)
    assert kiosk.view_at(3 * kiosk.VIEW_SECONDS) == kiosk.VIEWS[0]
    assert kiosk.data_age_days("2026-11", dt.date(2026, 12, 1)) == 1
    assert kiosk.data_age_days("2026-10", dt.date(2026, 12, 1)) == 31
    assert "2026年11月" in kiosk.period_line("2026-11", dt.date(2026, 12, 1), "zh")
    assert kiosk.period_line("2026-11", dt.date(2026, 12, 1), "en").endswith("· 1 day ago")
    assert kiosk.period_line("2026-10", dt.date(2026, 12, 1), "en").endswith("· 31 days ago")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kiosk_map_names_every_park_in_its_language(lang):
    """Each bubble on the wall screen's map has its park's name beside it, Chinese included."""
    import json

    from ccbio import data, maps

    summary = data.park_summary("2026-11")
    spec = json.loads(kiosk.park_deck(summary, lang).to_json())
    layer = next(x for x in spec["layers"] if x["id"] == maps.LABEL_LAYER_ID)
    assert [r["label"] for r in layer["data"]] == summary[f"label_{lang}"].tolist()
    assert set("".join(summary[f"label_{lang}"])) <= set(layer["characterSet"])
    assert {r["size"] for r in layer["data"]} == {kiosk.KIOSK_LABEL_PX}


def test_kiosk_lights_are_classes_after_the_plan_and_pace_during_it():
    headline, tiles = kiosk.target_tiles("2026-11", "zh")
    assert headline.startswith("计划期末（2025年12月）")
    assert [x["word"].split(" · ")[0] for x in tiles] == list(
        ar.report("2026-11").table["class_label_zh"]
    )
    assert [x["target"] for x in tiles][:2] == ["目标 ≥ 10户", "目标 ≥ 10户"]  # 链主, 上市
    headline, tiles = kiosk.target_tiles("2024-06", "zh")
    assert "执行中" in headline
    assert all(x["target"].startswith("目标 ≥ ") for x in tiles)
    assert {x["word"].split(" · ")[0] for x in tiles} <= {"红灯", "黄灯", "绿灯"}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-06", ""),
        ("2025-12", "三年突破行动计划（2023—2025年）：本月为计划期末月，以下为期末状态。"),
        (
            "2026-03",
            "三年突破行动计划（2023—2025年）已于2025年12月结束，当前无在执行的计划；监测继续。",
        ),
    ],
)
def test_every_page_header_says_where_the_period_stands_in_the_plan(period, expected):
    from ccbio import plan_banner

    assert plan_banner.header_text(period, "zh") == expected
    at = open_page("pipeline", period=period)
    assert (expected in markdown_text(at)) if expected else ("计划期" not in markdown_text(at))


def test_target_cards_read_in_target_order():
    """The six cards wrap in one row container: a phone reads them in target order (three
    columns stacked them 1, 4, 2, 5, 3, 6)."""
    at = open_page("assessment", lang="en")
    names = ar.report("2026-11").table["name_en"].tolist()
    assert [m.label for m in at.metric][:6] == names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_by_park_chart_reads_whole_names_and_names_its_unit(lang):
    """English park names were cut at the chart's 220-px label limit, the rotated axis title sat
    on them and the value axis had no unit (issue 12's leftover): the chart uses the parks' short
    names, no category title, and an axis title with the unit; the table keeps the full names."""
    from ccbio import charts, maps
    from ccbio.formatting import unit_name

    rep = ar.report("2026-11")
    rows = ar.sources_frame(rep, "output_value", "park", lang)
    assert all(maps.text_px(label, 11) <= 220 for label in rows["label"]), rows["label"].tolist()
    assert rows["member"].str.len().max() > rows["label"].str.len().max()  # the table: full names
    headers = ar.source_headers(ar.source_unit(rep, "output_value"), lang)
    assert unit_name("亿元", lang) in headers["axis"]
    assert unit_name("亿元", lang) in ar.source_unit_note(ar.source_unit(rep, "output_value"), lang)
    assert unit_name("户", lang) in ar.source_headers(ar.source_unit(rep, "srdi"), lang)["axis"]
    spec = charts.bars(rows, "label", "change", "x", headers["axis"], axis_title=False).to_dict()
    assert spec["encoding"]["y"]["title"] is None
    assert spec["encoding"]["x"]["axis"]["title"] == headers["axis"]
    page = open_page("assessment", period="2026-11", lang=lang)
    assert ar.source_unit_note("亿元", lang) in " ".join(c.value for c in page.caption)


def test_the_wall_screen_draws_an_english_unit_small_and_whole():
    """'912.4 (100m yuan)' at the tiles' 76-px size took three lines (issue 10)."""
    at = open_page("kiosk", period="2026-11", lang="en", view=kiosk.VIEWS[0])  # the targets
    text = markdown_text(at)
    assert '<span class="kiosk-unit">(100m yuan)</span>' in text
    import re

    assert not re.search(r'kiosk-value"[^>]*>[^<]*\(100m yuan', text)  # never in the big figure


@pytest.mark.parametrize("period", ["2024-06", "2026-11"])
def test_kiosk_tiles_write_ratios_and_targets_as_the_goals_page_does(period):
    """The wall screen said 104% and 目标 ≥ 1,000.0亿元 where the goals page says 103.9% and ≥ 1,000."""
    from ccbio import page_cache

    cards, _ = page_cache.goals(period, "zh", page_cache.version())
    _, tiles = kiosk.target_tiles(period, "zh")
    by_name = {x["name"]: x for x in tiles}
    for card in cards:
        tile = by_name[card.title.split("·", 1)[-1].strip()]
        share = dict((label, value) for label, value, _ in card.ratios)["目标完成率"]
        assert tile["word"].endswith(" · " + share), (tile, share)
        assert tile["target"].split("≥ ")[1] in card.target_label


def test_growth_tables_read_whole_with_one_decimal_per_column():
    """The park and programme tables were canvas grids: their share column was cut at 1440 px,
    and Streamlit's 'percent' wrote 23.88% beside 23.9% in print."""
    import re

    at = open_page("assessment", lang="en")
    share = f"<th>{t('assessment.col_share', 'en')}</th>"
    tables = [h.proto.body for h in at.get("html") if share in h.proto.body]
    assert len(tables) == 2  # by park, by programme: wrapping HTML, on screen and in print
    for html in tables:
        assert "ccbio-print-table" not in html  # shown on screen, not only in print
        shares = re.findall(r">(-?[\d.]+)%<", html)
        assert shares and all(re.fullmatch(r"-?\d+\.\d", v) for v in shares), shares
        assert re.search(r">\d{2,3}\.\d<", html)  # 亿元 with one decimal: 163.8, not 163.80


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_assessment_names_value_over_target_as_the_goals_page_does(lang):
    """The goals card said 目标完成率 / Share of target, the assessment 完成率 / Attainment."""
    import re

    term = t("goals.completion", lang)
    assert t("assessment.col_ratio", lang) == term
    assert t("assessment.how_attainment", lang).startswith(f"{term} = ")
    assert term in t("briefing.attainment_caption", lang)
    at = open_page("assessment", lang=lang)
    text = _all_text(at) + "\n".join(h.proto.body for h in at.get("html"))  # tables too
    assert f"<th>{term}</th>" in text
    other = r"(?<!目标)完成率" if lang == "zh" else r"\bAttainment\b"
    assert not re.search(other, text)


def test_the_wall_funnel_writes_its_figures_under_the_bars_in_type_that_fits():
    """Beside the bars, '295 projects · 2,207 (100m yuan)' ran past the chart's edge at 1440 px."""
    rows = kiosk.funnel_rows("2026-11", "en")
    spec = kiosk.funnel_chart(rows, "stage_name", "projects", "label").to_dict()
    text = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text["mark"]["align"] == "center" and text["encoding"]["x"] == {"datum": 0}
    assert text["mark"]["fontSize"] == {"expr": kiosk.FUNNEL_FONT}  # smaller on a narrow chart
    (records,) = spec["datasets"].values()
    assert [r["line"] for r in records][0].startswith("Planned · ")  # the stage names its figures


def test_during_the_plan_the_targets_are_so_far_not_at_the_plans_end():
    """At 2024-06 the heading said 'The six targets at the plan's end' over Jun 2024 figures."""
    rep = ar.report("2024-06")
    assert ar.targets_title(rep, "en") == "The six targets so far (Jun 2024)"
    assert "2024年6月值" in ar.targets_frame(rep, "zh").columns
    at = open_page("assessment", period="2024-06", lang="en")
    assert [h.value for h in at.header][0] == "The six targets so far (Jun 2024)"
    ended = ar.report("2026-11")
    assert ar.targets_title(ended, "en") == t("assessment.section_targets", "en")
