"""Status and export: the enterprises file of the Allocation contract (DESIGN.md) with verified
emissions, and the reports' activity rows for reconciliation."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.cli import main
from carbon.registry import export, import_reports, load_allowances, load_checks, run_checks
from carbon.registry import status as registry_status
from carbon.sectors import SECTORS
from carbon.tables import read_csv_text

ELEC_CO2_T = 100 * 0.5138                        # 100 MWh × 0.5138 t/MWh (Hunan 2021)
GAS_TJ = 10 * 389.31 / 1000                      # 10 万m3 of natural gas × 389.31 GJ/万m3
GAS_CO2_T = GAS_TJ * 15.3 * 0.99 * 44 / 12       # (see the import tests)
# scope-1 CO2e (AR5): + CH4 1 kg/TJ × 28 + N2O 0.1 kg/TJ × 265 (IPCC 2006 Vol. 2 Table 2.3)
GAS_CO2E_T = GAS_CO2_T + GAS_TJ * (1 * 28 + 0.1 * 265) / 1000


def test_export_writes_the_allocation_contract(registry, fill, tmp_path, db_url):
    gen = {"generation_mwh": 1000, "grid_supply_mwh": 800}
    import_reports(registry, [
        fill("e1.xlsx"),
        fill("e2.xlsx", enterprise="E2", output=5000, extra=gen,
             rows=(("1.A.1.a", "electricity_grid", 50, "MWh"),))])
    allowances = tmp_path / "allowances.csv"
    allowances.write_text("enterprise_id,year,free_allocation_t,surrendered_t\n"
                          "E1,2021,250,\nE2,2021,20,26\n")
    load_allowances(registry, allowances)
    assert run_checks(registry, load_checks()).empty
    out = tmp_path / "export"
    assert main(["registry", "export", "--db", db_url, "--out", str(out)]) == 0
    table = read_csv_text(out / "enterprises.csv")
    assert list(table.columns[:5]) == ["enterprise_id", "name", "sector", "year",
                                       "bau_emissions_t"]
    assert set(table["sector"]) <= set(SECTORS)
    rows = table.set_index("enterprise_id")
    # bau_emissions_t: direct (scope-1) CO2e; purchased electricity is scope2_co2e_t
    assert float(rows.loc["E1", "bau_emissions_t"]) == pytest.approx(GAS_CO2E_T)
    assert float(rows.loc["E1", "scope2_co2e_t"]) == pytest.approx(ELEC_CO2_T)
    assert float(rows.loc["E2", "bau_emissions_t"]) == 0
    assert float(rows.loc["E2", "scope2_co2e_t"]) == pytest.approx(50 * 0.5138)
    assert rows.loc["E1", "year"] == "2021" and rows.loc["E2", "sector"] == "power"
    assert float(rows.loc["E2", "free_allocation_t"]) == 20
    activity = read_csv_text(out / "enterprise_activity.csv")
    assert list(activity.columns[:6]) == ["year", "category", "activity", "amount", "unit",
                                          "enterprise_id"]
    assert sorted(zip(activity["enterprise_id"], activity["activity"], strict=True)) == [
        ("E1", "electricity_grid"), ("E1", "natural_gas"), ("E2", "electricity_grid")]
    # allowance position against the covered (scope-1) emissions: E1 holds 250 t free
    status = registry_status(registry, year=2021).set_index("enterprise_id")
    assert status.loc["E1", "allocation_minus_emissions_t"] == pytest.approx(250 - GAS_CO2E_T)
    assert status.loc["E2", "surrendered_minus_emissions_t"] == pytest.approx(26 - 0)
    assert bool(status.loc["E1", "verified"]) and bool(status.loc["E2", "reported"])


def test_flagged_reports_are_left_out_unless_asked(registry, fill, tmp_path):
    import_reports(registry, [fill(extra={"total_energy_tce": 1})])   # totals do not reconcile
    run_checks(registry, load_checks())
    result = export(registry, tmp_path / "a")
    assert result["exported"] == 0 and result["left_out"] == [("E1", 2021)]
    assert read_csv_text(tmp_path / "a" / "enterprises.csv").empty
    result = export(registry, tmp_path / "b", include_flagged=True)
    assert result["exported"] == 1


def test_text_that_looks_like_a_formula_is_neutralised(registry, fill, tmp_path):
    enterprises = tmp_path / "e.csv"
    enterprises.write_text("enterprise_id,name,sector,product,output_unit\n"
                           "E1,=HYPERLINK(\"http://x\"),industry,precursor,t\n")
    from carbon.registry import register_enterprises

    register_enterprises(registry, enterprises)
    import_reports(registry, [fill()])
    export(registry, tmp_path / "out", include_flagged=True)
    table = pd.read_csv(tmp_path / "out" / "enterprises.csv", dtype=str)
    assert table["name"].iloc[0] == "'=HYPERLINK(\"http://x\")"
