"""AppTest for pages/compare.py: change counts, revisions of a preliminary month, period pickers."""

from __future__ import annotations

from ccbio import data
from tests.page_helpers import metrics, open_page, table_with


def test_previous_month_against_the_chosen_period_shows_the_revision():
    at = open_page("compare", period="2024-06")
    assert at.selectbox(key="compare_from").value == "2024-05"
    assert at.selectbox(key="compare_to").value == "2024-06"
    changes = data.project_changes("2024-05", "2024-06")
    got = dict(metrics(at))
    assert got["新增项目"] == str((changes["change"] == "added").sum())
    assert got["移出项目"] == str((changes["change"] == "removed").sum())
    assert got["阶段变动"] == str((changes["change"] == "stage_moved").sum())
    assert got["修订数字"] == "3"
    revisions = table_with(at, "change_share")
    assert set(revisions["month"]) == {"2024-05"} and revisions["was_preliminary"].all()
    removed = table_with(at, "project_id")
    assert removed.loc[removed["change_label"] == "移出", "reason"].str.len().gt(0).all()
    assert not removed["reason"].isna().any()  # '—', never a None cell


def test_picking_another_base_period():
    at = open_page("compare", period="2024-06")
    at.selectbox(key="compare_from").set_value("2024-01").run()
    changes = data.project_changes("2024-01", "2024-06")
    assert dict(metrics(at))["新增项目"] == str((changes["change"] == "added").sum())
    assert int(dict(metrics(at))["修订数字"]) >= 3


def test_same_period_says_so():
    at = open_page("compare", period="2024-06")
    at.selectbox(key="compare_from").set_value("2024-06").run()
    assert any("相同" in i.value for i in at.info)
    assert dict(metrics(at))["新增项目"] == "0"


def test_park_filter_applies():
    at = open_page("compare", period="2024-06", parks="pharma_valley")
    table = table_with(at, "project_id")
    assert set(table["park"]) <= {"长春药谷创新园(长春北湖创新产业园)"}


def test_english():
    at = open_page("compare", period="2024-06", lang="en")
    assert "Revised figures" in dict(metrics(at))


def test_a_long_list_is_cut_to_the_largest_with_n_of_m_and_full_counts():
    at = open_page("compare", period="2025-12")
    at.selectbox(key="compare_from").set_value("2023-01").run()
    changes = data.project_changes("2023-01", "2025-12")
    assert len(changes) > 500  # 1x has a case the cap applies to
    got = dict(metrics(at))
    assert got["新增项目"] == str((changes["change"] == "added").sum())
    assert got["阶段变动"] == str((changes["change"] == "stage_moved").sum())
    table = table_with(at, "project_id")
    assert len(table) == 500
    biggest = changes.assign(
        size=changes[["investment_before", "investment_after"]].fillna(0).max(axis=1)
    ).nlargest(1, "size")
    assert biggest["project_id"].iloc[0] in set(table["project_id"])
    assert any(f"500 个（共 {len(changes)} 个变动项目）" in c.value for c in at.caption)


def test_the_changed_projects_read_whole_what_changed_first():
    """At 1440 px the stages, amounts and reason were off to the right, the pinned name column was
    drawn grey as if disabled, and the English changes read 'added' (issue 10)."""
    import json

    from ccbio import compare_table as ct
    from ccbio import text_table
    from ccbio.i18n import t

    at = open_page("compare", period="2026-11", lang="en")
    frame = next(f for f in at.dataframe if "reason" in f.value.columns)
    order = list(frame.proto.column_order)
    assert order.index("reason") < order.index("park") and order.index("reason") < order.index(
        "project_id"
    )
    assert not any(c.get("pinned") for c in json.loads(frame.proto.columns).values())
    longest = max(text_table.text_lines(r, ct.WRAPPED_PX["reason"]) for r in frame.value["reason"])
    if longest > 1:
        assert frame.proto.row_height > 64
    assert set(frame.value["change_label"]) <= {
        t(f"compare.change_{c}", "en")
        for c in ("added", "removed", "stage_moved", "investment_changed")
    }
    assert all(label[0].isupper() for label in frame.value["change_label"])


def test_the_changed_firms_names_wrap_rather_than_being_cut():
    """'Demo Medical and health services firm E1112' was cut at 1440 px (a one-line 200-px column)."""
    import json

    from ccbio import compare_table as ct
    from ccbio import text_table

    at = open_page("compare", period="2026-11", lang="en")
    frame = next(f for f in at.dataframe if "enterprise_id" in f.value.columns)
    names = frame.value["name"]
    assert max(text_table.text_lines(n, ct.NAME_PX) for n in names) > 1  # the data has long ones
    assert frame.proto.row_height >= text_table.rows_height(frame.value, ct.FIRM_WRAPPED_PX)
    assert json.loads(frame.proto.columns)["name"]["width"] == ct.NAME_PX
