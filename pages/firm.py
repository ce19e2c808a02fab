"""Firm — one enterprise over the snapshots: flags over time, output, park, sector, its projects."""

import streamlit as st

from ccbio import data, filters, links, render
from ccbio.auth.scope import session_scope
from ccbio.drilldown import charts, params
from ccbio.drilldown import firm as fv
from ccbio.formatting import format_month, format_yi
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("firm.title", "firm.question", f)
eid, bad = params.checked("enterprise", params.requested("firm"))
typed = st.text_input(
    t("firm.pick", lang), value=eid or "", key="firm_pick", help=t("firm.pick_help", lang)
)
if typed.strip() and typed.strip() != eid:
    eid, bad = params.checked("enterprise", typed.strip())
history = data.firm_history(eid) if eid else None
if bad:
    st.warning(bad.message(lang), icon="⚠️")
elif history is not None and history.empty:
    unknown = "firm.unknown" if session_scope().city else "auth.record_outside_scope"  # issue 14
    st.warning(t(unknown, lang, id=eid), icon="⚠️")
if history is None or history.empty:
    st.info(t("firm.none_chosen", lang))
    st.stop()
params.remember("firm", eid)

last = history.iloc[-1]
st.subheader(pick(last, "name", lang))
c1, c2, c3 = st.columns(3)
with c1:
    st.caption(t("firm.park", lang))
    st.page_link(
        "pages/park.py",
        label=pick(last, "park", lang),
        icon=":material/location_on:",
        query_params=filters.to_params(f) | {"park": last["park_id"]},
    )
c2.metric(t("firm.sector", lang), pick(last, "sector", lang))
c3.metric(t("firm.output", lang), format_yi(last["output_value_yi"], lang))
if last["is_demo"]:
    filters.demo_badge(lang)

st.subheader(t("firm.output_title", lang))
labels = {"month": t("firm.month", lang), "output": t("firm.output_axis", lang)}
render.chart(charts.output_line, fv.output_series(history), lang, labels)

st.subheader(t("firm.flags", lang))
flags = fv.flag_timeline(history)
month = lambda m: format_month(m, lang) if isinstance(m, str) else t("firm.never", lang)  # noqa: E731
st.dataframe(
    flags.assign(
        flag=[t(f"firm.flag_{k}", lang) for k in flags["flag"]],
        now=[t("firm.yes" if v else "firm.no", lang) for v in flags["now"]],
        first=[month(m) for m in flags["first"]],
        last=[month(m) for m in flags["last"]],
    ),
    hide_index=True,
    key="firm_flag_table",
    column_config={c: t(f"firm.col_{c}", lang) for c in ("flag", "now", "first", "last")},
)
changes = fv.flag_changes(history)
st.markdown(f"**{t('firm.changes', lang)}**")
if changes.empty:
    st.caption(t("firm.changes_none", lang))
else:
    st.dataframe(
        changes.assign(
            period=[month(m) for m in changes["period"]],
            flag=[t(f"firm.flag_{k}", lang) for k in changes["flag"]],
            change=[t("firm.gained" if g else "firm.lost", lang) for g in changes["gained"]],
        )[["period", "flag", "change"]],
        hide_index=True,
        key="firm_change_table",
        column_config={
            "period": t("firm.col_period", lang),
            "flag": t("firm.col_flag", lang),
            "change": t("firm.col_change", lang),
        },
    )

st.subheader(t("firm.projects", lang))
projects = data.firm_projects(eid)
if projects.empty:
    st.caption(t("firm.projects_none", lang))
else:
    stage_names = dict(
        zip(data.stage_list()["stage_id"], data.stage_list()[f"name_{side}"], strict=True)
    )
    st.dataframe(
        projects.assign(
            project=links.urls("project", projects["project_id"], lang, f.period),
            name=projects[f"name_{side}"],
            stage=projects["stage"].map(stage_names),
            last_seen=[month(m) for m in projects["last_seen"]],
        )[["project", "name", "stage", "investment_yi", "last_seen"]],
        hide_index=True,
        key="firm_project_table",
        column_config={
            "project": st.column_config.LinkColumn(
                t("firm.col_project", lang), display_text=links.DISPLAY["project"]
            ),
            "name": t("firm.col_project", lang),
            "stage": t("firm.col_stage", lang),
            "investment_yi": st.column_config.NumberColumn(
                t("firm.col_invest", lang), format="%.2f"
            ),
            "last_seen": t("firm.col_seen", lang),
        },
    )
