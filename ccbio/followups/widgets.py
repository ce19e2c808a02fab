"""Streamlit pieces shared by the follow-up list, project and park pages (layout only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import links
from ccbio.auth import hooks, session
from ccbio.followups import assess, items, view
from ccbio.followups import rules as fu_rules
from ccbio.formatting import format_date
from ccbio.i18n import t

WHO_KEY = "fu_who"  # kept in the session, so a planner types the name once
FLASH_KEY, ERROR_KEY = "fu_flash", "fu_error"  # the outcome of the last change


def who_input(lang: str, key_suffix: str) -> str:
    """Draw the 'your name' box, prefilled with the name last used in this session."""
    user = session.current_user()
    if user is not None:  # issue 14: the signed-in account acts; its name is not typed
        st.session_state[f"{WHO_KEY}_{key_suffix}"] = user.name
        return st.text_input(
            t("followups.who_account", lang), key=f"{WHO_KEY}_{key_suffix}", disabled=True
        )
    return st.text_input(
        t("followups.who", lang),
        key=f"{WHO_KEY}_{key_suffix}",
        value=st.session_state.get(WHO_KEY, ""),
        help=t("followups.who_help", lang),
        max_chars=items.MAX_WHO_CHARS,
    )


def _run(change, who_key: str, lang: str, message) -> None:
    """Callback body: make the change; keep its outcome for the run the click starts."""
    # on_click callbacks run before the script, so the result is drawn in the same click's run
    # (and survives the rerun filters._route_through_app makes on a session's first run)
    try:
        result = change()
    except items.FollowupError as err:
        st.session_state[ERROR_KEY] = t(err.key, lang, **err.values)
        return
    st.session_state[WHO_KEY] = str(st.session_state.get(who_key, "")).strip()
    st.session_state[FLASH_KEY] = message(result)


def _outcome() -> None:
    """Show the outcome of the last change, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error, icon=":material/block:")


def show_error(err: items.FollowupError, lang: str) -> None:
    """Show a refused change in the user's language."""
    st.error(t(err.key, lang, **err.values), icon=":material/block:")


def item_table(assessed: pd.DataFrame, b: dict, park_names: dict, lang: str, key: str) -> None:
    """Draw the items as a table; the number opens the item, the subject its page."""
    shown = view.table(assessed, b["rules"], park_names, lang, b["periods"][0])
    st.dataframe(
        shown,
        hide_index=True,
        key=key,
        column_config={
            "item": st.column_config.LinkColumn(
                t("followups.col_id", lang), display_text=links.DISPLAY["followup"]
            ),
            "level": t("followups.col_level", lang),
            "status": t("followups.col_status", lang),
            "subject": links.link_column(t("followups.col_subject", lang)),
            "park": t("followups.col_park", lang),
            "unit": t("followups.col_unit", lang),
            "warning": t("followups.col_warning", lang),
            "rule": t("followups.col_rule", lang),
            "now": t("followups.col_now", lang),
            "deadline": t("followups.col_deadline", lang),
            "days_left": t("followups.col_days_left", lang),
            "why": t("followups.col_why", lang),
        },
    )


def open_form(candidates: pd.DataFrame, b: dict, units: dict, lang: str, key: str) -> None:
    """Draw the form that opens a follow-up for one of `candidates` (warnings without one)."""
    side = "zh" if lang == "zh" else "en"
    _outcome()
    if candidates.empty:
        st.caption(t("followups.all_followed", lang))
        return
    candidates = candidates[[hooks.may_edit_followups(_park(p)) for p in candidates["park_id"]]]
    if candidates.empty:  # issue 14: this role (or these parks) may only read
        st.caption(t("auth.followups_read_only", lang))
        return
    rows = candidates.to_dict("records")
    # plain widgets, not st.form: a form's submit is lost when the first run of a session reruns
    # (filters._route_through_app), and these few boxes rerun only when left
    with st.container(border=True, key=f"{key}_form"):
        st.markdown(f"**{t('followups.open_new', lang)}**")
        pick = st.selectbox(
            t("followups.open_pick", lang),
            range(len(rows)),
            format_func=lambda i: (
                f"{t(view.COLOUR_KEYS[rows[i]['level']], lang)} · {rows[i][f'reason_{side}']}"
            ),
            key=f"{key}_pick",
        )
        proposed = units.get(rows[0]["warning_key"], "") if len(rows) == 1 else ""
        st.text_input(t("followups.open_unit", lang), key=f"{key}_unit", value=proposed)
        colour = rows[pick]["level"]
        days = b["rules"]["deadline"]["working_days"][colour]
        st.date_input(
            t("followups.open_deadline", lang),
            value=assess.deadline_for(colour, b["today"], b["rules"]),
            min_value=b["today"],
            key=f"{key}_deadline",
            help=t(
                "followups.open_deadline_help",
                lang,
                colour=t(view.COLOUR_KEYS[colour], lang),
                days=days,
            ),
        )
        st.text_area(t("followups.note", lang), key=f"{key}_note", height=70)
        who_input(lang, f"{key}_who")
        st.button(
            t("followups.open_submit", lang),
            type="primary",
            key=f"{key}_submit",
            on_click=_open_clicked,
            args=(rows, units, b, lang, key),
        )


def _open_clicked(rows: list[dict], units: dict, b: dict, lang: str, key: str) -> None:
    state = st.session_state
    warning = rows[state[f"{key}_pick"]]

    def change():
        return items.open_item(
            warning,
            who=state.get(f"{WHO_KEY}_{key}_who", ""),
            unit=state.get(f"{key}_unit") or units.get(warning["warning_key"], ""),
            rules=b["rules"],
            today=b["today"],
            note=state.get(f"{key}_note"),
            deadline=state.get(f"{key}_deadline"),
        )

    deadline = state.get(f"{key}_deadline")
    _run(
        change,
        f"{WHO_KEY}_{key}_who",
        lang,
        lambda new_id: t("followups.opened", lang, id=new_id, deadline=format_date(deadline, lang)),
    )


def item_panel(item: dict, b: dict, lang: str, key: str) -> None:
    """Draw one item: what fired, its level and why, the actions, and every recorded change."""
    side = "zh" if lang == "zh" else "en"
    rules = b["rules"]
    with st.container(border=True, key=f"{key}_panel"):
        _outcome()
        st.markdown(
            f"**{t('followups.item_label', lang, id=item['id'], subject=item[f'subject_{side}'])}**"
        )
        # side by side, each as wide as its value, wrapping to a new row where the row is full:
        # in four fixed columns 2026年12月8日 was cut to 2026年12… at 1440 px
        with st.container(horizontal=True, wrap=True, gap="large", key=f"{key}_figures"):
            st.metric(
                t("followups.col_level", lang),
                fu_rules.level_name(rules, int(item["level"]), lang),
                width="content",
            )
            st.metric(
                t("followups.col_status", lang),
                t(f"followups.status_{item['status']}", lang),
                width="content",
            )
            st.metric(  # a date as the page's "today" reads it, not the stored 2026-12-08
                t("followups.col_deadline", lang),
                format_date(pd.Timestamp(item["deadline"]), lang),
                width="content",
            )
            closed_on = item["updated_at"] if item["status"] == "closed" else None
            days_label, days = view.days_metric(item["days_left"], closed_on, lang)
            # "-5 days left" read wrong: 5 days overdue
            st.metric(t(days_label, lang), days, width="content")
        st.caption(item[f"reason_{side}"])
        if item[f"why_{side}"]:
            st.warning(
                f"{t('followups.col_why', lang)}：{item[f'why_{side}']}"
                if lang == "zh"
                else f"{t('followups.col_why', lang)}: {item[f'why_{side}']}"
            )
        st.caption(
            t("followups.still_firing" if item["firing"] else "followups.cleared", lang)
            + f" · {t('followups.col_unit', lang)} · {item['responsible_unit']}"
        )
        if item["status"] != "closed":
            _actions(item, rules, lang, key)
        st.markdown(f"**{t('followups.history', lang)}**")
        st.dataframe(
            view.history(items.item_events(int(item["id"])), lang),
            hide_index=True,
            key=f"{key}_history",
            column_config={
                c: t(f"followups.col_{c}", lang)
                for c in ("at", "who", "action", "from", "to", "note")
            },
        )


def _park(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _actions(item: dict, rules: dict, lang: str, key: str) -> None:
    if not hooks.may_edit_followups(_park(item.get("park_id"))):
        st.caption(t("auth.followups_read_only", lang))
        return
    with st.container(key=f"{key}_actions"):
        st.text_area(t("followups.reason_close", lang), key=f"{key}_act_note", height=70)
        who_input(lang, f"{key}_act_who")
        c1, c2, c3 = st.columns(3)
        args = (item, rules, lang, key)
        c1.button(
            t("followups.act_start", lang),
            disabled=item["status"] != "todo",
            key=f"{key}_start",
            on_click=_status_clicked,
            args=("in_progress", *args),
        )
        c2.button(
            t("followups.act_close", lang),
            type="primary",
            key=f"{key}_close",
            on_click=_status_clicked,
            args=("closed", *args),
        )
        c3.button(
            t("followups.act_note", lang), key=f"{key}_add", on_click=_note_clicked, args=args
        )


def _status_clicked(to: str, item: dict, rules: dict, lang: str, key: str) -> None:
    state = st.session_state

    def change():
        items.change_status(
            int(item["id"]),
            to,
            who=state.get(f"{WHO_KEY}_{key}_act_who", ""),
            expected_version=int(item["version"]),
            firing=bool(item["firing"]),
            rules=rules,
            note=state.get(f"{key}_act_note"),
        )

    status = t(f"followups.status_{to}", lang)
    _run(
        change,
        f"{WHO_KEY}_{key}_act_who",
        lang,
        lambda _: t("followups.done_status", lang, status=status),
    )


def _note_clicked(item: dict, rules: dict, lang: str, key: str) -> None:
    state = st.session_state

    def change():
        items.add_note(
            int(item["id"]),
            who=state.get(f"{WHO_KEY}_{key}_act_who", ""),
            note=state.get(f"{key}_act_note", ""),
            expected_version=int(item["version"]),
        )

    _run(change, f"{WHO_KEY}_{key}_act_who", lang, lambda _: t("followups.done_note", lang))
