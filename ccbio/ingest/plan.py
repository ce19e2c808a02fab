"""Validate ledgers against the data and, when they are clean, build the new period's tables.

The ledger model: a new snapshot is the previous snapshot carried forward with the ledgers'
changes applied. Projects and enterprises ledgers are upserts keyed by id (a blank id adds a new
record; a status such as 终止 / 退出 / 迁出 removes one); records not in a ledger are carried
unchanged. The indicators ledger holds month × park × sector values: the new month (preliminary)
and, for older months, revisions. Counts (企业数量, 规上 …) for the new month are counted from the
new enterprises table unless the ledger gives them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ccbio import config
from ccbio.alerts import STAGE_NAMES
from ccbio.ingest import values as v
from ccbio.ingest.plausibility import month_total_problems
from ccbio.ingest.problems import Problem
from ccbio.ingest.read import LedgerFile, Sheet, read_files
from ccbio.ingest.schema import (
    ENTERPRISE_STATUS,
    INDICATOR_COLUMNS,
    LEDGERS,
    MAX_COUNT,
    MAX_FIRM_OUTPUT_YI,
    MAX_MONTHLY_MONEY_YI,
    MAX_PROJECT_INVESTMENT_YI,
    PROJECT_STATUS,
    STATUS_EN,
    normalise,
)
from ccbio.periods import add_months, is_period

TABLES = ("projects", "enterprises", "indicators", "project_events")
COUNT_FLAGS = {
    "enterprises": None,
    "above_scale": "is_above_scale",
    "srdi": "is_srdi",
    "listed": "is_listed",
    "chain_leaders_new": "is_chain_leader_new",
}


@dataclass
class Plan:
    """The outcome of validating ledgers for one period; `tables` is set only when there is no error."""

    period: str
    replace: bool = False
    base_period: str | None = None
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] | None = None
    summary: dict[str, int] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that block the write."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems shown but not blocking."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Return True when the snapshot can be written."""
        return not self.errors and self.tables is not None


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


@dataclass
class _Context:
    period: str
    base: dict[str, pd.DataFrame]
    parks: dict[str, str]
    sectors: dict[str, str]
    used_ids: dict[str, set[str]]
    problems: list[Problem]


def _reference(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    ref = data_dir / "reference"
    parks = pd.read_csv(ref / "parks.csv", dtype=str)
    sectors = pd.read_csv(ref / "sectors.csv", dtype=str)
    return (
        v.name_lookup(parks, "park_id", ("name_zh", "name_en")),
        v.name_lookup(sectors, "sector_id", ("name_zh", "name_en", "project_zh")),
    )


def _used_ids(data_dir: Path) -> dict[str, set[str]]:
    """Return every project and enterprise id in any snapshot (new ids must not reuse them)."""
    ids: dict[str, set[str]] = {"projects": set(), "enterprises": set()}
    for period in existing_periods(data_dir):
        for table, col in (("projects", "project_id"), ("enterprises", "enterprise_id")):
            path = data_dir / "snapshots" / f"period={period}" / f"{table}.parquet"
            ids[table].update(pq.read_table(path, columns=[col]).column(col).to_pylist())
    return ids


def _cell(ctx: _Context, sheet: Sheet, row: int, name: str, raw: object, parse, *args):
    """Return the parsed cell, or None after recording the problem the parser named."""
    try:
        return parse(raw, *args)
    except ValueError as exc:
        ctx.problems.append(
            Problem(exc.args[0], sheet.label, row, sheet.header(name), {"value": v.text(raw) or ""})
        )
        return None


def _lookup(
    ctx: _Context, sheet: Sheet, row: int, name: str, raw: object, table: dict[str, str], key: str
):
    found = table.get(normalise(v.text(raw) or ""))
    if found is None:
        ctx.problems.append(
            Problem(key, sheet.label, row, sheet.header(name), {"value": v.text(raw) or ""})
        )
    return found


def _required(ctx: _Context, sheet: Sheet) -> bool:
    missing = [
        c.header_zh for c in LEDGERS[sheet.ledger] if c.required and c.name not in sheet.columns
    ]
    for header in missing:
        ctx.problems.append(Problem("missing_column", sheet.label, sheet.header_row, header))
    return not missing


def _not_blank(ctx: _Context, sheet: Sheet, row: int, name: str, raw: object) -> bool:
    if v.blank(raw):
        ctx.problems.append(Problem("blank_required", sheet.label, row, sheet.header(name)))
        return False
    return True


def _amount(ctx, sheet, row, name, raw, limit, positive):
    amount = _cell(ctx, sheet, row, name, raw, v.number, sheet.columns[name][1])
    if amount is None:
        return None
    if amount < 0 or (positive and amount == 0):
        ctx.problems.append(
            Problem(
                "not_positive" if positive else "negative_value",
                sheet.label,
                row,
                sheet.header(name),
                {"value": f"{amount:g}"},
            )
        )
        return None
    if amount > limit:
        ctx.problems.append(
            Problem(
                "too_large",
                sheet.label,
                row,
                sheet.header(name),
                {"value": f"{amount:g}", "limit": f"{limit:g}"},
            )
        )
        return None
    return amount


# ---- projects --------------------------------------------------------------------------------------


def _check_identity(
    ctx: _Context,
    sheet: Sheet,
    row: int,
    rec: dict,
    id_field: str,
    seen_ids: dict,
    seen_names: dict,
    base_names: dict,
) -> None:
    """Record a repeated id, or for a new record (no id) a name already in the data or repeated."""
    rid = rec[id_field]
    if rid is not None:
        if rid in seen_ids:
            ctx.problems.append(
                Problem(
                    "duplicate_id",
                    sheet.label,
                    row,
                    sheet.header(id_field),
                    {"value": rid, "first": seen_ids[rid]},
                )
            )
        seen_ids.setdefault(rid, row)
    elif rec["name_zh"]:
        key = normalise(rec["name_zh"])
        if key in base_names:
            ctx.problems.append(
                Problem(
                    "name_exists",
                    sheet.label,
                    row,
                    sheet.header("name_zh"),
                    {"value": rec["name_zh"], "id": base_names[key]},
                )
            )
        elif key in seen_names:
            ctx.problems.append(
                Problem(
                    "duplicate_name",
                    sheet.label,
                    row,
                    sheet.header("name_zh"),
                    {"value": rec["name_zh"], "first": seen_names[key]},
                )
            )
        seen_names.setdefault(key, row)


def _check_projects(ctx: _Context, sheet: Sheet) -> list[dict]:
    base = ctx.base["projects"].set_index("project_id")
    base_names = dict(zip(base["name_zh"].map(normalise), base.index, strict=False))
    seen_ids, seen_names, out = {}, {}, []
    for row, cells in sheet.rows:
        n = len(ctx.problems)
        rec = {"row": row, "project_id": v.text(cells.get("project_id"))}
        for name in ("name_zh", "park_id", "sector_id", "stage", "investment_yi"):
            _not_blank(ctx, sheet, row, name, cells.get(name))
        rec["name_zh"] = v.text(cells.get("name_zh"))
        for name in ("name_en", "sponsor_zh", "reason"):
            rec[name] = v.text(cells.get(name))
        if not v.blank(cells.get("park_id")):
            rec["park_id"] = _lookup(
                ctx, sheet, row, "park_id", cells["park_id"], ctx.parks, "unknown_park"
            )
        if not v.blank(cells.get("sector_id")):
            rec["sector_id"] = _lookup(
                ctx, sheet, row, "sector_id", cells["sector_id"], ctx.sectors, "unknown_sector"
            )
        if not v.blank(cells.get("stage")):
            rec["stage"] = _cell(ctx, sheet, row, "stage", cells["stage"], v.stage)
        if not v.blank(cells.get("investment_yi")):
            rec["investment_yi"] = _amount(
                ctx,
                sheet,
                row,
                "investment_yi",
                cells["investment_yi"],
                MAX_PROJECT_INVESTMENT_YI,
                True,
            )
        rec["build_type"] = _cell(
            ctx, sheet, row, "build_type", cells.get("build_type"), v.build_type
        )
        status = normalise(v.text(cells.get("status")) or "")
        if status not in PROJECT_STATUS:
            ctx.problems.append(
                Problem(
                    "bad_status",
                    sheet.label,
                    row,
                    sheet.header("status"),
                    {"value": v.text(cells.get("status"))},
                )
            )
        rec["status"] = PROJECT_STATUS.get(status)
        rec["status_text"] = v.text(cells.get("status"))
        pid = rec["project_id"]
        _check_identity(ctx, sheet, row, rec, "project_id", seen_ids, seen_names, base_names)
        old = base.loc[pid] if pid is not None and pid in base.index else None
        if rec["status"] and old is None:
            ctx.problems.append(
                Problem(
                    "unknown_removal",
                    sheet.label,
                    row,
                    sheet.header("status"),
                    {"value": pid or rec["name_zh"] or ""},
                )
            )
        if (
            old is not None
            and rec.get("stage")
            and v.stage_order(rec["stage"]) < v.stage_order(old["stage"])
            and not rec["reason"]
        ):
            ctx.problems.append(
                Problem(
                    "illegal_stage_move",
                    sheet.label,
                    row,
                    sheet.header("stage"),
                    {
                        "id": pid,
                        "from": STAGE_NAMES[old["stage"]][0],
                        "to": STAGE_NAMES[rec["stage"]][0],
                        "from_en": STAGE_NAMES[old["stage"]][1],
                        "to_en": STAGE_NAMES[rec["stage"]][1],
                    },
                )
            )
        if rec["build_type"] and rec.get("stage") and v.stage_order(rec["stage"]) < 2:
            ctx.problems.append(
                Problem(
                    "build_type_ignored",
                    sheet.label,
                    row,
                    sheet.header("build_type"),
                    severity="warning",
                )
            )
        if (
            old is not None
            and rec.get("investment_yi")
            and old["investment_yi"]
            and rec["investment_yi"] > 10 * old["investment_yi"]
        ):
            ctx.problems.append(
                Problem(
                    "big_jump",
                    sheet.label,
                    row,
                    sheet.header("investment_yi"),
                    {"old": f"{old['investment_yi']:g}", "new": f"{rec['investment_yi']:g}"},
                    severity="warning",
                )
            )
        if not any(p.severity == "error" for p in ctx.problems[n:]):
            out.append(rec)
    return out


def _next_ids(prefix: str, used: set[str], n: int) -> list[str]:
    numbers = [int(m.group(1)) for i in used if (m := re.fullmatch(prefix + r"(\d+)", str(i)))]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{k:04d}" for k in range(start, start + n)]


def _build_type(start: object, period: str) -> str | None:
    return None if v.blank(start) else ("new" if str(start)[:4] == period[:4] else "continued")


def _apply_projects(
    ctx: _Context, recs: list[dict], summary: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    period = ctx.period
    table = ctx.base["projects"].copy()
    table["build_type"] = [_build_type(s, period) for s in table["construction_start"]]
    table = table.set_index("project_id", drop=False)
    events = []
    new_ids = iter(
        _next_ids(
            "P",
            ctx.used_ids["projects"] | {r["project_id"] for r in recs if r["project_id"]},
            sum(1 for r in recs if not r["project_id"]),
        )
    )
    for rec in recs:
        pid = rec["project_id"] or next(new_ids)
        if rec["status"]:
            old = table.loc[pid]
            reason_zh = rec["reason"] or rec["status_text"]
            events.append(
                (
                    pid,
                    "completed" if rec["status"] == "completed" else "terminated",
                    old["stage"],
                    None,
                    reason_zh,
                    f"{STATUS_EN[rec['status']]}: {rec['reason'] or rec['status_text']}",
                )
            )
            table = table.drop(index=pid)
            summary["projects_removed"] += 1
            continue
        stage = rec["stage"]
        if pid in table.index:
            old = table.loc[pid].to_dict()
            moved = stage != old["stage"]
            if moved:
                back = v.stage_order(stage) < v.stage_order(old["stage"])
                events.append(
                    (
                        pid,
                        "moved_back" if back else "advanced",
                        old["stage"],
                        stage,
                        rec["reason"],
                        rec["reason"],
                    )
                )
                summary["stage_moves_back" if back else "stage_moves_forward"] += 1
            summary["projects_updated"] += 1
            is_demo = bool(old["is_demo"])
        else:
            old, moved, is_demo = {}, True, False
            events.append((pid, "entered", None, stage, None, None))
            summary["projects_new"] += 1
        start = old.get("construction_start")
        if v.stage_order(stage) < 2:
            start = None
        elif v.blank(start):
            start = period
        row = {
            "project_id": pid,
            "name_zh": rec["name_zh"],
            "name_en": rec["name_en"] or old.get("name_en") or rec["name_zh"],
            "sponsor_zh": rec["sponsor_zh"] or old.get("sponsor_zh"),
            "park_id": rec["park_id"],
            "sector_id": rec["sector_id"],
            "stage": stage,
            "stage_since": period if moved else old.get("stage_since", period),
            "entered_month": old.get("entered_month") or period,
            "construction_start": start,
            "build_type": (rec["build_type"] or _build_type(start, period))
            if v.stage_order(stage) >= 2
            else None,
            "investment_yi": float(rec["investment_yi"]),
            "is_major": float(rec["investment_yi"]) >= 10 or not is_demo,
            "is_demo": is_demo,
        }
        table.loc[pid] = pd.Series(row)
    table = table.reset_index(drop=True).sort_values(["park_id", "sector_id", "project_id"])
    columns = ["project_id", "event", "from_stage", "to_stage", "reason_zh", "reason_en"]
    return table, pd.DataFrame(events, columns=columns).sort_values(["project_id", "event"])


# ---- enterprises -----------------------------------------------------------------------------------

_FLAG_COLUMNS = (
    "is_chain_leader",
    "is_chain_leader_new",
    "is_listed",
    "is_above_scale",
    "is_srdi",
    "is_leading",
)


def _check_enterprises(ctx: _Context, sheet: Sheet) -> list[dict]:
    base = ctx.base["enterprises"].set_index("enterprise_id")
    base_names = dict(zip(base["name_zh"].map(normalise), base.index, strict=False))
    seen_ids, seen_names, out = {}, {}, []
    for row, cells in sheet.rows:
        n = len(ctx.problems)
        rec = {"row": row, "enterprise_id": v.text(cells.get("enterprise_id"))}
        for name in ("name_zh", "park_id", "sector_id"):
            _not_blank(ctx, sheet, row, name, cells.get(name))
        for name in ("name_zh", "name_en", "reason"):
            rec[name] = v.text(cells.get(name))
        if not v.blank(cells.get("park_id")):
            rec["park_id"] = _lookup(
                ctx, sheet, row, "park_id", cells["park_id"], ctx.parks, "unknown_park"
            )
        if not v.blank(cells.get("sector_id")):
            rec["sector_id"] = _lookup(
                ctx, sheet, row, "sector_id", cells["sector_id"], ctx.sectors, "unknown_sector"
            )
        for name in _FLAG_COLUMNS:
            rec[name] = _cell(ctx, sheet, row, name, cells.get(name), v.flag)
        rec["output_value_yi"] = None
        if not v.blank(cells.get("output_value_yi")):
            rec["output_value_yi"] = _amount(
                ctx,
                sheet,
                row,
                "output_value_yi",
                cells["output_value_yi"],
                MAX_FIRM_OUTPUT_YI,
                False,
            )
        rec["entered_month"] = (
            None
            if v.blank(cells.get("entered_month"))
            else _cell(ctx, sheet, row, "entered_month", cells["entered_month"], v.month)
        )
        status = normalise(v.text(cells.get("status")) or "")
        if status not in ENTERPRISE_STATUS:
            ctx.problems.append(
                Problem(
                    "bad_status",
                    sheet.label,
                    row,
                    sheet.header("status"),
                    {"value": v.text(cells.get("status"))},
                )
            )
        rec["status"] = ENTERPRISE_STATUS.get(status)
        eid = rec["enterprise_id"]
        _check_identity(ctx, sheet, row, rec, "enterprise_id", seen_ids, seen_names, base_names)
        if rec["status"] and (eid is None or eid not in base.index):
            ctx.problems.append(
                Problem(
                    "unknown_removal",
                    sheet.label,
                    row,
                    sheet.header("status"),
                    {"value": eid or rec["name_zh"] or ""},
                )
            )
        if not any(p.severity == "error" for p in ctx.problems[n:]):
            out.append(rec)
    return out


def _apply_enterprises(ctx: _Context, recs: list[dict], summary: dict) -> pd.DataFrame:
    table = ctx.base["enterprises"].copy().set_index("enterprise_id", drop=False)
    new_ids = iter(
        _next_ids(
            "E",
            ctx.used_ids["enterprises"] | {r["enterprise_id"] for r in recs if r["enterprise_id"]},
            sum(1 for r in recs if not r["enterprise_id"]),
        )
    )
    for rec in recs:
        eid = rec["enterprise_id"] or next(new_ids)
        if rec["status"]:
            table = table.drop(index=eid)
            summary["firms_removed"] += 1
            continue
        old = table.loc[eid].to_dict() if eid in table.index else {}
        summary["firms_updated" if old else "firms_new"] += 1
        row = {
            "enterprise_id": eid,
            "name_zh": rec["name_zh"],
            "name_en": rec["name_en"] or old.get("name_en") or rec["name_zh"],
            "park_id": rec["park_id"],
            "sector_id": rec["sector_id"],
            "entered_month": rec["entered_month"] or old.get("entered_month") or ctx.period,
        }
        for name in _FLAG_COLUMNS:
            row[name] = rec[name] if rec[name] is not None else bool(old.get(name, False))
        row["output_value_yi"] = (
            rec["output_value_yi"]
            if rec["output_value_yi"] is not None
            else float(old.get("output_value_yi", 0.0))
        )
        row["is_demo"] = bool(old.get("is_demo", False))
        table.loc[eid] = pd.Series(row)
    return table.reset_index(drop=True).sort_values(["park_id", "sector_id", "enterprise_id"])


# ---- indicators ------------------------------------------------------------------------------------


def _check_indicators(ctx: _Context, sheet: Sheet) -> list[tuple]:
    present = [c for c in INDICATOR_COLUMNS if c.name in sheet.columns]
    if not present:
        ctx.problems.append(
            Problem(
                "missing_column",
                sheet.label,
                sheet.header_row,
                " / ".join(c.header_zh for c in INDICATOR_COLUMNS[:3]),
            )
        )
        return []
    seen, out = {}, []
    for row, cells in sheet.rows:
        n = len(ctx.problems)
        for name in ("month", "park_id", "sector_id"):
            _not_blank(ctx, sheet, row, name, cells.get(name))
        month = (
            None
            if v.blank(cells.get("month"))
            else _cell(ctx, sheet, row, "month", cells["month"], v.month)
        )
        if month and month > ctx.period:
            ctx.problems.append(
                Problem(
                    "future_month",
                    sheet.label,
                    row,
                    sheet.header("month"),
                    {"value": month, "period": ctx.period},
                )
            )
        elif month and month < config.HISTORY_START:
            ctx.problems.append(
                Problem(
                    "too_old",
                    sheet.label,
                    row,
                    sheet.header("month"),
                    {"value": month, "first": config.HISTORY_START},
                )
            )
        park = (
            None
            if v.blank(cells.get("park_id"))
            else _lookup(ctx, sheet, row, "park_id", cells["park_id"], ctx.parks, "unknown_park")
        )
        sector = (
            None
            if v.blank(cells.get("sector_id"))
            else _lookup(
                ctx, sheet, row, "sector_id", cells["sector_id"], ctx.sectors, "unknown_sector"
            )
        )
        key = (month, park, sector)
        if None not in key:
            if key in seen:
                ctx.problems.append(
                    Problem("duplicate_row", sheet.label, row, "", {"first": seen[key]})
                )
            seen.setdefault(key, row)
        found = []
        for col in present:
            raw = cells.get(col.name)
            if v.blank(raw):
                continue
            if col.kind == "money":
                value = _amount(ctx, sheet, row, col.name, raw, MAX_MONTHLY_MONEY_YI, False)
            else:
                value = _cell(ctx, sheet, row, col.name, raw, v.count)
                if value is not None and value > MAX_COUNT:
                    ctx.problems.append(
                        Problem(
                            "too_large",
                            sheet.label,
                            row,
                            sheet.header(col.name),
                            {"value": value, "limit": MAX_COUNT},
                        )
                    )
            found.append((col.name, value))
        if not any(p.severity == "error" for p in ctx.problems[n:]):
            out += [(month, park, sector, code, float(value)) for code, value in found]
    return out


def _apply_indicators(
    ctx: _Context, rows: list[tuple], enterprises: pd.DataFrame, summary: dict
) -> pd.DataFrame:
    key = ["month", "park_id", "sector_id", "indicator_code"]
    table = ctx.base["indicators"].copy()
    ledger = pd.DataFrame(rows, columns=[*key, "value"])
    derived = []
    for code, flag in COUNT_FLAGS.items():
        counts = (
            (enterprises if flag is None else enterprises[enterprises[flag].astype(bool)])
            .groupby(["park_id", "sector_id"])
            .size()
        )
        derived += [
            (ctx.period, park, sector, code, float(n)) for (park, sector), n in counts.items() if n
        ]
    derived = pd.DataFrame(derived, columns=[*key, "value"])
    given = set(map(tuple, ledger[key].itertuples(index=False)))
    derived = derived[[k not in given for k in map(tuple, derived[key].itertuples(index=False))]]
    merged = table.merge(ledger, on=key, how="outer", suffixes=("", "_new"), indicator=True)
    revised = merged[
        (merged["_merge"] == "both") & ((merged["value"] - merged["value_new"]).abs() > 1e-9)
    ]
    summary["revised_values"] = int(len(revised))
    summary["revised_months"] = int(revised["month"].nunique())
    merged["value"] = merged["value_new"].where(merged["value_new"].notna(), merged["value"])
    table = pd.concat([merged[[*key, "value"]], derived], ignore_index=True)
    table = table[table["month"] <= ctx.period]
    table["is_preliminary"] = table["month"] == ctx.period
    summary["indicator_values"] = int(len(ledger))
    return table.sort_values(key).reset_index(drop=True)


# ---- the whole plan -------------------------------------------------------------------------------


def _check_period(plan: Plan, periods: list[str]) -> None:
    """Record period problems; set the base snapshot (the latest before the period, else the latest)."""
    p = plan.period
    if not periods:
        plan.problems.append(Problem("no_snapshots"))
        return
    if not is_period(p):
        plan.problems.append(Problem("bad_period", column="--period", values={"value": p}))
        plan.base_period = periods[-1]  # still check the rows, so every problem shows at once
        return
    if p in periods and not plan.replace:
        plan.problems.append(Problem("period_exists", column="--period", values={"value": p}))
    elif p not in periods and p != add_months(periods[-1], 1):
        plan.problems.append(
            Problem(
                "period_gap",
                column="--period",
                values={"value": p, "next": add_months(periods[-1], 1)},
            )
        )
    earlier = [q for q in periods if q < p]
    if not earlier:
        plan.problems.append(
            Problem("no_base", column="--period", values={"value": p, "first": periods[0]})
        )
    plan.base_period = earlier[-1] if earlier else periods[-1]


def plan_ingest(
    files: list[LedgerFile], period: str, replace: bool = False, data_dir: Path | None = None
) -> Plan:
    """Return the validated plan for writing `period` from the ledger files (nothing is written)."""
    data_dir = Path(data_dir or config.data_dir())
    plan = Plan(period=period, replace=replace)
    periods = existing_periods(data_dir)
    _check_period(plan, periods)
    sheets, read_problems = read_files(files)
    plan.problems += read_problems
    plan.sheets = [f"{s.label} ({s.ledger})" for s in sheets]
    by_ledger: dict[str, Sheet] = {}
    for sheet in sheets:
        if sheet.ledger in by_ledger:
            plan.problems.append(
                Problem(
                    "duplicate_ledger", sheet.label, values={"first": by_ledger[sheet.ledger].label}
                )
            )
        else:
            by_ledger[sheet.ledger] = sheet
    if plan.base_period is None:
        return plan
    base_dir = data_dir / "snapshots" / f"period={plan.base_period}"
    base = {
        t: pd.read_parquet(base_dir / f"{t}.parquet")
        for t in ("projects", "enterprises", "indicators")
    }
    parks, sectors = _reference(data_dir)
    ctx = _Context(
        period if is_period(period) else add_months(plan.base_period, 1),
        base,
        parks,
        sectors,
        _used_ids(data_dir),
        plan.problems,
    )
    checked = {}
    for ledger, check in (
        ("projects", _check_projects),
        ("enterprises", _check_enterprises),
        ("indicators", _check_indicators),
    ):
        sheet = by_ledger.get(ledger)
        checked[ledger] = check(ctx, sheet) if sheet is not None and _required(ctx, sheet) else []
    if "indicators" not in by_ledger:
        plan.problems.append(Problem("no_indicators", values={"period": period}))
    elif is_period(period):
        money = {c.name for c in INDICATOR_COLUMNS if c.kind == "money"}
        this_month = {
            code for m, _, _, code, _ in checked["indicators"] if m == period and code in money
        }
        if not this_month and not any(p.severity == "error" for p in plan.problems):
            plan.problems.append(
                Problem("no_month_values", by_ledger["indicators"].label, values={"period": period})
            )
        for col in INDICATOR_COLUMNS[:3]:
            if this_month and col.name not in this_month:
                plan.problems.append(
                    Problem(
                        "indicator_missing",
                        by_ledger["indicators"].label,
                        column=col.header_zh,
                        values={"period": period},
                        severity="warning",
                    )
                )
        plan.problems += month_total_problems(
            checked["indicators"],
            base["indicators"],
            plan.base_period,
            period,
            by_ledger["indicators"].label,
        )
    if plan.errors:
        return plan
    summary = dict.fromkeys(
        (
            "projects_new",
            "projects_updated",
            "projects_removed",
            "stage_moves_forward",
            "stage_moves_back",
            "firms_new",
            "firms_updated",
            "firms_removed",
        ),
        0,
    )
    projects, events = _apply_projects(ctx, checked["projects"], summary)
    enterprises = _apply_enterprises(ctx, checked["enterprises"], summary)
    indicators = _apply_indicators(ctx, checked["indicators"], enterprises, summary)
    summary["projects"], summary["enterprises"] = len(projects), len(enterprises)
    plan.summary = summary
    plan.tables = {
        "projects": projects,
        "enterprises": enterprises,
        "indicators": indicators,
        "project_events": events,
    }
    return plan
