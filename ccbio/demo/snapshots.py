"""Turn demo histories into one Parquet snapshot per month: the state as known that month."""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ccbio.config import PLAN_START, STAGES
from ccbio.demo.common import AFTER_PLAN_SEED, DEMO_END, SEED, read_reference
from ccbio.demo.enterprises import ALL_MONTHS, T0, Firm, build_firms, continue_firms
from ccbio.demo.projects import (
    Project,
    build_projects,
    continue_projects,
    investment_at,
    plan_projects,
)
from ccbio.demo.sponsors import sponsor_projects
from ccbio.periods import month_index, month_range, period_of

COUNT_FLAGS = {  # indicator code -> the firm attribute holding the month the flag was set
    "above_scale": "above_scale_since",
    "srdi": "srdi_since",
    "listed": "listed_since",
}


def _enterprise_rows(firms: list[Firm], t: int) -> pd.DataFrame:
    """Return one row per enterprise active in month t."""
    k = t - T0
    rows = [
        {
            "enterprise_id": f.enterprise_id,
            "name_zh": f.name_zh,
            "name_en": f.name_en,
            "park_id": f.park_id,
            "sector_id": f.sector_id,
            "entered_month": period_of(f.entered),
            "is_chain_leader": f.chain_leader_since <= t,
            "is_chain_leader_new": f.chain_leader_new and f.chain_leader_since <= t,
            "is_listed": f.listed_since <= t,
            "is_above_scale": f.above_scale_since <= t,
            "is_srdi": f.srdi_since <= t,
            "is_leading": f.is_leading,
            "output_value_yi": round(sum(f.monthly[max(0, k - 11) : k + 1]), 4),
            "is_demo": f.is_demo,
        }
        for f in firms
        if f.active(t)
    ]
    return pd.DataFrame(rows).sort_values(["park_id", "sector_id", "enterprise_id"])


def _project_rows(projects: list[Project], t: int) -> pd.DataFrame:
    """Return one row per project in the pipeline in month t."""
    rows = []
    for p in projects:
        stage = p.stage_at(t)
        if stage is None:
            continue
        started = p.stage_months[2] if len(p.stage_months) > 2 else None
        build_type = None if stage < 2 else ("new" if started // 12 == t // 12 else "continued")
        rows.append(
            {
                "project_id": p.project_id,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "sponsor_zh": p.sponsor_zh,
                "sponsor_enterprise_id": p.extra.get("sponsor_enterprise_id"),
                "park_id": p.park_id,
                "sector_id": p.sector_id,
                "stage": STAGES[stage],
                "stage_since": period_of(p.stage_months[stage]),
                "entered_month": period_of(p.stage_months[0]),
                "construction_start": period_of(started)
                if started is not None and stage >= 2
                else None,
                "build_type": build_type,
                "investment_yi": investment_at(p, t),
                "is_major": p.is_major,
                "is_demo": p.is_demo,
                **_plan_columns(p),
            }
        )
    return pd.DataFrame(rows).sort_values(["park_id", "sector_id", "project_id"])


def _plan_columns(p: Project) -> dict:
    """Return the project's responsible unit and planned milestone months (issue 13)."""
    planned = p.extra["planned"]
    return {
        "responsible_unit": p.extra["responsible_unit"],
        "planned_construction_start": period_of(planned[2]),
        "planned_commissioning": period_of(planned[3]),
        "planned_full_capacity": period_of(planned[4]),
    }


def _event_rows(projects: list[Project], t: int) -> pd.DataFrame:
    """Return one row per pipeline event (entered, advanced, terminated, completed) in month t."""
    rows = []
    for p in projects:
        for k, month in enumerate(p.stage_months):
            if month == t:
                rows.append(
                    (
                        p.project_id,
                        "entered" if k == 0 else "advanced",
                        None if k == 0 else STAGES[k - 1],
                        STAGES[k],
                        None,
                        None,
                    )
                )
        if p.ended == t:
            last = STAGES[p.stage_at(t - 1)]
            rows.append((p.project_id, p.end_kind, last, None, *p.end_reason))
    columns = ["project_id", "event", "from_stage", "to_stage", "reason_zh", "reason_en"]
    return pd.DataFrame(rows, columns=columns).sort_values(["project_id", "event"])


def _final_indicators(firms: list[Firm], sector_indicator: dict[str, str]) -> pd.DataFrame:
    """Return final monthly indicator values per month, park and sector (zeros left out)."""
    values: dict[tuple, float] = defaultdict(float)
    for k, month in enumerate(ALL_MONTHS):
        t = T0 + k
        for f in firms:
            if not f.active(t):
                continue
            key = (month, f.park_id, f.sector_id)
            values[(*key, sector_indicator[f.sector_id])] += f.monthly[k]
            values[(*key, "enterprises")] += 1
            for code, attr in COUNT_FLAGS.items():
                values[(*key, code)] += getattr(f, attr) <= t
            values[(*key, "chain_leaders_new")] += f.chain_leader_new and f.chain_leader_since <= t
    rows = [(*key, round(v, 4)) for key, v in values.items() if v]
    return pd.DataFrame(rows, columns=["month", "park_id", "sector_id", "indicator_code", "value"])


def _indicator_rows(final: pd.DataFrame, period: str, money: set[str]) -> pd.DataFrame:
    """Return the indicator table as published in `period`: that month is still preliminary."""
    table = final[final["month"] <= period].copy()
    table["is_preliminary"] = table["month"] == period
    latest = table["is_preliminary"] & table["indicator_code"].isin(money)
    # a flash estimate, revised in the next month's snapshot
    table.loc[latest, "value"] = [
        round(v * (1 + random.Random(f"{period}|{park}|{sector}").gauss(0, 0.012)), 4)
        for v, park, sector in table.loc[latest, ["value", "park_id", "sector_id"]].itertuples(
            index=False
        )
    ]
    return table.sort_values(["month", "park_id", "sector_id", "indicator_code"])


def _write(df: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, compression="zstd")


def generate(data_dir: Path, seed: int = SEED) -> list[str]:
    """Write every monthly snapshot under data_dir/snapshots; return the periods written."""
    rng = random.Random(seed)
    ref = read_reference(data_dir / "reference")
    firms = build_firms(rng, ref)
    projects = build_projects(rng, ref)
    # milestones are planned from what was known at the plan's end, so the plan months' files do
    # not depend on how far the demo runs on; projects first seen after the plan get theirs then
    plan_projects(projects, ref, seed)
    after = random.Random(f"{seed}|{AFTER_PLAN_SEED}")
    continue_firms(after, ref, firms)
    continue_projects(after, ref, projects)
    plan_projects([p for p in projects if "planned" not in p.extra], ref, seed)
    sponsor_projects(projects, firms, seed)
    sector_indicator = {s["sector_id"]: s["indicator_code"] for s in ref.sectors}
    final = _final_indicators(firms, sector_indicator)
    money = set(sector_indicator.values())

    target = data_dir / "snapshots"
    staging = data_dir / ".snapshots-staging"
    shutil.rmtree(staging, ignore_errors=True)
    periods = month_range(PLAN_START, DEMO_END)
    for period in periods:
        t = month_index(period)
        folder = staging / f"period={period}"
        folder.mkdir(parents=True)
        _write(_enterprise_rows(firms, t), folder / "enterprises.parquet")
        _write(_project_rows(projects, t), folder / "projects.parquet")
        _write(_event_rows(projects, t), folder / "project_events.parquet")
        _write(_indicator_rows(final, period, money), folder / "indicators.parquet")
    # swap in the new folder only once everything is written
    old = data_dir / ".snapshots-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return periods
