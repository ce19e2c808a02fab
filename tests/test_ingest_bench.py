"""The ingest benchmark's own machinery (bench/ingest.py): its uploads are what it says they are,
and its report marks a missed target. No timing is asserted here; the targets live in the bench."""

from __future__ import annotations

import pytest

from bench import ingest as bench_ingest
from ccbio.ingest import LedgerFile, plan_ingest
from ccbio.ingest.limits import MAX_FILE_BYTES


@pytest.mark.slow
def test_every_upload_is_within_the_size_limit_and_answered(tmp_path, data_dir):
    uploads = bench_ingest.uploads(tmp_path)
    indicators = LedgerFile("i.csv", bench_ingest._indicators(data_dir))
    answers = {}
    for label, path, counts_rows in uploads:
        assert path.stat().st_size <= MAX_FILE_BYTES, label
        plan = plan_ingest(
            [LedgerFile(path.name, path.read_bytes()), indicators], "2026-01", data_dir=data_dir
        )
        answers[label] = "accepted" if plan.ok else plan.errors[0].key
        if counts_rows:
            assert plan.ok and plan.summary["projects_new"] == bench_ingest.ROWS, label
    assert answers["one cell at XFD60000 (5 KB)"] == "sheet_too_large"
    assert answers["400 MB shared string in a 0.4 MB workbook"] == "part_too_big"


def test_the_report_marks_a_missed_target():
    rows = [
        {
            "label": "fast",
            "mb": 1.0,
            "rows_target": True,
            "seconds": 1.0,
            "cpu_s": 0.5,
            "above_rest_mb": 50,
            "answer": "accepted",
            "baseline_s": 0.5,
        },
        {
            "label": "slow",
            "mb": 1.0,
            "rows_target": False,
            "seconds": 12.0,
            "cpu_s": 11.0,
            "above_rest_mb": 50,
            "answer": "accepted",
        },
        {
            "label": "fat",
            "mb": 1.0,
            "rows_target": False,
            "seconds": 1.0,
            "cpu_s": 1.0,
            "above_rest_mb": 400,
            "answer": "accepted",
        },
    ]
    lines = {
        line.split(" | ")[0].strip("| "): line
        for line in bench_ingest.report(rows).splitlines()
        if line.startswith("| ")
    }
    assert "met" in lines["fast"] and "2.0x" in lines["fast"]
    assert "MISSED" in lines["slow"] and "MISSED" in lines["fat"]
