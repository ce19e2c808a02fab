"""Pipeline 五个一批 — is the pipeline moving? Funnel, conversion, flows, stage age, stalled list."""

import streamlit as st

from ccbio import charts, data, filters, render, rules
from ccbio import pipeline_table as pt
from ccbio import pipeline_view as pv
from ccbio.formatting import format_month
from ccbio.i18n import pick, t
from ccbio.published import figure, published_lookup, published_mark

f = filters.current()
lang = f.lang
filters.page_header("pipeline.title", "pipeline.question", f)
stages = data.pipeline_by_stage(f.period, f.parks, f.sectors)
if stages["projects"].sum() == 0:
    filters.empty_state(f, "projects")
    st.stop()
names = pv.stage_names(stages, lang)
# colours and the stalled list follow the warning rules, as on the goals and monitoring pages
stage_status, stalled = pv.stall_view(f.period, f.parks, f.sectors)
pub = published_lookup(f.period, f)
if f.parks or f.sectors:
    st.caption(t("pipeline.published_filtered", lang))

total_text, total_row = figure(pub, ("", "", "projects"), stages["projects"].sum(), "count", lang)
st.metric(t("pipeline.total", lang), total_text)
published_mark(total_row, lang)

cols = st.columns(len(stages))
for col, s in zip(cols, stages.to_dict("records"), strict=True):
    with col, st.container(border=True, key=f"pipeline_stage_{s['stage']}"):
        count_text, count_row = figure(
            pub, (s["stage"], "", "projects"), s["projects"], "count", lang
        )
        inv_text, inv_row = figure(
            pub, (s["stage"], "", "investment_yi"), s["investment_yi"], "yi", lang
        )
        st.markdown(f"**{pick(s, 'campaign', lang)}**")  # wraps where a metric label is cut
        st.metric(t("pipeline.projects", lang), count_text)
        if s["stage"] in stage_status.index:
            status = stage_status.loc[s["stage"]]
            filters.status_badge(status["level"], pick(status, "reason", lang), lang)
        st.caption(t("pipeline.investment", lang))
        # a small heading: one line for '2,482.74亿元' in a fifth of the page, where a metric cuts it
        st.markdown(f"##### {inv_text}")
        published_mark(count_row, lang, inv_row, s["investment_yi"])

st.subheader(t("pipeline.funnel", lang))
funnel = pv.funnel_frame(stages, lang)
render.chart(
    charts.funnel,
    funnel,
    "stage_label",
    "projects",
    "label",
    t("pipeline.projects", lang),
    t("pipeline.stage", lang),
)
render.table(
    pt.funnel_rows(funnel),
    column_config=pt.funnel_columns(lang),
    key="pipeline_funnel_table",
    lang=lang,
)

st.subheader(t("pipeline.construction_split", lang))
build = stages.set_index("stage").loc["construction"]
new_col, cont_col = st.columns(2)
for col, kind in ((new_col, "new"), (cont_col, "continued")):
    with col, st.container(border=True, key=f"pipeline_build_{kind}"):
        n_text, n_row = figure(
            pub, ("construction", kind, "projects"), build[f"{kind}_projects"], "count", lang
        )
        v_text, _ = figure(
            pub, ("construction", kind, "investment_yi"), build[f"{kind}_investment_yi"], "yi", lang
        )
        st.metric(t("pipeline.stage_projects", lang, stage=t(f"pipeline.{kind}", lang)), n_text)
        st.metric(t("pipeline.investment", lang), v_text)
        published_mark(n_row, lang)

st.subheader(t("pipeline.flows", lang))
earlier = [p for p in data.periods() if p < f.period]
if not earlier:
    st.info(t("pipeline.flows_none", lang))
else:
    p_from = st.selectbox(
        t("pipeline.flows_from", lang),
        earlier[::-1],
        index=earlier[::-1].index(pv.default_flow_start(f.period, earlier)),
        format_func=lambda p: format_month(p, lang),
        key="pipeline_from",
    )
    start, end = format_month(p_from, lang), format_month(f.period, lang)
    flows, order, summary = pv.flow_view(p_from, f.period, f.parks, f.sectors, names, lang)
    st.caption(t("pipeline.flows_caption", lang, start=start, end=end))
    render.chart(
        charts.flow_matrix,
        flows,
        "from_label",
        "to_label",
        "projects",
        order,
        t("pipeline.from_stage", lang),
        t("pipeline.to_stage", lang),
        t("pipeline.projects", lang),
    )
    render.table(
        pt.flow_rows(summary),
        key="pipeline_flow_table",
        lang=lang,
        column_order=pt.FLOW_COLUMNS,
        column_config=pt.flow_columns(lang, start),
    )

st.subheader(t("pipeline.age", lang))
render.chart(
    charts.stage_age_box,
    data.stage_age_summary(f.period, f.parks, f.sectors).assign(
        stage_label=lambda d: d["stage"].map(names)
    ),
    "stage_label",
    list(names.values()),
    t("pipeline.stage", lang),
    t("pipeline.months_in_stage", lang),
    labels={k: t(f"pipeline.age_{k}", lang) for k in ("min", "q1", "median", "q3", "max")}
    | {"projects": t("pipeline.projects", lang)},
)
n_stalled = int(stage_status["stalled"].sum())
st.markdown(f"**{t('pipeline.stalled', lang, n=n_stalled)}**")
if n_stalled > len(stalled):
    st.caption(t("pipeline.stalled_shown", lang, shown=len(stalled), n=n_stalled))
st.caption(
    t(
        "pipeline.stalled_rules",
        lang,
        rules=" · ".join(r.label(lang) for r in rules.current().of(rules.ProjectStalled)),
    )
)
render.table(
    pt.stalled_rows(stalled, names, lang, f.period),
    key="pipeline_stalled_table",
    lang=lang,
    column_order=pt.STALLED_COLUMNS,
    column_config=pt.stalled_columns(lang),
)
