"""How the lists page's two tables are shown: rows ready to draw, column order and column configs."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import streamlit as st

from ccbio import links
from ccbio import lists_view as lv
from ccbio.formatting import month_date, month_format
from ccbio.i18n import t

FIRM_COLUMNS = [  # each page link right after the name it opens
    "name",
    "firm_page",
    "park",
    "park_page",
    "sector",
    "output_value_yi",
    *lv.FIRM_FLAGS,
    "entered",
    "is_demo",
]
PROJECT_COLUMNS = [  # each page link right after the name it opens
    "name",
    "project_page",
    "park",
    "park_page",
    "sector",
    "stage_label",
    "since",
    "months_in_stage",
    "build",
    "investment_yi",
    "is_demo",
]


def firm_rows(shown: pd.DataFrame, lang: str, period: str) -> pd.DataFrame:
    """Return lists_view.firms_shown rows with the entry month as a date and record-page links."""
    return shown.assign(
        entered=shown["entered_month"].map(month_date),
        **links.page_columns(shown, lang, period, firm="enterprise_id", park="park_id"),
    )


def project_rows(shown: pd.DataFrame, lang: str, period: str) -> pd.DataFrame:
    """Return lists_view.projects_shown rows with the stage month as a date and record-page links."""
    return shown.assign(
        since=shown["stage_since"].map(month_date),
        **links.page_columns(shown, lang, period, project="project_id", park="park_id"),
    )


NAME_PX = {"zh": 260, "en": 340}


def _common(lang: str) -> dict:
    return {
        # the name stays in view while a wide table scrolls sideways
        # not pinned: Streamlit draws a pinned column's text grey, as if it were disabled
        # wide enough for a whole name: at "medium" (200 px) 'Changchun High & New Technolo…' and
        # every 'Demo Pharma distribution firm E…' were cut at 1440 px; English names run longer
        "name": st.column_config.TextColumn(t("lists.col_name", lang), width=NAME_PX[lang]),
        "park": t("lists.col_park", lang),
        "sector": t("lists.col_sector", lang),
        "is_demo": st.column_config.CheckboxColumn(t("lists.col_demo", lang)),
        **links.page_column_config(lang),
    }


def _month(label: str, lang: str):
    return st.column_config.DateColumn(label, format=month_format(lang, "moment"))


def firm_columns(lang: str) -> dict:
    """Return the column configs of the leading-enterprise table."""
    return _common(lang) | {
        "entered": _month(t("lists.col_entered", lang), lang),
        "output_value_yi": st.column_config.NumberColumn(
            t("lists.col_output_short", lang), format="%,.2f", help=t("lists.col_output", lang)
        ),
        **{
            c: st.column_config.CheckboxColumn(lv.flag_label(c, lang), width="small")
            for c in lv.FIRM_FLAGS
        },
    }


def project_columns(lang: str) -> dict:
    """Return the column configs of the major-project table."""
    return _common(lang) | {
        "stage_label": t("lists.col_stage", lang),
        "since": _month(t("lists.col_since", lang), lang),
        "months_in_stage": st.column_config.NumberColumn(t("lists.col_months", lang), format="%,d"),
        "build": t("lists.col_build", lang),
        "investment_yi": st.column_config.NumberColumn(
            t("lists.col_investment", lang), format="%,.2f"
        ),
    }


class ListTable(NamedTuple):
    """How one tab draws its table: its rows, widget key, column order and column configs."""

    rows: Callable[[pd.DataFrame, str, str], pd.DataFrame]
    key: str
    columns: list[str]
    config: Callable[[str], dict]


TABLES = {
    "firms": ListTable(firm_rows, "lists_ent_table", FIRM_COLUMNS, firm_columns),
    "projects": ListTable(project_rows, "lists_prj_table", PROJECT_COLUMNS, project_columns),
}
