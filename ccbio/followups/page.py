"""The follow-up list page's own sections: its filters, the 督办单 download, the item picker."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import export, filters, links
from ccbio.drilldown import params
from ccbio.followups import board, items
from ccbio.followups import rules as fu_rules
from ccbio.formatting import format_date, pinyin_key
from ccbio.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUSES = ("todo", "in_progress", "closed")
# The five filters wrap to the width they get: in five fixed columns the status chips, the level
# and the overdue switch were cut at 900 px (the status box is wider: its two default chips whole).
FILTERS_CSS = """<style>
.st-key-fu_filters > div { flex: 1 1 170px !important; min-width: min(170px, 100%) !important; }
.st-key-fu_filters > div.st-key-fu_statuses { flex: 2 1 290px !important; }
.st-key-fu_filters > div.st-key-fu_overdue { flex: 0 0 auto !important; min-width: 0 !important; }
</style>"""


def filtered(
    assessed: pd.DataFrame, rules: dict, park_names: dict, f, lang: str
) -> tuple[pd.DataFrame, dict]:
    """Draw the filters (park, unit, status, level, overdue); return the items they keep and the
    choices made (board.FILTER_FIELDS -> the chosen ids, or the overdue switch)."""
    st.html(FILTERS_CSS)
    row = st.container(horizontal=True, wrap=True, key="fu_filters", vertical_alignment="bottom")
    every = t("followups.f_all", lang)
    chosen_parks = row.multiselect(
        t("followups.f_parks", lang),
        list(park_names),
        default=[p for p in f.parks if p in park_names],
        format_func=park_names.get,
        key="fu_parks",
        placeholder=every,
        select_all=False,  # its label is Streamlit's own English ("Select all")
    )
    # by pinyin, as every list of Chinese names (code points put 净月 after 长春 arbitrarily)
    units = (
        sorted(assessed["responsible_unit"].dropna().unique(), key=pinyin_key)
        if len(assessed)
        else []
    )
    chosen_units = row.multiselect(
        t("followups.f_units", lang), units, key="fu_units", placeholder=every, select_all=False
    )
    statuses = row.multiselect(
        t("followups.f_statuses", lang),
        list(STATUSES),
        default=["todo", "in_progress"],
        format_func=lambda s: t(f"followups.status_{s}", lang),
        key="fu_statuses",
        placeholder=every,
        select_all=False,  # its label is Streamlit's own English ("Select all")
    )
    levels = row.multiselect(
        t("followups.f_levels", lang),
        list(range(1, rules["max_level"] + 1)),
        format_func=lambda lv: fu_rules.level_name(rules, lv, lang),
        key="fu_levels",
        placeholder=every,
        select_all=False,  # its label is Streamlit's own English ("Select all")
    )
    overdue = row.toggle(t("followups.f_overdue", lang), key="fu_overdue")
    choices = dict(
        zip(
            board.FILTER_FIELDS,
            (chosen_parks, chosen_units, statuses, levels, overdue),
            strict=True,
        )
    )
    return board.filter_items(assessed, *choices.values()), choices


def sheet_notes(b: dict, park_names_zh: dict, choices: dict, rows: int) -> list[str]:
    """Return the 督办单's 说明 sheet (in Chinese, as the sheet): export day, every filter applied,
    how many items, how its dates read."""
    rules = b["rules"]

    def listed(values, name=str):
        return "、".join(name(v) for v in values) or "全部"

    return [
        t("followups.sheet_note", "zh", date=format_date(b["today"], "zh")),
        t(
            "followups.sheet_filters",
            "zh",
            parks=listed(choices["parks"], lambda p: park_names_zh.get(p, p)),
            units=listed(choices["units"]),
            statuses=listed(choices["statuses"], lambda s: t(f"followups.status_{s}", "zh")),
            levels=listed(choices["levels"], lambda lv: fu_rules.level_name(rules, lv, "zh")),
            overdue="是" if choices["overdue"] else "否",
        ),
        t("followups.sheet_rows", "zh", n=rows),
        t("followups.sheet_formats", "zh"),
    ]


def download_sheet(
    shown: pd.DataFrame, b: dict, park_names_zh: dict, choices: dict, lang: str
) -> None:
    """Draw the 督办单 download (.xlsx, Chinese headers, as handed on) of the items shown."""
    notes = sheet_notes(b, park_names_zh, choices, len(shown))

    def workbook() -> bytes:
        latest = items.latest_notes(shown["id"])
        sheet = board.sheet(shown, b["rules"], park_names_zh, latest)
        return export.to_xlsx_bytes(sheet, "督办单", notes)

    st.download_button(
        t("followups.download", lang),
        # written when clicked, not on every rerun: 2,000 items at 10,000x took 0.25 s a rerun
        workbook,
        file_name=f"督办单_{b['today']:%Y%m%d}.xlsx",
        mime=XLSX,
        key="fu_download",
        icon=":material/download:",
    )


def asked_item(raw: str | None, ids: list[int]) -> int | None:
    """Return the item the URL's ?item= names if it is one of `ids`, else None."""
    return int(raw) if raw and raw.isdigit() and int(raw) in ids else None


def picked_item(assessed: pd.DataFrame, f, lang: str) -> dict | None:
    """Draw the item picker (the URL's ?item= first) and a link to its subject; return the item."""
    side = "zh" if lang == "zh" else "en"
    ids = assessed["id"].astype(int).tolist()
    raw = params.requested("item")
    asked = asked_item(raw, ids)
    if raw and asked is None:
        st.warning(t("followups.unknown_item", lang, id=raw[:20]), icon="⚠️")
    if not ids:
        st.caption(t("followups.none_yet", lang))
        return None
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
        path, param = links.PAGES[kind]
        st.page_link(
            f"pages/{path}.py",
            label=t("followups.open_subject", lang, kind=t(f"followups.kind_{kind}", lang)),
            icon=":material/open_in_new:",
            query_params=filters.to_params(f) | {param: item["subject_id"]},
        )
    return item
