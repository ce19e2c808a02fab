"""Monitoring 监测预警 — the three money indicators and KPI counts by month and quarter, against the
pace to the 2025 targets, and every alert the warning rules raise."""

import streamlit as st

from ccbio import alerts, config, data, filters, render
from ccbio import monitoring_charts as mc
from ccbio.formatting import format_count, format_month, format_pct, format_yi
from ccbio.i18n import t

MONEY = ("pharma_industrial_output", "medical_service_revenue", "pharma_distribution_revenue")
STALLED_SHOWN = 200  # stalled-project alerts listed; the red/amber counts cover every one


def amount(value: float, unit_zh: str, lang: str) -> str:
    """Return a figure in its unit: 亿元 amounts or firm counts."""
    return format_yi(value, lang) if unit_zh == "亿元" else format_count(value, lang, "firms")


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def alert_list(period: str, parks: tuple, sectors: tuple, version: str):
    """Return (every alert, red/amber counts, stalled projects in all); stall rules are evaluated in SQL.

    Stalled-project alerts list the STALLED_SHOWN most severe; the counts cover every project.
    `version` (data and rules file) makes a new snapshot or an edited rule a new cache entry.
    """
    limits = alerts.stall_limits()
    stage_counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    found = alerts.monitoring_alerts(
        goals=data.goal_progress(period),
        series=data.goal_series(period),
        yoy=data.indicator_yoy_by_park(period, parks, sectors),
        stage_counts=stage_counts,
        stalled=data.stalled_projects(period, parks, sectors, limits=limits, limit=STALLED_SHOWN),
        park_activity=data.park_last_new_project(period).pipe(
            lambda d: d[d["park_id"].isin(parks)] if parks else d
        ),
        period=period,
    )
    return (
        found,
        alerts.alert_counts(found, stage_counts),
        sum(alerts.stalled_counts(stage_counts).values()),
    )


def ledger(f, grain: str):
    """Return (rows up to the period at the chosen grain, name of the period column, change column)."""
    if grain == "quarter":
        rows = data.indicator_quarters(f.period, f.parks, f.sectors).rename(
            columns={"quarter": "when", "qoq": "step"}
        )
    else:
        rows = data.indicator_series(f.period, f.parks, f.sectors).rename(
            columns={"month": "when", "mom": "step"}
        )
    rows["name"] = rows["name_zh"] if f.lang == "zh" else rows["name_en"]
    rows["status"] = rows["is_preliminary"].map(
        {True: t("monitoring.preliminary", f.lang), False: t("monitoring.final", f.lang)}
    )
    return rows


def headline(rows, lang: str, grain: str) -> None:
    """One metric per money indicator for the latest month or quarter: value, YoY, step change, YTD."""
    latest = rows[rows["when"] == rows["when"].max()]
    for col, r in zip(
        st.columns(len(MONEY)),
        latest[latest["indicator_code"].isin(MONEY)].to_dict("records"),
        strict=False,
    ):
        col.metric(
            f"{r['name']} · {r['when'] if grain == 'quarter' else format_month(r['when'], lang)}",
            format_yi(r["value"], lang),
            delta=f"{t('monitoring.yoy', lang)} {format_pct(r['yoy'], signed=True)}",
            border=True,
        )
        col.caption(
            t(
                "monitoring.ytd_caption",
                lang,
                mom=format_pct(r["step"], signed=True),
                ytd=format_yi(r["ytd"], lang),
                ytd_yoy=format_pct(r["ytd_yoy"], signed=True),
            )
            + (f" · {r['status']}" if r["is_preliminary"] else "")
        )


f = filters.current()
lang = f.lang
filters.page_header("monitoring.title", "monitoring.question", f)

st.subheader(t("monitoring.section_indicators", lang))
grain = (
    st.segmented_control(
        t("monitoring.grain", lang),
        ["month", "quarter"],
        default="month",
        key="monitoring_grain",
        format_func=lambda g: t(f"monitoring.grain_{g}", lang),
    )
    or "month"
)
rows = ledger(f, grain)
headline(rows, lang, grain)
money = rows[
    rows["indicator_code"].isin(MONEY) & (rows["when"] >= "2023")
]  # the plan years; 2022 is only for YoY
labels = {
    "value": t("monitoring.value_axis", lang),
    "x": t("monitoring.period_col", lang),
    "yoy": t("monitoring.yoy_chart", lang),
    "status": "",
}
render.chart(mc.indicator_lines, money, "when", labels)
render.chart(mc.yoy_bars, money, "when", labels)

latest = rows[rows["when"] == rows["when"].max()].copy()
latest["shown"] = [
    amount(v, u, lang) for v, u in zip(latest["value"], latest["unit_zh"], strict=True)
]
latest["ytd_shown"] = [
    amount(v, u, lang) for v, u in zip(latest["ytd"], latest["unit_zh"], strict=True)
]
step = t("monitoring.qoq" if grain == "quarter" else "monitoring.mom", lang)
st.dataframe(
    latest[["name", "shown", "step", "yoy", "ytd_shown", "ytd_yoy", "status"]],
    hide_index=True,
    width="stretch",
    key="monitoring_table",
    column_config={
        "name": t("monitoring.indicator_col", lang),
        "shown": t("monitoring.value_col", lang),
        "step": st.column_config.NumberColumn(step, format="percent"),
        "yoy": st.column_config.NumberColumn(t("monitoring.yoy", lang), format="percent"),
        "ytd_shown": t("monitoring.ytd", lang),
        "ytd_yoy": st.column_config.NumberColumn(t("monitoring.ytd_yoy", lang), format="percent"),
        "status": "",
    },
)
st.caption(t("monitoring.table_caption", lang))

st.subheader(t("monitoring.section_pace", lang))
st.caption(t("monitoring.pace_caption", lang))
pace = data.target_pace(f.period)
pace["name"] = pace["name_zh"] if lang == "zh" else pace["name_en"]
render.chart(
    mc.pace_chart,
    pace,
    {
        "actual": t("monitoring.actual", lang),
        "pace": t("monitoring.pace", lang),
        "month": t("monitoring.period_col", lang),
        "value": t("monitoring.value_col", lang),
    },
    width=None,
)  # as st.altair_chart chose before: a facet keeps its own width
now = pace[pace["month"] == pace["month"].max()]
st.dataframe(
    now.assign(
        value=[amount(v, u, lang) for v, u in zip(now["value"], now["unit_zh"], strict=True)],
        pace_value=[
            amount(v, u, lang) for v, u in zip(now["pace_value"], now["unit_zh"], strict=True)
        ],
        target_value=[
            amount(v, u, lang) for v, u in zip(now["target_value"], now["unit_zh"], strict=True)
        ],
        gap=[
            ("+" if g >= 0 else "−") + amount(abs(g), u, lang)
            for g, u in zip(now["gap_to_pace"], now["unit_zh"], strict=True)
        ],
    )[["name", "value", "pace_value", "gap", "target_value"]],
    hide_index=True,
    width="stretch",
    key="monitoring_pace",
    column_config={
        "name": t("monitoring.target_col", lang),
        "value": t("monitoring.actual", lang),
        "pace_value": t("monitoring.pace_value_col", lang),
        "gap": t("monitoring.gap_col", lang),
        "target_value": t("monitoring.target_value_col", lang),
    },
)

st.subheader(t("monitoring.section_alerts", lang))
st.caption(t("monitoring.alerts_caption", lang))
found, counts, n_stalled = alert_list(
    f.period, tuple(f.parks), tuple(f.sectors), data.data_version() + alerts.rules_version()
)
c1, c2, c3 = st.columns([1, 1, 3])
c1.metric(t("monitoring.red_count", lang), counts["red"], border=True)
c2.metric(t("monitoring.amber_count", lang), counts["amber"], border=True)
kinds = c3.multiselect(
    t("monitoring.kinds", lang),
    list(dict.fromkeys(found["kind"])),
    key="monitoring_alert_kinds",
    format_func=lambda k: t(f"monitoring.kind_{k}", lang),
    placeholder=t("monitoring.all_kinds", lang),
)
shown = found[found["kind"].isin(kinds)] if kinds else found
if n_stalled > STALLED_SHOWN and (not kinds or "project_stalled" in kinds):
    st.caption(t("monitoring.projects_shown", lang, shown=STALLED_SHOWN, n=n_stalled))
if shown.empty:
    st.info(t("monitoring.no_alerts", lang))
else:
    st.dataframe(
        shown.assign(
            level=shown["level"].map(lambda v: t(f"monitoring.level_{v}", lang)),
            kind=shown["kind"].map(lambda k: t(f"monitoring.kind_{k}", lang)),
            figure=shown[f"figure_{'zh' if lang == 'zh' else 'en'}"],
            reason=shown["reason_zh" if lang == "zh" else "reason_en"],
        )[["level", "kind", "figure", "reason", "rule_id"]],
        hide_index=True,
        width="stretch",
        key="monitoring_alerts",
        column_config={
            "level": t("monitoring.level_col", lang),
            "kind": t("monitoring.kinds", lang),
            "figure": t("monitoring.figure_col", lang),
            "reason": st.column_config.TextColumn(t("monitoring.reason_col", lang), width="large"),
            "rule_id": t("monitoring.rule_col", lang),
        },
    )
    # issue 13: every red/amber alert can be followed up (督办) on its own page
    st.page_link(
        "pages/followups.py",
        label=t("common.open_followups", lang),
        icon=":material/assignment_late:",
        query_params=filters.to_params(f),
    )
