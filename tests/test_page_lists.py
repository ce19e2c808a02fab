"""AppTest for pages/lists.py: both lists equal the data; search, flags, sort, stages; downloads."""

from __future__ import annotations

from ccbio import data
from ccbio.formatting import pinyin_key
from tests.page_helpers import open_page, table_with, warnings


def test_lists_match_the_data():
    at = open_page("lists", period="2024-06")
    firms = table_with(at, "is_srdi")
    projects = table_with(at, "months_in_stage")
    assert (
        firms["enterprise_id"].tolist()
        == data.leading_enterprises("2024-06")["enterprise_id"].tolist()
    )
    assert projects["project_id"].tolist() == data.major_projects("2024-06")["project_id"].tolist()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 Excel（.xlsx）", "下载 CSV"] * 2


def test_search_flags_and_sort():
    at = open_page("lists", period="2024-06")
    at.text_input(key="lists_ent_search").input("金赛").run()
    assert table_with(at, "is_srdi")["name_zh"].tolist() == ["金赛药业"]
    at.text_input(key="lists_ent_search").input("").run()
    at.multiselect(key="lists_ent_flags").set_value(["is_listed", "is_chain_leader"]).run()
    firms = table_with(at, "is_srdi")
    expected = data.leading_enterprises("2024-06")
    assert len(firms) == int((expected["is_listed"] & expected["is_chain_leader"]).sum()) > 0
    assert firms["is_listed"].all() and firms["is_chain_leader"].all()
    at.selectbox(key="lists_ent_sort").set_value("name").run()
    names = table_with(at, "is_srdi")["name_zh"].tolist()
    assert names == sorted(names, key=pinyin_key) and names != sorted(
        names
    )  # pinyin, not code points


def test_project_stage_filter_and_park_filter():
    at = open_page("lists", period="2024-06", parks="jingyue")
    expected = data.major_projects("2024-06", ["jingyue"])
    assert len(table_with(at, "months_in_stage")) == len(expected)
    stage = expected["stage"].mode()[0]
    at.multiselect(key="lists_prj_stages").set_value([stage]).run()
    shown = table_with(at, "months_in_stage")
    assert set(shown["stage"]) == {stage}
    assert len(shown) == int((expected["stage"] == stage).sum())


def test_bad_period_in_url():
    at = open_page("lists", period="1999-01")
    assert any("1999-01" in w for w in warnings(at))
    assert at.selectbox(key="f_period").value == data.latest_period()


def test_search_sort_and_flags_come_from_the_url():
    # a bound selectbox carries its shown label in the URL (Streamlit's bind="query-params")
    at = open_page(
        "lists", period="2024-06", lists_ent_search="金赛", lists_prj_sort="名称（按拼音）"
    )
    assert table_with(at, "is_srdi")["name_zh"].tolist() == ["金赛药业"]
    assert at.text_input(key="lists_ent_search").value == "金赛"
    assert at.selectbox(key="lists_prj_sort").value == "name"
    names = table_with(at, "months_in_stage")["name_zh"].tolist()
    assert names == sorted(names, key=pinyin_key)
