"""Pipeline 五个一批 — is the pipeline moving? Funnel, conversion, flows, stage age, stalled list."""

import streamlit as st

from ccbio import charts, data, filters, render, text_table
from ccbio import pipeline_table as pt
from ccbio import pipeline_view as pv
from ccbio.formatting import format_month
from ccbio.i18n import t
from ccbio.published import published_lookup, published_mark

NBSP = "\u00a0"


def stage_card(card: dict) -> None:
    """Draw one stage's card: campaign, project count, warning light, investment, source mark."""
    with st.container(border=True, key=f"pipeline_stage_{card['stage']}"):
        st.markdown(f"**{card['title']}**")  # wraps where a metric label is cut
        st.metric(t("pipeline.projects", lang), card["count"])
        if card["warning"]:
            filters.status_badge(*card["warning"], lang)
        st.caption(t("pipeline.investment", lang))
        # a small heading: one line for '2,482.74亿元' in a fifth of the page, where a metric cuts it
        # a no-break space keeps the unit whole when a narrow card wraps it: '2,206.70' / '(100m yuan)'
        st.markdown(f"##### {card['investment'].replace(' yuan', NBSP + 'yuan')}")
        published_mark(card["count_row"], lang, card["investment_row"], card["investment_yi"])


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

total_text, total_row = pv.total_figure(stages, pub, lang)
st.metric(t("pipeline.total", lang), total_text)
published_mark(total_row, lang)

st.html(pv.STAGE_CSS)  # five in a row on a wide screen, two on a phone
with st.container(horizontal=True, key="pipeline_stages", gap="small"):
    for card in pv.stage_cards(stages, pub, stage_status, lang):
        stage_card(card)

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
for col, card in zip(st.columns(2), pv.build_cards(stages, pub, lang), strict=True):
    with col, st.container(border=True, key=f"pipeline_build_{card['kind']}"):
        st.metric(card["label"], card["count"])
        st.metric(t("pipeline.investment", lang), card["investment"])
        published_mark(card["count_row"], lang)

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
    pv.age_frame(f.period, f.parks, f.sectors, names),
    "stage_label",
    list(names.values()),
    t("pipeline.stage", lang),
    t("pipeline.months_in_stage", lang),
    labels=pv.age_labels(lang),
)
heading, *notes = pv.stalled_texts(stage_status, stalled, lang)
st.markdown(f"**{heading}**")
for note in notes:
    st.caption(note)
stalled_rows = pt.stalled_rows(stalled, names, lang, f.period)
render.table(
    stalled_rows,
    row_height=text_table.rows_height(stalled_rows, pt.STALLED_WRAPPED_PX),
    key="pipeline_stalled_table",
    lang=lang,
    column_order=pt.STALLED_COLUMNS,
    column_config=pt.stalled_columns(lang),
)
