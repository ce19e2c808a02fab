"""督办 Follow-ups — is every warning owned, fixed and closed on time? Filters, list, one item, 督办单."""

import streamlit as st

from ccbio import data, export, filters, links, store
from ccbio.drilldown import params
from ccbio.followups import board, view, widgets
from ccbio.followups import rules as fu_rules
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
    t("followups.today", lang, date=b["today"].isoformat(), holidays=holidays)
    + " · "
    + t("followups.auto_note", lang)
)

counts = view.counts(assessed)
for col, key in zip(st.columns(4), ("open", "overdue", "escalated", "closed"), strict=True):
    col.metric(t(f"followups.count_{key}", lang), counts[key])

c1, c2, c3, c4, c5 = st.columns([3, 3, 2, 2, 2])
chosen_parks = c1.multiselect(
    t("followups.f_parks", lang),
    list(park_names),
    default=[p for p in f.parks if p in park_names],
    format_func=park_names.get,
    key="fu_parks",
    placeholder=t("followups.f_all", lang),
)
units = sorted(assessed["responsible_unit"].dropna().unique()) if len(assessed) else []
chosen_units = c2.multiselect(
    t("followups.f_units", lang), units, key="fu_units", placeholder=t("followups.f_all", lang)
)
statuses = c3.multiselect(
    t("followups.f_statuses", lang),
    ["todo", "in_progress", "closed"],
    default=["todo", "in_progress"],
    format_func=lambda s: t(f"followups.status_{s}", lang),
    key="fu_statuses",
    placeholder=t("followups.f_all", lang),
)
levels = c4.multiselect(
    t("followups.f_levels", lang),
    list(range(1, rules["max_level"] + 1)),
    format_func=lambda lv: fu_rules.level_name(rules, lv, lang),
    key="fu_levels",
    placeholder=t("followups.f_all", lang),
)
overdue = c5.toggle(t("followups.f_overdue", lang), key="fu_overdue")
shown = board.filter_items(assessed, chosen_parks, chosen_units, statuses, levels, overdue)
if shown.empty:
    st.info(t("followups.none_match", lang))
else:
    st.caption(t("followups.shown", lang, n=len(shown)))
    widgets.item_table(shown, b, park_names, lang, key="fu_table")
    sheet = board.sheet(shown, rules, dict(zip(parks["park_id"], parks["name_zh"], strict=True)))
    st.download_button(
        t("followups.download", lang),
        export.to_xlsx_bytes(
            sheet, "督办单", [t("followups.sheet_note", "zh", date=b["today"].isoformat())]
        ),
        file_name=f"督办单_{b['today']:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="fu_download",
        icon=":material/download:",
    )

st.subheader(t("followups.detail", lang))
ids = assessed["id"].astype(int).tolist()
raw = params.requested("item")
asked = int(raw) if raw and raw.isdigit() and int(raw) in ids else None
if raw and asked is None:
    st.warning(t("followups.unknown_item", lang, id=raw[:20]), icon="⚠️")
if not ids:
    st.caption(t("followups.none_yet", lang))
    st.stop()
labels = dict(zip(ids, assessed[f"subject_{side}"], strict=True))
item_id = st.selectbox(
    t("followups.pick_item", lang),
    ids,
    index=ids.index(asked) if asked else 0,
    key="fu_item",
    format_func=lambda i: t("followups.item_label", lang, id=i, subject=labels[i]),
)
params.remember("item", str(item_id))
item = assessed[assessed["id"] == item_id].iloc[0].to_dict()
if item["subject_kind"] in ("project", "park"):
    kind = item["subject_kind"]
    st.page_link(
        f"pages/{links.PAGES[kind][0]}.py",
        label=t("followups.open_subject", lang, kind=t(f"followups.kind_{kind}", lang)),
        icon=":material/open_in_new:",
        query_params=filters.to_params(f) | {links.PAGES[kind][1]: item["subject_id"]},
    )
widgets.item_panel(item, b, lang, key="fu_item_panel")
