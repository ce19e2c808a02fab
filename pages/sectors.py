"""Sectors 八大工程 — which programmes carry the growth? Output, share, growth, heatmap, focus."""

import streamlit as st

from ccbio import charts, data, filters, render
from ccbio import sectors_view as sv
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
filters.page_header("sectors.title", "sectors.question", f)

# shares stay shares of all sectors; only the chosen sectors come back
summary = sv.summary_frame(data.sector_summary(f.period, f.parks, f.sectors), lang)
if sv.is_empty(summary):
    filters.empty_state(f, "data")
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(t("sectors.output_chart", lang))
    render.chart(
        charts.bars,
        summary,
        "sector",
        "output_value_yi",
        t("sectors.sector", lang),
        t(
            "sectors.output_axis", lang
        ),  # the heading names the measure; a phone cut the long title,
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
render.table(
    summary.assign(
        share_pct=render.percent_points(summary["output_share"]),
        growth_pct=render.percent_points(summary["output_yoy"]),
    ),
    key="sectors_table",
    lang=lang,
    column_order=[
        "sector",
        "output_value_yi",
        "share_pct",
        "growth_pct",
        "enterprises",
        "projects",
        "investment_yi",
    ],
    column_config={
        "sector": t("sectors.sector", lang),
        "output_value_yi": st.column_config.NumberColumn(
            t("sectors.output_short", lang), format="%.1f", help=t("sectors.output_help", lang)
        ),
        "share_pct": render.percent_column(t("sectors.share", lang)),
        "growth_pct": render.percent_column(t("sectors.growth", lang)),
        "enterprises": st.column_config.NumberColumn(t("sectors.enterprises", lang), format="%d"),
        "projects": st.column_config.NumberColumn(t("sectors.projects", lang), format="%d"),
        "investment_yi": st.column_config.NumberColumn(
            t("sectors.investment_short", lang), format="%.1f"
        ),
    },
)

st.subheader(t("sectors.heatmap", lang))
metric = st.radio(
    t("sectors.heat_metric", lang),
    list(sv.HEAT_METRICS),
    horizontal=True,
    key="sectors_heat_metric",
    format_func=lambda m: t(sv.HEAT_METRICS[m][0], lang),
)
park_labels = data.park_list().set_index("park_id")[f"label_{'zh' if lang == 'zh' else 'en'}"]
matrix, sector_order, park_order = sv.heat_frame(
    data.sector_park_matrix(f.period, f.parks, f.sectors), lang, park_labels.to_dict()
)
render.chart(
    charts.heatmap,
    matrix,
    "park",
    "sector",
    metric,
    park_order,
    sector_order,
    t("sectors.park", lang),
    t("sectors.sector", lang),
    t(sv.HEAT_METRICS[metric][0], lang),
    sv.HEAT_METRICS[metric][1],
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
