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


def test_url_choices_are_ids_and_old_label_links_still_open():
    from ccbio import lists_view as lv
    from ccbio import url_choice

    sorts = list(lv.PROJECT_SORTS)
    assert url_choice.parse(["name"], sorts, lv.sort_label) == ["name"]
    assert url_choice.parse(["名称（按拼音）"], sorts, lv.sort_label) == ["name"]  # a zh link
    assert url_choice.parse([lv.sort_label("name", "en")], sorts, lv.sort_label) == ["name"]
    assert url_choice.parse(["drop table", ""], sorts, lv.sort_label) == []
    flags = url_choice.parse(["is_srdi,专精特新,is_listed", "x"], lv.FIRM_FLAGS, lv.flag_label)
    assert flags == ["is_srdi", "is_listed"]


def test_a_link_made_in_chinese_reopens_the_same_view_in_english():
    """Sort, flags, stages and the open tab travel in the URL as ids, not as the shown labels."""
    from ccbio import lists_view as lv

    stage = data.stage_list()["stage_id"].iloc[1]
    at = open_page(
        "lists",
        period="2024-06",
        lang="en",
        lists_prj_sort="name",
        lists_ent_flags="is_srdi",
        lists_prj_stages=stage,
        lists_tab="projects",
    )
    assert at.selectbox(key="lists_prj_sort").value == "name"
    assert at.multiselect(key="lists_ent_flags").value == ["is_srdi"]
    assert at.multiselect(key="lists_prj_stages").value == [stage]
    assert at.session_state["lists_tab"] == lv.tab_label("projects", "en")  # the open tab
    firms = table_with(at, "is_srdi")
    assert len(firms) and firms["is_srdi"].all()


def test_changing_a_choice_writes_its_id_to_the_url():
    at = open_page("lists", period="2024-06")
    at.selectbox(key="lists_ent_sort").set_value("name").run()
    at.multiselect(key="lists_ent_flags").set_value(["is_listed"]).run()

    def url(key):  # AppTest holds one value as a string, several as a list
        value = at.query_params[key]
        return [value] if isinstance(value, str) else list(value)

    assert url("lists_ent_sort") == ["name"]
    assert url("lists_ent_flags") == ["is_listed"]
    at.selectbox(key="lists_ent_sort").set_value("output").run()  # back to the default
    assert "lists_ent_sort" not in at.query_params


def test_the_lists_name_each_column_once_and_pin_none():
    """'Park | Park' (the park's name and the link to its page) and the pinned name column drawn
    grey as if disabled (issue 10)."""
    import json

    at = open_page("lists", lang="en")
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns)
        shown = list(frame.proto.column_order) or list(config)
        labels = [config[c]["label"] for c in shown if config.get(c, {}).get("label")]
        assert len(labels) > 3 and len(labels) == len(set(labels)), labels
        assert not any(c.get("pinned") for c in config.values())


def test_an_empty_filter_says_so_once_and_offers_no_empty_file():
    at = open_page("lists", period="2025-12", parks="jingyue", sectors="devices")
    infos = [i.value for i in at.info]  # one notice per list (firms, projects), saying what
    assert len(infos) == 2 and all("净月高新区 × 医疗器械" in i for i in infos), infos
    assert "当前筛选条件下没有数据。" not in [c.value for c in at.caption]  # no second notice
    assert at.get("download_button") == []  # no file of nothing to download
