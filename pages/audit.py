"""Audit trail 审计日志 — who changed what and when: filter, read, download (administrators only)."""

import datetime as dt

import streamlit as st

from ccbio import filters, render, text_table
from ccbio.auth import audit
from ccbio.auth.audit_view import audit_table, column_config, row_height, shown_order
from ccbio.i18n import t

f = filters.current()
lang = f.lang
filters.page_header("audit.title", "audit.question", f, demo=False)

c1, c2, c3, c4 = st.columns([3, 2, 2, 3])
chosen_actions = c1.multiselect(
    t("audit.filter_actions", lang),
    audit.ACTIONS,
    format_func=lambda a: t(f"audit.action_{a}", lang),
    placeholder=t("audit.all", lang),
    key="audit_actions",
)
chosen_results = c2.multiselect(
    t("audit.filter_results", lang),
    audit.RESULTS,
    format_func=lambda r: t(f"audit.result_{r}", lang),
    placeholder=t("audit.all", lang),
    key="audit_results",
)
who = c3.text_input(t("audit.filter_who", lang), key="audit_who", max_chars=64).strip()
today = dt.datetime.now(dt.UTC).date()
days = c4.date_input(
    t("audit.filter_days", lang),
    value=(today - dt.timedelta(days=30), today),
    max_value=today,
    key="audit_days",
)
since, until = (days[0], days[-1]) if isinstance(days, tuple) and days else (None, None)

events = audit.events(
    actions=chosen_actions, results=chosen_results, who=who, since=since, until=until
)
table = audit_table(events, lang)
st.caption(t("audit.count", lang, n=f"{len(table):,}"))
render.table(
    table,
    lang,
    column_config=column_config(lang),
    column_order=shown_order(lang),
    row_height=(height := row_height(table, lang)),
    height=text_table.table_height(height, len(table)),
    key="audit_table",
)
st.download_button(
    t("audit.download", lang),
    audit.csv_bytes(table),
    f"audit_{today.isoformat()}.csv",
    "text/csv",
    key="audit_download",
    icon=":material/download:",
    on_click="ignore",
)
