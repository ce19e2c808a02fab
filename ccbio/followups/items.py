"""Follow-up items in the operational store: open, move through 待办 → 整改中 → 已销号, note.

Every change is one transaction that also writes a followup_events row (who, when, from which
status to which, the note). A change carries the item's version as the user saw it: if someone
else changed the item meanwhile, the change is refused (nothing is overwritten unseen).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, func, select

from ccbio import store
from ccbio.auth import hooks
from ccbio.auth.scope import session_scope
from ccbio.followups import assess, clock
from ccbio.periods import add_months
from ccbio.store.tables import followup_events, followups

AUTO_ACTOR = "系统（自动规则）"
MAX_WHO_CHARS = 40
MAX_NOTE_CHARS = 2000


class FollowupError(ValueError):
    """A change that is not allowed; `key` names its message in the string catalogue."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def _who(who: str) -> str:
    name = " ".join(str(who or "").split())
    if not name:
        raise FollowupError("followups.err_who_missing")
    if len(name) > MAX_WHO_CHARS:
        raise FollowupError("followups.err_who_long", n=MAX_WHO_CHARS)
    return name


def _acting(who: str, park_id: str | None) -> str:
    # issue 14: in the app the signed-in user acts (their role and parks checked), not a typed name
    try:
        return hooks.followup_who(who, park_id)
    except hooks.NotPermitted:
        raise FollowupError("auth.not_permitted") from None


def _park_of(item_id: int) -> str | None:
    # an item's park never changes, so it is checked before the write transaction takes its lock
    with store.engine().connect() as conn:
        return conn.execute(select(followups.c.park_id).where(followups.c.id == item_id)).scalar()


def _note(note: str | None) -> str | None:
    text = str(note or "").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise FollowupError("followups.err_note_long", n=MAX_NOTE_CHARS)
    return text or None


def _record(conn: Connection, item_id: int, who: str, action: str, at, **fields) -> None:
    conn.execute(
        followup_events.insert().values(
            followup_id=item_id, at=at, who=who, action=action, **fields
        )
    )


def open_item(
    warning: dict,
    *,
    who: str,
    unit: str,
    rules: dict,
    today: dt.date | None = None,
    note: str | None = None,
    deadline: dt.date | None = None,
    auto: bool = False,
) -> int:
    """Open an item for `warning` (a warnings.WARNING_COLUMNS row); return its id.

    Refused when an item for the same warning is still open (one open item per warning).
    """
    who = who if auto else _acting(who, warning.get("park_id"))
    who, note = _who(who), _note(note)
    unit = " ".join(str(unit or "").split())
    if not unit:
        raise FollowupError("followups.err_unit_missing")
    today = today or clock.today()
    colour = warning["level"]
    deadline = deadline or assess.deadline_for(colour, today, rules)
    if deadline < today:
        raise FollowupError("followups.err_deadline_past")
    at = clock.now()
    with store.transaction() as conn:
        existing = conn.execute(
            store.locked(
                select(followups.c.id).where(
                    followups.c.warning_key == warning["warning_key"],
                    followups.c.status != "closed",
                )
            )
        ).first()
        if existing:
            raise FollowupError("followups.err_already_open", id=existing.id)
        item_id = conn.execute(
            followups.insert().values(
                **{k: warning.get(k) for k in _WARNING_FIELDS},
                warning_level=colour,
                base_level=assess.start_level(colour, rules),
                value=_float(warning.get("value")),
                threshold=_float(warning.get("threshold")),
                responsible_unit=unit,
                opened_on=today,
                deadline=deadline,
                status="todo",
                auto=auto,
                created_by=who,
                created_at=at,
                updated_at=at,
                version=1,
            )
        ).inserted_primary_key[0]
        _record(conn, item_id, who, "opened", at, to_status="todo", note=note)
    hooks.followup_changed(
        item_id,
        "opened",
        who,
        subject=warning.get("warning_key"),
        park=warning.get("park_id"),
        period=warning.get("period"),
        to_status="todo",
        note=note,
        auto=auto or None,
    )
    return item_id


_WARNING_FIELDS = (
    "warning_key",
    "subject_kind",
    "subject_id",
    "subject_zh",
    "subject_en",
    "park_id",
    "rule_id",
    "rule_name_zh",
    "rule_name_en",
    "period",
    "reason_zh",
    "reason_en",
)


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _locked_item(conn: Connection, item_id: int, expected_version: int) -> dict:
    row = conn.execute(store.locked(select(followups).where(followups.c.id == item_id))).first()
    if row is None:
        raise FollowupError("followups.err_no_item", id=item_id)
    if row.version != expected_version:
        raise FollowupError("followups.err_changed_meanwhile", who=_last_actor(conn, item_id))
    return row._asdict()


def _last_actor(conn: Connection, item_id: int) -> str:
    return (
        conn.execute(
            select(followup_events.c.who)
            .where(followup_events.c.followup_id == item_id)
            .order_by(followup_events.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        or ""
    )


def change_status(
    item_id: int,
    to_status: str,
    *,
    who: str,
    expected_version: int,
    firing: bool,
    rules: dict,
    note: str | None = None,
) -> None:
    """Move an item to `to_status`; closing needs the warning gone (`firing` false) or a reason."""
    who, note = _who(_acting(who, _park_of(item_id))), _note(note)
    at = clock.now()
    with store.transaction() as conn:
        item = _locked_item(conn, item_id, expected_version)
        problem = assess.transition_problem(item["status"], to_status)
        if problem is None and to_status == "closed":
            problem = assess.close_problem(item, firing, note or "", rules)
        if problem:
            raise FollowupError(problem, n=rules["close"]["min_reason_chars"])
        values = {"status": to_status, "updated_at": at, "version": item["version"] + 1}
        if to_status == "closed":
            values["close_reason"] = note or ("预警已解除" if not firing else None)
        conn.execute(followups.update().where(followups.c.id == item_id).values(**values))
        action = "closed" if to_status == "closed" else "status"
        _record(
            conn,
            item_id,
            who,
            action,
            at,
            from_status=item["status"],
            to_status=to_status,
            note=note,
        )
    hooks.followup_changed(
        item_id,
        action,
        who,
        subject=item["warning_key"],
        park=item["park_id"],
        from_status=item["status"],
        to_status=to_status,
        note=note,
    )


def add_note(item_id: int, *, who: str, note: str, expected_version: int) -> None:
    """Add a note to an item (recorded like a change; the status stays)."""
    who, note = _who(_acting(who, _park_of(item_id))), _note(note)
    if not note:
        raise FollowupError("followups.err_note_missing")
    at = clock.now()
    with store.transaction() as conn:
        item = _locked_item(conn, item_id, expected_version)
        conn.execute(
            followups.update()
            .where(followups.c.id == item_id)
            .values(updated_at=at, version=item["version"] + 1)
        )
        _record(
            conn,
            item_id,
            who,
            "note",
            at,
            from_status=item["status"],
            to_status=item["status"],
            note=note,
        )
    hooks.followup_changed(
        item_id, "note", who, subject=item["warning_key"], park=item["park_id"], note=note
    )


def store_version() -> str:
    """Return a fingerprint of the follow-ups in the store: which store, its items and its last
    recorded change (every write records an event in the same transaction, so any change by
    anyone, on any replica, gives a new one)."""
    counted = select(func.count()).select_from(followups).scalar_subquery()
    last = select(func.max(followup_events.c.id)).scalar_subquery()
    with store.transaction() as conn:
        n, last_event = conn.execute(select(counted, last)).one()
    return f"{store.database_url()}|{n}|{last_event}"


def list_items(subject_kind: str | None = None, subject_id: str | None = None) -> pd.DataFrame:
    """Return one row per follow-up item (of one subject if given), newest first: every column."""
    query = select(followups).order_by(followups.c.id.desc())
    parks = session_scope().parks  # a planner's items only (issue 14); None = the whole city
    if parks is not None:
        query = query.where(followups.c.park_id.in_(parks))
    if subject_kind is not None:
        query = query.where(
            followups.c.subject_kind == subject_kind, followups.c.subject_id == subject_id
        )
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in followups.columns])


def item_events(item_id: int) -> pd.DataFrame:
    """Return one row per recorded change of one item, oldest first."""
    with store.transaction() as conn:
        rows = (
            conn.execute(
                select(followup_events)
                .where(followup_events.c.followup_id == item_id)
                .order_by(followup_events.c.id)
            )
            .mappings()
            .all()
        )
    return pd.DataFrame(rows, columns=[c.name for c in followup_events.columns])


def latest_notes(item_ids) -> dict[int, str]:
    """Return item id -> the newest note written on it (items without a note are left out)."""
    ids = [int(i) for i in item_ids]
    if not ids:
        return {}
    query = (
        select(followup_events.c.followup_id, followup_events.c.note)
        .where(followup_events.c.followup_id.in_(ids), followup_events.c.note.is_not(None))
        .order_by(followup_events.c.id)
    )
    with store.transaction() as conn:
        return {r.followup_id: r.note for r in conn.execute(query) if r.note}  # the last wins


def auto_open(
    warnings: pd.DataFrame, units: dict[str, str], rules: dict, today: dt.date | None = None
) -> list[int]:
    """Open an item for every warning the rules open automatically and nobody has yet; return ids.

    `units` maps warning_key -> responsible unit (warnings without one are skipped). A warning
    whose item was closed once its snapshot was out (from the 1st of the month after it) is not
    opened again: whoever closed it saw it fire and wrote why. It is if it still fires in a later
    snapshot, as a new round of 督办.
    """
    wanted = warnings[
        warnings["level"].isin(rules["open"]["auto_levels"])
        & warnings["subject_kind"].isin(rules["open"]["auto_subjects"])
    ]
    if wanted.empty:
        return []
    with store.transaction() as conn:
        rows = conn.execute(
            select(followups.c.warning_key, followups.c.status, followups.c.updated_at)
        ).all()
    open_keys = {r.warning_key for r in rows if r.status != "closed"}
    closed_on: dict[str, dt.date] = {}  # the last day an item of the warning was closed
    for r in rows:
        if r.status == "closed":
            closed_on[r.warning_key] = max(
                closed_on.get(r.warning_key, r.updated_at.date()), r.updated_at.date()
            )
    skip = [
        key in open_keys
        or closed_on.get(key, dt.date.min) >= dt.date.fromisoformat(f"{add_months(period, 1)}-01")
        for key, period in zip(wanted["warning_key"], wanted["period"], strict=True)
    ]
    opened = []
    for w in wanted[[not s for s in skip]].to_dict("records"):
        if not units.get(w["warning_key"]):
            continue
        try:
            opened.append(
                open_item(
                    w,
                    who=AUTO_ACTOR,
                    unit=units[w["warning_key"]],
                    rules=rules,
                    today=today,
                    auto=True,
                )
            )
        except FollowupError as err:  # another session opened it a moment ago
            if err.key != "followups.err_already_open":
                raise
    return opened
