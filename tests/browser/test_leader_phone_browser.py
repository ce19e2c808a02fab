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


@pytest.mark.parametrize("view", ["targets", "parks"])
def test_the_wall_screen_reads_on_a_phone(app_page, view):
    page = app_page.page
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(f"{app_page.base_url}/kiosk?view={view}&lang=en")
    page.wait_for_selector(".kiosk-tile")
    app_page.wait_idle(sidebar=False)
    app_page.assert_healthy()
    # room-sized type took four lines a figure on a phone ('11 / firms')
    size = page.locator(".kiosk-value").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size <= 44
    if view == "parks":  # the phone's map, inside the screen: the wall's map cut names at its edges
        decks = [
            d for d in page.locator('[data-testid="stDeckGlJsonChart"]').all() if d.is_visible()
        ]
        assert len(decks) == 1
        box = decks[0].bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
        assert (
            decks[0]
            .locator("xpath=ancestor::*[contains(@class, 'st-key-kiosk_map_phone')]")
            .count()
        )
