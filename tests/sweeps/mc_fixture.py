"""A small uncertain system: GDP-driven heat demand met by coal, gas or grid electricity."""

from __future__ import annotations

from pathlib import Path

from tests.scenarios.scenario_helpers import make_scenario, tech

YEARS = (2020, 2030)

UNCERTAINTY = """
[uncertainty.gdp_growth]
distribution = "normal"
mean = 1.0
sd = 0.3
low = 0.3
high = 1.7
[uncertainty.grid_factor]
distribution = "triangular"
min = 0.7
mode = 1.0
max = 1.2
[uncertainty.elasticity]
distribution = "lognormal"
median = 1.0
sigma = 0.2
[uncertainty.fuel_price.gas]
distribution = "uniform"
min = 0.6
max = 1.4
[uncertainty.technology_cost.clean]
technologies = ["electric"]
distribution = "normal"
mean = 1.0
sd = 0.2
low = 0.5
"""


def uncertain_system(folder: Path, policy: str = "", uncertainty: str = UNCERTAINTY, *,
                     others: bool = False) -> Path:
    """Heat demand 100 in 2020 growing with GDP (elasticity 0.8); gas and grid prices flat; the
    grid's CO2 factor falls from 0.8 to 0.4 t/MWh. Electric heat needs capacity (capex)."""
    techs = [tech("coal_boiler", "industry", "heat", input="coal", input_per_output=1.0,
                  var_cost_yuan_per_output=2),
             tech("gas_boiler", "industry", "heat", input="gas", input_per_output=1.0,
                  var_cost_yuan_per_output=3),
             tech("electric", "industry", "heat", input="electricity_grid", input_per_output=0.4,
                  capex_yuan_per_capacity=60, lifetime_yr=15, output_per_capacity=1,
                  availability=1)]
    years = range(YEARS[0], YEARS[1] + 1)
    fuels = []
    for y in years:
        t = y - YEARS[0]
        fuels += [["coal", y, 8, 1.0, ""], ["gas", y, 14, 0.55, ""],
                  ["electricity_grid", y, 30, round(0.8 - 0.04 * t, 6), "true"]]
    gdp = [[y, round(1000 * 1.06 ** (y - YEARS[0]), 6)] for y in years]
    files = {"fuels.csv": (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit", "is_import"],
                           fuels),
             "drivers.csv": (["year", "gdp_10k_yuan"], gdp),
             "projection.csv": (["output", "base_demand", "driver", "elasticity",
                                 "intensity_change_per_yr"], [["heat", 100, "gdp_10k_yuan", 0.8,
                                                               -0.01]])}
    top = 'drivers = "drivers.csv"\ndemand_projection = "projection.csv"'
    if others:       # buildings, not optimised: 50 t in 2020 growing with GDP^0.5, −1 %/yr
        files["others.csv"] = (["sector", "driver", "elasticity", "intensity_change_per_yr",
                                "base_co2_t"], [["buildings", "gdp_10k_yuan", 0.5, -0.01, 50]])
        top += '\nother_sectors = "others.csv"'
    toml = make_scenario(folder, techs, [], years=YEARS, rate=0.05, files=files, top=top,
                         policy=policy + "\n" + uncertainty, name="mc")
    text = toml.read_text().replace('demand = "demand.csv"\n', "")
    toml.write_text(text)
    return toml
