"""Scenario validation: each mistake is one clear error naming the file and key/row/column."""

from __future__ import annotations

import pytest
from scenario_helpers import make_scenario, tech, write_csv

from carbon.errors import CarbonError, DataError, ScenarioError
from carbon.scenarios import load_inputs, load_scenario

TECHS = [tech("boiler", "industry", "steam", var_cost_yuan_per_output=10, co2_t_per_output=0.5)]
DEMAND = [[2021, "steam", 10], [2022, "steam", 11]]


def scenario(tmp_path, **kw):
    kw.setdefault("years", (2021, 2022))
    return make_scenario(tmp_path, kw.pop("techs", TECHS), kw.pop("demand", DEMAND), **kw)


def error_of(toml) -> str:
    with pytest.raises(CarbonError) as info:
        load_inputs(load_scenario(toml))
    msg = str(info.value)
    assert "\n" not in msg                      # one line
    return msg


def test_misspelt_key_is_named_with_a_suggestion(tmp_path):
    toml = scenario(tmp_path)
    toml.write_text(toml.read_text().replace("discount_rate", "discount_rat"))
    with pytest.raises(ScenarioError, match=r"s\.toml: unknown key 'discount_rat' "
                                            r"\(did you mean 'discount_rate'\?\)"):
        load_scenario(toml)


def test_misspelt_policy_and_peak_keys(tmp_path):
    toml = scenario(tmp_path, policy="bankng = true")
    assert "unknown key 'policy.bankng' (did you mean 'banking'?)" in error_of(toml)
    toml = scenario(tmp_path, policy="[[policy.peak]]\nyear = 2021\nmax = 3")
    assert "unknown key 'policy.peak.max'" in error_of(toml)


def test_missing_file(tmp_path):
    toml = scenario(tmp_path, policy='caps = "nope.csv"')
    msg = error_of(toml)
    assert "s.toml" in msg and "policy.caps" in msg and "file not found" in msg


def test_wrong_type(tmp_path):
    toml = scenario(tmp_path)
    toml.write_text(toml.read_text().replace("discount_rate = 0.0", 'discount_rate = "five"'))
    assert "key 'discount_rate'" in error_of(toml)


def test_year_outside_the_horizon(tmp_path):
    caps = (["year", "sector", "cap_t"], [[2021, "total", 5], [2030, "total", 5]])
    msg = error_of(scenario(tmp_path, policy='caps = "caps.csv"', files={"caps.csv": caps}))
    assert "caps.csv, row 3, column 'year': year 2030 is outside the horizon 2021-2022" in msg
    msg = error_of(scenario(tmp_path / "p", policy="[[policy.peak]]\nyear = 2035"))
    assert "policy.peak[0].year 2035 is outside the horizon" in msg
    msg = error_of(scenario(tmp_path / "d", demand=DEMAND + [[2019, "steam", 3]]))
    assert "demand.csv, row 4, column 'year': year 2019 is outside" in msg


def test_sector_outside_the_vocabulary(tmp_path):
    msg = error_of(scenario(tmp_path, techs=[tech("b", "steel", "steam")]))
    assert "technologies.csv, row 2, column 'sector': sector 'steel' is not one of" in msg
    caps = (["year", "sector", "cap_t"], [[2021, "Total", 5]])
    msg = error_of(scenario(tmp_path / "c", policy='caps = "caps.csv"', files={"caps.csv": caps}))
    assert "caps.csv, row 2, column 'sector': sector 'Total'" in msg


def test_cap_or_peak_on_a_sector_without_emissions(tmp_path):
    caps = (["year", "sector", "cap_t"], [[2021, "waste", 5]])
    msg = error_of(scenario(tmp_path, policy='caps = "caps.csv"', files={"caps.csv": caps}))
    assert "a cap on sector 'waste', which has no technologies and is not in the inventory" in msg
    msg = error_of(scenario(tmp_path / "p", policy="[[policy.peak]]\nsector = 'power'\n"
                                                   "year = 2021"))
    assert "policy.peak[0].sector" in msg and "'power'" in msg


def test_input_that_is_neither_fuel_nor_output(tmp_path):
    msg = error_of(scenario(tmp_path, techs=[tech("b", "industry", "steam", input="coal",
                                                   input_per_output=1)]))
    assert "input 'coal' of 'b' is neither a fuel of the fuels file nor the output" in msg


def test_negative_and_non_numeric_values(tmp_path):
    msg = error_of(scenario(tmp_path, demand=[[2021, "steam", -5]]))
    assert "demand.csv, row 2, column 'demand': found -5, expected a number >= 0" in msg
    msg = error_of(scenario(tmp_path / "n", techs=[tech("b", "industry", "steam",
                                                         var_cost_yuan_per_output="abc")]))
    assert "column 'var_cost_yuan_per_output': found 'abc', expected a number" in msg


def test_demand_for_an_output_nobody_makes(tmp_path):
    msg = error_of(scenario(tmp_path, demand=DEMAND + [[2021, "cement", 3]]))
    assert "no technology produces output 'cement'" in msg


def test_extends_merges_tables_and_resolves_paths_per_file(tmp_path):
    base = tmp_path / "base"
    make_scenario(base, TECHS, DEMAND, years=(2021, 2022), name="baseline",
                  policy="count_imports = false\nbudget_t = 100\n"
                         "[[policy.peak]]\nyear = 2021\n[[policy.peak]]\nyear = 2022")
    child = tmp_path / "child"
    child.mkdir()
    write_csv(child / "caps.csv", ["year", "sector", "cap_t"], [[2022, "total", 4]])
    (child / "strict.toml").write_text(
        'extends = "../base/baseline.toml"\ndiscount_rate = 0.07\n[policy]\ncaps = "caps.csv"\n'
        "[[policy.peak]]\nsector = 'industry'\nyear = 2022\n", encoding="utf-8")
    s = load_scenario(child / "strict.toml")
    assert s.name == "strict"                            # the stem, never the parent's name
    assert s.discount_rate == 0.07 and s.base_year == 2021
    assert s.technologies == (base / "technologies.csv").resolve()     # parent's folder
    assert s.policy.caps == (child / "caps.csv").resolve()            # child's folder
    assert s.policy.count_imports is False and s.policy.budget_t == 100   # merged key by key
    assert [(p.sector, p.year) for p in s.policy.peak] == [("industry", 2022)]  # array replaced
    assert len(s.files) == 2


def test_extends_of_a_missing_file_and_loops(tmp_path):
    toml = scenario(tmp_path, top='extends = "nothere.toml"')
    assert "key 'extends': file not found" in error_of(toml)
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="loop"):
        load_scenario(tmp_path / "a.toml")


def test_drivers_demand_projection_and_direct_rows(tmp_path):
    drivers = (["year", "gdp_10k_yuan", "population"], [[2020, 100, 10], [2022, 121, 12]])
    proj = (["output", "base_demand", "driver", "elasticity", "intensity_change_per_yr"],
            [["steam", 10, "gdp_10k_yuan", 0.5, 0.0]])
    toml = make_scenario(tmp_path, TECHS, [[2022, "steam", 7]], years=(2020, 2022),
                         top='drivers = "drivers.csv"\ndemand_projection = "proj.csv"',
                         files={"drivers.csv": drivers, "proj.csv": proj})
    inputs = load_inputs(load_scenario(toml))
    # GDP interpolated: 100, 110.5, 121; demand = 10·(GDP/100)^0.5; 2022 given directly: 7
    assert inputs.drivers["gdp_10k_yuan"].tolist() == pytest.approx([100, 110.5, 121])
    assert inputs.demand.loc["steam"].tolist() == pytest.approx([10, 10 * 1.105**0.5, 7])
    short = (["year", "gdp_10k_yuan"], [[2020, 1], [2021, 2]])
    toml = make_scenario(tmp_path / "s", TECHS, [[2020, "steam", 1]], years=(2020, 2022),
                         top='drivers = "drivers.csv"', files={"drivers.csv": short})
    with pytest.raises(DataError, match="do not cover the horizon 2020-2022"):
        load_inputs(load_scenario(toml))


def test_technology_cost_paths_step_forward(tmp_path):
    costs = (["technology", "year", "var_cost_yuan_per_output"], [["boiler", 2022, 4]])
    toml = make_scenario(tmp_path, TECHS, [[y, "steam", 1] for y in (2020, 2021, 2022, 2023)],
                         years=(2020, 2023), top='technology_costs = "costs.csv"',
                         files={"costs.csv": costs})
    inputs = load_inputs(load_scenario(toml))
    assert inputs.params["var_cost_yuan_per_output"].loc["boiler"].tolist() == [10, 10, 4, 4]
