"""The 督办单 download on the follow-ups page is written when clicked (issue 15: not on every rerun)
and is the workbook of the items listed: Chinese headers, one row per item, the note sheet."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.browser


def test_the_follow_up_sheet_downloads_when_clicked(app_page):
    app = app_page.open("followups")
    app.assert_healthy()
    caption = app.page.get_by_text(re.compile(r"^共 [\d,]+ 项$")).first.inner_text()
    shown = int(caption.removeprefix("共 ").removesuffix(" 项").replace(",", ""))
    with app.page.expect_download() as download:
        app.page.get_by_text("下载督办单（Excel）").click()
    assert download.value.suggested_filename.startswith("督办单_")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["督办单"]
    header = [c.value for c in sheet[1]]
    assert header and all(isinstance(h, str) and h for h in header)
    assert sheet.max_row - 1 == shown > 0  # one row per item listed (opened automatically)
    assert len(book.sheetnames) == 2  # the table and its note
    app.wait_idle()
    app.assert_healthy()
