"""Session cookies: a random token, its expiry and an HMAC-SHA256 of both, checked against the store.

The cookie value is `<token>.<expiry unix time>.<signature>`, all URL-safe. The store keeps only
the SHA-256 of the token (a leaked database opens no session), the account and the expiry; signing
out or disabling the account ends the session at once, whatever the browser still holds.
The key is $CCBIO_SESSION_SECRET, or a random one kept in the state folder (mode 0600); replicas
behind a load balancer must share it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from functools import cache

from sqlalchemy import insert, select, update

from ccbio import store
from ccbio.auth.roles import roles
from ccbio.store.tables import accounts, sessions

COOKIE_NAME = "ccbio_session"
SECRET_ENV = "CCBIO_SESSION_SECRET"
COOKIE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}\.[0-9]{1,12}\.[A-Za-z0-9_-]{43}$")


@cache
def _secret_for(state: str, env_value: str) -> bytes:
    if env_value:
        return env_value.encode()
    path = os.path.join(state, "session_secret")
    os.makedirs(state, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, "rb") as f:
            return f.read().strip()
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_hex(32).encode())
    with open(path, "rb") as f:
        return f.read().strip()


def secret() -> bytes:
    """Return the signing key ($CCBIO_SESSION_SECRET or state/session_secret, made on first use)."""
    return _secret_for(str(store.state_dir()), os.environ.get(SECRET_ENV, ""))


def _sign(payload: str) -> str:
    digest = hmac.new(secret(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(account_id: int, via: str, url: str | None = None) -> tuple[str, int]:
    """Start a session for the account; return (cookie value, lifetime in seconds)."""
    lifetime = roles().sign_in.session_hours * 3600
    now = dt.datetime.now(dt.UTC)
    expires = now + dt.timedelta(seconds=lifetime)
    token = secrets.token_urlsafe(32)
    with store.transaction(url) as conn:
        conn.execute(
            insert(sessions).values(
                id=_token_id(token),
                account_id=account_id,
                via=via,
                created_at=now,
                expires_at=expires,
            )
        )
    payload = f"{token}.{int(expires.timestamp())}"
    return f"{payload}.{_sign(payload)}", lifetime


def _parts(cookie: str | None) -> tuple[str, int] | None:
    """Return (token, expiry) of a well-formed, correctly signed, unexpired cookie, else None."""
    if not isinstance(cookie, str) or not COOKIE_PATTERN.match(cookie):
        return None
    token, expiry, signature = cookie.split(".")
    if not hmac.compare_digest(_sign(f"{token}.{expiry}"), signature):
        return None
    if int(expiry) <= dt.datetime.now(dt.UTC).timestamp():
        return None
    return token, int(expiry)


def resolve(cookie: str | None, url: str | None = None):
    """Return (accounts row, via) of the session a cookie names, or None if it is not valid now."""
    parts = _parts(cookie)
    if parts is None:
        return None
    now = dt.datetime.now(dt.UTC)
    with store.engine(url).connect() as conn:
        row = (
            conn.execute(
                select(accounts, sessions.c.via, sessions.c.expires_at, sessions.c.revoked_at)
                .join(sessions, sessions.c.account_id == accounts.c.id)
                .where(sessions.c.id == _token_id(parts[0]))
            )
            .mappings()
            .first()
        )
    if row is None or row["revoked_at"] is not None or row["disabled"]:
        return None
    expires = row["expires_at"]
    if (expires.replace(tzinfo=dt.UTC) if expires.tzinfo is None else expires) <= now:
        return None
    return row, row["via"]


def revoke(cookie: str | None, url: str | None = None) -> None:
    """End the session a cookie names (signing out); an invalid cookie is ignored."""
    parts = _parts(cookie)
    if parts is None:
        return
    with store.transaction(url) as conn:
        conn.execute(
            update(sessions)
            .where(sessions.c.id == _token_id(parts[0]), sessions.c.revoked_at.is_(None))
            .values(revoked_at=dt.datetime.now(dt.UTC))
        )
