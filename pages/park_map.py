"""Park map 园区地图 — where is the industry? Offline pydeck map of 一核一心三极多园 plus a table."""

import streamlit as st

from ccbio import data, filters, links, maps
from ccbio.formatting import format_count, format_yi
from ccbio.i18n import pick, t

SIZE_OPTIONS = {
    "output_value_yi": "park_map.size_output",
    "enterprises": "park_map.size_enterprises",
}
MAP_KEY, TABLE_KEY = "park_map_deck", "park_map_table"


def confidence(value: str, lang: str) -> str:
    """Return a position-confidence word ('low-medium' -> 低中) in the chosen language."""
    return t("park_map.conf_" + str(value).replace("-", "_").replace(" ", "_"), lang)


def tooltip(row: dict, lang: str) -> dict:
    """Return the tooltip lines of one park in the chosen language (Chinese goes here, not in labels)."""
    return {
        "tip_name": pick(row, "name", lang),
        "tip_tier": f"{pick(row, 'tier', lang)} · {row['district_zh']}",
        "tip_firms": t(
            "park_map.tip_firms",
            lang,
            firms=format_count(row["enterprises"], lang, "firms"),
            output=format_yi(row["output_value_yi"], lang),
        ),
        "tip_projects": t(
            "park_map.tip_projects",
            lang,
            projects=format_count(row["projects"], lang, "projects"),
            investment=format_yi(row["investment_yi"], lang),
        ),
        "tip_position": t(
            "park_map.tip_approx", lang, confidence=confidence(row["confidence"], lang)
        )
        if row["approximate"]
        else "",
    }


def on_map_pick() -> None:
    objects = st.session_state[MAP_KEY].selection.get("objects", {}).get(maps.PARK_LAYER_ID, [])
    if objects:
        filters.set_parks([objects[0]["park_id"]])


def on_table_pick() -> None:
    rows = st.session_state[TABLE_KEY].selection.rows
    if rows:
        filters.set_parks([data.park_list()["park_id"].iloc[rows[0]]])


f = filters.current()
filters.page_header("park_map.title", "park_map.question", f)

summary = data.park_summary(f.period, f.sectors)
rows = summary.to_dict("records")

size_col = st.radio(
    t("park_map.size_by", f.lang),
    list(SIZE_OPTIONS),
    key="park_map_size",
    horizontal=True,
    format_func=lambda c: t(SIZE_OPTIONS[c], f.lang),
)
st.caption(t("park_map.legend", f.lang))

left, right = st.columns([3, 2])
with left:
    points = maps.park_points(
        summary, size_col, [tooltip(r, f.lang) for r in rows], selected=f.parks
    )
    deck = maps.park_map(points)
    st.pydeck_chart(
        deck, height=560, key=MAP_KEY, on_select=on_map_pick, selection_mode="single-object"
    )
    st.caption(t("park_map.approx_note", f.lang))

with right:
    table = summary.assign(
        park=[pick(r, "name", f.lang) for r in rows],
        tier_label=[pick(r, "tier", f.lang) for r in rows],
        confidence_label=[confidence(c, f.lang) for c in summary["confidence"]],
        **links.page_columns(summary, f.lang, f.period, park="park_id"),
    )
    st.dataframe(
        table,
        key=TABLE_KEY,
        on_select=on_table_pick,
        selection_mode="single-row",
        hide_index=True,
        height=560,
        column_order=[
            "park",
            "park_page",
            "tier_label",
            "enterprises",
            "output_value_yi",
            "projects",
            "investment_yi",
            "district_zh",
            "confidence_label",
        ],
        column_config={
            "park": st.column_config.TextColumn(t("park_map.col_park", f.lang), width="medium"),
            "tier_label": t("park_map.col_tier", f.lang),
            "district_zh": t("park_map.col_district", f.lang),
            "enterprises": st.column_config.NumberColumn(
                t("park_map.col_enterprises", f.lang), format="%d"
            ),
            "output_value_yi": st.column_config.NumberColumn(
                t("park_map.col_output", f.lang), format="%.2f"
            ),
            "projects": st.column_config.NumberColumn(
                t("park_map.col_projects", f.lang), format="%d"
            ),
            "investment_yi": st.column_config.NumberColumn(
                t("park_map.col_investment", f.lang), format="%.2f"
            ),
            "confidence_label": t("park_map.col_confidence", f.lang),
            **links.page_column_config(f.lang),
        },
    )
    st.caption(t("park_map.pick_hint", f.lang))
    if f.parks:
        names = [pick(r, "name", f.lang) for r in rows if r["park_id"] in f.parks]
        st.info(
            t(
                "park_map.selected",
                f.lang,
                names="、".join(names) if f.lang == "zh" else ", ".join(names),
            )
        )
        for park_id in f.parks:  # issue 13: from the map to the park's own page in one click
            name = pick(summary.set_index("park_id").loc[park_id], "name", f.lang)
            st.page_link(
                "pages/park.py",
                label=t("common.open_park_page", f.lang, name=name),
                icon=":material/apartment:",
                query_params=filters.to_params(f) | {"park": park_id},
            )
        st.button(
            t("park_map.clear", f.lang),
            on_click=filters.set_parks,
            args=([],),
            key="park_map_clear",
        )
