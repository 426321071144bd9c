"""The shipped Ningxiang scenarios: every rule binds or is exempted with its reason, and no
vehicle class is parked (idle share ≤ 5% in every year)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.scenarios import build_model, extract_results, load_inputs, load_scenario, solve

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
NAMES = ("frozen", "baseline", "policy", "early_peak")


@pytest.fixture(scope="module")
def solved() -> dict[str, dict]:
    out = {}
    for name in NAMES:
        inputs = load_inputs(load_scenario(SCENARIOS / f"{name}.toml"))
        model = build_model(inputs)
        out[name] = extract_results(model, solve(model)) | {"inputs": inputs}
    return out


def exemptions() -> pd.DataFrame:
    return pd.read_csv(SCENARIOS / "rule_exemptions.csv")


@pytest.mark.parametrize("name", ["policy", "early_peak"])
def test_every_rule_binds_or_is_exempted_with_a_reason(solved, name):
    ex = exemptions()
    ex = ex[ex["scenario"] == name].set_index("rule")["reason"]
    rules = {r["rule"]: r["binds_in"] for r in solved[name]["summary"]["rules"]}
    assert rules, "the scenario has rules"
    idle = [r for r, years in rules.items() if not years and r not in ex.index]
    assert not idle, f"{name}: rules that never bind and are not exempted: {idle}"
    # an exemption must be for a rule that exists and really does not bind
    stale = [r for r in ex.index if r not in rules or rules[r]]
    assert not stale, f"{name}: exemptions of rules that bind or do not exist: {stale}"
    assert all(len(str(reason)) > 20 for reason in ex)


def test_the_readme_shows_the_exemptions(solved):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in exemptions().itertuples():
        assert f"| {row.scenario} | {row.rule} | {row.reason} |" in readme


@pytest.mark.parametrize("name", NAMES)
def test_no_vehicle_class_is_parked(solved, name):
    # idle share = 1 - activity / (availability x output_per_capacity x capacity)
    res, inputs = solved[name], solved[name]["inputs"]
    vehicles = [k for k in inputs.techs.index if inputs.techs.at[k, "capacity_unit"] == "vehicle"]
    assert len(vehicles) >= 10
    cap = res["capacity"].set_index(["technology", "year"])["capacity"]
    act = res["activity"].set_index(["technology", "year"])["activity"]
    p = inputs.params
    worst = {}
    for k in vehicles:
        for y in inputs.years:
            avail = p["availability"].at[k, y] * p["output_per_capacity"].at[k, y] * cap[(k, y)]
            if avail > 1e-9:
                worst[(k, y)] = 1 - act[(k, y)] / avail
    bad = {key: round(v, 4) for key, v in worst.items() if v > 0.05 + 1e-6}
    assert not bad, f"{name}: vehicle classes idle above 5%: {bad}"


def test_the_waste_must_be_treated(solved):
    # waste_to_energy must run at availability_min 0.85 of its 11.67 MW x 8760 h from 2024
    for name in NAMES:
        act = solved[name]["activity"].set_index(["technology", "year"])["activity"]
        assert act[("waste_to_energy", 2030)] >= 0.85 * 1000 * 0.28 / 24 * 8760 - 1e-6


def test_early_peak_has_sector_prices_and_they_are_printed(solved):
    from carbon.scenarios import format_run_summary

    summary = solved["early_peak"]["summary"]
    text = format_run_summary(summary)
    assert "power" in text and "peak-rule term" in text
    prices = solved["early_peak"]["carbon_price"]
    power = prices[(prices["sector"] == "power") & (prices["year"] == 2030)]
    assert float(power["price_yuan_per_t"].iloc[0]) > 1.0


def test_peak_rules_never_raise_cumulative_emissions(solved, tmp_path):
    # each run against the baseline counted the same way: early_peak counts scope 2 market-based
    # (the other purchases at the residual factor, above the average), so its baseline is the
    # shipped baseline with scope2_method = "market"
    base = solved["baseline"]["summary"]["cumulative_co2_t"]
    assert solved["policy"]["summary"]["cumulative_co2_t"] <= base * (1 + 1e-9)
    market = tmp_path / "baseline_market.toml"
    market.write_text(f'name = "baseline_market"\nextends = "{SCENARIOS / "baseline.toml"}"\n'
                      '[policy]\nscope2_method = "market"\n', encoding="utf-8")
    model = build_model(load_inputs(load_scenario(market)))
    base_market = extract_results(model, solve(model))["summary"]["cumulative_co2_t"]
    assert solved["early_peak"]["summary"]["cumulative_co2_t"] <= base_market * (1 + 1e-9)


def test_scope2_views_add_up(solved):
    for name in NAMES:
        res = solved[name]
        prod = res["emissions"].groupby("year")["co2_t"].sum()
        end = res["emissions_end_use"].groupby("year")["co2_t"].sum()
        assert np.allclose(prod.to_numpy(), end.reindex(prod.index).to_numpy(), rtol=1e-9)
