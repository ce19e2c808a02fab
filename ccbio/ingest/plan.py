"""Validate ledgers against the data and, when they are clean, build the new period's tables.

The ledger model: a new snapshot is the previous snapshot carried forward with the ledgers'
changes applied. Projects and enterprises ledgers are upserts keyed by id (a blank id adds a new
record; a status such as 终止 / 退出 / 迁出 removes one); records not in a ledger are carried
unchanged. The indicators ledger holds month × park × sector values: the new month (preliminary)
and, for older months, revisions. Counts (企业数量, 规上 …) for the new month are counted from the
new enterprises table unless the ledger gives them.

Cells are parsed column by column (ccbio/ingest/kinds.py); the checks here work on whole
columns and the changes are applied in ccbio/ingest/apply.py, so the cost is linear in rows.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ccbio import config
from ccbio.ingest import apply, checks
from ccbio.ingest.kinds import parse_sheet
from ccbio.ingest.lock import Busy, data_lock, recover
from ccbio.ingest.names import load_names
from ccbio.ingest.plausibility import indicator_problems
from ccbio.ingest.problems import Problem, ProblemList
from ccbio.ingest.read import LedgerFile, Sheet, read_files
from ccbio.ingest.schema import LEDGERS
from ccbio.periods import add_months, is_period

TABLES = ("projects", "enterprises", "indicators", "project_events")
NOTE_FILE = "ingest.json"  # kept with a written snapshot: files, confirmations and their reason
# A period is typed by people: only ASCII digits, nothing around them.
_STRICT_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass
class Plan:
    """The outcome of validating ledgers for one period; `tables` is set only when there is no error."""

    period: str
    replace: bool = False
    base_period: str | None = None
    problems: ProblemList = field(default_factory=ProblemList)
    tables: dict[str, pd.DataFrame] | None = None
    summary: dict[str, int] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    fingerprint: tuple = ()
    new_columns: dict[str, list[str]] = field(default_factory=dict)

    def _of(self, severity: str) -> list[Problem]:
        return [p for p in self.problems if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that block the write."""
        return self._of("error")

    @property
    def confirmations(self) -> list[Problem]:
        """Return the warnings that need a confirmation with a reason before the write."""
        return self._of("confirm")

    @property
    def notes(self) -> list[Problem]:
        """Return the problems that are only shown."""
        return self._of("note")

    @property
    def warnings(self) -> list[Problem]:
        """Return every problem that does not block the write by itself."""
        return self.confirmations + self.notes

    @property
    def error_count(self) -> int:
        """Return how many errors were found (more than are listed for a garbage file)."""
        return self.problems.total("error")

    @property
    def ok(self) -> bool:
        """Return True when the snapshot can be written (after confirmation, if any is needed)."""
        return not self.errors and self.tables is not None


def strict_period(value: object) -> bool:
    """Return True for exactly 'YYYY-MM' in ASCII digits (no newline, no full-width digits)."""
    return isinstance(value, str) and _STRICT_PERIOD.fullmatch(value) is not None


def existing_periods(data_dir: Path) -> list[str]:
    """Return the snapshot periods on disk, oldest first (folders `period=YYYY-MM`)."""
    folder = data_dir / "snapshots"
    if not folder.is_dir():
        return []
    names = [
        e.name[len("period=") :]
        for e in os.scandir(folder)
        if e.is_dir() and e.name.startswith("period=")
    ]
    return sorted(n for n in names if is_period(n))


def snapshot_fingerprint(data_dir: Path) -> tuple:
    """Return what identifies the snapshots on disk now (names, inodes, times of period=* folders)."""
    folder = data_dir / "snapshots"
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            (e.name, e.inode(), e.stat().st_mtime_ns)
            for e in os.scandir(folder)
            if e.name.startswith("period=")
        )
    )


@dataclass
class Context:
    """What the checks of one plan share: the period, the base snapshot, the name lookups."""

    period: str
    base: dict[str, pd.DataFrame]
    names: object
    used_ids: dict[str, set[str]]
    problems: ProblemList


def _used_ids(data_dir: Path) -> dict[str, set[str]]:
    """Return every project and enterprise id in any snapshot (new ids must not reuse them)."""
    ids: dict[str, set[str]] = {"projects": set(), "enterprises": set()}
    for period in existing_periods(data_dir):
        for table, col in (("projects", "project_id"), ("enterprises", "enterprise_id")):
            path = data_dir / "snapshots" / f"period={period}" / f"{table}.parquet"
            ids[table].update(pq.read_table(path, columns=[col]).column(col).to_pylist())
    return ids


def _check_period(plan: Plan, periods: list[str]) -> None:
    """Record period problems; set the base snapshot (the latest before the period)."""
    p = plan.period
    if p in periods and not plan.replace:
        plan.problems.add(Problem("period_exists", column="--period", values={"value": p}))
    elif p not in periods and p != add_months(periods[-1], 1):
        next_period = add_months(periods[-1], 1)
        plan.problems.add(
            Problem("period_gap", column="--period", values={"value": p, "next": next_period})
        )
    earlier = [q for q in periods if q < p]
    if not earlier:
        plan.problems.add(
            Problem("no_base", column="--period", values={"value": p, "first": periods[0]})
        )
    later = [q for q in periods if q > p]
    if plan.replace and p in periods and later:
        plan.problems.add(
            Problem(
                "replace_past",
                column="--period",
                values={"value": p, "first": later[0], "last": later[-1], "n": len(later)},
                severity="confirm",
            )
        )
    plan.base_period = earlier[-1] if earlier else None


def _by_ledger(plan: Plan, sheets: list[Sheet]) -> dict[str, Sheet]:
    by_ledger: dict[str, Sheet] = {}
    for sheet in sheets:
        if sheet.ledger in by_ledger:
            first = by_ledger[sheet.ledger].label
            plan.problems.add(Problem("duplicate_ledger", sheet.label, values={"first": first}))
        else:
            by_ledger[sheet.ledger] = sheet
    return by_ledger


def _required(problems: ProblemList, sheet: Sheet) -> bool:
    missing = [
        c.header_zh for c in LEDGERS[sheet.ledger] if c.required and c.name not in sheet.columns
    ]
    for header in missing:
        problems.add(Problem("missing_column", sheet.label, sheet.header_row, header))
    return not missing


def plan_ingest(
    files: list[LedgerFile], period: str, replace: bool = False, data_dir: Path | None = None
) -> Plan:
    """Return the validated plan for writing `period` from the ledger files (nothing is written)."""
    data_dir = Path(data_dir or config.data_dir())
    plan = Plan(period=period, replace=replace)
    if not strict_period(period):  # one message, not one per row that the period would date
        shown = repr(period)[1:-1] if isinstance(period, str) else str(period)
        plan.problems.add(Problem("bad_period", column="--period", values={"value": shown}))
        return plan
    if not data_dir.is_dir():
        plan.problems.add(Problem("no_data_dir"))
        return plan
    try:
        with data_lock(data_dir):
            recover(data_dir)
            _plan(plan, files, data_dir)
    except Busy as busy:
        plan.problems[:] = busy.problems
        plan.tables = None
    dropped = sum(plan.problems.dropped.values())
    if dropped:
        values = {"n": f"{dropped:,}", "shown": len(plan.problems)}
        plan.problems.append(Problem("more_problems", values=values, severity="note"))
    return plan


def _plan(plan: Plan, files: list[LedgerFile], data_dir: Path) -> None:
    periods = existing_periods(data_dir)
    plan.fingerprint = snapshot_fingerprint(data_dir)
    if not periods:
        plan.problems.add(Problem("no_snapshots"))
        return
    _check_period(plan, periods)
    sheets, read_problems = read_files(files)
    for problem in read_problems:
        plan.problems.add(problem)
    plan.sheets = [f"{s.label} ({s.ledger})" for s in sheets]
    by_ledger = _by_ledger(plan, sheets)
    if plan.base_period is None:
        return
    base_dir = data_dir / "snapshots" / f"period={plan.base_period}"
    base = {
        t: pd.read_parquet(base_dir / f"{t}.parquet")
        for t in ("projects", "enterprises", "indicators")
    }
    ctx = Context(plan.period, base, load_names(data_dir), _used_ids(data_dir), plan.problems)
    parsed = {}
    for ledger, check in (
        ("projects", checks.projects),
        ("enterprises", checks.enterprises),
        ("indicators", checks.indicators),
    ):
        sheet = by_ledger.get(ledger)
        if sheet is not None and _required(plan.problems, sheet):
            start = len(plan.problems)
            parsed[ledger] = check(ctx, sheet, parse_sheet(sheet, ctx.names, plan.problems))
            plan.problems[start:] = sorted(plan.problems[start:], key=lambda p: p.row or 0)
    if "indicators" not in by_ledger:
        plan.problems.add(Problem("no_indicators", values={"period": plan.period}))
    elif "indicators" in parsed:
        for problem in indicator_problems(
            parsed["indicators"],
            by_ledger["indicators"],
            base["indicators"],
            plan.base_period,
            plan.period,
            ctx.names,
        ):
            plan.problems.add(problem)
    if plan.problems.total("error"):
        return
    plan.tables, plan.summary, plan.new_columns = apply.build(ctx, parsed, by_ledger)
