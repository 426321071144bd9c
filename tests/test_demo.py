"""`carbon demo` on the shipped Ningxiang data: the inventory files and the three scenario runs."""

import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from carbon import paths
from carbon.cli import main


def test_demo_writes_inventory_and_runs(tmp_path, capsys):
    reports, results = tmp_path / "reports", tmp_path / "results"
    assert main(["demo", "--reports", str(reports), "--results", str(results)]) == 0
    inventory = pd.read_csv(reports / "ningxiang" / "inventory_2020.csv")
    book = load_workbook(reports / "ningxiang" / "inventory_2020.xlsx", read_only=True)
    assert {"gpc", "key_categories", "uncertainty"} <= set(book.sheetnames)
    book.close()
    activity = pd.read_csv(paths.ningxiang_dir() / "activity_2020.csv")
    # scope 2 reconciles with the purchased electricity: Σ MWh × 0.5138 t/MWh (Hunan 2021)
    mwh = activity.loc[activity["activity"] == "electricity_grid", "amount"].sum()
    scope2_t = inventory.loc[inventory["scope"] == 2, "emissions_t"].sum()
    assert scope2_t == pytest.approx(mwh * 0.5138)
    # the pathway counts the CO2 of energy and industrial processes (categories 1 and 2), never
    # the forest sink (3.B) or agricultural CO2 (urea, 3.C.3)
    # (the inventory file also holds the landfill CH4 of the deposition history, 2000-2019)
    inventory = inventory[inventory["year"] == 2020]
    counted = inventory["category"].astype(str).str[0].isin(["1", "2"]) & \
        (inventory["gas"] == "CO2")
    inventory_co2 = inventory.loc[counted, "emissions_t"].sum()
    for name in ("baseline", "policy", "early_peak"):
        folder = results / name
        summary = json.loads((folder / "summary.json").read_text())
        assert summary["status"] == "optimal"
        emissions = pd.read_csv(folder / "emissions.csv")
        base = emissions.loc[emissions["year"] == 2020, "co2_t"].sum()
        expected = inventory_co2
        if name == "early_peak":
            # market-based scope 2: purchases at the residual factor, 0.5856/0.5366 = 1.0913 x
            # the average: Σ MWh × 0.5138 × 0.0913 more (about 244 kt)
            expected += mwh * 0.5138 * (0.5856 / 0.5366 - 1)
        assert base == pytest.approx(expected, rel=0.01), name   # base year = inventory CO2
        # ghg.csv reconciles: in the base year, the model's CO2 plus every other inventory row
        ghg = pd.read_csv(folder / "ghg.csv")
        ghg_base = ghg.loc[ghg["year"] == 2020, "co2e_t"].sum()
        assert ghg_base == pytest.approx(base + inventory.loc[~counted, "co2e_t"].sum()), name
        for name_ in ("emissions.csv", "activity.csv", "capacity.csv", "carbon_price.csv",
                      "marginal_cost.csv", "allowances.csv", "indicators.csv",
                      "ghg.csv", "scenario.resolved.toml"):
            assert (folder / name_).is_file(), (name, name_)
    # early peak: power and building materials do not rise after 2027, the total after 2028
    emissions = pd.read_csv(results / "early_peak" / "emissions.csv")
    by_sector = emissions.groupby(["sector", "year"])["co2_t"].sum()
    for sector, year in (("power", 2027), ("building_materials", 2027)):
        path = by_sector[sector].loc[year:]
        assert (path.diff().dropna() <= 1e-6 * path.max()).all(), sector
    total = emissions.groupby("year")["co2_t"].sum().loc[2028:]
    assert (total.diff().dropna() <= 1e-6 * total.max()).all()
    printed = capsys.readouterr().out
    assert "scenario early_peak: optimal" in printed and "scope 2 total" in printed
    for name in ("ningxiang_national", "ningxiang_local_whatif"):   # enterprise allocation
        assert (results / "allocation" / name / "ledger.csv").is_file(), name
    assert "allocation 'ningxiang_local_whatif'" in printed and "hypothetical" in printed

    # the runs side by side, and a short MACC of the policy scenario
    comparison = pd.read_csv(results / "compare" / "comparison.csv", encoding="utf-8-sig")
    assert list(comparison.columns) == ["metric", "unit", "baseline", "policy", "early_peak"]
    cost = comparison.set_index("metric").loc["total cost difference from the first run"]
    assert float(cost["baseline"]) == 0.0
    macc = pd.read_csv(results / "sweeps" / "policy" / "macc" / "macc.csv", encoding="utf-8-sig")
    assert len(macc) == 6 and (macc["abatement_t"].diff().dropna() > 0).all()
    assert (macc["marginal_cost_yuan_per_t"].diff().dropna() >= -1e-6).all()
