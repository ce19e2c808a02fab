"""A contract for every query, dbt-style: its grain (unique key), the columns that may be null (all
others never are), accepted values, and relationships to the reference tables; checked on the demo
data for a whole-city and a filtered call, and two snapshot pairs (one backwards).

A new query fails test_every_query_has_a_contract until it gets a row in CONTRACTS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import pytest

from ccbio import alerts, data, rules
from tests import oracles


@dataclass(frozen=True)
class Contract:
    grain: tuple[str, ...]  # one row per distinct value of these columns
    nullable: tuple[str, ...] = ()  # every other column is never null
    accepted: dict[str, set] = field(default_factory=dict)  # column -> allowed values (not null)
    empty_ok: bool = False  # the demo data has no rows for it (then only its columns are checked)


STAGES = {"planned", "negotiating", "construction", "commissioning", "full_capacity"}
TIERS = {"core", "centre", "pole", "park"}
CONFIDENCE = {"low", "low-medium", "medium", "medium-low", "very low"}
TARGET_KINDS = {"city_total", "new_since_start"}
INDICATOR_KINDS = {"money", "count"}
BUILD_TYPES = {"new", "continued"}
PROJECT_CHANGES = {"added", "removed", "stage_moved", "investment_changed"}
ENTERPRISE_CHANGES = {"added", "removed", "flags_changed"}
STALL_RULES = set(alerts.stall_limits(rules.load())["rule_ids"])
# project columns a ledger may leave empty (ingest: optional columns)
PROJECT_OPTIONAL = (
    "sponsor_zh",
    "construction_start",
    "build_type",
    "responsible_unit",
    "planned_construction_start",
    "planned_commissioning",
    "planned_full_capacity",
    "sponsor_enterprise_id",
)

CONTRACTS = {
    "available_periods": Contract(("period",)),
    "park_list": Contract(("park_id",), ("zone_id",), {"tier": TIERS, "confidence": CONFIDENCE}),
    "sector_list": Contract(("sector_id",)),
    "target_list": Contract(("target_code",), accepted={"kind": TARGET_KINDS}),
    "stage_list": Contract(("stage_id",), accepted={"stage_id": STAGES}),
    "published_figures": Contract(
        ("figure_code",),
        ("stage_id", "build_type"),
        {"qualifier": {"=", ">="}, "build_type": BUILD_TYPES},
    ),
    "goal_progress": Contract(("target_code",), accepted={"kind": TARGET_KINDS}),
    "goal_series": Contract(
        ("target_code", "month"), accepted={"months_covered": set(range(1, 13))}
    ),
    "target_pace": Contract(("target_code", "month")),
    "pipeline_by_stage": Contract(("stage",), accepted={"stage": STAGES}),
    "stage_flows": Contract(("from_stage", "to_stage"), ("from_stage", "to_stage")),
    "park_summary": Contract(("park_id",), accepted={"tier": TIERS, "confidence": CONFIDENCE}),
    "sector_summary": Contract(("sector_id",), ("output_yoy",)),
    "sector_park_matrix": Contract(("sector_id", "park_id"), accepted={"tier": TIERS}),
    "indicator_series": Contract(
        ("indicator_code", "month"), ("mom", "yoy", "ytd_yoy"), {"kind": INDICATOR_KINDS}
    ),
    "indicator_quarters": Contract(
        ("indicator_code", "quarter"),
        ("qoq", "yoy", "ytd_yoy"),
        {"kind": INDICATOR_KINDS, "months_covered": {1, 2, 3}},
    ),
    "indicator_yoy_by_park": Contract(
        ("scope", "park_id", "indicator_code"),
        ("park_id", "value_prev", "yoy"),
        {"scope": {"total", "park"}},
    ),
    "leading_enterprises": Contract(("enterprise_id",)),
    "major_projects": Contract(
        ("project_id",), ("sponsor_zh", "build_type"), {"build_type": BUILD_TYPES}
    ),
    "park_last_new_project": Contract(("park_id",), ("last_new_project",)),
    "project_changes": Contract(
        ("project_id",),
        (
            "from_stage",
            "to_stage",
            "investment_before",
            "investment_after",
            "from_order",
            "to_order",
            "departure_event",
            "left_in",
            "reason_zh",
            "reason_en",
        ),
        {"change": PROJECT_CHANGES, "departure_event": {"completed", "terminated"}},
    ),
    "enterprise_changes": Contract(
        ("enterprise_id",), ("output_before", "output_after"), {"change": ENTERPRISE_CHANGES}
    ),
    "indicator_revisions": Contract(("indicator_code", "month"), ("change_share",)),
    "snapshot_change_counts": Contract(
        ("table_name", "change"),
        accepted={
            "table_name": {"projects", "enterprises"},
            "change": PROJECT_CHANGES | ENTERPRISE_CHANGES,
        },
    ),
    "stage_age_summary": Contract(("stage",)),
    "stage_stall_counts": Contract(("stage", "rule_id"), ("rule_id",), {"rule_id": STALL_RULES}),
    "stalled_projects": Contract(("project_id",), accepted={"rule_id": STALL_RULES}),
    "plan_attainment": Contract(("target_code",), ("reached_month",), {"kind": TARGET_KINDS}),
    "plan_growth_sources": Contract(
        ("dimension", "member_id", "target_code"), accepted={"dimension": {"park", "sector"}}
    ),
    "plan_goal_history": Contract(("target_code", "month"), accepted={"kind": TARGET_KINDS}),
    "pipeline_cohort": Contract(
        ("from_stage", "to_state"),
        accepted={
            "outcome": {"moved_up", "stayed", "left"},
            "to_state": STAGES | {"completed", "terminated", "left"},
        },
    ),
    "project_history": Contract(("period",), PROJECT_OPTIONAL + ("previous_investment_yi",)),
    "project_event_list": Contract(
        ("period", "event", "from_stage", "to_stage"),
        ("from_stage", "to_stage", "reason_zh", "reason_en"),
    ),
    "firm_history": Contract(("period",)),
    "firm_projects": Contract(("project_id",)),  # by sponsor_enterprise_id
    "firm_name": Contract(("enterprise_id",)),  # one row
    "park_projects": Contract(("project_id",), PROJECT_OPTIONAL, {"build_type": BUILD_TYPES}),
    "park_enterprises": Contract(("enterprise_id",)),
    "park_firm_flags": Contract(("all_firms",)),  # one row
    "project_units": Contract(("project_id",), PROJECT_OPTIONAL),
    "data_is_demo": Contract(("is_demo",)),  # one row
}

# Relationships: wherever a query has one of these columns, its values are keys of that reference table.
RELATIONSHIPS = {
    "park_id": ("parks", "park_id"),
    "sector_id": ("sectors", "sector_id"),
    "stage": ("stages", "stage_id"),
    "stage_id": ("stages", "stage_id"),
    "from_stage": ("stages", "stage_id"),
    "to_stage": ("stages", "stage_id"),
    "target_code": ("targets", "target_code"),
    "indicator_code": ("indicators", "indicator_code"),
}
MONTH_COLUMNS = (
    "period",
    "month",
    "stage_since",
    "entered_month",
    "last_new_project",
    "left_in",
    "reached_month",
    "last_seen",
)
PLAN = {  # the plan in data/reference/plans.csv, as data.plan_attainment passes it
    "plan_id": "cc_biomed_2023_2025",
    "start_month": "2023-01",
    "baseline_month": "2022-12",
}

SCOPES = [
    {"period": "2024-06", "period_from": "2023-12", "period_to": "2024-06", "park_id": "jingyue"},
    {
        "period": "2025-12",
        "period_from": "2025-12",
        "period_to": "2024-06",
        "parks": ("edz", "yongchun", "jingyue"),
        "sectors": ("devices", "biologics"),
        "park_id": "edz",
    },
]


def _records(period: str) -> dict:
    """A project with recorded stage moves and a firm (one that sponsors projects, if any), by pandas."""
    projects = oracles.snapshot_table("projects", period)
    firms = oracles.snapshot_table("enterprises", period)
    moved = oracles.snapshot_table("project_events", period).query("event == 'advanced'")
    sponsor = firms[firms["enterprise_id"].isin(set(projects["sponsor_enterprise_id"].dropna()))]
    return {
        "project_id": moved["project_id"].iloc[0],
        "enterprise_id": (sponsor if len(sponsor) else firms)["enterprise_id"].iloc[0],
        "project_ids": tuple(projects["project_id"].head(5)),
    }


def _args(name: str, scope: dict) -> dict:
    values = {
        "parks": (),
        "sectors": (),
        "limit": None,
        "limits": alerts.stall_limits(rules.load()),
        **PLAN,
        "end_month": scope["period"],
        "snapshot": scope["period"],
        "cohort_period": "2023-12",
        "end_period": scope["period"],
        **_records(scope["period"]),
        **scope,
    }
    return {arg: values[arg] for arg in data.QUERIES[name].checks}


def test_every_query_has_a_contract():
    assert sorted(CONTRACTS) == sorted(data.QUERIES)


def violations(contract: Contract, df: pd.DataFrame) -> list[str]:
    """Return every way `df` breaks `contract` (and the relationships, and the month format)."""
    found = []
    if df.duplicated(list(contract.grain)).any():
        found.append(f"grain {contract.grain} repeats")
    never_null = [c for c in df.columns if c not in contract.nullable]
    found += [f"{c} has nulls" for c in never_null if df[c].isna().any()]
    for column, allowed in contract.accepted.items():
        if unexpected := set(df[column].dropna()) - allowed:
            found.append(f"{column}: unexpected {sorted(map(str, unexpected))}")
    for column, (table, key) in RELATIONSHIPS.items():
        if column in df:
            orphans = set(df[column].dropna()) - set(oracles.reference_table(table)[key])
            if orphans:
                found.append(f"{column}: not in {table}.{key}: {sorted(orphans)}")
    for column in (c for c in MONTH_COLUMNS if c in df):
        bad = [v for v in df[column].dropna() if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v)]
        if bad:
            found.append(f"{column}: not YYYY-MM: {bad[:3]}")
    return found


@pytest.mark.parametrize("scope", SCOPES, ids=["city", "filtered"])
@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_contract(name, scope):
    df = data.fetch(name, **_args(name, scope))
    assert CONTRACTS[name].empty_ok or not df.empty, f"{name}: no rows to check the contract on"
    assert violations(CONTRACTS[name], df) == [], name


def test_the_contract_check_catches_each_kind_of_break(tiny):
    broken = pd.DataFrame(
        {
            "stage": ["planned", "planned", "nowhere"],
            "park_id": ["edz", None, "mars"],
            "month": ["2024-06", "2024-13", "2024-07"],
        }
    )
    contract = Contract(("stage",), ("park_id",), {"stage": STAGES})
    assert violations(contract, broken) == [
        "grain ('stage',) repeats",
        "stage: unexpected ['nowhere']",
        "park_id: not in parks.park_id: ['mars']",
        "stage: not in stages.stage_id: ['nowhere']",
        "month: not YYYY-MM: ['2024-13']",
    ]
    assert "park_id has nulls" in violations(Contract(("month",)), broken)  # not nullable there
