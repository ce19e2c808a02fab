"""Read ledger files (.xlsx workbooks, .csv in UTF-8 or GBK) into header-matched columns.

Nothing here knows the data: it refuses files past the limits (ccbio/ingest/limits.py) before
parsing them, finds each sheet's header row (a title row above it is fine), tells which ledger
the sheet is, and maps its headers to internal column names.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from ccbio.export import undefuse
from ccbio.ingest.limits import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_ROWS,
    LimitExceeded,
)
from ccbio.ingest.problems import Problem
from ccbio.ingest.schema import (
    KEY_HEADERS,
    LEDGERS,
    SHEET_ALIASES,
    SKIP_SHEETS,
    header_index,
    normalise,
)
from ccbio.ingest.values import FORMULA, blank
from ccbio.ingest.xlsx import read_workbook

EXTENSIONS = (".xlsx", ".csv")
HEADER_SCAN_ROWS = 10
MAX_BYTES = MAX_FILE_BYTES


@dataclass(frozen=True)
class LedgerFile:
    """An uploaded or local ledger file: its name (for the extension and messages) and bytes."""

    name: str
    content: bytes


@dataclass
class Sheet:
    """One ledger table read from a file: one list of raw cells per internal column name."""

    label: str  # "file.xlsx › 项目台账" or "file.csv", used in messages
    ledger: str  # projects | enterprises | indicators
    header_row: int  # 1-based row number of the header
    columns: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # -> (header, unit)
    row_numbers: list[int] = field(default_factory=list)
    cells: dict[str, list] = field(default_factory=dict)
    encoding: str | None = None

    def header(self, name: str) -> str:
        """Return the header as the user wrote it (for messages), or the internal name."""
        return self.columns.get(name, (name, None))[0]

    def unit(self, name: str) -> str | None:
        """Return the unit the header states (亿元 / 万元), or None."""
        return self.columns.get(name, (name, None))[1]


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _line_encoding(line: bytes) -> str | None:
    """Return 'UTF-8' or 'GBK' for a line with non-ASCII bytes, None for a plain ASCII line."""
    if line.isascii():
        return None
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return "GBK"
    return "UTF-8"


def decode_csv(name: str, content: bytes) -> tuple[str, str]:
    """Return the text and its encoding; _Refused when rows mix UTF-8 and GBK or neither fits."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _Refused(Problem("bad_encoding", name)) from None
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    first = None
    for number, line in enumerate(content.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        encoding = _line_encoding(line)
        if encoding and first is None:
            first = (encoding, number)
        elif encoding and encoding != first[0]:
            raise _Refused(
                Problem(
                    "mixed_encoding",
                    name,
                    number,
                    values={"first": first[0], "first_row": first[1], "found": encoding},
                )
            )
    try:
        return content.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise _Refused(Problem("bad_encoding", name)) from None


def _csv_grid(name: str, content: bytes) -> tuple[list[list[object]], str]:
    text, encoding = decode_csv(name, content)
    if text.count("\n") > 4 * (MAX_ROWS + HEADER_SCAN_ROWS):  # blank lines count: not a ledger
        raise _Refused(Problem("too_many_rows", name, values={"max": f"{MAX_ROWS:,}"}))
    for number, line in enumerate(text.split("\n"), start=1):  # before csv builds a huge row
        if line.count(",") > 4 * MAX_COLUMNS:
            raise _Refused(Problem("too_many_columns", name, number, values={"max": MAX_COLUMNS}))
    grid = []
    reader = csv.reader(io.StringIO(text.replace("\x00", "\ufffe")))
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS and any(not blank(c) for c in row[MAX_COLUMNS:]):
                raise _Refused(
                    Problem("too_many_columns", name, reader.line_num, values={"max": MAX_COLUMNS})
                )
            # undefuse: the apostrophe a prefilled CSV put before '=…' text is not part of it
            grid.append([undefuse(c.replace("\ufffe", "\x00")) for c in row[:MAX_COLUMNS]])
            if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _Refused(Problem("too_many_rows", name, values={"max": f"{MAX_ROWS:,}"}))
    except csv.Error:
        raise _Refused(Problem("bad_csv", name, reader.line_num)) from None
    return grid, encoding


def _xlsx_grids(f: LedgerFile) -> list[tuple[str, list[list[object]], None]]:
    try:
        sheets = read_workbook(f.name, f.content, lambda title: normalise(title) in SKIP_SHEETS)
    except LimitExceeded as exc:
        raise _Refused(exc.problem) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise _Refused(Problem("bad_excel", f.name)) from None
    except Exception:  # damaged XML, a bad number, a missing part: all mean the same to a user
        raise _Refused(Problem("damaged_excel", f.name)) from None
    return [(f"{f.name} › {title}", grid, None) for title, grid in sheets]


def _grids(f: LedgerFile) -> list[tuple[str, list[list[object]], str | None]]:
    """Return (label, rows of cells, encoding) per table in the file; _Refused when unreadable."""
    lower = f.name.lower()
    if not lower.endswith(EXTENSIONS):
        ext = ("." + lower.rsplit(".", 1)[-1]) if "." in lower else "—"
        raise _Refused(Problem("wrong_extension", f.name, values={"ext": ext}))
    if not f.content or not f.content.strip():
        raise _Refused(Problem("empty_file", f.name))
    if len(f.content) > MAX_BYTES:
        raise _Refused(Problem("too_big", f.name, values={"mb": MAX_FILE_MB}))
    if lower.endswith(".csv"):
        grid, encoding = _csv_grid(f.name, f.content)
        return [(f.name, grid, encoding)]
    return _xlsx_grids(f)


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
        cells = {normalise(c) for c in row if not blank(c) and c is not FORMULA}
        for ledger in LEDGERS:
            hits = len(cells & set(header_index(ledger)))
            key = normalise(KEY_HEADERS[ledger]) in cells or ledger == by_name
            score = (hits + (2 if key else 0), ledger == by_name)
            if hits >= 2 and (best is None or score > best[0]):
                best = (score, ledger, i)
    return (best[1], best[2]) if best else None


def _sheet(label: str, grid: list[list[object]], encoding, problems: list[Problem]):
    """Return the Sheet of one table, or None after recording why it cannot be one."""
    if not any(not blank(c) for row in grid for c in row):
        problems.append(Problem("empty_file" if "›" not in label else "empty_sheet", label))
        return None
    found = _find_header(grid, label.split(" › ")[-1])
    if found is None:
        problems.append(Problem("no_header", label, values={"max": HEADER_SCAN_ROWS}))
        return None
    ledger, at = found
    if len(grid) - at - 1 > MAX_ROWS:
        problems.append(Problem("too_many_rows", label, values={"max": f"{MAX_ROWS:,}"}))
        return None
    sheet = Sheet(label, ledger, at + 1, encoding=encoding)
    index = header_index(ledger)
    positions: dict[str, int] = {}
    for j, cell in enumerate(grid[at]):
        if blank(cell) or cell is FORMULA:
            continue
        written = " ".join(str(cell).split())
        match = index.get(normalise(cell))
        if match is None:
            problems.append(Problem("unknown_column", label, at + 1, written, severity="note"))
            continue
        col, unit = match
        if col.name in positions:
            problems.append(Problem("duplicate_column", label, at + 1, written))
            continue
        positions[col.name] = j
        sheet.columns[col.name] = (written, unit)
    body = [
        (i, row) for i, row in enumerate(grid[at + 1 :], start=at + 2) if not all(map(blank, row))
    ]
    sheet.row_numbers = [i for i, _ in body]
    for name, j in positions.items():
        sheet.cells[name] = [row[j] if j < len(row) else None for _, row in body]
    if not body:
        problems.append(
            Problem("no_rows", label, severity="note")
        )  # an empty ledger changes nothing
    return sheet


def read_files(files: list[LedgerFile]) -> tuple[list[Sheet], list[Problem]]:
    """Return every ledger table found in the files, and the problems met while reading them."""
    sheets, problems = [], []
    for f in files:
        try:
            grids = _grids(f)
        except _Refused as refused:
            problems.append(refused.problem)
            continue
        except MemoryError:
            problems.append(Problem("too_big", f.name, values={"mb": MAX_FILE_MB}))
            continue
        for label, grid, encoding in grids:
            sheet = _sheet(label, grid, encoding, problems)
            if sheet is not None:
                sheets.append(sheet)
    if not sheets and not problems:
        problems.append(Problem("no_ledger"))
    return sheets, problems
