"""Printing the assessment page: every table is also written as wrapping HTML for A4 pages."""

from __future__ import annotations

import pandas as pd

from ccbio import print_view


def test_print_table_keeps_every_column_and_formats_cells_as_the_screen():
    df = pd.DataFrame(
        {
            "member": ["长春药谷创新园(长春北湖创新产业园)", "<b>long</b>"],
            "end_value": [163.8, 7.0],
            "share": [0.2345, None],
        }
    )
    html = print_view.table_html(df, {"member": "园区 / 领域", "end_value": "期末值"}, ("share",))
    assert html.startswith(f'<div class="{print_view.PRINT_CLASS}">')
    assert html.count("<th>") == 3 and "<th>园区 / 领域</th>" in html and "<th>share</th>" in html
    assert '<td class="num">163.80</td>' in html and '<td class="num">7</td>' in html
    assert '<td class="num">23.4%</td>' in html and '<td class="short">—</td>' in html
    assert "&lt;b&gt;long&lt;/b&gt;" in html and "<b>long</b>" not in html  # cell text is escaped
    assert "<td>长春药谷创新园(长春北湖创新产业园)</td>" in html  # a long name may wrap


def test_print_css_swaps_the_canvas_tables_for_their_html_copies():
    css = print_view.PRINT_CSS
    screen, _, printed = css.partition("@media print")
    assert f":has(.{print_view.PRINT_CLASS}) {{ display: none; }}" in screen
    assert '[data-testid="stDataFrame"] { display: none !important; }' in " ".join(printed.split())
    assert '[data-testid="stSidebar"]' in printed
