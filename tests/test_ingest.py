"""Ledger ingestion: every bad input gives its clear error and leaves the data folder unchanged."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from ccbio import data
from ccbio.cli import main as cli_main
from ccbio.ingest import LedgerFile, existing_periods, ingest, plan_ingest, write_plan
from ccbio.ingest import write as write_module
from ccbio.ingest.templates import csv_bytes, workbook_bytes
from tests.ledgers import (
    ABSENT_CELL,
    INDICATOR_ROWS,
    INDICATORS,
    NEXT,
    PROJECT_HEADER,
    base_project,
    csv_file,
    indicators_csv,
    keys,
    projects_csv,
    reject,
    tree_hash,
)
from tests.tiny_data import ROOT

# data_dir (a writable copy of the last three snapshots): tests/conftest.py

# ---- rejections: one per bad input, data folder unchanged --------------------------------------------


def test_empty_file(data_dir):
    plan = reject(data_dir, [LedgerFile("projects.csv", b""), indicators_csv()])
    assert keys(plan) == ["empty_file"]
    assert plan.errors[0].sheet == "projects.csv"
    assert "空" in plan.errors[0].message("zh") and "empty" in plan.errors[0].message("en")


def test_header_only_ledger_is_a_warning_and_changes_nothing(data_dir):
    plan = plan_ingest([projects_csv(), indicators_csv()], NEXT, data_dir=data_dir)
    assert plan.ok and [p.key for p in plan.warnings] == ["no_rows"]
    assert plan.summary["projects_new"] == plan.summary["projects_updated"] == 0


@pytest.mark.parametrize("name", ["ledger.xls", "ledger.txt", "ledger"])
def test_wrong_extension(data_dir, name):
    plan = reject(data_dir, [LedgerFile(name, b"a,b\n1,2\n"), indicators_csv()])
    assert keys(plan) == ["wrong_extension"]
    assert ".xlsx" in plan.errors[0].message("en")


def test_excel_that_is_not_a_workbook(data_dir):
    plan = reject(data_dir, [LedgerFile("ledger.xlsx", b"not a zip file"), indicators_csv()])
    assert keys(plan) == ["bad_excel"]


def test_missing_column(data_dir):
    text = "项目名称,产业领域,所处阶段,计划总投资(亿元)\n新项目甲,生物药,谋划,3\n"
    plan = reject(data_dir, [csv_file(text, "projects.csv"), indicators_csv()])
    assert keys(plan) == ["missing_column"]
    assert plan.errors[0].column == "所属园区" and plan.errors[0].row == 1


def test_text_in_a_number_column(data_dir):
    plan = reject(
        data_dir, [projects_csv(",新项目甲,经开区,医疗器械,谋划,十亿,,,"), indicators_csv()]
    )
    (err,) = plan.errors
    assert (err.key, err.row, err.column) == ("bad_number", 2, "计划总投资(亿元)")
    assert "十亿" in err.message("zh") and "not a number" in err.message("en")


@pytest.mark.parametrize(
    "amount, key", [("-3", "not_positive"), ("0", "not_positive"), ("5000", "too_large")]
)
def test_implausible_investment(data_dir, amount, key):
    plan = reject(
        data_dir, [projects_csv(f",新项目甲,经开区,医疗器械,谋划,{amount},,,"), indicators_csv()]
    )
    assert keys(plan) == [key]


def test_unknown_park_and_sector(data_dir):
    plan = reject(
        data_dir,
        [
            projects_csv(
                ",新项目甲,火星园区,医疗器械,谋划,3,,,", ",新项目乙,经开区,航天,谋划,3,,,"
            ),
            indicators_csv(),
        ],
    )
    assert [(p.key, p.row, p.column) for p in plan.errors] == [
        ("unknown_park", 2, "所属园区"),
        ("unknown_sector", 3, "产业领域"),
    ]
    assert "火星园区" in plan.errors[0].message("zh")


def test_duplicate_id(data_dir):
    p = base_project(data_dir, "planned")
    row = f"{p.project_id},{p.name_zh},{p.park_id},{p.sector_id},谋划,{p.investment_yi},,,"
    plan = reject(data_dir, [projects_csv(row, row), indicators_csv()])
    (err,) = plan.errors
    assert (err.key, err.row, err.values["first"]) == ("duplicate_id", 3, 2)


def test_new_project_named_like_an_existing_one(data_dir):
    p = base_project(data_dir, "planned")
    plan = reject(
        data_dir,
        [projects_csv(f",{p.name_zh},{p.park_id},{p.sector_id},谋划,3,,,"), indicators_csv()],
    )
    assert keys(plan) == ["name_exists"] and p.project_id in plan.errors[0].message("en")


def test_illegal_backward_stage_move(data_dir):
    p = base_project(data_dir, "construction")
    plan = reject(
        data_dir,
        [
            projects_csv(
                f"{p.project_id},{p.name_zh},{p.park_id},{p.sector_id},谋划,{p.investment_yi},,,"
            ),
            indicators_csv(),
        ],
    )
    (err,) = plan.errors
    assert (err.key, err.column) == ("illegal_stage_move", "所处阶段")
    assert (
        "建设" in err.message("zh")
        and "谋划" in err.message("zh")
        and "变动原因" in err.message("zh")
    )


def test_backward_move_with_a_reason_is_recorded(data_dir):
    p = base_project(data_dir, "construction")
    plan = ingest(
        [
            projects_csv(
                f"{p.project_id},{p.name_zh},{p.park_id},{p.sector_id},谋划,{p.investment_yi},,,选址调整，重新谋划"
            ),
            indicators_csv(),
        ],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok, [x.message("en") for x in plan.errors]
    events = pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "project_events.parquet")
    moved = events[events["project_id"] == p.project_id].iloc[0]
    assert (moved["event"], moved["from_stage"], moved["to_stage"], moved["reason_zh"]) == (
        "moved_back",
        "construction",
        "planned",
        "选址调整，重新谋划",
    )


def test_removing_an_unknown_project(data_dir):
    plan = reject(
        data_dir,
        [
            projects_csv("P9999,不存在的项目,经开区,医疗器械,谋划,3,,终止,资金未到位"),
            indicators_csv(),
        ],
    )
    assert keys(plan) == ["unknown_removal"]


@pytest.mark.parametrize(
    "period, key",
    [
        ("2026-13", "bad_period"),
        ("202601", "bad_period"),
        ("2026-03", "period_gap"),
        ("2025-12", "period_exists"),
    ],
)
def test_bad_period(data_dir, period, key):
    plan = reject(data_dir, [indicators_csv()], period=period)
    assert key in keys(plan)


def test_missing_indicators_ledger(data_dir):
    plan = reject(data_dir, [projects_csv(",新项目甲,经开区,医疗器械,谋划,3,,,")])
    assert keys(plan) == ["no_indicators"]


def test_indicator_month_after_the_period_and_negative_value(data_dir):
    park, sector = ABSENT_CELL
    text = INDICATORS + f"2026-02,{park},{sector},1.0,,\n2026-01,{park},{sector},-1,,\n"
    plan = reject(data_dir, [csv_file(text, "indicators.csv")])
    assert [(p.key, p.row) for p in plan.errors] == [
        ("future_month", INDICATOR_ROWS + 1),
        ("negative_value", INDICATOR_ROWS + 2),
    ]


def test_every_problem_is_reported_at_once(data_dir):
    plan = reject(
        data_dir,
        [
            projects_csv(
                ",甲,火星园区,医疗器械,谋划,3,,,",
                ",乙,经开区,航天,谋划,3,,,",
                ",丙,经开区,医疗器械,谋划,abc,,,",
                ",丁,经开区,医疗器械,上天,3,,,",
            ),
            LedgerFile("notes.txt", b"x"),
        ],
    )
    assert sorted(keys(plan)) == sorted(
        [
            "wrong_extension",
            "unknown_park",
            "unknown_sector",
            "bad_number",
            "unknown_stage",
            "no_indicators",
        ]
    )


# ---- accepted inputs ---------------------------------------------------------------------------------


def test_good_csv_ledgers_write_the_next_period(data_dir):
    before = {
        p: tree_hash(data_dir / "snapshots" / f"period={p}") for p in existing_periods(data_dir)
    }
    p = base_project(data_dir, "negotiating")
    plan = ingest(
        [
            projects_csv(
                ",长春示例疫苗项目,永春现代生物医药城,生物药,建设,12.5,新建,,",
                f"{p.project_id},{p.name_zh},{p.park_id},{p.sector_id},建设,{p.investment_yi},,,",
            ),
            indicators_csv(),
        ],
        NEXT,
        data_dir=data_dir,
    )
    assert (
        plan.ok and plan.summary["projects_new"] == 1 and plan.summary["stage_moves_forward"] == 1
    )
    assert existing_periods(data_dir)[-1] == NEXT
    assert {p: tree_hash(data_dir / "snapshots" / f"period={p}") for p in before} == before
    # through the query layer, as the pages see it
    assert data.latest_period() == NEXT
    stages = data.pipeline_by_stage(NEXT).set_index("stage")["projects"]
    old = data.pipeline_by_stage("2025-12").set_index("stage")["projects"]
    assert (
        stages["construction"] == old["construction"] + 2
        and stages["negotiating"] == old["negotiating"] - 1
    )
    changes = data.project_changes("2025-12", NEXT)
    added = changes[changes["change"] == "added"].iloc[0]
    assert (added["name_zh"], added["to_stage"]) == ("长春示例疫苗项目", "construction")
    new = (
        pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "projects.parquet")
        .set_index("name_zh")
        .loc["长春示例疫苗项目"]
    )
    assert (
        new["build_type"],
        new["construction_start"],
        bool(new["is_major"]),
        bool(new["is_demo"]),
    ) == ("new", NEXT, True, False)


def test_schema_of_the_new_snapshot_matches_the_previous_one(data_dir):
    import pyarrow.parquet as pq

    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok
    for table in ("projects", "enterprises", "indicators", "project_events"):
        new = pq.read_schema(data_dir / "snapshots" / f"period={NEXT}" / f"{table}.parquet")
        old = pq.read_schema(data_dir / "snapshots" / "period=2025-12" / f"{table}.parquet")
        assert new.remove_metadata() == old.remove_metadata(), table


def test_new_month_counts_are_counted_from_enterprises_and_old_months_are_revisions(data_dir):
    text = INDICATORS + "2025-11,经开区,医疗器械,9.99,,\n"
    plan = ingest([csv_file(text, "indicators.csv")], NEXT, data_dir=data_dir)
    assert plan.ok and [p.key for p in plan.confirmations] == ["large_revision"]
    assert existing_periods(data_dir)[-1] == "2025-12"  # a revision ×2 or more waits for a reason
    plan = ingest(
        [csv_file(text, "indicators.csv")], NEXT, data_dir=data_dir, reason="统计局更正 11 月数"
    )
    assert plan.ok and plan.summary["revised_values"] == 1
    goals = data.goal_progress(NEXT).set_index("target_code")["value"]
    assert (
        goals["enterprises"]
        == data.goal_progress("2025-12").set_index("target_code")["value"]["enterprises"]
    )
    revisions = data.indicator_revisions("2025-12", NEXT)
    row = revisions[
        (revisions["month"] == "2025-11")
        & (revisions["indicator_code"] == "pharma_industrial_output")
    ]
    assert len(row) == 1 and row["change"].iloc[0] != 0
    ind = pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "indicators.parquet")
    assert set(ind.loc[ind["is_preliminary"], "month"]) == {NEXT}


def test_gbk_csv_is_read(data_dir):
    plan = ingest(
        [
            projects_csv(",长春示例中药项目,九台中古医药产业园,中药,谋划,2.5,,,", encoding="gbk"),
            LedgerFile("indicators.csv", INDICATORS.encode("gbk")),
        ],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok, [x.message("en") for x in plan.problems]
    projects = pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "projects.parquet")
    assert "长春示例中药项目" in set(projects["name_zh"])


def test_excel_with_a_title_row_above_the_header(data_dir):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目台账"
    ws.append(["2026年1月 长春市生物医药“五个一批”项目台账"])
    ws.append([])
    ws.append(PROJECT_HEADER.split(","))
    ws.append([None, "长春示例器械项目", "经开区", "医疗器械", "洽谈", 3.5])
    ws.append([None, "长春示例坏项目", "经开区", "医疗器械", "洽谈", "三亿"])
    ind = book.create_sheet("指标台账")
    ind.append(["填报单位：市统计局"])
    for line in INDICATORS.strip().split("\n"):
        ind.append(
            [
                float(c) if c.replace(".", "").isdigit() and "-" not in c else (c or None)
                for c in line.split(",")
            ]
        )
    buf = io.BytesIO()
    book.save(buf)
    plan = reject(data_dir, [LedgerFile("ledger.xlsx", buf.getvalue())])
    (err,) = plan.errors
    assert (err.key, err.sheet, err.row, err.column) == (
        "bad_number",
        "ledger.xlsx › 项目台账",
        5,
        "计划总投资(亿元)",
    )
    ws.delete_rows(5)
    buf = io.BytesIO()
    book.save(buf)
    assert ingest([LedgerFile("ledger.xlsx", buf.getvalue())], NEXT, data_dir=data_dir).ok


def test_amounts_in_wan_yuan_are_converted(data_dir):
    text = "项目名称,所属园区,产业领域,所处阶段,计划总投资(万元)\n长春示例项目,经开区,医疗器械,谋划,35000\n"
    assert ingest([csv_file(text, "projects.csv"), indicators_csv()], NEXT, data_dir=data_dir).ok
    projects = pd.read_parquet(
        data_dir / "snapshots" / f"period={NEXT}" / "projects.parquet"
    ).set_index("name_zh")
    assert projects.loc["长春示例项目", "investment_yi"] == pytest.approx(3.5)


def test_removing_a_project_records_the_reason(data_dir):
    p = base_project(data_dir, "planned")
    plan = ingest(
        [
            projects_csv(
                f"{p.project_id},{p.name_zh},{p.park_id},{p.sector_id},谋划,{p.investment_yi},,终止,资金未到位"
            ),
            indicators_csv(),
        ],
        NEXT,
        data_dir=data_dir,
    )
    assert plan.ok and plan.summary["projects_removed"] == 1
    removed = data.project_changes("2025-12", NEXT).set_index("project_id").loc[p.project_id]
    assert (removed["change"], removed["reason_zh"]) == ("removed", "资金未到位")


def test_enterprises_ledger_adds_and_updates_firms(data_dir):
    firms = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "enterprises.parquet")
    f = firms[~firms["is_listed"]].sort_values("enterprise_id").iloc[0]
    text = (
        "企业编号,企业名称,所属园区,产业领域,上市企业,规上企业,近12个月产值(亿元)\n"
        f"{f.enterprise_id},{f.name_zh},{f.park_id},{f.sector_id},是,,\n"
        ",长春示例新企业,经开区,医疗器械,否,是,0.8\n"
    )
    plan = ingest([csv_file(text, "enterprises.csv"), indicators_csv()], NEXT, data_dir=data_dir)
    assert plan.ok and (plan.summary["firms_new"], plan.summary["firms_updated"]) == (1, 1)
    goals = data.goal_progress(NEXT).set_index("target_code")["value"]
    old = data.goal_progress("2025-12").set_index("target_code")["value"]
    assert goals["listed"] == old["listed"] + 1 and goals["enterprises"] == old["enterprises"] + 1


# ---- existing periods, replace, crashes --------------------------------------------------------------


def test_replacing_a_period_keeps_the_old_one_in_trash(data_dir):
    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok
    first = tree_hash(data_dir / "snapshots" / f"period={NEXT}")
    plan = reject(
        data_dir, [projects_csv(",另一个项目,经开区,医疗器械,谋划,3,,,"), indicators_csv()]
    )
    assert keys(plan) == ["period_exists"]
    plan = ingest(
        [projects_csv(",另一个项目,经开区,医疗器械,谋划,3,,,"), indicators_csv()],
        NEXT,
        replace=True,
        data_dir=data_dir,
    )
    assert plan.ok and plan.base_period == "2025-12"
    (trashed,) = (data_dir / ".trash").iterdir()
    assert trashed.name.startswith(f"period={NEXT}.") and tree_hash(trashed) == first
    assert tree_hash(data_dir / "snapshots" / f"period={NEXT}") != first


def test_a_crash_while_writing_leaves_everything_as_it_was(data_dir, monkeypatch):
    plan = plan_ingest([indicators_csv()], NEXT, data_dir=data_dir)
    assert plan.ok
    before = tree_hash(data_dir)
    real, calls = write_module.write_table, []

    def crash_on_third(df, path, schema):
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError("disk full (simulated)")
        real(df, path, schema)

    monkeypatch.setattr(write_module, "write_table", crash_on_third)
    with pytest.raises(OSError, match="simulated"):
        write_plan(plan, data_dir)
    assert len(calls) == 3
    assert tree_hash(data_dir) == before
    assert data.latest_period() == "2025-12"


def test_a_crash_while_replacing_keeps_the_old_period(data_dir, monkeypatch):
    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok
    before = tree_hash(data_dir)
    plan = plan_ingest(
        [projects_csv(",另一个项目,经开区,医疗器械,谋划,3,,,"), indicators_csv()],
        NEXT,
        replace=True,
        data_dir=data_dir,
    )
    monkeypatch.setattr(
        write_module, "write_table", lambda *a: (_ for _ in ()).throw(OSError("simulated"))
    )
    with pytest.raises(OSError):
        write_plan(plan, data_dir)
    assert tree_hash(data_dir) == before


@pytest.mark.slow
def test_a_killed_process_leaves_only_a_hidden_staging_folder(data_dir):
    """The process dies (os._exit) half-way through writing: no period=* folder changes."""
    before = {
        p: tree_hash(data_dir / "snapshots" / f"period={p}") for p in existing_periods(data_dir)
    }
    (data_dir / "ind.csv").write_text(INDICATORS, encoding="utf-8")
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from ccbio.ingest import LedgerFile, plan_ingest, write_plan\n"
        "from ccbio.ingest import write as w\n"
        "real, n = w.write_table, []\n"
        "def die(df, path, schema):\n"
        "    n.append(1)\n"
        "    if len(n) == 2: os._exit(9)\n"
        "    real(df, path, schema)\n"
        "w.write_table = die\n"
        "d = Path(sys.argv[1])\n"
        "plan = plan_ingest([LedgerFile('ind.csv', (d / 'ind.csv').read_bytes())], '2026-01', data_dir=d)\n"
        "write_plan(plan, d)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
    )
    assert result.returncode == 9, result.stderr.decode()
    assert existing_periods(data_dir) == list(before)
    assert {p: tree_hash(data_dir / "snapshots" / f"period={p}") for p in before} == before
    leftovers = [
        p.name for p in (data_dir / "snapshots").iterdir() if not p.name.startswith("period=")
    ]
    assert len(leftovers) == 1 and leftovers[0].startswith(".staging-")
    assert data.latest_period() == "2025-12"  # the app does not see the half-written folder
    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok  # and a retry succeeds


# ---- templates and the command line -----------------------------------------------------------------


def test_blank_template_is_rejected_as_empty_not_as_garbage(data_dir):
    plan = reject(data_dir, [LedgerFile("ledgers_template.xlsx", workbook_bytes(data_dir))])
    assert keys(plan) == ["no_month_values"]
    assert [p.key for p in plan.warnings] == ["no_rows"] * 3


def test_template_round_trip(data_dir):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data_dir)))
    assert book.sheetnames == ["说明", "项目台账", "企业台账", "指标台账", "选项"]
    book["项目台账"].append(
        [None, "长春示例模板项目", None, None, "净月高新区", "生命健康", "谋划", 4.2]
    )
    for line in INDICATORS.strip().split("\n")[1:]:
        book["指标台账"].append(
            [float(c) if c[:1].isdigit() and "-" not in c else (c or None) for c in line.split(",")]
        )
    buf = io.BytesIO()
    book.save(buf)
    plan = ingest([LedgerFile("filled.xlsx", buf.getvalue())], NEXT, data_dir=data_dir)
    assert plan.ok, [p.message("en") for p in plan.errors]
    assert plan.summary["projects_new"] == 1


def test_csv_templates_have_chinese_headers_and_a_bom(data_dir):
    text = csv_bytes("projects", data_dir).decode("utf-8")
    assert text.startswith("\ufeff项目编号,项目名称,英文名称,投资主体,所属园区")


@pytest.mark.slow
def test_prefilled_template_round_trips_without_changes(data_dir):
    files = [
        LedgerFile("p.csv", csv_bytes("projects", data_dir, "2025-12")),
        LedgerFile("e.csv", csv_bytes("enterprises", data_dir, "2025-12")),
        indicators_csv(),
    ]
    plan = plan_ingest(files, NEXT, data_dir=data_dir)
    assert plan.ok, [p.message("en") for p in plan.errors[:5]]
    assert (
        plan.summary["stage_moves_forward"]
        == plan.summary["projects_new"]
        == plan.summary["firms_new"]
        == 0
    )


def test_cli_rejects_with_reasons_and_writes_when_clean(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(PROJECT_HEADER + "\n,新项目,火星园区,医疗器械,谋划,3,,,\n", encoding="utf-8")
    before = tree_hash(data_dir)
    assert cli_main(["ingest", str(bad), "--period", NEXT, "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "火星园区" in out and "第 2 行" in out and "所属园区" in out
    assert tree_hash(data_dir) == before
    good = tmp_path / "ind.csv"
    good.write_text(INDICATORS, encoding="utf-8")
    assert (
        cli_main(["ingest", str(good), "--period", NEXT, "--data-dir", str(data_dir), "--dry-run"])
        == 0
    )
    assert tree_hash(data_dir) == before
    assert (
        cli_main(
            ["ingest", str(good), "--period", NEXT, "--data-dir", str(data_dir), "--lang", "en"]
        )
        == 0
    )
    assert "Written" in capsys.readouterr().out
    assert existing_periods(data_dir)[-1] == NEXT


def test_cli_template_writes_files(data_dir, tmp_path):
    assert cli_main(["template", "--out", str(tmp_path / "t"), "--data-dir", str(data_dir)]) == 0
    assert (
        cli_main(
            [
                "template",
                "--out",
                str(tmp_path / "t"),
                "--format",
                "csv",
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "enterprises_ledger.csv",
        "indicators_ledger.csv",
        "ledgers_template.xlsx",
        "projects_ledger.csv",
    ]


# ---- plausibility of the new month's totals ----------------------------------------------------------


def test_a_ledger_that_leaves_out_most_parks_is_refused(data_dir):
    partial = "\n".join(INDICATORS.strip().split("\n")[:3]) + "\n"
    plan = reject(data_dir, [csv_file(partial, "indicators.csv")])
    assert "implausible_total" in keys(plan)
    err = next(p for p in plan.errors if p.key == "implausible_total")
    assert (
        err.column == "医药工业产值(亿元)"
        and "2025-01" in err.message("zh")
        and "万元" in err.message("zh")
    )
    missing = {p.column: p.values["n"] for p in plan.warnings if p.key == "cells_missing"}
    with_output = [line.split(",")[3] != "" for line in INDICATORS.strip().split("\n")[1:]]
    assert missing["医药工业产值(亿元)"] == sum(with_output) - sum(with_output[:2])


def test_amounts_in_wan_yuan_by_mistake_are_refused(data_dir):
    lines = INDICATORS.strip().split("\n")
    scaled = [lines[0]] + [
        ",".join(
            c if i < 3 or not c else f"{float(c) * 10000:.0f}"
            for i, c in enumerate(line.split(","))
        )
        for line in lines[1:]
    ]
    plan = reject(data_dir, [csv_file("\n".join(scaled) + "\n", "indicators.csv")])
    assert {p.key for p in plan.errors} <= {
        "implausible_total",
        "too_large",
    } and "implausible_total" in keys(plan)


def test_a_complete_plausible_ledger_has_no_missing_cell_warning(data_dir):
    plan = plan_ingest([indicators_csv()], NEXT, data_dir=data_dir)
    assert plan.ok and not [p for p in plan.warnings if p.key == "cells_missing"]


def test_a_prefilled_name_that_looks_like_a_formula_stays_text(data_dir, monkeypatch):
    import io

    from openpyxl import load_workbook

    from ccbio.ingest import templates

    hostile = "=cmd|' /C calc'!A0"  # a project name written through an earlier ledger
    monkeypatch.setattr(
        templates, "prefilled_rows", lambda ledger, period, data_dir: [["P0001", hostile]]
    )
    book = load_workbook(io.BytesIO(templates.workbook_bytes(data_dir, "2025-12")))
    cell = book["项目台账"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (hostile, "s", True)  # not a formula


def test_a_prefilled_csv_keeps_formula_text_inert_and_reads_it_back_unchanged(
    data_dir, monkeypatch
):
    """The CSV template wrote '=cmd…' as it was (a live formula once opened in Excel); now it is
    written with OWASP's apostrophe, and reading the CSV back removes it again."""
    import csv
    import io

    from ccbio.ingest import read, templates

    hostile = "=cmd|' /C calc'!A0"
    monkeypatch.setattr(
        templates, "prefilled_rows", lambda ledger, period, data_dir: [["P0001", hostile, -5]]
    )
    content = templates.csv_bytes("projects", data_dir, "2025-12")
    row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1]
    assert row[:3] == ["P0001", "'" + hostile, "-5"]  # a number is a number, not text
    assert read._csv_grid("projects.csv", content)[0][1][:3] == ["P0001", hostile, "-5"]
    assert read._csv_grid("x.csv", "名称\n'abc\n'-\n".encode())[0][1:] == [["'abc"], ["-"]]
