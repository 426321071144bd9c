"""The cost of an earlier peak, worked by hand.

Demand for heat rises 100, 110, …, 160 over 2020-2026 (D_y = 100 + 10(y − 2020)); coal emits
1 t/unit for 10 yuan, gas 0.5 t for 20 yuan, electric 0 t for 40 yuan; discount rate 0. Without
a peak rule all is coal and CO2 = D_y rises to 2026. A peak in T keeps T at its reference level
D_T (all coal) and holds every later year to D_T: the excess D_y − D_T is abated by gas at
(20 − 10)/(1 − 0.5) = 20 yuan/t. Extra cost(T) = 20 · Σ_{y>T} (D_y − D_T):
T=2026: 0; 2025: 20·10 = 200; 2024: 20·(10+20) = 600; 2023: 20·60 = 1200; 2022: 20·100 = 2000.
"""

from __future__ import annotations

import numpy as np
import pytest

from carbon.errors import ScenarioError
from carbon.sweeps.peak import parse_years, peak_sweep
from tests.scenarios.scenario_helpers import make_scenario, tech


def growing(tmp_path, policy: str = ""):
    techs = [tech("coal", "industry", "heat", co2_t_per_output=1.0, var_cost_yuan_per_output=10),
             tech("gas", "industry", "heat", co2_t_per_output=0.5, var_cost_yuan_per_output=20),
             tech("electric", "industry", "heat", var_cost_yuan_per_output=40)]
    demand = [[y, "heat", 100 + 10 * (y - 2020)] for y in range(2020, 2027)]
    return make_scenario(tmp_path, techs, demand, years=(2020, 2026), policy=policy)


def test_cost_of_peaking_rises_as_the_peak_moves_earlier(tmp_path):
    # the scenario's own peak rule (2021) is replaced by the swept one
    toml = growing(tmp_path, "[[policy.peak]]\nsector = \"total\"\nyear = 2021\n")
    res = peak_sweep(toml, (2022, 2026))
    peaks = res["peaks"].set_index("peak_year_rule")
    np.testing.assert_allclose(peaks["cost_difference_yuan"].loc[[2022, 2023, 2024, 2025, 2026]],
                               [2000, 1200, 600, 200, 0], atol=1e-6)
    earlier_first = peaks["total_cost_yuan"].sort_index(ascending=False).to_numpy()
    assert (np.diff(earlier_first) >= -1e-9).all()
    assert res["summary"]["reference"]["peak_year"] == 2026
    assert peaks.at[2023, "peak_year"] == 2023
    assert peaks.at[2023, "peak_co2_t"] == pytest.approx(130)
    # cumulative: 2020-2023 coal 100+110+120+130 = 460, then 3 years held at 130
    assert peaks.at[2023, "cumulative_co2_t"] == pytest.approx(460 + 3 * 130)
    prices = res["prices"]
    after = prices[(prices["peak_year_rule"] == 2023) & (prices["year"] > 2023)]
    np.testing.assert_allclose(after["price_yuan_per_t"], 20, rtol=1e-9)


def test_bad_years(tmp_path):
    toml = growing(tmp_path)
    with pytest.raises(ScenarioError, match="outside the horizon"):
        peak_sweep(toml, (2018, 2024))
    with pytest.raises(ScenarioError, match="FIRST <= LAST"):
        parse_years("2030:2025")
    assert parse_years("2025:2035") == (2025, 2035)
