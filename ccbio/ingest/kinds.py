"""Column kinds: one parser per kind, applied to a whole column at once.

Every column of the three ledgers has a kind (schema.Column.kind); `parse_sheet` looks the parser
up by kind, parses each distinct cell value once (a park column holds a dozen names over
thousands of rows), records one problem per bad cell, and returns a DataFrame of parsed values
with the row numbers — linear in rows, whatever the ledger.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ccbio.ingest import values as v
from ccbio.ingest.names import Names
from ccbio.ingest.problems import Problem, ProblemList
from ccbio.ingest.read import Sheet
from ccbio.ingest.schema import (
    ENTERPRISE_STATUS,
    LEDGERS,
    MAX_COUNT,
    MAX_FIRM_OUTPUT_YI,
    MAX_MONTHLY_MONEY_YI,
    MAX_PROJECT_INVESTMENT_YI,
    MIN_PROJECT_INVESTMENT_YI,
    PROJECT_STATUS,
    Column,
    normalise,
)

# (lowest, highest) plausible amount in 亿元 for each money column; outside is an error.
MONEY_RANGES = {
    "investment_yi": (MIN_PROJECT_INVESTMENT_YI, MAX_PROJECT_INVESTMENT_YI),
    "output_value_yi": (0.0, MAX_FIRM_OUTPUT_YI),
}


def _status(table: dict[str, str | None]) -> Callable:
    def parse(raw, col, unit, names):
        key = normalise(v.text(raw) or "")
        if key not in table:
            raise v.CellError("bad_status", value=v.text(raw) or "")
        return table[key]

    return parse


def _lookup(kind: str) -> Callable:
    def parse(raw, col, unit, names: Names):
        found = getattr(names, kind + "s").get(normalise(v.text(raw) or ""))
        if found is None:
            raise v.CellError(f"unknown_{kind}", value=v.text(raw) or "")
        return found

    return parse


def _money(raw, col: Column, unit, names):
    amount = v.number(raw, unit, "money")
    low, high = MONEY_RANGES.get(col.name, (0.0, MAX_MONTHLY_MONEY_YI))
    if col.name == "investment_yi" and amount <= 0:
        raise v.CellError("not_positive", value=f"{amount:g}")
    if amount < 0:
        raise v.CellError("negative_value", value=f"{amount:g}")
    if amount > high:
        raise v.CellError("too_large", value=f"{amount:g}", limit=f"{high:g}")
    if amount < low:
        raise v.CellError(
            "too_small", value=f"{amount:g}", wan=f"{amount * 1e4:g}", limit=f"{low:g}"
        )
    return amount


def _count(raw, col, unit, names):
    value = v.count(raw)
    if value < 0:
        raise v.CellError("negative_value", value=str(value))
    if value > MAX_COUNT:
        raise v.CellError("too_large", value=str(value), limit=str(MAX_COUNT))
    return value


PARSERS: dict[str, Callable] = {
    "text": lambda raw, col, unit, names: v.text(raw),
    "id": lambda raw, col, unit, names: (v.text(raw) or "").upper() or None,
    "park": _lookup("park"),
    "sector": _lookup("sector"),
    "stage": lambda raw, col, unit, names: v.stage(raw),
    "build": lambda raw, col, unit, names: v.build_type(raw),
    "project_status": _status(PROJECT_STATUS),
    "firm_status": _status(ENTERPRISE_STATUS),
    "flag": lambda raw, col, unit, names: v.flag(raw),
    "money": _money,
    "count": _count,
    "month": lambda raw, col, unit, names: v.month(raw),
}
TEXT_KINDS = ("text", "id")


def _parse_once(raw, col: Column, unit, names, parse) -> tuple:
    """Return (value, error, dirty) for one distinct cell; error is "blank" for an empty cell."""
    if raw is not v.FORMULA and v.blank(raw):
        return None, "blank", False
    try:
        if col.kind in TEXT_KINDS:
            cleaned, dirty = v.clean(raw)
            value = parse(cleaned, col, unit, names)
            return value, None, dirty
        return parse(raw, col, unit, names), None, False
    except v.CellError as exc:
        return None, exc, False


def parse_sheet(sheet: Sheet, names: Names, problems: ProblemList) -> pd.DataFrame:
    """Return one row per ledger row: `row` (1-based), every column parsed (None where blank or
    bad) and `ok` (False when the row has an error); problems are appended as they are found."""
    n = len(sheet.row_numbers)
    out = {"row": sheet.row_numbers}
    ok = [True] * n
    for col in LEDGERS[sheet.ledger]:
        if col.name not in sheet.columns:
            out[col.name] = [None] * n
            continue
        parse, unit, header = PARSERS[col.kind], sheet.unit(col.name), sheet.header(col.name)
        cache: dict[tuple, tuple] = {}
        parsed = []
        for i, raw in enumerate(sheet.cells[col.name]):
            key = (type(raw), raw)  # keeps 1, 1.0 and True apart
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = _parse_once(raw, col, unit, names, parse)
            value, error, dirty = hit
            parsed.append(value)
            if error is None and not dirty:
                continue
            row = sheet.row_numbers[i]
            if error == "blank":
                if col.required:
                    problems.add(Problem("blank_required", sheet.label, row, header))
                    ok[i] = False
            elif error is not None:
                ok[i] = False
                values = {"value": v.text(raw) if raw is not v.FORMULA else "", **error.values}
                problems.add(Problem(error.key, sheet.label, row, header, values))
            else:
                problems.add(
                    Problem("control_chars", sheet.label, row, header, {"value": value}, "note")
                )
        out[col.name] = parsed
    frame = pd.DataFrame(out, dtype=object)  # parsed Python values, None where blank or bad
    frame["row"] = frame["row"].astype(int)
    frame["ok"] = pd.Series(ok, dtype=bool)
    return frame
