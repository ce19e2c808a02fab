"""Pipeline 五个一批 — is the pipeline moving? Funnel, conversion, flows, stage age, stalled list."""

import streamlit as st

from ccbio import alerts, charts, config, data, filters, render, rules
from ccbio.formatting import format_count, format_month, format_pct
from ccbio.i18n import pick, t
from ccbio.periods import add_months
from ccbio.published import figure, published_lookup, published_mark, yi

STALLED_SHOWN = 200  # rows of the stalled list; the count above it covers every stalled project


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def stall_warnings(period: str, parks: tuple, sectors: tuple, version: str):
    """Return (one row per stage: colour and reason, the STALLED_SHOWN most severe stalled projects).

    The project_stalled rules are evaluated in SQL, so neither grows with the number of projects;
    `version` (data and rules file) makes a new snapshot or an edited rule a new cache entry.
    """
    rule_set = rules.current()
    limits = alerts.stall_limits(rule_set)
    counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    status = alerts.stage_status(counts, rule_set)
    rows = data.stalled_projects(period, parks, sectors, limits=limits, limit=STALLED_SHOWN)
    stalled = alerts.stalled_projects(rows, rule_set)[
        ["project_id", "level", "reason_zh", "reason_en"]
    ].merge(rows, on="project_id")
    return status, stalled


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def flow_table(
    period_from: str, period: str, parks: tuple, sectors: tuple, stage_ids: tuple, version: str
):
    """Return charts.flow_summary of the stage flows between two snapshots (one row per stage)."""
    return charts.flow_summary(
        data.stage_flows(period_from, period, parks, sectors), list(stage_ids)
    )


f = filters.current()
lang = f.lang
filters.page_header("pipeline.title", "pipeline.question", f)
stages = data.pipeline_by_stage(f.period, f.parks, f.sectors)
# colours and the stalled list follow config/warning_rules.toml, as on the goals and monitoring pages
stage_status, stalled = stall_warnings(
    f.period, tuple(f.parks), tuple(f.sectors), data.data_version() + rules.version()
)
stage_status = stage_status.set_index("stage")
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
        st.metric(t("pipeline.stage_projects", lang, stage=pick(s, "campaign", lang)), count_text)
        if s["stage"] in stage_status.index:
            status = stage_status.loc[s["stage"]]
            filters.status_badge(status["level"], pick(status, "reason", lang), lang)
        st.caption(t("pipeline.investment", lang))
        st.markdown(f"#### {inv_text}")  # a heading wraps where a metric would cut '3,000亿元以上'
        published_mark(count_row, lang, inv_row, s["investment_yi"])

st.subheader(t("pipeline.funnel", lang))
funnel = stages.assign(stage_label=[pick(s, "name", lang) for s in stages.to_dict("records")])
funnel["label"] = [
    f"{format_count(n, lang, 'projects')} · {yi(v, lang)}"
    for n, v in zip(funnel["projects"], funnel["investment_yi"], strict=True)
]
render.chart(
    charts.funnel,
    funnel,
    "stage_label",
    "projects",
    "label",
    t("pipeline.projects", lang),
    t("pipeline.stage", lang),
)
funnel["conversion"] = [format_pct(r) for r in funnel["projects"] / funnel["projects"].shift(1)]
funnel["share"] = [format_pct(r) for r in funnel["projects"] / max(funnel["projects"].sum(), 1)]
st.dataframe(
    funnel[["stage_label", "projects", "share", "conversion"]],
    hide_index=True,
    column_config={
        "stage_label": t("pipeline.stage", lang),
        "projects": t("pipeline.projects", lang),
        "share": t("pipeline.share", lang),
        "conversion": t("pipeline.conversion", lang),
    },
    key="pipeline_funnel_table",
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
stage_ids = stages["stage"].tolist()
names = dict(
    zip(stage_ids, [pick(s, "name", lang) for s in stages.to_dict("records")], strict=True)
)
if not earlier:
    st.info(t("pipeline.flows_none", lang))
else:
    default_from = add_months(f.period, -12) if add_months(f.period, -12) in earlier else earlier[0]
    p_from = st.selectbox(
        t("pipeline.flows_from", lang),
        earlier[::-1],
        index=earlier[::-1].index(default_from),
        format_func=lambda p: format_month(p, lang),
        key="pipeline_from",
    )
    flows = data.stage_flows(p_from, f.period, f.parks, f.sectors)
    st.caption(
        t(
            "pipeline.flows_caption",
            lang,
            start=format_month(p_from, lang),
            end=format_month(f.period, lang),
        )
    )
    shown = flows.assign(
        from_label=flows["from_stage"].map(names).fillna(t("pipeline.entered", lang)),
        to_label=flows["to_stage"].map(names).fillna(t("pipeline.left", lang)),
    )
    order = [t("pipeline.entered", lang), *names.values(), t("pipeline.left", lang)]
    render.chart(
        charts.flow_matrix,
        shown,
        "from_label",
        "to_label",
        "projects",
        order,
        t("pipeline.from_stage", lang),
        t("pipeline.to_stage", lang),
        t("pipeline.projects", lang),
    )
    summary = flow_table(
        p_from, f.period, tuple(f.parks), tuple(f.sectors), tuple(stage_ids), data.data_version()
    ).assign(stage=lambda d: d["stage"].map(names))
    st.dataframe(
        summary,
        hide_index=True,
        key="pipeline_flow_table",
        column_config={
            "stage": t("pipeline.stage", lang),
            "at_start": t("pipeline.at_start", lang),
            "advanced": t("pipeline.advanced_n", lang),
            "stayed": t("pipeline.stayed", lang),
            "left": t("pipeline.dropped", lang),
            "advance_rate": st.column_config.ProgressColumn(
                t("pipeline.advanced", lang),
                format="percent",
                help=t("pipeline.advanced_help", lang),
            ),
        },
    )

st.subheader(t("pipeline.age", lang))
age_stats = data.stage_age_summary(f.period, f.parks, f.sectors).assign(
    stage_label=lambda d: d["stage"].map(names)
)
render.chart(
    charts.stage_age_box,
    age_stats,
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
side = "zh" if lang == "zh" else "en"
st.dataframe(
    stalled.assign(
        project=stalled[f"name_{side}"],
        park=stalled[f"park_{side}"],
        stage_label=stalled["stage"].map(names),
        level=stalled["level"].map({v: t(f"common.status_{v}", lang) for v in ("red", "amber")}),
        reason=stalled[f"reason_{side}"],
    ),
    hide_index=True,
    key="pipeline_stalled_table",
    column_order=[
        "level",
        "project",
        "park",
        "stage_label",
        "stage_since",
        "months_in_stage",
        "investment_yi",
        "reason",
        "is_demo",
    ],
    column_config={
        "level": t("pipeline.col_level", lang),
        "project": t("pipeline.col_project", lang),
        "park": t("pipeline.col_park", lang),
        "stage_label": t("pipeline.stage", lang),
        "stage_since": t("pipeline.col_since", lang),
        "months_in_stage": t("pipeline.months_in_stage", lang),
        "investment_yi": st.column_config.NumberColumn(
            t("pipeline.col_invest", lang), format="%.2f"
        ),
        "reason": t("pipeline.col_reason", lang),
        "is_demo": t("pipeline.col_demo", lang),
    },
)
