"""Park — one park: tier and focus, projects by stage, firms by flag, indicators, warnings, 督办, map."""

import streamlit as st

from ccbio import alerts, data, filters, maps, rules, store, text_table
from ccbio import render as draw
from ccbio.auth.scope import session_scope
from ccbio.drilldown import charts, params, tables
from ccbio.drilldown import park as pk
from ccbio.followups import board, widgets
from ccbio.formatting import format_count
from ccbio.i18n import pick, t
from ccbio.park_map_view import district

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("park.title", "park.question", f)
parks, sectors = data.park_list(), data.sector_list()
parks = parks[parks["park_id"].map(session_scope().allows)]  # a planner's own parks (issue 14)
park_id = params.open_park(parks, f.parks, lang)
park = pk.profile(parks, sectors, park_id)

c1, c2, c3 = st.columns([1, 2, 2])
c1.metric(t("park.tier", lang), pick(park, "tier", lang))
c2.markdown(f"**{t('park.focus', lang)}**  \n{pick(park, 'focus', lang)}")
c3.markdown(f"**{t('park.focus_sectors', lang)}**  \n{' · '.join(park[f'focus_sectors_{side}'])}")
st.caption(
    f"{t('park.district', lang)} · {district(park['district_zh'], lang)}"
)  # Chaoyang District

LISTED = 500  # rows of each list; the counts above them cover every project and firm
projects = data.park_projects(f.period, park_id, limit=LISTED)
firms = data.park_enterprises(f.period, park_id, limit=LISTED)
by_stage = data.pipeline_by_stage(f.period, (park_id,))
flag_counts = data.park_firm_flags(f.period, park_id)
stage_names = tables.stage_names(data.stage_list(), lang)
left, right = st.columns(2)
with left:
    st.subheader(t("park.by_stage", lang))
    frame, headers = tables.stage_count_table(by_stage, stage_names, lang)
    draw.table(frame, lang, key="park_stage_table", column_config=headers)
with right:
    st.subheader(t("park.firm_flags", lang))
    frame, headers = tables.flag_count_table(pk.firm_flag_counts(flag_counts), lang)
    draw.table(frame, lang, key="park_flag_table", column_config=headers)

st.subheader(t("park.indicators", lang))
series = data.indicator_series(f.period, (park_id,))
labels = {
    "month": t("park.month", lang),
    "value": t("park.value_axis", lang),
    "indicator": t("park.col_indicator", lang),
}
draw.chart(charts.indicator_lines, pk.money_series(series), f"name_{side}", lang, labels)
frame, headers = tables.indicator_table(pk.indicator_latest(series, f.period), lang)
draw.table(frame, lang, key="park_indicator_table", column_config=headers)

st.subheader(t("park.warnings", lang))
warning_rules = rules.current()
stalled = data.stalled_projects(
    f.period, (park_id,), limits=alerts.stall_limits(warning_rules), limit=LISTED
)
found = pk.park_warnings(
    stalled, data.park_last_new_project(f.period), park_id, f.period, warning_rules
)
if found.empty:
    st.caption(t("park.warnings_none", lang))
else:
    frame, headers = tables.park_warning_table(found, lang, f.period)
    draw.table(  # each reason read whole in its row (they were cut at 1440 px)
        frame,
        lang,
        key="park_warning_table",
        column_config=headers,
        row_height=(height := text_table.rows_height(frame, {"reason": 400})),
        height=text_table.table_height(height, len(frame)),
    )

st.subheader(t("park.followups", lang))
try:
    b = board.refresh()
except store.StoreError as err:
    st.error(t("followups.store_error", lang, detail=type(err).__name__))
else:
    mine = board.open_for_subject(b["items"], "park", park_id)
    if mine.empty:
        st.caption(t("followups.none_yet", lang))
    else:
        widgets.item_table(
            mine,
            b,
            dict(zip(parks["park_id"], parks[f"name_{side}"], strict=True)),
            lang,
            key="park_followups",
        )

st.subheader(t("park.project_list", lang))
frame, headers = tables.project_list_table(projects, stage_names, lang, f.period, page="park")
draw.table(frame, lang, key="park_project_table", column_config=headers)
st.subheader(t("park.firm_list", lang))
frame, headers = tables.firm_list_table(firms, lang, f.period)
draw.table(frame, lang, key="park_firm_table", column_config=headers)
st.caption(
    format_count(len(firms), lang, "firms") + " · " + format_count(len(projects), lang, "projects")
)

st.subheader(t("park.map", lang))
summary = data.park_summary(f.period)
points = maps.park_points(
    summary,
    "enterprises",
    [{"tip_name": pick(r, "name", lang)} for r in summary.to_dict("records")],
    selected=(park_id,),
)
st.pydeck_chart(
    maps.park_map(points, view=maps.park_view(points, park_id)), height=360, key="park_map_deck"
)
st.caption(t("park.position_note", lang, km=park["radius_km"]))
filters.demo_badge(lang)
