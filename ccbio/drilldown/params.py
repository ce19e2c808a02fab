"""The record a drill-down page shows, from its own URL parameter (?project=P0035, ?park=edz).

The value is checked before any query sees it (data.check_record_id / check_park); a bad one is
reported in the user's language and the page asks for another, as the shared filters do.
"""

from __future__ import annotations

import streamlit as st

from ccbio import data, filters
from ccbio.auth.scope import session_scope
from ccbio.drilldown.park import chosen_park
from ccbio.i18n import t

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


def record_asked(kind: str, param: str, lang: str) -> tuple[str | None, Exception | None]:
    """Draw the "which record" box of a project or firm page; return (id, error) as `checked`.

    The record is the URL's `param` (?project=P0035), or the id typed in the box. Its texts are
    the page's catalogue keys <page>.pick and .pick_help (page: project or firm).
    """
    page = "firm" if kind == "enterprise" else kind
    record_id, bad = checked(kind, requested(param))
    typed = st.text_input(
        t(f"{page}.pick", lang),
        value=record_id or "",
        key=f"{page}_pick",
        help=t(f"{page}.pick_help", lang),
    ).strip()
    if typed and typed != record_id:
        record_id, bad = checked(kind, typed)
    return record_id, bad


def record_shown(page: str, param: str, record_id, bad, history, lang: str):
    """Return the record's history, or stop the page with a notice in the user's language.

    A bad id, or an unknown one (for a planner: another park's, issue 14), gets <page>.unknown or
    the error's message, then <page>.none_chosen; a shown record's id goes back into the URL, so
    a copied link reopens it.
    """
    if bad:
        st.warning(bad.message(lang), icon="⚠️")
    elif history is not None and history.empty:
        unknown = f"{page}.unknown" if session_scope().city else "auth.record_outside_scope"
        st.warning(t(unknown, lang, id=record_id), icon="⚠️")
    if history is None or history.empty:
        st.info(t(f"{page}.none_chosen", lang))
        st.stop()
    remember(param, record_id)
    return history


def park_link(caption: str, park_id: str, park_name: str, f) -> None:
    """Draw a record's park under its caption, as a link that opens the park page in this view."""
    _record_link(caption, "park", park_id, park_name, ":material/location_on:", f)


def firm_link(caption: str, enterprise_id: str, firm_name: str, f) -> None:
    """Draw a record's firm under its caption, as a link that opens the firm page in this view."""
    _record_link(caption, "firm", enterprise_id, firm_name, ":material/factory:", f)


def _record_link(caption: str, page: str, record_id: str, label: str, icon: str, f) -> None:
    """Draw a caption and under it a link to pages/<page>.py?<page>=<record_id> in this view."""
    st.caption(caption)
    st.page_link(
        f"pages/{page}.py",
        label=label,
        icon=icon,
        query_params=filters.to_params(f) | {page: record_id},
    )


def open_park(parks, filter_parks: tuple[str, ...], lang: str) -> str:
    """Draw the park picker of the park page and return the park shown (also put in the URL).

    `parks` is the reference list the user may see; the URL's ?park=, else the one park of the
    park filter, else the first is chosen. A bad or out-of-scope park gets a notice.
    """
    known = parks["park_id"].tolist()
    asked, bad = checked("park", requested("park"))
    if bad and session_scope().city:
        st.warning(t("park.unknown", lang, id=requested("park")[:40]), icon="⚠️")
    elif bad:  # a planner: unknown, or another park (issue 14)
        st.warning(bad.message(lang), icon="⚠️")
    side = "zh" if lang == "zh" else "en"
    park_id = st.selectbox(
        t("park.pick", lang),
        known,
        index=known.index(chosen_park(asked, filter_parks, known)),
        format_func=dict(zip(known, parks[f"name_{side}"], strict=True)).get,
        key="park_pick",
        help=t("park.pick_help", lang),
    )
    remember("park", park_id)
    return park_id
