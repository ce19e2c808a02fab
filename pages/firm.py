"""Firm — one enterprise over the snapshots: flags over time, output, park, sector, its projects."""

import streamlit as st

from ccbio import data, filters, render
from ccbio.drilldown import charts, params, tables
from ccbio.drilldown import firm as fv
from ccbio.formatting import format_yi
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
filters.page_header("firm.title", "firm.question", f)
eid, bad = params.record_asked("enterprise", "firm", lang)
history = data.firm_history(eid) if eid else None
history = params.record_shown("firm", "firm", eid, bad, history, lang)

last = history.iloc[-1]
st.subheader(pick(last, "name", lang))
# side by side, each as wide as it reads, wrapping where the row is full: in three equal columns
# the English park names and longer sectors were cut ('Changchun High&New Big-Health Industrial Par')
with st.container(horizontal=True, wrap=True, gap="large", key="firm_figures"):
    with st.container(width="content"):
        params.park_link(t("firm.park", lang), last["park_id"], pick(last, "park", lang), f)
    st.metric(t("firm.sector", lang), pick(last, "sector", lang), width="content")
    # in 亿元 like the chart below it: 1,209万元 beside an axis reading 0.0-0.2 (亿元) was two units
    st.metric(
        t("firm.output", lang),
        format_yi(last["output_value_yi"], lang, unit="yi"),
        width="content",
    )

st.subheader(t("firm.output_title", lang))
labels = {"month": t("firm.month", lang), "output": t("firm.output_axis", lang)}
render.chart(charts.output_line, fv.output_series(history), lang, labels)

st.subheader(t("firm.flags", lang))
frame, headers = tables.flag_timeline_table(fv.flag_timeline(history), lang)
render.table(frame, lang, key="firm_flag_table", column_config=headers)
changes = fv.flag_changes(history)
st.markdown(f"**{t('firm.changes', lang)}**")
if changes.empty:
    st.caption(t("firm.changes_none", lang))
else:
    frame, headers = tables.flag_change_table(changes, lang)
    render.table(frame, lang, key="firm_change_table", column_config=headers)

st.subheader(t("firm.projects", lang))
projects = data.firm_projects(eid)
if projects.empty:
    st.caption(t("firm.projects_none", lang))
else:
    stage_names = tables.stage_names(data.stage_list(), lang)
    frame, headers = tables.project_list_table(projects, stage_names, lang, f.period, page="firm")
    render.table(frame, lang, key="firm_project_table", column_config=headers)
