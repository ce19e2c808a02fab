"""What a page prints (Ctrl+P): the print stylesheet, and tables as HTML that wrap on A4.

Streamlit's st.dataframe draws its cells on a canvas at the screen's width: printed, a wide table
is cut at the right edge of the page. Each table of a printable page is therefore written a second
time as a plain HTML table, hidden on screen and shown in print instead of the canvas.
"""

from __future__ import annotations

from html import escape

import pandas as pd

TABLE_CLASS = "ccbio-table"  # a plain HTML table that wraps (on screen and in print)
PRINT_CLASS = "ccbio-print-table"  # ... shown in print only, where a canvas table stands on screen
SHORT_CHARS = 8

# On screen the HTML copies take no room; in print the canvases give way to them, and the
# sidebar, header, buttons and popovers are left out.
PRINT_CSS = f"""<style>
[data-testid="stElementContainer"]:has(.{PRINT_CLASS}) {{ display: none; }}
.{TABLE_CLASS} {{ overflow-x: auto; }}  /* a phone scrolls a wide table sideways */
.{TABLE_CLASS} table {{ width: 100%; border-collapse: collapse; font-size: 0.875rem; }}
.{TABLE_CLASS} th, .{TABLE_CLASS} td {{
  border: 1px solid rgba(49, 51, 63, 0.12); padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }}
/* whole words on screen (a phone broke 'attrac-ted' and 'Above-desig-nated'); the table
   scrolls sideways instead; in print, where the page cannot scroll, anywhere */
.{TABLE_CLASS} td {{ overflow-wrap: break-word; }}
.{TABLE_CLASS} th {{ overflow-wrap: break-word; background: #f7f8fa; font-weight: 500; }}
.{TABLE_CLASS} td.num {{ text-align: right; white-space: nowrap; }}
.{TABLE_CLASS} td.short {{ white-space: nowrap; }}
@media print {{
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stPopover"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDataFrame"] {{ display: none !important; }}
  [data-testid="stElementContainer"]:has(.{PRINT_CLASS}) {{ display: block !important; }}
  [data-testid="stMain"] {{ margin-left: 0 !important; }}
  [data-testid="stMainBlockContainer"] {{ max-width: 100% !important; padding: 0 1cm !important; }}
  [data-testid="stVegaLiteChart"] {{ break-inside: avoid; }}
  .{TABLE_CLASS} table {{ font-size: 8.5pt; }}
  .{TABLE_CLASS} td {{ overflow-wrap: anywhere; }}
  .{TABLE_CLASS} th, .{TABLE_CLASS} td {{ border: 0.5pt solid #bbb; padding: 2pt 4pt; }}
  .{TABLE_CLASS} th {{ background: #f0f2f6; }}
  .{TABLE_CLASS} thead {{ display: table-header-group; }}
  .{TABLE_CLASS} tr {{ break-inside: avoid; }}
}}
</style>"""


def _cell(value, percent: bool, decimals: int | None = None) -> tuple[str, bool]:
    """Return (the cell's text, whether it is a number) as the screen table shows it; `decimals`
    fixes a column's decimals (one number of decimals per column)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—", False
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value), False
    if percent:
        return f"{value:.1%}", True
    if decimals is not None:
        return f"{value:,.{decimals}f}", True
    if float(value).is_integer():
        return f"{int(value):,}", True
    return f"{value:,.2f}", True


def _short(text: str) -> bool:
    """Return whether a cell stays on one line: short words (基本达成, 2025年9月) and amounts
    (3,506.2 (100m yuan), 3,506.2亿元); names and sentences wrap."""
    return len(text) <= SHORT_CHARS or (text[:1].isdigit() and len(text) <= 2 * SHORT_CHARS)


def table_html(
    df: pd.DataFrame,
    headers: dict[str, str] | None = None,
    percent: tuple[str, ...] = (),
    print_only: bool = True,
    decimals: dict[str, int] | None = None,
) -> str:
    """Return `df` as a wrapping HTML table: `headers` renames columns, `percent` and `decimals`
    (column -> decimals) format; shown in print only (beside a canvas table on screen), or on
    screen too (`print_only=False`)."""
    decimals = decimals or {}
    headers = headers or {}
    head = "".join(f"<th>{escape(str(headers.get(c, c)))}</th>" for c in df.columns)
    rows = []
    for record in df.itertuples(index=False):
        cells = []
        for column, value in zip(df.columns, record, strict=True):
            text, number = _cell(value, column in percent, decimals.get(column))
            kind = "num" if number else "short" if _short(text) else ""
            cells.append(
                f'<td class="{kind}">{escape(text)}</td>' if kind else f"<td>{escape(text)}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    classes = f"{TABLE_CLASS} {PRINT_CLASS}" if print_only else TABLE_CLASS
    return f'<div class="{classes}"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
