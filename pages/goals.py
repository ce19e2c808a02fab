"""Goals 目标进度 — are we on track for 2025? One card per 双十双百双千 target."""

import streamlit as st

from ccbio import alerts, config, data, filters, plan_banner, trend
from ccbio.formatting import format_count, format_month, format_pct, format_points, format_yi
from ccbio.i18n import pick, t

HELP = {
    "completion": "goals.completion_help",
    "progress": "goals.progress_help",
    "time_elapsed": "goals.time_help",
}


def fmt_value(value: float, unit_zh: str, lang: str, digits: int = 1) -> str:
    """Return a target's figure in its unit: 亿元 amounts or firm counts."""
    return (
        format_yi(value, lang, digits=digits)
        if unit_zh == "亿元"
        else format_count(value, lang, "firms")
    )


def definition(goal, target_row, lang: str) -> None:
    """Fill the one-click definition popover: wording from the seeds and the source."""
    st.markdown(f"**{t('goals.definition_report', lang)}**")
    st.write(target_row["definition_zh"] if lang == "zh" else target_row["definition_en"])
    st.markdown(f"**{t('goals.definition_plan', lang)}**")
    st.write(target_row["definition_plan_zh"])
    if goal["target_code"] in ("above_scale", "srdi"):
        st.caption(t("goals.definition_note", lang))
    if goal["target_code"] == "output_value":
        st.caption(t("goals.output_note", lang))
    st.caption(t("common.source", lang, source=target_row["source"]))


def projection_text(series, goal, lang: str) -> tuple[str, object]:
    """Return the projection sentence and the projected line for the sparkline."""
    proj = trend.projection(series, config.PLAN_END)
    if proj.empty:
        return t("goals.projection_end", lang), proj
    end_value = float(proj["value"].iloc[-1])
    text = t(
        "goals.projection",
        lang,
        value=fmt_value(end_value, goal["unit_zh"], lang),
        pct=format_pct(end_value / goal["target_value"], 0),
    )
    return text, proj


def card(goal, status, target_row, lang: str):
    """Draw one target card's figures; return the empty slot left for its trend part."""
    with st.container(border=True, key=f"goal_card_{goal['target_code']}"):
        head, badge = st.columns([3, 1])
        head.markdown(f"**{pick(goal, 'group', lang)} · {pick(goal, 'name', lang)}**")
        with badge:
            filters.status_badge(status["level"], pick(status, "reason", lang), lang)
        deadline = format_month(config.PLAN_END, lang)
        st.metric(
            t(
                "goals.target",
                lang,
                target=fmt_value(goal["target_value"], goal["unit_zh"], lang, 0),
                deadline=deadline,
            ),
            fmt_value(goal["value"], goal["unit_zh"], lang),
            label_visibility="visible",
        )
        # Three ratios side by side: captions + bold text, because metrics this narrow get cut off.
        for col, (key, value) in zip(
            st.columns(3),
            (
                ("completion", goal["completion"]),
                ("progress", goal["progress"]),
                ("time_elapsed", goal["time_elapsed"]),
            ),
            strict=True,
        ):
            col.caption(
                t(f"goals.{key}", lang), help=t(HELP[key], lang)
            )  # every label has help, so all wrap alike
            col.markdown(f"**{format_pct(value)}**")
        gap_color = "green" if goal["gap_points"] >= 0 else "red"
        st.markdown(f":{gap_color}[**{format_points(goal['gap_points'], lang)}**]")
        st.caption(
            t("goals.no_rule", lang) if status["level"] == "green" else pick(status, "reason", lang)
        )
        slot = (
            st.empty()
        )  # the sparkline and projection sentence, drawn once every card's figures are out
        with st.popover(t("goals.definition", lang), icon=":material/info:"):
            definition(goal, target_row, lang)
    return slot


def trend_part(goal, status, series, lang: str) -> None:
    """Draw one card's sparkline and projection sentence."""
    # Imported only now, after the figures are on screen: Altair costs ~1 s to import on a fresh server.
    from ccbio import charts, render

    text, proj = projection_text(series, goal, lang)
    labels = {
        "actual": t("goals.actual", lang),
        "projection": t("goals.trend", lang),
        "month": t("goals.month", lang),
        "value": t("goals.value", lang),
    }
    render.chart(
        charts.sparkline,
        series,
        proj,
        goal["target_value"],
        lang,
        config.STATUS_COLORS[status["level"]],
        labels,
    )
    st.caption(text)


f = filters.current()
# after the plan's end: say how it ended, not "can we make it by 2025?" (issue 12)
filters.page_header("goals.title", plan_banner.question_key(f.period, "goals.question"), f)
plan_banner.ended_banner(f.period, f.lang, key="goals")
st.caption(t("filters.not_filtered", f.lang))

goals = data.goal_progress(f.period)
statuses = {s["target_code"]: s for s in alerts.goal_status(goals).to_dict("records")}
targets = data.target_list().set_index("target_code")

columns = st.columns(3)
slots = {}
for i, goal in enumerate(goals.to_dict("records")):
    with columns[i % 3]:
        slots[goal["target_code"]] = card(
            goal, statuses[goal["target_code"]], targets.loc[goal["target_code"]], f.lang
        )

# Second pass, so the KPI figures reach the browser before the charts' imports and queries.
series = data.goal_series(f.period)
for goal in goals.to_dict("records"):
    code = goal["target_code"]
    with slots[code].container():
        trend_part(
            goal, statuses[code], series[series["target_code"] == code][["month", "value"]], f.lang
        )
