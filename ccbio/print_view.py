"""What a page prints (Ctrl+P): the print stylesheet, and tables as HTML that wrap on A4.

Streamlit's st.dataframe draws its cells on a canvas at the screen's width: printed, a wide table
is cut at the right edge of the page. Each table of a printable page is therefore written a second
time as a plain HTML table, hidden on screen and shown in print instead of the canvas.
"""

from __future__ import annotations

from html import escape

import pandas as pd

PRINT_CLASS = "ccbio-print-table"
SHORT_CHARS = 8

# On screen the HTML copies take no room; in print the canvases give way to them, and the
# sidebar, header, buttons and popovers are left out.
PRINT_CSS = f"""<style>
[data-testid="stElementContainer"]:has(.{PRINT_CLASS}) {{ display: none; }}
@media print {{
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stPopover"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDataFrame"] {{ display: none !important; }}
  [data-testid="stElementContainer"]:has(.{PRINT_CLASS}) {{ display: block !important; }}
  [data-testid="stMain"] {{ margin-left: 0 !important; }}
  [data-testid="stMainBlockContainer"] {{ max-width: 100% !important; padding: 0 1cm !important; }}
  [data-testid="stVegaLiteChart"] {{ break-inside: avoid; }}
  .{PRINT_CLASS} table {{ width: 100%; border-collapse: collapse; font-size: 8.5pt; }}
  .{PRINT_CLASS} th, .{PRINT_CLASS} td {{
    border: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }}
  .{PRINT_CLASS} td {{ overflow-wrap: anywhere; }}
  .{PRINT_CLASS} th {{ overflow-wrap: break-word; }}
  .{PRINT_CLASS} th {{ background: #f0f2f6; }}
  .{PRINT_CLASS} td.num {{ text-align: right; white-space: nowrap; }}
  .{PRINT_CLASS} td.short {{ white-space: nowrap; }}
  .{PRINT_CLASS} thead {{ display: table-header-group; }}
  .{PRINT_CLASS} tr {{ break-inside: avoid; }}
}}
</style>"""


def _cell(value, percent: bool) -> tuple[str, bool]:
    """Return (the cell's text, whether it is a number) as the screen table shows it."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—", False
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value), False
    if percent:
        return f"{value:.1%}", True
    if float(value).is_integer():
        return f"{int(value):,}", True
    return f"{value:,.2f}", True


def _short(text: str) -> bool:
    """Return whether a cell stays on one line: short words (基本达成, 2025年9月) and amounts
    (0.429 bn yuan, 3,506.2亿元); names and sentences wrap."""
    return len(text) <= SHORT_CHARS or (text[:1].isdigit() and len(text) <= 2 * SHORT_CHARS)


def table_html(
    df: pd.DataFrame, headers: dict[str, str] | None = None, percent: tuple[str, ...] = ()
) -> str:
    """Return `df` as the print-only HTML table: `headers` renames columns, `percent` formats."""
    headers = headers or {}
    head = "".join(f"<th>{escape(str(headers.get(c, c)))}</th>" for c in df.columns)
    rows = []
    for record in df.itertuples(index=False):
        cells = []
        for column, value in zip(df.columns, record, strict=True):
            text, number = _cell(value, column in percent)
            kind = "num" if number else "short" if _short(text) else ""
            cells.append(
                f'<td class="{kind}">{escape(text)}</td>' if kind else f"<td>{escape(text)}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return f'<div class="{PRINT_CLASS}"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
