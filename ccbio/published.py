"""Published figures (the seed texts' 2023-12 pipeline state) shown as published, with their source.

`published_lookup` finds the figures for a period; `figure` returns the text to show (the published
value and wording, e.g. '3,000亿元以上', where one exists, else the data's value); `published_mark`
draws the 公开数据 badge with the source under it.
"""

from __future__ import annotations

import streamlit as st

from ccbio import data
from ccbio.formatting import format_count, format_yi
from ccbio.i18n import t


def yi(value: float, lang: str) -> str:
    """Return 亿元 text without needless decimals (published figures read as published: 460亿元)."""
    return format_yi(value, lang, digits=0 if round(float(value), 2).is_integer() else 2)


def published_lookup(period: str, f) -> dict:
    """Return {(stage_id, build_type, measure): figure row} published for `period`, city totals only."""
    if f.parks or f.sectors:
        return {}
    figs = data.published_figures()
    figs = figs[figs["period"] == period].fillna({"stage_id": "", "build_type": ""})
    return {(r["stage_id"], r["build_type"], r["measure"]): r for r in figs.to_dict("records")}


def figure(pub: dict, key: tuple, value: float, kind: str, lang: str) -> tuple[str, dict | None]:
    """Return the text to show for a count or 亿元 amount: the published wording when there is one."""
    row = pub.get(key)
    shown = row["value"] if row is not None else value
    # en metrics are narrow: the unit is in the label there ('329', not '329 projects').
    text = (
        format_count(shown, lang, "projects" if lang == "zh" else "")
        if kind == "count"
        else yi(shown, lang)
    )
    if row is not None and row["qualifier"] == ">=":
        text = t("pipeline.at_least", lang, value=text)
    if row is not None and kind == "yi" and lang == "en":  # keep the published wording visible
        text += f" ({row['text_zh'] if row['qualifier'] == '>=' else yi(shown, 'zh')})"
    return text, row


def published_mark(
    row: dict | None, lang: str, amount_row: dict | None = None, amount: float = 0.0
) -> None:
    """Under a published figure: the 公开数据 badge with its source; where the published 亿元 wording
    ('3000亿元以上') is not the demo records' exact sum, say both."""
    if row is None:
        return
    st.badge(
        t("common.published_badge", lang),
        icon=":material/verified:",
        color="blue",
        help=t("common.source", lang, source=row["source"]) + " — " + row["text_zh"],
    )
    if amount_row is not None and abs(amount_row["value"] - amount) > 1e-6:
        st.caption(
            t(
                "pipeline.published_data_sum",
                lang,
                published=amount_row["text_zh"],
                data=yi(amount, lang),
            )
        )
