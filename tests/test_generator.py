"""The generator is reproducible: a fresh run writes the committed snapshots row for row."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ccbio.demo.snapshots import generate
from tests.tiny_data import ROOT

COMMITTED = ROOT / "data" / "snapshots"


pytestmark = pytest.mark.slow  # regenerates every demo snapshot


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    target = tmp_path_factory.mktemp("regen")
    shutil.copytree(ROOT / "data" / "reference", target / "reference")
    generate(target)
    return target / "snapshots"


def test_same_periods(regenerated):
    committed = sorted(p.name for p in COMMITTED.glob("period=*"))
    assert sorted(p.name for p in regenerated.glob("period=*")) == committed
    # 36 plan months, then monitoring goes on to 2026-11, the last complete month of the demo
    assert len(committed) == 47
    assert committed[0] == "period=2023-01" and committed[-1] == "period=2026-11"


@pytest.mark.parametrize("table", ["projects", "enterprises", "indicators", "project_events"])
def test_every_file_byte_for_byte(regenerated, table):
    for folder in sorted(COMMITTED.glob("period=*")):
        expected = (folder / f"{table}.parquet").read_bytes()
        actual = (regenerated / folder.name / f"{table}.parquet").read_bytes()
        assert actual == expected, f"{folder.name}/{table}.parquet differs"


def test_months_after_the_plan_leave_the_plan_months_alone(tmp_path, monkeypatch):
    """Generating only up to the plan's end gives the same plan months as the full run."""
    from ccbio.demo import common, enterprises, projects, snapshots

    shutil.copytree(ROOT / "data" / "reference", tmp_path / "reference")
    for module in (common, enterprises, projects, snapshots):
        monkeypatch.setattr(module, "DEMO_END", "2025-12", raising=False)
    monkeypatch.setattr(enterprises, "ALL_MONTHS", enterprises.MONTHS)
    monkeypatch.setattr(snapshots, "ALL_MONTHS", enterprises.MONTHS)
    periods = generate(tmp_path)
    assert periods[-1] == "2025-12"
    for period in ("2023-12", "2025-12"):
        for table in ("projects", "enterprises", "indicators"):
            name = f"period={period}/{table}.parquet"
            assert (tmp_path / "snapshots" / name).read_bytes() == (COMMITTED / name).read_bytes()


@pytest.mark.parametrize("table", ["projects", "enterprises", "indicators", "project_events"])
def test_every_table_row_for_row(regenerated, table):
    for folder in sorted(COMMITTED.glob("period=*")):
        expected = pd.read_parquet(folder / f"{table}.parquet")
        actual = pd.read_parquet(regenerated / folder.name / f"{table}.parquet")
        pd.testing.assert_frame_equal(actual, expected, obj=f"{folder.name}/{table}")


def test_generation_replaces_the_folder_in_one_step(regenerated):
    leftovers = [p.name for p in regenerated.parent.iterdir() if p.name.startswith(".snapshots")]
    assert leftovers == []
