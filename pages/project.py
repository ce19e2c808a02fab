"""Project — one project's whole history: stages, investment, milestones, events, warnings, 督办."""

import streamlit as st

from ccbio import data, filters, render, rules, store
from ccbio.drilldown import charts, params, tables
from ccbio.drilldown import project as pv
from ccbio.followups import board, view, widgets
from ccbio.formatting import format_month, format_yi
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("project.title", "project.question", f)
pid, bad = params.record_asked("project", "project", lang)
history = data.project_history(pid) if pid else None
history = params.record_shown("project", "project", pid, bad, history, lang)

history = pv.with_plan_columns(history)
events = data.project_event_list(pid)
periods = data.periods()
last = history.iloc[-1]
gone = pv.left_pipeline(history, events, periods[-1])
stage_names = tables.stage_names(data.stage_list(), lang)

st.subheader(pick(last, "name", lang))
st.caption(
    t(
        "project.history_note",
        lang,
        n=len(history),
        first=format_month(history["period"].iloc[0], lang),
        last=format_month(last["period"], lang),
    )
)
c1, c2, c3 = st.columns([3, 3, 4])  # "Commissioning" and a long unit name need the room
c1.metric(
    t("project.stage_now", lang),
    t("project.left_pipeline", lang) if gone else stage_names[last["stage"]],
)
c2.metric(t("project.investment", lang), format_yi(last["investment_yi"], lang))
unit = (
    last["responsible_unit"]
    if isinstance(last["responsible_unit"], str)
    else t("project.unit_none", lang)
)
c3.caption(t("project.unit", lang))
c3.markdown(f"**{unit}**")  # a metric would cut a long unit name
# where it belongs: park, sector and sponsor on a row of their own (the park's name is long)
c1, c2, c3 = st.columns([4, 2, 4])
with c1:
    params.park_link(t("project.park", lang), last["park_id"], pick(last, "park", lang), f)
c2.caption(t("project.sector", lang))
c2.markdown(pick(last, "sector", lang))
firm_id = pv.sponsor_id(last)
firm = data.firm_name(firm_id, last["period"]) if firm_id else None
sponsor_id, sponsor = pv.sponsor(last, firm, lang)
with c3:
    if sponsor_id:  # a firm in the city's statistics: its page
        params.firm_link(t("project.sponsor", lang), sponsor_id, sponsor, f)
    elif sponsor:  # named, but not a firm the statistics hold (an investor from elsewhere)
        st.caption(t("project.sponsor", lang))
        st.markdown(sponsor)
if gone:
    st.info(
        t(
            "project.left_note",
            lang,
            month=format_month(gone["period"], lang),
            reason=gone[f"reason_{side}"],
        )
        if gone["period"]
        else t("project.left_unknown", lang)
    )

st.subheader(t("project.timeline", lang))
timeline = pv.stage_timeline(history)
labels = {
    k: t(f"project.{v}", lang)
    for k, v in (
        ("month", "month"),
        ("stage", "col_stage"),
        ("entered", "col_entered"),
        ("months", "col_months"),
        ("investment", "invest_axis"),
        ("from", "from"),
        ("to", "to"),
    )
}
render.chart(charts.stage_timeline, timeline, stage_names, last["period"], lang, labels)
frame, headers = tables.stage_timeline_table(timeline, stage_names, lang)
render.table(frame, lang, key="project_timeline_table", column_config=headers)

st.subheader(t("project.invest_title", lang))
revisions = pv.revisions(history)
render.chart(charts.investment_line, pv.investment_series(history), lang, labels)
st.caption(tables.revision_text(revisions, lang))

st.subheader(t("project.milestones", lang))
frame, headers = tables.milestone_table(pv.milestones(history), lang, pv.milestone_state)
render.table(frame, lang, key="project_milestones_table", column_config=headers)

st.subheader(t("project.events", lang))
listed_events = pv.event_rows(events, revisions)
if listed_events.empty:
    st.caption(t("project.events_none", lang))
else:
    frame, headers = tables.event_table(listed_events, stage_names, lang)
    render.table(frame, lang, key="project_events_table", column_config=headers)

st.subheader(t("project.warnings", lang))
spans = pv.warning_spans(pv.warnings_over_time(history, rules.current()), periods)
if spans.empty:
    st.caption(t("project.warnings_none", lang))
else:
    frame, headers = tables.warning_span_table(spans, lang)
    render.table(frame, lang, key="project_warnings_table", column_config=headers)

st.subheader(t("project.followups", lang))
try:
    b = board.for_project(history)
except store.StoreError as err:
    st.error(t("followups.store_error", lang, detail=type(err).__name__))
    st.stop()
mine = board.open_for_subject(b["items"], "project", pid)
for item in mine.to_dict("records"):
    widgets.item_panel(item, b, lang, key=f"project_item_{item['id']}")
latest = b["latest"]
candidates = view.unfollowed(
    latest[(latest["subject_kind"] == "project") & (latest["subject_id"] == pid)], b["items"]
)
if mine.empty and candidates.empty:
    st.caption(t("followups.no_open_warnings", lang))
elif len(candidates):
    widgets.open_form(
        candidates, b, {k: unit for k in candidates["warning_key"]}, lang, key="project_open"
    )
