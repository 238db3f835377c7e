"""The parser and rules version each report's records were made by: older ones are parsed again.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("records_version", sa.String(255), nullable=True))  # NULL: before versions


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("records_version")
