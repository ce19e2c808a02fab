"""Plausibility of a new month's indicator values, checked against the snapshot it builds on.

A ledger that leaves out parks, or is filled in 万元 where 亿元 is asked for, still parses; it
would then move the city totals, and every target, by an order of magnitude.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from ccbio.ingest.problems import Problem
from ccbio.ingest.schema import INDICATOR_COLUMNS
from ccbio.periods import add_months

# A city total below half or above twice the same month a year earlier is not believable for
# this industry; a year earlier rather than last month, because December to January halves.
LOWEST_RATIO, HIGHEST_RATIO = 0.5, 2.0
EXAMPLES = 3


def month_total_problems(
    rows: list[tuple], base: pd.DataFrame, base_period: str, period: str, sheet: str
) -> list[Problem]:
    """Return warnings for cells missing since the base month and errors for implausible city totals.

    `rows` are the checked indicator rows (month, park_id, sector_id, code, value); `base` is the
    indicators table of the snapshot `base_period`.
    """
    totals: dict[str, float] = defaultdict(float)
    cells: dict[str, set] = defaultdict(set)
    for month, park, sector, code, value in rows:
        if month == period:
            totals[code] += value
            cells[code].add((park, sector))
    problems = []
    for col in (c for c in INDICATOR_COLUMNS if c.kind == "money" and c.name in totals):
        of_code = base[base["indicator_code"] == col.name]
        before = of_code[of_code["month"] == base_period]
        missing = sorted(
            set(zip(before["park_id"], before["sector_id"], strict=True)) - cells[col.name]
        )
        if missing:
            problems.append(
                Problem(
                    "cells_missing",
                    sheet,
                    column=col.header_zh,
                    severity="warning",
                    values={
                        "period": period,
                        "base": base_period,
                        "n": len(missing),
                        "examples": ", ".join(f"{p}/{s}" for p, s in missing[:EXAMPLES]),
                    },
                )
            )
        last_year = add_months(period, -12)
        earlier = float(of_code.loc[of_code["month"] == last_year, "value"].sum())
        ratio = totals[col.name] / earlier if earlier > 0 else None
        if ratio is not None and not LOWEST_RATIO <= ratio <= HIGHEST_RATIO:
            problems.append(
                Problem(
                    "implausible_total",
                    sheet,
                    column=col.header_zh,
                    values={
                        "period": period,
                        "total": f"{totals[col.name]:,.2f}",
                        "last_year": last_year,
                        "before": f"{earlier:,.2f}",
                        "ratio": f"{ratio:.2f}",
                        "low": LOWEST_RATIO,
                        "high": HIGHEST_RATIO,
                    },
                )
            )
    return problems
