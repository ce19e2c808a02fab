"""Park, project, firm and follow-up pages through AppTest: figures against the data, URLs, bad ids."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from ccbio import data, store
from ccbio.followups import clock, warnings
from tests.page_helpers import markdown_text, metrics, open_page, table_with
from tests.samples import amber_project

STALLED = amber_project()


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    """Give every test its own empty operational store, and a fixed today."""
    monkeypatch.delenv(store.URL_ENV, raising=False)
    monkeypatch.setenv(store.STATE_ENV, str(tmp_path / "state"))
    monkeypatch.setenv(clock.TODAY_ENV, "2026-12-01")
    yield
    store.dispose()


def _table(at, key):
    return next(d for d in at.dataframe if d.proto.id and key in d.proto.id).value


def test_project_page_shows_the_history_from_the_data():
    at = open_page("project", project=STALLED)
    history = data.project_history(STALLED)
    last = history.iloc[-1]
    shown = dict(metrics(at))
    stages = data.stage_list().set_index("stage_id")
    assert shown["当前阶段"] == stages.loc[last["stage"], "name_zh"]
    assert f"**{last['responsible_unit']}**" in [m.value for m in at.markdown]
    assert f"全部 {len(history)} 期快照" in markdown_text(at)
    assert at.query_params["project"] == STALLED
    assert [s.value for s in at.subheader][0] == last["name_zh"]
    assert not at.warning


def test_project_page_lists_the_warning_that_fired_and_when():
    at = open_page("project", project=STALLED)
    fired = warnings.evaluate(data.latest_period())
    mine = fired[fired["subject_id"] == STALLED].iloc[0]
    assert mine["level"] == "amber"
    assert any(
        mine["reason_zh"] in str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()
    )


def test_project_page_in_english():
    at = open_page("project", project=STALLED, lang="en")
    stages = data.stage_list().set_index("stage_id")
    last = data.project_history(STALLED).iloc[-1]
    assert dict(metrics(at))["Stage now"] == stages.loc[last["stage"], "name_en"]
    assert "Stage timeline" in [s.value for s in at.subheader]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P9999", "没有编号为“P9999”的项目"),
        ("x' or 1=1 --", "格式不对"),
        ("P" + "9" * 200, "过长"),
    ],
)
def test_project_page_refuses_a_bad_id_with_a_notice(value, expected):
    at = open_page("project", project=value)
    assert any(expected in w for w in [w.value for w in at.warning]), [w.value for w in at.warning]
    assert not at.subheader


def test_park_page_counts_match_the_data():
    at = open_page("park", park="edz")
    projects = data.park_projects(data.latest_period(), "edz")
    assert dict(metrics(at))["定位"] == "三极"
    assert f"{len(projects)}个" in markdown_text(at)
    assert at.selectbox(key="park_pick").value == "edz"


@pytest.mark.parametrize("park_id", ["yongchun", "edz"])
def test_park_page_map_opens_on_that_park(park_id):
    """The city's centre drew 永春 (south-west) half under the map's bottom edge."""
    at = open_page("park", park=park_id)
    view = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"]
    park = data.park_list().set_index("park_id").loc[park_id]
    assert (view["longitude"], view["latitude"]) == pytest.approx((park["lon"], park["lat"]))


def test_park_page_from_the_park_filter():
    at = open_page("park", parks="jingyue")
    assert at.selectbox(key="park_pick").value == "jingyue"


def test_park_page_unknown_park_gets_a_notice_in_english():
    at = open_page("park", park="atlantis", lang="en")
    assert any("There is no park 'atlantis'" in w.value for w in at.warning)


def test_firm_page_shows_flags_and_output():
    at = open_page("firm", firm="E0003")
    last = data.firm_history("E0003").iloc[-1]
    assert at.subheader[0].value == last["name_zh"]
    assert dict(metrics(at))["近 12 个月产值"] == f"{last['output_value_yi']:,.2f}亿元"


def test_firm_page_bad_id():
    at = open_page("firm", firm="P0001")
    assert any("格式不对" in w.value for w in at.warning)


def test_followups_page_opens_red_warnings_automatically():
    at = open_page("followups")
    red = warnings.evaluate(data.latest_period()).query("level == 'red'")
    assert dict(metrics(at))["未销号"] == str(len(red))
    assert dict(metrics(at))["已超期"] == "0"


def test_open_a_follow_up_then_a_week_later_it_is_overdue_and_escalated(monkeypatch):
    at = open_page("project", project=STALLED)
    who = at.text_input(key="fu_who_project_open_who")
    assert who.value == "demo_admin" and who.disabled  # the account acts, nobody types a name
    assert who.label == "经办人（当前账号）"  # not "您的姓名": the box cannot be typed in
    at.button(key="project_open_submit").click().run()
    assert not at.exception
    assert any("已发起第" in s.value for s in at.success), [e.value for e in at.error]
    # a week and a bit later, after a restart of the server
    store.dispose()
    monkeypatch.setenv(clock.TODAY_ENV, (dt.date(2026, 12, 1) + dt.timedelta(days=30)).isoformat())
    later = open_page("followups", lang="en")
    shown = dict(metrics(later))
    assert int(shown["Overdue"]) >= 1 and int(shown["Escalated"]) >= 1
    opened = next(s.value for s in at.success if "已发起第" in s.value)
    item = opened.split("第")[1].split("号")[0].strip()
    overdue = dict(metrics(open_page("followups", lang="en", item=item)))
    assert int(overdue["Working days overdue"]) > 0 and "Working days left" not in overdue
    table = later.dataframe[0].value
    mine = table[table["subject"].str.contains(STALLED)]
    assert len(mine) == 1 and "past its deadline" in mine["why"].iloc[0]


def test_followups_page_unknown_item_notice():
    at = open_page("followups", item="999999")
    assert any("999999" in w.value for w in at.warning)


def test_followups_page_moves_an_item_through_its_statuses():
    at = open_page("followups", item="1")
    assert at.text_input(key="fu_who_fu_item_panel_act_who").disabled  # the signed-in account acts
    at.button(key="fu_item_panel_start").click().run()
    assert any("整改中" in s.value for s in at.success), [e.value for e in at.error]
    at.button(key="fu_item_panel_close").click().run()  # the red warning still fires: no reason
    assert any("销号需写明理由" in e.value for e in at.error)
    at.text_area(key="fu_item_panel_act_note").input("已列入市级协调，经批准销号")
    at.button(key="fu_item_panel_close").click().run()
    assert any("已销号" in s.value for s in at.success), [e.value for e in at.error]
    from ccbio.followups import items

    events = items.item_events(1)
    assert events["action"].tolist() == ["opened", "status", "closed"]
    assert events["who"].tolist()[1:] == [
        "demo_admin",
        "demo_admin",
    ]  # the signed-in account, not a typed name


# ---- a firm's projects, a project's firm (by sponsor_enterprise_id) ----------------------------


def _sponsored() -> tuple[str, set[str]]:
    """Return a demo firm sponsoring several projects and those project ids, read by pandas."""
    from tests import oracles

    rows = pd.concat(
        oracles.snapshot_table("projects", p)[["project_id", "sponsor_enterprise_id"]]
        for p in data.periods()
    ).dropna()
    counts = rows.drop_duplicates()["sponsor_enterprise_id"].value_counts()
    firm = counts[counts >= 3].index[0]
    return firm, set(rows.loc[rows["sponsor_enterprise_id"] == firm, "project_id"])


def test_firm_page_lists_every_project_it_sponsors_each_opening_its_page():
    firm, expected = _sponsored()
    at = open_page("firm", firm=firm)
    table = table_with(at, "project")
    assert set(table["project"].str.extract(r"project=(P\d+)")[0]) == expected
    assert len(table) == len(expected)


def _page_links(at):
    return [(e.proto.label, e.proto.page, e.proto.query_string) for e in at.get("page_link")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_project_page_names_its_firm_and_links_to_its_page(lang):
    firm, projects = _sponsored()
    pid = sorted(projects)[0]
    at = open_page("project", project=pid, lang=lang)
    names = data.firm_history(firm).iloc[-1]
    links = [link for link in _page_links(at) if "firm.py" in link[1] or "firm=" in link[2]]
    assert len(links) == 1, _page_links(at)
    label, _, query = links[0]
    assert label == names["name_zh" if lang == "zh" else "name_en"]
    assert f"firm={firm}" in query and f"lang={lang}" in query


def test_project_page_of_a_sponsor_outside_the_firm_statistics_names_it_without_a_link():
    at = open_page("project", project="P0001")  # 复星医药: named in the seeds, not a firm here
    text = markdown_text(at)
    assert "投资主体" in text and "\n复星医药" in text
    assert not [link for link in _page_links(at) if "firm=" in link[2]]


def test_a_closed_follow_up_shows_when_it_was_closed_not_days_left():
    from ccbio.followups import board, items

    at = open_page("project", project=STALLED)
    at.button(key="project_open_submit").click().run()
    opened = next(s.value for s in at.success if "已发起第" in s.value)
    item = int(opened.split("第")[1].split("号")[0])
    items.change_status(
        item,
        "closed",
        who="demo_admin",
        expected_version=1,
        firing=True,
        rules=board.refresh()["rules"],
        note="园区管委会已同意调整计划，改按新节点考核",
    )
    shown = dict(metrics(open_page("followups", item=str(item))))
    assert shown["销号日期"] == "2026年12月1日" and "剩余工作日" not in shown
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", shown["期限"])  # not the stored 2026-12-08


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_follow_up_list_gives_today_as_a_date_is_read(lang):
    """'今天：2026-12-01' read the ISO key beside months written 2026年11月 (issue 10)."""
    from ccbio.followups import clock
    from ccbio.formatting import format_date

    at = open_page("followups", lang=lang)
    captions = " ".join(c.value for c in at.caption)
    assert format_date(clock.today(), lang) in captions
    assert clock.today().isoformat() not in captions


def test_the_park_page_in_english_names_its_district_and_reads_each_warning_whole():
    """'District · 朝阳区' on the English page, and warning reasons cut at 1440 px (issue 10)."""
    from ccbio import text_table

    at = open_page("park", park="yongchun", lang="en")
    captions = " ".join(c.value for c in at.caption)
    assert "Chaoyang District" in captions and "朝阳区" not in captions
    frame = next(f for f in at.dataframe if "reason" in f.value.columns)
    lines = max(text_table.text_lines(r, 400) for r in frame.value["reason"])
    assert lines > 1 and frame.proto.row_height > 64


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_small_firms_output_card_reads_in_the_unit_of_its_chart(lang):
    """1,209万元 on the card beside a chart axis in 亿元 (0.0-0.2) read as two units (issue 10)."""
    from ccbio.formatting import format_yi
    from ccbio.i18n import t

    history = data.firm_history("E0434")
    value = history.iloc[-1]["output_value_yi"]
    assert value < 1  # a firm below 1亿: where 万元 would have been chosen
    shown = dict(metrics(open_page("firm", firm="E0434", lang=lang)))
    assert shown[t("firm.output", lang)] == format_yi(value, lang, unit="yi")
    assert t("common.yi_unit", lang) in t("firm.output_axis", lang)
