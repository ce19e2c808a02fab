"""Monitoring, compare and admin pages in headless Chromium: figures and alerts visible, the revision
of a preliminary month, and a ledger upload end to end (rejected, then written, then shown) on a
server of its own that runs on a copy of the data, so the committed data/ is never written."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser.helpers import ROOT, AppPage, running_app, sign_in
from tests.ledgers import INDICATORS, PROJECT_HEADER, tree_hash


@pytest.mark.parametrize(
    "lang, texts",
    [
        (
            "zh",
            [
                "统计监测预警",
                "重点指标监测台账",
                "医药工业产值",
                "对照时间进度：2025年目标",
                "红色预警",
                "黄色预警",
            ],
        ),
        (
            "en",
            [
                "Monitoring and early warning",
                "Pharma industrial output",
                "Red alerts",
                "Against time elapsed: the 2025 targets",
            ],
        ),
    ],
)
def test_monitoring_page(app_page, lang, texts):
    app_page.open("monitoring", period="2025-12", lang=lang)
    for text in texts:
        app_page.expect_text(text)
    assert app_page.page.locator('[data-testid="stVegaLiteChart"]').count() >= 3
    app_page.assert_healthy()
    app_page.screenshot(f"monitoring_{lang}")


def test_compare_page_shows_the_revised_preliminary_month(app_page):
    app_page.open("compare", period="2024-06")
    app_page.expect_text("修订数字")
    app_page.page.get_by_role("tab", name="数字修订").click()
    app_page.expect_text("同一月份在两期快照中的数值不同即为修订")
    assert app_page.page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    app_page.assert_healthy()
    app_page.screenshot("compare_2024-05_2024-06")


@pytest.fixture(scope="module")
def tmp_data_server(tmp_path_factory):
    """A second app server whose CCBIO_DATA_DIR is a copy of data/ (last snapshots only)."""
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(ROOT / "data" / "reference", data_dir / "reference")
    for period in ("2025-11", "2025-12"):
        shutil.copytree(
            ROOT / "data" / "snapshots" / f"period={period}",
            data_dir / "snapshots" / f"period={period}",
        )
    env = {**os.environ, "CCBIO_DATA_DIR": str(data_dir)}
    with running_app(data_dir.parent / "server.log", env) as base_url:
        yield base_url, data_dir


def test_ledger_upload_end_to_end(browser, tmp_data_server, tmp_path):
    base_url, data_dir = tmp_data_server
    repo_before = tree_hash(ROOT / "data" / "snapshots")
    bad, good_p, good_i = (
        tmp_path / "bad.csv",
        tmp_path / "projects.csv",
        tmp_path / "indicators.csv",
    )
    bad.write_text(
        PROJECT_HEADER
        + "\n,新项目甲,火星园区,医疗器械,谋划,3,,,\n,新项目乙,经开区,医疗器械,谋划,-2,,,\n",
        encoding="utf-8",
    )
    good_p.write_bytes(
        (PROJECT_HEADER + "\n,长春示例浏览器项目,经开区,医疗器械,洽谈,6.5,,,\n").encode("gbk")
    )
    good_i.write_text(INDICATORS, encoding="utf-8")
    context = browser.new_context(
        viewport={"width": 1500, "height": 2000}, locale="zh-CN", accept_downloads=True
    )
    sign_in(context, base_url)  # as the demo data administrator (issue 14)
    try:
        app = AppPage(context.new_page(), base_url)
        app.open("admin")
        with app.page.expect_download() as download:
            app.page.get_by_text("空白 Excel 模板").click()
        assert download.value.suggested_filename == "ledgers_template.xlsx"

        app.page.locator("input[type=file]").set_input_files([str(bad)])
        app.wait_idle()
        app.page.get_by_role("button", name="校验（不写入）").click()
        app.wait_idle()
        app.expect_text("未写入任何数据")
        app.expect_text("未知园区“火星园区”")
        app.expect_text("金额应大于 0，收到 -2")
        app.screenshot("adminrejected")
        assert sorted(p.name for p in (data_dir / "snapshots").iterdir()) == [
            "period=2025-11",
            "period=2025-12",
        ]

        app.open("admin")  # a fresh session: the uploader would otherwise add to the bad file
        app.page.locator("input[type=file]").set_input_files([str(good_p), str(good_i)])
        app.wait_idle()
        app.page.get_by_role("button", name="校验（不写入）").click()
        app.wait_idle()
        app.expect_text("校验通过")
        app.page.get_by_role("button", name="3. 确认写入 2026年1月").click()
        app.wait_idle()
        app.expect_text("已写入 2026年1月")
        app.screenshot("admin_written")
        assert (data_dir / "snapshots" / "period=2026-01" / "projects.parquet").is_file()

        app.page.get_by_role("link", name="监测预警").click()
        app.wait_idle()
        app.expect_text("医药工业产值 · 2026年1月")
        app.page.get_by_role("link", name="快照对比").click()
        app.wait_idle()
        # st.dataframe draws its cells on a canvas; the accessible grid holds the text ("hidden")
        cell = app.page.locator("[role=gridcell]", has_text="长春示例浏览器项目")
        cell.first.wait_for(state="attached")  # the grid fills in after the script run ends
        assert cell.count() >= 1
        app.assert_healthy()
        app.screenshot("compare_after_ingest")
    finally:
        context.close()
    assert tree_hash(ROOT / "data" / "snapshots") == repo_before
