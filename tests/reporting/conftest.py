"""Small finished runs written by hand (no solver), so the report is tested on known numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest


def write_run(folder: Path, name: str, totals: dict[int, float], *, price: float = 0.0,
              indicators: dict | None = None) -> Path:
    """A run folder whose emissions are ``totals`` split 60/40 between power and transport."""
    folder.mkdir(parents=True, exist_ok=True)
    years = sorted(totals)
    rows = []
    for y in years:
        rows.append({"year": y, "sector": "power", "technology": "coal", "co2_t": 0.6 * totals[y]})
        rows.append({"year": y, "sector": "transport", "technology": "truck",
                     "co2_t": 0.4 * totals[y]})
    pd.DataFrame(rows).to_csv(folder / "emissions.csv", index=False)
    ind = {"year": years, "gdp_10k_yuan": [100.0 * 1.05 ** i for i in range(len(years))],
           "co2_t": [totals[y] for y in years],
           "energy_tce": [50.0 for _ in years], "non_fossil_share": [0.2 for _ in years]}
    ind["co2_per_gdp_t_per_10k_yuan"] = [c / g for c, g in zip(ind["co2_t"], ind["gdp_10k_yuan"],
                                                                 strict=True)]
    ind["energy_per_gdp_tce_per_10k_yuan"] = [e / g for e, g in zip(ind["energy_tce"],
                                                                   ind["gdp_10k_yuan"],
                                                                   strict=True)]
    ind.update(indicators or {})
    pd.DataFrame(ind).to_csv(folder / "indicators.csv", index=False)
    pd.DataFrame({"year": years, "sector": "total", "price_yuan_per_t": price,
                  "peak_rule_yuan_per_t": 0.0}).to_csv(folder / "carbon_price.csv", index=False)
    peak_year = max(years, key=lambda y: (totals[y], -y))
    (folder / "summary.json").write_text(json.dumps({
        "name": name, "status": "optimal", "total_cost_yuan": 1000.0,
        "peak_year": peak_year, "peak_co2_t": totals[peak_year],
        "cumulative_co2_t": sum(totals.values())}), encoding="utf-8")
    (folder / "scenario.resolved.toml").write_text(
        f'name = "{name}"\nbase_year = {years[0]}\nend_year = {years[-1]}\n'
        'discount_rate = 0.05\n[policy]\ncount_imports = true\n', encoding="utf-8")
    return folder


@pytest.fixture
def two_runs(tmp_path: Path) -> list[Path]:
    # base: 100, 110, 120, 115 (peak 2022); policy: 100, 105, 103, 100 (peak 2021)
    base = write_run(tmp_path / "base", "base", {2020: 100, 2021: 110, 2022: 120, 2023: 115})
    policy = write_run(tmp_path / "policy", "policy", {2020: 100, 2021: 105, 2022: 103,
                                                       2023: 100}, price=50.0)
    return [base, policy]


@pytest.fixture
def inventory_csv(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.csv"
    pd.DataFrame([
        {"year": 2020, "category": "1.A.1", "activity": "raw_coal", "gas": "CO2", "scope": 1,
         "emissions_t": 600.0, "co2e_t": 600.0, "factor_ids": "a", "sector": "power"},
        {"year": 2020, "category": "1.A.3.b", "activity": "diesel", "gas": "CO2", "scope": 1,
         "emissions_t": 300.0, "co2e_t": 300.0, "factor_ids": "b", "sector": "transport"},
        {"year": 2020, "category": "1.A.3.b", "activity": "diesel", "gas": "N2O", "scope": 1,
         "emissions_t": 0.1, "co2e_t": 26.5, "factor_ids": "c", "sector": "transport"},
    ]).to_csv(path, index=False)
    return path
