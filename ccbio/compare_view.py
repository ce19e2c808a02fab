"""What the compare page shows: changed projects, firms and revised figures, as shown. Pure."""

from __future__ import annotations

import pandas as pd

from ccbio.formatting import format_count, format_month, format_yi, month_date
from ccbio.i18n import t
from ccbio.periods import add_months

SHOWN = 500  # rows per list; the counts above the tabs cover every change
MISSING = "—"


def default_from(period: str, periods: list[str]) -> str:
    """Return the snapshot compared against by default: the month before, or the first one."""
    before = add_months(period, -1)
    return before if before in periods else periods[0]


def flags_text(raw: str | None, lang: str) -> str:
    """Return '+上市 −规上' from '+listed;-above_scale' ('—' when nothing changed)."""
    parts = [p for p in (raw or "").split(";") if p]
    text = " ".join(("+" if p[0] == "+" else "−") + t(f"compare.flag_{p[1:]}", lang) for p in parts)
    return text or MISSING


def project_rows(projects: pd.DataFrame, stage_name: dict, lang: str) -> pd.DataFrame:
    """Return data.project_changes with shown change, name, park, stages and reason ('—' if none)."""
    side = "zh" if lang == "zh" else "en"
    return projects.assign(
        change_label=projects["change"].map(lambda c: t(f"compare.change_{c}", lang)),
        name=projects[f"name_{side}"],
        park=projects[f"park_{side}"],
        from_label=projects["from_stage"].map(stage_name).fillna(MISSING),
        to_label=projects["to_stage"].map(stage_name).fillna(MISSING),
        reason=projects[f"reason_{side}"].fillna(MISSING),
    )


def firm_rows(firms: pd.DataFrame, park_name: dict, lang: str) -> pd.DataFrame:
    """Return data.enterprise_changes with shown change, name, park and flag changes."""
    side = "zh" if lang == "zh" else "en"
    return firms.assign(
        change_label=firms["change"].map(lambda c: t(f"compare.change_{c}", lang)),
        name=firms[f"name_{side}"],
        park=firms["park_id"].map(park_name).fillna(MISSING),
        flags=firms["flag_changes"].map(lambda v: flags_text(v, lang)),
    )


def _value_text(value: float, unit_zh: str, lang: str) -> str:
    if unit_zh == "亿元":
        return format_yi(value, lang, unit="yi")
    return format_count(value, lang, "firms")  # the other indicators count firms (户)


def revision_rows(revisions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return data.indicator_revisions with the month as a date, the name, and the values as text
    in each indicator's own unit (amounts in 亿元, counts in 户): one column, one unit per row."""
    side = "zh" if lang == "zh" else "en"
    kind = revisions["unit_zh"]
    return revisions.assign(
        month_date=revisions["month"].map(month_date),
        name=revisions[f"name_{side}"],
        before_text=[
            _value_text(v, k, lang) for v, k in zip(revisions["value_before"], kind, strict=True)
        ],
        after_text=[
            _value_text(v, k, lang) for v, k in zip(revisions["value_after"], kind, strict=True)
        ],
        change_text=[
            ("+" if c > 0 else "") + _value_text(c, k, lang)
            for c, k in zip(revisions["change"], kind, strict=True)
        ],
    )


def period_header(key: str, period: str, lang: str) -> str:
    """Return a column header naming its snapshot month: '计划总投资（亿元） · 2025年11月'."""
    return f"{t(key, lang)} · {format_month(period, lang)}"
