"""Links that open one project, park or firm page: URLs a table's LinkColumn can show.

    df["project_link"] = links.urls("project", df["project_id"], lang, period)
    st.dataframe(df, column_config={"project_link": st.column_config.LinkColumn(
        label, display_text=links.DISPLAY["project"])})

URLs are relative ("project?project=P0035&lang=zh&period=2025-12"), so they work under any
host and base path; they carry the language and period so the page opens in the same view.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

# kind -> (url path of the page in app.py, its URL parameter)
PAGES = {
    "project": ("project", "project"),
    "park": ("park", "park"),
    "firm": ("firm", "firm"),
    "followup": ("followups", "item"),
    "target": ("goals", "target"),  # the goals page shows every target; the id is only kept
}
# LinkColumn display_text: a regex whose group is shown, i.e. the id itself, not the URL
DISPLAY = {kind: rf"\?{param}=([^&]+)" for kind, (_, param) in PAGES.items()}


def url(kind: str, record_id: str, lang: str = "zh", period: str | None = None) -> str:
    """Return the relative URL of one record's page (kind: project, park, firm, followup)."""
    path, param = PAGES[kind]
    params = {param: record_id, "lang": lang}
    if period:
        params["period"] = period
    return f"{path}?{urlencode(params)}"


def urls(
    kind: str, record_ids: Iterable, lang: str = "zh", period: str | None = None
) -> list[str | None]:
    """Return one URL per id (None where the id is missing), for a LinkColumn."""
    return [
        url(kind, str(i), lang, period) if isinstance(i, str | int) and str(i) else None
        for i in record_ids
    ]


# A link whose text is the record's name: the name rides in the URL's fragment (after '#'),
# which the server never sees, and LinkColumn shows it (display_text=NAMED_DISPLAY).
NAMED_DISPLAY = r"#(.+)$"


def named_url(
    kind: str, record_id: str, name: str, lang: str = "zh", period: str | None = None
) -> str:
    """Return url(...) with the record's name as its fragment, for a LinkColumn showing the name."""
    return f"{url(kind, record_id, lang, period)}#{str(name).replace('#', '＃')}"


def named_urls(
    kind: str, record_ids: Iterable, names: Iterable, lang: str = "zh", period: str | None = None
) -> list[str | None]:
    """Return one named URL per (id, name) pair (None where the id is missing)."""
    return [
        named_url(kind, str(i), n, lang, period) if isinstance(i, str | int) and str(i) else None
        for i, n in zip(record_ids, names, strict=True)
    ]


def link_column(label: str, **kw):
    """Return the LinkColumn config that shows a named URL's name (Streamlit imported here only)."""
    import streamlit as st

    return st.column_config.LinkColumn(label, display_text=NAMED_DISPLAY, **kw)


# ---- "open" columns for tables on other pages ------------------------------------------------------
# One column per kind, named <kind>_page, each cell a link that shows a fixed "open" text.
PAGE_COLUMNS = ("project_page", "park_page", "firm_page")


def page_columns(df, lang: str, period: str | None = None, **id_columns: str) -> dict:
    """Return {"<kind>_page": URLs} for each kind=id column given (project=, park=, firm=)."""
    return {
        f"{kind}_page": urls(kind, df[column], lang, period) for kind, column in id_columns.items()
    }


def page_column_config(lang: str) -> dict:
    """Return the LinkColumn configs of PAGE_COLUMNS, labelled in `lang`."""
    import streamlit as st

    from ccbio.i18n import t

    return {
        name: st.column_config.LinkColumn(
            t(f"common.col_{name}", lang), display_text=t("common.open_link", lang), width="small"
        )
        for name in PAGE_COLUMNS
    }
