"""The audit trail: one append-only row per write or refused attempt, in the operational store.

    audit.record("ingest", actor, period="2026-01", files=[("projects.xlsx", b"...")],
                 row_counts={"projects": 541}, result="ok")

There is no update or delete here, and the database refuses both (migration 0003's triggers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select

from ccbio import store
from ccbio.store.tables import audit_events

# What can be recorded; the audit page and `ccbio audit --action` offer these.
ACTIONS = (
    "ingest",
    "replace",
    "restore",
    "followup",
    "account_create",
    "account_update",
    "account_disable",
    "account_enable",
    "password_reset",
    "sign_in",
    "sign_out",
)
RESULTS = ("ok", "failed", "refused")
COLUMNS = [
    "id",
    "at",
    "who",
    "role",
    "action",
    "period",
    "files",
    "row_counts",
    "result",
    "reason",
    "detail",
]


@dataclass(frozen=True)
class Actor:
    """Who did it: an account name (or a typed name, or 'os-user (command line)') and its role."""

    name: str
    role: str | None = None


def file_digests(files: Iterable[tuple[str, bytes]]) -> list[dict]:
    """Return [{"name", "sha256"}] for (file name, content) pairs."""
    return [
        {"name": name, "sha256": hashlib.sha256(content).hexdigest()} for name, content in files
    ]


def record(
    action: str,
    actor: Actor,
    *,
    result: str = "ok",
    period: str | None = None,
    files: Iterable[tuple[str, bytes]] | list[dict] = (),
    row_counts: dict | None = None,
    reason: str | None = None,
    detail: dict | None = None,
    url: str | None = None,
) -> None:
    """Append one event; `files` are (name, bytes) pairs or ready {"name", "sha256"} dicts."""
    if action not in ACTIONS or result not in RESULTS:
        raise ValueError(f"unknown audit action/result {action!r}/{result!r}")
    files = list(files)
    digests = files if files and isinstance(files[0], dict) else file_digests(files)
    row = {
        "at": dt.datetime.now(dt.UTC),
        "who": actor.name,
        "role": actor.role,
        "action": action,
        "period": period,
        "files": json.dumps(digests, ensure_ascii=False) if digests else None,
        "row_counts": json.dumps(row_counts, ensure_ascii=False) if row_counts else None,
        "result": result,
        "reason": reason or None,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
    }
    with store.transaction(url) as conn:
        conn.execute(insert(audit_events).values(**row))


def events(
    *,
    actions: Iterable[str] = (),
    who: str = "",
    results: Iterable[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 10_000,
    url: str | None = None,
) -> pd.DataFrame:
    """Return the events matching every given filter, newest first (at most `limit`)."""
    q = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
    if actions := list(actions):
        q = q.where(audit_events.c.action.in_(actions))
    if results := list(results):
        q = q.where(audit_events.c.result.in_(results))
    if who:
        q = q.where(audit_events.c.who == who)
    if since:
        q = q.where(audit_events.c.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until:
        q = q.where(
            audit_events.c.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
        )
    with store.engine(url).connect() as conn:
        rows = conn.execute(q).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=COLUMNS)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the events as UTF-8 CSV with a byte-order mark (Excel opens it with Chinese intact),
    a typed name or reason that starts like a formula written as text (as every download)."""
    from ccbio.export import to_csv_bytes

    return to_csv_bytes(frame)
