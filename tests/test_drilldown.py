"""Park, project and firm views on small hand-made histories, and their queries on the fixture."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import data
from ccbio.drilldown import firm, park, project
from tests.samples import HISTORY
from tests.tiny_data import write_tiny_data


def test_stage_timeline_counts_months_from_entry_to_the_next_stage():
    tl = project.stage_timeline(HISTORY)
    assert tl["stage"].tolist() == ["negotiating", "construction", "commissioning"]
    assert tl["entered"].tolist() == ["2022-11", "2023-05", "2024-02"]
    # 2022-11 -> 2023-05 = 6 months; 2023-05 -> 2024-02 = 9; 2024-02 -> last seen 2024-04 = 2
    assert tl["months"].tolist() == [6, 9, 2]
    assert tl["current"].tolist() == [False, False, True]


def test_revisions_mark_the_month_the_investment_changed():
    rev = project.revisions(HISTORY)
    assert rev[["period", "from_yi", "to_yi"]].values.tolist() == [["2023-06", 5.0, 6.0]]
    assert rev["change"].iloc[0] == pytest.approx(0.2)
    assert project.investment_series(HISTORY)["revised"].sum() == 1


def test_milestones_planned_against_actual():
    ms = project.milestones(HISTORY).set_index("milestone")
    # construction planned 2023-03, began 2023-05: 2 months late; commissioning 2024-01 -> 2024-02
    assert ms.loc["construction_start", ["planned", "actual", "late_months"]].tolist() == [
        "2023-03",
        "2023-05",
        2,
    ]
    assert ms.loc["commissioning", "late_months"] == 1
    # full capacity planned 2024-06, not reached: not late in 2024-04, 3 months late in 2024-09
    assert pd.isna(ms.loc["full_capacity", "late_months"])
    later = project.milestones(HISTORY, today_period="2024-09").set_index("milestone")
    assert later.loc["full_capacity", "late_months"] == 3


def test_warnings_over_time_and_their_spans():
    from ccbio.rules import parse_rules

    rules = parse_rules(
        [
            {
                "id": "stall",
                "kind": "project_stalled",
                "level": "amber",
                "months": {"commissioning": 1},
                "name_zh": "停滞",
                "name_en": "stalled",
                "label_zh": "停滞",
                "label_en": "stalled",
            }
        ]
    )
    fired = project.warnings_over_time(HISTORY, rules)
    assert fired["period"].tolist() == ["2024-04"]  # 2 months commissioning > 1; 2024-02 is 0
    assert fired["rule_zh"].tolist() == ["停滞"] and "停滞" in fired["reason_zh"].iloc[0]
    periods = HISTORY["period"].tolist()
    spans = project.warning_spans(fired, periods)
    assert spans[["first", "last", "snapshots"]].values.tolist() == [["2024-04", "2024-04", 1]]


def test_plan_columns_are_filled_when_no_snapshot_has_them():
    bare = HISTORY.drop(columns=list(project.PLAN_COLUMNS))
    ms = project.milestones(bare)
    assert ms["planned"].isna().all() and ms["late_months"].isna().all()


def test_firm_flag_timeline_and_changes():
    h = pd.DataFrame(
        {
            "period": ["2023-01", "2023-02", "2023-03"],
            "is_above_scale": [False, True, True],
            "is_srdi": [True, True, False],
            "is_listed": [False] * 3,
            "is_chain_leader": [False] * 3,
            "is_chain_leader_new": [False] * 3,
            "output_value_yi": [1.0, 1.2, 1.4],
        }
    )
    tl = firm.flag_timeline(h).set_index("flag")
    assert tl.loc["is_above_scale"].tolist() == [True, "2023-02", "2023-03"]
    assert tl.loc["is_srdi"].tolist() == [False, "2023-01", "2023-02"]
    assert pd.isna(tl.loc["is_listed", "first"])
    ch = firm.flag_changes(h)
    assert ch.values.tolist() == [
        ["2023-02", "is_above_scale", True],
        ["2023-03", "is_srdi", False],
    ]


def test_park_firm_flag_counts_put_all_firms_first():
    counts = {"all_firms": 3} | dict.fromkeys(firm.FLAGS, 0) | {"is_srdi": 2}
    out = park.firm_flag_counts(counts)
    assert out["flag"].tolist() == ["all", *firm.FLAGS]
    assert out.set_index("flag")["firms"].to_dict()["is_srdi"] == 2


# ---- the queries on the tiny fixture (tests/tiny_data.py) ---------------------------------------


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Point the data layer at the tiny data folder."""
    monkeypatch.setenv("CCBIO_DATA_DIR", str(write_tiny_data(tmp_path / "data")))


def test_project_history_is_one_row_per_snapshot(tiny):
    h = data.project_history("P2")
    assert h["period"].tolist() == ["2023-01", "2023-02"]
    assert h["months_in_stage"].notna().all()
    assert h["park_zh"].notna().all()
    assert data.project_history("P999").empty


def test_project_history_of_a_terminated_project_ends_with_its_event(tiny):
    h = data.project_history("P3")
    events = data.project_event_list("P3")
    assert h["period"].tolist() == ["2023-01"]
    gone = project.left_pipeline(h, events, "2023-02")
    assert gone["event"] == "terminated" and gone["period"] == "2023-02"


@pytest.mark.parametrize("bad", ["", "P", "x' or 1=1 --", "P0035;drop", "E0001", "P" + "1" * 30])
def test_malformed_project_ids_never_reach_a_query(tiny, bad):
    with pytest.raises(data.QueryInputError):
        data.project_history(bad)


def test_unknown_park_is_refused(tiny):
    with pytest.raises(data.QueryInputError) as err:
        data.park_projects("2023-02", "atlantis")
    assert "atlantis" in err.value.message("zh")


def test_park_lists_on_the_fixture(tiny):
    p = data.park_projects("2023-02", "jingyue")
    assert p["project_id"].tolist() == ["P4"]
    firms_ = data.park_enterprises("2023-02", "jingyue")
    assert firms_["enterprise_id"].tolist() == ["E2", "E3"]
    assert data.park_enterprises("2023-02", "jingyue", limit=1)["enterprise_id"].tolist() == ["E2"]
    flags = data.park_firm_flags("2023-02", "jingyue")
    assert (flags["all_firms"], flags["is_srdi"], flags["is_listed"]) == (2, 1, 0)


def test_firm_history_on_the_fixture(tiny):
    h = data.firm_history("E1")
    assert h["period"].tolist() == ["2023-01", "2023-02"]
    assert h["output_value_yi"].tolist() == pytest.approx([3.0, 3.2])


def test_the_stage_timeline_gives_every_stage_its_own_row_however_the_page_sizes_it():
    from ccbio.drilldown import charts

    tl = project.stage_timeline(HISTORY)
    names = {s: s for s in tl["stage"]}
    labels = {k: k for k in ("month", "stage", "entered", "months")}
    spec = charts.stage_timeline(tl, names, "2024-06", "zh", labels).to_dict()
    assert spec["height"] == {"step": 30}  # a fixed height drew two stages on one line in Chromium


@pytest.mark.parametrize(
    ("row", "firm", "lang", "shown"),
    [
        (
            {"sponsor_enterprise_id": "E0042", "sponsor_zh": "演示企业E0042"},
            "found",
            "en",
            ("E0042", "Demo firm E0042"),
        ),
        (
            {"sponsor_enterprise_id": "E0042", "sponsor_zh": "演示企业E0042"},
            "found",
            "zh",
            ("E0042", "演示企业E0042"),
        ),
        # the firm has left the statistics by the project's last snapshot: linked, as recorded
        (
            {"sponsor_enterprise_id": "E0042", "sponsor_zh": "演示企业E0042"},
            "gone",
            "en",
            ("E0042", "演示企业E0042"),
        ),
        ({"sponsor_enterprise_id": None, "sponsor_zh": "复星医药"}, None, "zh", (None, "复星医药")),
        ({"sponsor_enterprise_id": None, "sponsor_zh": None}, None, "zh", (None, None)),
    ],
)
def test_the_sponsor_shown_on_a_project_page(row, firm, lang, shown):
    names = pd.DataFrame(
        {"enterprise_id": ["E0042"], "name_zh": ["演示企业E0042"], "name_en": ["Demo firm E0042"]}
    )
    frame = {"found": names, "gone": names.iloc[0:0], None: None}[firm]
    last = pd.Series({"period": "2026-11", **row})
    assert project.sponsor(last, frame, lang) == shown
