"""Who is signed in to this Streamlit session: restored from the session cookie or SSO each run.

Streamlit reads cookies only as sent with the page request (`st.context.cookies`), and a script
cannot set a response header. So signing in keeps the user in session state for this tab, and
the cookie is set by the server's own route (serve.py, ccbio/auth/routes.py): the page asks it
with a one-time code (in the background on signing in, so the page is drawn in the same run;
through a reload on signing out), the route sets the signed cookie HttpOnly, SameSite=Strict
(Secure over HTTPS), so a reload or a new tab finds it and no script can read it. Run as `streamlit run app.py` (no route; AppTest too), the page writes the cookie itself
with a two-line script instead. The cookie is only a key: every run checks it against the store,
so signing out or disabling an account ends the session at once.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ccbio import data
from ccbio.auth import accounts, audit, handoff, routes, sso, tokens
from ccbio.auth.accounts import User

USER_KEY, COOKIE_KEY, PENDING_KEY = "_ccbio_user", "_ccbio_cookie", "_ccbio_set_cookie"
SIGNED_OUT_KEY = "_ccbio_signed_out"
# Tests sign a user in for pages that are not about signing in (tests/conftest.py). Only code
# running inside this process can set it; no setting, URL or environment variable does.
_preset_user: User | None = None


def current_user() -> User | None:
    """Return the signed-in user of this session, or None."""
    user = st.session_state.get(USER_KEY)
    return user if user is not None else _preset_user


def restore() -> User | None:
    """Return the user of this session, checking the cookie (or SSO identity) against the store."""
    if _preset_user is not None and USER_KEY not in st.session_state:
        return _preset_user
    if st.session_state.get(SIGNED_OUT_KEY):
        return None  # the browser may still send the old cookie until it has been cleared
    cookie = st.session_state.get(COOKIE_KEY) or st.context.cookies.get(tokens.COOKIE_NAME)
    user = _from_cookie(cookie) if cookie else None
    if user is None and sso.configured():
        user = sso.current_user()
    if user is None:
        st.session_state.pop(USER_KEY, None)
        st.session_state.pop(COOKIE_KEY, None)
    else:
        st.session_state[USER_KEY], st.session_state[COOKIE_KEY] = user, cookie
    return user


def _from_cookie(cookie: str) -> User | None:
    found = tokens.resolve(cookie)
    if found is None:
        return None
    row, via = found
    if via == "demo" and not (row["is_demo"] and data.is_demo_data()):
        return None  # demo accounts stop working once real data is loaded
    return accounts.user_from_row(row, via)


def sign_in(user: User) -> None:
    """Start a session for `user`: session state now, the cookie on the next run (see set_cookie)."""
    cookie, lifetime = tokens.issue(user.account_id, user.via)
    st.session_state[USER_KEY], st.session_state[COOKIE_KEY] = user, cookie
    st.session_state[PENDING_KEY] = (cookie, lifetime)
    st.session_state.pop(SIGNED_OUT_KEY, None)
    audit.record("sign_in", user.actor(), detail={"via": user.via})


def sign_out() -> None:
    """End the session: revoke it in the store, forget it here and clear the browser's cookie."""
    user = current_user()
    tokens.revoke(st.session_state.get(COOKIE_KEY))
    for key in (USER_KEY, COOKIE_KEY):
        st.session_state.pop(key, None)
    st.session_state[PENDING_KEY] = ("", 0)
    st.session_state[SIGNED_OUT_KEY] = True
    if user is not None:
        audit.record("sign_out", user.actor(), detail={"via": user.via})
        if user.via == "sso":
            st.logout()


def set_cookie() -> None:
    """Write (or clear) the session cookie in the browser if sign-in or sign-out asked for it.

    Served by serve.py, the browser is sent through the server's route, which sets it HttpOnly
    (ccbio/auth/routes.py); otherwise (`streamlit run app.py`, AppTest) the page writes it.
    """
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is None:
        return
    value, lifetime = pending
    if value and not tokens.COOKIE_PATTERN.match(value):
        return  # never put anything but our own token into a script
    if handoff.served():
        _through_route(value, lifetime)
        return
    cookie = json.dumps(
        f"{tokens.COOKIE_NAME}={value}; Path=/; Max-Age={lifetime}; SameSite=Strict"
    )
    st.html(
        f"<script>document.cookie = {cookie} + "
        "(location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


SIGNED_OUT_PARAM = "signed_out"  # the page after the route cleared the cookie says so once


def _here(**extra: str) -> str:
    """Return the path and query of the page the browser is on (where the route sends it back)."""
    path = urlsplit(st.context.url or "/").path or "/"
    query = urlencode(st.query_params.to_dict() | extra)
    return f"{path}?{query}" if query else path


def signed_out_notice() -> bool:
    """Return True once after the route cleared the cookie on signing out (and drop the marker)."""
    if SIGNED_OUT_PARAM not in st.query_params:
        return False
    del st.query_params[SIGNED_OUT_PARAM]
    return True


def _through_route(value: str, lifetime: int) -> None:
    """Have the browser claim the cookie from the server's route.

    Signing in, the page asks for it in the background (fetch: the route's answer sets the
    cookie, its redirect is not followed) and this run goes on drawing the page: the user is
    in session state already, and only a reload or a new tab needs the cookie. Before, the page
    was sent to the route and back, a whole new page load and session after every sign-in.
    Signing out still goes there and back (the page then says so once, and the old session's
    state goes with the reload).
    """
    back = _here() if value else _here(**{SIGNED_OUT_PARAM: "1"})
    browser = st.context.cookies.get(routes.BROWSER_COOKIE)
    url = json.dumps(routes.route_url(handoff.offer(value, lifetime, back, browser)))
    if value:
        st.html(
            f"<script>fetch({url}, {{credentials: 'same-origin', redirect: 'manual', "
            "cache: 'no-store'});</script>",
            unsafe_allow_javascript=True,
            width="content",
        )
        return
    st.html(
        f"<script>window.location.replace({url});</script>",
        unsafe_allow_javascript=True,
        width="content",
    )
    st.stop()
