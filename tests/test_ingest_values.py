"""Wrong values must not pass quietly (issue 11, points 1-7): each ledger below shows one class of
honest mistake; the test asserts the exact message in zh and en, where it is (sheet, row,
column), and that `data/` is byte-identical after the refusal."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import openpyxl
import pandas as pd
import pytest

from ccbio.ingest import LedgerFile, existing_periods, ingest, plan_ingest, write_plan
from ccbio.ingest import values as v
from ccbio.ingest.names import load_names
from ccbio.ingest.problems import IngestError
from ccbio.ingest.schema import OPTIONAL_PROJECT_COLUMNS
from ccbio.ingest.templates import workbook_bytes
from tests.ledgers import (
    INDICATORS,
    NEXT,
    PROJECT_HEADER,
    base_project,
    csv_file,
    indicators_csv,
    projects_csv,
    reject,
    tree_hash,
)
from tests.tiny_data import ROOT


def only_error(plan):
    (err,) = plan.errors
    return err


def stored_projects(data_dir):
    return pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "projects.parquet")


def xlsx(rows_by_sheet: dict[str, list[list]]) -> LedgerFile:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in rows_by_sheet.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return LedgerFile("ledger.xlsx", buf.getvalue())


# ---- 1. units -----------------------------------------------------------------------------------


def test_a_cell_in_yi_under_a_wan_header_is_an_error_naming_the_cell(data_dir):
    text = "项目名称,所属园区,产业领域,所处阶段,计划总投资(万元)\n示例项目,经开区,医疗器械,谋划,12.5亿元\n"
    err = only_error(reject(data_dir, [csv_file(text, "p.csv"), indicators_csv()]))
    assert (err.key, err.sheet, err.row, err.column) == (
        "unit_conflict",
        "p.csv",
        2,
        "计划总投资(万元)",
    )
    assert err.message("zh") == "“12.5亿元”的单位是亿元，与表头的单位万元不一致：请统一单位"
    assert err.message("en") == "'12.5亿元' is in 亿元 while the header says 万元: use one unit"


def test_yuan_under_a_yi_header_is_an_error_not_five_yi(data_dir):
    err = only_error(
        reject(data_dir, [projects_csv(",示例项目,经开区,医疗器械,谋划,5元,,,"), indicators_csv()])
    )
    assert (err.key, err.row, err.column) == ("unit_conflict", 2, "计划总投资(亿元)")
    assert err.message("zh") == "“5元”的单位是元，与表头的单位亿元不一致：请统一单位"


def test_a_cell_unit_converts_where_the_header_states_none(data_dir):
    text = (
        "项目名称,所属园区,产业领域,所处阶段,investment\n示例项目,经开区,医疗器械,谋划,3000万元\n"
    )
    assert ingest([csv_file(text, "p.csv"), indicators_csv()], NEXT, data_dir=data_dir).ok
    row = stored_projects(data_dir).set_index("name_zh").loc["示例项目"]
    assert row["investment_yi"] == pytest.approx(0.3)


def test_yi_typed_under_a_wan_header_is_caught_by_the_plausible_range(data_dir):
    text = (
        "项目名称,所属园区,产业领域,所处阶段,计划总投资(万元)\n示例项目,经开区,医疗器械,谋划,12.5\n"
    )
    err = only_error(reject(data_dir, [csv_file(text, "p.csv"), indicators_csv()]))
    assert err.key == "too_small" and err.column == "计划总投资(万元)"
    assert err.message("zh") == (
        "0.00125 亿元（即 12.5 万元）低于合理下限 0.05 亿元：请核对单位（表头为万元时请按万元填写）"
    )
    assert err.message("en").startswith("0.00125 (100m yuan), i.e. 12.5 万元, is below")


def test_a_count_unit_in_a_money_column_is_an_error(data_dir):
    err = only_error(
        reject(data_dir, [projects_csv(",示例项目,经开区,医疗器械,谋划,5户,,,"), indicators_csv()])
    )
    assert (
        err.key == "bad_unit"
        and err.message("en") == "'5户': the unit '户' does not fit this column"
    )


# ---- 2. number spellings ------------------------------------------------------------------------


def test_full_width_digits_are_read_as_digits(data_dir):
    plan = ingest(
        [projects_csv(",示例项目,经开区,医疗器械,谋划,１２.５,,,"), indicators_csv()],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok, [p.line("en") for p in plan.errors]
    assert stored_projects(data_dir).set_index("name_zh").loc["示例项目", "investment_yi"] == 12.5


@pytest.mark.parametrize(
    "cell, key, zh, en",
    [
        (
            '"7,77"',
            "decimal_comma",
            "“7,77”用逗号作小数点：请写作小数点（如 7.77）",
            "'7,77' uses a comma as the decimal mark: write a point (e.g. 7.77)",
        ),
        (
            '"1,234"',
            "ambiguous_separator",
            "“1,234”中的逗号无法判断是千位分隔还是小数点：请去掉逗号（如 1234 或 1.234）",
            "The comma in '1,234' could be a thousands separator or a decimal mark: write the number without it (e.g. 1234 or 1.234)",
        ),
        (
            "=A1*2",
            "formula_text",
            "“=A1*2”是公式文本，不是数字：请填写计算结果",
            "'=A1*2' is a formula, not a number: enter its result",
        ),
        (
            "2025-03-01",
            "date_in_number",
            "“2025-03-01”是日期，不是数字：请检查单元格格式",
            "'2025-03-01' is a date, not a number: check the cell's format",
        ),
    ],
)
def test_unclear_numbers_are_errors_quoting_the_cell(data_dir, cell, key, zh, en):
    err = only_error(
        reject(
            data_dir, [projects_csv(f",示例项目,经开区,医疗器械,谋划,{cell},,,"), indicators_csv()]
        )
    )
    assert (err.key, err.row, err.column) == (key, 2, "计划总投资(亿元)")
    assert (err.message("zh"), err.message("en")) == (zh, en)


def test_clear_thousands_separators_are_read():
    assert v.number("1,234.5") == 1234.5 and v.number("12,345,678") == 12345678
    assert v.number("１，２３４．５") == 1234.5  # full-width digits, comma and point
    assert v.number("3000万元") == pytest.approx(0.3) and v.number("12.5亿") == 12.5


def test_a_date_and_an_uncalculated_formula_in_an_excel_number_cell(data_dir):
    header = PROJECT_HEADER.split(",")
    ledger = xlsx(
        {
            "项目台账": [
                header,
                [None, "示例甲", "经开区", "医疗器械", "谋划", dt.datetime(2025, 3, 1)],
                [None, "示例乙", "经开区", "医疗器械", "谋划", "=F2*2"],
            ]
        }
    )
    plan = reject(data_dir, [ledger, indicators_csv()])
    assert [(p.key, p.row, p.column) for p in plan.errors] == [
        ("date_in_number", 2, "计划总投资(亿元)"),
        ("formula_no_value", 3, "计划总投资(亿元)"),
    ]
    assert plan.errors[1].message("zh") == "公式单元格没有计算结果：请在 Excel 中重新计算并保存"
    assert plan.errors[1].message("en") == (
        "A formula cell without a calculated result: recalculate the workbook in Excel and save it"
    )
    assert "必填项为空" not in [p.message("zh") for p in plan.errors]


# ---- 3. encodings -------------------------------------------------------------------------------


def test_a_csv_mixing_utf8_and_gbk_rows_is_refused_at_the_first_bad_row(data_dir):
    good = (PROJECT_HEADER + "\n,长春示例甲,经开区,医疗器械,谋划,3,,,\n").encode("utf-8")
    bad = ",长春示例乙,经开区,医疗器械,谋划,3,,,\n".encode("gbk")
    err = only_error(reject(data_dir, [LedgerFile("p.csv", good + bad), indicators_csv()]))
    assert (err.key, err.sheet, err.row) == ("mixed_encoding", "p.csv", 3)
    assert err.message("zh") == (
        "CSV 编码混杂：第 1 行是 UTF-8 编码，本行却是 GBK 编码。请在 Excel 中整体另存为 UTF-8 CSV"
    )
    assert err.message("en") == (
        "The CSV mixes encodings: row 1 is UTF-8, this row is GBK. Save the whole file as UTF-8 CSV"
    )


def test_nul_and_control_characters_are_stripped_with_a_note(data_dir):
    plan = ingest(
        [projects_csv(",长春\x00示例\x07项目\u200b,经开区,医疗器械,谋划,3,,,"), indicators_csv()],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok
    (note,) = [p for p in plan.notes if p.key == "control_chars"]
    assert (note.row, note.column) == (2, "项目名称")
    assert note.message("zh") == "已删除单元格中的不可见字符或控制字符，保存为“长春示例项目”"
    assert "长春示例项目" in set(stored_projects(data_dir)["name_zh"])


# ---- 4. missing parts ---------------------------------------------------------------------------


def test_an_indicator_column_left_out_is_an_error_not_a_silent_zero(data_dir):
    lines = [",".join(line.split(",")[:5]) for line in INDICATORS.strip().split("\n")]
    plan = reject(data_dir, [csv_file("\n".join(lines) + "\n", "ind.csv")])
    (err,) = [p for p in plan.errors if p.key == "indicator_missing"]
    assert (err.sheet, err.column) == ("ind.csv", "医药流通收入(亿元)")
    assert err.message("zh").startswith("本列没有 2026-01 的数值：每个指标都必须填报本月数")


def test_parks_left_out_need_a_confirmation_with_the_numbers(data_dir):
    lines = INDICATORS.strip().split("\n")
    kept = [lines[0]] + [line for line in lines[1:] if "中韩(长春)" not in line]
    ledger = csv_file("\n".join(kept) + "\n", "ind.csv")
    before = tree_hash(data_dir)
    plan = ingest([ledger], NEXT, data_dir=data_dir)  # no reason: validated, not written
    assert plan.ok and tree_hash(data_dir) == before
    missing = {p.column: p for p in plan.confirmations if p.key == "cells_missing"}
    first = missing["医药工业产值(亿元)"]
    assert first.values["n"] == 6 and "中韩(长春)国际合作示范区 × 医美产业" in first.message("zh")
    assert (
        "China–Korea (Changchun) International Cooperation Demonstration Zone × Medical aesthetics"
        in first.message("en")
    )
    with pytest.raises(IngestError) as refused:
        write_plan(plan, data_dir)
    assert [p.key for p in refused.value.problems] == ["needs_confirmation"]
    assert tree_hash(data_dir) == before
    write_plan(plan, data_dir, reason="中韩示范区本月未报送，下月补报")
    note = json.loads(
        (data_dir / "snapshots" / f"period={NEXT}" / "ingest.json").read_text("utf-8")
    )
    assert note["reason"] == "中韩示范区本月未报送，下月补报"
    assert any("中韩(长春)国际合作示范区" in c["zh"] for c in note["confirmed"])


def test_a_firm_entered_in_a_future_month_is_an_error(data_dir):
    text = "企业名称,所属园区,产业领域,入库月份\n长春示例企业,经开区,医疗器械,2026-05\n"
    err = only_error(reject(data_dir, [csv_file(text, "e.csv"), indicators_csv()]))
    assert (err.key, err.row, err.column) == ("future_month", 2, "入库月份")
    assert err.message("zh") == "月份 2026-05 晚于本期 2026-01"


def test_year_on_year_times_two_needs_a_confirmation_and_errors_cannot_be_confirmed(data_dir):
    lines = INDICATORS.strip().split("\n")
    doubled = [lines[0]] + [
        ",".join(
            c if i < 3 or not c else f"{float(c) * 2.2:.4f}" for i, c in enumerate(line.split(","))
        )
        for line in lines[1:]
    ]
    ledger = csv_file("\n".join(doubled) + "\n", "ind.csv")
    plan = plan_ingest([ledger], NEXT, data_dir=data_dir)
    unusual = [p for p in plan.confirmations if p.key == "unusual_total"]
    assert plan.ok and len(unusual) == 3 and unusual[0].values["ratio"] == "2.42"
    assert "是去年同月（2025-01：" in unusual[0].message("zh") and "请确认并写明原因" in unusual[
        0
    ].message("zh")
    bad = reject(data_dir, [ledger, projects_csv(",示例,火星园区,医疗器械,谋划,3,,,")])
    before = tree_hash(data_dir)
    assert not ingest(
        [ledger, projects_csv(",示例,火星园区,医疗器械,谋划,3,,,")],
        NEXT,
        data_dir=data_dir,
        reason="确认",
    ).ok
    assert tree_hash(data_dir) == before and "unknown_park" in [p.key for p in bad.errors]


# ---- 5. names as people write them --------------------------------------------------------------


@pytest.mark.parametrize(
    "park, sector, park_id, sector_id",
    [
        ("中韩示范区", "生物药提质升级", "china_korea", "biologics"),
        ("中韩（长春）国际合作示范区", "中药发展壮大工程", "china_korea", "tcm"),
        (" 净月 高新区\u200b", "生物药提质升级工程", "jingyue", "biologics"),
        ("长春经开区", "医疗器械发展壮大", "edz", "devices"),
        ("长春北湖创新产业园", "医美", "pharma_valley", "aesthetics"),
    ],
)
def test_parks_and_sectors_as_people_write_them(data_dir, park, sector, park_id, sector_id):
    plan = ingest(
        [projects_csv(f",示例项目,{park},{sector},谋划,3,,,"), indicators_csv()],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok, [p.line("en") for p in plan.errors]
    row = stored_projects(data_dir).set_index("name_zh").loc["示例项目"]
    assert (row["park_id"], row["sector_id"]) == (park_id, sector_id)


def test_every_alias_has_a_source_and_one_meaning():
    names = load_names(ROOT / "data")  # raises AliasError when one variant names two parks
    aliases = names.aliases
    assert aliases["source_zh"].str.strip().astype(bool).all()
    assert aliases["source_en"].str.strip().astype(bool).all()
    assert not aliases.duplicated(["kind", "alias"]).any()
    for row in aliases.itertuples():
        assert getattr(names, row.kind + "s")[v.normalise(row.alias)] == row.id


def test_the_options_sheet_shows_the_aliases_and_their_sources(data_dir):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data_dir)), read_only=True)
    cells = {c for row in book["选项"].iter_rows(values_only=True) for c in row if c}
    assert {"园区也可写作", "领域也可写作", "中韩示范区", "生物药提质升级"} <= cells
    assert any("长春发布，2024-04-19" in str(c) for c in cells)


# ---- 6. derived flags ---------------------------------------------------------------------------


def test_the_major_project_flag_follows_the_visible_rule(data_dir):
    header = PROJECT_HEADER + ",重大项目"
    rows = [
        ",小项目,经开区,医疗器械,谋划,3,,,,",
        ",大项目,经开区,医疗器械,谋划,12,,,,",
        ",点名项目,经开区,医疗器械,谋划,3,,,,是",
    ]
    assert ingest(
        [csv_file("\n".join([header, *rows]) + "\n", "p.csv"), indicators_csv()],
        NEXT,
        data_dir=data_dir,
    ).ok
    major = stored_projects(data_dir).set_index("name_zh")["is_major"]
    assert (bool(major["小项目"]), bool(major["大项目"]), bool(major["点名项目"])) == (
        False,
        True,
        True,
    )


# ---- 13. the period -----------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026-01\n", "２０２６-０１", " 2026-01", "2026-1", "2026-13"])
def test_a_wrong_period_is_one_message(data_dir, period):
    plan = reject(
        data_dir,
        [projects_csv(",甲,火星园区,医疗器械,谋划,abc,,,"), indicators_csv()],
        period=period,
    )
    (err,) = plan.problems
    assert (err.key, err.column) == ("bad_period", "--period")
    shown = period.replace("\n", "\\n")
    assert err.message("zh") == f"期间“{shown}”格式不对，应为 YYYY-MM（例如 2026-01，半角数字）"
    assert (
        err.message("en")
        == f"Period '{shown}' is not of the form YYYY-MM (e.g. 2026-01, ASCII digits)"
    )


def test_replacing_a_past_month_says_later_snapshots_lack_it_and_needs_confirmation(data_dir):
    ledger = csv_file(INDICATORS.replace("2026-01", "2025-11"), "ind.csv")
    plan = plan_ingest([ledger], "2025-11", replace=True, data_dir=data_dir)
    past = [p for p in plan.confirmations if p.key == "replace_past"]
    assert plan.ok and len(past) == 1
    assert past[0].message("zh") == (
        "2025-11 之后已有 1 期快照（2025-12 至 2025-12），它们不会包含这次改动：如仍要覆盖 2025-11，请确认并写明原因"
    )
    before = tree_hash(data_dir)
    assert ingest([ledger], "2025-11", replace=True, data_dir=data_dir).ok
    assert tree_hash(data_dir) == before  # not written without a reason
    ingest([ledger], "2025-11", replace=True, data_dir=data_dir, reason="统计局更正")
    assert tree_hash(data_dir) != before and existing_periods(data_dir) == [
        "2025-10",
        "2025-11",
        "2025-12",
    ]


def test_an_unchanged_prefilled_template_counts_no_update(data_dir):
    book = workbook_bytes(data_dir, "2025-12")
    plan = plan_ingest([LedgerFile("ledgers_2026-01.xlsx", book)], NEXT, data_dir=data_dir)
    assert plan.ok, [p.line("en") for p in plan.errors[:5]]
    s = plan.summary
    assert (s["projects_updated"], s["firms_updated"], s["projects_new"], s["firms_new"]) == (
        0,
        0,
        0,
        0,
    )
    assert s["projects_unchanged"] == s["projects"] and s["firms_unchanged"] == s["enterprises"]
    assert s["indicator_values"] > 0 and s["revised_values"] == 0
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb["项目台账"]
    ws.cell(row=2, column=8).value = float(ws.cell(row=2, column=8).value) + 1  # one edit
    buf = io.BytesIO()
    wb.save(buf)
    plan = plan_ingest([LedgerFile("edited.xlsx", buf.getvalue())], NEXT, data_dir=data_dir)
    assert plan.ok and plan.summary["projects_updated"] == 1


def test_optional_project_columns_are_stored_under_the_agreed_names(data_dir):
    header = PROJECT_HEADER + ",责任单位,计划开工年月,计划投产年月,计划达产年月"
    text = header + "\n,示例项目,经开区,医疗器械,谋划,3,,,,经开区管委会,2026-06,2027年6月,2028-01\n"
    wrong = header + "\n,示例乙,经开区,医疗器械,谋划,3,,,,,2027-06,2026-06,\n"
    err = only_error(reject(data_dir, [csv_file(wrong, "p.csv"), indicators_csv()]))
    assert (err.key, err.column) == ("planned_order", "计划投产年月")
    assert ingest([csv_file(text, "p.csv"), indicators_csv()], NEXT, data_dir=data_dir).ok
    row = stored_projects(data_dir).set_index("name_zh").loc["示例项目"]
    assert (
        row["responsible_unit"],
        row["planned_construction_start"],
        row["planned_commissioning"],
        row["planned_full_capacity"],
    ) == (
        "经开区管委会",
        "2026-06",
        "2027-06",
        "2028-01",
    )


def test_optional_columns_are_written_only_when_the_snapshot_or_a_ledger_has_them(data_dir):
    import pyarrow.parquet as pq

    base = data_dir / "snapshots" / "period=2025-12" / "projects.parquet"
    had = pq.read_schema(base).names
    ledger = [projects_csv(",示例项目,经开区,医疗器械,谋划,3,,,"), indicators_csv()]
    assert ingest(ledger, NEXT, data_dir=data_dir).ok
    assert list(stored_projects(data_dir).columns) == had  # carried as the snapshot has them
    for folder in (data_dir / "snapshots").iterdir():  # a snapshot without them (older data)
        for path in folder.glob("projects.parquet"):
            table = pq.read_table(path)
            keep = [c for c in table.column_names if c not in OPTIONAL_PROJECT_COLUMNS]
            pq.write_table(table.select(keep), path)
    shutil.rmtree(data_dir / "snapshots" / f"period={NEXT}")
    assert ingest(ledger, NEXT, data_dir=data_dir).ok
    assert not set(OPTIONAL_PROJECT_COLUMNS) & set(stored_projects(data_dir).columns)
    p = base_project(data_dir, "planned")
    assert p.project_id in set(stored_projects(data_dir)["project_id"])
