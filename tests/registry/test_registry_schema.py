"""The schema is versioned by the shipped Alembic migrations: an older registry is refused until
`carbon registry init` upgrades it, and the upgrade keeps and completes its data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from carbon.cli import main
from carbon.errors import DataError
from carbon.registry import migrate, open_registry
from carbon.registry.db import database_url, head_revision


def test_upgrade_from_the_first_schema_fills_scope_totals_and_region(db_url, capsys):
    engine = sa.create_engine(database_url(db_url))
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO enterprises VALUES ('E1', 'n', 'industry', 'p', 't', false, false, "
            "'', '')"))
        connection.execute(sa.text(
            "INSERT INTO reports (report_id, enterprise_id, year, version, file_name, "
            "file_sha256, imported_at, reporter, report_date, product, output, output_unit, "
            "energy_gj, electricity_purchased_mwh, co2_t, co2e_t, gwp) VALUES (1, 'E1', 2021, 1, "
            "'f.xlsx', 'abc', '2022-01-01 00:00:00', 'x', '2022-01-01', 'p', 1, 't', 1, 100, "
            "60, 61.5, 'AR5')"))
        connection.execute(sa.text(
            "INSERT INTO report_emissions VALUES (1, '1.A.2', 'natural_gas', 'CO2', 1, 10, 10, "
            "''), (1, '1.A.2', 'natural_gas', 'CH4', 1, 0.05, 1.4, ''), "
            "(1, '1.A.2', 'electricity_grid', 'CO2', 2, 50, 50, '')"))
    engine.dispose()
    with pytest.raises(DataError, match="is at schema 0001, this carbon needs 0003: run "
                       "`carbon registry init` to upgrade it"):
        open_registry(db_url)
    assert main(["registry", "init", "--db", db_url]) == 0
    assert f"schema {head_revision()}" in capsys.readouterr().out
    engine = open_registry(db_url)
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT scope1_co2e_t, scope2_co2e_t, co2_t, region FROM reports")).one()
    engine.dispose()
    assert row[:3] == pytest.approx((10 + 1.4, 50, 60))     # scope 1: CO2 10 + CH4 1.4 t CO2e
    assert row[3] == "hunan"                                 # the default before 0003


def test_cli_flow_on_the_example(db_url, tmp_path, capsys):
    from carbon.registry.example import example_dir

    source = example_dir()
    assert main(["registry", "init", "--db", db_url, "--enterprises",
                 str(source / "enterprises.csv")]) == 0
    reports = sorted(str(p) for p in (source / "reports").glob("*.xlsx"))
    assert main(["registry", "import", "--db", db_url, *reports]) == 0
    assert "imported 18 report(s)" in capsys.readouterr().out
    assert main(["registry", "verify", "--db", db_url, "--checks",
                 str(source / "checks.toml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 new flag(s)") and out.count("NX-E05") == 2
    assert main(["registry", "clear", "--db", db_url, "1", "--by", "周工",
                 "--note", "unit slip confirmed with the firm; corrected report requested"]) == 0
    assert main(["registry", "flags", "--db", db_url]) == 0
    assert "energy_output" not in capsys.readouterr().out.split("flag 1 cleared")[-1]
    assert main(["registry", "status", "--db", db_url, "--year", "2023", "--out",
                 str(tmp_path / "status.csv")]) == 0
    assert (tmp_path / "status.csv").is_file()
    assert main(["registry", "export", "--db", db_url, "--out", str(tmp_path / "x")]) == 0
    assert "left out (open flags): NX-E05 2023" in capsys.readouterr().out
    assert main(["registry", "clear", "--db", db_url, "99", "--by", "a", "--note", "b"]) == 1


def test_init_with_refused_enterprises_leaves_nothing(tmp_path, capsys):
    bad = tmp_path / "enterprises.csv"
    bad.write_text("enterprise_id,name,sector,product,output_unit\nE1,n,steelworks,p,t\n")
    db = tmp_path / "new.sqlite"
    assert main(["registry", "init", "--db", str(db), "--enterprises", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'sector': found 'steelworks', expected one of power" in err
    assert not db.exists()


def test_init_on_an_existing_registry_adds_enterprises(registry, db_url, tmp_path):
    more = tmp_path / "more.csv"
    more.write_text("enterprise_id,name,sector,product,output_unit\nE3,n,industry,p,t\n"
                    "E1,renamed,industry,precursor,t\n")
    assert main(["registry", "init", "--db", db_url, "--enterprises", str(more)]) == 0
    with registry.connect() as connection:
        rows = connection.execute(sa.text("SELECT enterprise_id, name FROM enterprises")).all()
    names = {e: n for e, n in rows}
    assert names == {"E1": "renamed", "E2": "Test waste-to-energy plant", "E3": "n"}
