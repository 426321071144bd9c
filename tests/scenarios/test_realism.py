"""The realism rules of the pathway model, each on a tiny system worked by hand (comments)."""

from __future__ import annotations

import shutil

import pytest
from scenario_helpers import act, by_year, make_scenario, prices, solve_file, tech

from carbon.errors import DataError, InfeasibleError, ScenarioError
from carbon.scenarios import load_scenario, run_scenario
from carbon.scenarios.model import crf

CAPS = ["year", "sector", "cap_t"]
STOCK = ["technology", "year", "capacity"]


def test_a_sector_cap_prices_that_sector_not_the_total(tmp_path):
    # coal 30 yuan/MWh at 1 t, gas 70 at 0.4 t, demand 100 MWh; cap on the power sector 60 t:
    # coal x + 0.4(100 - x) = 60 -> x = 33.33; power price (70-30)/(1-0.4) = 66.67 yuan/t.
    # No rule on the total: its price is 0.
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("gas", "power", "electricity", var_cost_yuan_per_output=70,
                  co2_t_per_output=0.4)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         policy='caps = "caps.csv"',
                         files={"caps.csv": (CAPS, [[2020, "power", 60]])})
    out = solve_file(toml)
    assert act(out, "coal")[2020] == pytest.approx(100 / 3)
    assert by_year(prices(out, "power"), "price_yuan_per_t")[2020] == pytest.approx(200 / 3)
    assert by_year(prices(out), "price_yuan_per_t")[2020] == pytest.approx(0, abs=1e-9)
    assert by_year(prices(out, "power"), "peak_rule_yuan_per_t")[2020] == pytest.approx(0)
    mil = out["summary"]["milestones"]
    assert "2020" not in mil            # not a milestone year; the price frame is the record


def three_boilers(tmp_path, peak: str = ""):
    """coal 30 yuan at 1 t, an older dirtier boiler 40 at 1.5 t, heat pump 130 at 0 t;
    steam demand 100, 110, 120, 130 (2020-2023)."""
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("dirty", "industry", "steam", var_cost_yuan_per_output=40,
                  co2_t_per_output=1.5),
             tech("heat_pump", "industry", "steam", var_cost_yuan_per_output=130)]
    demand = [[2020 + i, "steam", 100 + 10 * i] for i in range(4)]
    return make_scenario(tmp_path, techs, demand, years=(2020, 2023), policy=peak)


@pytest.mark.parametrize("rule, expected", [
    # no rule: coal only, 100 110 120 130 (cumulative 460)
    ("", [100, 110, 120, 130]),
    # rule in 2021: its level is bound by 110 (no rule), no rise after: 430. Written as "no rise
    # after 2021" alone, the model would run 40 units of the dirty boiler in 2021 (70 coal + 40
    # dirty = 130 t, +400 yuan) to skip 10 + 0 heat-pump units later (-1300): 480 t, more than
    # without the rule
    ("[[policy.peak]]\nyear = 2021\n", [100, 110, 110, 110]),
    # with max_t = 105, the smaller of 105 and 110: 100 105 105 105
    ("[[policy.peak]]\nyear = 2021\nmax_t = 105\n", [100, 105, 105, 105]),
])
def test_a_peak_rule_never_raises_emissions(tmp_path, rule, expected):
    out = solve_file(three_boilers(tmp_path, rule))
    co2 = by_year(out["indicators"], "co2_t")
    assert [co2[y] for y in range(2020, 2024)] == pytest.approx(expected)
    assert sum(act(out, "dirty").values()) == pytest.approx(0, abs=1e-9)
    assert out["summary"]["cumulative_co2_t"] <= 460 + 1e-6


def test_years_before_the_peak_year_are_not_bound(tmp_path):
    # max_t 105 with peak year 2022: 2020 and 2021 stay free (100, 110 > 105), 2022 at
    # min(105, 120) = 105, 2023 no rise: 105
    out = solve_file(three_boilers(tmp_path, "[[policy.peak]]\nyear = 2022\nmax_t = 105\n"))
    co2 = by_year(out["indicators"], "co2_t")
    assert [co2[y] for y in range(2020, 2024)] == pytest.approx([100, 110, 105, 105])


def fleet(tmp_path, demand=100, **old):
    """An existing fleet 'old' (100 units in 2020-2021, var 50, fixed O&M 5 per unit) and a
    cheaper new one (capex 100 per unit, life 10, r = 0: 10 per unit-year, var 10)."""
    techs = [tech("old", "transport", "tkm", var_cost_yuan_per_output=50,
                  fixed_om_yuan_per_capacity=5, lifetime_yr=15, output_per_capacity=1,
                  availability=1, max_new_capacity_per_yr=0, **old),
             tech("new", "transport", "tkm", var_cost_yuan_per_output=10,
                  capex_yuan_per_capacity=100, lifetime_yr=10, output_per_capacity=1,
                  availability=1)]
    stock = (STOCK, [["old", 2020, 100], ["old", 2021, 100]])
    return make_scenario(tmp_path, techs, [[2020, "tkm", demand], [2021, "tkm", demand]],
                         years=(2020, 2021), top='existing_capacity = "stock.csv"',
                         files={"stock.csv": stock})


def test_an_existing_fleet_cannot_be_parked_for_free(tmp_path):
    # without availability_min the model parks the old fleet (pays its fixed O&M 5·100 a year)
    # and buys 100 new units: cost 2·500 + 100·100·(1/10)·2 + 2·10·100 = 1000 + 2000 + 2000
    free = solve_file(fleet(tmp_path / "free"))
    assert act(free, "old")[2020] == pytest.approx(0, abs=1e-9)
    assert free["objective"] == pytest.approx(5000)
    # availability_min 0.8: the old fleet runs at least 80 a year, new makes 20:
    # old 2·(80·50 + 500) = 9000, new 20 units: 20·10·2 + 20·10·2 = 800 -> 9800
    held = solve_file(fleet(tmp_path / "held", availability_min=0.8))
    assert act(held, "old") == pytest.approx({2020: 80, 2021: 80})
    assert act(held, "new") == pytest.approx({2020: 20, 2021: 20})
    assert held["objective"] == pytest.approx(9800)


def test_early_retirement_lets_the_fleet_go_for_good(tmp_path):
    # with early_retirement the 100 old units retire in 2020 (no fixed O&M, no refund): the
    # new fleet alone, 2000 capital + 2000 variable = 4000 (below the parked 5000)
    out = solve_file(fleet(tmp_path, availability_min=0.8, early_retirement="true"))
    cap = out["capacity"].set_index(["technology", "year"])
    assert cap.at[("old", 2020), "capacity"] == pytest.approx(0, abs=1e-9)
    assert cap.at[("old", 2021), "retired"] == pytest.approx(100)
    assert cap.at[("new", 2021), "retired"] == pytest.approx(0)
    assert out["objective"] == pytest.approx(4000)


def test_a_stock_that_must_run_above_demand_is_diagnosed(tmp_path):
    # demand 50 but 100 units must run at 0.8: 80 > 50, and nothing may retire
    with pytest.raises(InfeasibleError, match=r"minimum utilisation.*'old' in 2020"):
        solve_file(fleet(tmp_path, demand=50, availability_min=0.8))


def switch(tmp_path, history=None, **new):
    """'old' (no capacity, var 50) and 'new' (capex 10, life 100, var 10), demand 100 a year."""
    techs = [tech("old", "industry", "steam", var_cost_yuan_per_output=50),
             tech("new", "industry", "steam", var_cost_yuan_per_output=10,
                  capex_yuan_per_capacity=10, lifetime_yr=100, output_per_capacity=1,
                  availability=1, **new)]
    files, top = {}, ""
    if history:
        files["history.csv"] = (["year", "technology", "new_capacity"], history)
        top = 'history = "history.csv"'
    return make_scenario(tmp_path, techs, [[y, "steam", 100] for y in (2020, 2021, 2022)],
                         years=(2020, 2022), files=files, top=top)


def test_a_growth_limit_paces_a_switch(tmp_path):
    # g = 1, n0 = 5: new ≤ 2·0 + 5 = 5 in 2020, ≤ 2·5 + 5 = 15 in 2021, ≤ 2·15 + 5 = 35 in
    # 2022 (each unit saves 40 a year for a capital of 10·1/100 a year: build all allowed);
    # capacity 5, 20, 55
    out = solve_file(switch(tmp_path, new_capacity_growth=1, new_capacity_seed=5))
    assert act(out, "new") == pytest.approx({2020: 5, 2021: 20, 2022: 55})


def test_a_growth_limit_starts_from_history(tmp_path):
    # 10 units built in 2019 (history): 2020 ≤ 2·10 + 5 = 25, 2021 ≤ 55 (capacity 80),
    # 2022: only 20 more are needed (demand 100)
    out = solve_file(switch(tmp_path, history=[[2019, "new", 10]], new_capacity_growth=1,
                            new_capacity_seed=5))
    assert act(out, "new") == pytest.approx({2020: 25, 2021: 80, 2022: 100})


def test_history_fixes_new_capacity(tmp_path):
    # history says 7 units were built in 2021 and none in 2020: the model may not re-decide
    out = solve_file(switch(tmp_path, history=[[2020, "new", 0], [2021, "new", 7]]))
    cap = out["capacity"].set_index("year")
    assert cap["new_capacity"].to_dict() == pytest.approx({2020: 0, 2021: 7, 2022: 93})


@pytest.mark.parametrize("hurdle, winner", [("", "kiln"), (0.10, "contract")])
def test_a_hurdle_rate_tips_a_choice(tmp_path, hurdle, winner):
    # kiln: capex 1000 per unit, life 10, no running cost; contract: 140 per unit, no capital.
    # At the social 5%: CRF = 0.05·1.05^10/(1.05^10 − 1) = 0.129505 -> 129.5 < 140: kiln.
    # At a 10% hurdle rate: CRF = 0.162745 -> 162.7 > 140: contract (the system cost still
    # discounts at 5%: one year, df = 1, cost 140·100 = 14000).
    techs = [tech("kiln", "industry", "heat", capex_yuan_per_capacity=1000, lifetime_yr=10,
                  output_per_capacity=1, availability=1, hurdle_rate=hurdle),
             tech("contract", "industry", "heat", var_cost_yuan_per_output=140)]
    out = solve_file(make_scenario(tmp_path, techs, [[2020, "heat", 100]], rate=0.05))
    assert act(out, winner)[2020] == pytest.approx(100)
    expected = 140 * 100 if winner == "contract" else 1000 * 100 * float(crf(0.05, 10))
    assert out["objective"] == pytest.approx(expected)


def test_scope2_goes_to_the_sectors_that_use_electricity(tmp_path):
    # coal power 1 t/MWh; electric buses take 0.5 MWh per unit (demand 100 -> 50 MWh), electric
    # kilns 2 MWh per t (10 t -> 20 MWh), other use 30 MWh: 100 MWh, 100 t, all in power
    # (production view). End use at 1 t/MWh: transport 50, building materials 20, power 30.
    techs = [tech("coal_power", "power", "electricity", co2_t_per_output=1),
             tech("ebus", "transport", "pkm", input="electricity", input_per_output=0.5),
             tech("ekiln", "building_materials", "bricks", input="electricity",
                  input_per_output=2)]
    demand = [[2020, "electricity", 30], [2020, "pkm", 100], [2020, "bricks", 10]]
    out = solve_file(make_scenario(tmp_path, techs, demand))
    prod = out["emissions"].groupby("sector")["co2_t"].sum()
    assert prod["power"] == pytest.approx(100)
    end = out["emissions_end_use"].set_index("sector")["co2_t"]
    assert end.to_dict() == pytest.approx({"building_materials": 20, "power": 30,
                                           "transport": 50})
    peaks = out["summary"]["sector_peaks"]
    assert peaks["end_use"]["transport"] == {"peak_year": 2020, "peak_co2_t": pytest.approx(50)}
    assert peaks["production"]["power"]["peak_co2_t"] == pytest.approx(100)


def test_fuel_co2_scale_scales_a_fuels_path(tmp_path):
    # grid 0.5 t/MWh x 1.15 = 0.575; 100 MWh -> 57.5 t
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"],
             [["electricity_grid", 2020, 600, 0.5]])
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         files={"fuels.csv": fuels},
                         top="[fuel_co2_scale]\nelectricity_grid = 1.15")
    out = solve_file(toml)
    assert out["summary"]["cumulative_co2_t"] == pytest.approx(57.5)
    bad = toml.read_text().replace("electricity_grid = 1.15", "electricity_grd = 1.15")
    toml.write_text(bad)
    with pytest.raises(ScenarioError, match="fuel_co2_scale.electricity_grd"):
        solve_file(toml)


@pytest.mark.parametrize("cols, message, column", [
    ({"availability": 0.5, "availability_min": 0.8}, "above availability", "availability_min"),
    ({"new_capacity_growth": 0.2}, "without new_capacity_seed", "new_capacity_seed"),
    ({"new_capacity_growth": -0.2, "new_capacity_seed": 1}, None, "new_capacity_growth"),
    ({"hurdle_rate": -0.1}, None, "hurdle_rate"),
    ({"early_retirement": "maybe"}, "expected true or false", "early_retirement"),
])
def test_bad_realism_columns_name_file_row_and_column(tmp_path, cols, message, column):
    kw = dict(capex_yuan_per_capacity=1, lifetime_yr=10, output_per_capacity=1)
    kw.update(cols)
    toml = make_scenario(tmp_path, [tech("a", "industry", "heat", **kw)], [[2020, "heat", 1]])
    with pytest.raises(DataError, match=message) as err:
        solve_file(toml)
    text = str(err.value)
    assert "technologies.csv" in text and "row 2" in text and column in text


def test_a_results_folder_moves_with_its_data(tmp_path):
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    toml = make_scenario(tmp_path / "project" / "data", techs, [[2020, "steam", 100]])
    summary = run_scenario(toml, tmp_path / "project" / "results")
    shutil.move(tmp_path / "project", tmp_path / "moved")
    folder = tmp_path / "moved" / "results" / "s"
    resolved = (folder / "scenario.resolved.toml").read_text()
    assert str(tmp_path) not in resolved
    assert 'scenario_file = "../../data/s.toml"' in resolved
    again = load_scenario(folder / "scenario.resolved.toml")
    assert again.technologies == (tmp_path / "moved" / "data" / "technologies.csv").resolve()
    assert summary["status"] == "optimal"
    import json
    assert json.loads((folder / "summary.json").read_text())["scenario_file"] == \
        "../../data/s.toml"


def test_share_bounds_of_activity_and_of_new_capacity(tmp_path):
    # cheap 10 (at 1 t) and clean 30, demand 100: without bounds all cheap. min_share 0.25 on
    # clean: 25 clean, 75 cheap, cost 750 + 750 = 1500
    techs = [tech("cheap", "industry", "heat", var_cost_yuan_per_output=10, co2_t_per_output=1),
             tech("clean", "industry", "heat", var_cost_yuan_per_output=30, min_share=0.25)]
    out = solve_file(make_scenario(tmp_path / "a", techs, [[2020, "heat", 100]]))
    assert act(out, "clean")[2020] == pytest.approx(25)
    assert out["objective"] == pytest.approx(1500)
    # max_share 0.6 on cheap: 60 cheap, 40 clean (cost 600 + 1200 = 1800)
    techs[0]["max_share"] = 0.6
    out = solve_file(make_scenario(tmp_path / "b", techs, [[2020, "heat", 100]]))
    assert act(out, "cheap")[2020] == pytest.approx(60)
    assert out["objective"] == pytest.approx(1800)


def test_a_sales_share_bound_on_new_capacity(tmp_path):
    # ice: capex 10/unit, ev: capex 30/unit (life 1, r = 0), demand 100 units: without bounds
    # all ice; min_share_new 0.4 on ev: 40 ev + 60 ice, cost 1200 + 600 = 1800
    techs = [tech("ice", "transport", "pkm", capex_yuan_per_capacity=10, lifetime_yr=1,
                  output_per_capacity=1, availability=1),
             tech("ev", "transport", "pkm", capex_yuan_per_capacity=30, lifetime_yr=1,
                  output_per_capacity=1, availability=1, min_share_new=0.4)]
    out = solve_file(make_scenario(tmp_path, techs, [[2020, "pkm", 100]]))
    cap = out["capacity"].set_index("technology")["new_capacity"]
    assert cap["ev"] == pytest.approx(40)
    assert out["objective"] == pytest.approx(1800)


@pytest.mark.parametrize("cols, message", [
    ({"min_share": 0.6, "max_share": 0.4}, "min_share 0.6 is above max_share 0.4"),
    ({"max_share": 0.9}, "sum of max_share of the producers of 'heat' is 0.9 in 2020"),
])
def test_share_bounds_that_cannot_add_up_are_data_errors(tmp_path, cols, message):
    # a max_share below 1 on the only producer cannot be met whatever the model does
    toml = make_scenario(tmp_path, [tech("only", "industry", "heat", **cols)],
                         [[2020, "heat", 1]])
    with pytest.raises(DataError, match=message) as err:
        solve_file(toml)
    assert "technologies.csv" in str(err.value) and "row 2" in str(err.value)


def test_costs_by_technology_add_up_to_the_objective(tmp_path):
    # new boilers: capex 100 per unit, life 2, r = 10%: CRF = 0.1·1.21/0.21 = 0.57619 -> 57.62
    # per unit and year; var 5, fixed 3 per unit; tax 10 yuan/t at 1 t/unit; demand 10, 10
    # (2020-2021). Built 10 in 2020: investment 1000 in 2020; annuity 576.19 in both years;
    # fixed 30, variable 50, tax 100 each year. Objective: (576.19 + 180)·(1 + 1/1.1)
    techs = [tech("boiler", "industry", "steam", capex_yuan_per_capacity=100, lifetime_yr=2,
                  output_per_capacity=1, availability=1, var_cost_yuan_per_output=5,
                  fixed_om_yuan_per_capacity=3, co2_t_per_output=1)]
    toml = make_scenario(tmp_path, techs, [[2020, "steam", 10], [2021, "steam", 10]],
                         years=(2020, 2021), rate=0.1, policy='carbon_tax = "tax.csv"',
                         files={"tax.csv": (["year", "price_yuan_per_t"], [[2020, 10]])})
    out = solve_file(toml)
    c = out["costs"].set_index("year")
    annuity = 100 * 10 * 0.1 * 1.21 / 0.21
    assert c["investment_yuan"].to_dict() == pytest.approx({2020: 1000, 2021: 0}, abs=1e-6)
    assert c["annuity_yuan"].to_dict() == pytest.approx({2020: annuity, 2021: annuity})
    assert c["fixed_om_yuan"].tolist() == pytest.approx([30, 30])
    assert c["variable_om_yuan"].tolist() == pytest.approx([50, 50])
    assert c["tax_yuan"].tolist() == pytest.approx([100, 100])
    assert out["objective"] == pytest.approx((annuity + 180) * (1 + 1 / 1.1))
    s = out["shares"]
    assert s["share_of_activity"].tolist() == pytest.approx([1, 1])
    assert s["share_of_new"].iloc[0] == pytest.approx(1)


@pytest.mark.parametrize("method, co2", [
    # location: every purchase at the grid average, green power included: 100 · 0.5 = 50 t
    ("location", 50.0),
    # market: green power at 0, the other 80 MWh at the residual 0.55: 44 t
    ("market", 44.0),
])
def test_green_power_counts_once(tmp_path, method, co2):
    # grid 600 yuan/MWh (average 0.5 t, residual 0.55 t); green power 550, at most 20 MWh
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1),
             tech("green", "power", "electricity", var_cost_yuan_per_output=550,
                  output_per_capacity=1, availability=1, lifetime_yr=1, max_capacity=20,
                  green_power="true")]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit",
              "residual_co2_t_per_unit"], [["electricity_grid", 2020, 600, 0.5, 0.55]])
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         files={"fuels.csv": fuels}, policy=f'scope2_method = "{method}"')
    out = solve_file(toml)
    assert act(out, "green")[2020] == pytest.approx(20)
    assert out["summary"]["cumulative_co2_t"] == pytest.approx(co2)


def test_market_scope2_needs_a_residual_factor(tmp_path):
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"],
             [["electricity_grid", 2020, 600, 0.5]])
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         files={"fuels.csv": fuels}, policy='scope2_method = "market"')
    with pytest.raises(ScenarioError, match="residual_co2_t_per_unit"):
        solve_file(toml)


def test_assessment_energy_leaves_out_new_non_fossil_power(tmp_path):
    # grid purchases 100 MWh (2020) and 200 MWh (2021) at 0.305 tce/MWh, non-fossil share 0.4
    # then 0.5; GDP 100 and 110 (10^4 yuan). Energy 30.5 and 61 tce; non-fossil electricity
    # 12.2 and 30.5 tce: the 18.3 tce above the 2020 level are left out -> 42.7 tce.
    # Energy per GDP 0.305 -> 0.55455 (+81.82%); assessment 0.305 -> 0.38818 (+27.27%)
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit", "tce_per_unit",
              "non_fossil_share"],
             [["electricity_grid", 2020, 600, 0.5, 0.305, 0.4],
              ["electricity_grid", 2021, 600, 0.5, 0.305, 0.5]])
    drivers = (["year", "gdp_10k_yuan", "population"], [[2020, 100, 10], [2021, 110, 10]])
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100], [2021, "electricity", 200]],
                         years=(2020, 2021), top='drivers = "drivers.csv"',
                         files={"fuels.csv": fuels, "drivers.csv": drivers})
    ind = solve_file(toml)["indicators"].set_index("year")
    assert ind["energy_tce"].tolist() == pytest.approx([30.5, 61])
    assert ind["energy_tce_assessment"].tolist() == pytest.approx([30.5, 42.7])
    assert ind.at[2021, "energy_per_gdp_change_pct"] == pytest.approx(100 * (61 / 110 / 0.305 - 1))
    assert ind.at[2021, "energy_per_gdp_assessment_change_pct"] == pytest.approx(
        100 * (42.7 / 110 / 0.305 - 1))
    # no coal: coal 0, share 0
    assert ind["coal_tce"].tolist() == pytest.approx([0, 0])
    assert ind["coal_share"].tolist() == pytest.approx([0, 0])
    # CO2 per person: 50 t / 10 and 100 t / 10; per GDP +81.8%
    assert ind["co2_per_capita_t"].tolist() == pytest.approx([5, 10])
    assert ind.at[2021, "co2_per_gdp_change_pct"] == pytest.approx(100 * (100 / 110 / 0.5 - 1))


def test_coal_share_counts_coal_fuels(tmp_path):
    # a coal boiler takes 2 t raw coal (0.7143 tce/t) per unit, a gas boiler 1 unit of gas
    # (1.33 tce); demand 10 each -> coal 14.286 tce of 27.586: share 0.51786
    techs = [tech("coal_boiler", "industry", "heat", input="raw_coal", input_per_output=2),
             tech("gas_boiler", "industry", "hot_water", input="natural_gas",
                  input_per_output=1)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit", "tce_per_unit"],
             [["raw_coal", 2020, 500, 1.9, 0.7143], ["natural_gas", 2020, 3000, 2.2, 1.33]])
    out = solve_file(make_scenario(tmp_path, techs, [[2020, "heat", 10], [2020, "hot_water", 10]],
                                   files={"fuels.csv": fuels}))
    ind = out["indicators"].iloc[0]
    assert ind["coal_tce"] == pytest.approx(20 * 0.7143)
    assert ind["coal_share"] == pytest.approx(14.286 / (14.286 + 13.3))


def test_a_printed_negative_price_names_the_peak_rule_term():
    from carbon.scenarios.prices import price_lines

    # policy's 2030 in the shipped data: -723.62 = +2,349.22 (level and other rules) - 3,072.84
    lines = price_lines("2030", {"carbon_price_yuan_per_t": -723.62,
                                 "peak_rule_yuan_per_t": -3072.84,
                                 "sector_prices": {"power": {"price_yuan_per_t": 114.5,
                                                             "peak_rule_yuan_per_t": 114.5}}})
    assert "-723.62 yuan/t = +2,349.22" in lines[0] and "-3,072.84 peak-rule term" in lines[0]
    assert "power 114.50 yuan/t (all of it the peak-rule term)" in lines[1]
    plain = price_lines("2030", {"carbon_price_yuan_per_t": 30.0, "peak_rule_yuan_per_t": 0.0})
    assert plain == ["  2030 CO2 price  total 30.00 yuan/t"]


def test_early_retired_stock_leaves_the_count_as_it_reaches_its_end_of_life(tmp_path):
    # old stock 100 (2020), 50 (2021), 0 (2022) as it ages; all retired early in 2020. The
    # retired capacity still inside its life is 100, 50, 0; the new fleet (capex 100/10 yr,
    # r = 0: 10 per unit-year, var 10) serves 100 a year: 3·(1000 + 1000) = 6000
    techs = [tech("old", "transport", "tkm", var_cost_yuan_per_output=50,
                  fixed_om_yuan_per_capacity=5, lifetime_yr=15, output_per_capacity=1,
                  availability=1, max_new_capacity_per_yr=0, availability_min=0.8,
                  early_retirement="true"),
             tech("new", "transport", "tkm", var_cost_yuan_per_output=10,
                  capex_yuan_per_capacity=100, lifetime_yr=10, output_per_capacity=1,
                  availability=1)]
    stock = (STOCK, [["old", 2020, 100], ["old", 2021, 50]])
    toml = make_scenario(tmp_path, techs, [[y, "tkm", 100] for y in (2020, 2021, 2022)],
                         years=(2020, 2022), top='existing_capacity = "stock.csv"',
                         files={"stock.csv": stock})
    out = solve_file(toml)
    old = out["capacity"].set_index(["technology", "year"]).loc["old"]
    assert old["capacity"].tolist() == pytest.approx([0, 0, 0], abs=1e-9)
    assert old["retired"].tolist() == pytest.approx([100, 50, 0], abs=1e-9)
    assert out["objective"] == pytest.approx(6000)


def test_a_growth_limit_that_cannot_meet_demand_is_diagnosed(tmp_path):
    # only 'new' makes steam; n ≤ 5 in 2020 (g = 1, n0 = 5) against a demand of 100
    techs = [tech("new", "industry", "steam", var_cost_yuan_per_output=10,
                  capex_yuan_per_capacity=10, lifetime_yr=100, output_per_capacity=1,
                  availability=1, new_capacity_growth=1, new_capacity_seed=5)]
    toml = make_scenario(tmp_path, techs, [[2020, "steam", 100]])
    with pytest.raises(InfeasibleError, match=r"growth limit on new capacity of 'new' in 2020"):
        solve_file(toml)
