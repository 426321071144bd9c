"""The first registry schema: enterprises, reports with their activity, production and computed
emissions, allowances, flags.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("enterprise_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("product", sa.String(100), nullable=False),
        sa.Column("output_unit", sa.String(32), nullable=False),
        sa.Column("national_ets", sa.Boolean, nullable=False),
        sa.Column("generates_power", sa.Boolean, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("quality", sa.String(16), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("report_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("enterprise_id", sa.String(64), sa.ForeignKey("enterprises.enterprise_id"),
                  nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("reports.report_id"),
                  nullable=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("reporter", sa.String(100), nullable=False),
        sa.Column("report_date", sa.String(10), nullable=False),
        sa.Column("product", sa.String(100), nullable=False),
        sa.Column("output", sa.Float, nullable=False),
        sa.Column("output_unit", sa.String(32), nullable=False),
        sa.Column("generation_mwh", sa.Float, nullable=True),
        sa.Column("grid_supply_mwh", sa.Float, nullable=True),
        sa.Column("declared_energy_tce", sa.Float, nullable=True),
        sa.Column("energy_gj", sa.Float, nullable=False),
        sa.Column("electricity_purchased_mwh", sa.Float, nullable=False),
        sa.Column("co2_t", sa.Float, nullable=False),
        sa.Column("co2e_t", sa.Float, nullable=False),
        sa.Column("gwp", sa.String(8), nullable=False),
        sa.UniqueConstraint("file_sha256", name="uq_reports_file_sha256"),
    )
    op.create_table(
        "report_activity",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("activity", sa.String(64), nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "report_production",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item", sa.String(100), nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
    )
    op.create_table(
        "report_emissions",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("category", sa.String(32), primary_key=True),
        sa.Column("activity", sa.String(64), primary_key=True),
        sa.Column("gas", sa.String(16), primary_key=True),
        sa.Column("scope", sa.Integer, nullable=False),
        sa.Column("emissions_t", sa.Float, nullable=False),
        sa.Column("co2e_t", sa.Float, nullable=False),
        sa.Column("factor_ids", sa.Text, nullable=False),
    )
    op.create_table(
        "allowances",
        sa.Column("enterprise_id", sa.String(64), sa.ForeignKey("enterprises.enterprise_id"),
                  primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("free_allocation_t", sa.Float, nullable=True),
        sa.Column("surrendered_t", sa.Float, nullable=True),
    )
    op.create_table(
        "flags",
        sa.Column("flag_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("enterprise_id", sa.String(64), sa.ForeignKey("enterprises.enterprise_id"),
                  nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.report_id"), nullable=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("threshold", sa.Float, nullable=True),
        sa.Column("raised_at", sa.DateTime, nullable=False),
        sa.Column("cleared_at", sa.DateTime, nullable=True),
        sa.Column("cleared_by", sa.String(100), nullable=True),
        sa.Column("clear_note", sa.Text, nullable=True),
    )


def downgrade() -> None:
    for table in ("flags", "allowances", "report_emissions", "report_production",
                  "report_activity", "reports", "enterprises"):
        op.drop_table(table)
