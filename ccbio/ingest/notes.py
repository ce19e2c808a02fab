"""What was kept with a written snapshot (period=…/ingest.json): the confirmation and its reason."""

from __future__ import annotations

import json
from pathlib import Path

from ccbio import config
from ccbio.i18n import t
from ccbio.ingest.plan import NOTE_FILE, strict_period


def read_note(period: str, data_dir: Path | None = None) -> dict | None:
    """Return the snapshot's ingest note, or None (demo snapshots, unreadable notes)."""
    if not strict_period(period):
        return None
    path = Path(data_dir or config.data_dir()) / "snapshots" / f"period={period}" / NOTE_FILE
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def confirmation_text(period: str, lang: str, data_dir: Path | None = None) -> str | None:
    """Return 'written after N warnings were confirmed: reason' for the period, or None."""
    note = read_note(period, data_dir)
    if not note or not note.get("confirmed") or not note.get("reason"):
        return None
    return t(
        "ingest.note_confirmed",
        lang,
        period=period,
        n=len(note["confirmed"]),
        reason=str(note["reason"])[:500],
    )
