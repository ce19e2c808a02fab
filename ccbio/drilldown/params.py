"""The record a drill-down page shows, from its own URL parameter (?project=P0035, ?park=edz).

The value is checked before any query sees it (data.check_record_id / check_park); a bad one is
reported in the user's language and the page asks for another, as the shared filters do.
"""

from __future__ import annotations

import streamlit as st

from ccbio import data
from ccbio.auth.scope import session_scope

MAX_CHARS = 60


def requested(param: str) -> str | None:
    """Return the URL's value for `param`, stripped (None when absent or empty)."""
    raw = st.query_params.get(param)
    text = str(raw or "").strip()[: MAX_CHARS + 1]
    return text or None


def remember(param: str, value: str | None) -> None:
    """Write the shown record into the URL, so a copied link reopens it."""
    if value and st.query_params.get(param) != value:
        st.query_params[param] = value
    elif not value and param in st.query_params:
        del st.query_params[param]


def checked(kind: str, value: str | None) -> tuple[str | None, data.QueryInputError | None]:
    """Return (the id if well-formed, the error otherwise); kind is project, enterprise or park."""
    if value is None:
        return None, None
    try:
        if len(value) > MAX_CHARS:
            raise data.QueryInputError("链接中的编号过长", "The id in the link is too long")
        if kind == "park":
            park = data.check_park(value)
            if not session_scope().allows(park):  # issue 14: a planner's own parks only
                raise data.QueryInputError(
                    f"园区“{value}”不在您的查看范围内，已改为您负责的园区",
                    f"The park '{value}' is outside your scope; showing your own park instead",
                )
            return park, None
        return data.check_record_id(kind, value), None
    except data.QueryInputError as err:
        return None, err
