"""Fixtures of the registry tests: a registry on SQLite (always) and on PostgreSQL (when
``CARBON_TEST_PG_URL`` names a server, as ``.ci/run`` sets it; otherwise those tests are reported
as skipped with that reason), filled report workbooks, and a snapshot of a database's content."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from carbon.registry import open_registry, write_template

PG_ENV = "CARBON_TEST_PG_URL"
ENTERPRISES = """enterprise_id,name,sector,product,output_unit,national_ets,generates_power
E1,Test cathode plant,industry,precursor,t,false,false
E2,Test waste-to-energy plant,power,MSW treated,t,false,true
"""


@pytest.fixture(scope="session")
def blank_enterprise_form(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "enterprise_en.xlsx"
    return write_template("enterprise", path, lang="en", year=2021)


def fill_report(blank: Path, out: Path, *, enterprise="E1", year=2021, output=1000.0,
                rows=(("1.A.2", "natural_gas", 10, "万m3"), ("1.A.2", "electricity_grid", 100,
                                                              "MWh")),
                extra: dict | None = None, production=(("product", "precursor", 1000, "t"),)
                ) -> Path:
    """Fill the blank enterprise form the way a firm would (openpyxl, like a spreadsheet)."""
    book = openpyxl.load_workbook(blank)
    fields = {"enterprise_id": enterprise, "enterprise_name": "Test firm", "year": year,
              "product": "precursor", "output": output, "output_unit": "t",
              "reporter": "Li Ming", "report_date": f"{year + 1}-03-01", **(extra or {})}
    sheet = book["report"]
    for row in range(2, sheet.max_row + 1):
        key = sheet.cell(row, 1).value
        if key in fields:
            sheet.cell(row, 2, fields[key])
    activity = book["activity"]
    for i, (category, name, amount, unit) in enumerate(rows, start=2):
        for j, value in enumerate((year, category, name, amount, unit), start=1):
            activity.cell(i, j, value)
    for i, line in enumerate(production, start=2):
        for j, value in enumerate(line, start=1):
            book["production"].cell(i, j, value)
    book.save(out)
    return out


def _pg_database(base_url: str):
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    name = f"carbon_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)
    return admin, name, url


@pytest.fixture
def fill(blank_enterprise_form, tmp_path):
    """``fill(name, **fields)``: a filled enterprise report in the test's folder."""
    def make(name: str = "report.xlsx", **kwargs) -> Path:
        return fill_report(blank_enterprise_form, tmp_path / name, **kwargs)
    return make


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The ``--db`` of an empty place for a registry: a SQLite file path, or a fresh PostgreSQL
    database on the server of ``CARBON_TEST_PG_URL``."""
    if request.param == "sqlite":
        yield str(tmp_path / "registry.sqlite")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server (.ci/run starts one)")
    admin, name, url = _pg_database(base)
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name})
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def registry(db_url, tmp_path):
    """A registry with enterprises E1 and E2."""
    engine = open_registry(db_url, create=True)
    enterprises = tmp_path / "enterprises.csv"
    enterprises.write_text(ENTERPRISES, encoding="utf-8")
    from carbon.registry import register_enterprises

    register_enterprises(engine, enterprises)
    yield engine
    engine.dispose()
