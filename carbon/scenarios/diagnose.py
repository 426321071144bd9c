"""Explain an infeasible scenario: which policy, sector and year cannot be met, and by how much.

The scenario is rebuilt with a slack column on every policy row (caps, peak rules, budget,
intensity, allowance compliance) and every demand row, and the weighted sum of slack is
minimised (a unit of unmet demand weighs 1000 times a tonne of policy slack, so policies are
blamed first). The rows whose slack is positive are the ones that cannot be met; the slack is
the shortfall. The message is one to three lines, e.g.::

    scenario 'tiny': the total cap of 1 t in 2021 cannot be met: the least emissions possible
    are 5 t (short by 4 t)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from carbon.errors import InfeasibleError
from carbon.scenarios.data import ModelInputs

#: order in which violated families are reported
ORDER = ("emission_cap", "peak_bound", "peak_non_increasing", "budget", "intensity",
         "allowance_compliance", "utilisation_min", "growth", "share", "demand_balance")


def fmt(x: float) -> str:
    """A quantity for a message: thousands separators above 10^4, else 4 significant digits."""
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.4g}"


def _label(sector: str) -> str:
    return "total" if sector == "total" else f"{sector} sector"


def describe(family: str, key, slack: float, rhs: float, inputs: ModelInputs) -> str:
    """One violated row in words."""
    pol = inputs.scenario.policy
    if family == "emission_cap":
        sector, year = key
        return (f"the {_label(sector)} cap of {fmt(rhs)} t in {year} cannot be met: the least "
                f"emissions possible are {fmt(rhs + slack)} t (short by {fmt(slack)} t)")
    if family == "peak_bound":
        i, year = key
        rule = pol.peak[i]
        return (f"the {_label(rule.sector)} peak level of {fmt(rhs)} t in its peak year "
                f"{year} (max_t, or what the scenario emits then without peak rules) cannot be "
                f"met: the least emissions possible are {fmt(rhs + slack)} t "
                f"(short by {fmt(slack)} t)")
    if family == "peak_non_increasing":
        i, year = key
        rule = pol.peak[i]
        return (f"the {_label(rule.sector)} peak rule (no rise after {rule.year}) cannot be met "
                f"in {year}: emissions must rise by at least {fmt(slack)} t over {year - 1}")
    if family == "budget":
        a, z = pol.budget_years or (inputs.years[0], inputs.years[-1])
        return (f"the budget of {fmt(rhs)} t over {a}-{z} cannot be met: the least cumulative "
                f"emissions possible are {fmt(rhs + slack)} t (short by {fmt(slack)} t)")
    if family == "intensity":
        return (f"the CO2 intensity target of {fmt(float(inputs.intensity[key]))} t per 10^4 "
                f"yuan in {key} ({fmt(rhs)} t) cannot be met: the least emissions possible are "
                f"{fmt(rhs + slack)} t (short by {fmt(slack)} t)")
    if family == "allowance_compliance":
        sector, year = key
        return (f"the allowances of the trading sectors in {year} (with offsets and bank) cannot "
                f"cover their emissions: short by {fmt(slack)} t (first short: {sector})")
    if family == "utilisation_min":
        tech, year = key
        return (f"the minimum utilisation (availability_min) of '{tech}' in {year} cannot be "
                f"met: its stock must produce {fmt(slack)} more than the demand takes (lower "
                f"the stock, allow early_retirement, or lower availability_min)")
    if family == "growth":
        tech, year = key
        return (f"the growth limit on new capacity of '{tech}' in {year} (new_capacity_growth, "
                f"new_capacity_seed) cannot be met: {fmt(slack)} more new capacity is needed")
    if family == "share":
        tech, year, bound = key
        return (f"the {bound} of '{tech}' in {year} cannot be met: short by {fmt(slack)} "
                f"(units of its output, or of capacity for a share of new capacity)")
    if family == "demand_balance":
        output, year = key
        return (f"the demand for '{output}' of {fmt(rhs)} in {year} cannot be met: at most "
                f"{fmt(rhs - slack)} can be produced (short by {fmt(slack)})")
    return f"{family} {key} cannot be met (short by {fmt(slack)})"


def _short(family: str, key, slack: float, rhs: float, inputs: ModelInputs) -> str:
    """The subject of :func:`describe` for an "also:" line, always with the year it fails in."""
    head = describe(family, key, slack, rhs, inputs).split(" cannot")[0]
    year = key[-1] if isinstance(key, tuple) else key
    return head if f"in {year}" in head else f"{head} in {year}"


def diagnose(inputs: ModelInputs) -> InfeasibleError:
    """Re-solve with penalised slack and return the InfeasibleError that explains the failure."""
    from carbon.scenarios.model import build_model
    from carbon.scenarios.solve import run_highs

    name = inputs.scenario.name
    model = build_model(inputs, slack=True)
    result = run_highs(model, load_duals=False)
    if result.status != "optimal":
        return InfeasibleError(
            f"scenario '{name}': infeasible even when every policy and demand may be broken: "
            f"check the history (fixed activities), max_capacity and existing_capacity")
    idx = model.meta
    found: list[tuple[Any, Any, float, float]] = []
    for family, (start, n) in idx.slack_cols.items():
        fam = idx.families[family]
        values = np.array([idx.columns[start + i].value or 0.0 for i in range(n)])
        rhs = np.where(np.isfinite(fam.upper), fam.upper, fam.lower)
        tol = 1e-6 * np.maximum(1.0, np.abs(rhs))
        for i in np.flatnonzero(values > tol):
            if family == "allowance_compliance":      # report one row per year
                year = fam.index[i][1]
                if any(f == family and k[1] == year for f, k, *_ in found):
                    continue
                year_rows = [j for j, k in enumerate(fam.index) if k[1] == year]
                found.append((family, fam.index[i], float(values[year_rows].sum()), float(rhs[i])))
                continue
            found.append((family, fam.index[i], float(values[i]), float(rhs[i])))
    if not found:
        return InfeasibleError(f"scenario '{name}': HiGHS found no solution, but no policy or "
                               f"demand row is short; check the data for contradictions")
    found.sort(key=lambda f: (ORDER.index(f[0]) if f[0] in ORDER else 99, str(f[1])))
    lines = [f"scenario '{name}': {describe(*found[0], inputs)}"]
    if len(found) > 1:
        more = "; ".join(_short(*f, inputs) + f" (short by {fmt(f[2])}"
                         + ("" if f[0] == "demand_balance" else " t") + ")" for f in found[1:3])
        extra = f" and {len(found) - 3} more" if len(found) > 3 else ""
        lines.append(f"  also: {more}{extra}")
    return InfeasibleError("\n".join(lines))
