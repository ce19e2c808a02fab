"""Answers computed without our SQL, for tests to check queries and rules against.

project_stage_ages(period, parks, sectors): one row per project in the snapshot with its stage and
months in that stage, from the Parquet files by pandas (bench/pandas_baseline.py). No page needs a
row per project (the pipeline page reads stage_age_summary and stalled_projects), so this is not a
query any more; alerts' pandas rules use it as their oracle input.
reference_table(name), snapshot_table(table, period): the CSV or Parquet files as pandas reads them.
fired_rules, stalled_rows, stall_counts: the project_stalled rules evaluated in pandas on those rows,
the twin of queries/stage_stall_counts.sql and stalled_projects.sql, so tests can check the SQL
against every project, row by row.
chart_specs(builder, ...): Altair's own spec of a spec_template.Templated chart beside the filled
template's, for tests to check the template against.
"""

from __future__ import annotations

import json

import pandas as pd

from bench import pandas_baseline
from ccbio import config
from ccbio.rules import ProjectStalled, RuleSet


def project_stage_ages(period: str, parks=(), sectors=()):
    """Return one row per project in snapshot `period` (only `parks`/`sectors`): months_in_stage."""
    return pandas_baseline.project_stage_ages(config.data_dir(), period, parks, sectors)


def reference_table(name: str) -> pd.DataFrame:
    """Return data/reference/<name>.csv of the current data folder, read by pandas."""
    return pd.read_csv(config.data_dir() / "reference" / f"{name}.csv")


def snapshot_table(table: str, period: str) -> pd.DataFrame:
    """Return one snapshot's table (projects, enterprises, …) of the current data folder, by pandas."""
    return pd.read_parquet(
        config.data_dir() / "snapshots" / f"period={period}" / f"{table}.parquet"
    )


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


def chart_specs(builder, *args, **kwargs) -> tuple[str, str]:
    """Return (Altair's spec, the template's spec) of a Templated builder as JSON text, both built
    as render.vega_spec builds them."""
    import altair as alt
    from altair.utils.schemapi import debug_mode

    with alt.data_transformers.enable("default", max_rows=20_000), debug_mode(False):
        altair = builder(*args, **kwargs).to_dict(validate=False)
        filled = builder.vega_spec(*args, **kwargs)
    return json.dumps(altair, ensure_ascii=False), json.dumps(filled, ensure_ascii=False)
