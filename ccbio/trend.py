"""The one projection method: the least-squares line of the last 12 months, from the last value.

Used by ccbio.outlook (cards, their sparklines and the projected-short alerts alike). Pure pandas
and numpy, kept out of charts.py: the goals page needs it before it draws any chart,
and Altair costs ~1 s to import on a fresh server.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ccbio import config
from ccbio.periods import month_index, month_range


def projection(series: pd.DataFrame, end: str = config.PLAN_END, window: int = 12) -> pd.DataFrame:
    """Return the straight-line trend of the last `window` months extended to `end`.

    `series` has columns month ('YYYY-MM') and value; the result has month and value, from the
    last observed month to `end` (empty when there are fewer than 2 points or nothing to project).
    """
    recent = series.sort_values("month").tail(window)
    if len(recent) < 2 or recent["month"].iloc[-1] >= end:
        return pd.DataFrame({"month": pd.Series(dtype=str), "value": pd.Series(dtype=float)})
    x = np.array([month_index(m) for m in recent["month"]], dtype=float)
    slope, intercept = np.polyfit(x, recent["value"].to_numpy(dtype=float), 1)
    months = month_range(recent["month"].iloc[-1], end)
    last = float(recent["value"].iloc[-1])
    # Anchor the line at the last observed value so the projection continues the sparkline.
    values = [last + slope * (month_index(m) - x[-1]) for m in months]
    return pd.DataFrame({"month": months, "value": values})


def projected_end(
    series: pd.DataFrame, end: str = config.PLAN_END, window: int = 12
) -> float | None:
    """Return the value `projection` reaches at `end` (None when there is nothing to project)."""
    proj = projection(series, end, window)
    return None if proj.empty else float(proj["value"].iloc[-1])
