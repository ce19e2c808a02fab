"""The planner's loop in Chromium (issue 13): map → park → stalled project → its history → open a
follow-up with a deadline; a week later, after a server restart, it is overdue and escalated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ccbio import data
from ccbio.followups import warnings
from ccbio.formatting import format_month
from tests.browser.helpers import AppPage, running_app, screen_xy, sign_in
from tests.samples import amber_project

STALLED = amber_project("edz")  # stalled in 经开区: amber in the newest two snapshots
OPENED_ON, A_WEEK_LATER = "2026-12-01", "2026-12-09"


def _server(tmp_path, today: str):
    # the run's operational store (tests/conftest.py) and cookie key, so sign_in works; only
    # "today" differs between the two servers
    os.environ.setdefault("CCBIO_SESSION_SECRET", os.urandom(32).hex())
    return running_app(tmp_path / f"server-{today}.log", env=os.environ | {"CCBIO_TODAY": today})


def _tab(browser, base_url: str) -> AppPage:
    context = browser.new_context(viewport={"width": 1500, "height": 2400}, locale="zh-CN")
    sign_in(context, base_url)
    return AppPage(context.new_page(), base_url)


def _click_park_on_map(app: AppPage, park_id: str) -> None:
    import json

    from ccbio import maps

    summary = data.park_summary(data.latest_period())
    points = maps.park_points(summary, "output_value_yi", [{}] * len(summary))
    view = json.loads(
        maps.park_map(points, {"type": "FeatureCollection", "features": []}).to_json()
    )["initialViewState"]
    park = summary.set_index("park_id").loc[park_id]
    canvas = app.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=90_000)
    for _ in range(30):  # deck.gl settles a little after the element appears: click until picked
        box = canvas.bounding_box()
        if box is None:  # re-rendered between the wait and now: measure again
            continue
        x, y = screen_xy(box, view, park["lon"], park["lat"])
        app.page.mouse.click(x, y)
        # the pick reruns the script, which then writes the filter into the URL; wait for that run
        # to end before clicking again: a second click on a picked park (multi-object) unpicks it
        try:
            app.page.wait_for_url(f"**parks={park_id}**", timeout=3000)
            return
        except PlaywrightTimeout:
            app.wait_idle()
            if f"parks={park_id}" in app.page.url:
                return
    pytest.fail(f"clicking {park_id} on the map did not pick it")


def _open_from_warnings(app: AppPage, project_id: str) -> AppPage:
    """Click the project's link in the park page's warnings table; return the tab it opens."""
    from ccbio import alerts, rules, text_table
    from ccbio.drilldown import park as pk
    from ccbio.drilldown import tables

    period, ruleset = data.latest_period(), rules.current()
    stalled = data.stalled_projects(
        period, ("edz",), limits=alerts.stall_limits(ruleset), limit=500
    )
    found = pk.park_warnings(stalled, data.park_last_new_project(period), "edz", period, ruleset)
    row = list(found["subject_id"]).index(project_id)
    frame, _ = tables.park_warning_table(found, "zh", period)
    height = text_table.rows_height(frame, {"reason": 400}) or 35  # the page wraps the reasons
    grid = app.page.locator('[data-testid="stDataFrame"]').nth(
        3
    )  # stage, flags, indicators, warnings
    grid.scroll_into_view_if_needed()
    # the grid is drawn on a canvas after the element appears; its accessible rows say it is drawn
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    box = grid.bounding_box()
    app.page.mouse.move(box["x"] + 200, box["y"] + 60)
    app.page.mouse.wheel(0, row * height)  # bring the row to the top (as far as the grid scrolls)
    app.page.wait_for_timeout(500)
    scrolled = grid.locator(".dvn-scroller").evaluate("e => e.scrollTop")
    y = box["y"] + text_table.HEADER_PX + row * height - scrolled + height / 2
    for x in range(120, 420, 25):  # the subject column follows the narrow warning column
        try:
            with app.page.context.expect_page(timeout=1500) as tab:
                app.page.mouse.click(box["x"] + x, y)
        except Exception:  # not on the link yet
            continue
        opened = AppPage(tab.value, app.base_url)
        opened.wait_idle()
        return opened
    pytest.fail("no link opened from the park's warnings table")


@pytest.mark.timeout(900)
def test_from_the_map_to_an_overdue_follow_up(browser, tmp_path):
    with _server(tmp_path, OPENED_ON) as base:
        app = _tab(browser, base)
        app.open("park_map")
        _click_park_on_map(app, "edz")
        app.wait_idle()
        app.page.get_by_role("link", name="打开“经开区”园区档案").click()
        app.page.wait_for_url("**/park?*")
        app.wait_idle()
        app.expect_text("项目按阶段")
        app.expect_text("当前预警")
        app.screenshot("i13_park_zh")
        app.assert_healthy()
        app = _open_from_warnings(app, STALLED)  # a click on the project in the park's warnings
        assert f"project={STALLED}" in app.page.url
        app.expect_text("阶段时间线")
        app.expect_text("节点计划与实际")
        app.expect_text("预警记录")
        app.screenshot("i13_project_zh")
        # who acts is the signed-in account (the browser tests sign in as the demo data admin)
        who = app.page.get_by_role("textbox", name="经办人（当前账号）")
        assert who.input_value() == "demo_admin" and who.is_disabled()
        day = app.page.get_by_role("spinbutton", name="day, 办结期限")
        day.click()
        app.page.keyboard.type("07")
        app.page.keyboard.press("Tab")
        app.wait_idle()
        app.page.get_by_role("textbox", name="说明").first.fill(
            "请经开区项目推进三组一周内报送开工推进方案"
        )
        app.page.get_by_role("button", name="发起督办").click()
        app.expect_text("督办事项，期限 2026年12月7日")
        app.wait_idle()
        app.screenshot("i13_project_opened_zh")
        app.assert_healthy()

    # a week later, a new server process on the same store
    with _server(tmp_path, A_WEEK_LATER) as base:
        app = _tab(browser, base)
        app.open("followups", lang="en")
        app.expect_text("Overdue")
        app.page.get_by_text("Overdue only").click()
        app.wait_idle()
        app.screenshot("i13_followups_later_en")
        app.open("project", project=STALLED, lang="en")
        app.expect_text("past its deadline 7 Dec 2026 (2 working days late)")
        # amber in the two newest snapshots, and now overdue: 一般督办 rose two levels
        latest, previous = warnings.latest_two()
        app.expect_text(
            f"amber in two snapshots in a row ({format_month(previous, 'en')}, {format_month(latest, 'en')})"
        )
        app.expect_text("Top-level follow-up")
        # the history grid draws on a canvas; its cells are also in the accessible table
        # (filled in after the script run ends: wait for the cell rather than count at once)
        app.page.locator('[role="gridcell"]', has_text="demo_admin").first.wait_for(
            state="attached", timeout=60_000
        )
        app.screenshot("i13_project_later_en")
        app.open("project", project=STALLED)
        app.expect_text("已超过期限 2026年12月7日（逾期 2 个工作日）")
        app.expect_text("挂牌督办")
        app.screenshot("i13_project_later_zh")
        app.assert_healthy()
    assert (Path(os.environ["CCBIO_STATE_DIR"]) / "ccbio.sqlite3").is_file()
