"""Results of a solved pathway model, pinned by hand (written for mutants that survived
``make mutate``; TESTING.md): the allowance ledger's ``unused_t``, the energy accounting of
``_energy`` (fuels, non-fossil electricity, exogenous energy and coal), the units of the
activity frame, and the market-based scope 2 check."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scenario_helpers import make_scenario, solve_file, tech

from carbon.errors import ScenarioError
from carbon.scenarios import load_inputs, load_scenario
from carbon.scenarios.results import (
    _change_pct,
    _energy,
    _per,
    _per_year,
    base_year_check,
    targets_check,
)

ALLOC = ["year", "sector", "allocation_t"]


def test_unused_allowances_are_the_ledger_balance(tmp_path):
    # Power only, coal 1 t per unit, demand 100 a year, no banking; free allowances 150 t in
    # 2020 and 60 t in 2021. unused = a + q + o − (bank − bank_prev) − e:
    # 2020: 150 + 0 + 0 − 0 − 100 = 50 (lost without banking); 2021: 60 − 60 = 0.
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100], [2021, "electricity", 100]],
                         years=(2020, 2021), policy='allocation = "alloc.csv"\nbanking = false\n',
                         files={"alloc.csv": (ALLOC, [[2020, "power", 150], [2021, "power", 60]])})
    al = solve_file(toml)["allowances"].set_index("year")
    assert al.loc[2020, "unused_t"] == pytest.approx(50)
    assert al.loc[2021, "unused_t"] == pytest.approx(0, abs=1e-6)
    assert al.loc[2021, "emissions_t"] == pytest.approx(60)


def test_traded_allowances_leave_nothing_unused(tmp_path):
    # Power 80 t free, emits 100 t and buys 20; industry 40 t free, emits 20 and sells 20
    # (test_pinned_rules works the optimum): unused = 80 + 20 − 100 = 0 and 40 − 20 − 20 = 0.
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80),
             tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5),
             tech("heat_pump", "industry", "steam", var_cost_yuan_per_output=20)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100], [2020, "steam", 100]],
                         policy='allocation = "alloc.csv"',
                         files={"alloc.csv": (ALLOC, [[2020, "power", 80],
                                                      [2020, "industry", 40]])})
    al = solve_file(toml)["allowances"].set_index("sector")
    assert al["unused_t"].tolist() == pytest.approx([0, 0], abs=1e-6)
    assert al.loc["power", "allocation_t"] == 80
    assert al.loc["industry", "allocation_t"] == 40


def test_activity_carries_the_yearly_unit_of_its_output(tmp_path):
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30,
                  output_unit="MWh"),
             tech("boiler", "industry", "steam", var_cost_yuan_per_output=10)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 5], [2020, "steam", 7]])
    out = solve_file(toml)
    units = dict(zip(out["activity"]["technology"], out["activity"]["unit"], strict=True))
    assert units == {"coal": "MWh/yr", "boiler": ""}   # no unit given for steam: left blank
    mc = dict(zip(out["marginal_cost"]["output"], out["marginal_cost"]["unit"], strict=True))
    assert mc == {"electricity": "yuan/MWh", "steam": "yuan/unit"}
    assert _per_year("t") == "t/yr" and _per_year("") == ""
    assert _per("t") == "yuan/t" and _per("") == "yuan/unit"


def _energy_inputs(exo_coal):
    """Two years; a coal boiler (2 t coal per unit of steam), a grid-fed heat pump
    (0.5 MWh per unit) and a non-fossil PV plant making electricity (0.1229 tce/MWh credit)."""
    years = [2020, 2021]
    techs = pd.DataFrame({"input": ["raw_coal", "electricity_grid", ""],
                          "output": ["steam", "steam", "electricity"],
                          "non_fossil": [False, False, True],
                          "tce_per_output": [0.0, 0.0, 0.1229]},
                         index=["boiler", "heat_pump", "pv"])
    params = {"input_per_output": pd.DataFrame({2020: [2.0, 0.5, 0.0], 2021: [2.0, 0.5, 0.0]},
                                               index=techs.index)}
    fuels = SimpleNamespace(
        price=pd.DataFrame({2020: [500.0, 600.0], 2021: [500.0, 600.0]},
                           index=["raw_coal", "electricity_grid"]),
        tce_per_unit=pd.Series({"raw_coal": 0.7143, "electricity_grid": 0.1229}),
        non_fossil_share=pd.DataFrame({2020: [0.25], 2021: [0.5]}, index=["electricity_grid"]),
        unit=pd.Series({"raw_coal": "t", "electricity_grid": "MWh"}))
    return SimpleNamespace(years=years, techs=techs, params=params, fuels=fuels,
                           exogenous_energy_tce=pd.Series({2020: 1000.0, 2021: 1100.0}),
                           exogenous_coal_tce=exo_coal)


def test_energy_of_fuels_non_fossil_power_and_exogenous_sectors():
    # activity: boiler 10 and 20, heat pump 100 and 200, pv 50 and 80 (units per year)
    act = np.array([[10.0, 20.0], [100.0, 200.0], [50.0, 80.0]])
    fuel_use, energy, non_fossil = _energy(_energy_inputs(pd.Series({2020: 300.0,
                                                                     2021: 330.0})), act)
    use = fuel_use.set_index(["fuel", "year"])["use"]
    # coal 2·10 = 20 t, 2·20 = 40 t; grid 0.5·100 = 50 MWh, 0.5·200 = 100 MWh
    assert use[("raw_coal", 2020)] == pytest.approx(20)
    assert use[("electricity_grid", 2021)] == pytest.approx(100)
    assert set(fuel_use["unit"]) == {"t/yr", "MWh/yr"}
    # energy 2020: 20·0.7143 + 50·0.1229 + 50·0.1229 (pv credit) + 1000 (exogenous)
    #   = 14.286 + 6.145 + 6.145 + 1000 = 1026.576
    # energy 2021: 40·0.7143 + 100·0.1229 + 80·0.1229 + 1100 = 28.572 + 12.29 + 9.832 + 1100
    #   = 1150.694
    assert energy == pytest.approx([1026.576, 1150.694])
    # non-fossil: grid 6.145·0.25 + pv 6.145 = 7.68125; 2021: 12.29·0.5 + 9.832 = 15.977
    assert non_fossil == pytest.approx([7.68125, 15.977])
    # non-fossil electricity: the same two terms (both are electricity)
    assert fuel_use.attrs["non_fossil_electricity_tce"] == pytest.approx([7.68125, 15.977])
    # coal: 14.286 + 300 exogenous; 28.572 + 330
    assert fuel_use.attrs["coal_tce"] == pytest.approx([314.286, 358.572])


def test_energy_without_exogenous_coal_counts_the_model_coal_only():
    act = np.array([[10.0, 20.0], [0.0, 0.0], [0.0, 0.0]])
    fuel_use, energy, _ = _energy(_energy_inputs(None), act)
    assert fuel_use.attrs["coal_tce"] == pytest.approx([14.286, 28.572])
    # a non-fossil heat source is not electricity: its credit counts as non-fossil energy but
    # not as non-fossil electricity
    inp = _energy_inputs(None)
    inp.techs.loc["pv", "output"] = "heat"
    fuel_use, _, non_fossil = _energy(inp, np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 10.0]]))
    assert non_fossil == pytest.approx([1.229, 1.229])
    assert fuel_use.attrs["non_fossil_electricity_tce"] == pytest.approx([0.0, 0.0])


def test_market_scope2_needs_a_residual_factor(tmp_path):
    techs = [tech("grid_heat", "industry", "steam", input="electricity_grid",
                  input_per_output=1)]
    fuel_head = ["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit",
                 "residual_co2_t_per_unit"]
    blank = make_scenario(tmp_path / "blank", techs, [[2020, "steam", 1]],
                          policy='scope2_method = "market"',
                          files={"fuels.csv": (fuel_head,
                                               [["electricity_grid", 2020, 600, 0.5, ""]])})
    with pytest.raises(ScenarioError, match=r"s\.toml: key 'policy\.scope2_method' = 'market' "
                                            r"needs a residual_co2_t_per_unit column"):
        load_inputs(load_scenario(blank))
    given = make_scenario(tmp_path / "given", techs, [[2020, "steam", 1]],
                          policy='scope2_method = "market"',
                          files={"fuels.csv": (fuel_head,
                                               [["electricity_grid", 2020, 600, 0.5, 0.6]])})
    assert load_inputs(load_scenario(given)).fuels.residual is not None


def test_change_against_the_base_year():
    # 100·(x/x0 − 1): base 1 → [0, 100, −50]; base 0 or NaN → NaN, without a RuntimeWarning
    assert _change_pct(np.array([1.0, 2.0, 0.5])) == pytest.approx([0.0, 100.0, -50.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(_change_pct(np.array([0.0, 2.0]))).all()
        assert np.isnan(_change_pct(np.array([np.nan, 2.0]))).all()


def test_summary_names_the_horizon(tmp_path):
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 10], [2022, "electricity", 10]],
                         years=(2020, 2022))
    summary = solve_file(toml)["summary"]
    assert (summary["base_year"], summary["end_year"]) == (2020, 2022)
    # 10 t a year (demand interpolated flat): cumulative 30 t, the first year is the peak
    assert summary["cumulative_co2_t"] == pytest.approx(30)
    assert (summary["peak_year"], summary["peak_co2_t"]) == (2020, pytest.approx(10))


def _targets(rows):
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "direction"])


def test_targets_are_met_at_their_bound_and_unknown_ones_say_none():
    indicators = pd.DataFrame({"year": [2025, 2030], "co2_per_gdp_change_pct": [-10.0, -18.0],
                               "non_fossil_share": [0.2, np.nan]})
    targets = _targets([["co2_per_gdp_change_pct", 2030, -18.0, "at_most"],   # −18 ≤ −18: met
                        ["co2_per_gdp_change_pct", 2025, -12.0, "at_most"],   # −10 > −12: not
                        ["non_fossil_share", 2025, 0.2, "at_least"],          # 0.2 ≥ 0.2: met
                        ["non_fossil_share", 2025, 0.25, "at_least"],         # 0.2 < 0.25: not
                        ["non_fossil_share", 2030, 0.25, "at_least"],         # NaN: unknown
                        ["peak_year", 2030, 2030, "at_most"],                 # 2028 ≤ 2030
                        ["coal_share", 2030, 0.5, "at_most"],                 # not computed
                        ["co2_per_gdp_change_pct", 2035, -20.0, "at_most"]])  # outside horizon
    got = targets_check(targets, indicators, {"peak_year": 2028})
    assert [g["met"] for g in got] == [True, False, True, False, None, True, None, None]
    assert [g["model"] for g in got[:4]] == [-18.0, -10.0, 0.2, 0.2]
    assert got[5] == {"indicator": "peak_year", "year": 2030, "target": 2030.0,
                      "direction": "at_most", "model": 2028.0, "met": True}
    assert got[6]["model"] is None and got[7]["model"] is None
    assert targets_check(None, indicators, {}) == []
    assert targets_check(_targets([]), indicators, {}) == []


def test_base_year_check_by_sector_counts_a_missing_sector_as_zero():
    emissions = pd.DataFrame({"year": [2020, 2020, 2020, 2021],
                              "sector": ["power", "power", "industry", "power"],
                              "technology": ["coal", "gas", "boiler", "coal"],
                              "co2_t": [60.0, 20.0, 30.0, 999.0]})
    inp = SimpleNamespace(years=[2020, 2021],
                          inventory_co2=pd.Series({"power": 100.0, "transport": 10.0}))
    check = base_year_check(emissions, inp)
    # model 2020: power 60 + 20 = 80, industry 30 → 110; inventory 100 + 10 = 110 → share 0
    assert check["year"] == 2020
    assert (check["model_co2_t"], check["inventory_co2_t"]) == (110.0, 110.0)
    assert check["difference_share"] == 0.0
    assert check["by_sector"] == {
        "industry": {"model_co2_t": 30.0, "inventory_co2_t": 0.0},
        "power": {"model_co2_t": 80.0, "inventory_co2_t": 100.0},
        "transport": {"model_co2_t": 0.0, "inventory_co2_t": 10.0}}
    inp.inventory_co2 = pd.Series({"power": 88.0})
    # (110 − 88) / 88 = 0.25
    assert base_year_check(emissions, inp)["difference_share"] == pytest.approx(0.25)
    inp.inventory_co2 = pd.Series({"power": 0.0})
    assert base_year_check(emissions, inp)["difference_share"] is None
    inp.inventory_co2 = None
    assert base_year_check(emissions, inp) is None
