"""ghg.csv on a small scenario worked by hand; the pathway total counts energy and IPPU CO2 only;
intensity targets as a change against the base year."""

import pandas as pd
import pytest
from scenario_helpers import solve_file

from carbon.errors import DataError
from carbon.scenarios.ghg import pathway_co2_rows
from carbon.scenarios.run import run_scenario

TECHS = ("technology,sector,output,input,input_per_output,co2_t_per_output,"
         "var_cost_yuan_per_output,capex_yuan_per_capacity,fixed_om_yuan_per_capacity,lifetime_yr,"
         "output_per_capacity,availability,max_capacity,max_new_capacity_per_yr\n"
         "bus_diesel,transport,pkm,diesel,0.01,0,1,,,,,,,\n"   # 1 + 0.01 × 50 = 1.5 yuan/pkm
         "bus_electric,transport,pkm,,0,0,2,,,,,,,\n")


def write_system(d, *, gwp="AR6", intensity=None):
    (d / "technologies.csv").write_text(TECHS, encoding="utf-8")
    (d / "demand.csv").write_text("year,output,demand\n2025,pkm,10000\n2026,pkm,15000\n",
                                  encoding="utf-8")
    (d / "fuels.csv").write_text("fuel,year,price_yuan_per_unit,co2_t_per_unit\n"
                                 "diesel,2025,50,3.0\ndiesel,2026,50,3.0\n", encoding="utf-8")
    (d / "activity.csv").write_text("year,category,activity,amount,unit\n"
                                    "2025,1.A.3.b,diesel,100,t\n"
                                    "2025,1.A.4.b,natural_gas,10,万m3\n", encoding="utf-8")
    (d / "drivers.csv").write_text("year,population,gdp_10k_yuan\n2025,100,1000\n2026,110,1000\n",
                                   encoding="utf-8")
    (d / "other_sectors.csv").write_text("sector,driver,elasticity,intensity_change_per_yr\n"
                                         "buildings,population,1,0\n", encoding="utf-8")
    policy = ""
    if intensity is not None:
        (d / "intensity.csv").write_text(intensity, encoding="utf-8")
        policy = '[policy]\nintensity = "intensity.csv"\n'
    (d / "s.toml").write_text(
        f'name = "small"\nbase_year = 2025\nend_year = 2026\ndiscount_rate = 0.05\n'
        f'gwp = "{gwp}"\ntechnologies = "technologies.csv"\ndemand = "demand.csv"\n'
        f'fuels = "fuels.csv"\ninventory = "activity.csv"\ndrivers = "drivers.csv"\n'
        f'other_sectors = "other_sectors.csv"\n{policy}', encoding="utf-8")
    return d / "s.toml"


def test_ghg_csv_small_scenario_by_hand(tmp_path):
    summary = run_scenario(write_system(tmp_path), tmp_path / "out")
    ghg = pd.read_csv(f"{summary['results_dir']}/ghg.csv").set_index(["year", "sector", "gas"])
    # the model's CO2: diesel buses 10,000 and 15,000 pkm × 0.01 t/pkm × 3.0 t CO2/t = 300, 450 t
    assert ghg.loc[(2025, "transport", "CO2"), "emissions_t"] == pytest.approx(300.0)
    assert ghg.loc[(2026, "transport", "CO2"), "co2e_t"] == pytest.approx(450.0)
    # road diesel CH4 and N2O (IPCC 2006 Vol. 2 Table 3.2.2, 3.9 kg/TJ each) on the CN calorific
    # value 42.652 GJ/t: 100 t × 42.652 GJ/t = 4.2652 TJ × 3.9 kg/TJ = 16.63428 kg = 0.01663428 t;
    # scaled with the sector's diesel use, 150/100 in 2026: 0.02495142 t.
    assert ghg.loc[(2025, "transport", "CH4"), "emissions_t"] == pytest.approx(0.01663428)
    assert ghg.loc[(2026, "transport", "CH4"), "emissions_t"] == pytest.approx(0.02495142)
    # AR6 (the scenario's gwp): fossil CH4 29.8, N2O 273
    assert ghg.loc[(2025, "transport", "CH4"), "co2e_t"] == pytest.approx(0.01663428 * 29.8)
    assert ghg.loc[(2026, "transport", "N2O"), "co2e_t"] == pytest.approx(0.02495142 * 273)
    # buildings (not modelled): 10 万m3 × 389.31 GJ/万m3 = 3.8931 TJ; CH4 5 kg/TJ (Table 2.5):
    # 0.0194655 t, growing with population (elasticity 1): × 110/100 = 0.02141205 t in 2026.
    # CO2 3.8931 × 15.3 tC/TJ × 0.99 × 44/12 = 216.21888 t, × 1.1 = 237.84077 t.
    assert ghg.loc[(2025, "buildings", "CH4"), "emissions_t"] == pytest.approx(0.0194655)
    assert ghg.loc[(2026, "buildings", "CH4"), "emissions_t"] == pytest.approx(0.02141205)
    assert ghg.loc[(2026, "buildings", "CO2"), "emissions_t"] == pytest.approx(237.84077, rel=1e-6)
    assert set(ghg.reset_index()["gas"]) == {"CO2", "CH4", "N2O"}


def test_ghg_defaults_to_ar5(tmp_path):
    out = solve_file(write_system(tmp_path, gwp="AR5"))
    ghg = out["ghg"].set_index(["year", "sector", "gas"])
    # AR5 CH4 28
    assert ghg.loc[(2025, "transport", "CH4"), "co2e_t"] == pytest.approx(0.01663428 * 28)


def test_pathway_total_counts_energy_and_ippu_co2_only():
    inventory = pd.DataFrame({
        "category": ["1.A.3.b", "2.A.1", "3.B.1", "3.C.3", "1.A.3.b", "4.A"],
        "gas": ["CO2", "CO2", "CO2", "CO2", "CH4", "CH4"]})
    assert list(pathway_co2_rows(inventory)) == [True, True, False, False, False, False]


def test_intensity_as_change_against_the_base_year(tmp_path):
    # base-year pathway CO2 of the inventory: diesel 4.2652 TJ × 20.2 tC/TJ × 0.98 × 44/12
    # = 309.59096 t plus natural gas 216.21888 t = 525.80984 t on a GDP of 1000 (10^4 yuan):
    # 0.52581 t per 10^4 yuan. −50 % in 2026 with GDP 1000: at most 262.90492 t in total.
    # Buildings emit 237.84077 t, so diesel buses may emit 25.06415 t (electric buses do the rest).
    toml = write_system(tmp_path, intensity="year,change_vs_base\n2026,-0.5\n")
    out = solve_file(toml)
    emissions = out["emissions"]
    total_2026 = emissions.loc[emissions["year"] == 2026, "co2_t"].sum()
    assert total_2026 == pytest.approx(262.90492, rel=1e-6)
    prices = out["carbon_price"]
    price = prices[prices["sector"] == "total"].set_index("year")["price_yuan_per_t"]
    assert price[2026] > 0


def test_intensity_with_both_columns_is_an_error(tmp_path):
    toml = write_system(tmp_path, intensity="year,t_per_10k_yuan,change_vs_base\n2026,0.3,-0.5\n")
    with pytest.raises(DataError, match="intensity.csv, row 1, column 'change_vs_base': give "
                                        "t_per_10k_yuan or change_vs_base, not both"):
        solve_file(toml)


def test_land_sink_flat_or_on_its_own_path(tmp_path, monkeypatch):
    # a stub inventory with a forest sink of −50 t CO2 (3.B.1) beside the diesel buses
    import carbon.inventory

    real = carbon.inventory.inventory_from_files

    def with_sink(paths, *, factor_files=(), region=None, gwp="AR5"):
        inventory = real(paths, factor_files=factor_files, region=region, gwp=gwp)
        sink = pd.DataFrame([{"year": 2025, "category": "3.B.1", "activity": "forest",
                              "gas": "CO2", "scope": 1, "emissions_t": -50.0, "co2e_t": -50.0,
                              "factor_ids": "", "sector": "land"}])
        return pd.concat([inventory, sink], ignore_index=True)

    monkeypatch.setattr(carbon.inventory, "inventory_from_files", with_sink)
    out = solve_file(write_system(tmp_path))
    ghg = out["ghg"].set_index(["year", "sector", "gas"])
    assert ghg.loc[(2026, "land", "CO2"), "emissions_t"] == pytest.approx(-50.0)   # flat
    # the sink never enters the pathway total: 2025 model CO2 = buses 300 + buildings 216.21888
    emissions = out["emissions"]
    assert emissions.loc[emissions["year"] == 2025, "co2_t"].sum() == pytest.approx(516.21888,
                                                                                   rel=1e-6)
    # a land row in other_sectors (−10 %/yr, no driver) gives it a path: −50 × 0.9 = −45 in 2026
    toml = write_system(tmp_path)
    (tmp_path / "other_sectors.csv").write_text(
        "sector,driver,elasticity,intensity_change_per_yr\nbuildings,population,1,0\n"
        "land,,1,-0.1\n", encoding="utf-8")
    ghg = solve_file(toml)["ghg"].set_index(["year", "sector", "gas"])
    assert ghg.loc[(2026, "land", "CO2"), "emissions_t"] == pytest.approx(-45.0)
