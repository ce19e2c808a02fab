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
    assert len(committed) == 36


@pytest.mark.parametrize("table", ["projects", "enterprises", "indicators", "project_events"])
def test_every_table_row_for_row(regenerated, table):
    for folder in sorted(COMMITTED.glob("period=*")):
        expected = pd.read_parquet(folder / f"{table}.parquet")
        actual = pd.read_parquet(regenerated / folder.name / f"{table}.parquet")
        pd.testing.assert_frame_equal(actual, expected, obj=f"{folder.name}/{table}")


def test_generation_replaces_the_folder_in_one_step(regenerated):
    leftovers = [p.name for p in regenerated.parent.iterdir() if p.name.startswith(".snapshots")]
    assert leftovers == []
