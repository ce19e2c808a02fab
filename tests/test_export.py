"""ccbio.export: Chinese headers, 是/否 flags, CSV with BOM, a readable .xlsx with a notes sheet."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from ccbio import export

FRAME = pd.DataFrame(
    {
        "id": ["E1", "E2"],
        "name_zh": ["金赛药业", "演示企业"],
        "is_listed": [True, False],
        "build": ["new", "continued"],
        "value": [1.5, 2.25],
        "extra": [0, 0],
    }
)
COLUMNS = {
    "id": "编号",
    "name_zh": "名称",
    "is_listed": "上市企业",
    "build": "建设类型",
    "value": "产值（亿元）",
}


def test_export_frame_picks_renames_and_maps():
    out = export.export_frame(FRAME, COLUMNS, {"build": {"new": "新建", "continued": "续建"}})
    assert list(out.columns) == list(COLUMNS.values())
    assert out["上市企业"].tolist() == ["是", "否"] and out["建设类型"].tolist() == ["新建", "续建"]


def test_csv_has_bom_and_chinese_headers():
    raw = export.to_csv_bytes(export.export_frame(FRAME, COLUMNS))
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back.columns) == list(COLUMNS.values()) and back["名称"].tolist() == [
        "金赛药业",
        "演示企业",
    ]


def test_xlsx_round_trip_with_notes():
    raw = export.to_xlsx_bytes(
        export.export_frame(FRAME, COLUMNS), "龙头企业清单", ["演示数据说明"]
    )
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["龙头企业清单", "说明"]
    sheet = book["龙头企业清单"]
    assert [c.value for c in sheet[1]] == list(COLUMNS.values())
    assert sheet["B2"].value == "金赛药业" and sheet["E3"].value == 2.25
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert book["说明"]["A2"].value == "演示数据说明"


HOSTILE = pd.DataFrame(
    {
        "name_zh": ["=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "普通项目"],
        "sponsor_zh": [None, None, None, None, None],
        "since": ["2025-11", "2024-01", "2023-12", "2025-01", "2025-02"],
        "investment_yi": [1.23456, -2.5, 0.004, 10.0, 3.0],
        "months": [3, 4, 5, 6, 7],
    }
)
HOSTILE_COLUMNS = {
    "name_zh": "项目名称",
    "sponsor_zh": "投资主体",
    "since": "进入阶段月份",
    "investment_yi": "计划总投资（亿元）",
    "months": "本阶段月数",
}
HOSTILE_KINDS = {"since": "month", "investment_yi": "yi", "months": "count"}


def hostile_frame():
    return export.export_frame(HOSTILE, HOSTILE_COLUMNS, kinds=HOSTILE_KINDS)


def test_formula_like_text_is_written_as_text_in_xlsx():
    book = load_workbook(io.BytesIO(export.to_xlsx_bytes(hostile_frame(), "重大项目清单")))
    sheet = book["重大项目清单"]
    for row, text in enumerate(HOSTILE["name_zh"], start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == text and cell.data_type == "s", (text, cell.data_type)
    assert sheet["A2"].quotePrefix


def test_formula_like_text_gets_an_apostrophe_in_csv():
    raw = export.to_csv_bytes(hostile_frame()).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(raw))
    assert back["项目名称"].tolist() == [
        "'=cmd|' /C calc'!A0",
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "普通项目",
    ]
    assert back["计划总投资（亿元）"].tolist() == [
        1.23,
        -2.5,
        0.0,
        10.0,
        3.0,
    ]  # numbers stay numbers


def test_all_empty_columns_are_left_out():
    assert "投资主体" not in hostile_frame().columns
    kept = export.export_frame(
        HOSTILE.assign(sponsor_zh=["甲", None, None, None, None]), HOSTILE_COLUMNS
    )
    assert "投资主体" in kept.columns


def test_months_are_dates_with_a_chinese_month_format_and_amounts_are_rounded():
    book = load_workbook(io.BytesIO(export.to_xlsx_bytes(hostile_frame(), "清单")))
    sheet = book["清单"]
    header = [c.value for c in sheet[1]]
    month = sheet.cell(row=2, column=header.index("进入阶段月份") + 1)
    assert month.is_date and (month.value.year, month.value.month, month.value.day) == (2025, 11, 1)
    assert month.number_format == 'yyyy"年"m"月"'
    amount = sheet.cell(row=2, column=header.index("计划总投资（亿元）") + 1)
    assert amount.value == 1.23 and amount.number_format == "#,##0.00"
    count = sheet.cell(row=2, column=header.index("本阶段月数") + 1)
    assert count.value == 3 and count.number_format == "#,##0"
    raw = export.to_csv_bytes(hostile_frame()).decode("utf-8-sig")
    assert "2025年11月" in raw and "2025-11" not in raw


def test_notes_that_start_like_a_formula_are_text_too():
    book = load_workbook(io.BytesIO(export.to_xlsx_bytes(hostile_frame(), "清单", ["=1+1"])))
    assert book["说明"]["A2"].value == "'=1+1"
