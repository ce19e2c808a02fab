"""Every dashboard page in headless Chromium, in Chinese and English: key figures visible, no error
box, no request leaving localhost, a screenshot per page in artifacts/screenshots/."""

from __future__ import annotations

import pytest

from ccbio import data
from ccbio.formatting import format_count

PERIOD = "2023-12"
PATHS = {"goals": ""}  # the default page is served at the root


def goal_figure(lang: str) -> str:
    goals = data.goal_progress(PERIOD).set_index("target_code")
    return format_count(goals.loc["enterprises", "value"], lang, "firms")


# page -> language -> texts that must be visible (figures from the data or the published record)
EXPECTED = {
    "goals": {
        "zh": ["目标进度：双十双百双千", "演示数据", "定义"],
        "en": ["Goals: the 2025 targets", "Demo data"],
    },
    "park_map": {
        "zh": ["园区地图：一核一心三极多园", "近似位置"],
        "en": ["Park map", "approximate"],
    },
    "pipeline": {
        "zh": [
            "541个",
            "329个",
            "116个",
            "3,000亿元以上",
            "460.00亿元",
            "420.00亿元",
            "76.68亿元",
            "34.00亿元",
            "公开数据",
        ],
        "en": ["541", "over 3,000 (100m yuan)", "76.68 (100m yuan)", "Published figure"],
    },
    "sectors": {
        "zh": ["产业领域：八大工程", "生物药提质升级工程"],
        "en": ["Sectors: the eight programmes", "Biologics"],
    },
    "lists": {
        "zh": ["龙头企业清单", "下载 Excel（.xlsx）", "下载 CSV"],
        "en": ["Leading enterprises", "Download CSV"],
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_renders_offline(app_page, page, lang):
    app_page.open(PATHS.get(page, page), period=PERIOD, lang=lang)
    for text in EXPECTED[page][lang]:
        app_page.expect_text(text)
    if page == "goals":
        app_page.expect_text(goal_figure(lang))
    if page == "park_map":  # deck.gl draws into a canvas inside the chart element
        canvas = app_page.page.locator('[data-testid="stDeckGlJsonChart"] canvas')
        canvas.first.wait_for(state="attached")  # drawn after the script run ends
        assert canvas.count() >= 1
    if page == "goals":  # the cards' sparklines are inline SVG, drawn with the cards
        assert app_page.page.locator(".goal-sparkline svg polyline").count() >= 6
    if page in ("pipeline", "sectors"):
        charts = app_page.page.locator('[data-testid="stVegaLiteChart"]')
        charts.nth(1).wait_for(state="attached")  # Vega mounts after the script run ends
        assert charts.count() >= 2
    app_page.assert_healthy()
    app_page.screenshot(f"{page}_{lang}")


def test_filters_survive_a_page_switch(app_page):
    app_page.open("pipeline", period=PERIOD, parks="edz", lang="en")
    app_page.page.get_by_role("link", name="Park map").click()
    app_page.page.wait_for_url("**/park_map?*")
    app_page.wait_idle()
    app_page.expect_text("Park filter: Economic & Technological Development Zone")
    url = app_page.page.url
    assert "period=2023-12" in url and "parks=edz" in url and "lang=en" in url
    app_page.assert_healthy()


def test_bad_url_value_shows_a_notice(app_page):
    app_page.open("", period="2099-99", parks="edz;drop")
    app_page.expect_text("网址参数 period 的值 2099-99 无效")
    app_page.assert_healthy()
    app_page.screenshot("bad_url_notice")
