"""ccbio.lists_view without AppTest: search, flags, stages, pinyin sort, the 说明 sheet."""

from __future__ import annotations

import pandas as pd

from ccbio import lists_view as lv
from ccbio.filters import Filters

FIRMS = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3"],
        "name_zh": ["长春甲药业", "吉林乙生物", "安徽丙器械"],  # code points: 吉 < 安 < 长
        "name_en": ["Changchun A", "Jilin B", "Anhui C"],
        "park_zh": ["净月高新区"] * 3,
        "park_en": ["Jingyue"] * 3,
        "sector_zh": ["生物药"] * 3,
        "sector_en": ["Biologics"] * 3,
        "is_chain_leader": [True, False, True],
        "is_chain_leader_new": [False] * 3,
        "is_listed": [True, True, False],
        "is_above_scale": [True] * 3,
        "is_srdi": [False] * 3,
        "output_value_yi": [3.0, 2.0, 1.0],
        "entered_month": ["2024-01", "2025-02", "2023-03"],
        "is_demo": [True] * 3,
    }
)


def test_name_sort_is_by_pinyin_in_chinese_and_alphabetical_in_english():
    zh = lv.firms_shown(FIRMS, lv.ListView(sort="name"), "zh")["name_zh"].tolist()
    assert zh == ["安徽丙器械", "长春甲药业", "吉林乙生物"]  # an, chang, ji
    en = lv.firms_shown(FIRMS, lv.ListView(sort="name"), "en")["name"].tolist()
    assert en == ["Anhui C", "Changchun A", "Jilin B"]


def test_search_and_flags_all_must_hold():
    view = lv.ListView(picks=("is_chain_leader", "is_listed"))
    assert lv.firms_shown(FIRMS, view, "zh")["enterprise_id"].tolist() == ["E1"]
    assert lv.firms_shown(FIRMS, lv.ListView(text="jilin"), "en")["enterprise_id"].tolist() == [
        "E2"
    ]


def test_unknown_sort_falls_back_to_the_default():
    shown = lv.firms_shown(FIRMS, lv.ListView(sort="; drop table"), "zh")
    assert shown["output_value_yi"].tolist() == [3.0, 2.0, 1.0]


def test_notes_list_every_filter_applied():
    f = Filters(period="2025-11", parks=("jingyue",), sectors=("devices",))
    view = lv.ListView(text=" 金赛 ", sort="name", picks=("is_listed",))
    notes = lv.export_notes(
        f,
        "firms",
        view,
        (1, 3),
        {"parks": ["净月高新区"], "sectors": ["医疗器械"], "picks": ["上市"]},
    )
    text = "\n".join(notes)
    for expected in (
        "2025年11月",
        "龙头企业清单",
        "净月高新区",
        "医疗器械",
        "名称搜索：金赛",
        "上市",
        "排序：名称（按拼音）",
        "1 行（清单共 3 行）",
        "亿元",
    ):
        assert expected in text, expected
    plain = lv.export_notes(
        Filters(period="2025-11"), "projects", lv.ListView(sort="months"), (0, 0), {}
    )
    assert "名称搜索：无" in "\n".join(plain) and "阶段：不限" in "\n".join(plain)


def test_export_table_has_dates_and_no_all_empty_column():
    out = lv.export_table(FIRMS, "firms")
    assert str(out["入库月份"].dtype).startswith("datetime64")
    assert out["链主企业"].tolist() == ["是", "否", "是"]
    assert "专精特新" in out.columns  # all 否 is a value, not an empty column


def test_every_number_column_of_the_planner_tables_groups_thousands():
    """Amounts and counts read as the cards above them (2,206.70亿元), not 2206.70: Streamlit's
    printf formats group thousands only with a ',' ("%,.2f")."""
    from ccbio import lists_table, pipeline_table
    from ccbio.drilldown import tables

    configs = [
        *pipeline_table.funnel_columns("zh").values(),
        *pipeline_table.flow_columns("zh", "2025年11月").values(),
        *pipeline_table.stalled_columns("zh").values(),
        *lists_table.firm_columns("en").values(),
        *lists_table.project_columns("en").values(),
        tables._invest_column("计划总投资"),
    ]
    formats = [
        c["type_config"].get("format")
        for c in configs
        if isinstance(c, dict) and c.get("type_config", {}).get("type") == "number"
    ]
    amounts = [f for f in formats if f and not f.endswith("%%")]  # shares stay under 1,000 %
    assert len(amounts) >= 6 and all(f.startswith("%,") for f in amounts), amounts
