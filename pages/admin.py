"""Admin 数据更新 — download ledger templates, upload filled ledgers, see every problem before
anything is written, then write the new monthly snapshot (atomically) with one click."""

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from ccbio import data, filters
from ccbio.i18n import t
from ccbio.ingest import IngestError, LedgerFile, plan_ingest, write_plan
from ccbio.ingest.schema import CSV_NAMES
from ccbio.ingest.templates import csv_bytes, workbook_bytes
from ccbio.periods import add_months

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN, DONE = "_admin_plan", "_admin_done"


def problem_table(problems, lang: str) -> pd.DataFrame:
    """Return one row per problem, headed in the user's language: kind, file/sheet, row, column, message."""
    return pd.DataFrame(
        [
            {
                t("admin.col_level", lang): t(f"admin.level_{p.severity}", lang),
                t("admin.col_sheet", lang): p.sheet,
                t("admin.col_row", lang): str(p.row or ""),
                t("admin.col_column", lang): p.column,
                t("admin.col_message", lang): p.message(lang),
            }
            for p in problems
        ]
    )


def write(plan) -> None:
    """Button callback (runs before the next script run): write, then point the sidebar at the new month."""
    try:
        folder = write_plan(plan)
    except (IngestError, OSError) as exc:
        st.session_state[DONE] = ("error", str(exc))
    else:
        st.session_state[DONE] = ("ok", plan.period, folder.name)
        st.session_state[filters.KEYS["period"]] = plan.period
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


def validate() -> None:
    """Button callback: validate the uploaded ledgers (nothing is written) and keep the result."""
    files, period, replace, fingerprint = inputs()
    st.session_state[PLAN] = (fingerprint, plan_ingest(files, period, replace=replace))


f = filters.current()
lang = f.lang
filters.page_header("admin.title", "admin.question", f, demo=False)
latest = data.latest_period()

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
    t("admin.download_prefilled", lang, period=latest),
    partial(workbook_bytes, None, latest),
    f"ledgers_{latest}.xlsx",
    XLSX,
    key="admin_tpl_prefilled",
    icon=":material/download:",
    on_click="ignore",
)
for col, (ledger, name) in zip(st.columns(3), CSV_NAMES.items(), strict=True):
    col.download_button(
        t("admin.download_csv", lang, name=name),
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
c1.text_input(
    t("admin.period", lang),
    value=add_months(latest, 1),
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
)

held = st.session_state.get(PLAN)
if held and held[0] != fingerprint:
    st.info(t("admin.stale", lang))
elif held:
    plan = held[1]
    if plan.errors:
        st.error(t("admin.errors", lang, n=len(plan.errors)), icon=":material/block:")
        st.table(
            problem_table(plan.errors, lang), hide_index=True
        )  # a static table wraps long messages
    if plan.warnings:
        st.warning(t("admin.warnings", lang, n=len(plan.warnings)))
        st.table(problem_table(plan.warnings, lang), hide_index=True)
    if plan.ok:
        st.success(
            t("admin.passed", lang, period=plan.period, base=plan.base_period),
            icon=":material/task_alt:",
        )
        st.dataframe(
            pd.DataFrame(
                {
                    t("admin.summary_item", lang): [
                        t(f"admin.sum_{k}", lang) for k in plan.summary
                    ],
                    t("admin.summary_count", lang): list(plan.summary.values()),
                }
            ),
            hide_index=True,
            key="admin_summary",
        )
        st.button(
            t("admin.write", lang, period=plan.period),
            key="admin_write",
            type="primary",
            on_click=write,
            args=(plan,),
            icon=":material/save:",
        )
