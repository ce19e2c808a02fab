"""The straight-line projection behind the goals page's sentence: pure pandas, no Altair."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from ccbio import trend


def series(values, start="2024-01"):
    months = pd.period_range(start, periods=len(values), freq="M").strftime("%Y-%m")
    return pd.DataFrame({"month": months, "value": values})


def test_projection_extends_a_straight_line_to_the_end():
    proj = trend.projection(series([10, 12, 14, 16]), end="2024-08")
    assert proj["month"].tolist() == ["2024-04", "2024-05", "2024-06", "2024-07", "2024-08"]
    assert proj["value"].round(6).tolist() == [16, 18, 20, 22, 24]


def test_projection_uses_only_the_recent_window():
    proj = trend.projection(series([100, 0, 0, 1, 2, 3]), end="2024-07", window=4)
    assert proj["value"].iloc[-1] == pytest.approx(4)


@pytest.mark.parametrize("values,end", [([5], "2025-12"), ([], "2025-12"), ([1, 2, 3], "2024-03")])
def test_projection_is_empty_when_nothing_to_project(values, end):
    assert trend.projection(series(values), end=end).empty


def test_importing_it_does_not_import_altair():
    # the goals page draws its figures before any chart; Altair costs ~1 s to import on a fresh server
    code = "import sys, ccbio.trend; print('altair' in sys.modules)"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )
