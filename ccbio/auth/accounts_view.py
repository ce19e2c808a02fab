"""The account-management page's table and its button callback: accounts as a reader sees them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ccbio.auth import accounts, hooks
from ccbio.auth.gate import error_text, park_names
from ccbio.i18n import t

DONE = "_accounts_done"  # session key of the last change's outcome, shown on the next run


def state_text(row, lang: str, now: dt.datetime) -> str:
    """Return whether the account is active, disabled or locked at `now` (and whether a demo one)."""
    locked = row["locked_until"]
    if row["disabled"]:
        key = "state_disabled"
    elif locked and locked.replace(tzinfo=dt.UTC) > now:
        key = "state_locked"
    else:
        key = "state_active"
    return t(f"accounts.{key}", lang) + (
        f" · {t('accounts.state_demo', lang)}" if row["is_demo"] else ""
    )


def account_table(rows: list, role_name, lang: str, now: dt.datetime) -> pd.DataFrame:
    """Return one row per account: name, role (`role_name(role_id)`), parks, SSO e-mail, state."""
    return pd.DataFrame(
        {
            t("accounts.col_name", lang): [r["name"] for r in rows],
            t("accounts.col_role", lang): [role_name(r["role"]) for r in rows],
            t("accounts.col_parks", lang): [
                park_names(r["parks"].split(","), lang)
                if r["parks"]
                else t("accounts.whole_city", lang)
                for r in rows
            ],
            t("accounts.col_sso", lang): [r["sso_email"] or "" for r in rows],
            t("accounts.col_state", lang): [state_text(r, lang, now) for r in rows],
        }
    )


def run_change(action, lang: str) -> None:
    """Button callback: run an account change as the signed-in user and keep its outcome."""
    try:
        hooks.require("manage_accounts")
        action()
    except accounts.AccountError as exc:
        st.session_state[DONE] = ("error", error_text(exc, lang))
    except hooks.NotPermitted:
        st.session_state[DONE] = ("error", t("auth.not_permitted", lang))
    else:
        st.session_state[DONE] = ("ok", t("accounts.done", lang))
