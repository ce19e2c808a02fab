"""Accounts 账号管理 — create accounts, change role and parks, disable, reset passwords (system admins)."""

import datetime as dt

import pandas as pd
import streamlit as st

from ccbio import data, filters
from ccbio.auth import accounts, hooks
from ccbio.auth.gate import error_text, park_names
from ccbio.auth.roles import roles
from ccbio.i18n import t

DONE = "_accounts_done"


def _do(action, lang: str) -> None:
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


def _state(row, lang: str) -> str:
    locked = row["locked_until"]
    if row["disabled"]:
        key = "state_disabled"
    elif locked and locked.replace(tzinfo=dt.UTC) > dt.datetime.now(dt.UTC):
        key = "state_locked"
    else:
        key = "state_active"
    return t(f"accounts.{key}", lang) + (
        f" · {t('accounts.state_demo', lang)}" if row["is_demo"] else ""
    )


f = filters.current()
lang = f.lang
filters.page_header("accounts.title", "accounts.question", f, demo=False)
cfg, actor = roles(), hooks.current_actor()
known = data.park_list()["park_id"].tolist()
done = st.session_state.pop(DONE, None)
if done:
    (st.success if done[0] == "ok" else st.error)(done[1])

rows = accounts.list_accounts()
st.dataframe(
    pd.DataFrame(
        {
            t("accounts.col_name", lang): [r["name"] for r in rows],
            t("accounts.col_role", lang): [cfg.role(r["role"]).name(lang) for r in rows],
            t("accounts.col_parks", lang): [
                park_names(r["parks"].split(","), lang) if r["parks"] else "" for r in rows
            ],
            t("accounts.col_sso", lang): [r["sso_email"] or "" for r in rows],
            t("accounts.col_state", lang): [_state(r, lang) for r in rows],
        }
    ),
    hide_index=True,
    key="accounts_table",
)

role_ids = list(cfg.roles)
role_label = lambda r: cfg.role(r).name(lang)  # noqa: E731
park_label = lambda p: park_names([p], lang)  # noqa: E731
left, right = st.columns(2, gap="large")
with left, st.form("accounts_add", clear_on_submit=True):
    st.subheader(t("accounts.add_title", lang))
    name = st.text_input(t("auth.name", lang), key="acc_new_name")
    role = st.selectbox(
        t("accounts.role", lang), role_ids, format_func=role_label, key="acc_new_role"
    )
    parks = st.multiselect(
        t("accounts.parks", lang), known, format_func=park_label, key="acc_new_parks"
    )
    password = st.text_input(t("auth.password", lang), type="password", key="acc_new_password")
    email = st.text_input(t("accounts.sso_email", lang), key="acc_new_email")
    if st.form_submit_button(t("accounts.create", lang), type="primary"):
        _do(
            lambda: accounts.create(
                name.strip(),
                role,
                parks,
                actor,
                known_parks=known,
                password=password or None,
                sso_email=email or None,
            ),
            lang,
        )
        st.rerun()
with right:
    st.subheader(t("accounts.change_title", lang))
    names = [r["name"] for r in rows]
    if names:
        who = st.selectbox(t("accounts.account", lang), names, key="acc_target")
        row = next(r for r in rows if r["name"] == who)
        b1, b2 = st.columns(2)
        b1.button(
            t("accounts.enable" if row["disabled"] else "accounts.disable", lang),
            key="acc_toggle",
            on_click=_do,
            args=(lambda: accounts.set_disabled(who, not row["disabled"], actor), lang),
        )
        new_role = st.selectbox(
            t("accounts.role", lang),
            role_ids,
            index=role_ids.index(row["role"]),
            format_func=role_label,
            key=f"acc_role_{who}",
        )
        new_parks = st.multiselect(
            t("accounts.parks", lang),
            known,
            default=[p for p in row["parks"].split(",") if p],
            format_func=park_label,
            key=f"acc_parks_{who}",
        )
        st.button(
            t("accounts.set_role", lang),
            key="acc_set_role",
            on_click=_do,
            args=(
                lambda: accounts.set_role(who, new_role, new_parks, actor, known_parks=known),
                lang,
            ),
        )
        new_password = st.text_input(
            t("accounts.new_password", lang), type="password", key="acc_reset_pw"
        )
        st.button(
            t("accounts.reset", lang),
            key="acc_reset",
            disabled=not new_password,
            on_click=_do,
            args=(lambda: accounts.reset_password(who, new_password, actor), lang),
        )
