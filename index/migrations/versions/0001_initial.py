"""The first schema: reports, facts, checks and text chunks.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.String(1024), nullable=False, unique=True),
        sa.Column("file", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("agency", sa.String(255), nullable=False, index=True),
        sa.Column("agency_short", sa.String(255), nullable=False),
        sa.Column("place", sa.String(255), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("format_reason", sa.Text, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="complete", index=True),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("table_id", sa.String(32), nullable=False),
        sa.Column("row_id", sa.String(64), nullable=False),
        sa.Column("row_label", sa.Text, nullable=False),
        sa.Column("column_id", sa.String(64), nullable=False),
        sa.Column("column_label", sa.Text, nullable=False),
        sa.Column("value_text", sa.String(64)),
        sa.Column("value_num", sa.Float),
        sa.Column("unit", sa.String(16)),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("line", sa.Integer),
        sa.Column("inferred", sa.Text),
    )
    op.create_table(
        "checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("rule", sa.Integer, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
    )
    op.create_table(
        "chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("section", sa.Integer, nullable=False),
        sa.Column("section_title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("line", sa.Integer),
    )


def downgrade() -> None:
    for name in ("chunks", "checks", "facts", "reports"):
        op.drop_table(name)
