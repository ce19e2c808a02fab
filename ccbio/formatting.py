"""Numbers and months as users read them: 亿元/万元 and Chinese months in zh, plain in en."""

from __future__ import annotations

import datetime as dt
import math

from ccbio.i18n import t
from ccbio.periods import month_index

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# One month format per language, written for each renderer: d3 (Vega-Lite axes), moment.js
# (st.column_config.DateColumn) and Python (format_month below, downloads).
MONTH_FORMATS = {
    "zh": {"d3": "%Y年%-m月", "moment": "YYYY年M月"},
    "en": {"d3": "%b %Y", "moment": "MMM YYYY"},
}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_yi(value: float | None, lang: str = "zh", digits: int = 2, unit: str = "auto") -> str:
    """Return an amount held in 亿元 as text: '76.68亿元' (below 1亿: '3,500万元');
    en: '76.68 (100m yuan)' (below 1亿: '3,500 (10k yuan)').

    English keeps the Chinese figure and names the unit as every English axis and header does
    (亿元 = "100m yuan", 万元 = "10k yuan"): one number per amount in both languages, with the
    same decimals. unit="yi" keeps 亿元 below 1亿 too, for labels that share a column or an axis.
    """
    if _missing(value):
        return "—"
    small = abs(value) < 1 and unit == "auto"
    number = f"{value * 10000:,.0f}" if small else f"{value:,.{digits}f}"
    unit_text = t("common.wan_unit" if small else "common.yi_unit", lang)
    return f"{number}{unit_text}" if lang == "zh" else f"{number} ({unit_text})"


def format_yi_alike(values, lang: str = "zh", digits: int = 2) -> list[str]:
    """Return amounts read side by side (this month against last year's) in one unit: 万元 only
    when all are below 1亿 ('4,320万元，上年同月 1.04亿元' mixed two in one sentence)."""
    small = all(_missing(v) or abs(v) < 1 for v in values)
    return [format_yi(v, lang, digits, unit="auto" if small else "yi") for v in values]


UNIT_KEYS = {"亿元": "common.yi_unit", "万元": "common.wan_unit", "户": "common.firms_unit"}


def unit_name(unit_zh: str, lang: str) -> str:
    """Return a unit column's word as the amounts name it: 亿元 -> '100m yuan', 户 -> 'firms'
    (the reference data's '100 million yuan' read beside axes in 100m yuan)."""
    key = UNIT_KEYS.get(unit_zh)
    return t(key, lang) if key else unit_zh


def format_count(value: float | None, lang: str = "zh", unit: str = "firms") -> str:
    """Return a whole count with its unit: '1,039户' / '1,039 firms', '541个' / '541 projects'."""
    if _missing(value):
        return "—"
    zh_unit = t(f"common.{unit}_unit", "zh") if unit in ("firms", "projects") else ""
    return f"{value:,.0f}{zh_unit}" if lang == "zh" else f"{value:,.0f} {unit}".rstrip()


def text_px(text: str, size: float, latin: float = 0.6) -> float:
    """Return about how wide `text` is drawn at `size` px: a CJK character `size` wide, Latin
    letters and digits `latin` of it (charts and maps place labels by it)."""
    return sum(size if ord(c) > 0x2E7F else latin * size for c in str(text))


def months_phrase(n: int, lang: str = "zh") -> str:
    """Return a number of months as a sentence says it: 1 month, 21 months, 21 个月."""
    return t("common.months_one" if n == 1 else "common.months_many", lang, n=n)


def format_pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """Return a ratio as a percentage: 0.5 -> '50.0%' (signed: '+50.0%')."""
    if _missing(value):
        return "—"
    if round(value * 100, digits) == 0:
        value = 0.0  # a change that rounds to nothing reads 0.0%, never -0.0% or +0.0%
        return f"{value:.{digits}f}%"
    return f"{value * 100:+.{digits}f}%" if signed else f"{value * 100:.{digits}f}%"


def format_points(value: float | None, lang: str = "zh") -> str:
    """Return a gap in percentage points: '超过时间进度 3.2 个百分点' / '3.2 pts ahead of time'."""
    if _missing(value):
        return "—"
    if lang == "zh":
        word = "超过" if value >= 0 else "落后"
        return f"{word}时间进度 {abs(value):.1f} 个百分点"
    word = "ahead of" if value >= 0 else "behind"
    return f"{abs(value):.1f} pts {word} time elapsed"


def format_month(period: str, lang: str = "zh") -> str:
    """Return a 'YYYY-MM' period as '2024年6月' (zh) or 'Jun 2024' (en)."""
    index = month_index(period)
    year, month = divmod(index, 12)
    return f"{year}年{month + 1}月" if lang == "zh" else f"{EN_MONTHS[month]} {year}"


def format_date(day, lang: str = "zh") -> str:
    """Return a date as '2026年12月1日' (zh) or '1 Dec 2026' (en), as the months read."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def local_time(at) -> dt.datetime:
    """Return a stored time (UTC, or naive meaning UTC) as the server's wall-clock time, naive: the
    clock that says which day today is (followups.clock), Beijing time on a Changchun server."""
    import pandas as pd

    stamp = pd.Timestamp(at)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(dt.datetime.now().astimezone().tzinfo).tz_localize(None).to_pydatetime()


def format_time(at, lang: str = "zh") -> str:
    """Return a stored time as '2026年12月1日 17:30' / '1 Dec 2026 17:30' (the server's clock)."""
    return format_clock(local_time(at), lang)


def format_clock(local: dt.datetime, lang: str = "zh") -> str:
    """Return a wall-clock time already in the server's time as '2026年12月1日 17:30'."""
    return f"{format_date(local, lang)} {local:%H:%M}"


def month_format(lang: str, renderer: str) -> str:
    """Return the month format of `lang` for a renderer: 'd3' (chart axes) or 'moment' (tables)."""
    return MONTH_FORMATS.get(lang, MONTH_FORMATS["en"])[renderer]


def month_date(period: str | None):
    """Return 'YYYY-MM' as the month's first day (a pandas Timestamp), so tables sort and format it."""
    import pandas as pd

    if period is None or (isinstance(period, float) and math.isnan(period)):
        return pd.NaT
    return pd.Timestamp(f"{period}-01")


def pinyin_key(text: str) -> str:
    """Return the sort key of a Chinese name by its pinyin (长春 before 吉林), not its code points."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(str(text), style=Style.TONE3)).casefold()


def name_key(lang: str):
    """Return the sort key for names shown in `lang`: pinyin in zh, case-insensitive in en."""
    return pinyin_key if lang == "zh" else (lambda text: str(text).casefold())


def scope_text(period: str, park_names: list[str], sector_names: list[str], lang: str) -> str:
    """Return the view in words: '2025年12月 净月高新区 × 医疗器械' / 'Dec 2025, Jingyue × Devices'."""
    joiner = "、" if lang == "zh" else ", "
    parts = [joiner.join(names) for names in (park_names, sector_names) if names]
    where = " × ".join(parts)
    if not where:
        return format_month(period, lang)
    return (
        f"{format_month(period, lang)} {where}"
        if lang == "zh"
        else f"{where}, {format_month(period, lang)}"
    )
