"""督办 Follow-ups — is every warning owned, fixed and closed on time? Filters, list, one item, 督办单."""

import streamlit as st

from ccbio import data, filters, store
from ccbio.followups import board, view, widgets
from ccbio.followups import page as fp
from ccbio.formatting import format_date
from ccbio.i18n import t

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("followups.title", "followups.question", f)
try:
    b = board.refresh()
except store.StoreError as err:
    st.error(t("followups.store_error", lang, detail=type(err).__name__))
    st.stop()
rules, assessed = b["rules"], b["items"]
parks = data.park_list()
park_names = dict(zip(parks["park_id"], parks[f"name_{side}"], strict=True))
holidays = t(f"followups.holidays_{rules['deadline']['holidays']}", lang)
st.caption(
    t("followups.today", lang, date=format_date(b["today"], lang), holidays=holidays)
    + " · "
    + t("followups.auto_note", lang)
)

counts = view.counts(assessed)
for col, key in zip(st.columns(4), ("open", "overdue", "escalated", "closed"), strict=True):
    col.metric(t(f"followups.count_{key}", lang), counts[key])

shown, choices = fp.filtered(assessed, rules, park_names, f, lang)
if shown.empty:
    st.info(t("followups.none_match", lang))
else:
    st.caption(t("followups.shown", lang, n=len(shown)))
    widgets.item_table(shown, b, park_names, lang, key="fu_table")
    names_zh = dict(zip(parks["park_id"], parks["name_zh"], strict=True))
    fp.download_sheet(shown, b, names_zh, choices, lang)

st.subheader(t("followups.detail", lang))
item = fp.picked_item(assessed, f, lang)
if item is None:
    st.stop()
widgets.item_panel(item, b, lang, key="fu_item_panel")
