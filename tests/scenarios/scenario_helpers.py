"""Run a tiny scenario through the chain and read its frames (no files written)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from carbon.scenarios import build_model, extract_results, load_inputs, load_scenario, solve


def solve_file(toml: Path, **kw) -> dict:
    inputs = load_inputs(load_scenario(toml))
    model = build_model(inputs)
    result = solve(model, **kw)
    out = extract_results(model, result)
    out["objective"] = result.objective
    return out


def by_year(frame: pd.DataFrame, col: str) -> dict:
    return dict(zip(frame["year"], frame[col], strict=True))


def act(out: dict, tech: str) -> dict:
    a = out["activity"]
    a = a[a["technology"] == tech]
    return dict(zip(a["year"], a["activity"], strict=True))


def prices(out: dict, sector: str = "total") -> pd.DataFrame:
    """The carbon_price rows of one sector (or the total)."""
    p = out["carbon_price"]
    return p[p["sector"] == sector]
