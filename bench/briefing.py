"""Briefing generation time (专报): PDF and Word for the plan's end, against a one-line Typst floor.

    uv run python -m bench.briefing        # also part of `uv run python -m bench`

Target: the PDF in ≤ 3 s on this machine. The floor (a one-line Typst document with the same
CJK font, measured in the same run) shows how much of that is the compiler and font loading.
"""

from __future__ import annotations

import statistics
import sys
import time

TARGET_PDF_S = 3.0
PERIOD = "2025-12"
RUNS = 3


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _floor() -> None:
    import typst

    from ccbio.briefing.render import font_dirs

    doc = b'#set text(font: "Noto Sans CJK SC")\n\xe4\xb8\x93\xe6\x8a\xa5'  # "专报"
    typst.compile(doc, font_paths=font_dirs(), ignore_system_fonts=True, format="pdf")


def measure_briefing(runs: int = RUNS) -> dict:
    """Return cold and median-warm seconds for the PDF and .docx, and the Typst floor."""
    from ccbio import briefing

    cold = _timed(lambda: briefing.make(PERIOD, "zh", "pdf"))  # first: queries and fonts load
    pdf = [_timed(lambda: briefing.make(PERIOD, "zh", "pdf")) for _ in range(runs)]
    docx = [_timed(lambda: briefing.make(PERIOD, "zh", "docx")) for _ in range(runs)]
    floor = [_timed(_floor) for _ in range(runs)]
    return {
        "pdf_cold_s": cold,
        "pdf_s": statistics.median(pdf),
        "docx_s": statistics.median(docx),
        "floor_s": statistics.median(floor),
        "target_s": TARGET_PDF_S,
    }


def report_lines(r: dict) -> list[str]:
    """Return the briefing rows of the benchmark table (Markdown)."""
    ok = r["pdf_s"] <= r["target_s"]
    ratio = r["pdf_s"] / r["floor_s"] if r["floor_s"] else float("nan")
    return [
        "",
        "### Briefing (专报, period 2025-12, zh)",
        "",
        "| what | seconds | target | |",
        "| --- | ---: | ---: | --- |",
        f"| PDF, first run (queries, fonts) | {r['pdf_cold_s']:.2f} | | |",
        f"| PDF, warm (median of {RUNS}) | {r['pdf_s']:.2f} | ≤ {r['target_s']:.0f} | {'met' if ok else 'MISSED'} |",
        f"| Word .docx, warm | {r['docx_s']:.2f} | | |",
        f"| floor: one-line Typst PDF, same font | {r['floor_s']:.2f} | | PDF = {ratio:.1f}× floor |",
    ]


if __name__ == "__main__":
    print("\n".join(report_lines(measure_briefing())))
    sys.exit(0)
