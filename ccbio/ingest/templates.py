"""Blank (or pre-filled) ledger templates: one .xlsx workbook, or one UTF-8 .csv per ledger."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ccbio import config
from ccbio.alerts import STAGE_NAMES
from ccbio.ingest.schema import (
    CSV_NAMES,
    INDICATOR_COLUMNS,
    INDICATOR_KEY_COLUMNS,
    LEDGERS,
    SHEET_NAMES,
    TEMPLATE_INDICATORS,
    Column,
)

OPTIONS_SHEET = "选项"
GUIDE = [
    ("长春市生物医药产业监测台账模板 · Ledger template", ""),
    ("", ""),
    (
        "用法 / How to use",
        "每月填写三张台账后上传（管理页面）或运行 uv run ccbio ingest 文件.xlsx --period YYYY-MM",
    ),
    (
        "项目台账 / projects",
        "每行一个项目。已有项目填项目编号并改动相应列；新项目编号留空。未列出的项目沿用上一期。",
    ),
    ("", "阶段只能前进；倒退必须在“变动原因”写明原因。状态填 终止/退出/完成 表示移出储备。"),
    (
        "企业台账 / enterprises",
        "每行一户企业。已有企业填企业编号；新企业留空。状态填 迁出/注销 表示移出。是/否 列留空表示不变。",
    ),
    (
        "指标台账 / indicators",
        "每行一个 月份 × 园区 × 领域，金额单位亿元（表头写“(万元)”则按万元换算）。",
    ),
    ("", "必须包含本期月份的数据（初步数）；早于本期的月份视为修订，会在“快照对比”页显示为修订。"),
    ("", "企业数量、规上等户数按企业台账自动统计，如需直接填报可加列“企业数量(户)”等。"),
    ("园区、领域 / parks, sectors", "填名称或编号均可，见“选项”表。"),
    (
        "必填列 / required",
        "项目：项目名称、所属园区、产业领域、所处阶段、计划总投资(亿元)；企业：企业名称、所属园区、产业领域；指标：月份、所属园区、产业领域",
    ),
]


def _columns(ledger: str) -> tuple[Column, ...]:
    if ledger == "indicators":
        return INDICATOR_KEY_COLUMNS + INDICATOR_COLUMNS[:TEMPLATE_INDICATORS]
    return LEDGERS[ledger]


def headers(ledger: str) -> list[str]:
    """Return the Chinese headers of a ledger's template, in order."""
    return [c.header_zh for c in _columns(ledger)]


def _reference(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    ref = data_dir / "reference"
    return pd.read_csv(ref / "parks.csv", dtype=str), pd.read_csv(ref / "sectors.csv", dtype=str)


def prefilled_rows(ledger: str, period: str, data_dir: Path | None = None) -> list[list]:
    """Return the rows of snapshot `period` in the ledger's layout (to edit and upload back)."""
    data_dir = Path(data_dir or config.data_dir())
    folder = data_dir / "snapshots" / f"period={period}"
    parks, sectors = _reference(data_dir)
    park_zh, sector_zh = (
        dict(zip(parks.park_id, parks.name_zh, strict=True)),
        dict(zip(sectors.sector_id, sectors.name_zh, strict=True)),
    )
    yes = {True: "是", False: "否"}
    if ledger == "projects":
        df = pd.read_parquet(folder / "projects.parquet").sort_values("project_id")
        build = {"new": "新建", "continued": "续建"}
        return [
            [
                r.project_id,
                r.name_zh,
                r.name_en,
                r.sponsor_zh if isinstance(r.sponsor_zh, str) else None,
                park_zh[r.park_id],
                sector_zh[r.sector_id],
                STAGE_NAMES[r.stage][0],
                r.investment_yi,
                build.get(r.build_type),
                None,
                None,
            ]
            for r in df.itertuples()
        ]
    if ledger == "enterprises":
        df = pd.read_parquet(folder / "enterprises.parquet").sort_values("enterprise_id")
        return [
            [
                r.enterprise_id,
                r.name_zh,
                r.name_en,
                park_zh[r.park_id],
                sector_zh[r.sector_id],
                yes[r.is_chain_leader],
                yes[r.is_chain_leader_new],
                yes[r.is_listed],
                yes[r.is_above_scale],
                yes[r.is_srdi],
                yes[r.is_leading],
                r.output_value_yi,
                r.entered_month,
                None,
                None,
            ]
            for r in df.itertuples()
        ]
    return []


def workbook_bytes(data_dir: Path | None = None, prefill_period: str | None = None) -> bytes:
    """Return an .xlsx workbook: a guide, the three ledgers (headers, drop-downs) and the options."""
    data_dir = Path(data_dir or config.data_dir())
    parks, sectors = _reference(data_dir)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "说明"
    for row in GUIDE:
        guide.append(list(row))
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 28, 110
    options = book.create_sheet(OPTIONS_SHEET)
    options.append(
        [
            "园区名称",
            "园区编号",
            "产业领域",
            "领域编号",
            "所处阶段",
            "新建/续建",
            "状态(项目)",
            "状态(企业)",
            "是/否",
        ]
    )
    lists = [
        list(parks.name_zh),
        list(parks.park_id),
        list(sectors.name_zh),
        list(sectors.sector_id),
        [zh for zh, _ in STAGE_NAMES.values()],
        ["新建", "续建"],
        ["终止", "退出", "完成"],
        ["迁出", "注销"],
        ["是", "否"],
    ]
    for i in range(max(map(len, lists))):
        options.append([col[i] if i < len(col) else None for col in lists])
    drop = {"park": "A", "sector": "C", "stage": "E", "build": "F", "flag": "I"}
    for ledger, title in SHEET_NAMES.items():
        ws = book.create_sheet(title)
        cols = _columns(ledger)
        ws.append([c.header_zh for c in cols])
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j)
            cell.font = Font(bold=True, color="FFFFFF" if col.required else "000000")
            cell.fill = PatternFill("solid", fgColor="C8102E" if col.required else "DDDDDD")
            ws.column_dimensions[cell.column_letter].width = max(12, len(col.header_zh) * 2 + 2)
            status = {"projects": "G", "enterprises": "H"}.get(ledger)
            source = drop.get(col.kind) or (status if col.kind == "status" else None)
            if source:
                n = len(lists["ABCDEFGHI".index(source)]) + 1
                dv = DataValidation(
                    type="list",
                    formula1=f"='{OPTIONS_SHEET}'!${source}$2:${source}${n}",
                    allow_blank=True,
                )
                dv.showErrorMessage = False  # ids and English names are accepted too
                ws.add_data_validation(dv)
                dv.add(f"{cell.column_letter}2:{cell.column_letter}2000")
        ws.freeze_panes = "A2"
        if prefill_period:
            for row in prefilled_rows(ledger, prefill_period, data_dir):
                ws.append(row)
    book.move_sheet("说明", offset=0)
    book.move_sheet(OPTIONS_SHEET, offset=len(book.sheetnames))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    ledger: str, data_dir: Path | None = None, prefill_period: str | None = None
) -> bytes:
    """Return one ledger as CSV (UTF-8 with a BOM, so Excel opens Chinese headers correctly)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers(ledger))
    if prefill_period:
        writer.writerows(prefilled_rows(ledger, prefill_period, data_dir))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_templates(
    out_dir: Path,
    fmt: str = "xlsx",
    data_dir: Path | None = None,
    prefill_period: str | None = None,
) -> list[Path]:
    """Write the template(s) into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = f"_{prefill_period}" if prefill_period else ""
    if fmt == "xlsx":
        path = out_dir / f"ledgers_template{suffix}.xlsx"
        path.write_bytes(workbook_bytes(data_dir, prefill_period))
        return [path]
    paths = []
    for ledger, name in CSV_NAMES.items():
        path = out_dir / name.replace(".csv", f"{suffix}.csv")
        path.write_bytes(csv_bytes(ledger, data_dir, prefill_period))
        paths.append(path)
    return paths
