"""One-call hooks for code that writes: is the signed-in user allowed, and the audit record of it.

Ledger intake (pages/admin.py, `ccbio ingest`) calls `ledger_write` after each write attempt;
restoring a month calls `restore_written`. The command line acts as the operating-system user.
"""

from __future__ import annotations

import getpass

from ccbio.auth import audit


class NotPermitted(PermissionError):
    """The signed-in user's role may not do this."""


def current_actor() -> audit.Actor:
    """Return who is acting: the signed-in user in the app, the OS user on the command line."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return cli_actor()
    from ccbio.auth import session

    user = session.current_user()
    return user.actor() if user else audit.Actor("?")


def cli_actor() -> audit.Actor:
    """Return the command line's actor: the operating-system user."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in this environment
        name = "unknown"
    return audit.Actor(f"{name} (command line)", "command_line")


def require(permission: str) -> None:
    """Raise NotPermitted (and audit it) unless the signed-in user has `permission`.

    The command line is not checked: whoever runs it can write the data folder anyway.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return
    from ccbio.auth import session

    user = session.current_user()
    if user is None or not user.can(permission):
        audit.record("ingest", current_actor(), result="refused", detail={"needs": permission})
        raise NotPermitted(permission)


def ledger_write(
    plan, files, reason: str | None, error: BaseException | None = None, actor=None
) -> None:
    """Record a ledger write (ingest or replace) and its outcome in the audit trail."""
    tables = plan.tables or {}
    audit.record(
        "replace" if plan.replace else "ingest",
        actor or current_actor(),
        result="ok" if error is None else "failed",
        period=plan.period,
        files=[(f.name, f.content) for f in files],
        row_counts={name: len(frame) for name, frame in tables.items()},
        reason=reason,
        detail={"base_period": plan.base_period, "summary": plan.summary}
        | ({"error": f"{type(error).__name__}: {error}"[:500]} if error is not None else {}),
    )


def restore_written(
    kind: str, period: str | None, version: str | None, reason: str, error=None
) -> None:
    """Record undoing a written month (kind 'restore' from .trash or 'withdraw' the newest)."""
    audit.record(
        "restore",
        current_actor(),
        result="ok" if error is None else "failed",
        period=period,
        reason=reason,
        detail={"kind": kind, "version": version}
        | ({"error": f"{type(error).__name__}: {error}"[:500]} if error is not None else {}),
    )


def _session_user():
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return False  # the command line or a test outside a page
    from ccbio.auth import session

    return session.current_user()


def may_edit_followups(park_id: str | None) -> bool:
    """Return whether the signed-in user may change follow-ups of `park_id` (None: a city item)."""
    user = _session_user()
    if user is False:
        return True
    return user is not None and user.can("edit_followups") and user.scope.allows(park_id)


def followup_who(typed: str, park_id: str | None) -> str:
    """Return who changes a follow-up: the signed-in user (raise NotPermitted unless allowed for
    the item's park); outside a page, the name given."""
    user = _session_user()
    if user is False:
        return typed
    if not may_edit_followups(park_id):
        audit.record("followup", current_actor(), result="refused", detail={"park": park_id})
        raise NotPermitted("edit_followups")
    return user.name


def followup_changed(item_id: int, action: str, who: str, **detail) -> None:
    """Record a follow-up change (opened, status, closed, note) in the audit trail."""
    actor = current_actor()
    if actor.name != who:  # the automatic rule, or a name given on the command line
        actor = audit.Actor(who, "system" if detail.get("auto") else actor.role)
    note = detail.pop("note", None)
    audit.record(
        "followup",
        actor,
        period=detail.pop("period", None),
        reason=note,
        detail={"item": item_id, "action": action}
        | {k: v for k, v in detail.items() if v is not None},
    )
