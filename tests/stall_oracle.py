"""Test oracle: the project_stalled rules evaluated in pandas on raw rows, the SQL's twin.

The app evaluates these rules in SQL (queries/stage_stall_counts.sql, stalled_projects.sql);
this plain version exists only so tests can check the SQL against every project, row by row.
"""

from __future__ import annotations

import pandas as pd

from ccbio.rules import ProjectStalled, RuleSet


def fired_rules(rows: pd.DataFrame, rules: RuleSet) -> pd.Series:
    """Return the project_stalled rule id per row (None = not stalled), most severe rule first."""
    fired = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    for rule in rules.of(ProjectStalled):
        limit = rows["stage"].map(rule.months)
        fired = fired.mask(fired.isna() & (rows["months_in_stage"] > limit), rule.id)
    return fired


def stalled_rows(ages: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return `ages` (data.project_stage_ages or hand-made rows) as data.stalled_projects returns
    them: stalled only, with rule_id and months_limit, most severe and longest first."""
    rule_id = fired_rules(ages, rules)
    months = {r.id: r.months for r in rules.of(ProjectStalled)}
    rank = {r.id: r.rank for r in rules.of(ProjectStalled)}
    out = ages.assign(rule_id=rule_id)[rule_id.notna()].copy()
    out["months_limit"] = [months[r][s] for r, s in zip(out["rule_id"], out["stage"], strict=True)]
    out["_rank"] = out["rule_id"].map(rank)
    out = out.sort_values(
        ["_rank", "months_in_stage", "project_id"], ascending=[False, False, True], kind="stable"
    )
    return out.drop(columns="_rank").reset_index(drop=True)


def stall_counts(ages: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return stage, rule_id, projects: `ages` counted as data.stage_stall_counts counts them."""
    return (
        ages.assign(rule_id=fired_rules(ages, rules))
        .groupby(["stage", "rule_id"], dropna=False)
        .size()
        .rename("projects")
        .reset_index()
    )
