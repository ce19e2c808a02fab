"""The park map in Chromium: a tooltip in the chosen language on hover, and a click on a park sets
the park filter that the other pages use."""

from __future__ import annotations

import json

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ccbio import data, maps
from tests.browser.helpers import screen_xy


def core_park_position(app_page) -> tuple[float, float]:
    summary = data.park_summary("2023-12")
    points = maps.park_points(summary, "output_value_yi", [{}] * len(summary))
    view = json.loads(
        maps.park_map(points, {"type": "FeatureCollection", "features": []}).to_json()
    )["initialViewState"]
    core = summary.set_index("park_id").loc["yongchun"]
    canvas = app_page.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    return screen_xy(canvas.bounding_box(), view, core["lon"], core["lat"])


def hover_core_park(app_page, tooltip) -> tuple[float, float]:
    """Hover 永春 until the wide deck shows its tooltip; return where the pointer is."""
    for attempt in range(40):  # deck.gl draws (and the layout settles) a little after the element
        x, y = core_park_position(app_page)
        app_page.page.mouse.move(x + attempt % 3, y)
        try:
            tooltip.wait_for(state="visible", timeout=500)  # returns as soon as it shows
            return x + attempt % 3, y
        except PlaywrightTimeout:
            continue
    raise AssertionError("no tooltip over 永春 after 40 tries")


def test_tooltip_and_pick(app_page):
    app_page.open("park_map", period="2023-12")
    tooltip = app_page.page.locator(".st-key-park_map_wide .deck-tooltip")  # the wide deck's
    x, y = hover_core_park(app_page, tooltip)
    text = tooltip.inner_text()
    assert "永春现代生物医药城" in text and "近似位置" in text
    app_page.screenshot("park_map_tooltip_zh")
    picked = app_page.page.get_by_text("当前园区筛选：永春现代生物医药城", exact=False).first
    for _ in range(3):  # a click while deck.gl redraws (1 run in ~5 here, under load) picks nothing
        app_page.page.mouse.click(x, y)
        try:
            picked.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            x, y = hover_core_park(app_page, tooltip)
    app_page.expect_text("当前园区筛选：永春现代生物医药城")
    assert "parks=yongchun" in app_page.page.url
    app_page.page.get_by_role("link", name="五个一批").click()
    app_page.page.wait_for_url("**/pipeline?*")
    app_page.wait_idle()
    assert "period=2023-12" in app_page.page.url  # the filters travel with the user
    expected = data.pipeline_by_stage("2023-12", ["yongchun"])["projects"].sum()
    app_page.expect_text(f"{expected:,}个")
    app_page.assert_healthy()


def test_table_pick_filters_too(app_page):
    app_page.open("park_map", period="2023-12", lang="en")
    table = app_page.page.locator('[data-testid="stDataFrame"]').first
    # the grid is drawn on a canvas after the element appears; its accessible rows say it is drawn
    table.locator('[role="gridcell"]').first.wait_for(state="attached")
    box = table.bounding_box()
    # glide-data-grid: a 35-px header row, then rows as tall as the page asks (long park names
    # wrap); the selection checkbox sits in column 0
    from ccbio import data, text_table
    from ccbio import park_map_view as pmv

    rows = pmv.table(data.park_summary("2023-12"), "en")
    row = text_table.rows_height(rows, {"park": pmv.PARK_COLUMN_PX}) or 35
    app_page.page.mouse.click(box["x"] + 16, box["y"] + 35 + row * 2 + row / 2)  # third: the ETDZ
    app_page.page.wait_for_url("**parks=edz**")
    app_page.expect_text("Park filter: Economic & Technological Development Zone")
    app_page.assert_healthy()


def test_a_phone_gets_the_map_that_holds_every_park_and_a_laptop_the_wide_one(app_page):
    """pydeck opens at a fixed zoom: the page draws two decks and shows one by screen width, the
    phone's (every park, 九台 too, without panning) below 640 px, the wide one above."""
    for width, shown, hidden in ((390, "phone", "wide"), (1440, "wide", "phone")):
        app_page.page.set_viewport_size({"width": width, "height": 1200})
        app_page.page.goto(f"{app_page.base_url}/park_map?period=2023-12")
        app_page.page.wait_for_selector('[data-testid="stMain"] h1')
        app_page.wait_idle(sidebar=False)
        canvas = app_page.page.locator(f".st-key-park_map_{shown} canvas").first
        canvas.wait_for(state="visible")
        assert canvas.bounding_box()["width"] <= width
        assert app_page.page.locator(f".st-key-park_map_{hidden}").is_hidden()
        app_page.assert_healthy()
    app_page.screenshot("park_map_wide_after_phone")
