"""Bounded cost and no traceback (issue 11, points 8-9): bombs are refused before the workbook is
read in full, oversized inputs get a message that says which limit, and the data is unchanged."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import openpyxl
import pytest

from ccbio.ingest import LedgerFile, limits, xlsx
from tests.ledgers import (
    INDICATORS,
    PROJECT_HEADER,
    indicators_csv,
    reject,
)
from tests.tiny_data import ROOT


def workbook(**cells) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目台账"
    ws.append(PROJECT_HEADER.split(","))
    ws.append([None, "示例项目", "经开区", "医疗器械", "谋划", 3])
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail if openpyxl is asked to load the workbook, and count the cell values built."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load a workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    built = {"cells": 0}
    real = xlsx._value

    def counting(*args):
        built["cells"] += 1
        return real(*args)

    monkeypatch.setattr(xlsx, "_value", counting)
    return built


@pytest.fixture
def unzipped(monkeypatch):
    """Count the bytes decompressed from any zip part during the test."""
    seen = {"bytes": 0}
    real = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = real(self, n)
        seen["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return seen


def test_one_cell_at_xfd60000_is_refused_before_loading(data_dir, no_openpyxl):
    """The refusal comes from the cell's reference, before a single padded row is built."""
    content = workbook(XFD60000="x")
    assert len(content) < 10_000
    plan = reject(data_dir, [LedgerFile("bomb.xlsx", content), indicators_csv()])
    (err,) = plan.errors
    assert (err.key, err.sheet) == ("sheet_too_large", "bomb.xlsx › 项目台账")
    assert err.message("zh") == (
        "工作表的数据范围延伸到 XFD60000（第 60000 行、第 16384 列），超过上限（50000 行、60 列）："
        "请删除表格之外的单元格后另存"
    )
    assert err.message("en").startswith(
        "The sheet's range reaches XFD60000 (row 60000, column 16384)"
    )


def test_a_huge_shared_string_is_refused_before_it_is_unpacked(data_dir, no_openpyxl, unzipped):
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            block = b"a" * (1 << 20)
            for _ in range(400):
                part.write(block)
            part.write(b"</t></si></sst>")
    content = buf.getvalue()
    assert len(content) < 1_000_000
    unzipped["bytes"] = 0
    plan = reject(data_dir, [LedgerFile("strings.xlsx", content), indicators_csv()])
    (err,) = plan.errors
    assert err.key == "part_too_big" and err.sheet == "strings.xlsx"
    assert err.message("zh").startswith("工作簿解压后超过 16 MB")
    assert unzipped["bytes"] < 20 * 1024 * 1024  # not read in full (it unpacks to 400 MB)


def test_a_workbook_with_too_many_cells_is_refused(data_dir, no_openpyxl, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    book = openpyxl.Workbook()
    ws = book.active
    for _ in range(30):
        ws.append(list(range(10)))
    buf = io.BytesIO()
    book.save(buf)
    (err,) = reject(data_dir, [LedgerFile("many.xlsx", buf.getvalue()), indicators_csv()]).errors
    assert (
        err.key == "too_many_cells"
        and err.message("en") == "More than 100 cells: split the workbook"
    )


def test_a_truncated_workbook_is_a_message(data_dir):
    content = workbook()
    (err,) = reject(
        data_dir, [LedgerFile("cut.xlsx", content[: len(content) // 2]), indicators_csv()]
    ).errors
    assert err.key == "bad_excel"
    assert err.message("zh").startswith("无法作为 Excel 工作簿读取：文件不完整")


def test_truncated_sheet_xml_inside_a_valid_zip_is_a_message(data_dir):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            out.writestr(item, data)
    (err,) = reject(data_dir, [LedgerFile("broken.xlsx", buf.getvalue()), indicators_csv()]).errors
    assert err.key == "damaged_excel"
    assert (
        err.message("en")
        == "The workbook's content is damaged: open it in Excel, save it again and retry"
    )


def test_a_200000_row_csv_is_refused_without_validating_every_row(data_dir):
    row = ",{},edz,devices,planned,3,,,\n"
    text = PROJECT_HEADER + "\n" + "".join(row.format(i) for i in range(200_000))
    (err,) = reject(data_dir, [LedgerFile("big.csv", text.encode()), indicators_csv()]).errors
    assert (err.key, err.sheet) == ("too_many_rows", "big.csv")
    assert err.message("zh") == "数据行超过上限 50,000 行：请拆分后分次上传"


def test_a_csv_cell_past_the_field_size_limit_is_a_message(data_dir):
    text = PROJECT_HEADER + '\n,"' + "长" * 200_000 + '",经开区,医疗器械,谋划,3,,,\n'
    (err,) = reject(data_dir, [LedgerFile("long.csv", text.encode()), indicators_csv()]).errors
    assert (err.key, err.row) == ("bad_csv", 2)


def test_too_many_columns_is_a_message(data_dir):
    text = PROJECT_HEADER + "\n" + ",示例,经开区,医疗器械,谋划,3" + ",x" * 100 + "\n"
    (err,) = reject(data_dir, [LedgerFile("wide.csv", text.encode()), indicators_csv()]).errors
    assert (err.key, err.row) == ("too_many_columns", 2)


def test_a_file_over_the_size_limit_is_refused_unread(data_dir):
    content = b"x" * (limits.MAX_FILE_BYTES + 1)
    (err,) = reject(data_dir, [LedgerFile("big.xlsx", content), indicators_csv()]).errors
    assert err.key == "too_big" and err.message("zh") == "文件超过 10 MB，请拆分后上传"


def test_the_server_upload_limit_is_the_ingest_limit():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        assert tomllib.load(f)["server"]["maxUploadSize"] == limits.MAX_FILE_MB


def test_utf16_csv_from_excel_unicode_text_is_read(data_dir):
    from ccbio.ingest import plan_ingest

    text = PROJECT_HEADER + "\n,示例项目,经开区,医疗器械,谋划,3,,,\n"
    plan = plan_ingest(
        [LedgerFile("p.csv", text.encode("utf-16")), indicators_csv()], "2026-01", data_dir=data_dir
    )
    assert plan.ok and plan.summary["projects_new"] == 1
    assert INDICATORS


def _with_shared_strings(sst: bytes, index: bytes = b"0") -> bytes:
    """The test workbook with its B2 cell read from a shared-strings part `sst`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                    b'<c r="B2" t="s"><v>' + index + b"</v></c>",
                    data,
                )
            dst.writestr(item, data)
        dst.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
    + SST.format("&i;")
)


def test_shared_strings_are_read_and_forged_ones_refused(data_dir):
    from ccbio.ingest import plan_ingest

    ok = _with_shared_strings(SST.format("共享串项目").encode())
    plan = plan_ingest([LedgerFile("s.xlsx", ok), indicators_csv()], "2026-01", data_dir=data_dir)
    assert plan.ok and plan.summary["projects_new"] == 1
    for forged in (
        _with_shared_strings(SST.format("x").encode(), b"-1"),  # would read the last string
        _with_shared_strings(SST.format("x").encode(), b"99999"),
        _with_shared_strings(LAUGHS.encode()),  # a billion laughs: expat refuses the expansion
    ):
        (err,) = reject(data_dir, [LedgerFile("f.xlsx", forged), indicators_csv()]).errors
        assert err.key == "damaged_excel"


def test_a_far_cell_behind_a_lying_dimension_is_refused_at_the_cell(data_dir, no_openpyxl):
    honest = workbook(XFD60000="x")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(honest)) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A1:XFD60000"', b'ref="A1:B2"')
                assert b'ref="A1:B2"' in data
            out.writestr(item, data)
    (err,) = reject(data_dir, [LedgerFile("lying.xlsx", buf.getvalue()), indicators_csv()]).errors
    assert err.key == "sheet_too_large" and err.values["ref"] == "XFD60000"
    assert no_openpyxl["cells"] < 20  # the header and one row, then the far cell stops it
