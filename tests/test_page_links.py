"""Every project, park and firm in the existing tables opens its own page in one click."""

from __future__ import annotations

import pytest

from ccbio import links
from tests.page_helpers import open_page, table_with


@pytest.mark.parametrize(
    ("page", "kinds"),
    [
        ("pipeline", {"project": "project_id", "park": "park_id"}),
        ("lists", {"firm": "enterprise_id", "park": "park_id"}),
        ("lists", {"project": "project_id", "park": "park_id"}),
        ("compare", {"project": "project_id", "park": "park_id"}),
        ("compare", {"firm": "enterprise_id"}),
        ("park_map", {"park": "park_id"}),
    ],
)
def test_tables_link_to_the_record_pages(page, kinds):
    at = open_page(page, period="2025-12", lang="en")
    df = table_with(at, f"{next(iter(kinds))}_page")
    for kind, column in kinds.items():
        urls = df[f"{kind}_page"].tolist()
        assert urls and all(u.startswith(f"{links.PAGES[kind][0]}?") for u in urls)
        assert all("lang=en" in u and "period=" in u for u in urls)
        if column in df.columns:
            assert urls == links.urls(kind, df[column], "en", "2025-12")
