"""The server's own route that sets the session cookie HttpOnly (see ccbio/auth/handoff.py).

GET <baseUrlPath>/ccbio/session?code=… claims a one-time code, sets (or clears) the cookie with
HttpOnly, SameSite=Strict and, when the request came over https (directly or as a reverse proxy's
X-Forwarded-Proto), Secure; then 303 to the page the user was on. An unknown or used code only
redirects to the start page: it sets nothing.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ccbio.auth import handoff

ROUTE = "ccbio/session"
BROWSER_COOKIE = "_streamlit_xsrf"  # Streamlit's own per-browser cookie: ties a code to its browser


def base_path() -> str:
    """Return Streamlit's server.baseUrlPath as '/path' ('' at the root)."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def route_url(code: str) -> str:
    """Return the path the browser opens to claim `code`."""
    return f"{base_path()}/{ROUTE}?code={code}"


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


async def session_cookie(request: Request) -> RedirectResponse:
    """Set or clear the session cookie a one-time code names, then go back to the page."""
    found = handoff.claim(request.query_params.get("code"), request.cookies.get(BROWSER_COOKIE))
    response = RedirectResponse(found.next_path if found else f"{base_path()}/", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the code never travels further
    if found is not None:
        # here, not at import: serve.py imports this module before the server answers at all, and
        # tokens brings SQLAlchemy (0.2 s), which ccbio/warmup.py loads while the browser starts
        from ccbio.auth import tokens

        response.set_cookie(
            tokens.COOKIE_NAME,
            found.cookie,
            max_age=found.lifetime if found.cookie else 0,
            path="/",
            secure=_https(request),
            httponly=True,
            samesite="strict",
        )
    return response


def routes() -> list[Route]:
    """Return the routes serve.py mounts beside Streamlit's."""
    return [Route(f"{base_path()}/{ROUTE}", session_cookie, methods=["GET"])]
