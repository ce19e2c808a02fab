"""Single sign-on through Streamlit's st.login (OpenID Connect), on when secrets.toml has [auth].

The identity provider says who someone is; the role and parks come from the ID-token claims named
in config/roles.toml [sso] (`ccbio_role`, `ccbio_parks`) when it sends them, and otherwise from the
local account whose SSO e-mail matches. Nobody else gets in: a known identity without a role is
refused (and audited), not given a default.
"""

from __future__ import annotations

import streamlit as st

from ccbio import data
from ccbio.auth import accounts, audit
from ccbio.auth.accounts import User
from ccbio.auth.roles import roles

REFUSED_KEY = "_ccbio_sso_refused"


def configured() -> bool:
    """Return whether an OIDC provider is configured ([auth] in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _claim_parks(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(v).strip() for v in (value or ()) if str(v).strip())


def user_from_claims(claims: dict, known_parks) -> User | None:
    """Return the User the ID-token claims map to (claim first, then local account), or None."""
    cfg = roles()
    email = str(claims.get("email") or "").strip().lower()
    name = email or str(claims.get("sub") or "")
    role = claims.get(cfg.role_claim)
    if role:
        try:
            parks = accounts.check(
                "sso-user", str(role), _claim_parks(claims.get(cfg.parks_claim)), known_parks
            )
        except accounts.AccountError:
            return None
        return User(0, name, str(role), parks, "sso")
    if email:
        for row in accounts.list_accounts():
            if row["sso_email"] == email and not row["disabled"]:
                return accounts.user_from_row(row, "sso")
    return None


def current_user() -> User | None:
    """Return the User of the st.login identity of this session, or None (refusals are audited once)."""
    if not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    user = user_from_claims(claims, data.park_list()["park_id"].tolist())
    if user is None and not st.session_state.get(REFUSED_KEY):
        st.session_state[REFUSED_KEY] = True
        who = str(claims.get("email") or claims.get("sub") or "?")
        audit.record(
            "sign_in", audit.Actor(who), result="refused", detail={"via": "sso", "why": "no_role"}
        )
    return user


def refused() -> bool:
    """Return whether this session's SSO identity was refused for want of a role."""
    return bool(st.session_state.get(REFUSED_KEY)) and st.user.is_logged_in
