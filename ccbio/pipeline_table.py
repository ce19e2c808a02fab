"""How the pipeline page's tables are shown: rows ready to draw, column order and column configs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import links, render
from ccbio import pipeline_view as pv
from ccbio.formatting import month_date, month_format
from ccbio.i18n import t

# each page link right after the name it opens; the stage and its months before the park, whose
# long English names pushed them off a 1440-px screen
STALLED_COLUMNS = [
    "level",
    "project",
    "project_page",
    "stage_label",
    "since",
    "months_in_stage",
    "months_limit",
    "investment_yi",
    "park",
    "park_page",
    "is_demo",
]
STALLED_WRAPPED_PX = {"project": 200, "park": 200}  # both "medium": longer names wrap in the row
FLOW_COLUMNS = ["stage", "at_start", "advanced", "stayed", "left", "advance_pct"]


def _number(label: str, number_format: str = "%,d", **kw):
    return st.column_config.NumberColumn(label, format=number_format, **kw)


def funnel_rows(funnel: pd.DataFrame) -> pd.DataFrame:
    """Return pipeline_view.funnel_frame as the funnel table shows it (share in percent points)."""
    return funnel[["stage_label", "projects", "investment_yi"]].assign(
        share_pct=render.percent_points(funnel["share"])
    )


def funnel_columns(lang: str) -> dict:
    """Return the funnel table's column configs."""
    return {
        "stage_label": t("pipeline.stage", lang),
        "projects": _number(t("pipeline.projects", lang)),
        "investment_yi": _number(t("pipeline.col_invest", lang), "%,.2f"),
        "share_pct": render.percent_column(
            t("pipeline.share", lang), help=t("pipeline.share_help", lang)
        ),
    }


def flow_rows(summary: pd.DataFrame) -> pd.DataFrame:
    """Return the flow summary with the advance rate in percent points."""
    return summary.assign(advance_pct=render.percent_points(summary["advance_rate"]))


def flow_columns(lang: str, start: str) -> dict:
    """Return the flow table's column configs; the advance rate's header names its start month."""
    return {
        "stage": t("pipeline.stage", lang),
        "at_start": t("pipeline.at_start", lang),
        "advanced": t("pipeline.advanced_n", lang),
        "stayed": t("pipeline.stayed", lang),
        "left": t("pipeline.dropped", lang),
        "advance_pct": render.percent_column(
            t("pipeline.advanced", lang, start=start),
            help=t("pipeline.advanced_help", lang),
            progress=True,
        ),
    }


def stalled_rows(stalled: pd.DataFrame, names: dict, lang: str, period: str) -> pd.DataFrame:
    """Return the stalled list as shown: names, levels, the month as a date, record-page links."""
    return pv.stalled_table(stalled, names, lang).assign(
        since=lambda d: d["stage_since"].map(month_date),
        **links.page_columns(stalled, lang, period, project="project_id", park="park_id"),
    )


def stalled_columns(lang: str) -> dict:
    """Return the stalled table's column configs: the rule fired as numbers in their own columns."""
    return {
        "level": t("pipeline.col_level", lang),
        "project": st.column_config.TextColumn(t("pipeline.col_project", lang), width="medium"),
        "park": st.column_config.TextColumn(t("pipeline.col_park", lang), width="medium"),
        "stage_label": t("pipeline.stage", lang),
        "since": st.column_config.DateColumn(
            t("pipeline.col_since", lang), format=month_format(lang, "moment")
        ),
        "months_in_stage": _number(t("pipeline.months_in_stage", lang)),
        "investment_yi": _number(t("pipeline.col_invest", lang), "%,.2f"),
        "months_limit": _number(
            t("pipeline.col_limit", lang), help=t("pipeline.col_limit_help", lang)
        ),
        "is_demo": st.column_config.CheckboxColumn(t("pipeline.col_demo", lang)),
        **links.page_column_config(lang),
    }
