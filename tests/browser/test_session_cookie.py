"""Served as ./run app serves it (serve.py), the session cookie is set by the server: HttpOnly,
SameSite=Strict, out of reach of any script in the page; a reload keeps the session, signing out
clears the cookie (issue 13's follow-up on issue 14)."""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import ROOT, AppPage, free_port, running_app

MENU = '[data-testid="stSidebarNav"] a'


@pytest.fixture(scope="module")
def served():
    os.environ.setdefault("CCBIO_SESSION_SECRET", os.urandom(32).hex())
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_app(
        ROOT / "artifacts" / "serve_py.log", port=free_port(8630, 8639), script="serve.py"
    ) as url:
        yield url


def _session_cookie(context):
    return [c for c in context.cookies() if c["name"] == "ccbio_session"]


@pytest.mark.parametrize(
    ("button", "lang"), [("以“领导”身份进入", "zh"), ("Enter as Leader", "en")]
)
def test_signing_in_sets_an_httponly_strict_cookie_that_a_reload_keeps(
    browser, served, button, lang
):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    app = AppPage(context.new_page(), served)
    responses = []
    app.page.on("response", lambda r: responses.append(r) if "/ccbio/session" in r.url else None)
    app.open("lists", lang=lang)
    with app.page.expect_response(lambda r: "/ccbio/session" in r.url):
        app.page.get_by_role("button", name=button).click()
    app.page.wait_for_load_state()
    app.page.wait_for_selector(MENU)
    app.wait_idle()
    (cookie,) = _session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]
    assert "ccbio_session" not in app.page.evaluate("document.cookie")  # no script can read it
    set_cookies = [r.header_value("set-cookie") or "" for r in responses]
    assert any("HttpOnly" in h for h in set_cookies), set_cookies  # set by the server's response
    assert f"lang={lang}" in app.page.url and "/lists" in app.page.url  # back where the user was
    app.page.reload()
    app.wait_idle()
    assert app.page.locator(MENU).count() > 0  # still signed in: the browser sent the cookie
    app.assert_healthy()
    app.screenshot(f"served_signed_in_{lang}")
    context.close()


def test_signing_out_clears_the_cookie_and_says_so(browser, served):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    app = AppPage(context.new_page(), served)
    app.open("", lang="zh")
    with app.page.expect_response(lambda r: "/ccbio/session" in r.url):
        app.page.get_by_role("button", name="以“领导”身份进入").click()
    app.page.wait_for_load_state()
    app.page.wait_for_selector(MENU)
    app.wait_idle()
    assert _session_cookie(context)
    with app.page.expect_response(lambda r: "/ccbio/session" in r.url):
        app.page.get_by_role("button", name="退出登录").click()
    app.page.wait_for_load_state()
    app.expect_text("演示账号")
    app.wait_idle(sidebar=False)
    assert not _session_cookie(context)
    app.expect_text("您已退出登录。")
    assert "signed_out" not in app.page.url  # the marker is dropped once shown
    app.open("lists", lang="zh")
    assert app.page.locator(MENU).count() == 0
    app.screenshot("served_signed_out_zh")
    context.close()


def test_a_sign_in_code_sent_to_another_browser_opens_nothing_there(browser, served):
    signing_in = browser.new_context()
    app = AppPage(signing_in.new_page(), served)
    codes = []

    def keep(route):  # the route is never reached from this browser: the code goes elsewhere
        codes.append(route.request.url)
        route.abort()

    app.page.route("**/ccbio/session*", keep)
    app.open("", lang="zh")
    app.page.get_by_role("button", name="以“领导”身份进入").click()
    for _ in range(120):  # the click's rerun sends the browser to the route
        if codes:
            break
        app.page.wait_for_timeout(500)
    other = browser.new_context()
    victim = AppPage(other.new_page(), served)
    victim.open("", lang="zh")  # a browser of its own (its own Streamlit cookie)
    victim.page.goto(codes[0])
    victim.wait_idle(sidebar=False)
    assert not _session_cookie(other)
    assert victim.page.locator(MENU).count() == 0
    signing_in.close()
    other.close()
