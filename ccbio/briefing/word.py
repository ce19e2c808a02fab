"""The briefing as a Word document (python-docx): same content as the PDF, A4, CJK font named."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ACCENT = RGBColor(0xC8, 0x10, 0x2E)
FONT = "Noto Sans CJK SC"


def _font(run, size: float | None = None, bold: bool = False, colour=None) -> None:
    """Set a run's Latin and East Asian font (Word picks the East Asian one for Chinese)."""
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    if colour is not None:
        run.font.color.rgb = colour


def _para(document, text: str, size: float = 10.5, bold: bool = False, colour=None):
    p = document.add_paragraph()
    _font(p.add_run(text), size, bold, colour)
    return p


def _table(document, block: dict) -> None:
    table = document.add_table(rows=1, cols=len(block["header"]))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block["header"], strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), 8.5, bold=True)
    for row in block["rows"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), 8.5)
    document.add_paragraph()


def _page_setup(document, doc: dict) -> None:
    """A4 portrait; the header names the briefing and carries the demo-data label on every page."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    header = section.header.paragraphs[0]
    _font(header.add_run(doc["header"]), 8)
    if doc["demo"]:
        _font(header.add_run("    【" + doc["demo_label"] + "】"), 8, bold=True, colour=ACCENT)
    footer = section.footer.paragraphs[0]
    _font(footer.add_run(doc["cover"]["period"]), 8)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def build(doc: dict, chart_png: Callable[[dict], bytes]) -> Document:
    """Return the Word document for the briefing data `doc` (see content.document)."""
    document = Document()
    _page_setup(document, doc)
    cover = doc["cover"]
    _para(document, cover["kicker"], 12, bold=True, colour=ACCENT)
    _para(document, cover["title"], 20, bold=True)
    _para(document, cover["subtitle"], 13)
    _para(document, cover["verdict"], 13, bold=True)
    _para(document, cover["date"])
    _para(document, cover["period"])
    if doc["demo"]:
        _para(document, f"【{doc['demo_label']}】{cover['demo_note']}", 9, colour=ACCENT)
    document.add_page_break()
    for section in doc["sections"]:
        _para(document, section["title"], 13, bold=True, colour=ACCENT)
        for block in section["blocks"]:
            if block["kind"] == "para":
                _para(document, block["text"], 11 if block["strong"] else 10.5, block["strong"])
            elif block["kind"] == "list":
                for item in block["items"]:
                    _font(document.add_paragraph(style="List Bullet").add_run(item), 10.5)
            elif block["kind"] == "table":
                _table(document, block)
            elif block["kind"] == "chart":
                document.add_picture(io.BytesIO(chart_png(block["spec"])), width=Cm(15))
                _para(document, block["caption"], 8.5)
    return document
