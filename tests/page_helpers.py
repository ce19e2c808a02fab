"""Helpers for AppTest page tests: open a page through app.py with URL parameters, read figures.

at = open_page("pipeline", period="2023-12")     # a deep link: app.py, drawing the page
metrics(at)                                      # [(label, value), ...] in page order
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.tiny_data import ROOT

TIMEOUT_S = 30


def open_page(page: str, **params: str) -> AppTest:
    """Return an AppTest that opened /<page>?<params> as a deep link: app.py ran with `params` in
    the URL and drew `pages/<page>.py` in the session's first run (as a shared link opens)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    # before the first run: the first run opens the page itself, not the default page and then
    # this one (which drew the goals page for nothing, half the time of every page test)
    at.switch_page(f"pages/{page}.py").run()
    # a page outside this account's navigation: the app shows its default page; say so as a click
    # would (ValueError "Could not find a navigation page"), and leave at.run() on this page
    at.switch_page(f"pages/{page}.py")
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> list[tuple[str, str]]:
    """Return (label, value) of every st.metric on the page, in order."""
    return [(m.label, m.value) for m in at.metric]


def markdown_text(at: AppTest) -> str:
    """Return all markdown, caption and badge text of the page joined by newlines."""
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def warnings(at: AppTest) -> list[str]:
    """Return the text of every st.warning (URL notices among them)."""
    return [w.value for w in at.warning]


def table_with(at: AppTest, column: str):
    """Return the value (DataFrame) of the first st.dataframe that has `column`."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with column {column!r}")
