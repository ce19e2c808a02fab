"""Signed in as each demo account through AppTest: what each role sees, which rows, which URLs.

These tests open the app as nobody (marker `signed_out`) and sign in the way a user does.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ccbio import data
from ccbio.auth import accounts, audit
from tests.page_helpers import TIMEOUT_S, table_with, warnings
from tests.tiny_data import ROOT

pytestmark = [pytest.mark.signed_out, pytest.mark.usefixtures("fresh_store")]
PASSWORD = "a long enough password"


def app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def signed_in(account: str, page: str | None = None, **params) -> AppTest:
    """Return an AppTest signed in with the demo account's button, then on `pages/<page>.py`."""
    at = app(**params)
    at.button(key=f"signin_demo_{account}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        open_(at, page)
    return at


def open_(at: AppTest, page: str) -> AppTest:
    """Switch to `pages/<page>.py`, or, when the role may not open it, to its URL path (a hidden page)."""
    try:
        at.switch_page(f"pages/{page}.py").run()
    except ValueError:  # not registered for this role: what typing its URL path reaches
        pages = at._registered_pages.items()
        at._page_hash = next(h for h, info in pages if info.get("url_pathname") == page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, name: str, password: str) -> AppTest:
    """Type a name and password into the sign-in form and press 登录."""
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(b for b in at.get("button") if b.proto.label == "登录").click()
    return at.run()


def test_nobody_signed_in_sees_the_sign_in_screen_and_no_data():
    at = app()
    assert at.title[0].value == "长春市生物医药产业监测 · 登录"
    assert not at.metric and not at.dataframe
    demo = [b.label for b in at.button if b.key.startswith("signin_demo_")]
    assert demo == ["以“领导”身份进入", "以“园区”身份进入（净月高新区）", "以“数据管理员”身份进入"]
    assert at.subheader[0].value == "演示账号"
    at.switch_page("pages/lists.py").run()  # a deep link is the sign-in screen too
    assert at.title[0].value.endswith("登录") and not at.dataframe


def test_sign_in_screen_in_english():
    at = app(lang="en")
    assert at.title[0].value == "Changchun biomedicine monitor · Sign in"
    assert [b.label for b in at.button if b.key.startswith("signin_demo_")][1] == (
        "Enter as Park planner (Jingyue High-tech Zone)"
    )


def test_planner_sees_city_targets_but_only_their_parks_rows():
    leader = signed_in("demo_leader")
    planner = signed_in("demo_planner")
    # goals: the city's figures for everyone
    assert [m.value for m in planner.metric] == [m.value for m in leader.metric] != []
    planner.switch_page("pages/lists.py").run()
    firms = table_with(planner, "is_srdi")
    projects = table_with(planner, "months_in_stage")
    assert set(firms["park_id"]) == {"jingyue"} and set(projects["park_id"]) == {"jingyue"}
    assert len(firms) == len(data.leading_enterprises(data.latest_period(), ["jingyue"]))
    leader.switch_page("pages/lists.py").run()
    assert len(set(table_with(leader, "is_srdi")["park_id"])) > 1
    # the park filter offers only their park
    assert planner.multiselect(key="f_parks").options == ["三极｜净月高新区"]  # grouped by tier
    # and an empty park filter names it: "全部园区" read as if they saw the whole city
    assert planner.multiselect(key="f_parks").placeholder == "本账号的园区：净月高新区"
    assert leader.multiselect(key="f_parks").placeholder == "全部园区"
    assert any("demo_planner" in m.value for m in planner.markdown)


def test_planner_link_to_another_park_gets_a_notice_and_their_own_park():
    at = signed_in("demo_planner", parks="edz")
    assert any("不在您的查看范围内" in w and "经开区" in w for w in warnings(at))
    open_(at, "lists")
    assert at.multiselect(key="f_parks").value == ["jingyue"]
    assert set(table_with(at, "is_srdi")["park_id"]) == {"jingyue"}
    assert at.query_params["parks"] == "jingyue"  # the shared link now says so


def test_planner_and_leader_cannot_open_the_data_update_page():
    for account in ("demo_planner", "demo_leader"):
        at = signed_in(account, "admin")
        assert not at.get("file_uploader"), account  # the data update page did not run
        assert at.title[0].value.startswith("目标进度")
        assert any("无权打开“数据更新”页面" in w for w in warnings(at))


def test_data_admin_opens_data_update_and_audit_but_not_accounts():
    at = signed_in("demo_admin", "admin")
    assert at.get("file_uploader") and at.title[0].value.startswith("数据更新")
    open_(at, "audit")
    assert at.title[0].value == "审计日志"
    assert "demo_admin" in table_with(at, "用户")["用户"].tolist()  # its own sign-in
    open_(at, "accounts")
    assert at.title[0].value.startswith("目标进度")


def test_wrong_passwords_then_lock_out_on_the_sign_in_screen():
    accounts.create(
        "wang",
        "planner",
        ["jingyue"],
        audit.Actor("root"),
        known_parks=data.park_list()["park_id"].tolist(),
        password=PASSWORD,
    )
    at = app()
    for _ in range(4):
        assert submit(at, "wang", "not it").error[0].value == "用户名或密码不正确。"
    assert "已暂时锁定" in submit(at, "wang", "not it").error[0].value
    submit(at, "wang", PASSWORD)
    assert "已暂时锁定" in at.error[0].value and not at.metric  # locked: even the right password
    failed = audit.events(actions=["sign_in"])
    assert (
        failed["who"].eq("wang").all() and failed["result"].tolist() == ["refused"] + ["failed"] * 5
    )


def test_right_password_signs_in_and_sign_out_ends_it():
    accounts.create("zhao", "leader", [], audit.Actor("root"), known_parks=[], password=PASSWORD)
    at = submit(app(), "zhao", PASSWORD)
    assert not at.exception and at.metric
    assert any("**zhao** · 领导" in m.value for m in at.markdown)
    at.button(key="auth_sign_out").click().run()
    assert at.title[0].value.endswith("登录") and not at.metric
    assert at.success[0].value == "您已退出登录。"
    assert audit.events(actions=["sign_in", "sign_out"])["result"].tolist() == ["ok", "ok"]


def test_demo_accounts_are_not_offered_with_real_data(monkeypatch):
    monkeypatch.setattr(data, "is_demo_data", lambda: False)
    at = app()
    assert not [b for b in at.button if b.key.startswith("signin_demo_")]
    assert "尚未开设任何账号" in at.info[0].value
    assert accounts.list_accounts() == []


def _a_project(park: str) -> str:
    projects = data.run_query(
        "major_projects", period=data.latest_period(), parks=[park], sectors=[]
    )
    return projects["project_id"].iloc[0]


def test_planner_link_to_another_parks_page_or_project_gets_a_notice_and_no_rows():
    at = signed_in("demo_planner", project=_a_project("edz"))
    open_(at, "project")
    other = at.query_params["project"]
    assert any(f"编号 {other} 在您负责的园区中没有记录" in w for w in warnings(at))
    assert not at.dataframe and not at.metric  # nothing of the other park's project


def test_a_park_outside_the_planners_scope_is_refused_before_any_query(monkeypatch):
    from ccbio.auth.scope import Scope
    from ccbio.drilldown import params

    monkeypatch.setattr(params, "session_scope", lambda: Scope(("jingyue",)))
    assert params.checked("park", "jingyue") == ("jingyue", None)
    park, err = params.checked("park", "edz")
    assert park is None and "不在您的查看范围内" in err.message("zh")
    assert "outside your scope" in err.message("en")
