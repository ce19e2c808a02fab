"""Every query on the tiny hand-made data: columns, grain, allowed values, hand-computed totals."""

from __future__ import annotations

import math

import pytest

from ccbio import config, data
from tests import oracles


def test_periods_are_the_snapshot_folders(tiny):
    assert data.periods() == ["2023-01", "2023-02"]
    assert data.latest_period() == "2023-02"


def test_pipeline_by_stage_counts_and_sums_by_hand(tiny):
    df = data.pipeline_by_stage("2023-02")
    assert list(df["stage"]) == list(config.STAGES)  # one row per stage, zeros included
    by_stage = df.set_index("stage")
    assert (
        by_stage.loc["planned", "projects"] == 1 and by_stage.loc["planned", "investment_yi"] == 1.5
    )
    assert (
        by_stage.loc["negotiating", "projects"] == 1
        and by_stage.loc["negotiating", "investment_yi"] == 2.5
    )
    assert by_stage.loc[
        "construction", ["projects", "new_projects", "continued_projects"]
    ].tolist() == [1, 1, 0]
    assert by_stage.loc["construction", "new_investment_yi"] == 4.0
    assert by_stage.loc[["commissioning", "full_capacity"], "projects"].sum() == 0


def test_pipeline_filters_by_park_and_sector(tiny):
    edz = data.pipeline_by_stage("2023-02", parks=["edz"]).set_index("stage")["projects"]
    assert edz.to_dict() == {
        "planned": 0,
        "negotiating": 1,
        "construction": 1,
        "commissioning": 0,
        "full_capacity": 0,
    }
    life = data.pipeline_by_stage("2023-02", sectors=["life_health"])
    assert life["projects"].sum() == 1
    both = data.pipeline_by_stage("2023-02", parks=["edz"], sectors=["life_health"])
    assert both["projects"].sum() == 0


def test_stage_flows_include_entries_and_exits(tiny):
    df = data.stage_flows("2023-01", "2023-02")
    df = df.astype(object).where(df.notna(), None)  # NULL stage = entered / left the pipeline
    flows = {
        (f, t): n for f, t, n in zip(df["from_stage"], df["to_stage"], df["projects"], strict=True)
    }
    assert flows == {
        ("planned", "negotiating"): 1,
        ("construction", "construction"): 1,
        ("negotiating", None): 1,
        (None, "planned"): 1,
    }


def test_goal_progress_by_hand(tiny):
    df = data.goal_progress("2023-02").set_index("target_code")
    assert len(df) == 6
    ent = df.loc["enterprises"]
    assert (ent["value"], ent["baseline"], ent["target_value"]) == (3, 2, 1000)
    assert ent["progress"] == pytest.approx(1 / 998)
    assert ent["time_elapsed"] == pytest.approx(2 / 36)
    assert ent["gap_points"] == pytest.approx(100 * (1 / 998 - 2 / 36))
    out = df.loc["output_value"]
    assert out["value"] == pytest.approx(0.25 + 0.26 + 0.27 + 0.08 + 0.09 + 0.10)
    assert out["baseline"] == pytest.approx(0.33)
    assert df.loc["chain_leaders_new", "baseline"] == 0  # counted from the plan's start


def test_goal_series_runs_from_the_baseline(tiny):
    df = data.goal_series("2023-02")
    assert not df.duplicated(["target_code", "month"]).any()
    listed = df[df["target_code"] == "listed"]
    assert listed["month"].tolist() == ["2022-12", "2023-01", "2023-02"]
    assert listed["value"].tolist() == [1, 1, 1]


def test_park_summary_by_hand(tiny):
    df = data.park_summary("2023-02").set_index("park_id")
    assert len(df) == 14 and df.index.is_unique
    assert df.loc["edz", ["enterprises", "projects"]].tolist() == [1, 2]
    assert df.loc["edz", "output_value_yi"] == pytest.approx(3.2)
    assert df.loc["edz", "investment_yi"] == pytest.approx(6.5)
    assert df.loc["jingyue", "output_value_yi"] == pytest.approx(1.6)
    assert df.drop(index=["edz", "jingyue"])[["enterprises", "projects"]].to_numpy().sum() == 0
    only_devices = data.park_summary("2023-02", sectors=["devices"]).set_index("park_id")
    assert only_devices.loc["jingyue", "enterprises"] == 0


def test_sector_summary_by_hand(tiny):
    df = data.sector_summary("2023-02").set_index("sector_id")
    assert len(df) == 8
    assert df.loc["devices", "output_value_yi"] == pytest.approx(0.78)
    assert df.loc["devices", "output_share"] == pytest.approx(0.78 / 1.05)
    assert math.isnan(df.loc["devices", "output_yoy"])  # no 2022 months before 2022-12 here
    assert df.loc["biologics", "enterprises"] == 2
    assert df["output_share"].sum() == pytest.approx(1.0)


def test_sector_park_matrix_has_every_pair(tiny):
    df = data.sector_park_matrix("2023-02")
    assert len(df) == 8 * 14 and not df.duplicated(["sector_id", "park_id"]).any()
    cell = df[(df.sector_id == "biologics") & (df.park_id == "jingyue")].iloc[0]
    assert (cell.enterprises, cell.projects) == (2, 0)
    assert df["investment_yi"].sum() == pytest.approx(8.0)


def test_indicator_series_mom_yoy(tiny):
    df = data.indicator_series("2023-02")
    assert len(df) == 3 * 8 and not df.duplicated(["indicator_code", "month"]).any()
    out = df[df.indicator_code == "pharma_industrial_output"].set_index("month")
    assert out.loc["2023-02", "value"] == pytest.approx(0.37)
    assert out.loc["2023-02", "mom"] == pytest.approx(0.37 / 0.35 - 1)
    assert bool(out.loc["2023-02", "is_preliminary"]) and not bool(
        out.loc["2023-01", "is_preliminary"]
    )
    assert out["yoy"].isna().all()
    assert out.loc["2023-02", "ytd"] == pytest.approx(0.35 + 0.37)  # money: sum since January
    assert out.loc["2022-12", "ytd"] == pytest.approx(0.33)
    firms = df[df.indicator_code == "enterprises"].set_index("month")
    assert firms.loc["2023-02", "ytd"] == 3  # counts: the month's figure
    edz = data.indicator_series("2023-02", parks=["edz"])
    assert edz[(edz.indicator_code == "pharma_industrial_output") & (edz.month == "2023-02")][
        "value"
    ].item() == pytest.approx(0.27)


def test_indicator_series_keeps_each_snapshots_own_values(tiny):
    early = data.indicator_series("2023-01", parks=["edz"])
    value = early[
        (early.indicator_code == "pharma_industrial_output") & (early.month == "2023-01")
    ]["value"].item()
    assert value == pytest.approx(0.30)  # the preliminary figure, revised to 0.26 a month later


def test_lists(tiny):
    assert data.leading_enterprises("2023-02")["enterprise_id"].tolist() == ["E1"]
    majors = data.major_projects("2023-02")
    assert majors["project_id"].tolist() == ["P2"] and majors["months_in_stage"].item() == 1
    ages = oracles.project_stage_ages("2023-02").set_index("project_id")["months_in_stage"]
    assert ages.to_dict() == {"P2": 1, "P1": 0, "P4": 0}


@pytest.mark.parametrize(
    "period", ["2030-01", "2022-12", "2023-13", "2023-1", "", "2023-02'; drop view projects; --"]
)
def test_bad_periods_are_refused(tiny, period):
    with pytest.raises(data.QueryInputError) as err:
        data.pipeline_by_stage(period)
    assert err.value.message("zh") and err.value.message("en")


@pytest.mark.parametrize("parks", [["nowhere"], ["edz", "x' or 1=1 --"]])
def test_unknown_parks_are_refused_by_name(tiny, parks):
    with pytest.raises(data.QueryInputError, match="Unknown park"):
        data.pipeline_by_stage("2023-02", parks=parks)


def test_unknown_sector_is_refused(tiny):
    with pytest.raises(data.QueryInputError, match="未知的产业领域"):
        data.pipeline_by_stage("2023-02", sectors=["robots"])


def test_missing_data_folder_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CCBIO_DATA_DIR", str(tmp_path / "nothing"))
    with pytest.raises(data.DataError, match="no snapshots found"):
        data.periods()


def test_unknown_query_name_fails_loudly():
    with pytest.raises(FileNotFoundError):
        data.load_sql("no_such_query")


def test_stage_age_summary_matches_every_project():
    for period, parks in (("2025-12", ()), ("2024-06", ("edz",))):
        ages = oracles.project_stage_ages(period, parks)
        summary = data.stage_age_summary(period, parks).set_index("stage")
        grouped = ages.groupby("stage")["months_in_stage"]
        assert summary["projects"].to_dict() == grouped.size().to_dict()
        for col, q in (
            ("months_min", 0),
            ("months_q1", 0.25),
            ("months_median", 0.5),
            ("months_q3", 0.75),
            ("months_max", 1),
        ):
            expected = grouped.quantile(
                q
            )  # linear interpolation, as Vega-Lite's box plot computes it
            assert (summary[col] - expected.reindex(summary.index)).abs().max() < 1e-9, col


def test_change_lists_and_counts_come_from_one_diff_by_hand(tiny):
    # 2023-01 -> 2023-02: P1 planned -> negotiating, P3 terminated, P4 entered, P2 unchanged; E3 new
    counts = data.snapshot_change_counts("2023-01", "2023-02")
    assert {(r.table_name, r.change): r.changes for r in counts.itertuples()} == {
        ("projects", "added"): 1,
        ("projects", "removed"): 1,
        ("projects", "stage_moved"): 1,
        ("enterprises", "added"): 1,
    }
    projects = data.project_changes("2023-01", "2023-02").set_index("project_id")
    assert projects["change"].to_dict() == {"P4": "added", "P3": "removed", "P1": "stage_moved"}
    assert projects.loc["P3", "reason_en"] == "funding not secured; project terminated"
    assert data.enterprise_changes("2023-01", "2023-02")["enterprise_id"].tolist() == ["E3"]
    edz = data.snapshot_change_counts("2023-01", "2023-02", parks=["edz"])
    assert edz[["table_name", "change", "changes"]].values.tolist() == [
        ["projects", "stage_moved", 1]
    ]


def test_stage_ages_and_a_stall_rule_by_hand(tiny):
    # 2023-02: P1 negotiating since 2023-02 (0 months), P2 construction since 2023-01 (1), P4 planned (0)
    ages = data.stage_age_summary("2023-02").set_index("stage")
    assert ages[["projects", "months_min", "months_max"]].to_dict("index") == {
        "planned": {"projects": 1, "months_min": 0, "months_max": 0},
        "negotiating": {"projects": 1, "months_min": 0, "months_max": 0},
        "construction": {"projects": 1, "months_min": 1, "months_max": 1},
    }
    limits = {
        "rule_ids": ["slow_build"],
        "rule_ranks": [2],
        "rule_stages": ["construction"],
        "rule_months": [0.5],
    }
    counts = data.stage_stall_counts("2023-02", limits=limits)
    counts = counts.astype(object).where(counts.notna(), None)
    assert counts[["stage", "rule_id", "projects"]].values.tolist() == [
        ["planned", None, 1],
        ["negotiating", None, 1],
        ["construction", "slow_build", 1],
    ]
    stalled = data.stalled_projects("2023-02", limits=limits)
    assert stalled[["project_id", "months_in_stage", "months_limit"]].values.tolist() == [
        ["P2", 1, 0.5]
    ]
