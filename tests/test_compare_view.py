"""ccbio.compare_view without AppTest: no None cells, values in each indicator's own unit."""

from __future__ import annotations

import pandas as pd

from ccbio import compare_view as cv

PROJECTS = pd.DataFrame(
    {
        "project_id": ["P1", "P2"],
        "name_zh": ["甲", "乙"],
        "name_en": ["A", "B"],
        "park_zh": ["经开区", "净月高新区"],
        "park_en": ["EDZ", "Jingyue"],
        "change": ["added", "removed"],
        "from_stage": [None, "full_capacity"],
        "to_stage": ["planned", None],
        "reason_zh": [None, "达产满一年"],
        "reason_en": [None, "a year at full capacity"],
    }
)


def test_project_rows_have_no_missing_text():
    rows = cv.project_rows(PROJECTS, {"planned": "谋划", "full_capacity": "达产"}, "zh")
    assert rows["from_label"].tolist() == ["—", "达产"] and rows["to_label"].tolist() == [
        "谋划",
        "—",
    ]
    assert rows["reason"].tolist() == ["—", "达产满一年"]
    assert rows["change_label"].tolist() == ["新增", "移出"]


def test_flags_text():
    assert cv.flags_text("+listed;-above_scale", "zh") == "+上市 −规上"
    assert cv.flags_text(None, "en") == "—"


def test_revisions_keep_each_indicators_unit_and_months_are_dates():
    revisions = pd.DataFrame(
        {
            "month": ["2025-11", "2025-10"],
            "indicator_code": ["pharma_industrial_output", "enterprises"],
            "unit_zh": ["亿元", "户"],
            "name_zh": ["医药工业产值", "企业数量"],
            "name_en": ["Output", "Enterprises"],
            "value_before": [67.1931, 1039.0],
            "value_after": [67.2468, 1041.0],
            "change": [0.0537, 2.0],
        }
    )
    rows = cv.revision_rows(revisions, "zh")
    assert rows["before_text"].tolist() == ["67.19亿元", "1,039户"]
    assert rows["change_text"].tolist() == ["+0.05亿元", "+2户"]
    assert rows["month_date"].iloc[0] == pd.Timestamp("2025-11-01")


def test_default_from_and_headers_name_the_month():
    assert cv.default_from("2024-06", ["2024-05", "2024-06"]) == "2024-05"
    assert cv.default_from("2023-01", ["2023-01"]) == "2023-01"
    assert cv.period_header("compare.col_before", "2025-11", "zh") == "原值 · 2025年11月"
    assert cv.period_header("compare.col_before", "2025-11", "en") == "Before · Nov 2025"
