"""Routing only: page config, the shared sidebar filters, and the list of pages."""

from ccbio import warmup

warmup.wait()  # served by serve.py, the server's start-up work (ccbio/warmup.py) is done first

import streamlit as st  # noqa: E402  (after the wait: the warm-up may be importing the same modules)

from ccbio import data, filters  # noqa: E402
from ccbio.auth import gate, session  # noqa: E402
from ccbio.i18n import t  # noqa: E402

st.set_page_config(
    page_title="长春生物医药监测 · Changchun biomedicine monitor", page_icon="💊", layout="wide"
)

try:
    # Signed in? (session state, the session cookie or SSO, checked against the store every run)
    user = session.restore()
    if user is not None:
        gate.confine_url_parks(user, st.query_params.get("lang") or "zh")
        lang = filters.sidebar().lang
    else:
        lang = gate.signin_lang()
        gate.check_data()
except data.DataError:  # no data folder or no snapshot: a message in both languages, no traceback
    st.error(
        t("common.no_data", "zh") + "\n\n" + t("common.no_data", "en"), icon=":material/error:"
    )
    st.stop()

# ---- PAGES: one st.Page per file in pages/; append new pages to this list ----------------------
PAGES = [
    st.Page(
        "pages/goals.py",
        title=t("goals.nav", lang),
        icon=":material/flag:",
        url_path="",  # served at the root; /goals, its name, is the hidden page below
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
        "pages/assessment.py",
        title=t("assessment.nav", lang),
        icon=":material/verified:",
        url_path="assessment",
    ),
    st.Page(
        "pages/kiosk.py",
        title=t("kiosk.nav", lang),
        icon=":material/tv:",
        url_path="kiosk",
    ),
    st.Page(
        "pages/admin.py",
        title=t("admin.nav", lang),
        icon=":material/upload_file:",
        url_path="admin",
    ),
    st.Page(
        "pages/audit.py", title=t("audit.nav", lang), icon=":material/history:", url_path="audit"
    ),
    st.Page(
        "pages/accounts.py",
        title=t("accounts.nav", lang),
        icon=":material/manage_accounts:",
        url_path="accounts",
    ),
]
PAGES += [  # issue 13: drill-down pages and the follow-up list
    st.Page(
        "pages/park.py", title=t("park.nav", lang), icon=":material/apartment:", url_path="park"
    ),
    st.Page(
        "pages/project.py",
        title=t("project.nav", lang),
        icon=":material/construction:",
        url_path="project",
    ),
    st.Page("pages/firm.py", title=t("firm.nav", lang), icon=":material/factory:", url_path="firm"),
    st.Page(
        "pages/followups.py",
        title=t("followups.nav", lang),
        icon=":material/assignment_late:",
        url_path="followups",
    ),
]


def goals_by_name() -> None:
    """Open the goals page at the root: /goals, the page's own name, is typed and shared too."""
    st.switch_page(PAGES[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})


PAGES += [st.Page(goals_by_name, title=t("goals.nav", lang), url_path="goals", visibility="hidden")]
# ---- end of PAGES ---------------------------------------------------------------------------------

if user is None:  # resolve the requested page (it opens after signing in), show the sign-in screen
    st.navigation(PAGES, position="hidden")
    gate.sign_in_screen(lang)
    st.stop()
page = st.navigation(
    gate.allowed_pages(user, PAGES, lang), position="sidebar", expanded=True
)  # no "View 5 more" (Streamlit English)
gate.account_menu(user, lang)
filters.show_notices()
gate.show_notices()
with data.errors_shown(lang):  # bad input or unreadable data: a message, never a traceback
    page.run()
warmup.run_done()  # a served process imports the other pages' chart library soon after (warmup.py)
