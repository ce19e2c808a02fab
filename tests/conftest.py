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
