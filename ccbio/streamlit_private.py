"""The one use of a private Streamlit API, kept here so an upgrade breaks it in one known place.

Streamlit keeps a relic of multipage-v1: until some run has called st.navigation, a server whose
app has a pages/ folder runs a session's first run through v1 routing: a deep link (/park_map) runs
pages/park_map.py directly, skipping app.py (and with it the sign-in check), and widgets drawn in
that run get other ids than in later runs, so the filters read from the URL are lost on the next
click. `use_navigation_routing()` clears the private flag `PagesManager.uses_pages_directory`.

Why no public way (read in Streamlit 1.67.0's source, site-packages/streamlit/):
- runtime/pages_manager.py:59-63 sets the flag when the first session starts if a `pages/` folder
  sits next to the main script; only `st.navigation` clears it (commands/navigation.py:399, the
  documented "your app will ignore the pages/ directory", :182). While it is set,
  runtime/scriptrunner/script_runner.py:933-934 runs `_mpa_v1` (:144-181) instead of app.py: it
  globs pages/*.py into its own page list and runs the URL's file.
- No option turns v1 off: `client.showSidebarNavigation` only hides that list (:170-174).
- A page could call the public st.navigation itself and rerun, but cannot tell publicly whether
  its run is a v1 run: on the root URL v1 runs app.py as one of its pages (widget ids keyed to
  that page), and AppTest sets the flag back to None before every run (testing/v1/app_test.py:666),
  so a "switched already" mark of our own goes stale.
- Renaming pages/ (Streamlit's advice) is against this project's layout.
- serve.py's st.App has a public start-up hook (`lifespan`), and st.navigation called there, outside
  any run, would clear the flag before the first session (navigation.py:399 sets it before looking
  for a run); but that is undocumented behaviour, and `streamlit run app.py` and AppTest (which
  resets the flag before every run) have no such hook, so the switch below would stay anyway.
- So serve.py sets the same flag to False as it builds the server (`navigation_routing_from_start`):
  pages_manager.py:60 only fills it in while it is None, so no session ever starts on v1, and the
  first session on a new server no longer pays a rerun (its first run was thrown away after
  app.py had restored the session and drawn the sidebar). The switch in filters.py stays for
  `streamlit run app.py` and AppTest.

A second, smaller use: `arrow_bytes()` turns a chart's dataset into the Arrow bytes
st.vega_lite_chart sends (dataframe_util.convert_anything_to_arrow_bytes, which passes bytes
through untouched), so ccbio/render.py can cache them with the spec instead of converting on
every rerun.

pyproject.toml bounds streamlit below the next minor version; tests/test_streamlit_private.py fails,
saying why, if the flag moves or an upgrade lifts the bound untested, and shows a deep link's first
run with and without the switch.
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


def navigation_routing_from_start() -> None:
    """Make this process use st.navigation routing before any session starts (serve.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def arrow_bytes(values) -> bytes:
    """Return `values` (records or a frame) as the Arrow IPC bytes Streamlit sends a chart."""
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    return convert_anything_to_arrow_bytes(values)
