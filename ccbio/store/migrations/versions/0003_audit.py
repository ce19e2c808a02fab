"""The audit trail (issue 14): append-only, enforced by the database as well as by the code.

Revision ID: 0003_audit
Revises: 0002_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_audit"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    f"""create trigger audit_events_no_{verb} before {verb} on audit_events
        begin select raise(abort, 'the audit trail is append-only'); end"""
    for verb in ("update", "delete")
]
POSTGRES_FUNCTION = """create function audit_events_append_only() returns trigger as $$
    begin raise exception 'the audit trail is append-only'; end $$ language plpgsql"""
POSTGRES_TRIGGER = """create trigger audit_events_append_only before update or delete on audit_events
    for each statement execute function audit_events_append_only()"""


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("role", sa.String(32)),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7)),
        sa.Column("files", sa.Text),
        sa.Column("row_counts", sa.Text),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_action", "audit_events", ["action"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger audit_events_append_only on audit_events")
        op.execute("drop function audit_events_append_only()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"drop trigger audit_events_no_{verb}")
    op.drop_index("ix_audit_events_action", "audit_events")
    op.drop_index("ix_audit_events_at", "audit_events")
    op.drop_table("audit_events")
