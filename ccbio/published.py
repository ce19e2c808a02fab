"""Published figures (the seed texts' 2023-12 pipeline state) set beside the data, never in its place.

`published_lookup` finds the figures for a period; `figure` returns the data's value as text and
the published row it is compared with (`matches`: counts exactly, amounts to the published
precision, "以上" figures as lower bounds); `published_mark` draws the 公开数据 badge where the data
holds the published figure, and says both figures where it does not.
"""

from __future__ import annotations

import streamlit as st

from ccbio import data
from ccbio.formatting import format_count, format_yi
from ccbio.i18n import t


def yi(value: float, lang: str) -> str:
    """Return a published 亿元 figure with the decimals it was published with: 460亿元, 3.9亿元."""
    return format_yi(value, lang, digits=published_digits(value))


def published_lookup(period: str, f) -> dict:
    """Return {(stage_id, build_type, measure): figure row} published for `period`, city totals only."""
    if f.parks or f.sectors:
        return {}
    figs = data.published_figures()
    figs = figs[figs["period"] == period].fillna({"stage_id": "", "build_type": ""})
    return {(r["stage_id"], r["build_type"], r["measure"]): r for r in figs.to_dict("records")}


def published_digits(value: float) -> int:
    """Return how many decimals a published figure is written with: 76.68 -> 2, 460 -> 0."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def matches(row: dict, value: float, kind: str) -> bool:
    """Return True when the data's value holds the published figure of `row`.

    Counts must be equal; amounts equal once rounded to the published precision; a figure
    published as "以上" (qualifier >=) is a lower bound the data must reach.
    """
    published = float(row["value"])
    if row["qualifier"] == ">=":
        return float(value) >= published
    if kind == "count":
        return float(value) == published
    digits = published_digits(published)
    return round(float(value), digits) == round(published, digits)


def value_text(value: float, kind: str, lang: str, as_published: bool = False) -> str:
    """Return a count ('541个'; en metrics are narrow, the unit is in the label) or a 亿元 amount.

    The data's amounts all get two decimals, as the funnel and the table beside them do
    (3,046.20亿元 next to 460.00亿元, not 460亿元); a published figure reads as published.
    """
    if kind == "count":
        return format_count(value, lang, "projects" if lang == "zh" else "")
    return yi(value, lang) if as_published else format_yi(value, lang)


def figure(pub: dict, key: tuple, value: float, kind: str, lang: str) -> tuple[str, dict | None]:
    """Return (the data's value as text, the published row compared with it or None).

    The row carries `matches` (see `matches`), `data_value` and `kind`, for `published_mark`.
    """
    row = pub.get(key)
    if row is not None:
        row = {**row, "matches": matches(row, value, kind), "data_value": value, "kind": kind}
    return value_text(value, kind, lang), row


def published_text(row: dict, lang: str) -> str:
    """Return the published figure as published: '3,000亿元以上' / 'over 3,000 (100m yuan)'."""
    text = value_text(row["value"], row.get("kind", "count"), lang, as_published=True)
    return t("pipeline.at_least", lang, value=text) if row["qualifier"] == ">=" else text


def published_mark(
    row: dict | None, lang: str, amount_row: dict | None = None, amount: float | None = None
) -> None:
    """Under a figure: the 公开数据 badge when the data holds every published figure compared,
    else say which published figure the data differs from; the source is in the badge's help."""
    rows = [r for r in (row, amount_row) if r is not None]
    if not rows:
        return
    if amount_row is not None and amount is not None and "data_value" not in amount_row:
        amount_row = {**amount_row, "data_value": amount, "kind": "yi"}
        amount_row["matches"] = matches(amount_row, amount, "yi")
        rows[-1] = amount_row
    held = [r for r in rows if r["matches"]]
    if held:
        st.badge(
            t("common.published_badge", lang),
            icon=":material/verified:",
            color="blue",
            help=" · ".join(
                t("common.source", lang, source=r["source"]) + " — " + r["text_zh"] for r in held
            ),
        )
    for r in rows:
        if r["qualifier"] == ">=" and r["matches"]:
            # the data's value is shown; the published wording is a bound, so say it too
            st.caption(t("common.published_bound", lang, published=published_text(r, lang)))
        elif not r["matches"]:
            st.caption(
                t(
                    "common.published_differs",
                    lang,
                    published=published_text(r, lang),
                    data=value_text(r["data_value"], r.get("kind", "count"), lang),
                    source=r["source"],
                )
            )
