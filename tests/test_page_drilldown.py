"""Park, project, firm and follow-up pages through AppTest: figures against the data, URLs, bad ids."""

from __future__ import annotations

import datetime as dt

import pytest

from ccbio import data, store
from ccbio.followups import clock, warnings
from tests.page_helpers import markdown_text, metrics, open_page


def amber_project(park: str = "edz") -> str:
    """Return a project of `park` amber in the newest snapshot and the one before (none: any amber)."""
    latest, previous = warnings.latest_two()
    now, before = warnings.evaluate(latest), warnings.evaluate(previous)
    amber = now[
        (now["subject_kind"] == "project") & (now["level"] == "amber") & (now["park_id"] == park)
    ]
    twice = amber[amber["warning_key"].isin(before.loc[before["level"] == "amber", "warning_key"])]
    return (twice if len(twice) else amber)["subject_id"].iloc[0]


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
    assert at.text_input(key="fu_who_project_open_who").value == "demo_admin"  # the account acts
    at.button(key="project_open_submit").click().run()
    assert not at.exception
    assert any("已发起第" in s.value for s in at.success), [e.value for e in at.error]
    # a week and a bit later, after a restart of the server
    store.dispose()
    monkeypatch.setenv(clock.TODAY_ENV, (dt.date(2026, 12, 1) + dt.timedelta(days=30)).isoformat())
    later = open_page("followups", lang="en")
    shown = dict(metrics(later))
    assert int(shown["Overdue"]) >= 1 and int(shown["Escalated"]) >= 1
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
