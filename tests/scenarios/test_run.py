"""run_scenario end to end: the contract's tiny system, the results folder, infeasibility."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from scenario_helpers import make_scenario, tech, write_csv

import carbon.inventory
from carbon.errors import CarbonError, InfeasibleError
from carbon.scenarios import format_run_summary, run_scenario

RESULT_FILES = {
    "emissions.csv": ["year", "sector", "technology", "co2_t"],
    "activity.csv": ["year", "technology", "activity"],
    "capacity.csv": ["year", "technology", "capacity", "new_capacity"],
    "carbon_price.csv": ["year", "sector", "price_yuan_per_t", "peak_rule_yuan_per_t"],
    "emissions_end_use.csv": ["year", "sector", "co2_t"],
    "marginal_cost.csv": ["year", "output", "marginal_cost_yuan_per_unit"],
    "allowances.csv": ["year", "sector", "allocation_t", "emissions_t", "net_purchase_t",
                       "offsets_t", "banked_t", "price_yuan_per_t"],
    "indicators.csv": ["year", "gdp_10k_yuan", "population", "co2_t",
                       "co2_per_gdp_t_per_10k_yuan", "energy_tce",
                       "energy_per_gdp_tce_per_10k_yuan", "non_fossil_share"],
}
SUMMARY_KEYS = {"status", "total_cost_yuan", "peak_year", "peak_co2_t", "cumulative_co2_t",
                "solver", "timings"}


def header(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return next(csv.reader(fh))


def test_contract_tiny_system_writes_every_file(tiny_contract, tmp_path):
    out = tmp_path / "results"
    summary = run_scenario(tiny_contract, out)
    folder = out / "tiny"
    assert summary["results_dir"] == str(folder)
    for name, cols in RESULT_FILES.items():
        assert header(folder / name)[: len(cols)] == cols, name
    s = json.loads((folder / "summary.json").read_text())
    assert SUMMARY_KEYS <= set(s)
    assert set(s["timings"]) == {"build_s", "solve_s", "extract_s", "peak_reference_s"}
    assert s["status"] == "optimal"
    # boiler meets 10 and 11 units at 0.5 t: 5 and 5.5 t, peak in 2022
    assert s["peak_year"] == 2022 and s["peak_co2_t"] == pytest.approx(5.5)
    assert s["cumulative_co2_t"] == pytest.approx(10.5)
    resolved = (folder / "scenario.resolved.toml").read_text()
    assert "carbon_version" in resolved and "sha256" in resolved
    assert not [p for p in out.iterdir() if p.name.startswith(".")]     # no temporary left
    text = format_run_summary(summary)
    assert "tiny" in text and "2022" in text and len(text.splitlines()) <= 12


def test_resolved_scenario_loads_again(tiny_contract, tmp_path):
    run_scenario(tiny_contract, tmp_path / "out")
    again = run_scenario(tmp_path / "out" / "tiny" / "scenario.resolved.toml", tmp_path / "again")
    assert again["status"] == "optimal"


def test_a_new_run_replaces_the_old_folder(tiny_contract, tmp_path):
    out = tmp_path / "out"
    run_scenario(tiny_contract, out)
    (out / "tiny" / "stale.txt").write_text("old")
    run_scenario(tiny_contract, out)
    assert not (out / "tiny" / "stale.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["tiny"]
    # a folder of the same name that is not a results folder is never replaced
    with pytest.raises(CarbonError, match="not a results folder"):
        run_scenario(tiny_contract, tmp_path)
    assert (tmp_path / "tiny" / "s.toml").exists()


def test_infeasible_cap_is_diagnosed_and_leaves_nothing(tmp_path):
    # only a boiler at 0.5 t per unit of steam: 10 units in 2021 emit at least 5 t > cap 1 t
    techs = [tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5)]
    caps = (["year", "sector", "cap_t"], [[2021, "total", 1], [2022, "total", 1]])
    toml = make_scenario(tmp_path / "in", techs, [[2021, "steam", 10], [2022, "steam", 11]],
                         years=(2021, 2022), policy='caps = "caps.csv"',
                         files={"caps.csv": caps}, name="tiny")
    out = tmp_path / "out"
    with pytest.raises(InfeasibleError) as info:
        run_scenario(toml, out)
    msg = str(info.value)
    assert msg.splitlines()[0] == ("scenario 'tiny': the total cap of 1 t in 2021 cannot be met: "
                                   "the least emissions possible are 5 t (short by 4 t)")
    assert "2022 (short by 4.5 t)" in msg and len(msg.splitlines()) <= 3
    assert not out.exists()


def test_infeasible_peak_and_demand_are_named(tmp_path):
    techs = [tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5)]
    toml = make_scenario(tmp_path / "p", techs, [[2021, "steam", 10], [2022, "steam", 12]],
                         years=(2021, 2022), policy="[[policy.peak]]\nyear = 2021")
    with pytest.raises(InfeasibleError, match=r"the total peak rule \(no rise after 2021\) "
                                              r"cannot be met in 2022: emissions must rise by "
                                              r"at least 1 t over 2021"):
        run_scenario(toml, tmp_path / "o")
    techs = [tech("boiler", "industry", "steam", output_per_capacity=1, availability=1,
                  lifetime_yr=20, max_capacity=8)]
    toml = make_scenario(tmp_path / "d", techs, [[2021, "steam", 10]], years=(2021, 2021))
    with pytest.raises(InfeasibleError, match=r"the demand for 'steam' of 10 in 2021 cannot "
                                              r"be met: at most 8 can be produced \(short by 2\)"):
        run_scenario(toml, tmp_path / "o")


def test_inventory_sectors_follow_their_drivers(tmp_path, monkeypatch):
    # stub of carbon.inventory.inventory_from_files: industry 100 t (replaced by the model),
    # purchased electricity 40 t (scope 2 -> power), waste 30 t with a driver, land -10 t flat
    def fake(paths, *, factor_files=(), region=None, gwp="AR5"):
        rows = [(2020, "1.A.2", "coal", "CO2", 1, 100.0, "industry", 1000.0),
                (2020, "1.A.4.a", "electricity_grid", "CO2", 2, 40.0, "buildings", 293.076),
                (2020, "4.A", "msw_food", "CO2", 1, 30.0, "waste", 0.0),
                (2020, "4.A", "msw_food", "CH4", 1, 3.0, "waste", 0.0),
                (2020, "3.B", "forest", "CO2", 1, -10.0, "land", 0.0)]
        f = pd.DataFrame(rows, columns=["year", "category", "activity", "gas", "scope",
                                        "emissions_t", "sector", "energy_gj"])
        f["co2e_t"] = f["emissions_t"]
        f["factor_ids"] = ""
        return f

    monkeypatch.setattr(carbon.inventory, "inventory_from_files", fake, raising=False)
    write_csv(tmp_path / "activity.csv", ["year"], [[2020]])
    techs = [tech("boiler", "industry", "steam", var_cost_yuan_per_output=10, co2_t_per_output=1)]
    drivers = (["year", "gdp_10k_yuan", "population"], [[2020, 100, 1], [2021, 110, 1]])
    other = (["sector", "driver", "elasticity", "intensity_change_per_yr"],
             [["waste", "gdp_10k_yuan", 1.0, -0.1]])
    toml = make_scenario(tmp_path, techs, [[2020, "steam", 100], [2021, "steam", 100]],
                         years=(2020, 2021),
                         top='inventory = "activity.csv"\ndrivers = "drivers.csv"\n'
                             'other_sectors = "other.csv"',
                         files={"drivers.csv": drivers, "other.csv": other})
    summary = run_scenario(toml, tmp_path / "out")
    em = pd.read_csv(tmp_path / "out" / "s" / "emissions.csv")
    other_rows = em[em["technology"] == "other"].set_index(["sector", "year"])["co2_t"]
    # the pathway counts energy and IPPU CO2 only (issue 8): the CO2 of waste (4.A) and land
    # (3.B) stays out of the model's total; power (scope 2) stays flat
    assert other_rows[("waste", 2021)] == pytest.approx(0)
    assert other_rows[("power", 2021)] == pytest.approx(40)
    assert other_rows[("land", 2021)] == pytest.approx(0)
    check = summary["base_year_check"]
    assert check["model_co2_t"] == pytest.approx(140)          # 100 + 40
    assert check["inventory_co2_t"] == pytest.approx(140)
    assert check["by_sector"]["industry"]["model_co2_t"] == pytest.approx(100)
    ind = pd.read_csv(tmp_path / "out" / "s" / "indicators.csv")
    # energy of the sectors not optimised: power 293.076 GJ = 10 tce, flat
    assert ind["energy_tce"].tolist() == pytest.approx([10, 10])
    assert ind["co2_per_gdp_t_per_10k_yuan"].iloc[0] == pytest.approx(1.4)
    # ghg.csv carries them: waste CO2 30 and CH4 3 on the waste driver, 30 · 1.1 · 0.9 = 29.7 and
    # 3 · 0.99 = 2.97 in 2021; the land sink at its base-year level, −10
    ghg = pd.read_csv(tmp_path / "out" / "s" / "ghg.csv").set_index(["sector", "gas", "year"])
    assert ghg.loc[("waste", "CO2", 2021), "emissions_t"] == pytest.approx(29.7)
    assert ghg.loc[("waste", "CH4", 2021), "co2e_t"] == pytest.approx(2.97)
    assert ghg.loc[("land", "CO2", 2021), "emissions_t"] == pytest.approx(-10)
