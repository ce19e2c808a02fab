"""Park — one park: tier and focus, projects by stage, firms by flag, indicators, warnings, 督办, map."""

import streamlit as st

from ccbio import alerts, data, filters, links, maps, rules, store
from ccbio import render as draw
from ccbio.auth.scope import session_scope
from ccbio.drilldown import charts, params
from ccbio.drilldown import park as pk
from ccbio.followups import board, view, widgets
from ccbio.formatting import format_count, format_pct, format_yi
from ccbio.i18n import pick, t

f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"
filters.page_header("park.title", "park.question", f)
parks, sectors = data.park_list(), data.sector_list()
parks = parks[parks["park_id"].map(session_scope().allows)]  # a planner's own parks (issue 14)
known = parks["park_id"].tolist()
asked, bad = params.checked("park", params.requested("park"))
if bad:
    st.warning(bad.message(lang), icon="⚠️")
park_id = st.selectbox(
    t("park.pick", lang),
    known,
    index=known.index(pk.chosen_park(asked, f.parks, known)),
    format_func=dict(zip(known, parks[f"name_{side}"], strict=True)).get,
    key="park_pick",
    help=t("park.pick_help", lang),
)
params.remember("park", park_id)
park = pk.profile(parks, sectors, park_id)

c1, c2, c3 = st.columns([1, 2, 2])
c1.metric(t("park.tier", lang), pick(park, "tier", lang))
c2.markdown(f"**{t('park.focus', lang)}**  \n{pick(park, 'focus', lang)}")
c3.markdown(f"**{t('park.focus_sectors', lang)}**  \n{' · '.join(park[f'focus_sectors_{side}'])}")
st.caption(f"{t('park.district', lang)} · {park['district_zh']}")

LISTED = 500  # rows of each list; the counts above them cover every project and firm
projects = data.park_projects(f.period, park_id, limit=LISTED)
firms = data.park_enterprises(f.period, park_id, limit=LISTED)
by_stage = data.pipeline_by_stage(f.period, (park_id,))
flag_counts = data.park_firm_flags(f.period, park_id)
stage_names = dict(
    zip(data.stage_list()["stage_id"], data.stage_list()[f"name_{side}"], strict=True)
)
flag_label = {"all": t("park.flag_all", lang)} | {
    k: t(f"firm.flag_{k}", lang)
    for k in ("is_above_scale", "is_srdi", "is_listed", "is_chain_leader", "is_chain_leader_new")
}
left, right = st.columns(2)
with left:
    st.subheader(t("park.by_stage", lang))
    st.dataframe(
        by_stage.assign(stage=by_stage["stage"].map(stage_names))[
            ["stage", "projects", "investment_yi"]
        ],
        hide_index=True,
        key="park_stage_table",
        column_config={
            "stage": t("park.col_stage", lang),
            "projects": t("park.col_projects", lang),
            "investment_yi": st.column_config.NumberColumn(
                t("park.col_invest", lang), format="%.2f"
            ),
        },
    )
with right:
    st.subheader(t("park.firm_flags", lang))
    flags = pk.firm_flag_counts(flag_counts)
    st.dataframe(
        flags.assign(flag=flags["flag"].map(flag_label)),
        hide_index=True,
        key="park_flag_table",
        column_config={"flag": t("park.col_flag", lang), "firms": t("park.col_firms", lang)},
    )

st.subheader(t("park.indicators", lang))
series = data.indicator_series(f.period, (park_id,))
labels = {
    "month": t("park.month", lang),
    "value": t("park.value_axis", lang),
    "indicator": t("park.col_indicator", lang),
}
draw.chart(charts.indicator_lines, pk.money_series(series), f"name_{side}", lang, labels)
latest = pk.indicator_latest(series, f.period)
st.dataframe(
    latest.assign(
        name=latest[f"name_{side}"],
        value=[format_yi(v, lang) for v in latest["value"]],
        ytd=[format_yi(v, lang) for v in latest["ytd"]],
        ytd_yoy=[format_pct(v, signed=True) for v in latest["ytd_yoy"]],
    )[["name", "value", "ytd", "ytd_yoy"]],
    hide_index=True,
    key="park_indicator_table",
    column_config={
        "name": t("park.col_indicator", lang),
        "value": t("park.col_value", lang),
        "ytd": t("park.col_ytd", lang),
        "ytd_yoy": t("park.col_yoy", lang),
    },
)

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
    st.dataframe(
        found.assign(
            level=[t(view.COLOUR_KEYS[lv], lang) for lv in found["level"]],
            link=[
                links.named_url(k, s, name.split("：", 1)[-1].split(": ", 1)[-1], lang, f.period)
                for k, s, name in zip(
                    found["subject_kind"], found["subject_id"], found[f"figure_{side}"], strict=True
                )
            ],
            reason=found[f"reason_{side}"],
        )[["level", "link", "reason"]],
        hide_index=True,
        key="park_warning_table",
        column_config={
            "level": t("park.col_level", lang),
            "reason": t("park.col_reason", lang),
            "link": links.link_column(t("park.col_subject", lang)),
        },
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
            dict(zip(known, parks[f"name_{side}"], strict=True)),
            lang,
            key="park_followups",
        )

st.subheader(t("park.project_list", lang))
st.dataframe(
    projects.assign(
        project=links.urls("project", projects["project_id"], lang, f.period),
        name=projects[f"name_{side}"],
        stage=projects["stage"].map(stage_names),
        unit=projects.get("responsible_unit"),
    )[["project", "name", "stage", "stage_since", "months_in_stage", "investment_yi", "unit"]],
    hide_index=True,
    key="park_project_table",
    column_config={
        "project": st.column_config.LinkColumn(
            t("park.col_id", lang), display_text=links.DISPLAY["project"]
        ),
        "name": t("park.col_name", lang),
        "stage": t("park.col_stage", lang),
        "stage_since": t("park.col_since", lang),
        "months_in_stage": t("park.col_months", lang),
        "investment_yi": st.column_config.NumberColumn(t("park.col_invest", lang), format="%.2f"),
        "unit": t("park.col_unit", lang),
    },
)
st.subheader(t("park.firm_list", lang))
st.dataframe(
    firms.assign(
        firm=links.urls("firm", firms["enterprise_id"], lang, f.period),
        name=firms[f"name_{side}"],
        sector=firms[f"sector_{side}"],
    )[
        [
            "firm",
            "name",
            "sector",
            "output_value_yi",
            "is_above_scale",
            "is_srdi",
            "is_listed",
            "is_chain_leader",
        ]
    ],
    hide_index=True,
    key="park_firm_table",
    column_config={
        "firm": st.column_config.LinkColumn(
            t("park.col_id", lang), display_text=links.DISPLAY["firm"]
        ),
        "name": t("park.col_name", lang),
        "sector": t("park.col_sector", lang),
        "output_value_yi": st.column_config.NumberColumn(t("park.col_output", lang), format="%.2f"),
    }
    | {
        k: t(f"firm.flag_{k}", lang)
        for k in ("is_above_scale", "is_srdi", "is_listed", "is_chain_leader")
    },
)
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
st.pydeck_chart(maps.park_map(points), height=360, key="park_map_deck")
st.caption(t("park.position_note", lang, km=park["radius_km"]))
filters.demo_badge(lang)
