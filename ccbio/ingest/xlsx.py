"""Read the cell values of an .xlsx workbook in one streaming pass, within the limits.

openpyxl builds an object per cell (7 s for 20,000 ledger rows here) and trusts the sheet's
stated size; a ledger needs only values. This reader streams each part of the zip through
ElementTree's C parser with a byte cap, places cells by their reference, and stops at the first
limit passed (ccbio/ingest/limits.py): a cell at XFD60000, too many cells, a shared-string part
that unpacks past its cap. Dates come back as datetimes (from the cell's number format), a formula
saved without its result as values.FORMULA, booleans as bool, numbers as int or float.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from ccbio.ingest import limits
from ccbio.ingest.limits import LimitExceeded, column_number
from ccbio.ingest.problems import Problem
from ccbio.ingest.values import FORMULA

_REF = re.compile(r"([A-Z]{1,4})([0-9]{1,8})$")


class Capped(io.RawIOBase):
    """A zip part as a stream that raises LimitExceeded past `cap` bytes (whatever it declares)."""

    def __init__(self, part, cap: int, problem: Problem):
        self.part, self.left, self.problem = part, cap, problem

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.part.read(min(len(buffer), limits.CHUNK))
        self.left -= len(data)
        if self.left < 0:
            raise LimitExceeded(self.problem)
        buffer[: len(data)] = data
        return len(data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open(book: zipfile.ZipFile, name: str, cap: int, problem: Problem):
    info = book.getinfo(name)
    if info.file_size > cap:  # declared size: refuse without unpacking anything
        raise LimitExceeded(problem)
    return io.BufferedReader(Capped(book.open(info), cap, problem), limits.CHUNK)


def _small(book: zipfile.ZipFile, name: str, label: str):
    """Return the parsed root of a small part (workbook, rels, styles), or None if absent."""
    if name not in book.NameToInfo:
        return None
    problem = Problem("part_too_big", label, values={"mb": limits.MAX_OTHER_PART_BYTES >> 20})
    with _open(book, name, limits.MAX_OTHER_PART_BYTES, problem) as part:
        return ElementTree.parse(part).getroot()


def _sheets(book: zipfile.ZipFile, label: str) -> tuple[list[tuple[str, str]], bool]:
    """Return (title, part name) per sheet in workbook order, and whether dates count from 1904."""
    workbook = _small(book, "xl/workbook.xml", label)
    rels = _small(book, "xl/_rels/workbook.xml.rels", label)
    if workbook is None or rels is None:
        raise zipfile.BadZipFile("not a workbook")
    targets = {}
    for rel in rels.iter():
        if _local(rel.tag) == "Relationship":
            target = rel.get("Target", "").lstrip("/")
            targets[rel.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    sheets, date1904 = [], False
    for el in workbook.iter():
        if _local(el.tag) == "workbookPr":
            date1904 = el.get("date1904") in ("1", "true")
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            sheets.append((el.get("name", ""), targets.get(rid, "")))
    return sheets, date1904


def _date_styles(book: zipfile.ZipFile, label: str) -> list[bool]:
    """Return, per cell style index, whether its number format shows a date."""
    styles = _small(book, "xl/styles.xml", label)
    if styles is None:
        return []
    formats = dict(BUILTIN_FORMATS)
    for el in styles.iter():
        if _local(el.tag) == "numFmt":
            formats[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
    xfs = next((el for el in styles.iter() if _local(el.tag) == "cellXfs"), None)
    if xfs is None:
        return []
    out = []
    for xf in xfs:
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        out.append(bool(code) and is_date_format(code))
    return out


def _shared_strings(book: zipfile.ZipFile, label: str) -> list[str]:
    name = next((n for n in book.NameToInfo if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return []
    problem = Problem("part_too_big", label, values={"mb": limits.MAX_SHARED_STRINGS_BYTES >> 20})
    strings = []
    with _open(book, name, limits.MAX_SHARED_STRINGS_BYTES, problem) as part:
        for _, el in ElementTree.iterparse(part):
            if _local(el.tag) == "si":
                strings.append("".join(t.text or "" for t in el.iter() if _local(t.tag) == "t"))
                el.clear()
    return strings


def _value(cell, kind: str | None, strings: list[str], dates: list[bool], epoch) -> object:
    v = f = None
    inline = []
    for child in cell:
        name = _local(child.tag)
        if name == "v":
            v = child.text
        elif name == "f":
            f = True
        elif name == "is":
            inline = [t.text or "" for t in child.iter() if _local(t.tag) == "t"]
    if kind == "inlineStr":
        return "".join(inline)
    if v is None or v == "":
        return FORMULA if f else None
    if kind == "s":
        index = int(v)
        if not 0 <= index < len(strings):
            raise IndexError("shared string out of range")  # a damaged (or forged) workbook
        return strings[index]
    if kind in ("str", "e"):
        return v
    if kind == "b":
        return v == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(v)
    number = float(v)
    style = int(cell.get("s", "0"))
    if style < len(dates) and dates[style]:
        return from_excel(number, epoch)
    return int(number) if number.is_integer() and "." not in v and "E" not in v.upper() else number


_NAMESPACES = (
    "",
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "{http://purl.oclc.org/ooxml/spreadsheetml/main}",  # Strict Open XML
)
CELL, ROW, DIMENSION = ({ns + name for ns in _NAMESPACES} for name in ("c", "row", "dimension"))


def _grid(book, part: str, label: str, strings, dates, epoch, cells: list[int]) -> list[list]:
    """Return the sheet's rows of values; LimitExceeded at the first limit passed."""
    problem = Problem("part_too_big", label, values={"mb": limits.MAX_SHEET_XML_BYTES >> 20})
    grid: list[list] = []
    last_row, col_no = 0, 0  # for the rare writer that leaves out cell references
    with _open(book, part, limits.MAX_SHEET_XML_BYTES, problem) as stream:
        for _, el in ElementTree.iterparse(stream):
            tag = el.tag
            if tag in CELL:
                ref = el.get("r")
                match = _REF.match(ref) if ref else None
                if match:
                    col_no, row_no = column_number(match.group(1)), int(match.group(2))
                else:
                    col_no, row_no = col_no + 1, last_row + 1
                if col_no > limits.MAX_COLUMNS or row_no > limits.MAX_ROWS + 20:
                    _extent(label, row_no, col_no, ref or f"{row_no}")
                cells[0] += 1
                if cells[0] > limits.MAX_CELLS:
                    raise LimitExceeded(
                        Problem("too_many_cells", label, values={"max": f"{limits.MAX_CELLS:,}"})
                    )
                value = _value(el, el.get("t"), strings, dates, epoch)
                if value is not None:
                    while len(grid) < row_no:
                        grid.append([])
                    row = grid[row_no - 1]
                    if len(row) < col_no:
                        row.extend([None] * (col_no - len(row)))
                    row[col_no - 1] = value
                el.clear()
            elif tag in ROW:
                last_row = int(el.get("r") or last_row + 1)
                col_no = 0
                _extent(label, last_row, 1, f"A{last_row}")
                el.clear()
            elif tag in DIMENSION:
                _dimension(label, el.get("ref", ""))
    return grid


def _extent(label: str, row: int, col: int, ref: str) -> None:
    if col > limits.MAX_COLUMNS or row > limits.MAX_ROWS + 20:
        values = {
            "ref": ref,
            "rows": row,
            "cols": col,
            "max_rows": limits.MAX_ROWS,
            "max_cols": limits.MAX_COLUMNS,
        }
        raise LimitExceeded(Problem("sheet_too_large", label, values=values))


def _dimension(label: str, ref: str) -> None:
    end = _REF.match(ref.split(":")[-1]) if ref else None
    if end:
        _extent(label, int(end.group(2)), column_number(end.group(1)), end.group(0))


def read_workbook(name: str, content: bytes, skip) -> list[tuple[str, list[list]]]:
    """Return (title, rows of values) for each sheet whose title `skip` does not reject."""
    book = zipfile.ZipFile(io.BytesIO(content))
    if len(book.infolist()) > limits.MAX_ZIP_ENTRIES:
        raise LimitExceeded(Problem("too_many_parts", name, values={"max": limits.MAX_ZIP_ENTRIES}))
    sheets, date1904 = _sheets(book, name)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    wanted = [(title, part) for title, part in sheets if not skip(title)]
    if not wanted:
        return []
    dates = _date_styles(book, name)
    strings = _shared_strings(book, name)
    cells = [0]
    return [
        (title, _grid(book, part, f"{name} › {title}", strings, dates, epoch, cells))
        for title, part in wanted
        if part in book.NameToInfo
    ]
