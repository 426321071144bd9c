r"""Marginal abatement cost curves by sweeping a CO2 cap on one built model.

System curve (``macc.csv``)
---------------------------
The *reference* is the scenario with its CO2 rules removed (caps, peak rules, budget, intensity,
allowance compliance unbounded; no carbon tax). Its CO2 over the horizon (or in one year,
``--year``) of the total or one sector is :math:`C_{ref}`; the least reachable :math:`C_{min}`
comes from the same model with the objective replaced by that CO2. For N caps

.. math:: Cap_j = C_{ref} - \frac{j}{N}(C_{ref} - C_{min}), \quad j = 1..N

the model is re-solved (warm-started from the reference basis) with the row
:math:`\sum_{y} e_{s,y} \le Cap_j` (one year: :math:`e_{s,Y} \le Cap_j`), and

* ``abatement_t`` = :math:`C_{ref} - \sum_y e_{s,y}` [t];
* ``marginal_cost_yuan_per_t`` = :math:`-\pi_j`, the dual of the cap row. The objective is
  discounted, so for a cumulative cap this is yuan of base-year present value per tonne; for one
  year's cap it is divided by :math:`df_Y` (undiscounted money of that year);
* ``cost_difference_yuan`` = system cost − the reference's (discounted), the area under the curve.

Between breakpoints the curve is a step function (LP duality); at a cap that falls exactly on a
breakpoint HiGHS returns one of the two slopes (``../shared/reference/pathway_model.md`` §7).
The last cap is the least reachable CO2, where every price from the last slope up supports the
solution: the value there is the one HiGHS returns, not a unique price.

Options (``technology_macc.csv``)
---------------------------------
Each technology against the reference alone ("partial" MACC, Sathaye & Meyers 1995, as LEAP
documents it), in the system model so that lifetimes, stock and limits hold: its activity in
every year is first pushed to the most the model allows (objective: maximise
:math:`\sum_y x_{k,y}`), then fixed from below at that path and the system re-optimised at least
cost. ``abatement_potential_t`` is the CO2 saved against the reference, ``cost_yuan_per_t`` the
cost difference over it (same money as ``macc.csv``). Options that save no CO2 are left out.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import CarbonError, ScenarioError
from carbon.scenarios import load_inputs, load_scenario
from carbon.scenarios.resolve import Resolver
from carbon.sweeps import store

#: abatement below this share of the reference counts as none
TOLERANCE = 1e-7


def _scope(r: Resolver, sector: str, year: int | None) -> np.ndarray:
    cols = r.emission_cols(sector)
    return cols if year is None else cols[[r.years.index(year)]]


def check_scope(r: Resolver, sector: str, year: int | None, source: Path) -> None:
    """The sector must have emissions in the model and the year be in the horizon."""
    if sector != "total" and sector not in r.idx.sectors:
        raise ScenarioError(f"{source.name}: --sector '{sector}' has no emissions in this "
                            f"scenario (sectors: total, {', '.join(r.idx.sectors)})")
    if year is not None and year not in r.years:
        raise ScenarioError(f"{source.name}: --year {year} is outside the horizon "
                            f"{r.years[0]}-{r.years[-1]}")


def abatement_curve(path: str | Path, *, steps: int = 10, sector: str = "total",
                    year: int | None = None, options: bool = True) -> dict[str, Any]:
    """The system MACC (and the options' MACC) of a scenario; nothing written.

    Returns
    -------
    dict
        ``macc`` and ``technology_macc`` (DataFrames) and ``summary`` (reference and least CO2,
        timings: ``build_s``, ``solves``, ``solve_s`` HiGHS's own time, ``wall_s``).
    """
    if steps < 2:
        raise ScenarioError(f"--steps {steps}: a curve needs at least 2 steps")
    t0 = time.perf_counter()
    scenario = load_scenario(path)
    r = Resolver(load_inputs(scenario))
    check_scope(r, sector, year, scenario.source)
    build_s = time.perf_counter() - t0
    scope = _scope(r, sector, year)
    cap_row = r.add_row("macc_cap", scope, np.ones(len(scope)))
    r.relax_co2_rules()
    r.rebase()
    ref = r.solve_reference()
    solves = [ref]
    c_ref = float(ref.x[scope].sum())
    cost_ref = r.system_cost(ref)
    df = 1.0 if year is None else float(r.inputs.discount[r.years.index(year)])
    # the least reachable CO2: the same model, the scoped CO2 as objective
    r.set_costs(np.arange(len(r.cost)), 0.0)
    r.set_costs(scope, 1.0)
    least = r.solve()
    solves.append(least)
    r.reset()
    if least.status != "optimal":
        raise CarbonError(f"scenario '{scenario.name}': the least CO2 reachable could not be "
                          f"found (HiGHS: {least.status})")
    c_min = float(least.x[scope].sum())
    rows = []
    for j in range(1, steps + 1):
        cap = c_ref - j / steps * (c_ref - c_min)
        r.set_row_bounds(cap_row, -np.inf, cap)
        sol = r.solve()
        solves.append(sol)
        if sol.status != "optimal":
            rows.append({"step": j, "cap_t": cap, "abatement_t": np.nan,
                         "marginal_cost_yuan_per_t": np.nan, "cost_difference_yuan": np.nan,
                         "status": sol.status})
            continue
        rows.append({"step": j, "cap_t": cap, "abatement_t": c_ref - float(sol.x[scope].sum()),
                     "marginal_cost_yuan_per_t": -float(sol.row_dual[cap_row]) / df,
                     "cost_difference_yuan": r.system_cost(sol) - cost_ref,
                     "status": sol.status})
    r.reset()
    macc = pd.DataFrame(rows, columns=["step", "cap_t", "abatement_t",
                                       "marginal_cost_yuan_per_t", "cost_difference_yuan",
                                       "status"])
    macc = macc[["abatement_t", "marginal_cost_yuan_per_t", "step", "cap_t",
                 "cost_difference_yuan", "status"]]
    tech = _options(r, scope, None if year is None else r.years.index(year),
                                 c_ref, cost_ref, df, solves) if options else None
    wall = time.perf_counter() - t0
    summary = {"scenario": scenario.name, "sector": sector, "year": year, "steps": steps,
               "inputs": store.input_hashes(scenario), "versions": store.versions(),
               "reference_co2_t": c_ref, "least_co2_t": c_min,
               "reference_cost_yuan": cost_ref,
               "money": "present value (base year)" if year is None else f"yuan of {year}",
               "timings": {"build_s": build_s, "solves": len(solves),
                           "solve_s": float(sum(s.solve_s for s in solves)), "wall_s": wall}}
    return {"macc": macc, "technology_macc": tech, "summary": summary}


def _options(r: Resolver, scope: np.ndarray, yi: int | None, c_ref: float, cost_ref: float,
             df: float, solves: list) -> pd.DataFrame:
    """Each technology pushed to its most against the reference (see the module notes)."""
    inp = r.inputs
    ny = len(r.years)
    ref = r.reference
    assert ref is not None
    rows = []
    for ki, k in enumerate(r.idx.techs):
        cols = r.col("activity", ki, np.arange(ny))
        if yi is not None:                        # one year: only that year's activity moves
            cols = cols[[yi]]
        r.set_costs(np.arange(len(r.cost)), 0.0)
        r.set_costs(cols, -1.0)
        most = r.solve()
        solves.append(most)
        r.reset()
        if most.status != "optimal":
            continue
        if most.x[cols].sum() <= ref.x[cols].sum() * (1 + TOLERANCE) + TOLERANCE:
            continue                              # cannot be used more than in the reference
        r.set_col_bounds(cols, most.x[cols], r.col_upper[cols])
        sol = r.solve()
        solves.append(sol)
        r.reset()
        if sol.status != "optimal":
            continue
        abate = c_ref - float(sol.x[scope].sum())
        if abate <= TOLERANCE * max(abs(c_ref), 1.0):
            continue
        dcost = (r.system_cost(sol) - cost_ref) / df
        rows.append({"technology": k, "sector": inp.techs.at[k, "sector"],
                     "output": inp.techs.at[k, "output"],
                     "abatement_potential_t": abate, "cost_difference_yuan": dcost,
                     "cost_yuan_per_t": dcost / abate,
                     "activity_reference": float(ref.x[cols].sum()),
                     "activity_option": float(sol.x[cols].sum())})
    cols_out = ["technology", "sector", "output", "abatement_potential_t",
                "cost_difference_yuan", "cost_yuan_per_t", "activity_reference",
                "activity_option"]
    return (pd.DataFrame(rows, columns=cols_out).sort_values("cost_yuan_per_t", kind="stable")
            .reset_index(drop=True))


def write_macc(result: dict[str, Any], folder: Path) -> Path:
    """``macc.csv``, ``technology_macc.csv``, ``summary.json`` and the step plot ``macc.png`` /
    ``macc.svg`` (:func:`carbon.reporting.plots.macc_steps`) into ``folder``."""
    from carbon.reporting.plots import macc_steps, save_figure
    from carbon.reporting.style import use_language

    folder = Path(folder)
    store.write_csv(result["macc"], folder / "macc.csv")
    if result["technology_macc"] is not None:
        store.write_csv(result["technology_macc"], folder / "technology_macc.csv")
    store.write_json(result["summary"], folder / "summary.json")
    use_language("en")
    s = result["summary"]
    label = f"{s['scenario']}, {s['sector']}, {'cumulative' if s['year'] is None else s['year']}"
    save_figure(macc_steps(result["macc"], label=label), folder / "macc")
    return folder


def format_macc(result: dict[str, Any]) -> str:
    """The curve on one screen."""
    s = result["summary"]
    unit = "yuan/t (present value)" if s["year"] is None else f"yuan/t ({s['year']} money)"
    lines = [f"MACC of scenario {s['scenario']} ({s['sector']}, "
             f"{'cumulative' if s['year'] is None else s['year']}): reference "
             f"{s['reference_co2_t']:,.0f} t, least {s['least_co2_t']:,.0f} t",
             f"  {'abatement t':>16}  {'marginal cost ' + unit}"]
    macc = result["macc"]
    for j, (a, m) in enumerate(zip(macc["abatement_t"], macc["marginal_cost_yuan_per_t"],
                                   strict=True)):
        last = j == len(macc) - 1
        lines.append(f"  {a:>16,.0f}  {m:,.2f}"
                     f"{'  (at the least reachable CO2 the price is not unique)' if last else ''}")
    t = s["timings"]
    lines.append(f"  {t['solves']} solves of one built model in {t['wall_s']:.2f} s "
                 f"(HiGHS {t['solve_s']:.2f} s)")
    return "\n".join(lines)
