"""The data-update page's callbacks and sections: validate, write, undo; the template downloads.

The callbacks run before the next script run (on_click), keep their outcome in session state and
turn every failure into a message in the user's language: nothing reaches the user as a traceback.
"""

from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from ccbio import filters
from ccbio.auth import hooks
from ccbio.formatting import format_clock, format_month
from ccbio.i18n import t
from ccbio.ingest import IngestError, LedgerFile, plan_ingest, restore, write_plan
from ccbio.ingest.report import failure_message
from ccbio.ingest.schema import CSV_NAMES
from ccbio.ingest.templates import csv_bytes, workbook_bytes
from ccbio.periods import add_months

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN, DONE, UNDONE = "_admin_plan", "_admin_done", "_admin_undone"


# Streamlit writes the upload button and its size limit in English whatever the language, and has
# no option for them: the uploader keyed `key` draws ours over its own text (which is still there
# for screen readers through the input's label)
UPLOADER_CSS = """<style>
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0 !important; }}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after
  {{ content: "{button}"; font-size: 0.875rem; }}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span::after
  {{ content: "{limit}"; font-size: 0.875rem; }}
</style>"""


def uploader_words(key: str, lang: str) -> None:
    """Draw the upload button's label and size limit of the uploader `key` in the user's language."""
    limit = t("admin.upload_limit", lang, mb=st.get_option("server.maxUploadSize"))
    st.html(UPLOADER_CSS.format(key=key, button=t("admin.upload_button", lang), limit=limit))


def inputs() -> tuple[list, str, bool, str]:
    """Return the uploaded files, the period, the replace flag and a fingerprint of all three."""
    files = [LedgerFile(u.name, u.getvalue()) for u in st.session_state.get("admin_files") or []]
    period = (st.session_state.get("admin_period") or "").strip()
    replace = bool(st.session_state.get("admin_replace"))
    return files, period, replace, fingerprint(files, period, replace)


def fingerprint(files: list, period: str, replace: bool) -> str:
    """Return a digest of what a validation was made for: a change to any makes it stale."""
    listed = [(x.name, hashlib.sha256(x.content).hexdigest()) for x in files] + [period, replace]
    return hashlib.sha256(repr(listed).encode()).hexdigest()


def validate(lang: str) -> None:
    """Button callback: validate the uploaded ledgers (nothing is written) and keep the result."""
    files, period, replace, digest = inputs()
    try:
        st.session_state[PLAN] = (digest, plan_ingest(files, period, replace=replace))
    except Exception as exc:  # a bug must not show a traceback; the data is untouched
        st.session_state[PLAN] = (digest, failure_message(exc, lang))
    st.session_state.pop("admin_confirmed", None)


def write(plan, lang: str) -> None:
    """Button callback: write, then point the sidebar at the new month."""
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


def undo(kind: str, lang: str) -> None:
    """Button callback: restore the chosen trashed version or withdraw the newest month, audited."""
    reason = (st.session_state.get("restore_reason") or "").strip()
    version = st.session_state.get("restore_version") if kind == "restore" else None
    period = None
    try:
        hooks.require("ingest")
        period = restore.restore(version) if kind == "restore" else restore.withdraw_newest()
    except Exception as exc:  # nothing was moved; say why in the user's language
        st.session_state[UNDONE] = ("error", t("restore.failed", lang, error=undo_error(exc, lang)))
        hooks.restore_written(kind, period, version, reason, error=exc)
        return
    hooks.restore_written(kind, period, version, reason)
    done_key = "restore.restored" if kind == "restore" else "restore.withdrawn"
    st.session_state[UNDONE] = ("ok", t(done_key, lang, period=format_month(period, lang)))
    st.session_state["restore_reason"] = ""
    st.session_state.pop(PLAN, None)  # a validation made before the undo is stale now


def undo_error(exc: Exception, lang: str) -> str:
    """Return why an undo failed, in words: its code's message, else the kind of error."""
    code = getattr(exc, "code", "busy" if isinstance(exc, IngestError) else None)
    code = "not_permitted" if isinstance(exc, hooks.NotPermitted) else code
    return t(f"restore.err_{code}", lang) if code else type(exc).__name__


def template_downloads(latest: str, lang: str) -> None:
    """Draw the downloads: the empty workbook, the one prefilled from `latest`, a CSV per ledger."""
    cols = st.columns(3)
    following = add_months(latest, 1)
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
        t("admin.download_prefilled", lang, next=format_month(following, lang)),
        partial(workbook_bytes, None, latest),
        f"ledgers_{following}.xlsx",
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


def version_labels(kept: list, lang: str) -> dict[str, str]:
    """Return each kept (trashed) version's name -> "its month, kept at when" in words."""
    return {
        v.name: t(
            "restore.version_label",
            lang,
            period=format_month(v.period, lang),
            # the folder's name holds the local time it was set aside (lock.trash_name)
            kept=format_clock(v.kept_at, lang),
        )
        for v in kept
    }
