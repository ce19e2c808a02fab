"""Shared test set-up: fresh Streamlit caches for every test, and the repository root."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent

# Outside `streamlit run` every cached call logs "No runtime found"; it is noise in tests.
logging.getLogger("streamlit").setLevel(logging.ERROR)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Clear Streamlit's data and resource caches before and after each test."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


# ---- signed in (issue 14) -------------------------------------------------------------------------
# The app shows nothing before sign-in. Page tests that are not about signing in open pages as the
# demo data administrator (every page, the whole city); a test marked `signed_out` gets the real
# sign-in flow. The run has its own operational store (accounts, audit) in a temporary folder.
# Session-scoped, because some page tests build their AppTest in module-scoped fixtures.


@pytest.fixture(scope="session", autouse=True)
def operational_store(tmp_path_factory):
    """Point the operational store at a temporary folder for the whole run."""
    import os

    from ccbio import store

    saved = {k: os.environ.pop(k, None) for k in ("CCBIO_STATE_DIR", "CCBIO_DATABASE_URL")}
    os.environ["CCBIO_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield Path(os.environ["CCBIO_STATE_DIR"])
    store.dispose()
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


@pytest.fixture(scope="session", autouse=True)
def signed_in_data_admin():
    """Sign pages in as the demo data administrator for the whole run."""
    from ccbio.auth import session
    from ccbio.auth.accounts import User

    session._preset_user = User(0, "demo_admin", "data_admin", (), "demo")
    yield
    session._preset_user = None


@pytest.fixture(autouse=True)
def signed_out_when_marked(request, monkeypatch):
    """A test marked `signed_out` opens pages as nobody: the real sign-in screen and cookies."""
    if request.node.get_closest_marker("signed_out") is not None:
        from ccbio.auth import session

        monkeypatch.setattr(session, "_preset_user", None)
    yield
