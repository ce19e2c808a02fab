"""One-time codes that hand a session cookie from a Streamlit run to the server's own route.

Streamlit has no public way for a script to set a response header, so a sign-in (or sign-out)
keeps the new cookie value here under a random code, and the page sends the browser to
ccbio/auth/routes.py's route with that code; the route sets the cookie itself (HttpOnly,
SameSite=Strict, Secure behind https) and redirects back. A code opens once, within CODE_TTL_S
seconds, in the process that made it (replicas have sticky sessions: deploy/haproxy.cfg.template).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

CODE_TTL_S = 60
_pending: dict[str, Handoff] = {}
_lock = threading.Lock()  # the route runs on the server's event loop, sign-in on a script thread
_served = threading.Event()  # set once this process serves the route (serve.py)


@dataclass(frozen=True)
class Handoff:
    """What the route puts in the browser: the cookie value ('' clears it), its lifetime, where next."""

    cookie: str
    lifetime: int
    next_path: str
    deadline: float
    browser: str | None = None  # the browser's Streamlit XSRF cookie when offered: only it claims


def _key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def offer(cookie: str, lifetime: int, next_path: str, browser: str | None = None) -> str:
    """Keep a cookie for the route and return the one-time code that claims it.

    `browser` ties the code to the browser that signed in (its `_streamlit_xsrf` cookie): a code
    sent to someone else's browser (a sign-in forged for them) opens nothing there.
    """
    code = secrets.token_urlsafe(32)
    now = time.monotonic()
    with _lock:
        for key in [k for k, h in _pending.items() if h.deadline <= now]:
            del _pending[key]  # unclaimed codes of closed tabs
        _pending[_key(code)] = Handoff(
            cookie, lifetime, safe_path(next_path), now + CODE_TTL_S, browser or None
        )
    return code


def claim(code: str | None, browser: str | None = None) -> Handoff | None:
    """Return the cookie a code names and forget it (once only); None if unknown, expired or
    claimed by another browser than the one it was offered to."""
    if not isinstance(code, str) or not 20 <= len(code) <= 64:
        return None
    with _lock:
        handoff = _pending.pop(_key(code), None)
    if handoff is None or handoff.deadline <= time.monotonic():
        return None
    if handoff.browser is not None and not hmac.compare_digest(handoff.browser, browser or ""):
        return None
    return handoff


def safe_path(path: str | None) -> str:
    """Return `path` if it is a path on this server ('/…', not '//host'), else '/': no open redirect."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        return "/"
    if "\\" in path or any(ord(c) < 0x20 for c in path):
        return "/"
    return path


def mark_served() -> None:
    """Record that this process serves the route (called when serve.py builds the server)."""
    _served.set()


def served() -> bool:
    """Return whether this process serves the route (False under AppTest or `streamlit run app.py`)."""
    return _served.is_set()
