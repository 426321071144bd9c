"""The cap-sweep MACC on a three-technology system whose switching costs are worked by hand.

One output ``heat``, demand 100 in each of two years (2020, 2021), discount rate 0, no capacity:

=========  ============  ===========
 tech       CO2 t/unit    cost yuan/unit
=========  ============  ===========
 coal       1.0           10
 gas        0.5           20
 electric   0.0           40
=========  ============  ===========

Reference (no CO2 rule): all coal, CO2 = 2 × 100 = 200 t, cost 2000. Least CO2: all electric, 0 t.
The cost of CO2 is the lower convex hull of (CO2, cost) per year: coal→gas saves 0.5 t per unit
for 10 yuan, 20 yuan/t, for the first 50 t a year (100 t over both years); gas→electric saves
0.5 t for 20 yuan, 40 yuan/t, for the next 100 t. (Coal→electric, 30 yuan/t, lies above the hull.)
With 4 caps: abatement 50, 100, 150, 200 t → prices 20, {20 or 40 at the breakpoint}, 40, ≥ 40.
With 5 caps: 40, 80, 120, 160, 200 t → 20, 20, 40, 40, ≥ 40.
Options against the reference: gas can serve all 200 units: abatement 100 t for 2000 yuan more,
20 yuan/t; electric: 200 t for 6000 yuan, 30 yuan/t.
"""

from __future__ import annotations

import numpy as np
import pytest

from carbon.errors import ScenarioError
from carbon.sweeps.macc import abatement_curve, write_macc
from tests.scenarios.scenario_helpers import make_scenario, tech


def three_techs(tmp_path, policy: str = ""):
    techs = [tech("coal", "industry", "heat", co2_t_per_output=1.0, var_cost_yuan_per_output=10),
             tech("gas", "industry", "heat", co2_t_per_output=0.5, var_cost_yuan_per_output=20),
             tech("electric", "industry", "heat", var_cost_yuan_per_output=40)]
    return make_scenario(tmp_path, techs, [[2020, "heat", 100], [2021, "heat", 100]],
                         years=(2020, 2021), policy=policy)


def test_cap_sweep_matches_switching_costs(tmp_path):
    res = abatement_curve(three_techs(tmp_path, "budget_t = 120"), steps=5)
    macc = res["macc"]
    s = res["summary"]
    assert s["reference_co2_t"] == pytest.approx(200)      # the budget is removed: all coal
    assert s["least_co2_t"] == pytest.approx(0, abs=1e-6)
    np.testing.assert_allclose(macc["abatement_t"], [40, 80, 120, 160, 200], atol=1e-6)
    np.testing.assert_allclose(macc["marginal_cost_yuan_per_t"][:4], [20, 20, 40, 40],
                               rtol=1e-9)
    assert macc["marginal_cost_yuan_per_t"].iloc[4] >= 40 - 1e-9
    assert (np.diff(macc["marginal_cost_yuan_per_t"]) >= -1e-9).all()
    # area under the curve: 100 t at 20 + 20 t at 40 = 2800 yuan for 120 t
    assert macc["cost_difference_yuan"].iloc[2] == pytest.approx(2800)
    tech_macc = res["technology_macc"].set_index("technology")
    assert tech_macc.at["gas", "abatement_potential_t"] == pytest.approx(100)
    assert tech_macc.at["gas", "cost_yuan_per_t"] == pytest.approx(20)
    assert tech_macc.at["electric", "abatement_potential_t"] == pytest.approx(200)
    assert tech_macc.at["electric", "cost_yuan_per_t"] == pytest.approx(30)
    assert "coal" not in tech_macc.index
    assert list(tech_macc.index) == ["gas", "electric"]     # cheapest first


def test_one_year_cap_is_undiscounted(tmp_path):
    """At r = 10% a one-year cap on 2021 prices 2021 money: still 20 then 40 yuan/t."""
    toml = three_techs(tmp_path)
    toml.write_text(toml.read_text().replace("discount_rate = 0.0", "discount_rate = 0.1"))
    res = abatement_curve(toml, steps=4, year=2021, options=False)
    np.testing.assert_allclose(res["macc"]["abatement_t"], [25, 50, 75, 100], atol=1e-6)
    np.testing.assert_allclose(res["macc"]["marginal_cost_yuan_per_t"][[0, 2]], [20, 40],
                               rtol=1e-9)


def test_files_and_bad_input(tmp_path):
    toml = three_techs(tmp_path)
    res = abatement_curve(toml, steps=2)
    folder = write_macc(res, tmp_path / "out")
    head = (folder / "macc.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert head.startswith("abatement_t,marginal_cost_yuan_per_t")
    with pytest.raises(ScenarioError, match="at least 2"):
        abatement_curve(toml, steps=1)
    with pytest.raises(ScenarioError, match="outside the horizon"):
        abatement_curve(toml, steps=3, year=2030)
    with pytest.raises(ScenarioError, match="power"):
        abatement_curve(toml, steps=3, sector="power")
