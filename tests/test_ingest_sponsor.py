"""The projects ledger's 投资主体企业编号 (sponsor_enterprise_id): checked against the firms, stored,
in the template (issue 13)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ccbio.ingest import ingest
from ccbio.ingest.templates import headers, workbook_bytes
from tests.ledgers import NEXT, PROJECT_HEADER, csv_file, indicators_csv, reject

HEADER = PROJECT_HEADER + ",投资主体,投资主体企业编号"


def _projects(*rows: str):
    return csv_file("\n".join([HEADER, *rows]) + "\n", "projects.csv")


def _firms(data_dir) -> pd.DataFrame:
    return pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "enterprises.parquet")


def test_an_unknown_firm_id_is_refused_naming_row_and_column_nothing_changed(data_dir):
    ledger = _projects(
        ",示例项目,经开区,医疗器械,谋划,3,,,,,E0001", ",示例乙,经开区,医疗器械,谋划,3,,,,,E9999"
    )
    plan = reject(data_dir, [ledger, indicators_csv()])
    (err,) = plan.errors
    assert (err.key, err.row, err.column) == ("unknown_sponsor", 3, "投资主体企业编号")
    assert "E9999" in err.line("zh") and "第 3 行" in err.line("zh")
    assert err.line("en").startswith(
        "projects.csv, row 3, column '投资主体企业编号': Firm id E9999"
    )


def test_a_known_firm_id_is_stored_and_names_the_sponsor_when_the_ledger_does_not(data_dir):
    firm = _firms(data_dir).query("is_demo").iloc[0]
    ledger = _projects(f",示例项目,经开区,医疗器械,谋划,3,,,,,{firm['enterprise_id'].lower()}")
    assert ingest([ledger, indicators_csv()], NEXT, data_dir=data_dir).ok
    stored = pd.read_parquet(data_dir / "snapshots" / f"period={NEXT}" / "projects.parquet")
    row = stored.set_index("name_zh").loc["示例项目"]
    assert (row["sponsor_enterprise_id"], row["sponsor_zh"]) == (
        firm["enterprise_id"],
        firm["name_zh"],
    )
    # every other project keeps its firm
    before = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "projects.parquet")
    kept = stored.set_index("project_id")["sponsor_enterprise_id"]
    assert kept.reindex(before["project_id"]).tolist() == before["sponsor_enterprise_id"].tolist()


@pytest.mark.slow  # writes the whole prefilled workbook
def test_the_template_has_the_column_and_the_prefilled_one_carries_the_ids(data_dir):
    assert "投资主体企业编号" in headers("projects")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data_dir, "2025-12")))
    guide = " ".join(str(c) for row in book["说明"].iter_rows(values_only=True) for c in row if c)
    assert "投资主体企业编号" in guide  # the guide sheet says what to write there
    sheet = book["项目台账"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if "投资主体企业编号" in r)
    col, id_col = rows[top].index("投资主体企业编号"), rows[top].index("项目编号")
    filled = {r[id_col]: r[col] for r in rows[top + 1 :] if r[id_col]}
    snapshot = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "projects.parquet")
    expected = dict(zip(snapshot["project_id"], snapshot["sponsor_enterprise_id"], strict=True))
    assert filled == {k: (v if isinstance(v, str) else None) for k, v in expected.items()}
