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
