"""Run a tiny scenario through the chain and read its frames (no files written)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from carbon.scenarios import build_model, extract_results, load_inputs, load_scenario, solve
from carbon.scenarios.data import TECH_COLUMNS


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


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def tech(name: str, sector: str, output: str, **kw) -> dict:
    """A technology row; by default no capacity (no stock, no capital), no input, no CO2."""
    row = {c: "" for c in TECH_COLUMNS}
    row.update(technology=name, sector=sector, output=output, input_per_output=0,
               co2_t_per_output=0, var_cost_yuan_per_output=0, capex_yuan_per_capacity=0,
               fixed_om_yuan_per_capacity=0)
    row.update(kw)
    return row


def make_scenario(folder: Path, techs: list[dict], demand: list[list], *, years=(2020, 2020),
                  rate: float = 0.0, policy: str = "", files: dict | None = None,
                  top: str = "", name: str = "s") -> Path:
    """Write technologies/demand/fuels (+ ``files``: name -> (header, rows)) and ``name.toml``."""
    folder.mkdir(parents=True, exist_ok=True)
    extra = [c for t in techs for c in t if c not in TECH_COLUMNS]
    header = TECH_COLUMNS + sorted(set(extra))
    write_csv(folder / "technologies.csv", header, [[t.get(c, "") for c in header] for t in techs])
    write_csv(folder / "demand.csv", ["year", "output", "demand"], demand)
    files = dict(files or {})
    if "fuels.csv" not in files:
        files["fuels.csv"] = (["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"], [])
    for fname, (head, rows) in files.items():
        write_csv(folder / fname, head, rows)
    toml = folder / f"{name}.toml"
    toml.write_text(f"base_year = {years[0]}\nend_year = {years[1]}\ndiscount_rate = {rate}\n"
                    'technologies = "technologies.csv"\ndemand = "demand.csv"\n'
                    f'fuels = "fuels.csv"\n{top}\n[policy]\n{policy}\n', encoding="utf-8")
    return toml
