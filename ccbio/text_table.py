"""Tables whose long text (a warning's reason, an audit entry's details) is read whole, not cut.

Streamlit's grid draws every cell on one line, cut at the column's edge, unless its rows are
taller than 4rem (64 px): then text cells wrap. `wrap_height` gives a table the height its longest
text needs in a column of about `WRAP_COLUMN_PX` (what a "large" column stretches to on a
1440-px screen), or None (one line, the default) when every text fits.
"""

from __future__ import annotations

import math

WRAP_COLUMN_PX = 440
# average advance of one character at the grid's 14-px font: CJK full-width, Latin about half
CHAR_PX = {"zh": 14.0, "en": 7.2}
LINE_PX, PADDING_PX = 19, 14
MIN_WRAP_PX = 66  # Streamlit wraps only above 64 px
MAX_LINES = 6


def text_lines(text: str, column_px: float = WRAP_COLUMN_PX) -> int:
    """Return how many lines `text` takes in a column `column_px` wide."""
    width = sum(CHAR_PX["zh"] if ord(c) > 0x2E7F else CHAR_PX["en"] for c in str(text))
    return max(1, math.ceil(width / (column_px - PADDING_PX)))


def wrap_height(texts, column_px: float = WRAP_COLUMN_PX) -> int | None:
    """Return the row height (px) at which the longest of `texts` is shown whole, or None."""
    lines = max((text_lines(t, column_px) for t in texts if isinstance(t, str)), default=1)
    if lines <= 1:
        return None
    return max(MIN_WRAP_PX, min(lines, MAX_LINES) * LINE_PX + PADDING_PX)


def rows_height(frame, widths: dict[str, float]) -> int | None:
    """Return the row height at which every text of the columns `widths` names (column -> its
    width in px) is shown whole, or None when all fit on one line."""
    heights = [wrap_height(frame[col], px) for col, px in widths.items() if col in frame]
    return max((h for h in heights if h), default=None)


HEADER_PX = 38
ROWS_SHOWN = 8


def table_height(row_height: int | None, rows: int) -> int | str:
    """Return a table's height: up to ROWS_SHOWN wrapped rows before it scrolls ("auto" shows
    only about four rows of that height), or "auto" for one-line rows."""
    if not row_height:
        return "auto"
    return HEADER_PX + min(rows, ROWS_SHOWN) * row_height + 2
