"""Each demo account in Chromium, signed in by its button on the sign-in screen: the pages in the
menu, the rows a page holds, a link pointing elsewhere, what a download contains; in zh and en."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ccbio import data

MENU = '[data-testid="stSidebarNav"] a'
EVERY_ROLE = ["目标进度", "园区地图", "五个一批", "双单", "监测预警", "快照对比"]


def sign_in_by_button(app, button: str, lang: str = "zh", path: str = "lists"):
    """Open a link as nobody and press a demo account's button (the link's page opens); return the tab."""
    app.open(path, lang=lang)
    app.page.get_by_role("button", name=button).click()
    app.page.wait_for_selector(MENU)  # the rerun after the click draws the menu
    app.wait_idle()
    return app


def menu(app) -> list[str]:
    """Return the page names in the sidebar menu (all of them: 'View more' is opened first)."""
    more = app.page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    return [a.inner_text().strip() for a in app.page.locator(MENU).all()]


def test_nobody_sees_the_sign_in_screen_only(new_app_page):
    app = new_app_page()
    app.open("lists", lang="zh")
    app.expect_text("演示账号")
    assert app.page.locator(MENU).count() == 0
    assert app.page.locator('[data-testid="stDataFrame"]').count() == 0
    app.screenshot("signin_zh")
    app.open("", lang="en")
    app.expect_text("Demo accounts (演示账号)")
    app.screenshot("signin_en")
    app.assert_healthy()


@pytest.mark.parametrize(
    ("button", "lang", "shown", "hidden"),
    [
        ("以“领导”身份进入", "zh", EVERY_ROLE, ["数据更新", "审计日志", "账号管理"]),
        ("以“园区”身份进入（净月高新区）", "zh", EVERY_ROLE, ["数据更新", "审计日志", "账号管理"]),
        ("以“数据管理员”身份进入", "zh", [*EVERY_ROLE, "数据更新", "审计日志"], ["账号管理"]),
        ("Enter as Leader", "en", ["Goals", "Lists"], ["Data update", "Audit trail", "Accounts"]),
    ],
)
def test_each_demo_account_sees_its_pages(new_app_page, button, lang, shown, hidden):
    app = sign_in_by_button(new_app_page(), button, lang)
    items = menu(app)
    assert all(any(s in i for i in items) for s in shown), items
    assert not any(h in i for h in hidden for i in items), items
    app.assert_healthy()


def test_planner_rows_links_and_downloads_stay_in_their_park(new_app_page):
    app = sign_in_by_button(new_app_page(), "以“园区”身份进入（净月高新区）")
    app.expect_text("可查看园区：净月高新区")
    app.expect_text("双单")
    app.screenshot("planner_lists_zh")
    # a link to another park: a notice, and their own park's rows
    app.open("lists", parks="edz", lang="zh")
    app.expect_text("不在您的查看范围内")
    app.screenshot("planner_lists_other_park_zh")
    expected = data.leading_enterprises(data.latest_period(), ["jingyue"])
    with app.page.expect_download() as csv_download:
        app.page.get_by_role("button", name="下载 CSV").first.click()
    firms = pd.read_csv(io.BytesIO(csv_download.value.path().read_bytes()), encoding="utf-8-sig")
    assert set(firms["所在园区"]) == {"净月高新区"}
    assert len(firms) == len(expected)
    # a page the role may not open
    app.open("admin", lang="zh")
    app.expect_text("无权打开“数据更新”页面")
    assert app.page.locator('input[type="file"]').count() == 0
    app.screenshot("planner_admin_denied_zh")
    app.assert_healthy()


def test_planner_in_english(new_app_page):
    app = sign_in_by_button(new_app_page(), "Enter as Park planner (Jingyue High-tech Zone)", "en")
    app.expect_text("Parks you can see: Jingyue High-tech Zone")
    app.open("lists", lang="en")
    app.screenshot("planner_lists_en")
    app.assert_healthy()


def test_leader_sees_every_park_and_no_writes(new_app_page):
    app = sign_in_by_button(new_app_page(), "以“领导”身份进入")
    app.expect_text("可查看范围：全市")
    app.open("lists", lang="zh")
    with app.page.expect_download() as csv_download:
        app.page.get_by_role("button", name="下载 CSV").first.click()
    firms = pd.read_csv(io.BytesIO(csv_download.value.path().read_bytes()), encoding="utf-8-sig")
    assert firms["所在园区"].nunique() > 1
    app.screenshot("leader_lists_zh")
    app.open("lists", lang="en")
    app.screenshot("leader_lists_en")
    app.assert_healthy()


def test_data_admin_reaches_data_update_and_the_audit_trail(new_app_page):
    app = sign_in_by_button(new_app_page(), "以“数据管理员”身份进入")
    app.open("admin", lang="zh")
    app.expect_text("撤销已写入的月份")
    app.screenshot("admin_data_update_zh")
    app.open("audit", lang="zh")
    app.expect_text("demo_admin")
    app.screenshot("admin_audit_zh")
    app.open("audit", lang="en")
    app.expect_text("Audit trail")
    app.screenshot("admin_audit_en")
    app.assert_healthy()


def test_sign_out_returns_to_the_sign_in_screen_and_the_cookie_no_longer_works(new_app_page):
    app = sign_in_by_button(new_app_page(), "以“领导”身份进入")
    assert any(c["name"] == "ccbio_session" for c in app.page.context.cookies())
    app.page.get_by_role("button", name="退出登录").click()
    app.expect_text("您已退出登录")
    app.open("lists", lang="zh")  # a new session: no cookie, or a revoked one
    app.expect_text("演示账号")
    assert app.page.locator('[data-testid="stDataFrame"]').count() == 0


def test_password_sign_in_wrong_then_right_in_the_browser(new_app_page):
    from ccbio.auth import accounts, audit

    if accounts.get("browser_zhao") is None:
        accounts.create(
            "browser_zhao",
            "leader",
            [],
            audit.Actor("root"),
            known_parks=[],
            password="a long enough password",
        )
    app = new_app_page()
    app.open("lists", lang="zh")
    app.page.get_by_label("用户名").fill("browser_zhao")
    app.page.get_by_label("密码").fill("not the password")
    app.page.get_by_role("button", name="登录").click()
    app.expect_text("用户名或密码不正确。")
    app.page.get_by_label("用户名").fill("browser_zhao")
    app.page.get_by_label("密码").fill("a long enough password")
    app.page.get_by_role("button", name="登录").click()
    app.page.wait_for_selector(MENU)
    app.expect_text("browser_zhao")
    assert audit.events(who="browser_zhao", actions=["sign_in"])["result"].tolist()[:2] == [
        "ok",
        "failed",
    ]
    app.assert_healthy()
