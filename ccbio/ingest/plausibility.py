"""Plausibility of a month's indicators, checked against the snapshot it builds on.

A ledger that leaves out an indicator or some parks, or is filled in 万元 where 亿元 is asked
for, still parses; it would then move the city totals, and every target, by an order of
magnitude. What no honest ledger does is an error; what a planner can explain (a partial month,
a year-on-year ×2.2, a large revision) is a warning that needs a confirmation with a reason.
"""

from __future__ import annotations

import pandas as pd

from ccbio.ingest.problems import Problem
from ccbio.ingest.read import Sheet
from ccbio.ingest.schema import INDICATOR_COLUMNS
from ccbio.periods import add_months

# A city total against the same month a year earlier (not last month: December to January
# halves). Inside CONFIRM it passes; inside BELIEVABLE it needs a confirmation; outside, an error
# (most often 万元 typed as 亿元, or most of the city left out).
CONFIRM_RATIO = (0.5, 2.0)
BELIEVABLE_RATIO = (0.2, 5.0)
# An older month restated by more than this factor (either way) needs a confirmation.
REVISION_FACTOR = 2.0
EXAMPLES = 3
MONEY = [c for c in INDICATOR_COLUMNS if c.kind == "money"]


def _missing_cells(long, base, base_period, period, sheet, col, names) -> list[Problem]:
    before = base[(base["indicator_code"] == col.name) & (base["month"] == base_period)]
    now = long[(long["indicator_code"] == col.name) & (long["month"] == period)]
    missing = sorted(
        set(zip(before["park_id"], before["sector_id"], strict=True))
        - set(zip(now["park_id"], now["sector_id"], strict=True))
    )
    if not missing:
        return []
    share = before.set_index(["park_id", "sector_id"])["value"]
    gone = float(share.loc[missing].sum())
    return [
        Problem(
            "cells_missing",
            sheet.label,
            column=sheet.header(col.name),
            severity="confirm",
            values={
                "period": period,
                "base": base_period,
                "n": len(missing),
                "of": len(before),
                "value": f"{gone:,.2f}",
                "examples_zh": "、".join(names.cell(p, s, "zh") for p, s in missing[:EXAMPLES]),
                "examples_en": "; ".join(names.cell(p, s, "en") for p, s in missing[:EXAMPLES]),
            },
        )
    ]


def _year_on_year(long, base, period, sheet, col) -> list[Problem]:
    last_year = add_months(period, -12)
    total = float(
        long.loc[(long["indicator_code"] == col.name) & (long["month"] == period), "value"].sum()
    )
    earlier = float(
        base.loc[(base["indicator_code"] == col.name) & (base["month"] == last_year), "value"].sum()
    )
    if earlier <= 0:
        return []
    ratio = total / earlier
    if CONFIRM_RATIO[0] <= ratio <= CONFIRM_RATIO[1]:
        return []
    believable = BELIEVABLE_RATIO[0] <= ratio <= BELIEVABLE_RATIO[1]
    low, high = CONFIRM_RATIO if believable else BELIEVABLE_RATIO
    return [
        Problem(
            "unusual_total" if believable else "implausible_total",
            sheet.label,
            column=sheet.header(col.name),
            severity="confirm" if believable else "error",
            values={
                "period": period,
                "total": f"{total:,.2f}",
                "last_year": last_year,
                "before": f"{earlier:,.2f}",
                "ratio": f"{ratio:.2f}",
                "low": low,
                "high": high,
            },
        )
    ]


def _revisions(long, base, period, sheet, names) -> list[Problem]:
    key = ["month", "park_id", "sector_id", "indicator_code"]
    older = long[long["month"] < period]
    if older.empty:
        return []
    both = older.merge(base[[*key, "value"]], on=key, suffixes=("", "_old"))
    ratio = both["value"] / both["value_old"].where(both["value_old"] > 0)
    big = both[
        (ratio > REVISION_FACTOR)
        | (ratio < 1 / REVISION_FACTOR)
        | ((both["value_old"] <= 0) & (both["value"] > 0.01))
    ]
    if big.empty:
        return []

    def examples(lang: str) -> str:
        return "; ".join(
            f"{r.month} {names.cell(r.park_id, r.sector_id, lang)}: {r.value_old:g} → {r.value:g}"
            for r in big.head(EXAMPLES).itertuples()
        )

    return [
        Problem(
            "large_revision",
            sheet.label,
            severity="confirm",
            values={
                "n": len(big),
                "factor": f"{REVISION_FACTOR:g}",
                "examples_zh": examples("zh"),
                "examples_en": examples("en"),
            },
        )
    ]


def indicator_problems(
    long: pd.DataFrame, sheet: Sheet, base: pd.DataFrame, base_period: str, period: str, names
) -> list[Problem]:
    """Return the problems of the checked indicator rows (month, park_id, sector_id,
    indicator_code, value) against the base snapshot's indicators table."""
    this_month = set(long.loc[long["month"] == period, "indicator_code"])
    money = [c for c in MONEY if c.name in this_month]
    if not money:
        return [Problem("no_month_values", sheet.label, values={"period": period})]
    problems = [
        Problem("indicator_missing", sheet.label, column=c.header_zh, values={"period": period})
        for c in MONEY
        if c.name not in this_month
    ]
    for col in money:
        problems += _missing_cells(long, base, base_period, period, sheet, col, names)
        problems += _year_on_year(long, base, period, sheet, col)
    return problems + _revisions(long, base, period, sheet, names)
