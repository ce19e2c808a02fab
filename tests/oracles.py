"""Answers computed without our SQL, for tests to check queries and rules against.

project_stage_ages(period, parks, sectors): one row per project in the snapshot with its stage and
months in that stage, from the Parquet files by pandas (bench/pandas_baseline.py). No page needs a
row per project (the pipeline page reads stage_age_summary and stalled_projects), so this is not a
query any more; alerts' pandas rules use it as their oracle input.
reference_table(name), snapshot_table(table, period): the CSV or Parquet files as pandas reads them.
"""

from __future__ import annotations

import pandas as pd

from bench import pandas_baseline
from ccbio import config


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
