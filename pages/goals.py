"""Goals 目标进度 — are we on track for 2025? One card per 双十双百双千 target."""

from functools import partial

import streamlit as st

from ccbio import (
    config,
    data,
    export,
    filters,
    goals_view,
    page_cache,
    plan_banner,
    plans,
    sparkline,
)
from ccbio.formatting import format_month
from ccbio.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def card(c: goals_view.GoalCard, lang: str) -> None:
    """Draw one target card: its figures, sparkline and projection, and its definition."""
    with st.container(border=True, key=f"goal_card_{c.code}", width="stretch"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{c.title}**", width="stretch")
            filters.status_badge(c.level, c.reason, lang, word=c.badge)
        # the ratios' definitions sit on the metric: a help icon per ratio would not fit a phone row
        st.metric(c.target_label, c.value, help="\n\n".join(h for _, _, h in c.ratios))
        # the three ratios and the pace gap under them: one element (see goals_view.CARD_CSS)
        gap = f"\n\n:{'green' if c.gap_ahead else 'red'}[**{c.gap}**]" if c.gap else ""
        st.markdown(goals_view.ratios_html(c.ratios) + gap, unsafe_allow_html=True)
        st.caption(c.note)
        trend_part(c, lang)
        with st.popover(t("goals.definition", lang), icon=":material/info:"):
            wording, sources = goals_view.definition_text(c.definition, lang)
            st.markdown(wording)
            st.caption(sources)


def trend_part(c: goals_view.GoalCard, lang: str) -> None:
    """Draw one card's sparkline and projection sentence."""
    labels = {k: t(f"goals.{k}", lang) for k in ("actual", "month", "value")}
    labels["projection"] = t("goals.trend", lang)
    color = config.STATUS_COLORS[c.level]
    svg = sparkline.sparkline_svg(c.series, c.trend, c.target_value, lang, color, labels)
    st.markdown(svg, unsafe_allow_html=True)  # st.html's sanitiser keeps no SVG
    st.caption(c.projection, help=t("goals.projection_help", lang))


f = filters.current()
# after the plan's end: say how it ended, not "can we make it by 2025?" (issue 12)
filters.page_header("goals.title", plan_banner.question_key(f.period, "goals.question"), f)
# the verdict's place; drawn after the cards' figures, so the browser gets those first (issue 15)
verdict_slot = st.empty()
st.caption(t("filters.not_filtered", f.lang))

# after the plan: its final state, as the verdict above says (its last month the data holds)
shown = plans.card_period(f.period, known=data.periods())
if shown != f.period:
    end = plans.plan_for_period(f.period).ended.end
    key = "goals.cards_at_plan_end" if shown == end else "goals.cards_before_plan_end"
    month, end = format_month(shown, f.lang), format_month(end, f.lang)
    st.caption(t(key, f.lang, month=month, end=end))
# the cards and the download table, worked out once per period, language, data and rules
cards, table = page_cache.goals(f.period, f.lang, page_cache.version())
st.html(goals_view.CARD_CSS)
with st.container(horizontal=True, key="goal_cards", gap="small"):
    for c in cards:
        card(c, f.lang)
if plans.plan_for_period(f.period).assessed is not None:  # an unfilled slot shows nothing
    with verdict_slot.container():
        plan_banner.ended_banner(f.period, f.lang, key="goals")

with st.expander(t("goals.glossary", f.lang), icon=":material/help:"):
    for term, meaning in goals_view.glossary(f.lang):
        st.markdown(f"**{term}**：{meaning}" if f.lang == "zh" else f"**{term}**: {meaning}")

st.download_button(
    t("goals.download", f.lang),
    partial(
        export.to_xlsx_bytes,
        table,
        t("goals.export_sheet", "zh"),
        filters.export_notes(f, filtered=False),
    ),
    f"目标进度_{shown}.xlsx",
    XLSX,
    key="goals_xlsx",
    icon=":material/download:",
    on_click="ignore",
)
