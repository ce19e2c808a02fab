"""A validation problem: where it is (file/sheet, row, column) and what is wrong, in zh and en."""

from __future__ import annotations

from dataclasses import dataclass, field

from ccbio.i18n import t


@dataclass(frozen=True)
class Problem:
    """One problem found in a ledger; `key` names its message in strings/ingest.toml."""

    key: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    values: dict = field(default_factory=dict, compare=False, hash=False)
    severity: str = "error"  # "error" blocks the write; "warning" is shown and allowed

    def message(self, lang: str = "zh") -> str:
        """Return the message in the user's language."""
        return t(f"ingest.{self.key}", lang, **self.values)

    def where(self, lang: str = "zh") -> str:
        """Return 'sheet, row 3, column 所属园区' (or the zh form) for a printed report."""
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"第 {self.row} 行" if lang == "zh" else f"row {self.row}")
        if self.column:
            parts.append(f"“{self.column}”列" if lang == "zh" else f"column '{self.column}'")
        return ("，" if lang == "zh" else ", ").join(parts)


class IngestError(RuntimeError):
    """Ingestion stopped: carries every problem found, nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.where('en')}: {p.message('en')}" for p in problems))
        self.problems = problems
