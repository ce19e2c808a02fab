"""Wall screen 大屏 — 1920×1080, dark, no sidebar: the six targets, the pipeline and warnings, the parks.

A fragment reruns every few seconds: it reads the newest snapshot (a new period shows without a
reload) and rotates through the views.
"""

import datetime as dt
import time
from html import escape

import streamlit as st

from ccbio import data, filters, kiosk, render
from ccbio.formatting import format_count, format_yi
from ccbio.i18n import pick, t

# Dark, large type, no sidebar or header: the screen is read from across a room.
KIOSK_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stApp"], [data-testid="stMain"] { background: #0b1424 !important; color: #e6edf7 !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem !important; }
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMain"] p, [data-testid="stMain"] span, [data-testid="stMain"] label { color: #e6edf7 !important; }
.kiosk-title { font-size: 44px; font-weight: 700; }
.kiosk-sub { font-size: 26px; color: #9fb3cc !important; }
.kiosk-tile { background: #13213a; border-radius: 14px; padding: 22px 26px; margin-bottom: 18px; }
.kiosk-name { font-size: 28px; color: #c3d2e6 !important; }
.kiosk-value { font-size: 64px; font-weight: 700; line-height: 1.15; }
.kiosk-unit { font-size: 0.45em; font-weight: 600; white-space: nowrap; }
.kiosk-light { font-size: 28px; font-weight: 600; }
.kiosk-dot { display: inline-block; width: 26px; height: 26px; border-radius: 50%; margin-right: 10px; vertical-align: -3px; }
.kiosk-count { font-size: 96px; font-weight: 700; line-height: 1.1; }
.kiosk-big { padding: 30px 34px; margin-bottom: 22px; min-height: 360px; }
.kiosk-big .kiosk-name { font-size: 32px; }
.kiosk-big .kiosk-value { font-size: 76px; }
.kiosk-big .kiosk-light { font-size: 32px; }
.kiosk-target { font-size: 26px; color: #9fb3cc !important; margin-top: 6px; }
/* a phone opening the wall screen: room-sized type took four lines a figure ('11 / firms') */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 1rem 1rem !important; }
  .kiosk-title { font-size: 28px; } .kiosk-sub, .kiosk-target { font-size: 17px; }
  .kiosk-name, .kiosk-big .kiosk-name { font-size: 19px; }
  .kiosk-value, .kiosk-big .kiosk-value { font-size: 40px; }
  .kiosk-light, .kiosk-big .kiosk-light { font-size: 19px; }
  .kiosk-count { font-size: 56px; } .kiosk-big { min-height: 0; padding: 18px 20px; }
  .kiosk-dot { width: 18px; height: 18px; }
  .st-key-kiosk_map_wide { display: none !important; }
}
@media (min-width: 641px) { .st-key-kiosk_map_phone { display: none !important; } }
</style>"""


def tile(
    name: str, value: str, colour: str = "", word: str = "", small: bool = False, target: str = ""
) -> str:
    """Return one tile's HTML: name, big figure, a coloured light with its word, and the target
    line (the six targets' tiles are the big ones); text escaped."""
    light = (
        f'<div class="kiosk-light"><span class="kiosk-dot" style="background:{colour}"></span>'
        f"{escape(word)}</div>"
        if colour
        else ""
    )
    size = ' style="font-size:44px"' if small else ""
    big = " kiosk-big" if target else ""
    # an English unit in brackets, smaller and unbroken: '912.4 (100m yuan)' took three lines
    number, bracket, unit = value.partition(" (")
    shown = escape(number) + (
        f' <span class="kiosk-unit">({escape(unit)}</span>' if bracket else ""
    )
    line = f'<div class="kiosk-target">{escape(target)}</div>' if target else ""
    return (
        f'<div class="kiosk-tile{big}"><div class="kiosk-name">{escape(name)}</div>'
        f'<div class="kiosk-value"{size}>{shown}</div>{light}{line}</div>'
    )


def targets_view(period: str, lang: str) -> None:
    headline, tiles = kiosk.target_tiles(period, lang)
    st.markdown(f'<div class="kiosk-sub">{headline}</div>', unsafe_allow_html=True)
    cols = st.columns(3)
    for i, x in enumerate(tiles):
        cols[i % 3].markdown(
            tile(x["name"], x["value"], x["colour"], x["word"], target=x["target"]),
            unsafe_allow_html=True,
        )


def pipeline_view(period: str, lang: str) -> None:
    left, right = st.columns([3, 2])
    rows = kiosk.funnel_rows(period, lang)
    with left:
        render.chart(kiosk.funnel_chart, rows, "stage_name", "projects", "label")
    counts = kiosk.alert_counts(period)
    with right:
        for key, colour in (("red", kiosk.LIGHTS["red"]), ("amber", kiosk.LIGHTS["amber"])):
            st.markdown(
                f'<div class="kiosk-tile"><div class="kiosk-name">{t(f"kiosk.{key}", lang)}</div>'
                f'<div class="kiosk-count" style="color:{colour}">{counts[key]}</div></div>',
                unsafe_allow_html=True,
            )
        total = format_count(rows["projects"].sum(), lang, "projects")
        st.markdown(tile(t("kiosk.projects", lang), total), unsafe_allow_html=True)


def parks_view(period: str, lang: str) -> None:
    summary = data.park_summary(period)
    left, right = st.columns([3, 2])
    from ccbio.park_map_view import PHONE_MAP_PX  # pydeck with it: only on this view

    with left:  # one of the two is shown, by the screen's width (KIOSK_CSS)
        with st.container(key="kiosk_map_wide"):
            st.pydeck_chart(kiosk.park_deck(summary, lang), height=840)
        with st.container(key="kiosk_map_phone"):
            st.pydeck_chart(kiosk.park_deck(summary, lang, phone=True), height=PHONE_MAP_PX[1])
    with right:
        top = summary.sort_values("output_value_yi", ascending=False).head(5).to_dict("records")
        for r in top:
            value = f"{format_yi(r['output_value_yi'], lang, 0)} · {format_count(r['enterprises'], lang, 'firms')}"
            st.markdown(tile(pick(r, "name", lang), value, small=True), unsafe_allow_html=True)


VIEW_DRAW = {"targets": targets_view, "pipeline": pipeline_view, "parks": parks_view}

f = filters.current()
st.html(KIOSK_CSS)


@st.fragment(run_every=kiosk.REFRESH_S)
def screen() -> None:
    """Draw the top bar and the view due now; rerun on a timer to pick up a new period."""
    lang = f.lang
    period = data.latest_period()
    # ?view=targets|pipeline|parks holds one view (a screen that shows only one, and the tests)
    held = st.query_params.get("view")
    view = held if held in kiosk.VIEWS else kiosk.view_at(time.time())
    head, side = st.columns([3, 2], vertical_alignment="bottom")
    head.markdown(
        f'<div class="kiosk-title">{t("kiosk.title", lang)}</div>', unsafe_allow_html=True
    )
    side.markdown(
        f'<div class="kiosk-sub" style="text-align:right">{kiosk.period_line(period, dt.date.today(), lang)}'
        f" · {t('common.demo_badge', lang)}<br>{t(f'kiosk.view_{view}', lang)}</div>",
        unsafe_allow_html=True,
    )
    VIEW_DRAW[view](period, lang)
    st.caption(t("kiosk.next_view", lang, seconds=kiosk.VIEW_SECONDS))


screen()
