"""专报: the briefing leaders hand on, as A4 PDF or Word, made offline from the final assessment.

from ccbio import briefing
pdf = briefing.make("2025-12", "zh", "pdf")      # bytes
"""

from __future__ import annotations

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def make(period: str, lang: str, fmt: str = "pdf") -> bytes:
    """Return the briefing for snapshot `period` in `lang` ('zh'/'en') as 'pdf' or 'docx' bytes."""
    from ccbio.briefing import content, render

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    doc = content.document(period, lang)
    return render.to_pdf(doc) if fmt == "pdf" else render.to_docx(doc)


def file_name(period: str, lang: str, fmt: str) -> str:
    """Return the download's file name: 专报_2025-12.pdf / briefing_2025-12.docx."""
    return f"{'专报' if lang == 'zh' else 'briefing'}_{period}.{fmt}"


def download_buttons(period: str, lang: str, key: str) -> None:
    """Draw the PDF and Word download buttons; the file is made only when one is clicked."""
    import streamlit as st

    from ccbio.i18n import t

    for col, fmt in zip(st.columns(2), FORMATS, strict=True):
        col.download_button(
            t(f"assessment.download_{fmt}", lang),
            data=lambda fmt=fmt: make(period, lang, fmt),
            file_name=file_name(period, lang, fmt),
            mime=FORMATS[fmt],
            icon=":material/download:",
            key=f"{key}_briefing_{fmt}",
            help=t("assessment.briefing_help", lang),
            on_click="ignore",
        )
