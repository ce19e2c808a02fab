"""Lists 双单 — the leading-enterprise and major-project lists: search, sort, filter, download.

Search, sort, flags, stages and the open tab are bound to the URL, like the sidebar filters.
"""

from functools import partial

import streamlit as st

from ccbio import data, export, filters, render
from ccbio import lists_table as lt
from ccbio import lists_view as lv
from ccbio.i18n import t


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
    render.table(
        lt.firm_rows(shown, lang, f.period),
        key="lists_ent_table",
        lang=lang,
        column_order=lt.FIRM_COLUMNS,
        column_config=lt.firm_columns(lang),
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
    render.table(
        lt.project_rows(shown, lang, f.period),
        key="lists_prj_table",
        lang=lang,
        column_order=lt.PROJECT_COLUMNS,
        column_config=lt.project_columns(lang),
    )
    downloads(
        shown, "projects", view, len(projects), [stage_names.loc[s, "name_zh"] for s in stages]
    )
