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
    line = _line(series, end, window)
    if line is None:
        return pd.DataFrame({"month": pd.Series(dtype=str), "value": pd.Series(dtype=float)})
    months, last_x, last, slope = line
    # Anchor the line at the last observed value so the projection continues the sparkline.
    values = [last + slope * (month_index(m) - last_x) for m in months]
    return pd.DataFrame({"month": months, "value": values})


def projected_end(
    series: pd.DataFrame, end: str = config.PLAN_END, window: int = 12
) -> float | None:
    """Return the value `projection` reaches at `end` (None when there is nothing to project)."""
    # the last point of projection(), worked out alone: the warning history calls this for
    # every target and month of a plan (issue 15); the same expression, so the same float
    line = _line(series, end, window)
    if line is None:
        return None
    months, last_x, last, slope = line
    return float(last + slope * (month_index(months[-1]) - last_x))


def _line(series: pd.DataFrame, end: str, window: int):
    """Return (months from the last observed to `end`, its month index, value, slope) or None."""
    recent = series.sort_values("month").tail(window)
    if len(recent) < 2 or recent["month"].iloc[-1] >= end:
        return None
    x = np.array([month_index(m) for m in recent["month"]], dtype=float)
    slope, intercept = np.polyfit(x, recent["value"].to_numpy(dtype=float), 1)
    months = month_range(recent["month"].iloc[-1], end)
    return months, x[-1], float(recent["value"].iloc[-1]), slope
