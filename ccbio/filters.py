"""Shared sidebar filters (period, parks, sectors, language), kept in session state and the URL.

Use from a page:

    from ccbio import filters
    f = filters.current()          # Filters(period="2025-12", parks=(), sectors=(), lang="zh")
    data.pipeline_by_stage(f.period, f.parks, f.sectors)

`app.py` calls `filters.sidebar()` once per run, before `st.navigation(...).run()`; it draws the
widgets, reads the URL on a session's first run and writes the URL back on every run, so a copied
link reopens the same view. URL values are checked against the data before use: an unknown or
malformed value is dropped with a visible notice (`filters.show_notices()`), never passed to SQL.

To change a filter from a page (e.g. picking a park on the map), call `filters.set_parks([...])`
from a widget callback (`on_select=` / `on_change=`): callbacks run before the sidebar is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from ccbio import data, streamlit_private
from ccbio.auth.scope import session_scope
from ccbio.formatting import format_month, months_phrase, scope_text
from ccbio.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from ccbio.periods import add_months, months_between

# Widget keys in st.session_state, and the URL parameter each one is mirrored to.
KEYS = {"lang": "f_lang", "period": "f_period", "parks": "f_parks", "sectors": "f_sectors"}
_NOTICES = "_filter_notices"
_STATE = "_filters"
_MAX_URL_VALUE = 300  # longer values are rejected outright
LANG_NAMES = {"zh": "中文", "en": "English"}


@dataclass(frozen=True)
class Filters:
    """The shared view: snapshot period 'YYYY-MM', park ids, sector ids (empty = all), 'zh'/'en'."""

    period: str
    parks: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    lang: str = DEFAULT_LANGUAGE


def defaults() -> Filters:
    """Return the default view: the newest period, every park and sector, Chinese."""
    return Filters(period=data.latest_period())


def current() -> Filters:
    """Return the filters drawn by `sidebar()` in this run (the defaults if it has not run)."""
    _route_through_app()
    return st.session_state.get(_STATE) or defaults()


def _route_through_app() -> None:
    # a deep link's first run must go through app.py's st.navigation, before any widget is drawn
    if streamlit_private.use_navigation_routing():
        st.rerun()


def lang() -> str:
    """Return the chosen language, 'zh' or 'en'."""
    return current().lang


# ---- reading the URL --------------------------------------------------------------------------


def _split(raw: str) -> list[str]:
    return [v for v in (s.strip() for s in raw.split(",")) if v]


def _notice(name: str, value: str) -> tuple[str, str]:
    shown = value[:40].replace("`", "'") + ("…" if len(value) > 40 else "")
    return name, shown


def parse_params(params: dict[str, str]) -> tuple[Filters, list[tuple[str, str]]]:
    """Return the Filters a URL asks for, and (parameter, value) for every value that was dropped.

    Pure apart from reading the known periods, parks and sectors; nothing here reaches SQL unchecked.
    """
    base, bad = defaults(), []
    values = {k: str(v) for k, v in params.items() if k in KEYS}
    for key, raw in values.items():
        if len(raw) > _MAX_URL_VALUE:
            bad.append(_notice(key, raw))
            values[key] = ""
    lang_ = values.get("lang", base.lang) or base.lang
    if lang_ not in LANGUAGES:
        bad.append(_notice("lang", lang_))
        lang_ = base.lang
    period = values.get("period") or base.period
    try:
        data.check_period(period)
    except data.QueryInputError:
        bad.append(_notice("period", period))
        period = base.period
    chosen = {}
    for key, known in (
        ("parks", data.park_list()["park_id"]),
        ("sectors", data.sector_list()["sector_id"]),
    ):
        ids = _split(values.get(key, ""))
        known = set(known)
        bad += [_notice(key, v) for v in ids if v not in known]
        chosen[key] = tuple(dict.fromkeys(v for v in ids if v in known))
    return Filters(period, chosen["parks"], chosen["sectors"], lang_), bad


def to_params(f: Filters) -> dict[str, str]:
    """Return the URL parameters for a view (period and lang always; parks/sectors when chosen)."""
    params = {"period": f.period, "lang": f.lang}
    if f.parks:
        params["parks"] = ",".join(f.parks)
    if f.sectors:
        params["sectors"] = ",".join(f.sectors)
    return params


# ---- the sidebar ---------------------------------------------------------------------------------


def _init_from_url() -> None:
    """On a session's first run, seed the widget state from the URL (checked) or the defaults."""
    if KEYS["period"] in st.session_state:
        return
    f, bad = parse_params({k: st.query_params.get(k) for k in KEYS if k in st.query_params})
    st.session_state[KEYS["lang"]] = f.lang
    st.session_state[KEYS["period"]] = f.period
    st.session_state[KEYS["parks"]] = list(f.parks)
    st.session_state[KEYS["sectors"]] = list(f.sectors)
    st.session_state[_NOTICES] = bad


def _clear_notices() -> None:
    st.session_state[_NOTICES] = []


def set_parks(park_ids) -> None:
    """Set the park filter; call only from a widget callback (it runs before the sidebar)."""
    known = set(data.park_list()["park_id"])
    st.session_state[KEYS["parks"]] = [p for p in park_ids if p in known]


def park_options(parks) -> dict[str, tuple[str, str]]:
    """Return {park id: (zh label, en label)} grouped by tier (一核 · 一心 · 三极 · 多园).

    Streamlit's multiselect has no option groups, so each label leads with its tier and the
    options come in tier order: '三极｜净月高新区' / 'Pole | Jingyue High-tech Zone'.
    """
    ordered = parks.sort_values(["park_order"], kind="stable")
    return {
        r["park_id"]: (f"{r['tier_zh']}｜{r['name_zh']}", f"{r['tier_en']} | {r['name_en']}")
        for r in ordered.to_dict("records")
    }


@st.cache_data(show_spinner=False, max_entries=64)
def _options(version: str) -> tuple[dict, dict]:
    """Return the park and sector options the reader may pick; cached by data version and scope.

    Worked out on every rerun of every page, it was ~1/12 of a rerun's CPU (issue 15).
    """
    parks, sectors = data.park_list(), data.sector_list()
    parks = parks[parks["park_id"].map(session_scope().allows)]  # a planner picks among their parks
    sector_names = dict(
        zip(
            sectors["sector_id"],
            zip(sectors["name_zh"], sectors["name_en"], strict=True),
            strict=True,
        )
    )
    return park_options(parks), sector_names


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar, mirror them to the URL and return them."""
    _route_through_app()
    _init_from_url()
    park_names, sector_names = _options(data.data_version())
    with st.sidebar:
        lang_ = st.radio(
            "语言 / Language",
            LANGUAGES,
            format_func=LANG_NAMES.get,
            horizontal=True,
            key=KEYS["lang"],
            on_change=_clear_notices,
        )
        idx = 0 if lang_ == "zh" else 1
        period = st.selectbox(
            t("filters.period", lang_),
            data.periods()[::-1],
            format_func=lambda p: format_month(p, lang_),
            key=KEYS["period"],
            on_change=_clear_notices,
            help=t("filters.period_help", lang_),
        )
        chosen_parks = st.multiselect(
            t("filters.parks", lang_),
            list(park_names),
            format_func=lambda p: park_names[p][idx],
            key=KEYS["parks"],
            placeholder=_parks_placeholder(lang_),
            on_change=_clear_notices,
            select_all=False,  # its label is Streamlit's own English ("Select all")
        )
        chosen_sectors = st.multiselect(
            t("filters.sectors", lang_),
            list(sector_names),
            format_func=lambda s: sector_names[s][idx],
            key=KEYS["sectors"],
            placeholder=t("filters.all_sectors", lang_),
            on_change=_clear_notices,
            select_all=False,
        )
        st.caption(t("filters.url_hint", lang_))
    f = Filters(period, tuple(chosen_parks), tuple(chosen_sectors), lang_)
    st.session_state[_STATE] = f
    _write_url(f)
    return f


def _parks_placeholder(lang_: str) -> str:
    """Return what the empty park filter reads: all parks, or a planner's own parks by name."""
    # "全部园区" told a park planner they saw the whole city while their scope showed one park
    own = session_scope()
    if own.city:
        return t("filters.all_parks", lang_)
    parks = data.park_list().sort_values("park_order", kind="stable")
    names = parks.loc[parks["park_id"].isin(own.parks), f"name_{lang_}"]
    return t("filters.own_parks", lang_, names=("、" if lang_ == "zh" else ", ").join(names))


def _write_url(f: Filters) -> None:
    want = to_params(f)
    for key in KEYS:
        if key in want:
            if st.query_params.get(key) != want[key]:
                st.query_params[key] = want[key]
        elif key in st.query_params:
            del st.query_params[key]


def show_notices() -> None:
    """Show a warning for every URL value that was dropped (until the user changes a filter)."""
    lang_ = lang()
    for name, value in st.session_state.get(_NOTICES, []):
        st.warning(t("filters.bad_url_value", lang_, name=name, value=value), icon="⚠️")


# ---- small page furniture shared by every page -----------------------------------------------------


def demo_badge(lang_: str) -> None:
    """Show the 演示数据 / demo-data badge with its one-line explanation."""
    st.badge(
        t("common.demo_badge", lang_),
        icon=":material/science:",
        color="orange",
        help=t("common.demo_note", lang_),
    )


STATUS_BADGE_COLORS = {"red": "red", "amber": "orange", "green": "green"}


def status_badge(level: str, reason: str, lang_: str, word: str = "") -> None:
    """Show a red/amber/green badge (its word: the light's name, or `word`, e.g. an attainment
    class); hovering it shows the reason."""
    label = word or t(f"common.status_{level}", lang_)
    st.badge(label, color=STATUS_BADGE_COLORS[level], help=reason)


def last_complete_month(today: date) -> str:
    """Return the last month that has fully ended on `today` ('YYYY-MM')."""
    return add_months(f"{today.year:04d}-{today.month:02d}", -1)


def staleness(latest: str, today: date) -> tuple[str, int] | None:
    """Return (last complete month, months the newest snapshot lags it), or None when up to date."""
    complete = last_complete_month(today)
    months = months_between(latest, complete)
    return (complete, months) if months > 0 else None


def stale_notice(latest: str, today: date, lang_: str) -> str | None:
    """Return the sentence saying how old the newest snapshot is, or None when it is current."""
    stale = staleness(latest, today)
    if stale is None:
        return None
    complete, months = stale
    return t(
        "common.stale_snapshot",
        lang_,
        latest=format_month(latest, lang_),
        complete=format_month(complete, lang_),
        months=months_phrase(months, lang_),  # "1 month", not "1 months"
    )


def page_header(title_key: str, question_key: str, f: Filters, demo: bool = True) -> None:
    """Draw a page title, the question it answers, the period shown, data age and the demo badge."""
    st.title(t(title_key, f.lang))
    st.caption(
        t(question_key, f.lang)
        + " · "
        + t("filters.showing", f.lang, period=format_month(f.period, f.lang))
    )
    notice = stale_notice(data.latest_period(), date.today(), f.lang)
    if notice:
        st.warning(notice, icon=":material/schedule:")
    from ccbio import plan_banner  # issue 12: where the period stands in the plan (ended, …)

    plan_banner.header_note(f.period, f.lang)
    if demo:
        demo_badge(f.lang)


# ---- empty states (issue 10, i10t) ----------------------------------------------------------------


def names_of(f: Filters, lang_: str) -> tuple[list[str], list[str]]:
    """Return the shown names of the chosen parks and sectors, in the filter's order."""
    side = "name_zh" if lang_ == "zh" else "name_en"
    parks = data.park_list().set_index("park_id")[side]
    sectors = data.sector_list().set_index("sector_id")[side]
    return [parks[p] for p in f.parks], [sectors[s] for s in f.sectors]


def scope(f: Filters) -> str:
    """Return the current view in words: '2025年12月 净月高新区 × 医疗器械'."""
    return scope_text(f.period, *names_of(f, f.lang), f.lang)


def empty_state(f: Filters, what: str = "projects") -> None:
    """Say that the filtered view holds no `what` (projects, firms, data, records)."""
    st.info(
        t("common.empty_scope", f.lang, scope=scope(f), what=t(f"common.what_{what}", f.lang)),
        icon=":material/search_off:",
    )


def export_notes(f: Filters, filtered: bool = True) -> list[str]:
    """Return the 说明 lines of a download (in Chinese, like the file): period, data, filters."""
    notes = [t("lists.export_period", "zh", period=format_month(f.period, "zh"))]
    notice = stale_notice(data.latest_period(), date.today(), "zh")
    notes += [notice] if notice else []
    notes.append(t("common.demo_note", "zh"))
    if not filtered:
        notes.append(t("filters.not_filtered", "zh"))
        return notes
    # plain dicts: a set_index per list was ~1/40 of a rerun's CPU (every download's notes)
    park_list, sector_list = data.park_list(), data.sector_list()
    parks = dict(zip(park_list["park_id"], park_list["name_zh"], strict=True))
    sectors = dict(zip(sector_list["sector_id"], sector_list["name_zh"], strict=True))
    notes.append(
        t(
            "lists.export_filters",
            "zh",
            parks="、".join(parks[p] for p in f.parks) or "全部",
            sectors="、".join(sectors[s] for s in f.sectors) or "全部",
        )
    )
    return notes
