"""Parse one ledger cell: numbers with units, months in the forms planners type, names or ids.

Each parser returns the value, or raises CellError naming its message in strings/ingest.toml.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from ccbio.config import STAGES
from ccbio.ingest.schema import BUILD_TYPES, FLAGS, INVISIBLE, normalise
from ccbio.periods import is_period


class CellError(ValueError):
    """A cell that cannot be read: `key` names the message, `values` fill it in."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


class _Formula:
    """A formula cell saved without its result (the workbook was never recalculated)."""

    def __repr__(self) -> str:
        return "公式"


FORMULA = _Formula()

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
_STAGE_INDEX = {
    normalise(w).replace("_", ""): stage for stage, words in STAGE_WORDS.items() for w in words
}
# A unit written in the cell; money units in 亿元 per unit.
_UNIT = re.compile(r"(亿元|亿|万元|万|元|户|个|家|%)$")
MONEY_UNITS = {"亿元": 1.0, "亿": 1.0, "万元": 1e-4, "万": 1e-4, "元": 1e-8}
UNIT_NAMES = {"亿": "亿元", "万": "万元"}
COUNT_UNITS = ("户", "个", "家")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DATE_LIKE = re.compile(r"\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?|\d{1,2}:\d{2}(:\d{2})?")
# Control characters other than tab / line breaks (which become spaces) are removed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def blank(value: object) -> bool:
    """Return True for an empty cell (None, NaN, blank text)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def clean(value: object) -> tuple[str | None, bool]:
    """Return the cell as stripped text and whether control or invisible characters were dropped."""
    if type(value) is str and value.isprintable():  # the common case: nothing to remove
        return value.strip() or None, False
    if blank(value):
        return None, False
    if value is FORMULA:
        raise CellError("formula_no_value")
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), False
    raw = str(value)
    cleaned = _CONTROL.sub("", raw.translate(INVISIBLE))
    cleaned = re.sub(r"[\t\r\n]+", " ", cleaned).strip()
    return (cleaned or None), cleaned != re.sub(r"[\t\r\n]+", " ", raw).strip()


def text(value: object) -> str | None:
    """Return the cell as stripped text without control characters, None when blank."""
    return clean(value)[0]


def _reject_non_number(value: object) -> None:
    if isinstance(value, bool):
        raise CellError("bad_number", value=str(value))
    if value is FORMULA:
        raise CellError("formula_no_value")
    if isinstance(value, dt.date | dt.datetime | dt.time):
        raise CellError("date_in_number", value=str(value)[:19])


def _plain_number(raw: str, shown: str) -> float:
    """Return the number in `raw` (no unit, no spaces); CellError for separators that are unclear."""
    if _PLAIN.fullmatch(raw):
        return float(raw)
    if "," in raw:
        if _GROUPED.fullmatch(raw) and (raw.count(",") > 1 or "." in raw):
            return float(raw.replace(",", ""))
        if re.fullmatch(r"[+-]?\d{1,3},\d{3}", raw):
            raise CellError("ambiguous_separator", value=shown)
        if re.fullmatch(r"[+-]?\d+,\d+", raw):
            raise CellError("decimal_comma", value=shown)
    if raw.startswith("="):
        raise CellError("formula_text", value=shown)
    if _DATE_LIKE.fullmatch(raw):
        raise CellError("date_in_number", value=shown)
    raise CellError("bad_number", value=shown)


def number(value: object, header_unit: str | None = None, kind: str = "money") -> float:
    """Return a number in the data's unit (亿元 for money) from 12.5, '１２.５', '1,234.5',
    '12.5亿元' or '3000万元', converted by the header's unit and checked against the cell's own."""
    _reject_non_number(value)
    factor = MONEY_UNITS.get(header_unit or "亿元", 1.0) if kind == "money" else 1.0
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellError("bad_number", value=str(value))
        return float(value) * factor
    shown = str(value).strip()[:40]
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)).translate(INVISIBLE))
    unit = _UNIT.search(raw)
    if unit:
        raw, written = raw[: unit.start()], unit.group(1)
        if kind == "money" and written in MONEY_UNITS:
            if header_unit and UNIT_NAMES.get(written, written) != header_unit:
                raise CellError(
                    "unit_conflict",
                    value=shown,
                    unit=UNIT_NAMES.get(written, written),
                    header=header_unit,
                )
            factor = MONEY_UNITS[written]
        elif not (kind == "count" and written in COUNT_UNITS):
            raise CellError("bad_unit", value=shown, unit=written)
    result = _plain_number(raw, shown)
    if not math.isfinite(result):
        raise CellError("bad_number", value=shown)
    return result * factor


def count(value: object) -> int:
    """Return a whole, non-negative count (户, 个 or 家 may follow the number)."""
    result = number(value, kind="count")
    if not float(result).is_integer():
        raise CellError("not_whole", value=text(value) or "")
    return int(result)


def month(value: object) -> str:
    """Return 'YYYY-MM' from a date cell, '2025-12', '2025/12', '2025.12', '2025年12月' or '202512'."""
    if value is FORMULA:
        raise CellError("formula_no_value")
    if isinstance(value, dt.date | dt.datetime):
        return f"{value.year:04d}-{value.month:02d}"
    raw = unicodedata.normalize("NFKC", text(value) or "")
    match = re.fullmatch(
        r"([0-9]{4})[-/.年]([0-9]{1,2})(?:月)?(?:[-/.][0-9]{1,2}(?:日)?)?(?:\s+[0-9:]+)?", raw
    ) or re.fullmatch(r"([0-9]{4})([0-9]{2})", raw)
    result = match and f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    if not result or not is_period(result):
        raise CellError("bad_month", value=text(value) or "")
    return result


def flag(value: object) -> bool | None:
    """Return True/False from 是/否, Y/N, 1/0, √; None when blank."""
    if isinstance(value, bool):
        return value
    key = normalise(text(value) or "")
    if key not in FLAGS:
        raise CellError("bad_flag", value=text(value) or "")
    return FLAGS[key]


def build_type(value: object) -> str | None:
    """Return 'new' / 'continued' from 新建 / 续建; None when blank."""
    key = normalise(text(value) or "")
    if not key:
        return None
    if key not in BUILD_TYPES:
        raise CellError("bad_build_type", value=text(value) or "")
    return BUILD_TYPES[key]


def stage(value: object) -> str:
    """Return the stage id from its id, Chinese name (谋划…达产) or English name."""
    key = normalise(text(value) or "").replace("_", "").replace("-", "")
    if key not in _STAGE_INDEX:
        raise CellError("unknown_stage", value=text(value) or "")
    return _STAGE_INDEX[key]


def stage_order(stage_id: str) -> int:
    """Return the stage's position, 0 (planned) to 4 (full capacity)."""
    return STAGES.index(stage_id)
