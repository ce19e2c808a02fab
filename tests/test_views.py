"""Page computations without AppTest: pipeline and sectors views, empty states, one unit per chart."""

from __future__ import annotations

import pandas as pd

from ccbio import config, pipeline_view, sectors_view
from ccbio.formatting import scope_text
from tests.page_helpers import markdown_text, open_page

STAGES = pd.DataFrame(
    {
        "stage": ["planned", "negotiating"],
        "name_zh": ["谋划", "洽谈"],
        "name_en": ["Planned", "Negotiating"],
        "projects": [3, 1],
        "investment_yi": [12.5, 0.3],
    }
)


def test_funnel_labels_share_one_unit_and_shares_add_up():
    funnel = pipeline_view.funnel_frame(STAGES, "zh")
    assert funnel["label"].tolist() == ["3个 · 12.50亿元", "1个 · 0.30亿元"]  # not 3,000万元
    assert funnel["share"].tolist() == [0.75, 0.25]
    assert "conversion" not in funnel  # a stage count over the previous one's is no conversion


def test_empty_funnel_has_no_shares():
    empty = pipeline_view.funnel_frame(STAGES.assign(projects=0, investment_yi=0.0), "en")
    assert empty["share"].isna().all()


def test_default_flow_start_is_a_year_back_or_the_first_month():
    assert pipeline_view.default_flow_start("2024-12", ["2023-12", "2024-01"]) == "2023-12"
    assert pipeline_view.default_flow_start("2023-06", ["2023-01", "2023-02"]) == "2023-01"


def test_scope_names_period_parks_and_sectors():
    assert (
        scope_text("2025-12", ["净月高新区"], ["医疗器械"], "zh")
        == "2025年12月 净月高新区 × 医疗器械"
    )
    assert scope_text("2025-12", [], [], "en") == "Dec 2025"
    assert scope_text("2025-12", ["Jingyue"], [], "en") == "Jingyue, Dec 2025"


def test_sector_colours_come_from_config_and_labels_stay_in_yi():
    summary = pd.DataFrame(
        {
            "name_zh": ["生物药", "中药"],
            "name_en": ["Biologics", "TCM"],
            "output_value_yi": [0.5, 20.0],
            "output_share": [0.024, 0.976],
            "output_yoy": [-0.1, 0.2],
            "enterprises": [1, 2],
            "projects": [0, 0],
        }
    )
    shown = sectors_view.summary_frame(summary, "zh")
    assert shown["growth_color"].tolist() == [
        config.GROWTH_COLORS["down"],
        config.GROWTH_COLORS["up"],
    ]
    assert shown["label"].tolist() == ["0.5 · 2.4%", "20.0 · 97.6%"]  # in the axis's unit
    assert not sectors_view.is_empty(summary)
    assert sectors_view.is_empty(summary.assign(output_value_yi=0.0, enterprises=0))


def test_pipeline_page_says_when_the_view_holds_no_project():
    at = open_page("pipeline", period="2025-12", parks="jingyue", sectors="devices")
    assert [i.value for i in at.info] == ["2025年12月 净月高新区 × 医疗器械 没有项目。"]
    assert not at.metric and not at.dataframe  # no cards or tables of zeros
    en = open_page("pipeline", period="2025-12", parks="jingyue", sectors="devices", lang="en")
    assert "No projects in Jingyue High-tech Zone × Medical devices, Dec 2025." in [
        i.value for i in en.info
    ]


def test_lists_page_says_when_a_list_is_empty():
    at = open_page("lists", period="2025-12", parks="jingyue", sectors="devices")
    infos = [i.value for i in at.info]
    assert "2025年12月 净月高新区 × 医疗器械 没有企业。" in infos
    assert "2025年12月 净月高新区 × 医疗器械 没有项目。" in infos
    assert "没有" not in markdown_text(open_page("lists", period="2025-12"))


def test_an_empty_table_is_not_drawn_and_says_so_in_the_users_language():
    from streamlit.testing.v1 import AppTest

    script = (
        "import pandas as pd\n"
        "from ccbio import render\n"
        "render.table(pd.DataFrame({'a': []}), lang='en')\n"
        "render.table(pd.DataFrame({'b': [None, 'x']}), lang='en')\n"
    )
    at = AppTest.from_string(script, default_timeout=30).run()
    assert [c.value for c in at.caption] == ["No data for the current filters."]  # not "empty"
    assert len(at.dataframe) == 1 and at.dataframe[0].proto.placeholder == "—"
