"""The audit trail as a table for people: labels in the user's language, files and counts readable."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ccbio import text_table
from ccbio.auth.gate import park_name_map, park_names
from ccbio.auth.roles import roles
from ccbio.formatting import format_month
from ccbio.i18n import catalogue, t


def _given(raw) -> bool:
    """Whether a JSON column holds text (a missing value comes out of pandas as NaN, not None)."""
    return isinstance(raw, str) and raw != ""


def _files(raw: str | None) -> str:
    return (
        "; ".join(f"{f['name']} ({f['sha256'][:12]}…)" for f in json.loads(raw))
        if _given(raw)
        else ""
    )


# Where a word the app stored (a table, a summary line, a warning kind, a status) has its name
WORD_NAMES = (
    "admin.sum_{}",
    "audit.table_{}",
    "audit.val_{}",
    "monitoring.kind_{}",
    "followups.kind_{}",
)


def _word(stored, lang: str) -> str:
    """Return the reader's name for a word the app stored; a word without one as it is."""
    for pattern in WORD_NAMES:
        key = pattern.format(stored)
        if key in catalogue():
            return t(key, lang)
    return str(stored)


def _target_name(code: str, lang: str) -> str:
    """Return a 双十双百双千 target's name, whichever plan it belongs to; an unknown code as it is."""
    from ccbio import plans

    for plan in plans.load_plans():
        for row in plans.plan_targets(plan.plan_id):
            if row["target_code"] == code:
                return row["name_zh" if lang == "zh" else "name_en"]
    return code


def _subject(warning_key: str, lang: str, parks: dict[str, str] | None = None) -> str:
    """Return what a follow-up is about (stored as 'kind:id:warning kind') in words."""
    kind, subject_id, warning = warning_key.split(":")
    if kind == "park":
        subject_id = park_names([subject_id], lang, parks)
    elif kind == "target":
        subject_id = _target_name(subject_id, lang)
    return f"{_word(kind, lang)} {subject_id} · {_word(warning, lang)}"


def _counts(raw: str | None, lang: str) -> str:
    """Return an ingest's row counts per table in words."""
    if not _given(raw):
        return ""
    return " · ".join(f"{_word(k, lang)} {v:,}" for k, v in json.loads(raw).items())


def _value(key: str, value, lang: str, parks: dict[str, str] | None = None) -> str:
    if key == "role":
        return _role(value, lang)
    if key == "subject" and isinstance(value, str) and value.count(":") == 2:
        return _subject(value, lang, parks)
    if key in ("park", "parks"):
        return park_names(value if isinstance(value, list) else [value], lang, parks)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return " · ".join(
            f"{_word(k, lang)} {v:,}"
            if isinstance(v, int) and not isinstance(v, bool)
            else f"{_word(k, lang)} {_word(v, lang)}"
            for k, v in value.items()
        )
    return _word(value, lang)


def _detail(raw: str | None, lang: str, parks: dict[str, str] | None = None) -> str:
    if not _given(raw):
        return ""
    shown = []
    for key, value in json.loads(raw).items():
        if value in (None, "", [], {}):
            continue
        name = t(f"audit.key_{key}", lang) if f"audit.key_{key}" in catalogue() else key
        shown.append(f"{name}{'：' if lang == 'zh' else ': '}{_value(key, value, lang, parks)}")
    return ("；" if lang == "zh" else "; ").join(shown)  # Chinese punctuation in Chinese


COMMAND_LINE_SUFFIX = " (command line)"  # hooks.command_line_actor: '<os user> (command line)'


def _who(name: str, role_id: str | None, lang: str) -> str:
    """Return who acted as recorded, with the app's own words for the system and the command line."""
    if role_id == "system" or (name == "system" and not isinstance(role_id, str)):
        return t("audit.system", lang)
    if role_id == "command_line" and name.endswith(COMMAND_LINE_SUFFIX):
        user = name.removesuffix(COMMAND_LINE_SUFFIX)
        return (
            f"{user}（{t('audit.command_line', lang)}）"
            if lang == "zh"
            else f"{user} (command line)"
        )
    return name


def _role(role_id: str | None, lang: str) -> str:
    if role_id == "command_line":
        return t("audit.command_line", lang)
    if role_id == "system":
        return t("audit.system", lang)
    role = roles().roles.get(role_id or "")
    return role.name(lang) if role else ""


def _month(period, lang: str) -> str:
    """Return a stored 'YYYY-MM' as the month everywhere else reads ('2026年11月' / 'Nov 2026')."""
    if not isinstance(period, str) or not period:
        return ""
    try:
        return format_month(period, lang)
    except ValueError:  # an older entry's free text: shown as stored
        return period


# the page's order: what happened and its details first, then what a reader checks afterwards;
# at 1440 px the details are then read whole without scrolling sideways
SHOWN_ORDER = (
    "audit.col_at",
    "audit.col_who",
    "audit.col_action",
    "audit.col_result",
    "audit.col_detail",
    "audit.col_reason",
    "audit.col_period",
    "audit.col_rows",
    "audit.col_files",
    "audit.col_role",
)


def shown_order(lang: str) -> list[str]:
    """Return the page's column order (the download keeps audit_table's)."""
    return [t(k, lang) for k in SHOWN_ORDER]


def audit_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per event with headers and labels in `lang` (the page's table and download)."""
    # once, not once per event: 2,000 follow-ups at 10,000x read them per event, 2.6 s a rerun
    parks = park_name_map(lang)
    return pd.DataFrame(
        {
            t("audit.col_at", lang): pd.to_datetime(events["at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("audit.col_who", lang): [
                _who(w, r, lang) for w, r in zip(events["who"], events["role"], strict=True)
            ],
            t("audit.col_role", lang): [_role(r, lang) for r in events["role"]],
            t("audit.col_action", lang): [t(f"audit.action_{a}", lang) for a in events["action"]],
            t("audit.col_period", lang): [_month(p, lang) for p in events["period"]],
            t("audit.col_files", lang): [_files(f) for f in events["files"]],
            t("audit.col_rows", lang): [_counts(c, lang) for c in events["row_counts"]],
            t("audit.col_result", lang): [t(f"audit.result_{r}", lang) for r in events["result"]],
            t("audit.col_reason", lang): events["reason"].fillna(""),
            t("audit.col_detail", lang): [_detail(d, lang, parks) for d in events["detail"]],
        }
    )


# the texts read whole in their rows (text_table): the details widest, as the longest
WRAPPED_PX = {"audit.col_detail": 400, "audit.col_reason": 200}


def column_config(lang: str) -> dict:
    """Return the table's column help: who is named by account name, files by their uploaded name;
    the details and the confirmation reason wide enough to read (the details were cut at 1440 px)."""
    return {
        t("audit.col_who", lang): st.column_config.TextColumn(help=t("audit.help_who", lang)),
        t("audit.col_files", lang): st.column_config.TextColumn(help=t("audit.help_files", lang)),
        t("audit.col_detail", lang): st.column_config.TextColumn(width="large"),
        t("audit.col_reason", lang): st.column_config.TextColumn(width="medium"),
    }


def row_height(table: pd.DataFrame, lang: str) -> int | None:
    """Return the row height at which every detail and reason of `table` is read whole."""
    return text_table.rows_height(table, {t(k, lang): px for k, px in WRAPPED_PX.items()})
