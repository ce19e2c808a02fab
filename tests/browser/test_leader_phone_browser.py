"""The leader pages on a phone (390 px), in headless Chromium: no label cut short with an ellipsis."""

from __future__ import annotations

import pytest

PHONE = (390, 844)
# text cut with an ellipsis: an element narrower than its text
CUT_LABELS = """sel => [...document.querySelectorAll(sel)]
    .flatMap(e => [e, ...e.querySelectorAll('*')])
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent)"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_counts_read_whole_on_a_phone(app_page, lang):
    app_page.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    app_page.page.goto(f"{app_page.base_url}/compare?lang={lang}")
    app_page.page.wait_for_selector('.st-key-compare_counts [data-testid="stMetricLabel"]')
    app_page.wait_idle(sidebar=False)
    app_page.assert_healthy()
    labels = app_page.page.locator('.st-key-compare_counts [data-testid="stMetricLabel"]')
    assert labels.count() == 6
    assert (
        app_page.page.evaluate(CUT_LABELS, '.st-key-compare_counts [data-testid="stMetricLabel"]')
        == []
    )
