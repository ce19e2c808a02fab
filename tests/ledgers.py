"""Ledgers for the ingest tests: a plausible next month, builders of bad files, and the check that a
refused ingest left the data folder byte for byte as it was.

    from tests.ledgers import NEXT, INDICATORS, projects_csv, indicators_csv, reject
    plan = reject(data_dir, [projects_csv(",新项目甲,火星园区,医疗器械,谋划,3,,,"), indicators_csv()])
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from ccbio.ingest import LedgerFile, ingest
from tests.tiny_data import ROOT

NEXT = "2026-01"
PROJECT_HEADER = (
    "项目编号,项目名称,所属园区,产业领域,所处阶段,计划总投资(亿元),新建/续建,状态,变动原因"
)
MONEY = ("pharma_industrial_output", "medical_service_revenue", "pharma_distribution_revenue")


def _full_month_ledger() -> tuple[str, tuple[str, str]]:
    """Return a plausible 2026-01 indicators ledger (every park × sector cell of 2025-12, at 1.1
    times its value a year earlier) and one (park, sector) pair, by name, that it leaves out."""
    base = pd.read_parquet(ROOT / "data" / "snapshots" / "period=2025-12" / "indicators.parquet")
    parks = pd.read_csv(ROOT / "data" / "reference" / "parks.csv").set_index("park_id")["name_zh"]
    sectors = pd.read_csv(ROOT / "data" / "reference" / "sectors.csv").set_index("sector_id")[
        "name_zh"
    ]
    money = base[base["indicator_code"].isin(MONEY)]
    cells = sorted(
        set(
            money.loc[money["month"] == "2025-12", ["park_id", "sector_id"]].itertuples(
                index=False, name=None
            )
        )
    )
    values = money.set_index(["month", "park_id", "sector_id", "indicator_code"])["value"]
    lines = ["月份,所属园区,产业领域,医药工业产值(亿元),医疗服务收入(亿元),医药流通收入(亿元)"]
    for park, sector in cells:
        row = [
            values.get(("2025-01", park, sector, c), values.get(("2025-12", park, sector, c)))
            for c in MONEY
        ]
        lines.append(
            ",".join(
                [
                    "2026-01",
                    parks[park],
                    sectors[sector],
                    *("" if v is None else f"{v * 1.1:.4f}" for v in row),
                ]
            )
        )
    absent = next(
        (parks[p], sectors[s]) for p in parks.index for s in sectors.index if (p, s) not in cells
    )
    return "\n".join(lines) + "\n", absent


INDICATORS, ABSENT_CELL = _full_month_ledger()
INDICATOR_ROWS = INDICATORS.count(
    "\n"
)  # header included: the next row appended is row INDICATOR_ROWS + 1


def tree_hash(folder: Path) -> str:
    """Return a hash of every file and folder name and every file's bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def csv_file(text: str, name: str = "ledger.csv", encoding: str = "utf-8") -> LedgerFile:
    return LedgerFile(name, text.encode(encoding))


def projects_csv(*rows: str, encoding: str = "utf-8") -> LedgerFile:
    return csv_file("\n".join([PROJECT_HEADER, *rows]) + "\n", "projects.csv", encoding)


def indicators_csv() -> LedgerFile:
    return csv_file(INDICATORS, "indicators.csv")


def base_project(data_dir: Path, stage: str) -> pd.Series:
    projects = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "projects.parquet")
    return projects[projects["stage"] == stage].sort_values("project_id").iloc[0]


def keys(plan) -> list[str]:
    return [p.key for p in plan.errors]


def reject(data_dir, files, period=NEXT, replace=False):
    """Ingest `files`, assert it is refused with messages in both languages and nothing changed."""
    before = tree_hash(data_dir)
    plan = ingest(files, period, replace=replace, data_dir=data_dir)
    assert not plan.ok and plan.tables is None
    assert tree_hash(data_dir) == before
    for problem in plan.problems:  # every message renders in both languages
        for lang in ("zh", "en"):
            assert problem.message(lang) and "{" not in problem.message(lang)
    return plan


def cli(data_dir: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    """Start `ccbio ingest` on the data folder as its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "ccbio.cli", "ingest", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def run_cli(data_dir: Path, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    """Run `ccbio ingest` to its end; return its exit code, stdout and stderr."""
    proc = cli(data_dir, *args, env=env)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err
