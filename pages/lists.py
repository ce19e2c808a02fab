"""Lists 双单 — the leading-enterprise and major-project lists: search, sort, filter, download.

Search, sort, flags, stages and the open tab live in the URL, like the sidebar filters: choices
as language-neutral ids (url_choice), so a shared link opens the same view in either language.
"""

from functools import partial

import streamlit as st

from ccbio import data, export, filters, render, url_choice
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
    key = f"{prefix}_sort"
    url_choice.seed(key, list(sorts), lv.sort_label)
    sort = b.selectbox(
        t("lists.sort", lang),
        list(sorts),
        key=key,
        format_func=lambda s: lv.sort_label(s, lang),
        on_change=url_choice.write,
        args=(key, next(iter(sorts))),
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


def listed(rows, shown, which: str, view: lv.ListView, picks: list[str]) -> None:
    """Draw a tab's count, its table (or what is empty) and the downloads of the rows shown."""
    st.caption(t("lists.count", lang, n=len(shown), total=len(rows)))
    if rows.empty:  # one notice saying what is empty, no second 'no data' and no empty file
        filters.empty_state(f, which)
    else:
        table = lt.TABLES[which]
        render.table(
            table.rows(shown, lang, f.period),
            key=table.key,
            lang=lang,
            column_order=table.columns,
            column_config=table.config(lang),
        )
    if len(shown):
        downloads(shown, which, view, len(rows), picks)


f = filters.current()
lang = f.lang
filters.page_header("lists.title", "lists.question", f)
st.caption(t("lists.real_names", lang))
tab = url_choice.tab_default("lists_tab", lv.TABS, lv.tab_label)
firm_tab, project_tab = st.tabs(
    [lv.tab_label(x, lang) for x in lv.TABS],
    key="lists_tab",
    default=lv.tab_label(tab, lang) if tab else None,
    on_change=url_choice.write_tab,
    args=("lists_tab", lv.TABS, lv.tab_label),
)

with firm_tab:
    firms = data.leading_enterprises(f.period, f.parks, f.sectors)
    text, sort = controls("lists_ent", lv.FIRM_SORTS, lang)
    url_choice.seed("lists_ent_flags", lv.FIRM_FLAGS, lv.flag_label, multi=True)
    flags = st.multiselect(
        t("lists.flags", lang),
        lv.FIRM_FLAGS,
        key="lists_ent_flags",
        placeholder=t("lists.any", lang),
        format_func=lambda c: lv.flag_label(c, lang),
        select_all=False,
        on_change=url_choice.write,
        args=("lists_ent_flags",),
    )
    view = lv.ListView(text, sort, tuple(flags))
    shown = lv.firms_shown(firms, view, lang)
    listed(firms, shown, "firms", view, [lv.flag_label(c, "zh") for c in flags])

with project_tab:
    projects = data.major_projects(f.period, f.parks, f.sectors)
    stage_names = data.stage_list().set_index("stage_id")
    text, sort = controls("lists_prj", lv.PROJECT_SORTS, lang)
    stage_label = lv.stage_labeller(stage_names)
    url_choice.seed("lists_prj_stages", list(stage_names.index), stage_label, multi=True)
    stages = st.multiselect(
        t("lists.stages", lang),
        list(stage_names.index),
        key="lists_prj_stages",
        placeholder=t("lists.any", lang),
        format_func=lambda s: stage_label(s, lang),
        select_all=False,
        on_change=url_choice.write,
        args=("lists_prj_stages",),
    )
    view = lv.ListView(text, sort, tuple(stages))
    shown = lv.projects_shown(projects, view, lang)
    listed(projects, shown, "projects", view, [stage_names.loc[s, "name_zh"] for s in stages])
