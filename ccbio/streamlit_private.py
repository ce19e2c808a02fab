"""The one use of a private Streamlit API, kept here so an upgrade breaks it in one known place.

Streamlit keeps a relic of multipage-v1: until some run has called st.navigation, a server whose
app has a pages/ folder runs a session's first run through v1 routing: a deep link (/park_map) runs
pages/park_map.py directly, skipping app.py, and widgets drawn in that run get other ids than in
later runs, so the filters read from the URL are lost on the next click. There is no public switch
(Streamlit's advice is to rename pages/, which this project's layout keeps), so
`use_navigation_routing()` clears the private flag `PagesManager.uses_pages_directory`.

pyproject.toml bounds streamlit below the next minor version; tests/test_streamlit_private.py fails,
saying why, if the flag moves or an upgrade lifts the bound untested.
"""

from __future__ import annotations

TESTED_STREAMLIT = "1.67"  # the minor version this was checked against (pyproject: <1.68)


def use_navigation_routing() -> bool:
    """Switch this process to st.navigation routing; return True if it was still on v1 (rerun then)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False
