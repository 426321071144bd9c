"""Tiny systems with closed-form optima and prices (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest
from scenario_helpers import act, by_year, make_scenario, prices, solve_file, tech

from carbon.scenarios.model import crf

CAPS = ["year", "sector", "cap_t"]


def merit_order(tmp_path, caps, years=(2020, 2020), rate=0.0):
    """coal 30 yuan/MWh at 1.0 t/MWh, gas 70 at 0.4, pv 100 at 0; demand 100 MWh a year."""
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("gas", "power", "electricity", var_cost_yuan_per_output=70,
                  co2_t_per_output=0.4),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=100)]
    demand = [[y, "electricity", 100] for y in range(years[0], years[1] + 1)]
    return make_scenario(tmp_path, techs, demand, years=years, rate=rate,
                         policy='caps = "caps.csv"', files={"caps.csv": (CAPS, caps)})


def test_merit_order_under_a_cap(tmp_path):
    out = solve_file(merit_order(tmp_path, [[2020, "total", 60]]))
    # coal x, gas 100-x: x + 0.4(100-x) = 60  ->  x = 33.33, gas 66.67, pv 0
    assert act(out, "coal")[2020] == pytest.approx(100 / 3)
    assert act(out, "gas")[2020] == pytest.approx(200 / 3)
    assert act(out, "pv")[2020] == pytest.approx(0, abs=1e-9)
    # cost 30·33.33 + 70·66.67 = 5666.67
    assert out["objective"] == pytest.approx(1000 + 14000 / 3)
    # price = (70-30)/(1.0-0.4) = 66.67 yuan/t, positive
    assert by_year(prices(out), "price_yuan_per_t")[2020] == pytest.approx(200 / 3)
    # marginal cost of electricity = coal 30 + 66.67 · 1.0 t = 96.67
    assert out["marginal_cost"]["marginal_cost_yuan_per_unit"].iloc[0] == pytest.approx(290 / 3)
    em = out["emissions"]
    assert em["co2_t"].sum() == pytest.approx(60)
    assert out["summary"]["peak_co2_t"] == pytest.approx(60)


def test_cap_sweep_price_steps_at_the_switching_costs(tmp_path):
    # one year per cap, discounted at 5% (prices are undiscounted, so the steps do not move):
    # 2020 cap 110 > BAU 100: no price; 2021 cap 60: coal->gas at (70-30)/(1-0.4) = 66.67;
    # 2022 cap 20 < 40 (all gas): gas->pv at (100-70)/(0.4-0) = 75, gas 50, pv 50
    caps = [[2020, "total", 110], [2021, "total", 60], [2022, "total", 20]]
    out = solve_file(merit_order(tmp_path, caps, years=(2020, 2022), rate=0.05))
    price = by_year(prices(out), "price_yuan_per_t")
    assert price[2020] == pytest.approx(0, abs=1e-9)
    assert price[2021] == pytest.approx(200 / 3)
    assert price[2022] == pytest.approx(75)
    assert act(out, "gas")[2022] == pytest.approx(50)
    assert act(out, "pv")[2022] == pytest.approx(50)
    # cost: 3000 + (1000 + 4666.67)/1.05 + (3500 + 5000)/1.05^2
    assert out["objective"] == pytest.approx(3000 + (1000 + 14000 / 3) / 1.05 + 8500 / 1.05**2)


def rising(tmp_path, peak: str):
    """Coal 30 at 1 t vs clean 130 at 0 t (MAC 100 yuan/t); demand 100, 110, 120, 130."""
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("clean", "industry", "steam", var_cost_yuan_per_output=130)]
    demand = [[2020 + i, "steam", 100 + 10 * i] for i in range(4)]
    return make_scenario(tmp_path, techs, demand, years=(2020, 2023), policy=peak)


def test_peak_rule_with_a_bound(tmp_path):
    out = solve_file(rising(tmp_path, "[[policy.peak]]\nsector = 'total'\nyear = 2021\n"
                                      "max_t = 105\n"))
    co2 = by_year(out["indicators"], "co2_t")
    # E <= 105 up to 2021, no rise after: 100, 105, 105, 105
    assert [co2[y] for y in range(2020, 2024)] == pytest.approx([100, 105, 105, 105])
    # cost: coal 30·(100+105+105+105) + clean 130·(0+5+15+25) = 12450 + 5850
    assert out["objective"] == pytest.approx(18300)
    # one more tonne in 2021, 2022 or 2023 costs one more unit of clean steam: 100 yuan/t
    price = by_year(prices(out), "price_yuan_per_t")
    assert [price[y] for y in range(2020, 2024)] == pytest.approx([0, 100, 100, 100], abs=1e-7)
    assert out["summary"]["peak_year"] == 2021
    assert out["summary"]["peak_co2_t"] == pytest.approx(105)


def test_peak_rule_without_a_bound_is_held_at_the_level_without_peak_rules(tmp_path):
    out = solve_file(rising(tmp_path, "[[policy.peak]]\nsector = 'total'\nyear = 2021\n"))
    co2 = by_year(out["indicators"], "co2_t")
    # without peak rules: coal only, 100, 110, 120, 130 -> the level in 2021 is bound by 110;
    # no rise after: 100, 110, 110, 110
    assert [co2[y] for y in range(2020, 2024)] == pytest.approx([100, 110, 110, 110])
    # cost: coal 30·430 + clean 130·(10+20) = 12900 + 3900
    assert out["objective"] == pytest.approx(16800)
    total = prices(out)
    price = by_year(total, "price_yuan_per_t")
    # one tonne less in any year from 2021 costs one more clean unit: 100 yuan/t
    assert [price[y] for y in range(2020, 2024)] == pytest.approx([0, 100, 100, 100], abs=1e-7)
    # duals: no-rise 2023 row -100 (one more tonne in 2023 saves a clean unit), no-rise 2022 row
    # -200 (2022 and 2023), level row 2021 -300. Peak-rule part: 2021 +d2022 = -200,
    # 2022 -d2022 + d2023 = 200 - 100 = 100, 2023 -d2023 = 100; the level bound carries +300 in
    # 2021, so the price there is 300 - 200 = 100
    peak = by_year(total, "peak_rule_yuan_per_t")
    assert [peak[y] for y in range(2020, 2024)] == pytest.approx([0, -200, 100, 100], abs=1e-7)


def test_budget_price_rises_at_the_discount_rate(tmp_path):
    # demand 100 a year 2020-2022, budget 240 t (abate 60 t), r = 10%. Abating one tonne in year y
    # costs 100·df_y in present value, least in 2022: emissions 100, 100, 40.
    # The budget dual is -100·df_2022; undiscounted price p_y = 100·df_2022/df_y = p0·1.1^(y-2020)
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("clean", "industry", "steam", var_cost_yuan_per_output=130)]
    toml = make_scenario(tmp_path, techs, [[y, "steam", 100] for y in (2020, 2021, 2022)],
                         years=(2020, 2022), rate=0.1, policy="budget_t = 240")
    out = solve_file(toml)
    co2 = by_year(out["indicators"], "co2_t")
    assert [co2[y] for y in (2020, 2021, 2022)] == pytest.approx([100, 100, 40])
    price = by_year(prices(out), "price_yuan_per_t")
    p0 = 100 / 1.1**2
    assert [price[y] for y in (2020, 2021, 2022)] == pytest.approx([p0, p0 * 1.1, p0 * 1.21])
    assert out["objective"] == pytest.approx(3000 + 3000 / 1.1 + (30 * 40 + 130 * 60) / 1.21)
    assert out["summary"]["cumulative_co2_t"] == pytest.approx(240)


def test_existing_stock_retires_and_new_capacity_comes_just_in_time(tmp_path):
    # old: 100 units of stock in 2020-2021, then retired (no new old units); new: capex 1000 per
    # unit, life 10, Type II annuity a = 1000·CRF(10%, 10) = 162.75 yuan per unit and year,
    # charged only in years in service inside the horizon. Demand 100, 100, 100, 110 at r = 10%:
    # build 100 units in 2022 and 10 in 2023, nothing before (building earlier adds annuities).
    techs = [tech("old", "industry", "steam", var_cost_yuan_per_output=10, lifetime_yr=30,
                  output_per_capacity=1, availability=1, max_new_capacity_per_yr=0),
             tech("new", "industry", "steam", capex_yuan_per_capacity=1000, lifetime_yr=10,
                  output_per_capacity=1, availability=1)]
    stock = (["technology", "year", "capacity"], [["old", 2020, 100], ["old", 2021, 100]])
    demand = [[2020, "steam", 100], [2021, "steam", 100], [2022, "steam", 100],
              [2023, "steam", 110]]
    toml = make_scenario(tmp_path, techs, demand, years=(2020, 2023), rate=0.1,
                         top='existing_capacity = "stock.csv"', files={"stock.csv": stock})
    out = solve_file(toml)
    cap = out["capacity"]
    new = cap[cap["technology"] == "new"].set_index("year")
    assert new["new_capacity"].to_dict() == pytest.approx({2020: 0, 2021: 0, 2022: 100, 2023: 10},
                                                          abs=1e-7)
    assert new["capacity"].to_dict() == pytest.approx({2020: 0, 2021: 0, 2022: 100, 2023: 110},
                                                      abs=1e-7)
    old = cap[cap["technology"] == "old"].set_index("year")["capacity"].to_dict()
    assert old == pytest.approx({2020: 100, 2021: 100, 2022: 0, 2023: 0}, abs=1e-7)
    a = 1000 * float(crf(0.1, [10])[0])
    assert a == pytest.approx(1000 * 0.1 * 1.1**10 / (1.1**10 - 1))     # 162.745
    # cost: old 10·100·(1 + 1/1.1) + annuities: 100 units in 2022 and 2023, 10 units in 2023
    assert out["objective"] == pytest.approx(1000 * (1 + 1 / 1.1)
                                             + a * (100 * 1.1**-2 + 110 * 1.1**-3))
    mc = out["marginal_cost"].set_index("year")["marginal_cost_yuan_per_unit"]
    # a unit more in 2023: one unit more built in 2023, one annuity a. A unit more in 2022: built
    # in 2022 instead of 2023, i.e. one annuity more, in 2022: a again (undiscounted)
    assert mc[2023] == pytest.approx(a)
    assert mc[2022] == pytest.approx(a)
    # 2020-2021: the old stock runs at its limit (a degenerate vertex): the price lies between
    # its running cost and a new unit built early (a·(1 + 1/1.1 + 1/1.21) in 2020 money)
    assert 10 - 1e-9 <= mc[2020] <= a * (1 + 1 / 1.1 + 1 / 1.21) + 1e-6


def trading_system(tmp_path, policy):
    # power: coal 30 at 1 t vs pv 80 (MAC 50); industry: boiler 10 at 0.5 t vs heat pump 40
    # (MAC 60). Demands 100 each; BAU emissions power 100 t, industry 50 t.
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=80),
             tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5),
             tech("heat_pump", "industry", "steam", var_cost_yuan_per_output=40)]
    files = {"alloc.csv": (["year", "sector", "allocation_t"],
                           [[2020, "power", 60], [2020, "industry", 40]]),
             "caps.csv": (CAPS, [[2020, "power", 60], [2020, "industry", 40]])}
    return make_scenario(tmp_path, techs, [[2020, "electricity", 100], [2020, "steam", 100]],
                         policy=policy, files=files)


def test_two_sectors_trading_allowances(tmp_path):
    traded = solve_file(trading_system(tmp_path / "t", 'allocation = "alloc.csv"'))
    alone = solve_file(trading_system(tmp_path / "n", 'caps = "caps.csv"'))
    al = traded["allowances"].set_index("sector")
    # 100 t of allowances for 150 t of BAU: all 50 t abated in power at 50 yuan/t (< 60)
    assert al.loc["power", "emissions_t"] == pytest.approx(50)
    assert al.loc["industry", "emissions_t"] == pytest.approx(50)
    # power sells 10 t, industry buys 10 t; trades net to zero
    assert al.loc["power", "net_purchase_t"] == pytest.approx(-10)
    assert al.loc["industry", "net_purchase_t"] == pytest.approx(10)
    assert al["net_purchase_t"].sum() == pytest.approx(0, abs=1e-9)
    # one price for both: the power MAC, 50 yuan/t
    assert al["price_yuan_per_t"].tolist() == pytest.approx([50, 50])
    # emissions = allocation + net purchase + offsets - change in bank
    assert (al["allocation_t"] + al["net_purchase_t"] + al["offsets_t"] - al["banked_t"]
            - al["emissions_t"]).abs().max() == pytest.approx(0, abs=1e-9)
    # with trading: 30·50 + 80·50 + 10·100 = 6500; alone: power 30·60 + 80·40 = 5000 and
    # industry boiler 80, heat pump 20: 800 + 800 = 1600 -> 6600; gains from trade 100
    assert traded["objective"] == pytest.approx(6500)
    assert alone["objective"] == pytest.approx(6600)
    assert alone["objective"] - traded["objective"] == pytest.approx(100)
    assert alone["allowances"].empty


def test_offsets_within_a_limit_lower_the_price(tmp_path):
    # offsets of up to 10% of each allocation (6 t + 4 t) at 20 yuan/t replace 10 t of the
    # 50 yuan/t abatement in power: power emits 60, price stays at the power MAC 50
    policy = ('allocation = "alloc.csv"\noffset_limit_share = 0.1\n'
              'offset_price_yuan_per_t = 20')
    out = solve_file(trading_system(tmp_path, policy))
    al = out["allowances"].set_index("sector")
    assert al["offsets_t"].sum() == pytest.approx(10)
    assert al["emissions_t"].sum() == pytest.approx(110)
    # 30·60 + 80·40 + 1000 + 20·10 = 6200
    assert out["objective"] == pytest.approx(6200)
    assert al["price_yuan_per_t"].tolist() == pytest.approx([50, 50])


def test_tax_equals_the_cap_price(tmp_path):
    # a tax of 70 yuan/t (between the switching costs 66.67 and 75) gives the all-gas mix,
    # and the price read from the accounting row is the tax
    techs = [tech("coal", "power", "electricity", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("gas", "power", "electricity", var_cost_yuan_per_output=70,
                  co2_t_per_output=0.4),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=100)]
    toml = make_scenario(tmp_path, techs, [[2020, "electricity", 100]],
                         policy='carbon_tax = "tax.csv"',
                         files={"tax.csv": (["year", "price_yuan_per_t"], [[2020, 70]])})
    out = solve_file(toml)
    assert act(out, "gas")[2020] == pytest.approx(100)
    assert out["objective"] == pytest.approx(7000 + 70 * 40)
    assert out["carbon_price"]["price_yuan_per_t"].iloc[0] == pytest.approx(70)


def test_direct_and_pyomo_handover_agree(tmp_path):
    toml = merit_order(tmp_path, [[2020, "total", 110], [2021, "total", 60],
                                  [2022, "total", 20]], years=(2020, 2022), rate=0.05)
    direct = solve_file(toml)
    pyomo = solve_file(toml, handover="pyomo")
    assert direct["objective"] == pytest.approx(pyomo["objective"])
    assert direct["carbon_price"]["price_yuan_per_t"].tolist() == pytest.approx(
        pyomo["carbon_price"]["price_yuan_per_t"].tolist())
    assert direct["marginal_cost"]["marginal_cost_yuan_per_unit"].tolist() == pytest.approx(
        pyomo["marginal_cost"]["marginal_cost_yuan_per_unit"].tolist())


def test_intermediate_electricity_and_uncounted_imports(tmp_path):
    # an electric bus takes 0.5 MWh per unit of service from local power (pv, or grid imports at
    # 0.6 t/MWh): electricity balance = 0.5·100 bus service + 20 direct demand = 70 MWh.
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1),
             tech("pv", "power", "electricity", var_cost_yuan_per_output=500, max_capacity=""),
             tech("ebus", "transport", "bus_km", input="electricity", input_per_output=0.5)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"],
             [["electricity_grid", 2020, 400, 0.6]])
    toml = make_scenario(tmp_path, techs, [[2020, "bus_km", 100], [2020, "electricity", 20]],
                         files={"fuels.csv": fuels})
    out = solve_file(toml)
    assert act(out, "grid")[2020] == pytest.approx(70)
    em = out["emissions"].groupby("sector")["co2_t"].sum()
    assert em["power"] == pytest.approx(42)          # 70 MWh · 0.6 t/MWh, in power
    assert em["transport"] == pytest.approx(0)
    assert out["fuel_use"]["use"].sum() == pytest.approx(70)
    assert out["objective"] == pytest.approx(70 * 400)
    # a unit of bus service costs 0.5 MWh at 400 yuan: 200
    mc = out["marginal_cost"].set_index("output")["marginal_cost_yuan_per_unit"]
    assert mc["bus_km"] == pytest.approx(200)
    # with count_imports = false the grid's CO2 is not counted
    toml2 = make_scenario(tmp_path / "b", techs, [[2020, "bus_km", 100],
                                                  [2020, "electricity", 20]],
                          files={"fuels.csv": fuels}, policy="count_imports = false")
    out2 = solve_file(toml2)
    assert out2["emissions"]["co2_t"].sum() == pytest.approx(0)


def test_non_fossil_share_follows_the_grid_path_year_by_year(tmp_path):
    # 100 MWh a year from the grid at 0.3 tce/MWh; the grid's non-fossil share is 0.2 in 2020 and
    # 0.6 in 2022, so 0.4 in 2021 (linear): indicators' share = the grid's share of that year
    techs = [tech("grid", "power", "electricity", input="electricity_grid", input_per_output=1)]
    fuels = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit", "tce_per_unit",
              "non_fossil_share"],
             [["electricity_grid", 2020, 400, 0.6, 0.3, 0.2],
              ["electricity_grid", 2022, 400, 0.6, 0.3, 0.6]])
    toml = make_scenario(tmp_path, techs, [[y, "electricity", 100] for y in (2020, 2021, 2022)],
                         years=(2020, 2022), files={"fuels.csv": fuels})
    out = solve_file(toml)
    assert by_year(out["indicators"], "energy_tce") == pytest.approx({2020: 30, 2021: 30, 2022: 30})
    assert by_year(out["indicators"], "non_fossil_share") == pytest.approx(
        {2020: 0.2, 2021: 0.4, 2022: 0.6})


def test_history_fixes_past_years_and_the_model_optimises_the_rest(tmp_path):
    # coal 30 yuan at 1 t vs clean 130 at 0 t under a tax of 200 yuan/t: clean is cheaper
    # (130 < 30 + 200). History says 2020 steam came all from coal: the model keeps it.
    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1),
             tech("clean", "industry", "steam", var_cost_yuan_per_output=130)]
    files = {"history.csv": (["year", "technology", "activity"],
                             [[2020, "coal", 100], [2020, "clean", 0]]),
             "tax.csv": (["year", "price_yuan_per_t"], [[2020, 200]])}
    toml = make_scenario(tmp_path, techs, [[2020, "steam", 100], [2021, "steam", 100]],
                         years=(2020, 2021), files=files, top='history = "history.csv"',
                         policy='carbon_tax = "tax.csv"')
    out = solve_file(toml)
    assert act(out, "coal") == pytest.approx({2020: 100, 2021: 0}, abs=1e-9)
    assert act(out, "clean") == pytest.approx({2020: 0, 2021: 100}, abs=1e-9)
    # cost: 2020 coal 30·100 + tax 200·100; 2021 clean 130·100 (no discounting)
    assert out["objective"] == pytest.approx(3000 + 20000 + 13000)


def test_history_outside_the_horizon_is_an_error(tmp_path):
    from carbon.errors import CarbonError

    techs = [tech("coal", "industry", "steam", var_cost_yuan_per_output=30, co2_t_per_output=1)]
    files = {"history.csv": (["year", "technology", "activity"], [[2015, "coal", 100]])}
    toml = make_scenario(tmp_path, techs, [[2020, "steam", 100]], files=files,
                         top='history = "history.csv"')
    with pytest.raises(CarbonError, match="history.csv.*2015"):
        solve_file(toml)


@pytest.mark.parametrize("cost, traded_t, objective, prices_", [
    # a trade cost of 5 < the 10 yuan/t MAC gap: power still sells 10 t to industry;
    # 6500 + 5·10 = 6550; industry pays the power MAC plus the cost: 55, power 50
    (5, 10, 6550, {"power": 50, "industry": 55}),
    # 20 > 10: no trade (each sector alone, 6600), each at its own MAC
    (20, 0, 6600, {"power": 50, "industry": 60}),
])
def test_a_trade_cost_is_charged_on_purchases(tmp_path, cost, traded_t, objective, prices_):
    out = solve_file(trading_system(tmp_path, 'allocation = "alloc.csv"\n'
                                              f'trade_cost_yuan_per_t = {cost}'))
    al = out["allowances"].set_index("sector")
    assert al.loc["industry", "net_purchase_t"] == pytest.approx(traded_t, abs=1e-9)
    assert out["objective"] == pytest.approx(objective)
    assert al["price_yuan_per_t"].to_dict() == pytest.approx(prices_)


def test_a_trade_cost_stops_a_zero_price_swap(tmp_path):
    # allocations far above BAU (power 100 t, industry 50 t): nothing binds, and with a cost
    # of 1 yuan/t no allowance changes hands (without it any swap would be an optimum too)
    toml = trading_system(tmp_path, 'allocation = "alloc.csv"\ntrade_cost_yuan_per_t = 1')
    (tmp_path / "alloc.csv").write_text("year,sector,allocation_t\n2020,power,500\n"
                                        "2020,industry,500\n")
    al = solve_file(toml)["allowances"]
    assert al["net_purchase_t"].abs().max() == pytest.approx(0, abs=1e-9)
    assert al["price_yuan_per_t"].abs().max() == pytest.approx(0, abs=1e-9)
