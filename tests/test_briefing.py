"""The 专报 briefing: A4 PDF with the page's figures and embedded Chinese font, vector charts, the demo
label on every page; a Word file that LibreOffice opens; the `ccbio briefing` command.

Needs poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages), fonts-noto-cjk and
libreoffice-writer-nogui (soffice) from Debian.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from ccbio import assessment_report as ar
from ccbio import briefing
from ccbio.cli import main

PERIOD = "2025-12"
pytestmark = pytest.mark.slow  # Typst, LibreOffice and poppler in subprocesses: seconds each


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: apt-get install poppler-utils libreoffice-writer-nogui"
    return path


def _squash(text: str) -> str:
    """Drop whitespace: table cells wrap inside a PDF, so figures are compared without it."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf_zh(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "briefing.pdf"
    path.write_bytes(briefing.make(PERIOD, "zh", "pdf"))
    return path


@pytest.fixture(scope="module")
def docx_zh(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "briefing.docx"
    path.write_bytes(briefing.make(PERIOD, "zh", "docx"))
    return path


def _pdftotext(path, *args) -> str:
    return subprocess.run(
        [_tool("pdftotext"), *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_text_holds_the_assessment_pages_figures(pdf_zh):
    text = _squash(_pdftotext(pdf_zh))
    rep = ar.report(PERIOD)
    assert _squash(ar.verdict_text(rep, "zh")) in text
    assert "计划期末（2025年12月）：6项目标达成3项、基本达成3项、未达成0项" in text
    for row in ar.targets_frame(rep, "zh").itertuples(index=False):
        for cell in row:
            assert _squash(str(cell)) in text, cell
    for sentence in ar.cohort_sentences(rep, "zh") + ar.short_sentences(rep, "zh"):
        assert _squash(sentence) in text
    assert "541" in text and "912.4亿元" in text


def test_pdf_embeds_the_chinese_font(pdf_zh):
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf_zh)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJK" in line]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), fonts  # the "emb" column


def test_pdf_is_a4_with_the_demo_label_on_every_page_and_vector_charts(pdf_zh):
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf_zh)], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    for n in range(1, pages + 1):
        assert "演示数据" in _pdftotext(pdf_zh, "-f", str(n), "-l", str(n)), f"page {n}"
    images = subprocess.run(
        [_tool("pdfimages"), "-list", str(pdf_zh)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) == 2, images  # header lines only: no raster chart


def test_english_briefing_is_in_english():
    text = _squash(_pdftotext_bytes(briefing.make(PERIOD, "en", "pdf")))
    assert (
        _squash("End of the plan (Dec 2025): of 6 targets, 3 met, 3 nearly met, 0 missed") in text
    )
    assert "Demodata" in text
    for row in ar.targets_frame(ar.report(PERIOD), "en").itertuples(index=False):
        for cell in row:
            assert _squash(str(cell)) in text, cell


def _pdftotext_bytes(content: bytes) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


def test_docx_reads_back_with_the_same_figures(docx_zh):
    doc = Document(io.BytesIO(docx_zh.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    rep = ar.report(PERIOD)
    assert ar.verdict_text(rep, "zh") in text
    for row in ar.targets_frame(rep, "zh").itertuples(index=False):
        for cell in row:
            assert str(cell) in cells
    assert "演示数据" in doc.sections[0].header.paragraphs[0].text  # every page's header
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert len(doc.inline_shapes) == 3  # the three charts


def test_docx_opens_in_libreoffice(docx_zh, tmp_path):
    soffice = _tool("soffice")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_zh),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    converted = tmp_path / "briefing.pdf"
    assert converted.exists()
    assert "计划期末（2025年12月）" in _squash(_pdftotext(converted))


def test_command_writes_pdf_and_docx(tmp_path, capsys):
    assert main(["briefing", "--period", PERIOD, "--out", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"
    out = tmp_path / "b.docx"
    assert main(["briefing", "--period", PERIOD, "--out", str(out), "--lang", "en"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("period", "message"),
    [("2025-13", "格式不对"), ("2031-01", "没有 2031-01 的快照"), ("'; drop", "格式不对")],
)
def test_command_refuses_a_bad_period_and_writes_nothing(tmp_path, capsys, period, message):
    out = tmp_path / "b.pdf"
    assert main(["briefing", "--period", period, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
