"""Real browser: the final assessment in zh and en (briefing download included) and the wall screen
at 1920×1080 — no error, no request off localhost, screenshots saved."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

from ccbio import kiosk
from ccbio.i18n import t
from tests.browser.helpers import PAGE_TIMEOUT_MS, ROOT, AppPage, running_app, sign_in


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assessment_page_in_the_browser(app_page, lang):
    app_page.open("assessment", lang=lang)
    verdict = "计划期末（2025年12月）" if lang == "zh" else "End of the plan (Dec 2025)"
    app_page.expect_text(verdict)
    app_page.assert_healthy()
    app_page.screenshot(f"assessment_{lang}")


def test_briefing_downloads_from_the_assessment_page(app_page, tmp_path):
    app_page.open("assessment")
    app_page.expect_text("计划期末（2025年12月）")
    with app_page.page.expect_download(timeout=120_000) as download:
        app_page.page.get_by_text("下载专报（PDF）").first.click()
    path = tmp_path / "b.pdf"
    download.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == "专报_2026-11.pdf"
    app_page.assert_healthy()


@pytest.mark.parametrize(
    ("view", "lang"), [(v, lang) for lang in ("zh", "en") for v in kiosk.VIEWS]
)
def test_kiosk_at_1920_by_1080(app_page, view, lang):
    page = app_page.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_page.base_url}/kiosk?view={view}&lang={lang}")
    # the title element itself: in English the hidden sidebar's "Wall screen" link also matches
    # the words and comes first in the page, so waiting for any visible match of them failed
    expect(page.locator(".kiosk-title")).to_have_text(
        t("kiosk.title", lang), timeout=PAGE_TIMEOUT_MS
    )
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0"""
    )
    page.wait_for_selector(".kiosk-tile")  # every view draws its tiles (targets, counts, parks)
    if view == "targets":
        expect(page.locator(".kiosk-tile")).to_have_count(6, timeout=PAGE_TIMEOUT_MS)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # no sidebar on the wall
    title = page.locator(".kiosk-title").first
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 40
    background = page.locator('[data-testid="stApp"]').evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(11, 20, 36)"  # the dark theme
    app_page.assert_healthy()
    app_page.screenshot(f"kiosk_{view}_{lang}")


def test_kiosk_picks_up_a_new_period_without_a_reload(browser, streamlit_server, tmp_path):
    """A wall screen left open shows a snapshot written after it was opened, at its next refresh."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "reference", data_dir / "reference")
    shutil.copytree(
        ROOT / "data" / "snapshots" / "period=2026-10", data_dir / "snapshots" / "period=2026-10"
    )
    # streamlit_server set the cookie key in the environment, so the second server accepts sign_in
    env = {**os.environ, "CCBIO_DATA_DIR": str(data_dir)}
    with running_app(tmp_path / "server.log", env) as base_url:
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        sign_in(context, base_url, "demo_leader")  # a wall screen signs in once, as a leader
        page = context.new_page()
        tab = AppPage(page, base_url)
        page.goto(f"{base_url}/kiosk?view=targets")
        tab.expect_text("数据期：2026年10月")
        shutil.copytree(
            ROOT / "data" / "snapshots" / "period=2026-11",
            data_dir / "snapshots" / "period=2026-11",
        )
        # no reload: the fragment's timer reruns it and it reads the newest period
        expect(page.get_by_text("数据期：2026年11月").first).to_be_visible(
            timeout=(3 * kiosk.REFRESH_S + 30) * 1000
        )
        tab.assert_healthy()
        tab.screenshot("kiosk_new_period")
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printing_the_assessment_keeps_every_table_column_on_the_page(app_page, tmp_path, lang):
    """Ctrl+P (Chromium's print to PDF): the tables' last columns are on the A4 pages (the canvas
    tables were cut at the right edge), the sidebar and the download buttons are not."""
    import subprocess

    from ccbio import assessment_report as ar

    app_page.open("assessment", lang=lang)
    app_page.page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, svg.marks')
    pdf = tmp_path / "printed.pdf"
    app_page.page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = "".join(text.split())
    rep = ar.report("2026-11")
    for frame in (ar.targets_frame(rep, lang), ar.stalled_frame(rep, lang)):
        last = frame.columns[-1]
        assert "".join(last.split()) in squashed, last  # the rightmost header
        assert "".join(str(frame[last].iloc[0]).split()) in squashed  # and its first cell
    assert t("kiosk.nav", lang) not in text  # no sidebar navigation (its 大屏 link)
    assert "".join(t("assessment.download_pdf", lang).split()) not in squashed  # no buttons


# words of the on-screen HTML tables drawn on more than one line (a word cut in two)
BROKEN_WORDS = """() => {
    const out = [];
    document.querySelectorAll('.ccbio-table:not(.ccbio-print-table) td').forEach(td => {
        const text = td.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) return;
        for (const m of text.data.matchAll(/[A-Za-z]{4,}/g)) {
            const range = document.createRange();
            range.setStart(text, m.index);
            range.setEnd(text, m.index + m[0].length);
            if (range.getClientRects().length > 1) out.push(m[0]);
        }
    });
    return out;
}"""


def test_the_assessment_table_keeps_whole_words_on_a_phone(app_page):
    app_page.page.set_viewport_size({"width": 390, "height": 844})
    app_page.page.goto(f"{app_page.base_url}/assessment?lang=en")
    app_page.page.wait_for_selector(".ccbio-table:not(.ccbio-print-table) td")
    app_page.wait_idle(sidebar=False)
    app_page.assert_healthy()
    assert app_page.page.evaluate(BROKEN_WORDS) == []
