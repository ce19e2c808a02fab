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
from ccbio.export import defuse, is_formula_like
from ccbio.ingest.apply import build_type_of
from ccbio.ingest.names import load_names
from ccbio.ingest.schema import (
    CSV_NAMES,
    INDICATOR_COLUMNS,
    INDICATOR_KEY_COLUMNS,
    LEDGERS,
    MAJOR_PROJECT_MIN_YI,
    SHEET_NAMES,
    TEMPLATE_INDICATORS,
    Column,
)
from ccbio.periods import add_months

OPTIONS_SHEET = "选项"
GUIDE = [
    ("长春市生物医药产业监测台账模板 · Ledger template", ""),
    ("", ""),
    (
        "用法 / How to use",
        "每月填写三张台账后，在“数据更新”页面上传；校验通过后即可写入新的月度快照。",
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
    ("", "预填版的“指标台账”已按下一个月填入最新一期的数值：把变动的数改成本月数后上传即可。"),
    (
        "园区、领域 / parks, sectors",
        "填名称、编号或常用写法均可（如“中韩示范区”“生物药提质升级工程”），全部写法及出处见“选项”表。",
    ),
    (
        "金额 / amounts",
        "按表头单位填写（亿元；表头改为“(万元)”则按万元）。单元格里写了与表头不同的单位会被拒绝。",
    ),
    (
        "重大项目 / major projects",
        f"“重大项目”列填 是/否；留空时，新项目计划总投资 ≥ {MAJOR_PROJECT_MIN_YI:g} 亿元列入重大项目清单，已有项目沿用上一期。",
    ),
    (
        "投资主体 / sponsor",
        "“投资主体企业编号”填企业台账中的企业编号（如 E0123），企业档案据此列出其投资项目；投资方不在本市企业统计中则留空，只填“投资主体”。",
    ),
    (
        "需确认的提示",
        "同比变化过大、部分园区未报、往月大幅修订等情况会列出数值，需勾选确认并写明原因后才能写入；原因随快照保存。",
    ),
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


def _cell(value: object) -> object:
    """Return a value as a template cell: missing values blank, booleans as 是/否."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def prefilled_rows(ledger: str, period: str, data_dir: Path | None = None) -> list[list]:
    """Return the rows of snapshot `period` in the ledger's layout (to edit and upload back).

    The indicators ledger carries the month's values dated the next month, so that a planner
    changes what moved and uploads it as the next period.
    """
    data_dir = Path(data_dir or config.data_dir())
    folder = data_dir / "snapshots" / f"period={period}"
    parks, sectors = _reference(data_dir)
    names = {
        "park_id": dict(zip(parks.park_id, parks.name_zh, strict=True)),
        "sector_id": dict(zip(sectors.sector_id, sectors.name_zh, strict=True)),
        "stage": {k: zh for k, (zh, _) in load_names(data_dir).stages.items()},
        "build_type": {"new": "新建", "continued": "续建"},
    }
    if ledger == "indicators":
        df = pd.read_parquet(folder / "indicators.parquet")
        codes = [c.name for c in INDICATOR_COLUMNS[:TEMPLATE_INDICATORS]]
        month = df[(df["month"] == period) & df["indicator_code"].isin(codes)]
        wide = month.pivot_table(
            index=["park_id", "sector_id"], columns="indicator_code", values="value", aggfunc="sum"
        ).reindex(columns=codes)
        return [
            [add_months(period, 1), names["park_id"][park], names["sector_id"][sector]]
            + [None if pd.isna(x) else round(float(x), 4) for x in row]
            for (park, sector), row in zip(wide.index, wide.to_numpy(), strict=True)
        ]
    table, key = {
        "projects": ("projects", "project_id"),
        "enterprises": ("enterprises", "enterprise_id"),
    }[ledger]
    df = pd.read_parquet(folder / f"{table}.parquet").sort_values(key)
    if ledger == "projects":  # blank where the start year gives it, so the next month derives it
        derived = [build_type_of(s, period) for s in df["construction_start"]]
        df["build_type"] = df["build_type"].where(
            df["build_type"] != pd.Series(derived, index=df.index)
        )
    cols = _columns(ledger)
    return [
        [
            _cell(names[c.name].get(r.get(c.name)) if c.name in names else r.get(c.name))
            for c in cols
        ]
        for r in df.to_dict("records")
    ]


def _options(book, data_dir: Path) -> dict[str, str]:
    """Write the 选项 sheet (allowed values, and every accepted way of writing a park or sector with
    its source); return column letter by column kind for the drop-downs."""
    parks, sectors = _reference(data_dir)
    names = load_names(data_dir)
    options = book.create_sheet(OPTIONS_SHEET)
    aliases = names.aliases.groupby(["kind", "id"])["alias"].agg("、".join)
    lists = {
        "园区名称": list(parks.name_zh),
        "园区编号": list(parks.park_id),
        "园区也可写作": [aliases.get(("park", p), "") for p in parks.park_id],
        "产业领域": list(sectors.name_zh),
        "领域编号": list(sectors.sector_id),
        "领域也可写作": [
            "、".join(x for x in (p, aliases.get(("sector", s), "")) if x)
            for s, p in zip(sectors.sector_id, sectors.project_zh, strict=True)
        ],
        "所处阶段": [zh for zh, _ in names.stages.values()],
        "新建/续建": ["新建", "续建"],
        "状态(项目)": ["终止", "退出", "完成"],
        "状态(企业)": ["迁出", "注销"],
        "是/否": ["是", "否"],
    }
    options.append(list(lists))
    for i in range(max(map(len, lists.values()))):
        options.append([col[i] if i < len(col) else None for col in lists.values()])
    options.append([])
    options.append(["写法", "对应", "出处 / source"])
    for row in names.aliases.itertuples():
        options.append([row.alias, names.labels.get(row.id, (row.id,))[0], row.source_zh])
    letters = {name: "ABCDEFGHIJKLMNOP"[j] for j, name in enumerate(lists)}
    kinds = {
        "park": "园区名称",
        "sector": "产业领域",
        "stage": "所处阶段",
        "build": "新建/续建",
        "project_status": "状态(项目)",
        "firm_status": "状态(企业)",
        "flag": "是/否",
    }
    return {kind: (letters[name], len(lists[name]) + 1) for kind, name in kinds.items()}


def _as_text(ws) -> None:
    """Keep prefilled text that starts like a formula ('=cmd|…', written through a ledger) as the
    text it is: openpyxl took it for a live formula (OWASP CSV injection). It reads back unchanged."""
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type, cell.quotePrefix = "s", True


def workbook_bytes(data_dir: Path | None = None, prefill_period: str | None = None) -> bytes:
    """Return an .xlsx workbook: a guide, the three ledgers (headers, drop-downs) and the options."""
    data_dir = Path(data_dir or config.data_dir())
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "说明"
    for row in GUIDE:
        guide.append(list(row))
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 28, 110
    drop = _options(book, data_dir)
    for ledger, title in SHEET_NAMES.items():
        ws = book.create_sheet(title)
        cols = _columns(ledger)
        ws.append([c.header_zh for c in cols])
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j)
            cell.font = Font(bold=True, color="FFFFFF" if col.required else "000000")
            cell.fill = PatternFill("solid", fgColor="C8102E" if col.required else "DDDDDD")
            ws.column_dimensions[cell.column_letter].width = max(12, len(col.header_zh) * 2 + 2)
            if col.kind in drop:
                source, n = drop[col.kind]
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
            _as_text(ws)
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
        # text that starts like a formula gets an apostrophe (OWASP); reading a CSV removes it
        rows = prefilled_rows(ledger, prefill_period, data_dir)
        writer.writerows([defuse(cell) for cell in row] for row in rows)
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
