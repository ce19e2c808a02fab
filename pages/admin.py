"""Admin 数据更新 — download ledger templates, upload filled ledgers, see every problem before
anything is written, confirm what is unusual with a reason, then write the new monthly snapshot
(atomically, one writer at a time) with one click. No error reaches the user as a traceback."""

import streamlit as st

from ccbio import data, filters
from ccbio.formatting import format_month
from ccbio.i18n import t
from ccbio.ingest import admin_page as ap
from ccbio.ingest import restore
from ccbio.ingest.report import problem_table, summary_table
from ccbio.periods import add_months

f = filters.current()
lang = f.lang
filters.page_header("admin.title", "admin.question", f, demo=False)
try:
    latest = data.latest_period()
except Exception:  # the data folder is missing or unreadable: say so, in the user's language
    st.error(t("admin.no_data", lang), icon=":material/error:")
    st.stop()

done = st.session_state.pop(ap.DONE, None)
if done and done[0] == "ok":
    st.success(
        t("admin.written", lang, period=format_month(done[1], lang)), icon=":material/check_circle:"
    )
elif done:
    st.error(t("admin.write_failed", lang, error=done[1]))

st.subheader(t("admin.templates", lang))
st.caption(t("admin.templates_caption", lang))
ap.template_downloads(latest, lang)

st.subheader(t("admin.upload", lang))
uploads = st.file_uploader(t("admin.files", lang), accept_multiple_files=True, key="admin_files")
ap.uploader_words("admin_files", lang)  # 上传 / 每个文件不超过 10MB, not Streamlit's English
c1, c2 = st.columns([1, 2])
if "admin_period" not in st.session_state:  # set here (not value=) so a write can move it on
    st.session_state["admin_period"] = add_months(latest, 1)
c1.text_input(
    t("admin.period", lang),
    key="admin_period",
    help=t("admin.period_help", lang, next=add_months(latest, 1)),
)
c2.checkbox(t("admin.replace", lang), key="admin_replace")
fingerprint = ap.inputs()[3]
st.button(
    t("admin.validate", lang),
    key="admin_validate",
    type="primary",
    disabled=not uploads,
    icon=":material/rule:",
    on_click=ap.validate,
    args=(lang,),
)

held = st.session_state.get(ap.PLAN)
if held and held[0] != fingerprint:
    st.info(t("admin.stale", lang))
elif held and isinstance(held[1], str):
    st.error(t("admin.check_failed", lang, error=held[1]), icon=":material/error:")
elif held:
    plan = held[1]
    if plan.errors:
        st.error(t("admin.errors", lang, n=f"{plan.error_count:,}"), icon=":material/block:")
        st.table(problem_table(plan.errors, lang), hide_index=True)  # a static table wraps text
    if plan.ok and plan.confirmations:
        st.warning(
            t("admin.confirmations", lang, n=len(plan.confirmations)), icon=":material/help:"
        )
        st.table(problem_table(plan.confirmations, lang), hide_index=True)
    if plan.notes:
        st.info(t("admin.notes", lang, n=len(plan.notes)), icon=":material/info:")
        st.table(problem_table(plan.notes, lang), hide_index=True)
    if plan.ok:
        st.success(
            t(
                "admin.passed",
                lang,
                period=format_month(plan.period, lang),
                base=format_month(plan.base_period, lang) if plan.base_period else "—",
            ),
            icon=":material/task_alt:",
        )
        st.table(summary_table(plan.summary, lang), hide_index=True)
        ready = True
        if plan.confirmations:
            confirmed = st.checkbox(t("admin.confirm_box", lang), key="admin_confirmed")
            reason = st.text_input(
                t("admin.confirm_reason", lang),
                key="admin_reason",
                placeholder=t("admin.confirm_placeholder", lang),
            )
            ready = confirmed and bool(reason.strip())
            if not ready:
                st.caption(t("admin.confirm_needed", lang))
        st.button(
            t("admin.write", lang, period=format_month(plan.period, lang)),
            key="admin_write",
            type="primary",
            disabled=not ready,
            on_click=ap.write,
            args=(plan, lang),
            icon=":material/save:",
        )

# ---- undo a written month (issue 14): put back a version kept aside, audited ---------------
st.divider()
st.subheader(t("restore.title", lang))
st.caption(t("restore.caption", lang))
undone = st.session_state.pop(ap.UNDONE, None)
if undone:
    (st.success if undone[0] == "ok" else st.error)(undone[1])
kept = restore.trashed_versions()
labels = ap.version_labels(kept, lang)
if kept:
    st.selectbox(
        t("restore.version", lang), list(labels), format_func=labels.get, key="restore_version"
    )
else:
    st.caption(t("restore.none_kept", lang))
reason_given = bool(
    st.text_input(t("restore.reason", lang), key="restore_reason", max_chars=500).strip()
)
b1, b2 = st.columns(2)
b1.button(
    t("restore.restore_button", lang),
    key="restore_go",
    disabled=not (kept and reason_given),
    on_click=ap.undo,
    args=("restore", lang),
    icon=":material/restore:",
)
b2.button(
    t("restore.withdraw_button", lang, period=format_month(data.latest_period(), lang)),
    key="restore_withdraw",
    disabled=not reason_given,
    on_click=ap.undo,
    args=("withdraw", lang),
    icon=":material/undo:",
)
