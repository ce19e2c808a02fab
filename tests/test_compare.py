"""Snapshot comparison: new/removed projects and firms, stage moves, revised figures."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import data


def _raw(period: str, table: str) -> pd.DataFrame:
    from tests.tiny_data import ROOT

    return pd.read_parquet(ROOT / "data" / "snapshots" / f"period={period}" / f"{table}.parquet")


def test_project_changes_match_the_raw_snapshots():
    before, after = (
        _raw("2024-05", "projects").set_index("project_id"),
        _raw("2024-06", "projects").set_index("project_id"),
    )
    changes = data.project_changes("2024-05", "2024-06").set_index("project_id")
    assert set(changes.index[changes["change"] == "added"]) == set(after.index) - set(before.index)
    assert set(changes.index[changes["change"] == "removed"]) == set(before.index) - set(
        after.index
    )
    both = before.index.intersection(after.index)
    moved = {p for p in both if before.loc[p, "stage"] != after.loc[p, "stage"]}
    assert set(changes.index[changes["change"] == "stage_moved"]) == moved
    assert changes.index.is_unique


def test_removed_projects_carry_their_reason():
    changes = data.project_changes("2024-05", "2024-06")
    removed = changes[changes["change"] == "removed"]
    assert (
        len(removed) > 0
        and removed["reason_zh"].notna().all()
        and removed["reason_en"].notna().all()
    )
    assert set(removed["departure_event"]) <= {"terminated", "completed"}


def test_changes_over_several_months_find_reasons_in_every_month_between():
    changes = data.project_changes("2024-01", "2024-12")
    removed = changes[changes["change"] == "removed"]
    assert len(removed) > 5 and removed["reason_zh"].notna().all()
    assert (removed["left_in"] > "2024-01").all() and (removed["left_in"] <= "2024-12").all()


def test_preliminary_month_is_shown_as_a_revision():
    revisions = data.indicator_revisions("2024-05", "2024-06")
    assert set(revisions["month"]) == {"2024-05"}
    assert set(revisions["indicator_code"]) == {
        "pharma_industrial_output",
        "medical_service_revenue",
        "pharma_distribution_revenue",
    }
    assert revisions["was_preliminary"].all()
    raw5, raw6 = _raw("2024-05", "indicators"), _raw("2024-06", "indicators")
    for row in revisions.itertuples():
        old = raw5[(raw5["month"] == "2024-05") & (raw5["indicator_code"] == row.indicator_code)][
            "value"
        ].sum()
        new = raw6[(raw6["month"] == "2024-05") & (raw6["indicator_code"] == row.indicator_code)][
            "value"
        ].sum()
        assert (
            abs(row.value_before - old) < 1e-9
            and abs(row.value_after - new) < 1e-9
            and row.change != 0
        )


def test_no_revisions_between_a_snapshot_and_itself():
    assert data.indicator_revisions("2024-06", "2024-06").empty
    assert data.project_changes("2024-06", "2024-06").empty
    assert data.enterprise_changes("2024-06", "2024-06").empty


def test_enterprise_changes_match_the_raw_snapshots():
    before, after = _raw("2024-05", "enterprises"), _raw("2024-06", "enterprises")
    changes = data.enterprise_changes("2024-05", "2024-06")
    added = set(changes.loc[changes["change"] == "added", "enterprise_id"])
    assert added == set(after["enterprise_id"]) - set(before["enterprise_id"])
    flagged = changes[changes["change"] == "flags_changed"]
    assert (flagged["flag_changes"].str.len() > 0).all()


def test_park_filter_applies_to_every_comparison():
    parks = ["pharma_valley"]
    assert (data.project_changes("2024-01", "2024-06", parks)["park_id"] == "pharma_valley").all()
    assert (
        data.enterprise_changes("2024-01", "2024-06", parks)["park_id"] == "pharma_valley"
    ).all()
    city = data.indicator_revisions("2024-05", "2024-06").set_index("indicator_code")["change"]
    by_park = pd.concat(
        [data.indicator_revisions("2024-05", "2024-06", [p]) for p in data.park_list()["park_id"]]
    )
    summed = by_park.groupby("indicator_code")["change"].sum()
    assert (summed.reindex(city.index) - city).abs().max() < 1e-6


def test_change_counts_match_the_full_lists():
    for parks in ((), ("pharma_valley",)):
        counts = data.snapshot_change_counts("2024-01", "2024-06", parks).set_index(
            ["table_name", "change"]
        )["changes"]
        projects = data.project_changes("2024-01", "2024-06", parks)["change"].value_counts()
        firms = data.enterprise_changes("2024-01", "2024-06", parks)["change"].value_counts()
        assert counts["projects"].to_dict() == projects.to_dict()
        assert counts["enterprises"].to_dict() == firms.to_dict()


def test_limited_lists_keep_the_largest_in_the_same_order():
    full = data.project_changes("2024-01", "2024-06")
    top = data.project_changes("2024-01", "2024-06", limit=10)
    ranked = full.assign(size=full[["investment_before", "investment_after"]].fillna(0).max(axis=1))
    expected = ranked.sort_values(["size", "project_id"], ascending=[False, True]).head(10)
    assert set(top["project_id"]) == set(expected["project_id"])
    assert top[["change", "project_id"]].values.tolist() == sorted(
        top[["change", "project_id"]].values.tolist()
    )
    assert len(data.enterprise_changes("2024-01", "2024-06", limit=5)) == 5
    revisions = data.indicator_revisions("2024-01", "2024-06", limit=2)
    assert len(revisions) == 2 and revisions["total_revisions"].iloc[0] == len(
        data.indicator_revisions("2024-01", "2024-06")
    )


@pytest.mark.parametrize("bad", [0, -1, 2.5, "10", True])
def test_bad_limits_are_refused(bad):
    with pytest.raises(data.QueryInputError):
        data.project_changes("2024-01", "2024-06", limit=bad)
