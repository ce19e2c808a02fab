"""Row checks of each ledger that look across rows or at the base snapshot.

Each function takes the parsed frame of one sheet (ccbio/ingest/kinds.py), records the problems,
and returns the rows that can be applied (the `ok` ones). All work is on whole columns or one
pass over the rows: no per-row DataFrame lookups.
"""

from __future__ import annotations

import pandas as pd

from ccbio import config
from ccbio.ingest.problems import Problem
from ccbio.ingest.read import Sheet
from ccbio.ingest.schema import INDICATOR_COLUMNS, normalise

JUMP_FACTOR = 10  # a planned investment changed more than this is confirmed, not taken silently
PLANNED_MONTHS = ("planned_construction_start", "planned_commissioning", "planned_full_capacity")


def _flag(
    ctx, sheet: Sheet, frame: pd.DataFrame, mask, key: str, column: str, values, severity="error"
):
    """Record one problem per row where `mask` holds; errors also clear the row's `ok`.

    `values` is a dict, or a function of (row as a dict, its index) returning one.
    """
    hits = frame[mask]
    if hits.empty:
        return
    header = sheet.header(column) if column else ""
    for i, r in hits.to_dict("index").items():
        filled = values(r, i) if callable(values) else values
        ctx.problems.add(Problem(key, sheet.label, int(r["row"]), header, filled, severity))
    if severity == "error":
        frame.loc[hits.index, "ok"] = False


def _identity(ctx, sheet: Sheet, frame: pd.DataFrame, id_col: str, base: pd.DataFrame) -> None:
    """Record repeated ids, ids not in the base, and new records named like existing or other ones."""
    ids = frame[id_col]
    given = ids.notna()
    first = frame[given].groupby(id_col)["row"].first()
    dup = given & ids.duplicated()
    _flag(
        ctx,
        sheet,
        frame,
        dup,
        "duplicate_id",
        id_col,
        lambda r, i: {"value": r[id_col], "first": int(first[r[id_col]])},
    )
    known = set(base[id_col])
    in_base = pd.Series([i in known for i in ids], index=frame.index, dtype=bool)
    unknown = given & ~dup & ~in_base & frame["status"].isna()
    _flag(ctx, sheet, frame, unknown, "unknown_id", id_col, lambda r, i: {"value": r[id_col]})
    base_names = dict(zip(base["name_zh"].map(normalise), base[id_col], strict=False))
    keys = frame["name_zh"].map(lambda n: normalise(n) if n else None)
    new = ~given & keys.notna()
    exists = new & pd.Series([k in base_names for k in keys], index=frame.index, dtype=bool)
    _flag(
        ctx,
        sheet,
        frame,
        exists,
        "name_exists",
        "name_zh",
        lambda r, i: {"value": r["name_zh"], "id": base_names[normalise(r["name_zh"])]},
    )
    first_name = frame[new].assign(key=keys[new]).groupby("key")["row"].first()
    again = new & ~exists & keys.where(new).duplicated()
    _flag(
        ctx,
        sheet,
        frame,
        again,
        "duplicate_name",
        "name_zh",
        lambda r, i: {"value": r["name_zh"], "first": int(first_name[normalise(r["name_zh"])])},
    )
    removal = frame["status"].notna() & (~given | ~in_base)
    _flag(
        ctx,
        sheet,
        frame,
        removal,
        "unknown_removal",
        "status",
        lambda r, i: {"value": r[id_col] or r["name_zh"] or ""},
    )


def projects(ctx, sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Check the projects ledger: identity, stage moves, jumps, planned months in order."""
    base, stages = ctx.base["projects"], ctx.names.stages
    _identity(ctx, sheet, frame, "project_id", base)
    old = frame["project_id"].map(base.set_index("project_id")["stage"])
    order = {s: i for i, s in enumerate(config.STAGES)}
    now = frame["stage"].map(order).astype(float)
    before = old.astype(object).map(order).astype(float)
    back = before.notna() & now.notna() & (now < before) & frame["reason"].isna()
    _flag(
        ctx,
        sheet,
        frame,
        back,
        "illegal_stage_move",
        "stage",
        lambda r, i: {
            "id": r["project_id"],
            "from": stages[old[i]][0],
            "to": stages[r["stage"]][0],
            "from_en": stages[old[i]][1],
            "to_en": stages[r["stage"]][1],
        },
    )
    early = frame["build_type"].notna() & now.notna() & (now < 2)
    _flag(ctx, sheet, frame, early, "build_type_ignored", "build_type", {}, "note")
    old_inv = frame["project_id"].map(base.set_index("project_id")["investment_yi"]).astype(float)
    inv = frame["investment_yi"].astype(float)
    jump = (
        old_inv.notna()
        & (old_inv > 0)
        & inv.notna()
        & ((inv > JUMP_FACTOR * old_inv) | (inv * JUMP_FACTOR < old_inv))
    )
    _flag(
        ctx,
        sheet,
        frame,
        jump,
        "big_jump",
        "investment_yi",
        lambda r, i: {
            "old": f"{old_inv[i]:g}",
            "new": f"{r['investment_yi']:g}",
            "factor": JUMP_FACTOR,
        },
        "confirm",
    )
    # a new or changed sponsor must be a firm of some snapshot (one that has left may still sponsor);
    # one carried as the base has it is not checked again (the data folder may hold recent months only)
    firms = ctx.used_ids["enterprises"]
    sponsor = frame["sponsor_enterprise_id"]
    if "sponsor_enterprise_id" in base:
        kept = sponsor == frame["project_id"].map(
            base.set_index("project_id")["sponsor_enterprise_id"]
        )
    else:
        kept = pd.Series(False, index=frame.index)
    unknown = sponsor.notna() & ~kept & ~sponsor.isin(firms)
    _flag(
        ctx,
        sheet,
        frame,
        unknown,
        "unknown_sponsor",
        "sponsor_enterprise_id",
        lambda r, i: {"value": r["sponsor_enterprise_id"]},
    )
    for earlier, later in zip(PLANNED_MONTHS, PLANNED_MONTHS[1:], strict=False):
        wrong = frame[earlier].notna() & frame[later].notna() & (frame[later] < frame[earlier])
        _flag(
            ctx,
            sheet,
            frame,
            wrong,
            "planned_order",
            later,
            lambda r, i, a=earlier, b=later: {
                "value": r[b],
                "earlier": sheet.header(a),
                "first": r[a],
            },
        )
    return frame[frame["ok"].astype(bool)]


def enterprises(ctx, sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Check the enterprises ledger: identity, entry month not after the period."""
    _identity(ctx, sheet, frame, "enterprise_id", ctx.base["enterprises"])
    future = frame["entered_month"].notna() & (frame["entered_month"] > ctx.period)
    _flag(
        ctx,
        sheet,
        frame,
        future,
        "future_month",
        "entered_month",
        lambda r, i: {"value": r["entered_month"], "period": ctx.period},
    )
    return frame[frame["ok"].astype(bool)]


def indicators(ctx, sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Check the indicators ledger: months in range, one row per month × park × sector; return
    long rows (month, park_id, sector_id, indicator_code, value) of the good rows."""
    present = [c for c in INDICATOR_COLUMNS if c.name in sheet.columns]
    if not present:
        ctx.problems.add(
            Problem(
                "missing_column",
                sheet.label,
                sheet.header_row,
                " / ".join(c.header_zh for c in INDICATOR_COLUMNS[:3]),
            )
        )
        return pd.DataFrame(columns=["month", "park_id", "sector_id", "indicator_code", "value"])
    month = frame["month"]
    _flag(
        ctx,
        sheet,
        frame,
        month.notna() & (month > ctx.period),
        "future_month",
        "month",
        lambda r, i: {"value": r["month"], "period": ctx.period},
    )
    _flag(
        ctx,
        sheet,
        frame,
        month.notna() & (month < config.HISTORY_START),
        "too_old",
        "month",
        lambda r, i: {"value": r["month"], "first": config.HISTORY_START},
    )
    key = ["month", "park_id", "sector_id"]
    complete = frame[key].notna().all(axis=1)
    first = frame[complete].groupby(key)["row"].first()
    dup = complete & frame.duplicated(key)
    _flag(
        ctx,
        sheet,
        frame,
        dup,
        "duplicate_row",
        "",
        lambda r, i: {"first": int(first[tuple(r[k] for k in key)])},
    )
    good = frame[frame["ok"].astype(bool)]
    long = good.melt(id_vars=key, value_vars=[c.name for c in present], var_name="indicator_code")
    long = long[long["value"].notna()].copy()
    long["value"] = long["value"].astype(float)
    return long.reset_index(drop=True)
