"""Parse one ledger cell: numbers with units, months in the forms planners type, names or ids.

Each parser returns the value, or raises ValueError whose args[0] is a strings/ingest.toml key.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from ccbio.config import STAGES
from ccbio.ingest.schema import BUILD_TYPES, FLAGS, normalise
from ccbio.periods import is_period

STAGE_WORDS = {
    "planned": ("谋划", "谋划一批", "储备", "planned", "plan"),
    "negotiating": ("洽谈", "洽谈一批", "在谈", "negotiating", "negotiation"),
    "construction": (
        "建设",
        "建设一批",
        "在建",
        "建设中",
        "开工",
        "construction",
        "underconstruction",
    ),
    "commissioning": ("投产", "投产一批", "已投产", "commissioning", "commissioned"),
    "full_capacity": ("达产", "达产一批", "满产", "full_capacity", "fullcapacity"),
}
_UNIT = re.compile(r"(亿元|亿|万元|万|元|户|个|家|%)$")


def blank(value: object) -> bool:
    """Return True for an empty cell (None, NaN, blank text)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def text(value: object) -> str | None:
    """Return the cell as stripped text (whole numbers without '.0'), None when blank."""
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number(value: object, scale: float = 1.0) -> float:
    """Return a number from 12.5, '1,234.5', '12.5亿元'; the header's scale (万元 -> 亿元) applied."""
    if isinstance(value, bool):
        raise ValueError("bad_number")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("bad_number")
        return float(value) * scale
    raw = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    unit = _UNIT.search(raw)
    if unit:
        raw = raw[: unit.start()]
        if unit.group(1) in ("万元", "万"):
            scale = 1e-4 if scale == 1.0 else scale
    try:
        result = float(raw)
    except ValueError:
        raise ValueError("bad_number") from None
    if not math.isfinite(result):
        raise ValueError("bad_number")
    return result * scale


def count(value: object) -> int:
    """Return a whole, non-negative count."""
    result = number(value)
    if not float(result).is_integer():
        raise ValueError("not_whole")
    return int(result)


def month(value: object) -> str:
    """Return 'YYYY-MM' from a date cell, '2025-12', '2025/12', '2025.12', '2025年12月' or '202512'."""
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return f"{value.year:04d}-{value.month:02d}"
    raw = text(value) or ""
    match = re.fullmatch(
        r"(\d{4})[-/.年](\d{1,2})(?:月)?(?:[-/.]\d{1,2}(?:日)?)?(?:\s+[\d:]+)?", raw
    ) or re.fullmatch(r"(\d{4})(\d{2})", raw)
    if not match:
        raise ValueError("bad_month")
    result = f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    if not is_period(result):
        raise ValueError("bad_month")
    return result


def flag(value: object) -> bool | None:
    """Return True/False from 是/否, Y/N, 1/0, √; None when blank."""
    if isinstance(value, bool):
        return value
    key = normalise(text(value) or "")
    if key not in FLAGS:
        raise ValueError("bad_flag")
    return FLAGS[key]


def build_type(value: object) -> str | None:
    """Return 'new' / 'continued' from 新建 / 续建; None when blank."""
    key = normalise(text(value) or "")
    if not key:
        return None
    if key not in BUILD_TYPES:
        raise ValueError("bad_build_type")
    return BUILD_TYPES[key]


def stage(value: object) -> str:
    """Return the stage id from its id, Chinese name (谋划…达产) or English name."""
    key = normalise(text(value) or "").replace("_", "").replace("-", "")
    for stage_id, words in STAGE_WORDS.items():
        if key in {normalise(w).replace("_", "") for w in words}:
            return stage_id
    raise ValueError("unknown_stage")


def stage_order(stage_id: str) -> int:
    """Return the stage's position, 0 (planned) to 4 (full capacity)."""
    return STAGES.index(stage_id)


def name_lookup(
    table: pd.DataFrame, id_column: str, name_columns: tuple[str, ...]
) -> dict[str, str]:
    """Return normalised id / name -> id; a name with a bracketed alias matches both parts."""
    lookup: dict[str, str] = {}
    for row in table.to_dict("records"):
        ident = row[id_column]
        for col in (id_column, *name_columns):
            name = row.get(col)
            if blank(name):
                continue
            key = normalise(name)
            lookup.setdefault(key, ident)
            outer = re.match(r"^(.+?)\((.+)\)$", key)
            if outer and col != id_column:
                lookup.setdefault(outer.group(1), ident)
                lookup.setdefault(outer.group(2), ident)
    return lookup
