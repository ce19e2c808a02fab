"""Admin 数据更新 — download ledger templates, upload filled ledgers, see every problem before
anything is written, confirm what is unusual with a reason, then write the new monthly snapshot
(atomically, one writer at a time) with one click. No error reaches the user as a traceback."""

import hashlib
from functools import partial

import streamlit as st

from ccbio import data, filters
from ccbio.auth import hooks
from ccbio.i18n import t
from ccbio.ingest import IngestError, LedgerFile, plan_ingest, restore, write_plan
from ccbio.ingest.report import failure_message, problem_table, summary_table
from ccbio.ingest.schema import CSV_NAMES
from ccbio.ingest.templates import csv_bytes, workbook_bytes
from ccbio.periods import add_months

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN, DONE = "_admin_plan", "_admin_done"


def write(plan, lang: str) -> None:
    """Button callback (runs before the next script run): write, then point the sidebar at the new month."""
    reason = (st.session_state.get("admin_reason") or "").strip() or None
    try:
        hooks.require("ingest")  # the page is hidden from other roles; this is the real check
        folder = write_plan(plan, reason=reason)
    except Exception as exc:  # every failure becomes a message: nothing was written
        st.session_state[DONE] = ("error", failure_message(exc, lang))
        hooks.ledger_write(plan, inputs()[0], reason, error=exc)
    else:
        st.session_state[DONE] = ("ok", plan.period, folder.name)
        st.session_state[filters.KEYS["period"]] = plan.period
        hooks.ledger_write(plan, inputs()[0], reason)
        st.session_state["admin_period"] = add_months(plan.period, 1)  # the next upload's month
        for key in ("admin_replace", "admin_confirmed", "admin_reason"):
            st.session_state.pop(key, None)
    st.session_state.pop(PLAN, None)


def inputs() -> tuple[list, str, bool, str]:
    """Return the uploaded files, the period, the replace flag and a fingerprint of all three."""
    files = [LedgerFile(u.name, u.getvalue()) for u in st.session_state.get("admin_files") or []]
    period = (st.session_state.get("admin_period") or "").strip()
    replace = bool(st.session_state.get("admin_replace"))
    digest = hashlib.sha256(
        repr(
            [(x.name, hashlib.sha256(x.content).hexdigest()) for x in files] + [period, replace]
        ).encode()
    )
    return files, period, replace, digest.hexdigest()


def validate(lang: str) -> None:
    """Button callback: validate the uploaded ledgers (nothing is written) and keep the result."""
    files, period, replace, fingerprint = inputs()
    try:
        st.session_state[PLAN] = (fingerprint, plan_ingest(files, period, replace=replace))
    except Exception as exc:  # a bug must not show a traceback; the data is untouched
        st.session_state[PLAN] = (fingerprint, failure_message(exc, lang))
    st.session_state.pop("admin_confirmed", None)


f = filters.current()
lang = f.lang
filters.page_header("admin.title", "admin.question", f, demo=False)
try:
    latest = data.latest_period()
except Exception:  # the data folder is missing or unreadable: say so, in the user's language
    st.error(t("admin.no_data", lang), icon=":material/error:")
    st.stop()

done = st.session_state.pop(DONE, None)
if done and done[0] == "ok":
    st.success(
        t("admin.written", lang, period=done[1], folder=done[2]), icon=":material/check_circle:"
    )
elif done:
    st.error(t("admin.write_failed", lang, error=done[1]))

st.subheader(t("admin.templates", lang))
st.caption(t("admin.templates_caption", lang))
cols = st.columns(3)
cols[0].download_button(
    t("admin.download_xlsx", lang),
    partial(workbook_bytes),
    "ledgers_template.xlsx",
    XLSX,
    key="admin_tpl_xlsx",
    icon=":material/download:",
    on_click="ignore",
)
cols[1].download_button(
    t("admin.download_prefilled", lang, period=latest, next=add_months(latest, 1)),
    partial(workbook_bytes, None, latest),
    f"ledgers_{add_months(latest, 1)}.xlsx",
    XLSX,
    key="admin_tpl_prefilled",
    icon=":material/download:",
    on_click="ignore",
)
for col, (ledger, name) in zip(st.columns(3), CSV_NAMES.items(), strict=True):
    col.download_button(
        t("admin.download_csv", lang, name=t(f"admin.ledger_{ledger}", lang)),
        partial(csv_bytes, ledger),
        name,
        "text/csv",
        key=f"admin_tpl_{ledger}",
        icon=":material/download:",
        on_click="ignore",
    )

st.subheader(t("admin.upload", lang))
uploads = st.file_uploader(t("admin.files", lang), accept_multiple_files=True, key="admin_files")
c1, c2 = st.columns([1, 2])
if "admin_period" not in st.session_state:  # set here (not value=) so a write can move it on
    st.session_state["admin_period"] = add_months(latest, 1)
c1.text_input(
    t("admin.period", lang),
    key="admin_period",
    help=t("admin.period_help", lang, next=add_months(latest, 1)),
)
c2.checkbox(t("admin.replace", lang), key="admin_replace")
fingerprint = inputs()[3]
st.button(
    t("admin.validate", lang),
    key="admin_validate",
    type="primary",
    disabled=not uploads,
    icon=":material/rule:",
    on_click=validate,
    args=(lang,),
)

held = st.session_state.get(PLAN)
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
            t("admin.passed", lang, period=plan.period, base=plan.base_period),
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
            t("admin.write", lang, period=plan.period),
            key="admin_write",
            type="primary",
            disabled=not ready,
            on_click=write,
            args=(plan, lang),
            icon=":material/save:",
        )

# ---- undo a written month (issue 14): put back a version kept in data/.trash, audited ------------


def undo(kind: str, lang: str) -> None:
    """Button callback: restore the chosen trashed version or withdraw the newest month, audited."""
    reason = (st.session_state.get("restore_reason") or "").strip()
    version = st.session_state.get("restore_version") if kind == "restore" else None
    period = None
    try:
        hooks.require("ingest")
        period = restore.restore(version) if kind == "restore" else restore.withdraw_newest()
    except Exception as exc:  # nothing was moved; say why in the user's language
        code = getattr(exc, "code", "busy" if isinstance(exc, IngestError) else None)
        code = "not_permitted" if isinstance(exc, hooks.NotPermitted) else code
        error = t(f"restore.err_{code}", lang) if code else type(exc).__name__
        st.session_state[UNDONE] = ("error", t("restore.failed", lang, error=error))
        hooks.restore_written(kind, period, version, reason, error=exc)
        return
    hooks.restore_written(kind, period, version, reason)
    done_key = "restore.restored" if kind == "restore" else "restore.withdrawn"
    st.session_state[UNDONE] = ("ok", t(done_key, lang, period=period))
    st.session_state["restore_reason"] = ""
    st.session_state.pop(PLAN, None)  # a validation made before the undo is stale now


UNDONE = "_admin_undone"
st.divider()
st.subheader(t("restore.title", lang))
st.caption(t("restore.caption", lang))
undone = st.session_state.pop(UNDONE, None)
if undone:
    (st.success if undone[0] == "ok" else st.error)(undone[1])
kept = restore.trashed_versions()
labels = {
    v.name: t(
        "restore.version_label", lang, period=v.period, kept=v.kept_at.strftime("%Y-%m-%d %H:%M")
    )
    for v in kept
}
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
    on_click=undo,
    args=("restore", lang),
    icon=":material/restore:",
)
b2.button(
    t("restore.withdraw_button", lang, period=data.latest_period()),
    key="restore_withdraw",
    disabled=not reason_given,
    on_click=undo,
    args=("withdraw", lang),
    icon=":material/undo:",
)
