"""Sectors 八大工程 — which programmes carry the growth? Output, share, growth, heatmap, focus."""

import streamlit as st

from ccbio import charts, data, filters, render
from ccbio.formatting import format_pct, format_yi
from ccbio.i18n import pick, t

HEAT_METRICS = {
    "output_value_yi": "sectors.output",
    "enterprises": "sectors.enterprises",
    "projects": "sectors.projects",
    "investment_yi": "sectors.investment",
}

f = filters.current()
lang = f.lang
filters.page_header("sectors.title", "sectors.question", f)

summary = data.sector_summary(f.period, f.parks)
rows = summary.to_dict("records")
summary = summary.assign(
    sector=[pick(r, "name", lang) for r in rows],
    label=[
        f"{format_yi(r['output_value_yi'], lang, 1)} · {format_pct(r['output_share'])}"
        for r in rows
    ],
    growth_label=[format_pct(r["output_yoy"], signed=True) for r in rows],
    growth_color=["#2e7d32" if (r["output_yoy"] or 0) >= 0 else "#c62828" for r in rows],
)
if f.sectors:  # shares stay shares of all sectors; only the chosen rows are shown
    summary = summary[summary["sector_id"].isin(f.sectors)]

left, right = st.columns(2)
with left:
    st.subheader(t("sectors.output_chart", lang))
    render.chart(
        charts.bars,
        summary,
        "sector",
        "output_value_yi",
        t("sectors.sector", lang),
        t("sectors.output", lang),
        label_col="label",
        color_col="color",
    )
with right:
    st.subheader(t("sectors.growth_chart", lang))
    render.chart(
        charts.bars,
        summary,
        "sector",
        "output_yoy",
        t("sectors.sector", lang),
        t("sectors.growth", lang),
        label_col="growth_label",
        color_col="growth_color",
        value_format="+.1%",
    )

st.subheader(t("sectors.table", lang))
st.dataframe(
    summary,
    hide_index=True,
    key="sectors_table",
    column_order=[
        "sector",
        "output_value_yi",
        "output_share",
        "output_yoy",
        "enterprises",
        "projects",
        "investment_yi",
    ],
    column_config={
        "sector": t("sectors.sector", lang),
        "output_value_yi": st.column_config.NumberColumn(
            t("sectors.output", lang), format="%.1f", help=t("sectors.output_help", lang)
        ),
        "output_share": st.column_config.NumberColumn(t("sectors.share", lang), format="percent"),
        "output_yoy": st.column_config.NumberColumn(t("sectors.growth", lang), format="percent"),
        "enterprises": st.column_config.NumberColumn(t("sectors.enterprises", lang), format="%d"),
        "projects": st.column_config.NumberColumn(t("sectors.projects", lang), format="%d"),
        "investment_yi": st.column_config.NumberColumn(
            t("sectors.investment", lang), format="%.1f"
        ),
    },
)

st.subheader(t("sectors.heatmap", lang))
metric = st.radio(
    t("sectors.heat_metric", lang),
    list(HEAT_METRICS),
    horizontal=True,
    key="sectors_heat_metric",
    format_func=lambda m: t(HEAT_METRICS[m], lang),
)
matrix = data.sector_park_matrix(f.period)
if f.parks:
    matrix = matrix[matrix["park_id"].isin(f.parks)]
if f.sectors:
    matrix = matrix[matrix["sector_id"].isin(f.sectors)]
matrix = matrix.assign(
    sector=[pick(r, "sector", lang) for r in matrix.to_dict("records")],
    park=[pick(r, "park", lang) for r in matrix.to_dict("records")],
)
render.chart(
    charts.heatmap,
    matrix,
    "sector",
    "park",
    metric,
    list(dict.fromkeys(matrix["sector"])),
    list(dict.fromkeys(matrix["park"])),
    t("sectors.sector", lang),
    t("sectors.park", lang),
    t(HEAT_METRICS[metric], lang),
    ",.1f" if metric.endswith("_yi") else ",.0f",
)
st.caption(t("sectors.parks_note", lang))

st.subheader(t("sectors.focus", lang))
focus_cols = st.columns(2)
for i, r in enumerate(summary.to_dict("records")):
    with focus_cols[i % 2].expander(
        f"{r['project_zh']}" + ("" if lang == "zh" else f" — {r['name_en']}")
    ):
        st.write(pick(r, "focus", lang))
st.caption(t("sectors.focus_source", lang))
