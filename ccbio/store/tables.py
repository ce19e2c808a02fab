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

# ---- accounts, sessions and the audit trail (issue 14; migrations 0002, 0003) ---------------------

# One row per account: a local password, an SSO e-mail, or both; never deleted, only disabled.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(32), nullable=False),  # a role id of config/roles.toml
    Column("parks", Text, nullable=False, default=""),  # park ids, comma-separated (planners)
    Column("password_hash", Text),  # Argon2id; null = SSO only
    Column("sso_email", String(254), unique=True),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One row per signed-in session; the cookie carries the id and an HMAC of it, the row its expiry.
sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the random token in the cookie
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("via", String(16), nullable=False),  # password / demo / sso
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_sessions_account", "account_id"),
)

# Append-only: one row per write or refused attempt; triggers refuse UPDATE and DELETE.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", Text, nullable=False),  # account name (or the name typed at a failed sign-in)
    Column("role", String(32)),
    Column("action", String(32), nullable=False),  # see ccbio/auth/audit.py ACTIONS
    Column("period", String(7)),
    Column("files", Text),  # JSON list of {"name", "sha256"}
    Column("row_counts", Text),  # JSON object: table -> rows
    Column("result", String(16), nullable=False),  # ok / failed / refused
    Column("reason", Text),  # the confirmation reason a user gave, if any
    Column("detail", Text),  # JSON object with what else identifies the write
    Index("ix_audit_events_at", "at"),
    Index("ix_audit_events_action", "action"),
)
