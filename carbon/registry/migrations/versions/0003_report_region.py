"""Reports record the region of the factors their emissions were computed with (the inventory's
``--region``); reports imported before this revision used the default, ``hunan``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("region", sa.String(32), nullable=False,
                                   server_default="hunan"))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("region")
