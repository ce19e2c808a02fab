"""The goals and monitoring pages in headless Chromium: phone, desktop and big screen, zh and en.

Reads what a user sees (the main area's visible text, icon ligatures removed) and fails on
internal identifiers; measures the goal cards so none needs two phone screens.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from ccbio import data, filters

PERIOD = "2024-06"
PHONE, DESKTOP, BIG = (390, 844), (1440, 900), (2560, 1440)
# snake_case words, file paths, Python's None/nan, source file names, raw URL parameters
# (ASCII edges, not \b: in 目标：上市企业goal_behind_pace_red a CJK letter is a word character too)
IDENTIFIER = re.compile(
    r"(?<![A-Za-z0-9])(?:[a-z]+_[a-z0-9_]+|None|nan|seed)(?![A-Za-z0-9])"
    r"|[\w.-]+/[\w.-]+\.(?:toml|csv|py|parquet)\b|config/|data/|period="
)
# a link cell: "page?query" and, for a display name, "#name" after it (names may hold spaces)
LINK = re.compile(r"[\w/]+\?[\w=&%.,-]+(?:#.*)?")
VISIBLE_TEXT = """() => {
    const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
    main.querySelectorAll('[data-testid="stIconMaterial"], .material-symbols-rounded')
        .forEach(e => e.remove());
    return main.innerText;
}"""
RATIO_VALUE_TOPS = """() => [...document.querySelectorAll('[class*="st-key-goal_card_"] .goal-ratios')]
    .map(e => [...e.querySelectorAll('strong')].map(s => Math.round(s.getBoundingClientRect().top)))"""
CARD_BOXES = """() => [...document.querySelectorAll('[class*="st-key-goal_card_"]')]
    .map(e => e.getBoundingClientRect()).map(r => ({top: Math.round(r.top), height: r.height}))"""


def visible_text(app_page) -> str:
    """Return the main area's text, table cells included, icon ligatures left out."""
    # tables draw on a canvas; their cells reach the DOM (an accessible grid) once on screen
    texts = [app_page.page.evaluate(VISIBLE_TEXT)]
    frames = app_page.page.locator('[data-testid="stDataFrame"]')
    for i in range(frames.count()):
        frame = frames.nth(i)
        if frame.is_visible():
            frame.scroll_into_view_if_needed()
            frame.locator('[role="gridcell"]').first.wait_for(state="attached")
            cells = "e => [...e.querySelectorAll('td, th')].map(c => c.textContent).join('\\n')"
            # a link column's cell holds its address (shown as a link text): not what is read
            texts += [c for c in frame.evaluate(cells).split("\n") if not LINK.fullmatch(c)]
    return "\n".join(texts)


def open_at(app_page, size, path, **params):
    """Open a page at a window size; on a phone the sidebar is collapsed, so wait for the main area."""
    app_page.page.set_viewport_size({"width": size[0], "height": size[1]})
    app_page.page.goto(f"{app_page.base_url}/{path}?{urlencode(params)}")
    app_page.page.wait_for_selector('[data-testid="stMain"] h1')
    app_page.wait_idle(sidebar=False)  # collapsed on a phone
    return app_page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "size, per_row", [(PHONE, 1), (DESKTOP, 3), (BIG, 6)], ids=["phone", "desktop", "big"]
)
def test_goals_page_reads_on_every_screen(app_page, lang, size, per_row):
    open_at(app_page, size, "", period=PERIOD, lang=lang)
    app_page.expect_text("目标进度" if lang == "zh" else "Goals")
    app_page.page.wait_for_selector('[class*="st-key-goal_card_srdi"] .goal-sparkline svg')
    app_page.assert_healthy()
    boxes = app_page.page.evaluate(CARD_BOXES)
    assert len(boxes) == 6
    rows = {}
    for box in boxes:
        rows.setdefault(box["top"], []).append(box)
    assert max(len(r) for r in rows.values()) == per_row
    if size == PHONE:  # a card fits one phone screen
        assert max(b["height"] for b in boxes) < PHONE[1], boxes
    # a card's three ratios read on one line ('Share of target' wraps in English: its value sat lower)
    tops = app_page.page.evaluate(RATIO_VALUE_TOPS)
    assert len(tops) == 6 and all(len(set(t)) == 1 and len(t) == 3 for t in tops), tops
    text = visible_text(app_page)
    assert not IDENTIFIER.search(text), IDENTIFIER.search(text)
    assert ("推进进度" if lang == "zh" else "Progress") in text
    app_page.screenshot(f"goals_{lang}_{size[0]}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monitoring_page_has_no_identifiers_and_draws_its_levels(app_page, lang):
    open_at(app_page, DESKTOP, "monitoring", period="2025-12", lang=lang)
    app_page.expect_text("统计监测预警" if lang == "zh" else "Monitoring and early warning")
    app_page.page.wait_for_selector('[data-testid="stDataFrame"]')
    app_page.assert_healthy()
    text = visible_text(app_page)
    assert not IDENTIFIER.search(text), IDENTIFIER.search(text)
    # the pace panels three a row at 1440 px (at 320 px each they wrapped two a row)
    panels = app_page.page.locator('.st-key-pace_panels [data-testid="stVegaLiteChart"]')
    tops = [round(panels.nth(i).bounding_box()["y"]) for i in range(6)]
    assert tops[0] == tops[1] == tops[2] < tops[3], tops
    stale = filters.staleness(data.latest_period(), date.today()) is not None
    assert (("数据未及时更新" if lang == "zh" else "Data not up to date") in text) is stale
    app_page.screenshot(f"monitoring_{lang}_1440")


def test_monitoring_empty_selection_says_so(app_page):
    open_at(
        app_page, DESKTOP, "monitoring", period="2025-12", parks="jiutai_tcm", sectors="devices"
    )
    app_page.expect_text("2025年12月 九台中古医药产业园 × 医疗器械 没有监测指标数据。")
    app_page.assert_healthy()
    app_page.screenshot("monitoring_empty_zh_1440")


def test_goals_by_its_name_opens_the_goals_page_with_the_same_view(app_page):
    # /goals, the page's own name, typed or shared (Streamlit serves the default page only at /).
    # The root first: a server's very first session routes by pages/ files (see
    # ccbio/streamlit_private.py) and would find pages/goals.py where later sessions do not.
    open_at(app_page, DESKTOP, "", lang="en")
    open_at(app_page, DESKTOP, "goals", period=PERIOD, lang="en")
    app_page.expect_text("Goals")
    app_page.page.wait_for_selector('[class*="st-key-goal_card_srdi"]')
    app_page.assert_healthy()  # no "Page not found"
    url = urlparse(app_page.page.url)
    assert url.path == "/" and parse_qs(url.query) == {"period": [PERIOD], "lang": ["en"]}


CHART_OVERFLOW = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stVegaLiteChart"] :is(canvas, svg.marks)')]
    .map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && (r.left < 0 || r.right > window.innerWidth + 1))
    .map(r => [Math.round(r.left), Math.round(r.right)])"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monitoring_charts_fit_a_phone(app_page, lang):
    # the pace panels were a facet of three 230-px panels: cut at a phone's right edge
    open_at(app_page, PHONE, "monitoring", period="2025-12", lang=lang)
    charts = app_page.page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):  # drawn once on screen
        charts.nth(i).scroll_into_view_if_needed()
    app_page.page.wait_for_function(
        """n => document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]'
            + ' :is(canvas, svg.marks)').length === n""",
        arg=charts.count(),
    )
    app_page.assert_healthy()
    assert app_page.page.evaluate(CHART_OVERFLOW) == []
    panels = app_page.page.locator('.st-key-pace_panels [data-testid="stVegaLiteChart"]')
    boxes = [panels.nth(i).bounding_box() for i in range(6)]
    assert len({round(b["x"]) for b in boxes}) == 1  # one panel a row
    app_page.screenshot(f"monitoring_{lang}_390")
