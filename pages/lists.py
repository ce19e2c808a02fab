"""Lists 双单 — the leading-enterprise and major-project lists: search, sort, filter, download."""

from functools import partial

import pandas as pd
import streamlit as st

from ccbio import data, export, filters, links
from ccbio.formatting import format_month
from ccbio.i18n import pick, t

FLAGS = ["is_chain_leader", "is_chain_leader_new", "is_listed", "is_above_scale", "is_srdi"]
# Sort choices map to fixed (columns, ascending) pairs: user input never names a column.
ENT_SORTS = {
    "output": (["output_value_yi"], [False]),
    "name": (["name_zh"], [True]),
    "entered": (["entered_month", "output_value_yi"], [False, False]),
}
PRJ_SORTS = {
    "investment": (["investment_yi"], [False]),
    "months": (["months_in_stage", "investment_yi"], [False, False]),
    "name": (["name_zh"], [True]),
}
ENT_EXPORT = {
    "enterprise_id": "企业编号",
    "name_zh": "企业名称",
    "park_zh": "所在园区",
    "sector_zh": "产业领域",
    "is_chain_leader": "链主企业",
    "is_chain_leader_new": "新引进链主",
    "is_listed": "上市企业",
    "is_above_scale": "规上企业",
    "is_srdi": "专精特新",
    "output_value_yi": "产值（亿元，近12个月）",
    "entered_month": "入库月份",
    "is_demo": "演示数据",
}
PRJ_EXPORT = {
    "project_id": "项目编号",
    "name_zh": "项目名称",
    "sponsor_zh": "投资主体",
    "park_zh": "所在园区",
    "sector_zh": "产业领域",
    "stage_zh": "所处阶段",
    "stage_since": "进入阶段月份",
    "months_in_stage": "本阶段月数",
    "build_type": "建设类型",
    "investment_yi": "计划总投资（亿元）",
    "is_demo": "演示数据",
}


def search(df: pd.DataFrame, text: str, columns: list[str]) -> pd.DataFrame:
    """Return the rows whose name columns contain `text` (plain substring, any case)."""
    text = (text or "").strip()
    if not text:
        return df
    hit = pd.Series(False, index=df.index)
    for col in columns:
        hit |= df[col].fillna("").astype(str).str.contains(text, case=False, regex=False)
    return df[hit]


def downloads(table: pd.DataFrame, columns: dict, name: str, f, key: str, value_maps=None) -> None:
    """Draw the .xlsx and .csv download buttons for the rows shown, with Chinese headers."""
    out = export.export_frame(table, columns, value_maps)
    parks = data.park_list().set_index("park_id")["name_zh"]
    sectors = data.sector_list().set_index("sector_id")["name_zh"]
    notes = [
        t("lists.export_period", "zh", period=format_month(f.period, "zh")),
        t("common.demo_note", "zh"),
        t(
            "lists.export_filters",
            "zh",
            parks="、".join(parks[list(f.parks)]) or "全部",
            sectors="、".join(sectors[list(f.sectors)]) or "全部",
        ),
    ]  # the file is Chinese throughout
    stem = f"{name}_{f.period}"
    a, b, _ = st.columns([1, 1, 3])
    # files are built only when a button is clicked, not on every rerun
    a.download_button(
        t("lists.download_xlsx", f.lang),
        partial(export.to_xlsx_bytes, out, name, notes),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    b.download_button(
        t("lists.download_csv", f.lang),
        partial(export.to_csv_bytes, out),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    st.caption(t("lists.download_note", f.lang))


def controls(prefix: str, sorts: dict, lang: str):
    """Draw search and sort inputs; return (search text, sort choice)."""
    a, b = st.columns([2, 1])
    text = a.text_input(
        t("lists.search", lang),
        key=f"{prefix}_search",
        placeholder=t("lists.search_placeholder", lang),
        max_chars=60,
    )
    sort = b.selectbox(
        t("lists.sort", lang),
        list(sorts),
        key=f"{prefix}_sort",
        format_func=lambda s: t(f"lists.sort_{s}", lang),
    )
    return text, sort


f = filters.current()
lang = f.lang
filters.page_header("lists.title", "lists.question", f)
st.caption(t("lists.real_names", lang))
ent_tab, prj_tab = st.tabs([t("lists.enterprises_tab", lang), t("lists.projects_tab", lang)])

with ent_tab:
    firms = data.leading_enterprises(f.period, f.parks, f.sectors)
    text, sort = controls("lists_ent", ENT_SORTS, lang)
    flags = st.multiselect(
        t("lists.flags", lang),
        FLAGS,
        key="lists_ent_flags",
        placeholder=t("lists.any", lang),
        format_func=lambda c: t(f"lists.flag_{c.removeprefix('is_')}", lang),
    )
    shown = search(firms, text, ["name_zh", "name_en"])
    for flag in flags:
        shown = shown[shown[flag]]
    by, asc = ENT_SORTS[sort]
    shown = shown.sort_values(by, ascending=asc, kind="stable")
    st.caption(t("lists.count", lang, n=len(shown), total=len(firms)))
    rows = shown.to_dict("records")
    st.dataframe(
        shown.assign(
            name=[pick(r, "name", lang) for r in rows],
            park=[pick(r, "park", lang) for r in rows],
            sector=[pick(r, "sector", lang) for r in rows],
            **links.page_columns(shown, lang, f.period, firm="enterprise_id", park="park_id"),
        ),
        hide_index=True,
        key="lists_ent_table",
        column_order=[
            "name",
            "firm_page",
            "park",
            "park_page",
            "sector",
            "output_value_yi",
            *FLAGS,
            "entered_month",
            "is_demo",
        ],
        column_config={
            "name": t("lists.col_name", lang),
            "park": t("lists.col_park", lang),
            "sector": t("lists.col_sector", lang),
            "entered_month": t("lists.col_entered", lang),
            "output_value_yi": st.column_config.NumberColumn(
                t("lists.col_output", lang), format="%.2f"
            ),
            "is_demo": st.column_config.CheckboxColumn(t("lists.col_demo", lang)),
            **links.page_column_config(lang),
            **{
                c: st.column_config.CheckboxColumn(t(f"lists.flag_{c.removeprefix('is_')}", lang))
                for c in FLAGS
            },
        },
    )
    downloads(shown, ENT_EXPORT, "龙头企业清单", f, "lists_ent")

with prj_tab:
    projects = data.major_projects(f.period, f.parks, f.sectors)
    text, sort = controls("lists_prj", PRJ_SORTS, lang)
    stage_names = dict(
        zip(
            projects["stage"],
            [pick(r, "stage", lang) for r in projects.to_dict("records")],
            strict=True,
        )
    )
    stages = st.multiselect(
        t("lists.stages", lang),
        [s for s in data.stage_list()["stage_id"] if s in stage_names],
        key="lists_prj_stages",
        placeholder=t("lists.any", lang),
        format_func=lambda s: stage_names.get(s, s),
    )
    shown = search(projects, text, ["name_zh", "name_en", "sponsor_zh"])
    if stages:
        shown = shown[shown["stage"].isin(stages)]
    by, asc = PRJ_SORTS[sort]
    shown = shown.sort_values(by, ascending=asc, kind="stable")
    st.caption(t("lists.count", lang, n=len(shown), total=len(projects)))
    rows = shown.to_dict("records")
    build = {"new": t("lists.build_new", lang), "continued": t("lists.build_continued", lang)}
    st.dataframe(
        shown.assign(
            name=[pick(r, "name", lang) for r in rows],
            park=[pick(r, "park", lang) for r in rows],
            sector=[pick(r, "sector", lang) for r in rows],
            stage_label=[pick(r, "stage", lang) for r in rows],
            build=shown["build_type"].map(build),
            **links.page_columns(shown, lang, f.period, project="project_id", park="park_id"),
        ),
        hide_index=True,
        key="lists_prj_table",
        column_order=[
            "name",
            "project_page",
            "park",
            "park_page",
            "sector",
            "stage_label",
            "stage_since",
            "months_in_stage",
            "build",
            "investment_yi",
            "is_demo",
        ],
        column_config={
            "name": t("lists.col_name", lang),
            "park": t("lists.col_park", lang),
            "sector": t("lists.col_sector", lang),
            "stage_label": t("lists.col_stage", lang),
            "stage_since": t("lists.col_since", lang),
            "months_in_stage": t("lists.col_months", lang),
            "build": t("lists.col_build", lang),
            "investment_yi": st.column_config.NumberColumn(
                t("lists.col_investment", lang), format="%.2f"
            ),
            "is_demo": st.column_config.CheckboxColumn(t("lists.col_demo", lang)),
            **links.page_column_config(lang),
        },
    )
    downloads(
        shown,
        PRJ_EXPORT,
        "重大项目清单",
        f,
        "lists_prj",
        {"build_type": {"new": "新建", "continued": "续建"}},
    )
