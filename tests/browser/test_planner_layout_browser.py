"""The planner pages read whole on a phone (390 px) and a laptop, in English, the longer language:
no chart label or legend runs past a chart's right edge (issue 10, point 10)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import chart_texts_cut


@pytest.mark.parametrize("width", [390, 1440])
def test_the_pipeline_funnel_labels_end_inside_the_chart(app_page, width):
    app_page.page.set_viewport_size({"width": width, "height": 1200})
    # '295 projects · 2,206.70 (100m yuan)'; a phone's sidebar starts collapsed
    app_page.page.goto(f"{app_page.base_url}/pipeline?period=2025-12&lang=en")
    app_page.wait_idle(sidebar=width > 500)
    assert chart_texts_cut(app_page.page, 0) == []  # the funnel is the page's first chart
    app_page.assert_healthy()
    app_page.screenshot(f"pipeline_funnel_{width}_en")
