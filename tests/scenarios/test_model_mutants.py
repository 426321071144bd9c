"""Pathway-model rules pinned on tiny systems worked by hand (written for mutants that survived
``make mutate``; TESTING.md): a peak rule whose reference solve is infeasible, and plan targets
read from the scenario's ``targets`` file into the summary."""

from __future__ import annotations

import math

import pytest
from scenario_helpers import make_scenario, solve_file, tech, write_csv

from carbon.errors import InfeasibleError


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
