"""The [uncertainty] table, its draws, and one draw's re-solve against a cold build."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest

from carbon.errors import ScenarioError
from carbon.scenarios import build_model, load_inputs, load_scenario, solve
from carbon.scenarios.resolve import Resolver
from carbon.sweeps.perturb import Perturber, perturbed_inputs, projection_terms
from carbon.sweeps.uncertainty import Distribution, read_uncertainty
from tests.sweeps.mc_fixture import uncertain_system


def test_draws_stay_in_bounds_and_follow_the_distribution():
    d = Distribution(distribution="normal", mean=1.0, sd=0.2, low=0.9, high=1.5)
    x = d.sample(np.random.default_rng(0).random(20000))
    assert x.min() >= 0.9 and x.max() <= 1.5
    # truncated normal: P(X <= 1.1 | 0.9 <= X <= 1.5) = (Φ(0.5) − Φ(−0.5)) / (Φ(2.5) − Φ(−0.5))
    n = NormalDist()
    expected = (n.cdf(0.5) - n.cdf(-0.5)) / (n.cdf(2.5) - n.cdf(-0.5))
    assert (x <= 1.1).mean() == pytest.approx(expected, abs=0.01)
    tri = Distribution(distribution="triangular", min=0.0, mode=1.0, max=4.0)
    # F(1) = (1−0)²/((4−0)(1−0)) = 0.25, so the 25th percentile is the mode
    assert float(tri.ppf(np.array([0.25]))[0]) == pytest.approx(1.0)
    logn = Distribution(distribution="lognormal", median=2.0, sigma=0.5)
    assert float(logn.ppf(np.array([0.5]))[0]) == pytest.approx(2.0)
    assert tri.ends() == (0.0, 4.0)
    assert Distribution(distribution="normal", mean=0, sd=1).ends()[1] == \
        pytest.approx(n.inv_cdf(0.95))


def test_same_seed_same_draws_and_longer_sweeps_extend(tmp_path):
    spec = read_uncertainty(load_scenario(uncertain_system(tmp_path)))
    a = spec.draw(50, seed=7)
    np.testing.assert_array_equal(a, spec.draw(50, seed=7))
    np.testing.assert_array_equal(a, spec.draw(80, seed=7)[:50])
    assert spec.names == ["gdp_growth", "grid_factor", "elasticity", "fuel_price.gas",
                          "technology_cost.clean"]


@pytest.mark.parametrize("table, message", [
    ("[uncertainty.gdp_growth]\ndistribution = 'normal'\nmean = 1\nsd = 0.1\nlow = 1.5\n"
     "high = 0.5\n", "lower bound 1.5 is above the upper bound 0.5"),
    ("[uncertainty.gdp_growth]\ndistribution = 'normal'\nmean = 1\n", "needs 'sd'"),
    ("[uncertainty.gdp_grwth]\ndistribution = 'normal'\nmean = 1\nsd = 1\n", "unknown key"),
    ("[uncertainty.elasticity]\ndistribution = 'uniform'\nmin = 2\nmax = 1\n", "not below max"),
    ("[uncertainty.technology_cost.x]\ndistribution = 'uniform'\nmin = 1\nmax = 2\n",
     "technologies"),
])
def test_bad_tables(tmp_path, table, message):
    toml = uncertain_system(tmp_path, uncertainty=table)
    with pytest.raises(ScenarioError, match=message) as err:
        read_uncertainty(load_scenario(toml))
    assert "mc.toml" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("others, policy", [
    (False, "budget_t = 1200"),
    (True, 'intensity = "intensity.csv"'),     # sectors not optimised and a CO2-per-GDP bound
])
def test_a_draw_resolved_in_place_equals_a_cold_build(tmp_path, others, policy):
    """Every kind of change (rows, costs, coefficients) against building the draw from scratch."""
    tmp_path.mkdir(exist_ok=True)
    # 0.12 t per 10^4 yuan in 2030: GDP 1791 → 215 t, binding on the fast-growth draws
    (tmp_path / "intensity.csv").write_text("year,t_per_10k_yuan\n2030,0.12\n")
    scenario = load_scenario(uncertain_system(tmp_path, policy=policy, others=others))
    spec = read_uncertainty(scenario)
    inputs = load_inputs(scenario)
    r = Resolver(inputs)
    r.solve_reference()
    terms = projection_terms(scenario)
    perturber = Perturber(r, spec, terms)
    for values in ([1.5, 0.8, 1.2, 0.7, 0.6], [0.5, 1.15, 0.8, 1.3, 1.4], [1, 1, 1, 1, 1],
                   [1.7, 1.2, 1.5, 1.0, 1.0]):
        named = dict(zip(spec.names, values, strict=True))
        perturber.apply(named)
        inp = perturbed_inputs(inputs, spec, named, terms)
        warm = r.solve()
        model = build_model(inp)
        cold = solve(model)
        assert warm.status == "optimal"
        assert warm.objective == pytest.approx(cold.objective, rel=1e-9)
        total = np.array([model.total_emissions[y].value for y in r.years])
        np.testing.assert_allclose(r.total_emissions(warm), total, rtol=1e-7, atol=1e-7)
    r.reset()
    assert r.solve().objective == pytest.approx(r.reference.objective, rel=1e-12)
