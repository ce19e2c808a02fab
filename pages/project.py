"""Project — one project's whole history: stages, investment, milestones, events, warnings, 督办."""

import streamlit as st

from ccbio import data, filters, render, rules, store
from ccbio.auth.scope import session_scope
from ccbio.drilldown import charts, params
from ccbio.drilldown import project as pv
from ccbio.followups import board, view, widgets
from ccbio.formatting import format_month, format_pct, format_yi
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("project.title", "project.question", f)
pid, bad = params.checked("project", params.requested("project"))
typed = st.text_input(
    t("project.pick", lang), value=pid or "", key="project_pick", help=t("project.pick_help", lang)
)
if typed.strip() and typed.strip() != pid:
    pid, bad = params.checked("project", typed.strip())
history = data.project_history(pid) if pid else None
if bad:
    st.warning(bad.message(lang), icon="⚠️")
elif history is not None and history.empty:
    unknown = "project.unknown" if session_scope().city else "auth.record_outside_scope"  # issue 14
    st.warning(t(unknown, lang, id=pid), icon="⚠️")
if history is None or history.empty:
    st.info(t("project.none_chosen", lang))
    st.stop()
params.remember("project", pid)

history = pv.with_plan_columns(history)
events = data.project_event_list(pid)
periods = data.periods()
last = history.iloc[-1]
gone = pv.left_pipeline(history, events, periods[-1])
stages = data.stage_list()
stage_names = dict(zip(stages["stage_id"], stages[f"name_{side}"], strict=True))

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
c1, c2, c3, c4 = st.columns([2, 3, 3, 3])
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
with c4:
    st.caption(t("project.park", lang))
    st.page_link(
        "pages/park.py",
        label=pick(last, "park", lang),
        icon=":material/location_on:",
        query_params=filters.to_params(f) | {"park": last["park_id"]},
    )
    st.caption(f"{t('project.sector', lang)} · {pick(last, 'sector', lang)}")
if isinstance(last.get("sponsor_zh"), str):
    st.caption(f"{t('project.sponsor', lang)} · {last['sponsor_zh']}")
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
st.dataframe(
    timeline.assign(
        stage=timeline["stage"].map(stage_names),
        entered=[format_month(m, lang) for m in timeline["entered"]],
        left=[
            format_month(m, lang) if isinstance(m, str) else t("project.still_here", lang)
            for m in timeline["left"]
        ],
    ).drop(columns="current"),
    hide_index=True,
    key="project_timeline_table",
    column_config={c: t(f"project.col_{c}", lang) for c in ("stage", "entered", "left", "months")},
)

st.subheader(t("project.invest_title", lang))
revisions = pv.revisions(history)
render.chart(charts.investment_line, pv.investment_series(history), lang, labels)
if revisions.empty:
    st.caption(t("project.invest_none", lang))
else:
    listed = " · ".join(
        f"{format_month(r.period, lang)}: {format_yi(r.from_yi, lang)} → {format_yi(r.to_yi, lang)} ({format_pct(r.change, signed=True)})"
        for r in revisions.itertuples()
    )
    st.caption(t("project.invest_revised", lang, n=len(revisions), list=listed))

st.subheader(t("project.milestones", lang))
ms = pv.milestones(history)
states = [
    pv.milestone_state(p, late, r)
    for p, late, r in zip(ms["planned"], ms["late_months"], ms["reached"], strict=True)
]
st.dataframe(
    ms.assign(
        milestone=[t(f"project.ms_{m}", lang) for m in ms["milestone"]],
        planned=[format_month(m, lang) if isinstance(m, str) else "—" for m in ms["planned"]],
        actual=[format_month(m, lang) if isinstance(m, str) else "—" for m in ms["actual"]],
        state=[t(f"project.{key}", lang, n=n) for key, n in states],
    )[["milestone", "planned", "actual", "state"]],
    hide_index=True,
    key="project_milestones_table",
    column_config={
        c: t(f"project.col_{c}", lang) for c in ("milestone", "planned", "actual", "state")
    },
)

st.subheader(t("project.events", lang))
listed_events = pv.event_rows(events, revisions)
if listed_events.empty:
    st.caption(t("project.events_none", lang))
else:
    st.dataframe(
        listed_events.assign(
            period=[format_month(p, lang) for p in listed_events["period"]],
            event=[t(f"project.ev_{e}", lang) for e in listed_events["event"]],
            from_stage=listed_events["from_stage"].map(stage_names).fillna(""),
            to_stage=listed_events["to_stage"].map(stage_names).fillna(""),
            reason=listed_events[f"reason_{side}"].fillna(""),
        )[["period", "event", "from_stage", "to_stage", "reason"]],
        hide_index=True,
        key="project_events_table",
        column_config={
            "period": t("project.month", lang),
            "event": t("project.col_event", lang),
            "from_stage": t("project.from", lang),
            "to_stage": t("project.to", lang),
            "reason": t("project.col_reason", lang),
        },
    )

st.subheader(t("project.warnings", lang))
spans = pv.warning_spans(pv.warnings_over_time(history, rules.current()), periods)
if spans.empty:
    st.caption(t("project.warnings_none", lang))
else:
    st.dataframe(
        spans.assign(
            level=[t(view.COLOUR_KEYS[lv], lang) for lv in spans["level"]],
            first=[format_month(p, lang) for p in spans["first"]],
            last=[format_month(p, lang) for p in spans["last"]],
            reason=spans[f"reason_{side}"],
        )[["level", "first", "last", "snapshots", "reason"]],
        hide_index=True,
        key="project_warnings_table",
        column_config={
            c: t(f"project.col_{c}", lang) for c in ("level", "first", "last", "snapshots")
        }
        | {"reason": t("project.col_reason", lang)},
    )

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
