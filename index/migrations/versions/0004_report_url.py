"""The address a report was fetched from (a report given by URL cites it); NULL for a file.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("url", sa.Text, nullable=True))  # NULL: indexed from a file


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("url")
