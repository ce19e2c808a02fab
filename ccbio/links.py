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
