"""Where a record's cell stands (the source view): its index in its line, and in a PDF its box on the page; NULL for
records parsed before (they are parsed again from their originals: index/report.PARSER_VERSION 6).

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("cell", sa.Integer, nullable=True))
        batch.add_column(sa.Column("box", sa.JSON, nullable=True))  # [x0, top, x1, bottom], points from the top left


def downgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("box")
        batch.drop_column("cell")
