"""Render the briefing document: A4 PDF through Typst (charts as SVG), Word through python-docx.

Typst (the compiler on PyPI) embeds the Noto Sans CJK SC glyphs it uses, so a reader without the
font sees Chinese; vl-convert turns the Altair charts into SVG (vector in the PDF) and PNG (Word
cannot take SVG through python-docx). Nothing here needs the internet.
"""

from __future__ import annotations

import io
import json
import tempfile
from functools import cache
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
CJK_FONT = "Noto Sans CJK SC"
TEMPLATE = Path(__file__).with_name("briefing.typ")


class BriefingError(RuntimeError):
    """The briefing could not be made (no CJK font, a failed compile)."""


def font_dirs() -> list[str]:
    """Return the folders holding the CJK font; raise BriefingError when none exists."""
    found = [d for d in FONT_DIRS if any(Path(d).glob("NotoSansCJK*"))]
    if not found:
        raise BriefingError(
            "没有找到 Noto Sans CJK 字体（Debian: apt-get install fonts-noto-cjk） / "
            "Noto Sans CJK is not installed (Debian: apt-get install fonts-noto-cjk)"
        )
    return found


@cache
def _register_fonts() -> None:
    import vl_convert as vlc

    for folder in font_dirs():
        vlc.register_font_directory(folder)


def _chart_spec(spec: dict) -> dict:
    """Return a Vega-Lite spec with the CJK font set, so chart labels render in Chinese."""
    config = dict(spec.get("config", {}))
    config["font"] = CJK_FONT
    return {**spec, "config": config}


def chart_svg(spec: dict) -> str:
    """Return a chart's SVG (text kept as text, drawn in Noto Sans CJK SC)."""
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_svg(_chart_spec(spec))


def chart_png(spec: dict, scale: float = 2.0) -> bytes:
    """Return a chart as PNG at `scale` (for Word)."""
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_png(_chart_spec(spec), scale=scale)


def to_pdf(doc: dict) -> bytes:
    """Return the briefing as A4 PDF bytes, compiled by Typst with the CJK font embedded."""
    import typst

    with tempfile.TemporaryDirectory(prefix="ccbio-briefing-") as tmp:
        folder = Path(tmp)
        for s in doc["sections"]:
            for b in s["blocks"]:
                if b["kind"] == "chart":
                    (folder / f"{b['name']}.svg").write_text(chart_svg(b["spec"]), encoding="utf-8")
        slim = {
            **doc,
            "sections": [
                {
                    "title": s["title"],
                    "blocks": [
                        {k: v for k, v in b.items() if k != "spec"}
                        | ({"file": f"{b['name']}.svg"} if b["kind"] == "chart" else {})
                        for b in s["blocks"]
                    ],
                }
                for s in doc["sections"]
            ],
        }
        (folder / "data.json").write_text(json.dumps(slim, ensure_ascii=False), encoding="utf-8")
        (folder / "main.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        try:
            return typst.compile(
                str(folder / "main.typ"),
                root=str(folder),
                font_paths=font_dirs(),
                ignore_system_fonts=True,
                format="pdf",
            )
        except Exception as err:  # typst.TypstError carries the diagnostic
            raise BriefingError(f"Typst: {getattr(err, 'message', err)}") from err


def to_docx(doc: dict) -> bytes:
    """Return the briefing as a Word .docx: cover, sections, tables, charts (PNG), demo label in the header."""
    from ccbio.briefing.word import build

    buffer = io.BytesIO()
    build(doc, chart_png).save(buffer)
    return buffer.getvalue()
