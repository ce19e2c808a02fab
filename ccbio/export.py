"""Downloads: a list as CSV (UTF-8 with BOM, so Excel reads the Chinese) or .xlsx, Chinese headers.

Pure functions: DataFrame in, bytes out. `columns` maps source column -> Chinese header, in order.
"""

from __future__ import annotations

import io

import pandas as pd

YES_NO = {True: "是", False: "否"}


def export_frame(
    df: pd.DataFrame, columns: dict[str, str], value_maps: dict[str, dict] | None = None
) -> pd.DataFrame:
    """Return `df` with only `columns`, renamed to their headers; booleans become 是/否."""
    out = df[list(columns)].copy()
    for col, mapping in (value_maps or {}).items():
        out[col] = out[col].map(mapping).fillna(out[col])
    for col in out.columns:
        if out[col].dtype == bool or str(out[col].dtype) == "boolean":
            out[col] = out[col].map(YES_NO)
    return out.rename(columns=columns).reset_index(drop=True)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Return the table as CSV bytes, UTF-8 with a byte-order mark (Excel opens it as UTF-8)."""
    return df.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str, notes: list[str] | None = None) -> bytes:
    """Return an .xlsx workbook: the table (bold header, frozen first row) and an optional notes sheet."""
    from openpyxl.styles import Font

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=sheet_name, index=False)
        sheet = writer.sheets[sheet_name]
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(df.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)])
            # CJK characters are about twice as wide as Latin ones in Excel's default font.
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(
                60, 2 + longest * 1.8
            )
        if notes:
            pd.DataFrame({"说明": notes}).to_excel(writer, sheet_name="说明", index=False)
            writer.sheets["说明"].column_dimensions["A"].width = 100
    return buffer.getvalue()
