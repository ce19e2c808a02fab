"""What the park map page shows: tooltips, labels, legend texts and the park table. Pure, but for
cached_deck, which keeps deck()'s result."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import maps
from ccbio.formatting import format_count, format_yi
from ccbio.frames import frame_key
from ccbio.i18n import pick, t

SIZE_OPTIONS = {
    "output_value_yi": "park_map.size_output",
    "enterprises": "park_map.size_enterprises",
}


def confidence(value: str, lang: str) -> str:
    """Return a position-confidence word ('low-medium' -> 低中) in the chosen language."""
    return t("park_map.conf_" + str(value).replace("-", "_").replace(" ", "_"), lang)


def tooltip(row: dict, lang: str) -> dict:
    """Return the tooltip lines of one park in the chosen language (plain text, Streamlit escapes)."""
    return {
        "tip_name": pick(row, "name", lang),
        "tip_tier": f"{pick(row, 'tier', lang)} · {district(row['district_zh'], lang)}",
        "tip_firms": t(
            "park_map.tip_firms",
            lang,
            firms=format_count(row["enterprises"], lang, "firms"),
            output=format_yi(row["output_value_yi"], lang, unit="yi"),
        ),
        "tip_projects": t(
            "park_map.tip_projects",
            lang,
            projects=format_count(row["projects"], lang, "projects"),
            investment=format_yi(row["investment_yi"], lang, unit="yi"),
        ),
        "tip_position": t(
            "park_map.tip_approx", lang, confidence=confidence(row["confidence"], lang)
        )
        if row["approximate"]
        else "",
    }


def district(name_zh: str, lang: str) -> str:
    """Return a district's name: 朝阳区 in Chinese, 'Chaoyang District' (its pinyin) in English."""
    if lang == "zh":
        return name_zh
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name_zh)  # the whole name: 朝阳区 reads chao, 朝阳 alone zhao
    if name_zh.endswith("区"):
        return "".join(syllables[:-1]).title() + " District"
    return "".join(syllables).title()


def legend_texts(values: pd.Series, size_col: str, lang: str) -> list[str]:
    """Return the size legend's three texts: the largest value, a quarter of it, and zero."""
    top = float(values.fillna(0).max() or 0)
    if size_col == "enterprises":
        return [format_count(v, lang, "firms") for v in (top, top / 4, 0)]
    return [format_yi(v, lang, 1, unit="yi") for v in (top, top / 4, 0)]


PARK_COLUMN_PX = 200  # the park table's name column; longer names wrap (text_table.rows_height)

# A phone's map: the screen's 390 px less the page's padding, and a shorter height. pydeck cannot
# fit its view to the drawn width, so the page draws this second deck on narrow screens only.
PHONE_MAP_PX = (358, 460)  # the page draws the phone deck this high
PHONE_MARGIN_PX = 56  # kept free around the parks for labels and the legend
# Streamlit's own phone breakpoint (the sidebar folds away below 640 px)
MAP_CSS = """<style>
@media (max-width: 640px) { .st-key-park_map_wide { display: none !important; } }
@media (min-width: 641px) { .st-key-park_map_phone { display: none !important; } }
</style>"""


def deck(summary: pd.DataFrame, size_col: str, selected: tuple, lang: str, phone: bool = False):
    """Return the pydeck map of the parks: bubbles, name labels, a size legend, tooltips.

    `phone`: the view opens on every park (九台 too) at the zoom that fits a phone's map, and
    every label and the legend stay inside it (at ZOOM the outer parks' labels were cut).
    """
    rows = summary.to_dict("records")
    points = maps.park_points(summary, size_col, [tooltip(r, lang) for r in rows], selected)
    texts = legend_texts(summary[size_col], size_col, lang)
    what = t("park_map.size_legend", lang, what=t(SIZE_OPTIONS[size_col], lang))
    names = [pick(r, "label", lang) for r in rows]
    if not phone:
        labels = maps.label_points(points, names, selected)
        legend = maps.size_legend(points, summary[size_col], texts, what)
        return maps.park_map(points, labels=labels, legend=legend)
    zoom = maps.fit_zoom(points, *PHONE_MAP_PX, PHONE_MARGIN_PX)
    lon = (points["lon"].min() + points["lon"].max()) / 2
    lat = (points["lat"].min() + points["lat"].max()) / 2
    bounds = maps.view_bounds(lon, lat, zoom, *PHONE_MAP_PX)
    # no title row on a phone: the size choice above the map names what the bubbles show
    legend = maps.size_legend(points, summary[size_col], texts, "", inside=(bounds, zoom))
    labels = maps.label_points(
        points, names, selected, zoom=zoom, bounds=bounds, obstacles=maps.legend_boxes(legend, zoom)
    )
    return maps.park_map(points, labels=labels, legend=legend, view=(lon, lat, zoom))


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs={pd.DataFrame: frame_key})
def cached_deck(summary: pd.DataFrame, size_col: str, selected: tuple, lang: str, phone: bool):
    """Return deck(...), kept per summary, size, selection, language and screen.

    Placing the labels is ~60 of the page's ~145 ms rerun, and the page draws two maps; the same
    choices give the same map (a Deck pickles whole, so each run gets its own copy).
    """
    return deck(summary, size_col, selected, lang, phone=phone)


def table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the park table with shown names, tier and position confidence."""
    rows = summary.to_dict("records")
    return summary.assign(
        park=[pick(r, "name", lang) for r in rows],
        tier_label=[pick(r, "tier", lang) for r in rows],
        district=[district(r["district_zh"], lang) for r in rows],
        confidence_label=[confidence(c, lang) for c in summary["confidence"]],
    )


def selected_rows(summary: pd.DataFrame, parks: tuple) -> list[int]:
    """Return the table rows of the chosen parks (ticked in the table)."""
    return [i for i, p in enumerate(summary["park_id"]) if p in parks]
