"""Loud failures on a Streamlit upgrade: the one private API the app uses is still there and bounded."""

from __future__ import annotations

import re
import tomllib

import pytest
import streamlit

from ccbio import filters, streamlit_private
from ccbio.i18n import t
from tests.tiny_data import ROOT

WHY = (
    "ccbio/streamlit_private.py clears Streamlit's private PagesManager.uses_pages_directory so a "
    "deep link's first run goes through app.py's st.navigation (see its docstring)."
)


def test_the_private_flag_is_still_there():
    from streamlit.runtime.pages_manager import PagesManager

    # None until the first run has looked for a pages/ folder, then True or False
    assert getattr(PagesManager, "uses_pages_directory", "gone") in (None, True, False), (
        f"{WHY} Streamlit {streamlit.__version__} no longer has it: check whether deep links with a "
        "pages/ folder still skip app.py on the first run (tests/browser), then drop or adapt it."
    )


def test_streamlit_is_the_version_it_was_checked_against():
    assert streamlit.__version__.startswith(streamlit_private.TESTED_STREAMLIT + "."), (
        f"{WHY} It was checked on {streamlit_private.TESTED_STREAMLIT}, this is "
        f"{streamlit.__version__}: rerun the browser tests, then move TESTED_STREAMLIT and the "
        "upper bound in pyproject.toml together."
    )
    with open(ROOT / "pyproject.toml", "rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    (spec,) = [d for d in deps if re.match(r"streamlit\b", d)]
    major, minor = map(int, streamlit_private.TESTED_STREAMLIT.split("."))
    assert f"<{major}.{minor + 1}" in spec, f"{WHY} pyproject.toml must bound it: {spec!r}"


def test_no_other_code_reaches_into_streamlit_internals():
    private = re.compile(r"PagesManager|streamlit\.runtime\.pages_manager|\._tree\b|dataframe_util")
    users = [
        p.relative_to(ROOT).as_posix()
        for folder in ("ccbio", "pages", "tests")
        for p in (ROOT / folder).rglob("*.py")
        if p.name not in ("streamlit_private.py", "test_streamlit_private.py")
        and private.search(p.read_text(encoding="utf-8"))
    ]
    assert users == [], f"private Streamlit APIs belong in ccbio/streamlit_private.py: {users}"


def _deep_link_first_run(monkeypatch, reroute: bool):
    """Open /sectors?parks=edz as a new process's first run (AppTest starts each run as one)."""
    from streamlit.testing.v1 import AppTest

    if not reroute:
        monkeypatch.setattr(streamlit_private, "use_navigation_routing", lambda: False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["parks"] = "edz"
    at.switch_page("pages/sectors.py")  # before the first run: a deep link, not a click
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_a_deep_link_on_a_fresh_process_runs_through_app_py(monkeypatch):
    at = _deep_link_first_run(monkeypatch, reroute=True)
    assert at.title[0].value == t("sectors.title", "zh")
    # app.py ran: the sidebar filters are drawn, hold the park from the URL, and wrote the URL back
    assert [m.value for m in at.sidebar.multiselect if m.key == filters.KEYS["parks"]] == [["edz"]]
    assert at.query_params["period"] and at.query_params["parks"] == "edz"


@pytest.mark.slow
def test_without_the_flag_a_deep_link_would_skip_app_py(monkeypatch):
    # what ccbio/streamlit_private.py prevents (Streamlit's multipage-v1 relic): the page runs
    # alone, without the sign-in check, the sidebar filters or the URL they write
    at = _deep_link_first_run(monkeypatch, reroute=False)
    assert at.title[0].value == t("sectors.title", "zh")
    assert len(at.sidebar.multiselect) == 0 and "period" not in at.query_params, WHY


def test_serve_py_starts_the_process_on_navigation_routing(monkeypatch):
    """serve.py sets the flag before any session: a fresh process's first session then needs no
    rerun to leave v1 routing (it used to throw its first run away)."""
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # a fresh process
    streamlit_private.navigation_routing_from_start()
    PagesManager(str(ROOT / "app.py"))  # the first session's, beside a pages/ folder
    assert PagesManager.uses_pages_directory is False
    assert streamlit_private.use_navigation_routing() is False  # filters.py would not rerun
    assert "streamlit_private.navigation_routing_from_start()" in (ROOT / "serve.py").read_text()
