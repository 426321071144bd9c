"""Importing enterprise reports: emissions by the inventory engine, one transaction, idempotent
re-import, corrections that keep history, and bad input that leaves the database as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from registry_helpers import snapshot

from carbon.cli import main
from carbon.errors import DataError
from carbon.registry import import_reports, open_registry
from carbon.registry.models import Report, ReportActivity, ReportEmission, ReportProduction

# Hand-worked emissions of the default filled report (year 2021, category 1.A.2), factors of
# data/emission_factors (Hunan region):
#   natural gas 10 万m3 × 389.31 GJ/万m3 = 3893.1 GJ; CO2 = 3.8931 TJ × 15.3 tC/TJ × 0.99 × 44/12
#   grid electricity 100 MWh × 0.5138 t/MWh (Hunan 2021) = 51.38 t CO2; 100 MWh = 360 GJ
GAS_GJ = 10 * 389.31
GAS_CO2_T = GAS_GJ / 1000 * 15.3 * 0.99 * 44 / 12
ELEC_CO2_T = 100 * 0.5138


def _reports(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(sa.select(Report).order_by(Report.report_id)).all()


def test_good_report_is_imported_with_engine_emissions(registry, fill):
    result = import_reports(registry, [fill()])
    assert len(result.imported) == 1
    (report,) = _reports(registry)
    assert report.enterprise_id == "E1" and report.year == 2021 and report.version == 1
    assert report.co2_t == pytest.approx(GAS_CO2_T + ELEC_CO2_T)
    assert report.energy_gj == pytest.approx(GAS_GJ + 360)
    assert report.electricity_purchased_mwh == pytest.approx(100)
    assert report.reporter == "Li Ming" and report.report_date == "2022-03-01"
    with registry.connect() as connection:
        rows = connection.execute(sa.select(ReportEmission)).all()
        activity = connection.execute(sa.select(ReportActivity)).all()
        production = connection.execute(sa.select(ReportProduction)).all()
    co2 = {r.activity: r for r in rows if r.gas == "CO2"}
    assert co2["electricity_grid"].scope == 2 and co2["natural_gas"].scope == 1
    assert "grid_hunan_2021" in co2["electricity_grid"].factor_ids
    assert {r.gas for r in rows if r.activity == "natural_gas"} == {"CO2", "CH4", "N2O"}
    assert [(a.row, a.activity, a.amount, a.unit) for a in activity] == [
        (2, "natural_gas", 10, "万m3"), (3, "electricity_grid", 100, "MWh")]
    assert [(p.kind, p.item, p.amount) for p in production] == [("product", "precursor", 1000)]


def test_reimport_of_the_same_file_changes_nothing(registry, fill):
    path = fill()
    import_reports(registry, [path])
    before = snapshot(registry)
    result = import_reports(registry, [path])
    assert result.imported == [] and result.unchanged == [str(path)]
    assert snapshot(registry) == before


def test_correction_supersedes_and_keeps_history(registry, fill):
    first = fill("first.xlsx")
    import_reports(registry, [first])
    corrected = fill("corrected.xlsx", rows=(("1.A.2", "electricity_grid", 200, "MWh"),))
    with pytest.raises(DataError, match="already reported 2021.*--correct"):
        import_reports(registry, [corrected])
    result = import_reports(registry, [corrected], correct=True)
    old, new = _reports(registry)
    assert result.superseded == [old.report_id]
    assert old.superseded_by == new.report_id and new.superseded_by is None
    assert (old.version, new.version) == (1, 2)
    assert old.co2_t == pytest.approx(GAS_CO2_T + ELEC_CO2_T)      # history is kept as it was
    assert new.co2_t == pytest.approx(200 * 0.5138)
    with registry.connect() as connection:
        kept = connection.execute(sa.select(ReportActivity.report_id)).scalars().all()
    assert sorted(set(kept)) == [old.report_id, new.report_id]


def _bad(registry, path, match, **kwargs):
    before = snapshot(registry)
    with pytest.raises(DataError, match=match) as info:
        import_reports(registry, [path], **kwargs)
    assert "\n" not in str(info.value)
    assert snapshot(registry) == before
    return str(info.value)


def test_unregistered_enterprise(registry, fill):
    message = _bad(registry, fill(enterprise="E9"), "enterprise 'E9' is not registered")
    assert "[sheet report]" in message and "column 'enterprise_id'" in message


def test_year_already_reported_without_correct(registry, fill):
    import_reports(registry, [fill("a.xlsx")])
    _bad(registry, fill("b.xlsx", output=999), "E1 has already reported 2021")


def test_renamed_sheet(registry, fill):
    import openpyxl

    path = fill()
    book = openpyxl.load_workbook(path)
    book["activity"].title = "活动"
    book.save(path)
    _bad(registry, path, "no sheet named 'activity'")


def test_renamed_header(registry, fill):
    import openpyxl

    path = fill()
    book = openpyxl.load_workbook(path)
    book["activity"]["D1"] = "数量"
    book.save(path)
    _bad(registry, path, "missing column 'amount'")


def test_unit_the_form_does_not_offer(registry, fill):
    message = _bad(registry, fill(rows=(("1.A.2", "diesel", 5, "L"),)),
                   "found unit 'L', expected one the form offers")
    assert "row 2" in message and "column 'unit'" in message


def test_unit_that_does_not_fit_the_activity(registry, fill):
    # 'MWh' is offered but diesel needs a mass: the inventory engine's own error
    _bad(registry, fill(rows=(("1.A.2", "diesel", 5, "万m3"),)), "does not fit activity 'diesel'")


def test_one_bad_file_of_several_imports_nothing(registry, fill):
    good, bad = fill("good.xlsx"), fill("bad.xlsx", enterprise="E2", rows=(
        ("1.A.2", "diesel", 5, "L"),))
    before = snapshot(registry)
    with pytest.raises(DataError):
        import_reports(registry, [good, bad])
    assert snapshot(registry) == before


def test_cli_bad_import_is_one_line_and_exit_1(registry, fill, db_url, capsys):
    before = snapshot(registry)
    assert main(["registry", "import", "--db", db_url, str(fill(enterprise="E9"))]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not registered" in err
    assert snapshot(registry) == before


def test_not_a_registry(tmp_path):
    path = tmp_path / "other.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE customers (id INTEGER)"))
    engine.dispose()
    before = path.read_bytes()
    for create in (False, True):
        with pytest.raises(DataError, match="is not a carbon registry"):
            open_registry(path, create=create)
    assert path.read_bytes() == before
    text = tmp_path / "notes.sqlite"
    text.write_text("just some notes\n" * 100)
    with pytest.raises(DataError, match="is not a usable database"):
        open_registry(text)
    assert text.read_text() == "just some notes\n" * 100


def test_registry_from_a_newer_schema(registry, fill, db_url, capsys):
    with registry.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    before = snapshot(registry)
    assert main(["registry", "import", "--db", db_url, str(fill())]) == 1
    assert "newer schema (revision 9999" in capsys.readouterr().err
    assert main(["registry", "init", "--db", db_url]) == 1
    assert snapshot(registry) == before


def test_missing_sqlite_file_is_not_created(tmp_path):
    path = tmp_path / "nowhere.sqlite"
    assert main(["registry", "status", "--db", str(path)]) == 1
    assert not path.exists()


def test_region_and_gwp_of_the_import_are_used_and_kept(registry, fill, db_url):
    assert main(["registry", "import", "--db", db_url, "--region", "central_china", "--gwp",
                 "AR4", str(fill())]) == 0
    (report,) = _reports(registry)
    assert (report.region, report.gwp) == ("central_china", "AR4")
    # grid electricity 100 MWh × 0.5354 t/MWh (Central China 2021) instead of Hunan's 0.5138
    assert report.co2_t == pytest.approx(GAS_CO2_T + 100 * 0.5354)


def test_unknown_region_changes_nothing(registry, fill, db_url, capsys):
    before = snapshot(registry)
    assert main(["registry", "import", "--db", db_url, "--region", "hunnan", str(fill())]) == 1
    assert "unknown region 'hunnan'" in capsys.readouterr().err
    assert snapshot(registry) == before
