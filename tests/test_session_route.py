"""The route that sets the session cookie (ccbio/auth/routes.py): HttpOnly, SameSite=Strict, Secure
behind https, one use per code, no open redirect; the page goes through it when it is served."""

from __future__ import annotations

from unittest import mock

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from ccbio.auth import handoff, routes, tokens
from tests.page_helpers import open_page

COOKIE = "a" * 43 + ".1796179485." + "b" * 43


@pytest.fixture
def client():
    return TestClient(Starlette(routes=routes.routes()), base_url="http://127.0.0.1")


def _claim(client, code, **headers):
    return client.get(
        f"/{routes.ROUTE}", params={"code": code}, headers=headers, follow_redirects=False
    )


def test_a_code_sets_the_cookie_httponly_samesite_strict_and_goes_back(client):
    code = handoff.offer(COOKIE, 3600, "/project?project=P0035&lang=en")
    response = _claim(client, code)
    assert response.status_code == 303
    assert response.headers["location"] == "/project?project=P0035&lang=en"
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith(f"{tokens.COOKIE_NAME}={COOKIE};")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in set_cookie.split(";")[1:]}
    assert "httponly" in flags and flags["samesite"].lower() == "samesite=strict"
    assert flags["max-age"] == "Max-Age=3600" and flags["path"] == "Path=/"
    assert "secure" not in flags  # plain http on a laptop: a Secure cookie would never be sent
    assert response.headers["cache-control"] == "no-store"


def test_behind_an_https_proxy_the_cookie_is_secure(client):
    code = handoff.offer(COOKIE, 3600, "/")
    set_cookie = _claim(client, code, **{"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    assert "secure" in set_cookie.lower().replace("samesite", "")


def test_a_code_works_once_and_an_unknown_one_sets_nothing(client):
    code = handoff.offer(COOKIE, 3600, "/lists")
    assert "set-cookie" in _claim(client, code).headers
    again = _claim(client, code)
    assert again.status_code == 303 and again.headers["location"] == "/"
    assert "set-cookie" not in again.headers
    assert "set-cookie" not in _claim(client, "x" * 43).headers
    assert "set-cookie" not in client.get(f"/{routes.ROUTE}", follow_redirects=False).headers


def test_an_expired_code_sets_nothing(client):
    code = handoff.offer(COOKIE, 3600, "/")
    with mock.patch("time.monotonic", return_value=10**12):
        assert "set-cookie" not in _claim(client, code).headers


def test_signing_out_clears_the_cookie_with_the_same_flags(client):
    code = handoff.offer("", 0, "/?signed_out=1")
    response = _claim(client, code)
    set_cookie = response.headers["set-cookie"].lower()
    assert set_cookie.startswith(f'{tokens.COOKIE_NAME}="";') or set_cookie.startswith(
        f"{tokens.COOKIE_NAME}=;"
    )
    assert "max-age=0" in set_cookie and "httponly" in set_cookie
    assert response.headers["location"] == "/?signed_out=1"


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "evil", "/\\evil.example", "/a\nb"]
)
def test_the_way_back_is_always_a_path_on_this_server(client, target):
    code = handoff.offer(COOKIE, 3600, target)
    assert _claim(client, code).headers["location"] == "/"


def test_signing_in_on_a_served_page_sends_the_browser_to_the_route_not_a_cookie_script():
    from ccbio.auth import session

    with mock.patch.object(handoff, "served", return_value=True):
        at = open_page("lists")
        at.session_state[session.PENDING_KEY] = (COOKIE, 3600)  # as sign_in leaves it
        at.run()
    scripts = [e.proto.body for e in at.get("html")]
    assert any(f"/{routes.ROUTE}?code=" in body and "fetch(" in body for body in scripts), scripts
    assert not any("document.cookie" in body or "location" in body for body in scripts)
    assert at.dataframe  # no reload: the same run goes on and draws the page (h15s, issue 15)


def test_served_or_not_app_py_alone_still_writes_the_cookie_from_the_page():
    from ccbio.auth import session

    at = open_page("lists")
    at.session_state[session.PENDING_KEY] = (COOKIE, 3600)
    at.run()
    assert any("document.cookie" in e.proto.body for e in at.get("html"))


def test_a_code_opens_only_in_the_browser_that_signed_in(client):
    code = handoff.offer(COOKIE, 3600, "/", browser="2|aa|bb|1")
    elsewhere = _claim_with(client, code, "2|cc|dd|1")  # a sign-in forged into another browser
    assert "set-cookie" not in elsewhere.headers
    code = handoff.offer(COOKIE, 3600, "/", browser="2|aa|bb|1")
    assert "set-cookie" in _claim_with(client, code, "2|aa|bb|1").headers


def _claim_with(client, code, browser):
    client.cookies.set(routes.BROWSER_COOKIE, browser)
    try:
        return _claim(client, code)
    finally:
        client.cookies.clear()
