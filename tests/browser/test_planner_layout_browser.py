"""The planner pages read whole on a phone (390 px) and a laptop, in English, the longer language:
no chart label or legend runs past a chart's right edge (issue 10, point 10)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import chart_texts_cut


def open_at(app_page, width: int, path: str) -> None:
    """Open `path` in a window `width` px wide (a phone's sidebar starts collapsed)."""
    app_page.page.set_viewport_size({"width": width, "height": 1200})
    app_page.page.goto(f"{app_page.base_url}/{path}")
    app_page.wait_idle(sidebar=width > 500)


@pytest.mark.parametrize("width", [390, 1440])
def test_the_pipeline_funnel_labels_end_inside_the_chart(app_page, width):
    # a label such as '295 projects · 2,206.70 (100m yuan)'
    open_at(app_page, width, "pipeline?period=2025-12&lang=en")
    assert chart_texts_cut(app_page.page, 0) == []  # the funnel is the page's first chart
    app_page.assert_healthy()
    app_page.screenshot(f"pipeline_funnel_{width}_en")


@pytest.mark.parametrize("width", [390, 1440])
def test_the_park_indicator_legend_names_every_indicator_whole(app_page, width):
    open_at(app_page, width, "park?park=yongchun&lang=en")  # 'Pharma-distribution revenue'
    assert chart_texts_cut(app_page.page, 0) == []  # the park's indicators: its first chart
    app_page.assert_healthy()
    app_page.screenshot(f"park_indicators_{width}_en")


def test_the_sector_output_chart_keeps_its_axis_title_on_a_phone(app_page):
    open_at(
        app_page, 390, "sectors?lang=en"
    )  # 'Output / revenue (last 12 months, 100m yua' was cut
    assert chart_texts_cut(app_page.page, 0) == []
    app_page.assert_healthy()


METRICS_CUT = """() => [...document.querySelectorAll('[data-testid="stMetricValue"] div')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText)"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_follow_up_items_figures_are_read_whole(app_page, lang):
    open_at(app_page, 1440, f"followups?lang={lang}")  # the first item's panel: its deadline
    # four counts at the top, then the item's level, status, deadline and working days
    app_page.page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 8"
    )
    assert app_page.page.evaluate(METRICS_CUT) == []  # 2026年12月8日 was cut to 2026年12…
    app_page.assert_healthy()


UPLOADER_WORDS = """() => {
    const drawn = (el) => getComputedStyle(el).fontSize === '0px'
        ? getComputedStyle(el, '::after').content.replace(/"/g, '') : el.innerText;
    const zone = document.querySelector('[data-testid="stFileUploaderDropzone"]');
    return [zone.querySelector('button [data-testid="stMarkdownContainer"] p'),
            zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span')]
        .map(drawn);
}"""


def test_the_upload_box_reads_in_chinese(app_page):
    open_at(app_page, 1440, "admin?lang=zh")  # Streamlit draws 'Upload' and '10MB per file'
    app_page.page.wait_for_selector('[data-testid="stFileUploaderDropzone"]')
    assert app_page.page.evaluate(UPLOADER_WORDS) == ["上传", "每个文件不超过 10MB"]
    app_page.assert_healthy()


CUT_TEXT = """() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"] div, [data-testid="stPageLink"] p')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText)"""


@pytest.mark.parametrize("width", [390, 1440])
def test_a_firms_park_sector_output_and_chart_read_whole(app_page, width):
    # a long English park name (Changchun High&New Big-Health Industrial Park)
    open_at(app_page, width, "firm?firm=E0003&lang=en")
    app_page.expect_text("BCHT Biotechnology")
    assert app_page.page.evaluate(CUT_TEXT) == []
    assert chart_texts_cut(app_page.page, 0) == []  # the output line's axis title
    app_page.assert_healthy()


@pytest.mark.parametrize("width", [390, 1440])
def test_a_projects_investment_chart_keeps_its_axis_title(app_page, width):
    open_at(app_page, width, "project?project=P0331&lang=en")  # 'Investment (100m yuan)' was cut
    app_page.expect_text("Planned investment over time")
    assert chart_texts_cut(app_page.page, 1) == []  # after the stage timeline
    app_page.assert_healthy()


FILTER_KEYS = ("fu_parks", "fu_units", "fu_statuses", "fu_levels", "fu_overdue")
FILTER_TEXTS_CUT = (
    "() => [...document.querySelectorAll('"
    + ", ".join(f".st-key-{k} *" for k in FILTER_KEYS)
    + """')]
    .filter(e => e.children.length === 0 && e.innerText && e.offsetParent !== null
                 && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText)"""
)


def test_the_follow_up_filters_read_whole_beside_the_sidebar(app_page):
    # in five fixed columns at 900 px: 'In progress' cut to 'In prog…', 'Overdue only' to 'O'
    open_at(app_page, 900, "followups?lang=en")
    app_page.page.wait_for_selector(".st-key-fu_overdue")
    assert app_page.page.evaluate(FILTER_TEXTS_CUT) == []
    app_page.assert_healthy()
