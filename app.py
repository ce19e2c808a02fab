"""Routing only: page config, the shared sidebar filters, and the list of pages."""

import streamlit as st

from ccbio import data, filters
from ccbio.i18n import t

st.set_page_config(
    page_title="长春生物医药监测 · Changchun biomedicine monitor", page_icon="💊", layout="wide"
)

f = filters.sidebar()
lang = f.lang

# ---- PAGES: one st.Page per file in pages/; append new pages to this list ----------------------
PAGES = [
    st.Page(
        "pages/goals.py",
        title=t("goals.nav", lang),
        icon=":material/flag:",
        url_path="goals",
        default=True,
    ),
    st.Page(
        "pages/park_map.py",
        title=t("park_map.nav", lang),
        icon=":material/map:",
        url_path="park_map",
    ),
    st.Page(
        "pages/pipeline.py",
        title=t("pipeline.nav", lang),
        icon=":material/filter_alt:",
        url_path="pipeline",
    ),
    st.Page(
        "pages/sectors.py",
        title=t("sectors.nav", lang),
        icon=":material/category:",
        url_path="sectors",
    ),
    st.Page(
        "pages/lists.py", title=t("lists.nav", lang), icon=":material/list_alt:", url_path="lists"
    ),
    st.Page(
        "pages/monitoring.py",
        title=t("monitoring.nav", lang),
        icon=":material/monitor_heart:",
        url_path="monitoring",
    ),
    st.Page(
        "pages/compare.py",
        title=t("compare.nav", lang),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    st.Page(
        "pages/admin.py",
        title=t("admin.nav", lang),
        icon=":material/upload_file:",
        url_path="admin",
    ),
]
# ---- end of PAGES ---------------------------------------------------------------------------------

page = st.navigation(PAGES, position="sidebar")
filters.show_notices()
with data.errors_shown(lang):  # bad input or unreadable data: a message, never a traceback
    page.run()
