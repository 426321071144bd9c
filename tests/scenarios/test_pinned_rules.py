"""Rules of the pathway model that no other test pinned, each on a system worked by hand.

Each case is chosen so that the plausible wrong rule gives another number: banking used although
``banking = false``; the capital recovery factor at a zero rate taken as 1/(L+1) instead of 1/L;
annuities charged beyond the horizon; the availability bound dropped; the trading balance sign
reversed; the last instead of the first year at the maximum reported as the peak.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scenario_helpers import act, by_year, make_scenario, solve_file, tech

from carbon.scenarios import run_scenario
from carbon.scenarios.model import crf

ALLOC = ["year", "sector", "allocation_t"]


def banking_system(tmp_path, banking: bool):
    """Power only: coal 30 yuan at 1 t vs pv 80 yuan at 0 t (50 yuan/t); demand 100 a year.

    Free allowances 150 t in 2020 and 60 t in 2021; the discount rate is 0.
    """
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80)]
    demand = [[2020, "electricity", 100], [2021, "electricity", 100]]
    policy = f'allocation = "alloc.csv"\nbanking = {"true" if banking else "false"}\n'
    return make_scenario(tmp_path, techs, demand, years=(2020, 2021), policy=policy,
                         files={"alloc.csv": (ALLOC, [[2020, "power", 150],
                                                      [2021, "power", 60]])})


def test_no_banking_when_banking_is_false(tmp_path):
    out = solve_file(banking_system(tmp_path / "no", banking=False))
    # 2020: 100 t under 150 t, the 50 t left over are lost; 2021: 60 t allowed, so 40 units of
    # pv: cost 30·100 + 30·60 + 80·40 = 3000 + 1800 + 3200 = 8000
    assert out["objective"] == pytest.approx(8000)
    assert act(out, "pv")[2021] == pytest.approx(40)
    assert out["allowances"]["banked_t"].abs().max() == pytest.approx(0, abs=1e-9)


def test_banking_carries_the_surplus_when_allowed(tmp_path):
    out = solve_file(banking_system(tmp_path / "yes", banking=True))
    # 2020's surplus (up to 50 t) covers 2021's 40 t shortfall: coal only, 30·200 = 6000
    assert out["objective"] == pytest.approx(6000)
    assert act(out, "pv")[2021] == pytest.approx(0, abs=1e-9)
    banked = by_year(out["allowances"], "banked_t")
    assert 40 - 1e-6 <= banked[2020] <= 50 + 1e-6


def capital_system(tmp_path, years, availability=1.0):
    """One technology, capex 1000 yuan per unit of capacity, 10-year life, no other cost;
    demand 1 a year, no existing stock, discount rate 0."""
    techs = [tech("plant", "industry", "steam", capex_yuan_per_capacity=1000, lifetime_yr=10,
                  output_per_capacity=1, availability=availability)]
    demand = [[y, "steam", 1] for y in range(years[0], years[1] + 1)]
    return make_scenario(tmp_path, techs, demand, years=years, rate=0.0)


def test_capital_recovery_factor_at_a_zero_rate_is_one_over_the_life():
    # r = 0: 1/L, so L annuities repay the capital exactly; 1/(L+1) would understate it by 9%
    assert crf(0.0, np.array([10.0]))[0] == pytest.approx(0.1)
    assert crf(0.0, np.array([4.0]))[0] == pytest.approx(0.25)
    # r = 5%, L = 10: 0.05·1.05^10/(1.05^10 − 1) = 0.0814460/0.6288946 = 0.1295046
    assert crf(0.05, np.array([10.0]))[0] == pytest.approx(0.1295046, rel=1e-6)


def test_capital_over_a_whole_life_at_a_zero_rate(tmp_path):
    out = solve_file(capital_system(tmp_path, (2020, 2029)))
    # one unit bought in 2020, 10 annuities of 1000 × 1/10 = 100 inside the horizon: 1000
    assert out["objective"] == pytest.approx(1000)
    cap = out["capacity"]
    assert cap.loc[cap["year"] == 2020, "new_capacity"].sum() == pytest.approx(1)
    assert cap["new_capacity"].sum() == pytest.approx(1)


def test_annuities_beyond_the_horizon_are_not_charged(tmp_path):
    out = solve_file(capital_system(tmp_path, (2020, 2024)))
    # the same plant, a 5-year horizon: 5 annuities of 100 are charged, not 10
    assert out["objective"] == pytest.approx(500)


def test_availability_bounds_activity_per_unit_of_capacity(tmp_path):
    out = solve_file(capital_system(tmp_path, (2020, 2024), availability=0.8))
    # 1 unit of steam a year at availability 0.8 needs 1/0.8 = 1.25 units of capacity:
    # 5 annuities × 1.25 × 100 = 625
    cap = out["capacity"]
    assert cap.loc[cap["year"] == 2020, "capacity"].sum() == pytest.approx(1.25)
    assert out["objective"] == pytest.approx(625)


def test_the_sector_that_abates_cheaply_sells(tmp_path):
    # power: coal 30 at 1 t vs pv 80 (50 yuan/t); industry: boiler 10 at 0.5 t vs heat pump 20
    # (10 yuan more for 0.5 t less: 20 yuan/t). Demands 100 each; BAU 100 t + 50 t; free
    # allowances power 80 t, industry 40 t, so 30 t must go, all in industry (60 units of heat
    # pump): industry emits 20 t and sells 20 t, power emits 100 t and buys 20 t; price 20.
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80),
             tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5),
             tech("heat_pump", "industry", "steam", var_cost_yuan_per_output=20)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100], [2020, "steam", 100]],
                         policy='allocation = "alloc.csv"',
                         files={"alloc.csv": (ALLOC, [[2020, "power", 80],
                                                      [2020, "industry", 40]])})
    out = solve_file(toml)
    al = out["allowances"].set_index("sector")
    assert al.loc["power", "net_purchase_t"] == pytest.approx(20)       # > 0: bought
    assert al.loc["industry", "net_purchase_t"] == pytest.approx(-20)   # < 0: sold
    assert al.loc["industry", "emissions_t"] == pytest.approx(20)
    assert act(out, "heat_pump")[2020] == pytest.approx(60)
    assert al["price_yuan_per_t"].tolist() == pytest.approx([20, 20])
    # cost 30·100 + 10·40 + 20·60 = 3000 + 400 + 1200 = 4600
    assert out["objective"] == pytest.approx(4600)


def test_the_peak_year_is_the_first_year_at_the_maximum(tmp_path):
    # coal at 1 t per unit meets 100, 105, 105, 100: the maximum 105 t is reached in 2021 and
    # 2022; the peak year is the first, 2021
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=1, co2_t_per_output=1)]
    demand = [[2020, "steam", 100], [2021, "steam", 105], [2022, "steam", 105],
              [2023, "steam", 100]]
    out = solve_file(make_scenario(tmp_path, techs, demand, years=(2020, 2023)))
    assert out["summary"]["peak_year"] == 2021
    assert out["summary"]["peak_co2_t"] == pytest.approx(105)
    assert out["summary"]["cumulative_co2_t"] == pytest.approx(410)


def test_tiny_contract_system_cost_and_capacities(tiny_contract, tmp_path):
    # tests/scenarios/fixtures/tiny: steam 10 (2021) and 11 (2022); an existing boiler stock of
    # 12 at availability 0.9 gives 10.8, so 2022 needs 11/0.9 − 12 = 0.2222 new units. The boiler
    # (capex 100, fixed O&M 1, 10 yuan/unit) beats the heat pump (300, 2, 25) on every count.
    # Rate 3%: CRF(3%, 20) = 0.03·1.03^20/(1.03^20 − 1) = 0.0541833/0.8061112 = 0.0672157.
    # 2021: fuel-free variable cost 10·10 + fixed O&M 12·1 = 112
    # 2022: 11·10 + 12.2222·1 + annuity 0.2222·100·0.0672157 = 110 + 12.2222 + 1.49368
    #       = 123.7159, discounted by 1.03: 120.1125
    summary = run_scenario(tiny_contract, tmp_path / "out")
    folder = tmp_path / "out" / "tiny"
    new_units = 11 / 0.9 - 12
    crf_20 = 0.03 * 1.03**20 / (1.03**20 - 1)
    expected = 112 + (110 + (12 + new_units) + new_units * 100 * crf_20) / 1.03
    assert summary["total_cost_yuan"] == pytest.approx(expected, rel=1e-7)
    cap = pd.read_csv(folder / "capacity.csv")
    boiler = cap[cap["technology"] == "boiler"].set_index("year")
    assert boiler.loc[2022, "capacity"] == pytest.approx(12 + new_units)
    assert boiler.loc[2022, "new_capacity"] == pytest.approx(new_units)
    assert cap.loc[cap["technology"] == "heat_pump", "capacity"].abs().max() == \
        pytest.approx(0, abs=1e-9)
    emissions = pd.read_csv(folder / "emissions.csv")
    # 0.5 t per unit of steam: 5 and 5.5 t
    assert emissions.groupby("year")["co2_t"].sum().to_dict() == pytest.approx(
        {2021: 5.0, 2022: 5.5})


def test_resolved_scenario_reproduces_the_run(tiny_contract, tmp_path):
    first = run_scenario(tiny_contract, tmp_path / "out")
    again = run_scenario(tmp_path / "out" / "tiny" / "scenario.resolved.toml",
                         tmp_path / "again")
    assert again["total_cost_yuan"] == pytest.approx(first["total_cost_yuan"], rel=1e-12)
    for name in ("emissions.csv", "activity.csv", "capacity.csv"):
        a = pd.read_csv(tmp_path / "out" / "tiny" / name)
        b = pd.read_csv(tmp_path / "again" / "tiny" / name)
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)
    s = json.loads((tmp_path / "again" / "tiny" / "summary.json").read_text())
    assert s["peak_year"] == first["peak_year"]


def test_a_plateau_with_solver_noise_peaks_in_its_first_year():
    # 105 t in 2021, then the same level with noise of 1e-9 t (an LP's plateau): 2021, not 2023
    import pandas as pd

    from carbon.scenarios.peaks import first_peak

    path = pd.Series({2020: 100.0, 2021: 105.0, 2022: 105.0 + 1e-9, 2023: 105.0 + 2e-9,
                      2024: 104.0})
    year, value = first_peak(path)
    assert year == 2021 and value == pytest.approx(105.0)
    # a real rise (1 t) is not noise: the peak moves to 2023
    assert first_peak(path.replace({105.0 + 2e-9: 106.0}))[0] == 2023
