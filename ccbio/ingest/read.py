"""Read ledger files (.xlsx workbooks, .csv in UTF-8 or GBK) into header-matched rows.

Nothing here knows the data: it finds each sheet's header row (a title row above it is fine),
tells which ledger the sheet is, and maps its headers to internal column names.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl

from ccbio.ingest.problems import Problem
from ccbio.ingest.schema import (
    KEY_HEADERS,
    LEDGERS,
    SHEET_ALIASES,
    SKIP_SHEETS,
    header_index,
    normalise,
)

EXTENSIONS = (".xlsx", ".csv")
HEADER_SCAN_ROWS = 10
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LedgerFile:
    """An uploaded or local ledger file: its name (for the extension and messages) and bytes."""

    name: str
    content: bytes


@dataclass
class Sheet:
    """One ledger table read from a file: rows keyed by internal column name."""

    label: str  # "file.xlsx › 项目台账" or "file.csv", used in messages
    ledger: str  # projects | enterprises | indicators
    header_row: int  # 1-based row number of the header
    columns: dict[str, tuple[str, float]] = field(
        default_factory=dict
    )  # name -> (header as written, scale)
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    encoding: str | None = None

    def header(self, name: str) -> str:
        """Return the header as the user wrote it (for messages), or the internal name."""
        return self.columns.get(name, (name, 1.0))[0]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decode_csv(content: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding), ("GBK" if encoding == "gb18030" else "UTF-8")
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", content, 0, 1, "neither UTF-8 nor GBK")


def _grids(
    f: LedgerFile, problems: list[Problem]
) -> list[tuple[str, list[list[object]], str | None]]:
    """Return (label, rows of cells, encoding) per table in the file; problems for unreadable files."""
    lower = f.name.lower()
    if not lower.endswith(EXTENSIONS):
        ext = ("." + lower.rsplit(".", 1)[-1]) if "." in lower else "—"
        problems.append(Problem("wrong_extension", f.name, values={"ext": ext}))
        return []
    if not f.content or not f.content.strip():
        problems.append(Problem("empty_file", f.name))
        return []
    if len(f.content) > MAX_BYTES:
        problems.append(Problem("too_big", f.name, values={"mb": MAX_BYTES // 1024 // 1024}))
        return []
    if lower.endswith(".csv"):
        try:
            text, encoding = _decode_csv(f.content)
        except UnicodeDecodeError:
            problems.append(Problem("bad_encoding", f.name))
            return []
        return [(f.name, [list(r) for r in csv.reader(io.StringIO(text))], encoding)]
    try:
        book = openpyxl.load_workbook(io.BytesIO(f.content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        problems.append(Problem("bad_excel", f.name, values={"error": type(exc).__name__}))
        return []
    try:
        return [
            (f"{f.name} › {ws.title}", [list(r) for r in ws.iter_rows(values_only=True)], None)
            for ws in book.worksheets
            if normalise(ws.title) not in SKIP_SHEETS
        ]
    finally:
        book.close()


def _find_header(grid: list[list[object]], sheet_title: str) -> tuple[str, int] | None:
    """Return (ledger, 0-based header row) by the row matching most known headers."""
    by_name = next(
        (
            k
            for k, names in SHEET_ALIASES.items()
            if normalise(sheet_title) in map(normalise, names)
        ),
        None,
    )
    best = None
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        cells = {normalise(c) for c in row if not _blank(c)}
        for ledger in LEDGERS:
            hits = len(cells & set(header_index(ledger)))
            key = normalise(KEY_HEADERS[ledger]) in cells or ledger == by_name
            score = (hits + (2 if key else 0), ledger == by_name)
            if hits >= 2 and (best is None or score > best[0]):
                best = (score, ledger, i)
    return (best[1], best[2]) if best else None


def read_files(files: list[LedgerFile]) -> tuple[list[Sheet], list[Problem]]:
    """Return every ledger table found in the files, and the problems met while reading them."""
    sheets, problems = [], []
    for f in files:
        for label, grid, encoding in _grids(f, problems):
            grid = [row for row in grid]
            if not any(not _blank(c) for row in grid for c in row):
                problems.append(Problem("empty_file" if "›" not in label else "empty_sheet", label))
                continue
            found = _find_header(grid, label.split(" › ")[-1])
            if found is None:
                problems.append(Problem("no_header", label, values={"max": HEADER_SCAN_ROWS}))
                continue
            ledger, at = found
            sheet = Sheet(label, ledger, at + 1, encoding=encoding)
            index = header_index(ledger)
            positions: dict[str, int] = {}
            for j, cell in enumerate(grid[at]):
                if _blank(cell):
                    continue
                match = index.get(normalise(cell))
                if match is None:
                    problems.append(
                        Problem(
                            "unknown_column", label, at + 1, str(cell).strip(), severity="warning"
                        )
                    )
                    continue
                col, scale = match
                if col.name in positions:
                    problems.append(Problem("duplicate_column", label, at + 1, str(cell).strip()))
                    continue
                positions[col.name] = j
                sheet.columns[col.name] = (str(cell).strip(), scale)
            for i, row in enumerate(grid[at + 1 :], start=at + 2):
                if all(_blank(c) for c in row):
                    continue
                sheet.rows.append(
                    (i, {name: (row[j] if j < len(row) else None) for name, j in positions.items()})
                )
            if not sheet.rows:
                problems.append(
                    Problem("no_rows", label, severity="warning")
                )  # an empty ledger changes nothing
            sheets.append(sheet)
    if not sheets and not problems:
        problems.append(Problem("no_ledger"))
    return sheets, problems
