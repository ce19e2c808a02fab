"""How the compare page's tables are shown: column order and column configs (rows: compare_view)."""

from __future__ import annotations

import streamlit as st

from ccbio import compare_view as cv
from ccbio import links, render
from ccbio.formatting import format_month, month_format
from ccbio.i18n import t

# What changed first, each page link right after the name it opens; the park and the project
# number last: at 1440 px the stages, amounts and reason were off to the right
PROJECT_COLUMNS = [
    "change_label",
    "name",
    "project_page",
    "from_label",
    "to_label",
    "investment_before",
    "investment_after",
    "reason",
    "park",
    "park_page",
    "project_id",
]
COUNTS_CSS = """<style>
.st-key-compare_counts { flex-wrap: wrap !important; }
.st-key-compare_counts > div { flex: 1 1 150px !important; min-width: min(150px, 100%) !important; }
</style>"""
NAME_PX = 230  # with the rows below, what fits 1440 px; a longer name or reason wraps in its row
WRAPPED_PX = {"name": NAME_PX, "reason": 200}  # "medium" is 200 px
FIRM_WRAPPED_PX = {
    "name": NAME_PX
}  # a long firm name wraps (it was cut: 'Demo Medical and … firr')
FIRM_COLUMNS = ["change_label", "enterprise_id", "name", "firm_page", "park", "flags"]
REVISION_COLUMNS = [
    "month_date",
    "name",
    "before_text",
    "after_text",
    "change_text",
    "change_pct",
    "was_preliminary",
]


def _investment(period: str, lang: str):
    return st.column_config.NumberColumn(
        t("compare.col_investment_in", lang, month=format_month(period, lang)),
        format="%,.2f",
        help=t("compare.col_investment", lang),
    )


def project_columns(lang: str, period_from: str, period_to: str) -> dict:
    """Return the changed-projects table's column configs (investment headers name their month)."""
    return {
        "change_label": t("compare.col_change", lang),
        "project_id": t("compare.col_project_id", lang),
        # not pinned: Streamlit draws a pinned column's text grey, as if it were disabled
        "name": st.column_config.TextColumn(t("compare.col_name", lang), width=NAME_PX),
        "park": t("compare.col_park", lang),
        "from_label": t("compare.col_from", lang),
        "to_label": t("compare.col_to", lang),
        "investment_before": _investment(period_from, lang),
        "investment_after": _investment(period_to, lang),
        "reason": st.column_config.TextColumn(t("compare.col_reason", lang), width="medium"),
        **links.page_column_config(lang),
    }


def firm_columns(lang: str) -> dict:
    """Return the changed-firms table's column configs."""
    return {
        "change_label": t("compare.col_change", lang),
        "enterprise_id": t("compare.col_firm_id", lang),
        "name": st.column_config.TextColumn(t("compare.col_name", lang), width=NAME_PX),
        "park": t("compare.col_park", lang),
        "flags": t("compare.col_flags", lang),
        **links.page_column_config(lang),
    }


def revision_columns(lang: str, period_from: str, period_to: str) -> dict:
    """Return the revisions table's column configs (before/after headers name their month)."""
    return {
        "month_date": st.column_config.DateColumn(
            t("compare.col_month", lang), format=month_format(lang, "moment")
        ),
        "name": t("compare.col_indicator", lang),
        "before_text": cv.period_header("compare.col_before", period_from, lang),
        "after_text": cv.period_header("compare.col_after", period_to, lang),
        "change_text": t("compare.col_delta", lang),
        "change_pct": render.percent_column(t("compare.col_delta_share", lang)),
        "was_preliminary": st.column_config.CheckboxColumn(t("compare.col_was_preliminary", lang)),
    }


def chart_labels(lang: str) -> dict:
    """Return the revision chart's tooltip and axis labels."""
    labels = {k: t(f"compare.col_{k}", lang) for k in ("month", "indicator", "before", "after")}
    return labels | {"share": t("compare.col_delta_share", lang)}
