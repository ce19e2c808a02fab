"""Accounts 账号管理 — create accounts, change role and parks, disable, reset passwords (system admins)."""

import datetime as dt

import streamlit as st

from ccbio import data, filters
from ccbio.auth import accounts, hooks
from ccbio.auth import accounts_view as av
from ccbio.auth.gate import park_names
from ccbio.auth.roles import roles
from ccbio.i18n import t

f = filters.current()
lang = f.lang
filters.page_header("accounts.title", "accounts.question", f, demo=False)
cfg, actor = roles(), hooks.current_actor()
known = data.park_list()["park_id"].tolist()
done = st.session_state.pop(av.DONE, None)
if done:
    (st.success if done[0] == "ok" else st.error)(done[1])

rows = accounts.list_accounts()
now = dt.datetime.now(dt.UTC)
table = av.account_table(rows, lambda r: cfg.role(r).name(lang), lang, now)
st.dataframe(table, hide_index=True, key="accounts_table")

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
    parks = st.multiselect(  # our placeholder and no "Select all": Streamlit writes both in English
        t("accounts.parks", lang),
        known,
        format_func=park_label,
        key="acc_new_parks",
        placeholder=t("accounts.parks_placeholder", lang),
        select_all=False,
    )
    password = st.text_input(t("auth.password", lang), type="password", key="acc_new_password")
    email = st.text_input(t("accounts.sso_email", lang), key="acc_new_email")
    if st.form_submit_button(t("accounts.create", lang), type="primary"):
        av.run_change(
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
            on_click=av.run_change,
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
            placeholder=t("accounts.parks_placeholder", lang),
            select_all=False,
        )
        st.button(
            t("accounts.set_role", lang),
            key="acc_set_role",
            on_click=av.run_change,
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
            on_click=av.run_change,
            args=(lambda: accounts.reset_password(who, new_password, actor), lang),
        )
