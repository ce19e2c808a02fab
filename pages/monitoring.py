"""Monitoring 监测预警 — the three money indicators and KPI counts by month and quarter, against the
pace to the 2025 targets, and every alert the warning rules raise."""

from datetime import date
from functools import partial

import streamlit as st

from ccbio import data, export, filters, render, rules, text_table
from ccbio import monitoring_charts as mc
from ccbio import monitoring_view as mv
from ccbio.formatting import format_month
from ccbio.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDE, MEDIUM, NARROW = ("reason", "status", "when"), ("figure", "rule"), ("level",)
# the six pace panels wrap to the screen: one a row on a phone, three at 1440 px, six on a big one
PANELS_CSS = """<style>
.st-key-pace_panels { flex-wrap: wrap !important; }
.st-key-pace_panels > div { flex: 1 1 300px !important; min-width: min(300px, 100%) !important; }
</style>"""


def table(frame, key: str, headers: dict[str, str], wrapped=(), levels: bool = False) -> None:
    """Draw a table with the columns of `headers` (column -> catalogue key), in that order;
    rows tall enough for the longest of the texts `wrapped` to wrap and be read whole;
    `levels`: the level words as coloured labels (mv.level_cells)."""
    width = {**dict.fromkeys(WIDE, "large"), **dict.fromkeys(MEDIUM, "medium")}
    config = {
        col: st.column_config.TextColumn(
            t(label, lang), width=width.get(col, "small" if col in NARROW else None)
        )
        for col, label in headers.items()
    }
    if levels:
        config["level"] = mv.level_column(t(headers["level"], lang), lang)
        frame = mv.level_cells(frame)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        column_order=list(headers),
        column_config=config,
        row_height=(height := text_table.wrap_height(wrapped)),
        height=text_table.table_height(height, len(wrapped)),
    )


def xlsx(frame_of, sheet: str, notes: list[str]) -> bytes:
    """Return the workbook of the frame `frame_of()` builds (called when the button is clicked)."""
    return export.to_xlsx_bytes(frame_of(), sheet, notes)


def download(label_key: str, frame_of, sheet_key: str, key: str, notes: list[str]) -> None:
    """Draw one .xlsx download button; its frame and file are built only when clicked."""
    st.download_button(
        t(label_key, lang),
        partial(xlsx, frame_of, t(sheet_key, "zh"), notes),
        f"{t(sheet_key, 'zh')}_{f.period}.xlsx",
        XLSX,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def ledger_section(grain: str) -> None:
    """The indicator ledger: headline figures, two charts, the latest month's table."""
    rows = mv.ledger(f, grain, mv.status_date(f.period, data.latest_period(), date.today()))
    if rows.empty:
        period, selection = format_month(f.period, lang), mv.selection_name(f, lang)
        message = t("monitoring.no_data", lang, period=period, selection=selection)
        st.info(message, icon=":material/search_off:")
        st.caption(t("monitoring.no_data_hint", lang))
        return
    for col, m in zip(st.columns(len(mv.MONEY)), mv.headline(rows, lang), strict=False):
        col.metric(m["label"], m["value"], delta=m["delta"], border=True)
        col.caption(m["caption"])
    labels = mv.ledger_chart_labels(lang)
    money = mv.money_series(rows)
    render.chart(mc.indicator_lines, money, "label", labels)
    render.chart(mc.yoy_bars, money, "label", labels)
    table(mv.ledger_table(rows, lang), "monitoring_table", mv.ledger_headers(grain))
    st.caption(t("monitoring.table_caption", lang) + " " + t("monitoring.ytd_none", lang))
    download(
        "monitoring.download_ledger",
        partial(mv.ledger_download, rows, grain),
        "monitoring.sheet_ledger",
        "monitoring_ledger_xlsx",
        notes,
    )


f = filters.current()
lang = f.lang
filters.page_header("monitoring.title", "monitoring.question", f)
notes = filters.export_notes(f)  # the ledger's and the alerts' downloads

st.subheader(t("monitoring.section_indicators", lang))
grain = st.segmented_control(
    t("monitoring.grain", lang),
    ["month", "quarter"],
    default="month",
    key="monitoring_grain",
    format_func=lambda g: t(f"monitoring.grain_{g}", lang),
)
ledger_section(grain or "month")

st.subheader(t("monitoring.section_pace", lang))
st.caption(t("monitoring.pace_caption", lang))
pace = mv.pace_rows(f.period, lang)
st.html(PANELS_CSS)
with st.container(horizontal=True, key="pace_panels", gap="small"):
    for _, panel in pace.groupby("name", sort=False):
        with st.container():
            render.chart(mc.pace_panel, panel, mv.pace_labels(lang))
table(mv.pace_table(pace, lang), "monitoring_pace", mv.PACE_HEADERS)
download(
    "monitoring.download_pace",
    partial(mv.pace_download, pace),
    "monitoring.sheet_pace",
    "monitoring_pace_xlsx",
    filters.export_notes(f, filtered=False),
)

st.subheader(t("monitoring.section_alerts", lang))
st.caption(t("monitoring.alerts_caption", lang))
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
shown, stalled_note = mv.alerts_shown(found, kinds, n_stalled, lang)
if stalled_note:
    st.caption(stalled_note)
if shown.empty:
    st.info(t("monitoring.no_alerts", lang))
else:
    alert_rows = mv.alert_table(shown, lang)
    table(alert_rows, "monitoring_alerts", mv.ALERT_HEADERS, alert_rows["reason"], levels=True)
    download(
        "monitoring.download_alerts",
        partial(mv.alert_download, shown),
        "monitoring.sheet_alerts",
        "monitoring_alerts_xlsx",
        notes,
    )
with st.expander(t("monitoring.rules_title", lang), icon=":material/rule:"):
    rule_rows = mv.rule_list(rules.current(), lang)
    # the levels coloured as in the alert list above (they were black dots here)
    table(rule_rows, "monitoring_rules", mv.RULE_HEADERS, rule_rows["when"], levels=True)
    # issue 13: every red/amber alert can be followed up (督办) on its own page
    st.page_link(
        "pages/followups.py",
        label=t("common.open_followups", lang),
        icon=":material/assignment_late:",
        query_params=filters.to_params(f),
    )
