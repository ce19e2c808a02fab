"""What the sectors page (八大工程) shows: the summary with its labels, the heatmap frame. Pure."""

from __future__ import annotations

import pandas as pd

from ccbio import config
from ccbio.formatting import format_pct
from ccbio.i18n import pick

# Heatmap metric -> (catalogue key of its name, d3 number format of its cells and legend)
HEAT_METRICS = {
    "output_value_yi": ("sectors.output", ",.1f"),
    "enterprises": ("sectors.enterprises", ",d"),
    "projects": ("sectors.projects", ",d"),
    "investment_yi": ("sectors.investment", ",.1f"),
}


def summary_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return data.sector_summary with shown names, bar labels and growth colours.

    Bar labels are plain numbers in the axis's unit (亿元 / 100m yuan), so label and axis agree.
    """
    rows = summary.to_dict("records")
    return summary.assign(
        sector=[pick(r, "name", lang) for r in rows],
        label=[f"{r['output_value_yi']:,.1f} · {format_pct(r['output_share'])}" for r in rows],
        growth_label=[format_pct(r["output_yoy"], signed=True) for r in rows],
        growth_color=[
            config.GROWTH_COLORS["up" if (r["output_yoy"] or 0) >= 0 else "down"] for r in rows
        ],
    )


def is_empty(summary: pd.DataFrame) -> bool:
    """Return True when the view holds no firms, output or projects at all."""
    return not len(summary) or not (
        summary["enterprises"].sum()
        or summary["output_value_yi"].sum()
        or summary["projects"].sum()
    )


def heat_frame(
    matrix: pd.DataFrame, lang: str, park_labels: dict[str, str] | None = None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Return (data.sector_park_matrix with shown names, sector order, park order).

    `park_labels` (park_id -> its short name, as on the map) names the rows: the full English
    names took a phone's whole width and were cut at 1440 px."""
    rows = matrix.to_dict("records")
    labels = park_labels or {}
    shown = matrix.assign(
        sector=[pick(r, "sector", lang) for r in rows],
        park=[labels.get(r["park_id"]) or pick(r, "park", lang) for r in rows],
    )
    return shown, list(dict.fromkeys(shown["sector"])), list(dict.fromkeys(shown["park"]))
