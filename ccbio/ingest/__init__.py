"""Ledger ingestion: planners' Excel/CSV ledgers in, a validated new monthly snapshot out.

    plan = plan_ingest([LedgerFile(name, bytes)], "2026-01")   # validate, write nothing
    if plan.ok:
        write_plan(plan, reason="…")   # atomic; the reason is needed when plan.confirmations

`ingest()` does both under one lock. The ledger model and the rules are described in
data/README.md ("Ledgers").
"""

from pathlib import Path

from ccbio import config
from ccbio.ingest.lock import Busy, data_lock
from ccbio.ingest.plan import NOTE_FILE, Plan, existing_periods, plan_ingest
from ccbio.ingest.problems import IngestError, Problem
from ccbio.ingest.read import LedgerFile
from ccbio.ingest.write import write_plan


def ingest(
    files: list[LedgerFile],
    period: str,
    replace: bool = False,
    data_dir=None,
    reason: str | None = None,
) -> Plan:
    """Validate the ledgers and, when there is no error (and any warning is confirmed by
    `reason`), write the snapshot, holding the data folder's lock throughout; return the plan."""
    data_dir = Path(data_dir or config.data_dir())
    if not data_dir.is_dir():
        return plan_ingest(files, period, replace=replace, data_dir=data_dir)
    try:
        with data_lock(data_dir):
            plan = plan_ingest(files, period, replace=replace, data_dir=data_dir)
            if plan.ok and (reason or not plan.confirmations):
                write_plan(plan, data_dir, reason)
    except Busy as busy:
        plan = Plan(period=period, replace=replace)
        plan.problems += busy.problems
    return plan


__all__ = [
    "NOTE_FILE",
    "Busy",
    "IngestError",
    "LedgerFile",
    "Plan",
    "Problem",
    "existing_periods",
    "ingest",
    "plan_ingest",
    "write_plan",
]
