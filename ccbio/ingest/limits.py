"""Bounded cost: limits on an upload, checked while it is read, before anything is built from it.

A 5 KB workbook can declare one cell at XFD60000 (openpyxl would fill a billion empty cells), and
a 0.4 MB one can unpack to a 400 MB shared string. The workbook reader (ccbio/ingest/xlsx.py)
streams each part it needs with a byte cap and stops at the first limit passed; parts it does not
need (themes, images) are never unpacked. The server's upload limit (.streamlit/config.toml
server.maxUploadSize) is MAX_FILE_MB, so the page refuses a bigger file before it is even sent.
"""

from __future__ import annotations

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
CHUNK = 1024 * 1024


class LimitExceeded(Exception):
    """One limit passed while streaming a part; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.key)
        self.problem = problem


def column_number(letters: bytes | str) -> int:
    """Return 1 for A, 26 for Z, 16384 for XFD."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n
