"""The operational store's tables as SQLAlchemy Core metadata (the migrations create them)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row per follow-up item (督办事项): a warning handed to a responsible unit with a deadline.
followups = Table(
    "followups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # subject_kind:subject_id:rule_id — one open item per warning.
    Column("warning_key", String(200), nullable=False),
    Column(
        "subject_kind", String(16), nullable=False
    ),  # project / park / target / stage / indicator
    Column("subject_id", String(64), nullable=False),
    Column("subject_zh", Text, nullable=False),
    Column("subject_en", Text, nullable=False),
    Column("park_id", String(32)),
    Column("rule_id", String(64), nullable=False),
    Column("rule_name_zh", Text, nullable=False),
    Column("rule_name_en", Text, nullable=False),
    Column("warning_level", String(8), nullable=False),  # amber / red when it was opened
    Column("base_level", Integer, nullable=False),  # 督办 level when opened (1 一般 … 3 挂牌)
    Column("period", String(7), nullable=False),  # the snapshot the warning fired in
    Column("value", Float),
    Column("threshold", Float),
    Column("reason_zh", Text, nullable=False),
    Column("reason_en", Text, nullable=False),
    Column("responsible_unit", Text, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(16), nullable=False),  # todo / in_progress / closed
    Column("close_reason", Text),
    Column("auto", Boolean, nullable=False, default=False),  # opened by a rule, not a person
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),  # +1 on every change
    Index("ix_followups_warning_key", "warning_key"),
    Index("ix_followups_status", "status"),
)

# One row per change to a follow-up item: who, when, from which status to which, and the note.
followup_events = Table(
    "followup_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("followup_id", Integer, ForeignKey("followups.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", Text, nullable=False),
    Column(
        "action", String(16), nullable=False
    ),  # opened / status / note / closed / unit / deadline
    Column("from_status", String(16)),
    Column("to_status", String(16)),
    Column("note", Text),
    Index("ix_followup_events_followup", "followup_id"),
)
