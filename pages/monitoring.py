"""Monitoring 监测预警 — the three money indicators and KPI counts by month and quarter, against the
pace to the 2025 targets, and every alert the warning rules raise."""

from datetime import date
from functools import partial

import streamlit as st

from ccbio import data, export, filters, render, rules
from ccbio import monitoring_charts as mc
from ccbio import monitoring_view as mv
from ccbio.formatting import format_month
from ccbio.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(label_key: str, table, sheet_key: str, stem: str, key: str, notes: list[str]) -> None:
    """Draw one .xlsx download button; the file is built only when clicked."""
    st.download_button(
        t(label_key, lang),
        partial(export.to_xlsx_bytes, table, t(sheet_key, "zh"), notes),
        f"{t(sheet_key, 'zh')}_{stem}.xlsx",
        XLSX,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


f = filters.current()
lang = f.lang
filters.page_header("monitoring.title", "monitoring.question", f)
notes = filters.export_notes(f)

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
rows = mv.ledger(f, grain, date.today())
if rows.empty:
    period, selection = format_month(f.period, lang), mv.selection_name(f, lang)
    st.info(
        t("monitoring.no_data", lang, period=period, selection=selection),
        icon=":material/search_off:",
    )
    st.caption(t("monitoring.no_data_hint", lang))
else:
    for col, m in zip(st.columns(len(mv.MONEY)), mv.headline(rows, lang), strict=False):
        col.metric(m["label"], m["value"], delta=m["delta"], border=True)
        col.caption(m["caption"])
    labels = {
        "value": t("monitoring.value_axis", lang),
        "x": t("monitoring.period_col", lang),
        "yoy": t("monitoring.yoy_chart", lang),
        "status": "",
    }
    money = mv.money_series(rows)
    render.chart(mc.indicator_lines, money, "label", labels)
    render.chart(mc.yoy_bars, money, "label", labels)
    step = t("monitoring.qoq" if grain == "quarter" else "monitoring.mom", lang)
    st.dataframe(
        mv.ledger_table(rows, lang),
        hide_index=True,
        width="stretch",
        key="monitoring_table",
        column_config={
            "name": t("monitoring.indicator_col", lang),
            "shown": t("monitoring.value_col", lang),
            "unit": t("monitoring.unit_col", lang),
            "step": step,
            "yoy": t("monitoring.yoy", lang),
            "ytd_shown": t("monitoring.ytd", lang),
            "ytd_yoy": t("monitoring.ytd_yoy", lang),
            "status": st.column_config.TextColumn(t("monitoring.status_col", lang), width="large"),
        },
    )
    st.caption(t("monitoring.table_caption", lang) + " " + t("monitoring.ytd_none", lang))
    download(
        "monitoring.download_ledger",
        mv.ledger_download(rows, grain),
        "monitoring.sheet_ledger",
        f.period,
        "monitoring_ledger_xlsx",
        notes,
    )

st.subheader(t("monitoring.section_pace", lang))
st.caption(t("monitoring.pace_caption", lang))
pace = mv.pace_rows(f.period, lang)
labels = {
    "actual": t("monitoring.actual", lang),
    "pace": t("monitoring.pace", lang),
    "month": t("monitoring.period_col", lang),
    "value": t("monitoring.value_col", lang),
}
render.chart(mc.pace_chart, pace, labels, width=None)  # a facet keeps its own width
st.dataframe(
    mv.pace_table(pace, lang),
    hide_index=True,
    width="stretch",
    key="monitoring_pace",
    column_config={
        "name": t("monitoring.target_col", lang),
        "value": t("monitoring.actual", lang),
        "pace_value": t("monitoring.pace_value_col", lang),
        "gap": t("monitoring.gap_col", lang),
        "target_value": t("monitoring.target_value_col", lang),
        "unit": t("monitoring.unit_col", lang),
    },
)
download(
    "monitoring.download_pace",
    mv.pace_download(pace),
    "monitoring.sheet_pace",
    f.period,
    "monitoring_pace_xlsx",
    filters.export_notes(f, filtered=False),
)

st.subheader(t("monitoring.section_alerts", lang))
st.caption(t("monitoring.alerts_caption", lang))
rule_set = rules.current()
found, counts, n_stalled = mv.alert_list(
    f.period, tuple(f.parks), tuple(f.sectors), data.data_version() + rules.version()
)
c1, c2, c3 = st.columns([1, 1, 3])
c1.metric(t("monitoring.red_count", lang), counts["red"], border=True)
c2.metric(t("monitoring.amber_count", lang), counts["amber"], border=True)
kind_names = mv.kind_names(found, lang)
kinds = c3.multiselect(
    t("monitoring.kinds", lang),
    list(kind_names),
    key="monitoring_alert_kinds",
    format_func=kind_names.get,
    placeholder=t("monitoring.all_kinds", lang),
)
shown = found[found["kind"].isin(kinds)] if kinds else found
if n_stalled > mv.STALLED_SHOWN and (not kinds or "project_stalled" in kinds):
    st.caption(t("monitoring.projects_shown", lang, shown=mv.STALLED_SHOWN, n=n_stalled))
if shown.empty:
    st.info(t("monitoring.no_alerts", lang))
else:
    st.dataframe(
        mv.level_style(mv.alert_table(shown, lang), lang),
        hide_index=True,
        width="stretch",
        key="monitoring_alerts",
        # the kind is the filter above; the reason goes last, where it has the most room
        column_order=["level", "figure", "rule", "reason"],
        column_config={
            "level": st.column_config.TextColumn(t("monitoring.level_col", lang), width="small"),
            "figure": t("monitoring.figure_col", lang),
            "rule": t("monitoring.rule_col", lang),
            "reason": st.column_config.TextColumn(t("monitoring.reason_col", lang), width="large"),
        },
    )
    download(
        "monitoring.download_alerts",
        mv.alert_download(shown),
        "monitoring.sheet_alerts",
        f.period,
        "monitoring_alerts_xlsx",
        notes,
    )
with st.expander(t("monitoring.rules_title", lang), icon=":material/rule:"):
    st.dataframe(
        mv.rule_list(rule_set, lang),
        hide_index=True,
        width="stretch",
        key="monitoring_rules",
        column_config={
            "level": t("monitoring.level_col", lang),
            "rule": t("monitoring.rule_col", lang),
            "when": t("monitoring.rule_when_col", lang),
        },
    )
    # issue 13: every red/amber alert can be followed up (督办) on its own page
    st.page_link(
        "pages/followups.py",
        label=t("common.open_followups", lang),
        icon=":material/assignment_late:",
        query_params=filters.to_params(f),
    )
