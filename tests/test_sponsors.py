"""Demo projects have a sponsoring firm by id: a demo firm of their park (and mostly sector) that
was in the statistics when they entered; never a real firm (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import data
from tests import oracles


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    periods = data.periods()
    projects = pd.concat(oracles.snapshot_table("projects", p).assign(period=p) for p in periods)
    firms = pd.concat(oracles.snapshot_table("enterprises", p).assign(period=p) for p in periods)
    return projects, firms


def test_every_demo_project_has_one_demo_firm_of_its_park_in_the_data_when_it_entered(tables):
    projects, firms = tables
    demo = projects[projects["is_demo"]]
    assert demo["sponsor_enterprise_id"].notna().all()
    assert (demo.groupby("project_id")["sponsor_enterprise_id"].nunique() == 1).all()
    first = demo.sort_values("period").drop_duplicates("project_id")
    seen = firms[["enterprise_id", "period", "park_id", "sector_id", "is_demo", "name_zh"]]
    joined = first.merge(
        seen, left_on=["sponsor_enterprise_id", "period"], right_on=["enterprise_id", "period"]
    )
    assert len(joined) == len(first)  # the firm is in the snapshot the project first appears in
    assert joined["is_demo_y"].all()  # never a real firm for a demo project
    assert (joined["park_id_x"] == joined["park_id_y"]).mean() > 0.95
    assert (joined["sector_id_x"] == joined["sector_id_y"]).mean() > 0.9
    assert (joined["sponsor_zh"] == joined["name_zh_y"]).all()  # named as its firm


def test_projects_named_in_the_seeds_link_only_to_the_firm_of_the_same_name(tables):
    projects, firms = tables
    named = projects[~projects["is_demo"]].drop_duplicates("project_id")
    real = dict(
        zip(
            firms.loc[~firms["is_demo"], "name_zh"],
            firms.loc[~firms["is_demo"], "enterprise_id"],
            strict=True,
        )
    )
    expected = named["sponsor_zh"].map(real)
    assert named["sponsor_enterprise_id"].fillna("").tolist() == expected.fillna("").tolist()
    assert named["sponsor_enterprise_id"].notna().sum() == 3  # 百克生物, 卓谊生物, 吴太医药


def test_a_firm_page_query_finds_the_projects_of_its_firm(tables):
    projects, _ = tables
    counts = projects.drop_duplicates("project_id")["sponsor_enterprise_id"].value_counts()
    firm = counts.index[0]
    assert len(data.firm_projects(firm)) == counts.iloc[0] >= 2


def test_snapshots_without_the_column_give_a_firm_no_projects_not_an_error(tiny):
    assert data.firm_projects("E1").empty  # the hand-made data has no sponsor_enterprise_id
