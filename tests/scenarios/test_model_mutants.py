"""Pathway-model rules pinned on tiny systems worked by hand (written for mutants that survived
``make mutate``; TESTING.md): a peak rule whose reference solve is infeasible, and plan targets
read from the scenario's ``targets`` file into the summary."""

from __future__ import annotations

import math

import pytest
from scenario_helpers import make_scenario, solve_file, tech, write_csv

from carbon.errors import InfeasibleError, ScenarioError


def test_a_peak_rule_without_a_reference_level_leaves_the_infeasibility_to_be_named(tmp_path):
    # Coal only (1 t per unit), demand 100 a year, cap 50 t in 2021: infeasible with or without
    # the peak rule, so the reference solve gives no level for the rule (no max_t either); the
    # model is still built and the cap is named, not a bare "min() of an empty sequence".
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    demand = [[2020, "steam", 100], [2021, "steam", 100]]
    toml = make_scenario(tmp_path, techs, demand, years=(2020, 2021),
                         policy='caps = "caps.csv"\n[[policy.peak]]\nyear = 2020\n',
                         files={"caps.csv": (["year", "sector", "cap_t"],
                                             [[2021, "industry", 50]])})
    with pytest.raises(InfeasibleError, match=r"cap"):
        solve_file(toml)


def test_targets_of_the_scenario_file_are_checked_in_the_summary(tmp_path):
    # Coal 1 t per unit; demand 100, 110, 120: CO2 100, 110, 120 t, so the peak is 2022
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    demand = [[2020 + i, "steam", 100 + 10 * i] for i in range(3)]
    write_csv(tmp_path / "targets.csv", ["indicator", "year", "value", "basis", "direction",
                                         "source"],
              [["peak_year", 2022, 2025, "", "at_most", "plan"],
               ["co2_t", 2021, 105, "", "at_most", "plan"],
               ["co2_per_capita_t", 2022, 5, "", "at_most", "plan"]])
    toml = make_scenario(tmp_path, techs, demand, years=(2020, 2022),
                         top='targets = "targets.csv"')
    out = solve_file(toml)
    targets = out["summary"]["targets"]
    # peak 2022 ≤ 2025: met; CO2 2021 = 110 > 105: not met
    assert [(t["indicator"], t["model"], t["met"]) for t in targets[:2]] == [
        ("peak_year", 2022.0, True), ("co2_t", 110.0, False)]
    # no drivers, so no population: CO2 per capita is not a number, and the target is unknown
    assert math.isnan(targets[2]["model"]) and targets[2]["met"] is None
    assert out["indicators"]["co2_per_capita_t"].dtype == float
    assert out["indicators"]["co2_per_capita_t"].isna().all()


def test_a_budget_counts_only_its_own_years(tmp_path):
    # coal 30 yuan at 1 t vs pv 80 yuan at 0 t, demand 100 a year 2020-2022, rate 0; a budget of
    # 150 t over 2021-2022 only: 2020 burns coal (100 t, 3000 yuan); 2021-22 need 200 units with
    # ≤ 150 t: 150 coal + 50 pv = 4500 + 4000. Total 11,500 yuan; emissions 100 + 150 = 250 t.
    # (Counting 2020 in the budget would force 150 units of pv: 16,500 yuan.)
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80)]
    demand = [[y, "electricity", 100] for y in (2020, 2021, 2022)]
    toml = make_scenario(tmp_path, techs, demand, years=(2020, 2022),
                         policy="budget_t = 150\nbudget_years = [2021, 2022]\n")
    out = solve_file(toml)
    assert out["objective"] == pytest.approx(11500)
    assert out["summary"]["cumulative_co2_t"] == pytest.approx(250)


def test_an_intensity_rule_needs_gdp_drivers(tmp_path):
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         policy='intensity = "intensity.csv"',
                         files={"intensity.csv": (["year", "t_per_10k_yuan"], [[2020, 0.5]])})
    with pytest.raises(ScenarioError, match=r"^s\.toml: key 'policy\.intensity' needs drivers with "
                                            r"a 'gdp_10k_yuan' column$"):
        solve_file(toml)
