"""What app.py shows around the pages: the sign-in screen, the account menu, pages per role.

Filtering pages is a convenience; the scope is applied where the data is read (ccbio/auth/scope.py).
"""

from __future__ import annotations

import streamlit as st

from ccbio import data
from ccbio.auth import accounts, session, sso
from ccbio.auth.accounts import AccountError, User
from ccbio.auth.roles import roles
from ccbio.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

NOTICES_KEY = "_ccbio_access_notices"
LANG_KEY = "signin_lang"
LANG_NAMES = {"zh": "中文", "en": "English"}


def error_text(exc: AccountError, lang: str) -> str:
    """Return the message of a refused sign-in or account change in the user's language."""
    return t(f"auth.err_{exc.code}", lang, **exc.values)


def park_name_map(lang: str) -> dict[str, str]:
    """Return park id -> the park's name in the user's language."""
    parks = data.park_list()
    return dict(zip(parks["park_id"], parks["name_zh" if lang == "zh" else "name_en"], strict=True))


def park_names(park_ids, lang: str, names: dict[str, str] | None = None) -> str:
    """Return the parks' names in the user's language, joined (an unknown id as it is); `names`,
    park_name_map's, for a caller naming parks many times (the audit table, once per event)."""
    names = park_name_map(lang) if names is None else names
    return "、".join(names.get(p, p) for p in park_ids)


def signin_lang() -> str:
    """Return the language of the sign-in screen: chosen there, else the URL's, else Chinese."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state[LANG_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    return st.session_state[LANG_KEY]


def _password_sign_in() -> None:
    name = (st.session_state.get("signin_name") or "").strip()
    try:
        user = accounts.authenticate(name, st.session_state.get("signin_password") or "")
    except AccountError as exc:
        st.session_state["_signin_error"] = exc
    else:
        session.sign_in(user)
    st.session_state["signin_password"] = ""


def _demo_sign_in(name: str) -> None:
    user = accounts.demo_user(name) if data.is_demo_data() else None
    if user is not None:
        session.sign_in(user)


def _keep_lang_in_url() -> None:
    st.query_params["lang"] = st.session_state[LANG_KEY]


def check_data() -> None:
    """Raise data.DataError now if there is no data (before the sign-in screen is drawn)."""
    data.is_demo_data()


def sign_in_screen(lang: str) -> None:
    """Draw the sign-in screen: password form, SSO button, and the demo accounts with demo data."""
    session.set_cookie()  # clears the cookie after signing out
    with st.sidebar:  # where the language switch is on every other page
        st.radio(
            "语言 / Language",
            LANGUAGES,
            format_func=LANG_NAMES.get,
            horizontal=True,
            key=LANG_KEY,
            on_change=_keep_lang_in_url,
        )
    st.title(t("auth.signin_title", lang))
    if session.signed_out_notice() or st.session_state.get(session.SIGNED_OUT_KEY):
        st.success(t("auth.signed_out", lang))
    if sso.refused():
        st.warning(t("auth.sso_refused", lang))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.caption(t("auth.signin_intro", lang))
        error = st.session_state.pop("_signin_error", None)
        if error is not None:
            st.error(error_text(error, lang), icon=":material/lock:")
        with st.form("signin"):
            st.text_input(t("auth.name", lang), key="signin_name", autocomplete="username")
            st.text_input(
                t("auth.password", lang),
                type="password",
                key="signin_password",
                autocomplete="current-password",
            )
            st.form_submit_button(
                t("auth.submit", lang),
                type="primary",
                on_click=_password_sign_in,
                icon=":material/login:",
            )
        if sso.configured():
            st.button(
                t("auth.sso_button", lang),
                on_click=st.login,
                icon=":material/badge:",
                key="signin_sso",
            )
    with right:
        if data.is_demo_data():
            accounts.ensure_demo_accounts(data.park_list()["park_id"].tolist())
            st.subheader(t("auth.demo_title", lang))
            st.caption(t("auth.demo_caption", lang))
            for name, role_id, parks in accounts.DEMO_ACCOUNTS:
                where = (
                    f"（{park_names(parks, lang)}）"
                    if lang == "zh" and parks
                    else (f" ({park_names(parks, lang)})" if parks else "")
                )
                st.button(
                    t("auth.demo_as", lang, role=roles().role(role_id).name(lang), parks=where),
                    key=f"signin_demo_{name}",
                    on_click=_demo_sign_in,
                    args=(name,),
                    icon=":material/science:",
                    width="stretch",
                )
        elif not accounts.list_accounts():
            st.info(t("auth.no_accounts", lang))


def allowed_pages(user: User, pages: list, lang: str) -> list:
    """Return `pages` with each page the user's role may not open replaced by a hidden notice page."""
    cfg, shown = roles(), []
    home = next((p for p in pages if p._default), pages[0])  # every role may view the home page
    for page in pages:
        if user.can(cfg.page_permission(page.url_path)):
            shown.append(page)
        else:
            shown.append(
                st.Page(
                    _denied_page(page.title, lang, home),
                    title=page.title,
                    url_path=page.url_path,
                    visibility="hidden",
                )
            )
    return shown


def _denied_page(title: str, lang: str, home):
    def denied() -> None:
        user = session.current_user()
        notice(t("auth.page_denied", lang, role=user.role.name(lang) if user else "", page=title))
        st.switch_page(home)

    denied.__name__ = "denied"
    return denied


def confine_url_parks(user: User, lang: str) -> None:
    """On a session's first run, drop parks outside a planner's scope from the URL, with a notice."""
    if user.scope.city or "f_period" in st.session_state or "parks" not in st.query_params:
        return
    wanted = [p.strip() for p in st.query_params["parks"].split(",") if p.strip()]
    outside = [p for p in wanted if not user.scope.allows(p)]
    if outside:
        known = set(data.park_list()["park_id"])
        shown = [park_names([p], lang) if p in known else p[:40] for p in outside]
        notice(t("auth.parks_outside_scope", lang, parks="、".join(shown)))
        st.query_params["parks"] = ",".join(
            [p for p in wanted if user.scope.allows(p)] or user.parks
        )


def notice(text: str) -> None:
    """Queue an access notice for the next page drawn."""
    st.session_state.setdefault(NOTICES_KEY, []).append(text)


def show_notices() -> None:
    """Show (once) every queued access notice."""
    for text in st.session_state.pop(NOTICES_KEY, []):
        st.warning(text, icon=":material/lock:")


def _sign_out() -> None:
    session.sign_out()


def account_menu(user: User, lang: str) -> None:
    """Draw who is signed in, their role and parks, and the sign-out button at the sidebar's foot."""
    with st.sidebar:
        st.divider()
        st.markdown(t("auth.signed_in_as", lang, name=user.name, role=user.role.name(lang)))
        if user.role.scope == "parks":
            st.caption(t("auth.scope_parks", lang, parks=park_names(user.parks, lang)))
        else:
            st.caption(t("auth.scope_city", lang))
        st.button(
            t("auth.sign_out", lang),
            on_click=_sign_out,
            icon=":material/logout:",
            key="auth_sign_out",
        )
    session.set_cookie()
