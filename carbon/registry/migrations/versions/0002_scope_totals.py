"""Reports keep their CO2e by scope (scope 1: direct; scope 2: purchased electricity and heat),
the figures allocation and compliance use; existing reports are filled from their emissions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("scope1_co2e_t", sa.Float, nullable=True))
        batch.add_column(sa.Column("scope2_co2e_t", sa.Float, nullable=True))
    for scope in (1, 2):
        op.execute(
            f"UPDATE reports SET scope{scope}_co2e_t = (SELECT COALESCE(SUM(e.co2e_t), 0) "
            f"FROM report_emissions e WHERE e.report_id = reports.report_id AND e.scope = {scope})")


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("scope2_co2e_t")
        batch.drop_column("scope1_co2e_t")
