"""The registry's tables (SQLAlchemy 2 ORM). The schema is created and changed only by the Alembic
migrations in ``carbon/registry/migrations/versions``; this module describes the same tables for
queries.

* ``enterprises`` — the registered key emitters (who must report).
* ``reports`` — one row per imported report file (``file_sha256`` identifies the file); a
  correction adds a new row and points the old one at it (``superseded_by``): history stays.
* ``report_activity`` — the activity rows of a report, as the enterprise gave them.
* ``report_production`` — process inputs and products of a report.
* ``report_emissions`` — emissions computed by the inventory engine, per category, activity, gas
  and scope, with the factor ids used.
* ``allowances`` — free allocation and surrendered units per enterprise and year.
* ``flags`` — verification findings; a person clears one with a note (the clearing is kept).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Enterprise(Base):
    __tablename__ = "enterprises"
    enterprise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(32))
    product: Mapped[str] = mapped_column(String(100), default="")
    output_unit: Mapped[str] = mapped_column(String(32), default="")
    national_ets: Mapped[bool] = mapped_column(Boolean, default=False)
    generates_power: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")
    quality: Mapped[str] = mapped_column(String(16), default="")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("file_sha256", name="uq_reports_file_sha256"),)
    report_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("reports.report_id"),
                                                      nullable=True)
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    reporter: Mapped[str] = mapped_column(String(100))
    report_date: Mapped[str] = mapped_column(String(10))
    product: Mapped[str] = mapped_column(String(100), default="")
    output: Mapped[float] = mapped_column(Float)
    output_unit: Mapped[str] = mapped_column(String(32))
    generation_mwh: Mapped[float | None] = mapped_column(Float, nullable=True)
    grid_supply_mwh: Mapped[float | None] = mapped_column(Float, nullable=True)
    declared_energy_tce: Mapped[float | None] = mapped_column(Float, nullable=True)
    energy_gj: Mapped[float] = mapped_column(Float)
    electricity_purchased_mwh: Mapped[float] = mapped_column(Float)
    co2_t: Mapped[float] = mapped_column(Float)
    co2e_t: Mapped[float] = mapped_column(Float)
    scope1_co2e_t: Mapped[float | None] = mapped_column(Float, nullable=True)   # since 0002
    scope2_co2e_t: Mapped[float | None] = mapped_column(Float, nullable=True)   # since 0002
    gwp: Mapped[str] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(32))                              # since 0003


class ReportActivity(Base):
    __tablename__ = "report_activity"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.report_id"), primary_key=True)
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    activity: Mapped[str] = mapped_column(String(64))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class ReportProduction(Base):
    __tablename__ = "report_production"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.report_id"), primary_key=True)
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(100))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))


class ReportEmission(Base):
    __tablename__ = "report_emissions"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.report_id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    activity: Mapped[str] = mapped_column(String(64), primary_key=True)
    gas: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[int] = mapped_column(Integer)
    emissions_t: Mapped[float] = mapped_column(Float)
    co2e_t: Mapped[float] = mapped_column(Float)
    factor_ids: Mapped[str] = mapped_column(Text)


class Allowance(Base):
    __tablename__ = "allowances"
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"),
                                               primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    free_allocation_t: Mapped[float | None] = mapped_column(Float, nullable=True)
    surrendered_t: Mapped[float | None] = mapped_column(Float, nullable=True)


class Flag(Base):
    __tablename__ = "flags"
    flag_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"),
                                               index=True)
    year: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.report_id"), nullable=True)
    rule: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    clear_note: Mapped[str | None] = mapped_column(Text, nullable=True)
