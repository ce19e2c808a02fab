"""Single sign-on round trip: st.login against a local OIDC provider (oidc-provider-mock) on loopback.

The provider offers three identities: one whose token carries ccbio_role/ccbio_parks claims, one
mapped by a local account's SSO e-mail, and one with no role anywhere (refused, audited).
"""

from __future__ import annotations

import os

import pytest
from oidc_provider_mock import User, run_server_in_thread

from ccbio import store
from ccbio.auth import accounts, audit
from tests.browser.helpers import free_port, running_app

CLAIMED = User(
    sub="planner-sub",
    claims={"email": "planner@city.example", "ccbio_role": "planner", "ccbio_parks": ["jingyue"]},
)
MAPPED = User(sub="leader-sub", claims={"email": "leader@city.example"})
UNKNOWN = User(sub="nobody-sub", claims={"email": "nobody@city.example"})


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory):
    """Yield (base URL, state folder) of the app configured for SSO against a local provider."""
    folder = tmp_path_factory.mktemp("sso")
    state = folder / "state"
    saved = os.environ.get("CCBIO_STATE_DIR")
    os.environ["CCBIO_STATE_DIR"] = str(state)
    store.dispose()
    accounts.create(
        "leader_sso",
        "leader",
        [],
        audit.Actor("root"),
        known_parks=[],
        sso_email="leader@city.example",
    )
    with run_server_in_thread(user_claims=[CLAIMED, MAPPED, UNKNOWN]) as provider:
        port = free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a test cookie secret for the sso round trip"\n'
            'client_id = "ccbio-dashboard"\n'
            'client_secret = "not-a-real-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = dict(os.environ, CCBIO_STATE_DIR=str(state), AUTHLIB_INSECURE_TRANSPORT="1")
        with running_app(
            folder / "server.log", env=env, port=port, extra=["--secrets.files", str(secrets)]
        ) as base_url:
            yield base_url, state
    store.dispose()
    if saved is None:
        os.environ.pop("CCBIO_STATE_DIR", None)
    else:
        os.environ["CCBIO_STATE_DIR"] = saved


def sso_sign_in(browser, base_url: str, sub: str):
    """Return a tab that pressed the SSO button and chose `sub` on the provider's page."""
    from tests.browser.helpers import AppPage

    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="zh-CN")
    app = AppPage(context.new_page(), base_url)
    app.open()
    app.page.get_by_role("button", name="使用统一身份认证登录").click()
    app.page.wait_for_url("**/oauth2/authorize**")
    app.page.get_by_role("button", name=sub, exact=True).click()
    app.page.wait_for_url(f"{base_url}/**")
    app.wait_idle()
    return app, context


def test_a_role_claim_signs_a_planner_in_with_their_park(browser, sso_app):
    base_url, _ = sso_app
    app, context = sso_sign_in(browser, base_url, "planner-sub")
    app.expect_text("planner@city.example")
    app.expect_text("可查看园区：净月高新区")
    app.screenshot("sso_planner_zh")
    assert app.page.get_by_text("数据更新").count() == 0  # no data update page for planners
    context.close()


def test_a_local_mapping_by_email_gives_the_leader_role(browser, sso_app):
    base_url, _ = sso_app
    app, context = sso_sign_in(browser, base_url, "leader-sub")
    app.expect_text("leader_sso")
    app.expect_text("可查看范围：全市")
    context.close()


def test_an_identity_without_a_role_is_refused_and_audited(browser, sso_app):
    base_url, state = sso_app
    app, context = sso_sign_in(browser, base_url, "nobody-sub")
    app.expect_text("尚未被授予本系统的角色")
    assert app.page.locator('[data-testid="stMetric"]').count() == 0
    refused = audit.events(
        actions=["sign_in"], results=["refused"], url=f"sqlite:///{state / 'ccbio.sqlite3'}"
    )
    assert "nobody@city.example" in refused["who"].tolist()
    context.close()
