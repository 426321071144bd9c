r"""The cost of an earlier peak: one scenario solved with its peak year moved, on one built model.

For each peak year T of a range, the total (or one sector's) CO2 must not rise after T and its
level in T is bounded by what the scenario emits in T without its peak rules (the DESIGN.md
meaning of a peak rule):

.. math:: e_{s,y+1} - e_{s,y} \le 0 \ (T \le y < Y), \qquad e_{s,T} \le R_{s,T}

with R the *reference*: the scenario with every peak rule removed (its other CO2 rules kept).
The scenario's own peak rules are replaced by this one; other rules stay. The rows for every year
are added to the model once (inactive) and only their bounds change between solves, each solve
warm-started from the reference basis.

Reported per T: ``total_cost_yuan`` (discounted system cost, base-year money) and its
difference from the reference, ``cumulative_co2_t`` of the total over the horizon, the peak year
and value reached, and the carbon price (the dual of the total accounting row, undiscounted) in
T and in every year (``prices``). Moving T earlier only adds rows, so the cost never falls as the
peak moves earlier when R rises up to T.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import ScenarioError
from carbon.scenarios import load_inputs, load_scenario
from carbon.scenarios.resolve import Resolver, peak_of
from carbon.sweeps import store
from carbon.sweeps.macc import check_scope


def parse_years(text: str) -> tuple[int, int]:
    """``2025:2035`` (or one year) → (first, last)."""
    try:
        parts = [int(p) for p in str(text).split(":")]
    except ValueError:
        raise ScenarioError(f"--years {text!r}: expected FIRST:LAST, e.g. 2025:2035") from None
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or parts[0] > parts[1]:
        raise ScenarioError(f"--years {text!r}: expected FIRST:LAST with FIRST <= LAST")
    return parts[0], parts[1]


def peak_sweep(path: str | Path, years: tuple[int, int], *, sector: str = "total"
               ) -> dict[str, Any]:
    """Solve the scenario once per peak year; return ``peaks``, ``prices`` and ``summary``."""
    t0 = time.perf_counter()
    scenario = load_scenario(path)
    r = Resolver(load_inputs(scenario))
    check_scope(r, sector, None, scenario.source)
    first, last = years
    h = r.years
    if first < h[0] or last > h[-1]:
        raise ScenarioError(f"{scenario.source.name}: --years {first}:{last} is outside the "
                            f"horizon {h[0]}-{h[-1]}")
    cols = r.emission_cols(sector)
    rise = {h[i]: r.add_row(f"peak_rise_{h[i]}", [cols[i], cols[i - 1]], [1.0, -1.0])
            for i in range(1, len(h))}
    peak_rows = np.array([i for (fam, _), i in r.rows.items() if fam.startswith("peak")],
                         dtype=np.int64)
    r.set_row_bounds(peak_rows, -np.inf, np.inf)
    r.rebase()
    ref = r.solve_reference()
    level = ref.x[cols]
    cost_ref = r.system_cost(ref)
    build_s = time.perf_counter() - t0
    rows, prices, solve_s = [], [], ref.solve_s
    for t in range(first, last + 1):
        ti = h.index(t)
        r.set_row_bounds([rise[y] for y in h if y > t], -np.inf, 0.0)
        r.set_col_bounds(cols[ti], r.col_lower[cols[ti]], level[ti])
        sol = r.solve()
        solve_s += sol.solve_s
        r.reset()
        row: dict[str, Any] = {"peak_year_rule": t, "status": sol.status}
        if sol.status == "optimal":
            total = r.total_emissions(sol)
            py, pv = peak_of(h, r.total_emissions(sol, sector))
            price = r.carbon_price(sol)
            row |= {"total_cost_yuan": r.system_cost(sol),
                    "cost_difference_yuan": r.system_cost(sol) - cost_ref,
                    "cumulative_co2_t": float(total.sum()), "peak_year": py, "peak_co2_t": pv,
                    "carbon_price_peak_year_yuan_per_t": float(price[ti])}
            prices.append(pd.DataFrame({"peak_year_rule": t, "year": h,
                                        "price_yuan_per_t": price, "co2_t": total}))
        rows.append(row)
    peaks = pd.DataFrame(rows, columns=["peak_year_rule", "status", "total_cost_yuan",
                                        "cost_difference_yuan", "cumulative_co2_t", "peak_year",
                                        "peak_co2_t", "carbon_price_peak_year_yuan_per_t"])
    ref_py, ref_pv = peak_of(h, ref.x[cols])
    summary = {"scenario": scenario.name, "sector": sector, "years": [first, last],
               "inputs": store.input_hashes(scenario),
               "reference": {"total_cost_yuan": cost_ref, "peak_year": ref_py,
                             "peak_co2_t": ref_pv,
                             "cumulative_co2_t": float(r.total_emissions(ref).sum())},
               "timings": {"build_s": build_s, "solves": 1 + last - first + 1,
                           "solve_s": solve_s, "wall_s": time.perf_counter() - t0}}
    return {"peaks": peaks,
            "prices": pd.concat(prices, ignore_index=True) if prices else
            pd.DataFrame(columns=["peak_year_rule", "year", "price_yuan_per_t", "co2_t"]),
            "summary": summary}


def format_peaks(result: dict[str, Any]) -> str:
    s = result["summary"]
    lines = [f"cost of the peak year, scenario {s['scenario']} ({s['sector']}); without a peak "
             f"rule it peaks in {s['reference']['peak_year']}",
             f"  {'peak by':>7}  {'status':<10} {'extra cost yuan':>18} {'cumulative t':>16} "
             f"{'price yuan/t':>12}"]
    for _, p in result["peaks"].iterrows():
        if p["status"] != "optimal":
            lines.append(f"  {p['peak_year_rule']:>7}  {p['status']:<10}")
            continue
        lines.append(f"  {p['peak_year_rule']:>7}  {p['status']:<10} "
                     f"{p['cost_difference_yuan']:>18,.0f} {p['cumulative_co2_t']:>16,.0f} "
                     f"{p['carbon_price_peak_year_yuan_per_t']:>12,.2f}")
    return "\n".join(lines)


def write_peaks(result: dict[str, Any], folder: Path, *, csv: bool = False) -> Path:
    """``peaks.parquet``, ``prices.parquet`` (and CSV on request) and ``summary.json``."""
    folder = Path(folder)
    for name in ("peaks", "prices"):
        store.write_parquet(result[name], folder / f"{name}.parquet")
        if csv:
            store.write_csv(result[name], folder / f"{name}.csv")
    store.write_json(result["summary"] | {"versions": store.versions()}, folder / "summary.json")
    return folder
