"""Downloads a planner can hand on: CSV (UTF-8 with BOM, so Excel reads the Chinese) or .xlsx.

Pure functions: DataFrame in, bytes out. `columns` maps source column -> Chinese header, in order;
`kinds` says what a column holds, which fixes its rounding and its number format in the .xlsx:

    yi     amount in 亿元, two decimals (0.01亿元 = 100万元)
    count  whole number
    pct    ratio written as a percentage with one decimal
    month  'YYYY-MM' written as a real date (the month's first day) shown as 2025年11月
    date   a day (date, datetime or 'YYYY-MM-DD') written as a real date shown as 2026年12月8日
    time   a moment written as a real date and time shown as 2026年12月8日 17:30
    text   anything else (the default)

Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) is written as text in both formats, following OWASP's CSV-injection advice.
"""

from __future__ import annotations

import io

import pandas as pd

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
YES_NO = {True: "是", False: "否"}
NOTES_SHEET = "说明"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = {"yi": 2, "pct": 3}  # pct is kept as a ratio: 3 decimals = one decimal of a percentage
XLSX_FORMATS = {
    "yi": "#,##0.00",
    "count": "#,##0",
    "pct": "0.0%",
    "month": 'yyyy"年"m"月"',
    "date": 'yyyy"年"m"月"d"日"',
    "time": 'yyyy"年"m"月"d"日" hh:mm',
}
# how a CSV (plain text) writes the same dates; Excel reads none of these as a formula
CSV_DATES = {"month": "{d.year}年{d.month}月", "date": "{d.year}年{d.month}月{d.day}日"}
CSV_DATES["time"] = CSV_DATES["date"] + " {d:%H:%M}"


def export_frame(
    df: pd.DataFrame,
    columns: dict[str, str],
    value_maps: dict[str, dict] | None = None,
    kinds: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Return `df` with only `columns`, renamed, rounded by kind; booleans become 是/否.

    Months become dates; a column that is empty in every row is left out (it tells a reader
    nothing). The kind of each remaining header is kept in `out.attrs["kinds"]` for the writers.
    """
    kinds = kinds or {}
    out = df[list(columns)].copy()
    for col, mapping in (value_maps or {}).items():
        out[col] = out[col].map(mapping).fillna(out[col])
    for col in out.columns:
        kind = kinds.get(col, "text")
        if out[col].dtype == bool or str(out[col].dtype) == "boolean":
            out[col] = out[col].map(YES_NO)
        elif kind == "month":
            out[col] = pd.to_datetime(out[col].astype("string") + "-01", format="%Y-%m-%d")
        elif kind in ("date", "time"):
            out[col] = pd.to_datetime(out[col])
            # a day has no time of day; a moment is read to the minute (as its format shows)
            out[col] = out[col].dt.normalize() if kind == "date" else out[col].dt.floor("min")
        elif kind in DECIMALS:
            out[col] = pd.to_numeric(out[col]).round(DECIMALS[kind])
        elif kind == "count":
            out[col] = pd.to_numeric(out[col]).round(0).astype("Int64")
    empty = [c for c in out.columns if out[c].replace("", pd.NA).isna().all()] if len(out) else []
    out = out.drop(columns=empty).rename(columns=columns).reset_index(drop=True)
    out.attrs["kinds"] = {columns[c]: kinds[c] for c in kinds if c in columns and c not in empty}
    return out


def is_formula_like(value) -> bool:
    """Return True for text a spreadsheet would run as a formula (OWASP CSV injection)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def defuse(value):
    """Return text that starts like a formula with a leading apostrophe, anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def undefuse(value: str) -> str:
    """Return a CSV cell as it was before `defuse`: a re-uploaded prefilled ledger keeps its text."""
    return value[1:] if value.startswith("'") and is_formula_like(value[1:]) else value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Return the table as CSV bytes, UTF-8 with a byte-order mark (Excel opens it as UTF-8)."""
    out = df.copy()
    kinds = df.attrs.get("kinds", {})
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            written = CSV_DATES.get(kinds.get(col, "month"), CSV_DATES["month"])
            out[col] = [written.format(d=d) if pd.notna(d) else "" for d in out[col]]
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(defuse)
    return out.to_csv(index=False).encode("utf-8-sig")


def _format_sheet(sheet, df: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kinds = df.attrs.get("kinds", {})
    for i, col in enumerate(df.columns, start=1):
        number_format = XLSX_FORMATS.get(kinds.get(col, "text"))
        for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"  # openpyxl took it for a formula: keep it as the text it is
                cell.quotePrefix = True
            elif number_format and cell.value is not None:
                cell.number_format = number_format
        longest = {"month": 8, "date": 10, "time": 13}.get(
            kinds.get(col), max((len(str(v)) for v in df[col].head(200)), default=0)
        )
        # CJK characters are about twice as wide as Latin ones in Excel's default font.
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(
            60, 2 + max(longest, len(str(col))) * 1.8
        )


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str, notes: list[str] | None = None) -> bytes:
    """Return an .xlsx workbook: the table (bold header, frozen first row, number formats) and notes."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=sheet_name, index=False)
        _format_sheet(writer.sheets[sheet_name], df)
        if notes:
            pd.DataFrame({NOTES_SHEET: [defuse(n) for n in notes]}).to_excel(
                writer, sheet_name=NOTES_SHEET, index=False
            )
            writer.sheets[NOTES_SHEET].column_dimensions["A"].width = 100
    return buffer.getvalue()
