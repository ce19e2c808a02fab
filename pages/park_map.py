"""Park map 园区地图 — where is the industry? Offline pydeck map of 一核一心三极多园 plus a table."""

from functools import partial

import streamlit as st

from ccbio import data, filters, links, maps, render, text_table
from ccbio import park_map_view as pmv
from ccbio.i18n import pick, t


def on_map_pick(key: str) -> None:
    objects = st.session_state[key].selection.get("objects", {}).get(maps.PARK_LAYER_ID, [])
    if objects:
        filters.set_parks([o["park_id"] for o in objects])


def on_table_pick(key: str, ids: list[str]) -> None:
    filters.set_parks([ids[i] for i in st.session_state[key].selection.rows])


f = filters.current()
filters.page_header("park_map.title", "park_map.question", f)
summary = data.park_summary(f.period, f.sectors)
# widgets keyed by the park filter: a filter set elsewhere (sidebar, URL) redraws their selection
picked = "-".join(f.parks) or "all"
map_key, table_key = f"park_map_deck_{picked}", f"park_map_table_{picked}"

size_col = st.radio(
    t("park_map.size_by", f.lang),
    list(pmv.SIZE_OPTIONS),
    key="park_map_size",
    horizontal=True,
    format_func=lambda c: t(pmv.SIZE_OPTIONS[c], f.lang),
)
st.caption(t("park_map.legend", f.lang))

# the map and the table each take the full width: every column of the table fits (产值 was cut).
# Two decks, one shown by screen width: pydeck opens at a fixed zoom, so a phone gets its own view
# that holds every park and label (at the wide view 九台 and the outer labels were off a phone).
st.html(pmv.MAP_CSS)
for phone, container_key, height in ((False, "park_map_wide", 620), (True, "park_map_phone", 460)):
    with st.container(key=container_key):
        key = f"{map_key}_phone" if phone else map_key
        st.pydeck_chart(
            pmv.cached_deck(summary, size_col, f.parks, f.lang, phone),
            height=height,
            key=key,
            on_select=partial(on_map_pick, key),
            selection_mode="multi-object",
        )
st.caption(t("park_map.approx_note", f.lang))

with st.container():
    # every column whole at 1440 px: long names wrap in their column, and the amount headers
    # leave their unit to the caption below (the names and the last column were cut in English)
    park_rows = pmv.table(summary, f.lang)
    row_height = text_table.rows_height(park_rows, {"park": pmv.PARK_COLUMN_PX})
    render.table(
        park_rows.assign(**links.page_columns(summary, f.lang, f.period, park="park_id")),
        row_height=row_height,
        height=text_table.table_height(row_height, len(park_rows)),
        key=table_key,
        lang=f.lang,
        on_select=partial(on_table_pick, table_key, summary["park_id"].tolist()),
        selection_mode="multi-row",
        selection_default={"selection": {"rows": pmv.selected_rows(summary, f.parks)}},
        hide_index=True,
        column_order=[
            "park",
            "park_page",
            "tier_label",
            "enterprises",
            "output_value_yi",
            "projects",
            "investment_yi",
            "district",
            "confidence_label",
        ],
        column_config={
            "park": st.column_config.TextColumn(
                t("park_map.col_park", f.lang), width=pmv.PARK_COLUMN_PX
            ),
            "tier_label": t("park_map.col_tier", f.lang),
            "district": t("park_map.col_district", f.lang),
            "enterprises": st.column_config.NumberColumn(
                t("park_map.col_enterprises", f.lang), format="%,d"
            ),
            "output_value_yi": st.column_config.NumberColumn(
                t("park_map.col_output", f.lang), format="%,.2f"
            ),
            "projects": st.column_config.NumberColumn(
                t("park_map.col_projects", f.lang), format="%,d"
            ),
            "investment_yi": st.column_config.NumberColumn(
                t("park_map.col_investment", f.lang), format="%,.2f"
            ),
            "confidence_label": t("park_map.col_confidence", f.lang),
            **links.page_column_config(f.lang),
        },
    )
    st.caption(t("park_map.table_unit", f.lang) + " " + t("park_map.pick_hint", f.lang))
    if f.parks:
        names = [
            pick(r, "name", f.lang) for r in summary.to_dict("records") if r["park_id"] in f.parks
        ]
        joiner = "、" if f.lang == "zh" else ", "
        st.info(t("park_map.selected", f.lang, names=joiner.join(names)))
        for park_id in f.parks:  # from the map to the park's own page in one click
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
