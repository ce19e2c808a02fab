"""The committed data, read through the query layer, against every figure in DOMAIN.md."""

from __future__ import annotations

import pytest

from ccbio import data

# 长春日报 2024 (seed 004): the 五个一批 pipeline as reported for 2023.
PUBLISHED_STAGES = {
    "planned": (329, None),  # "计划投资3000亿元以上": at least 3000
    "negotiating": (116, 460.0),
    "construction": (63, 420.0),
    "commissioning": (22, 76.68),
    "full_capacity": (11, 34.0),
}


@pytest.fixture(scope="module")
def pipeline_2023():
    return data.run_query("pipeline_by_stage", period="2023-12", parks=[], sectors=[]).set_index(
        "stage"
    )


def test_541_projects_in_2023(pipeline_2023):
    assert pipeline_2023["projects"].sum() == 541


@pytest.mark.parametrize("stage", PUBLISHED_STAGES)
def test_stage_count_and_investment(pipeline_2023, stage):
    projects, investment = PUBLISHED_STAGES[stage]
    assert pipeline_2023.loc[stage, "projects"] == projects
    if investment is None:
        assert pipeline_2023.loc[stage, "investment_yi"] >= 3000
    else:
        assert round(pipeline_2023.loc[stage, "investment_yi"], 2) == investment


def test_construction_split_new_and_continued(pipeline_2023):
    row = pipeline_2023.loc["construction"]
    assert (row["new_projects"], round(row["new_investment_yi"], 2)) == (28, 150.0)
    assert (row["continued_projects"], round(row["continued_investment_yi"], 2)) == (35, 270.0)


def test_published_figures_table_matches_the_data(pipeline_2023):
    """Each row of published_figures.csv holds for the 2023-12 snapshot, with its qualifier."""
    figures = data.run_query("published_figures")
    assert len(figures) == 17
    for fig in figures.itertuples():
        if fig.measure == "new_output_aim_yi":
            continue  # an aim for new output, not a stock in the data
        if fig.figure_code == "pipeline_total":
            actual = pipeline_2023["projects"].sum()
        else:
            prefix = {"new": "new_", "continued": "continued_"}.get(fig.build_type, "")
            column = prefix + ("projects" if fig.measure == "projects" else "investment_yi")
            actual = pipeline_2023.loc[fig.stage_id, column]
        if fig.qualifier == ">=":
            assert actual >= fig.value, fig.figure_code
        else:
            assert round(actual, 2) == fig.value, fig.figure_code


def test_targets_are_the_published_ones():
    targets = data.run_query("target_list").set_index("target_code")["target_value"].to_dict()
    assert targets == {
        "chain_leaders_new": 10,
        "listed": 10,
        "above_scale": 100,
        "srdi": 100,
        "output_value": 1000,
        "enterprises": 1000,
    }
    deadlines = set(data.run_query("target_list")["deadline"])
    assert deadlines == {"2025-12-31"}


def test_parks_follow_one_core_one_centre_three_poles():
    parks = data.run_query("park_list")
    assert parks.groupby("tier").size().to_dict() == {"core": 1, "centre": 1, "pole": 3, "park": 9}
    assert parks.loc[parks.tier == "core", "name_zh"].item() == "永春现代生物医药城"
    assert set(parks.loc[parks.tier == "pole", "name_zh"]) == {
        "经开区",
        "中韩(长春)国际合作示范区",
        "净月高新区",
    }
    for name in [
        "吉林省医疗器械产业园",
        "长春高新大健康产业园",
        "中韩示范区国际医美产业园",
        "净月生命健康产业园",
        "九台中古医药产业园",
    ]:
        assert name in set(parks["name_zh"])
    assert parks["confidence"].notna().all() and parks["approximate"].all()


def test_eight_sectors():
    sectors = data.run_query("sector_list")
    assert sectors["name_zh"].tolist() == [
        "生物药",
        "中药",
        "化学药",
        "医疗器械",
        "医疗健康服务业",
        "医药流通业",
        "医美产业",
        "生命健康",
    ]


NAMED_PROJECTS = {
    "上海复星医药抗肿瘤药物研发": "planned",
    "四川科伦药业大容量注射剂生产基地": "planned",
    "北京美尔思通脑磁心磁生产": "negotiating",
    "阿斯利康儿童药物创新中心": "negotiating",
    "卓谊生物医药产业园": "construction",
    "海悦药业总部基地": "construction",
    "吴太医药产业园二期": "commissioning",
    "康宁杰瑞生物大分子蛋白液和肿瘤标志物筛查项目": "commissioning",
}
NAMED_FIRMS = {
    "长春生物制品研究所",
    "百克生物",
    "金赛药业",
    "长春高新",
    "迪瑞医疗",
    "卓谊生物",
    "吴太医药",
}


def test_named_projects_keep_real_names_and_published_stage():
    projects = (
        data.connection()
        .execute("select name_zh, stage, is_demo from projects where period = '2023-12'")
        .df()
    )
    named = projects[projects["name_zh"].isin(NAMED_PROJECTS)]
    assert dict(zip(named["name_zh"], named["stage"], strict=True)) == NAMED_PROJECTS
    assert not named["is_demo"].any()


def test_every_other_record_is_labelled_demo():
    con = data.connection()
    for table, real in [
        (
            "projects",
            set(NAMED_PROJECTS)
            | {"长春安沃高新基因工程抗体类药物项目", "百克生物疫苗生产基地项目"},
        ),
        ("enterprises", NAMED_FIRMS),
    ]:
        rows = con.execute(f"select distinct name_zh, is_demo from {table}").df()
        assert set(rows.loc[~rows["is_demo"], "name_zh"]) == real
        assert rows.loc[rows["is_demo"], "name_zh"].str.startswith("演示").all()
