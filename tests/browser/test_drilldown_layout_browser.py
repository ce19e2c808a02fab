"""The project and firm pages at 1440 px in English, the longer language: no figure or link cut
short with an ellipsis, every stage of the timeline on its own row (issue 13)."""

from __future__ import annotations

CUT = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText)"""


def test_the_project_page_shows_its_stage_park_and_firm_whole(app_page):
    app_page.page.set_viewport_size({"width": 1440, "height": 1400})
    app_page.open("project", project="P0449", lang="en")  # commissioning, in 经开区, a firm
    app_page.expect_text("Sponsor")
    assert app_page.page.evaluate(CUT, '[data-testid="stMetricValue"] div') == []
    assert app_page.page.evaluate(CUT, '[data-testid="stPageLink"] p') == []
    app_page.assert_healthy()
    app_page.screenshot("project_top_en")
