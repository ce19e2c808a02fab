"""Follow-up items (督办事项) and every change to them.

Revision ID: 0001_followups
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_followups"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("warning_key", sa.String(200), nullable=False),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("subject_zh", sa.Text, nullable=False),
        sa.Column("subject_en", sa.Text, nullable=False),
        sa.Column("park_id", sa.String(32)),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("rule_name_zh", sa.Text, nullable=False),
        sa.Column("rule_name_en", sa.Text, nullable=False),
        sa.Column("warning_level", sa.String(8), nullable=False),
        sa.Column("base_level", sa.Integer, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("threshold", sa.Float),
        sa.Column("reason_zh", sa.Text, nullable=False),
        sa.Column("reason_en", sa.Text, nullable=False),
        sa.Column("responsible_unit", sa.Text, nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("close_reason", sa.Text),
        sa.Column("auto", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_followups_warning_key", "followups", ["warning_key"])
    op.create_index("ix_followups_status", "followups", ["status"])
    op.create_table(
        "followup_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("followup_id", sa.Integer, sa.ForeignKey("followups.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16)),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_followup_events_followup", "followup_events", ["followup_id"])


def downgrade() -> None:
    op.drop_index("ix_followup_events_followup", "followup_events")
    op.drop_table("followup_events")
    op.drop_index("ix_followups_status", "followups")
    op.drop_index("ix_followups_warning_key", "followups")
    op.drop_table("followups")
