"""Bounded cost: limits on an upload, checked before a workbook is handed to openpyxl.

A 5 KB workbook can declare one cell at XFD60000 (openpyxl would then fill a billion empty
cells), and a 0.4 MB one can unpack to a 400 MB shared string. `inspect_xlsx` reads the zip's
parts as a stream, stops as soon as a limit is passed, and returns the problem; nothing here
builds cells. The server's upload limit (.streamlit/config.toml server.maxUploadSize) is
MAX_FILE_MB, so the page refuses a bigger file before it is even sent.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ccbio.ingest.problems import Problem

MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 50_000  # data rows per sheet or CSV: a city's ledgers hold a few thousand
MAX_COLUMNS = 60
MAX_CELLS = 600_000  # per file
MAX_ZIP_ENTRIES = 500
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
MAX_UNZIPPED_BYTES = 160 * 1024 * 1024
CHUNK = 1024 * 1024

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>|<(?:\w+:)?c\b([^>]*)/>")
_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,8})"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,8})"')
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]{0,4})([0-9]{0,8}):?([A-Z]{0,4})([0-9]{0,8})"'
)
# A formula cell: <c r="B2"><f>SUM(A1:A3)</f><v>6</v></c>; without <v> (or with an empty one) it
# was saved without being calculated, and openpyxl reads it as an empty cell.
_FORMULA_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,8})"[^>]*>\s*<(?:\w+:)?f\b.*?</(?:\w+:)?c>',
    re.S,
)
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class LimitExceeded(Exception):
    """One limit passed while streaming a part; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.key)
        self.problem = problem


@dataclass
class WorkbookScan:
    """What the stream found: problems (empty when within limits), formula cells without a value."""

    problems: list[Problem] = field(default_factory=list)
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # sheet title -> cells


def column_number(letters: bytes | str) -> int:
    """Return 1 for A, 26 for Z, 16384 for XFD."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def _stream(book: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, label: str, what: str):
    """Yield the part's decompressed chunks; LimitExceeded once more than `cap` bytes came out."""
    if info.file_size > cap:  # declared size: refuse without unpacking anything
        raise LimitExceeded(
            Problem("part_too_big", label, values={"part": what, "mb": cap // 1024 // 1024})
        )
    seen = 0
    with book.open(info) as part:
        while chunk := part.read(CHUNK):
            seen += len(chunk)
            if seen > cap:
                raise LimitExceeded(
                    Problem("part_too_big", label, values={"part": what, "mb": cap // 1024 // 1024})
                )
            yield chunk


def _sheet_titles(book: zipfile.ZipFile) -> dict[str, str]:
    """Return part name (xl/worksheets/sheet1.xml) -> sheet title, from the small workbook parts."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml")[:MAX_OTHER_PART_BYTES])
        rels = ElementTree.fromstring(
            book.read("xl/_rels/workbook.xml.rels")[:MAX_OTHER_PART_BYTES]
        )
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels.iter(f"{{{NS['p']}}}Relationship"):
        target = rel.get("Target", "").lstrip("/")
        targets[rel.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    return {
        targets.get(sheet.get(f"{{{NS['r']}}}id"), ""): sheet.get("name", "")
        for sheet in workbook.iter(f"{{{NS['m']}}}sheet")
    }


def _check_extent(label: str, rows: int, cols: int, ref: str) -> None:
    if cols > MAX_COLUMNS or rows > MAX_ROWS + 20:
        raise LimitExceeded(
            Problem(
                "sheet_too_large",
                label,
                values={
                    "ref": ref,
                    "rows": rows,
                    "cols": cols,
                    "max_rows": MAX_ROWS,
                    "max_cols": MAX_COLUMNS,
                },
            )
        )


def _scan_sheet(book, info, label: str, cells_so_far: int) -> tuple[int, set[tuple[int, int]]]:
    """Return the cell count so far and the sheet's formula cells without a value; LimitExceeded
    as soon as its dimension, a cell's position or the cell count passes a limit."""
    state = {"cells": cells_so_far, "formulas": set()}

    def take(whole: bytes) -> None:
        state["cells"] += len(_CELL.findall(whole))
        for m in _REF.finditer(whole):
            ref = m.group(1) + m.group(2)
            _check_extent(label, int(m.group(2)), column_number(m.group(1)), ref.decode())
        for m in _ROW.finditer(whole):
            _check_extent(label, int(m.group(1)), 0, "A" + m.group(1).decode())
        if state["cells"] > MAX_CELLS:
            raise LimitExceeded(Problem("too_many_cells", label, values={"max": f"{MAX_CELLS:,}"}))
        if b"<f" in whole or b":f" in whole:
            for m in _FORMULA_CELL.finditer(whole):
                if not _VALUE.search(m.group(0)):
                    state["formulas"].add((int(m.group(2)), column_number(m.group(1))))

    tail, first = b"", True
    for chunk in _stream(book, info, MAX_SHEET_XML_BYTES, label, "sheet"):
        buf = tail + chunk
        if first:
            first = False
            dim = _DIMENSION.search(buf)
            if dim and dim.group(3):
                rows, cols = int(dim.group(4) or 0), column_number(dim.group(3))
                _check_extent(label, rows, cols, f"{dim.group(3).decode()}{rows}")
        cut = buf.rfind(b"</row>")
        if cut < 0 and len(buf) < 4 * CHUNK:
            tail = buf  # no row has ended yet: wait for the next chunk
            continue
        cut = len(buf) if cut < 0 else cut + len(b"</row>")
        take(buf[:cut])
        tail = buf[cut:]
    take(tail)
    return state["cells"], state["formulas"]


def inspect_xlsx(name: str, content: bytes) -> WorkbookScan:
    """Return the workbook's limit problems (or an unreadable-file problem) and formula cells."""
    scan = WorkbookScan()
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        infos = book.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise LimitExceeded(Problem("too_many_parts", name, values={"max": MAX_ZIP_ENTRIES}))
        titles = _sheet_titles(book)
        total, cells = 0, 0
        for info in infos:
            part = info.filename
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                label = f"{name} › {titles.get(part, part.rsplit('/', 1)[-1])}"
                cells, formulas = _scan_sheet(book, info, label, cells)
                if formulas:
                    scan.formulas[titles.get(part, "")] = formulas
                total += info.file_size
            else:
                is_strings = part.endswith("sharedStrings.xml")
                cap = MAX_SHARED_STRINGS_BYTES if is_strings else MAX_OTHER_PART_BYTES
                size = sum(
                    len(c)
                    for c in _stream(book, info, cap, name, "strings" if is_strings else "other")
                )
                total += size
            if total > MAX_UNZIPPED_BYTES:
                raise LimitExceeded(
                    Problem(
                        "part_too_big",
                        name,
                        values={"part": "all", "mb": MAX_UNZIPPED_BYTES // 1024 // 1024},
                    )
                )
    except LimitExceeded as exc:
        scan.problems.append(exc.problem)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        scan.problems.append(Problem("bad_excel", name))
    except (zlib.error, OSError, ValueError, NotImplementedError, RuntimeError, KeyError):
        scan.problems.append(Problem("damaged_excel", name))
    return scan
