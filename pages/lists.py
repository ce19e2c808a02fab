"""Lists 双单 — the leading-enterprise and major-project lists: search, sort, filter, download.

Search, sort, flags, stages and the open tab are bound to the URL, like the sidebar filters.
"""

from functools import partial

import streamlit as st

from ccbio import data, export, filters, links
from ccbio import lists_view as lv
from ccbio.formatting import month_date, month_format
from ccbio.i18n import t

FIRM_COLUMNS = [  # each page link right after the name it opens, before the horizontal scroll
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
PROJECT_COLUMNS = [
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


def controls(prefix: str, sorts: dict, lang: str) -> tuple[str, str]:
    """Draw search and sort inputs (bound to the URL); return (search text, sort choice)."""
    a, b = st.columns([2, 1])
    text = a.text_input(
        t("lists.search", lang),
        key=f"{prefix}_search",
        placeholder=t("lists.search_placeholder", lang),
        max_chars=60,
        bind="query-params",
    )
    sort = b.selectbox(
        t("lists.sort", lang),
        list(sorts),
        key=f"{prefix}_sort",
        format_func=lambda s: t(f"lists.sort_{s}", lang),
        bind="query-params",
    )
    return text, sort


def downloads(shown, which: str, view: lv.ListView, total: int, picks: list[str]) -> None:
    """Draw the .xlsx and .csv download buttons for the rows shown, with a 说明 sheet."""
    parks, sectors = filters.names_of(f, "zh")
    notes = lv.export_notes(
        f, which, view, (len(shown), total), {"parks": parks, "sectors": sectors, "picks": picks}
    )
    out = lv.export_table(shown, which)
    name = t(f"lists.{which}_tab", "zh")
    stem = f"{name}_{f.period}"
    a, b, _ = st.columns([1, 1, 3])
    # files are built only when a button is clicked, not on every rerun
    a.download_button(
        t("lists.download_xlsx", lang),
        partial(export.to_xlsx_bytes, out, name, notes),
        f"{stem}.xlsx",
        export.XLSX_MIME,
        key=f"lists_{which}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    b.download_button(
        t("lists.download_csv", lang),
        partial(export.to_csv_bytes, out),
        f"{stem}.csv",
        export.CSV_MIME,
        key=f"lists_{which}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    st.caption(t("lists.download_note", lang))


def month_column(label: str):
    return st.column_config.DateColumn(label, format=month_format(lang, "moment"))


f = filters.current()
lang = f.lang
filters.page_header("lists.title", "lists.question", f)
st.caption(t("lists.real_names", lang))
firm_tab, project_tab = st.tabs(
    [t("lists.firms_tab", lang), t("lists.projects_tab", lang)],
    key="lists_tab",
    bind="query-params",
)

with firm_tab:
    firms = data.leading_enterprises(f.period, f.parks, f.sectors)
    text, sort = controls("lists_ent", lv.FIRM_SORTS, lang)
    flags = st.multiselect(
        t("lists.flags", lang),
        lv.FIRM_FLAGS,
        key="lists_ent_flags",
        placeholder=t("lists.any", lang),
        format_func=lambda c: lv.flag_label(c, lang),
        select_all=False,
        bind="query-params",
    )
    view = lv.ListView(text, sort, tuple(flags))
    shown = lv.firms_shown(firms, view, lang)
    st.caption(t("lists.count", lang, n=len(shown), total=len(firms)))
    if firms.empty:
        filters.empty_state(f, "firms")
    st.dataframe(
        shown.assign(
            entered=shown["entered_month"].map(month_date),
            **links.page_columns(shown, lang, f.period, firm="enterprise_id", park="park_id"),
        ),
        hide_index=True,
        key="lists_ent_table",
        column_order=FIRM_COLUMNS,
        column_config={
            "name": st.column_config.TextColumn(t("lists.col_name", lang), width="medium"),
            "park": t("lists.col_park", lang),
            "sector": t("lists.col_sector", lang),
            "entered": month_column(t("lists.col_entered", lang)),
            "output_value_yi": st.column_config.NumberColumn(
                t("lists.col_output", lang), format="%.2f"
            ),
            "is_demo": st.column_config.CheckboxColumn(t("lists.col_demo", lang)),
            **{c: st.column_config.CheckboxColumn(lv.flag_label(c, lang)) for c in lv.FIRM_FLAGS},
            **links.page_column_config(lang),
        },
    )
    downloads(shown, "firms", view, len(firms), [lv.flag_label(c, "zh") for c in flags])

with project_tab:
    projects = data.major_projects(f.period, f.parks, f.sectors)
    stage_names = data.stage_list().set_index("stage_id")
    text, sort = controls("lists_prj", lv.PROJECT_SORTS, lang)
    stages = st.multiselect(
        t("lists.stages", lang),
        list(stage_names.index),
        key="lists_prj_stages",
        placeholder=t("lists.any", lang),
        format_func=lambda s: stage_names.loc[s, "name_zh" if lang == "zh" else "name_en"],
        select_all=False,
        bind="query-params",
    )
    view = lv.ListView(text, sort, tuple(stages))
    shown = lv.projects_shown(projects, view, lang)
    st.caption(t("lists.count", lang, n=len(shown), total=len(projects)))
    if projects.empty:
        filters.empty_state(f, "projects")
    st.dataframe(
        shown.assign(
            since=shown["stage_since"].map(month_date),
            **links.page_columns(shown, lang, f.period, project="project_id", park="park_id"),
        ),
        hide_index=True,
        key="lists_prj_table",
        column_order=PROJECT_COLUMNS,
        column_config={
            "name": st.column_config.TextColumn(t("lists.col_name", lang), width="medium"),
            "park": t("lists.col_park", lang),
            "sector": t("lists.col_sector", lang),
            "stage_label": t("lists.col_stage", lang),
            "since": month_column(t("lists.col_since", lang)),
            "months_in_stage": st.column_config.NumberColumn(
                t("lists.col_months", lang), format="%d"
            ),
            "build": t("lists.col_build", lang),
            "investment_yi": st.column_config.NumberColumn(
                t("lists.col_investment", lang), format="%.2f"
            ),
            "is_demo": st.column_config.CheckboxColumn(t("lists.col_demo", lang)),
            **links.page_column_config(lang),
        },
    )
    downloads(
        shown, "projects", view, len(projects), [stage_names.loc[s, "name_zh"] for s in stages]
    )
