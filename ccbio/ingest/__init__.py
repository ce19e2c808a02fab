"""Ledger ingestion: planners' Excel/CSV ledgers in, a validated new monthly snapshot out.

    plan = plan_ingest([LedgerFile(name, bytes)], "2026-01")   # validate, write nothing
    if plan.ok:
        write_plan(plan)                                         # atomic: staging folder + rename

`ingest()` does both. The ledger model and the rules are described in data/README.md ("Ledgers").
"""

from ccbio.ingest.plan import Plan, existing_periods, plan_ingest
from ccbio.ingest.problems import IngestError, Problem
from ccbio.ingest.read import LedgerFile
from ccbio.ingest.write import write_plan


def ingest(files: list[LedgerFile], period: str, replace: bool = False, data_dir=None) -> Plan:
    """Validate the ledgers and, when there is no error, write the snapshot; return the plan."""
    plan = plan_ingest(files, period, replace=replace, data_dir=data_dir)
    if plan.ok:
        write_plan(plan, data_dir)
    return plan


__all__ = [
    "IngestError",
    "LedgerFile",
    "Plan",
    "Problem",
    "existing_periods",
    "ingest",
    "plan_ingest",
    "write_plan",
]
