"""A validation problem: where it is (file/sheet, row, column) and what is wrong, in zh and en.

Three severities: an **error** blocks the write and can never be confirmed away; a **confirm**
warning (plausible but unusual: a year-on-year ×2.2, parks left out, a large revision, a past
month replaced) blocks it until someone confirms with a reason; a **note** is only shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ccbio.i18n import t

SEVERITIES = ("error", "confirm", "note")
MAX_LISTED = 500  # problems kept for the report; the rest are counted (a garbage file has 200,000)


@dataclass(frozen=True)
class Problem:
    """One problem found in a ledger; `key` names its message in strings/ingest.toml."""

    key: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    values: dict = field(default_factory=dict, compare=False, hash=False)
    severity: str = "error"

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

    def line(self, lang: str = "zh") -> str:
        """Return 'where：message' as one line of a report."""
        where = self.where(lang)
        return (
            f"{where}{'：' if lang == 'zh' else ': '}{self.message(lang)}"
            if where
            else self.message(lang)
        )


class ProblemList(list):
    """The problems of one validation: at most MAX_LISTED kept, the others counted by severity."""

    def __init__(self, *args):
        super().__init__(*args)
        self.dropped = dict.fromkeys(SEVERITIES, 0)

    def add(self, problem: Problem) -> None:
        """Keep the problem, or count it once the list is full."""
        if len(self) < MAX_LISTED:
            self.append(problem)
        else:
            self.dropped[problem.severity] += 1

    def total(self, severity: str) -> int:
        """Return how many problems of this severity were found, listed or not."""
        return sum(p.severity == severity for p in self) + self.dropped[severity]


class IngestError(RuntimeError):
    """Ingestion stopped: carries every problem found, nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.line("en") for p in problems))
        self.problems = problems
