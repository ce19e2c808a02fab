"""The 双单 downloads in Chromium: the .xlsx and .csv files carry Chinese headers and the rows shown."""

from __future__ import annotations

import io

import pandas as pd

from ccbio import data


def test_downloads_have_chinese_headers(app_page, tmp_path):
    app_page.open("lists", period="2023-12", parks="edz", lang="en")
    expected = data.leading_enterprises("2023-12", ["edz"])
    with app_page.page.expect_download() as xlsx_download:
        app_page.page.get_by_role("button", name="Download Excel (.xlsx)").first.click()
    assert xlsx_download.value.suggested_filename == "龙头企业清单_2023-12.xlsx"
    xlsx = xlsx_download.value.path().read_bytes()
    firms = pd.read_excel(io.BytesIO(xlsx), sheet_name="龙头企业清单")
    assert list(firms.columns[:4]) == ["企业编号", "企业名称", "所在园区", "产业领域"]
    assert firms["企业编号"].tolist() == expected["enterprise_id"].tolist()
    assert set(firms["演示数据"]) <= {"是", "否"}
    with app_page.page.expect_download() as csv_download:
        app_page.page.get_by_role("button", name="Download CSV").first.click()
    raw = csv_download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert (
        pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")["企业名称"].tolist()
        == expected["name_zh"].tolist()
    )
    app_page.assert_healthy()
