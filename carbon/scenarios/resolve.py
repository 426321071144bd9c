"""Re-solve one built pathway model in memory: change bounds, costs or coefficients, warm-start.

A sweep (abatement cost curve, peak years, Monte Carlo draws, tornado) solves the same LP many
times with a few numbers changed. :class:`Resolver` builds the model once
(:func:`~carbon.scenarios.model.build_model`), hands its arrays to one ``highspy.Highs``
(:func:`~carbon.scenarios.solve.pass_to_highs`) and keeps it. Between solves only row bounds
(``changeRowsBounds``), column costs (``changeColsCost``) and matrix coefficients
(``changeCoeff``) change; rows a sweep needs beyond the scenario's (a cap on cumulative CO2, a
peak rule on another year) are added, inactive, before the first solve so that every solve shares
one set of rows. Each solve starts from the basis of the *reference* solve (``setBasis``), never
from the previous one, so a result does not depend on the order of the solves (the same draw
gives the same vertex on any worker; see ``../shared/reference/pyomo_highs.md`` §3 on warm
starts).

Every change is recorded against the built values, so :meth:`Resolver.reset` returns the model to
the scenario exactly (values are set, never accumulated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carbon.errors import CarbonError
from carbon.scenarios.data import ModelInputs
from carbon.scenarios.model import _col, _emission_col, build_model
from carbon.scenarios.solve import highs_status, pass_to_highs

#: the row families of CO2 rules (:mod:`carbon.scenarios.model`)
CO2_RULES = ("emission_cap", "peak_non_increasing", "peak_bound", "budget", "intensity",
             "allowance_compliance")


@dataclass
class Solution:
    """One solve: status, the values of every column, the row duals, HiGHS's own run time."""

    status: str
    objective: float | None
    x: np.ndarray
    row_dual: np.ndarray
    solve_s: float
    iterations: int


class Resolver:
    """One built model kept in HiGHS for many re-solves.

    Parameters
    ----------
    inputs : ModelInputs
        The scenario's inputs (:func:`carbon.scenarios.load_inputs`).
    threads : int
        HiGHS threads per solve (1: results do not depend on the machine's load).
    """

    def __init__(self, inputs: ModelInputs, *, threads: int = 1, time_limit: float = 600.0):
        import highspy

        self.inputs = inputs
        self.model = build_model(inputs)
        self.idx = self.model.meta
        lp = self.idx.lp
        self.lp = lp
        self.highs = pass_to_highs(lp, time_limit=time_limit, threads=threads)
        self._inf = highspy.kHighsInf
        self.rows = {ref: i for i, ref in enumerate(lp.row_refs)}
        self.base_cost = lp.cost.copy()
        self.base_row_lower = lp.row_lower.copy()
        self.base_row_upper = lp.row_upper.copy()
        self.base_col_lower = lp.col_lower.copy()
        self.base_col_upper = lp.col_upper.copy()
        self.cost = self.base_cost.copy()
        self.col_lower = self.base_col_lower.copy()
        self.col_upper = self.base_col_upper.copy()
        self.row_lower = self.base_row_lower.copy()
        self.row_upper = self.base_row_upper.copy()
        self._coef_base: dict[tuple[int, int], float] = {}
        self._coef_now: dict[tuple[int, int], float] = {}
        self.basis = None
        self.reference: Solution | None = None

    # ------------------------------------------------------------------------ where things are
    @property
    def years(self) -> list[int]:
        return self.idx.years

    def col(self, family: str, i, yi=None) -> np.ndarray:
        """Column numbers of a variable family's members (see :mod:`carbon.scenarios.model`)."""
        return _col(self.idx, family, i, yi)

    def emission_cols(self, sector: str) -> np.ndarray:
        """The CO2 columns of ``sector`` (or ``total``), one per year."""
        return np.array([_emission_col(self.idx, sector, y) for y in self.years])

    def family_rows(self, name: str) -> tuple[list, np.ndarray]:
        """Keys and row numbers of one row family's (non-empty) rows."""
        keys, rows = [], []
        for (fam, key), i in self.rows.items():
            if fam == name:
                keys.append(key)
                rows.append(i)
        return keys, np.asarray(rows, dtype=np.int64)

    def co2_rule_rows(self) -> np.ndarray:
        """Every row of a CO2 rule: caps, peak rules, budget, intensity, allowance compliance.

        Other policy rows (minimum utilisation, build-rate limits) describe the system, not a
        CO2 target, and stay.
        """
        return np.array([i for (fam, _), i in self.rows.items() if fam in CO2_RULES],
                        dtype=np.int64)

    def coefficient(self, row: int, col: int) -> float:
        """The built matrix coefficient at (row, col) (0 where none)."""
        lp = self.lp
        s, e = lp.row_start[row], lp.row_start[row + 1]
        hit = np.flatnonzero(lp.col_index[s:e] == col)
        return float(lp.value[s + hit[0]]) if hit.size else 0.0

    # ---------------------------------------------------------------------------------- changing it
    def add_row(self, name, cols, coefs) -> int:
        """Add an inactive row (no bounds) before the reference solve; return its number."""
        if self.reference is not None:
            raise CarbonError("rows are added before the reference solve (one basis for all)")
        cols = np.asarray(cols, dtype=np.int32)
        coefs = np.asarray(coefs, dtype=float)
        self.highs.addRow(-self._inf, self._inf, len(cols), cols, coefs)
        i = len(self.row_lower)
        self.rows[("sweep", name)] = i
        self.base_row_lower = np.append(self.base_row_lower, -np.inf)
        self.base_row_upper = np.append(self.base_row_upper, np.inf)
        self.row_lower = np.append(self.row_lower, -np.inf)
        self.row_upper = np.append(self.row_upper, np.inf)
        return i

    def _bounds(self, index, lower, upper):
        """``index`` as int64 and its bounds broadcast to it, or None when it is empty."""
        index = np.atleast_1d(np.asarray(index, dtype=np.int64))
        if index.size == 0:
            return None
        lo = np.broadcast_to(np.asarray(lower, dtype=float), index.shape).copy()
        hi = np.broadcast_to(np.asarray(upper, dtype=float), index.shape).copy()
        return index, lo, hi

    def _to_highs(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """±inf as HiGHS's own infinity."""
        return np.where(np.isfinite(lo), lo, -self._inf), np.where(np.isfinite(hi), hi, self._inf)

    def set_row_bounds(self, rows, lower, upper) -> None:
        """Row bounds (±inf for none)."""
        found = self._bounds(rows, lower, upper)
        if found is None:
            return
        rows, lo, hi = found
        self.row_lower[rows], self.row_upper[rows] = lo, hi
        self.highs.changeRowsBounds(len(rows), rows.astype(np.int32), *self._to_highs(lo, hi))

    def set_costs(self, cols, costs) -> None:
        """Objective coefficients of columns."""
        cols = np.atleast_1d(np.asarray(cols, dtype=np.int64))
        if cols.size == 0:
            return
        c = np.broadcast_to(np.asarray(costs, dtype=float), cols.shape).copy()
        self.cost[cols] = c
        self.highs.changeColsCost(len(cols), cols.astype(np.int32), c)

    def set_col_bounds(self, cols, lower, upper) -> None:
        """Column bounds (±inf for none)."""
        found = self._bounds(cols, lower, upper)
        if found is None:
            return
        cols, lo, hi = found
        self.col_lower[cols], self.col_upper[cols] = lo, hi
        self.highs.changeColsBounds(len(cols), cols.astype(np.int32), *self._to_highs(lo, hi))

    def set_coefficient(self, row: int, col: int, value: float) -> None:
        """One matrix coefficient."""
        key = (int(row), int(col))
        if key not in self._coef_base:
            self._coef_base[key] = self.coefficient(*key)
        self._coef_now[key] = float(value)
        self.highs.changeCoeff(key[0], key[1], float(value))

    def reset(self) -> None:
        """Back to the scenario as built (and the added rows inactive)."""
        rows = np.flatnonzero((self.row_lower != self.base_row_lower)
                              | (self.row_upper != self.base_row_upper))
        self.set_row_bounds(rows, self.base_row_lower[rows], self.base_row_upper[rows])
        cols = np.flatnonzero(self.cost != self.base_cost)
        self.set_costs(cols, self.base_cost[cols])
        cols = np.flatnonzero((self.col_lower != self.base_col_lower)
                              | (self.col_upper != self.base_col_upper))
        self.set_col_bounds(cols, self.base_col_lower[cols], self.base_col_upper[cols])
        for key, now in list(self._coef_now.items()):
            if now != self._coef_base[key]:
                self.highs.changeCoeff(key[0], key[1], self._coef_base[key])
        self._coef_now.clear()

    def rebase(self) -> None:
        """Make the model as it stands the one :meth:`reset` returns to (before the reference)."""
        if self._coef_now:
            raise CarbonError("rebase() keeps bounds and costs, not changed coefficients")
        self.base_cost = self.cost.copy()
        self.base_row_lower = self.row_lower.copy()
        self.base_row_upper = self.row_upper.copy()
        self.base_col_lower = self.col_lower.copy()
        self.base_col_upper = self.col_upper.copy()

    def relax_co2_rules(self) -> None:
        """Remove the scenario's CO2 rules (:data:`CO2_RULES` unbounded) and its carbon tax."""
        rows = self.co2_rule_rows()
        self.set_row_bounds(rows, -np.inf, np.inf)
        tax = self.col("total_emissions", np.arange(len(self.years)))
        self.set_costs(tax, 0.0)

    # -------------------------------------------------------------------------------------- solving
    def solve_reference(self, *, require_optimal: bool = True) -> Solution:
        """Solve the model as it stands from scratch; keep its basis for every later solve.

        With ``require_optimal=False`` a reference that is not optimal is returned as it is and
        later solves start cold (there is no basis worth starting from).
        """
        self.highs.clearSolver()
        sol = self._run()
        self.reference = sol
        if sol.status != "optimal":
            if require_optimal:
                raise CarbonError(f"scenario '{self.inputs.scenario.name}': the reference solve "
                                  f"ended '{sol.status}'")
            self.basis = None
            return sol
        self.basis = self.highs.getBasis()
        return sol

    def solve(self) -> Solution:
        """Re-solve, warm-started from the reference basis (never from the previous solve)."""
        if self.reference is None:
            raise CarbonError("solve_reference() comes first")
        if self.basis is None:
            self.highs.clearSolver()
        else:
            self.highs.setBasis(self.basis)
        return self._run()

    def _run(self) -> Solution:
        h = self.highs
        clock = h.getRunTime()             # HiGHS's run clock adds up over runs (gotcha G7)
        h.run()
        run_s = h.getRunTime() - clock
        status = highs_status(h)
        info = h.getInfo()
        if status == "optimal":
            sol = h.getSolution()
            x = np.asarray(sol.col_value, dtype=float)
            dual = np.asarray(sol.row_dual, dtype=float)
            objective = float(info.objective_function_value)
        else:
            x = dual = np.zeros(0)
            objective = None
        return Solution(status, objective, x, dual, float(run_s),
                        int(info.simplex_iteration_count))

    # ------------------------------------------------------------------------------ reading results
    def total_emissions(self, sol: Solution, sector: str = "total") -> np.ndarray:
        """CO2 by year [t] of the total or a sector."""
        return sol.x[self.emission_cols(sector)]

    def carbon_price(self, sol: Solution) -> np.ndarray:
        """Undiscounted carbon price by year [yuan/t]: dual of the total accounting row / df_y."""
        _, rows = self.family_rows("total_accounting")
        return sol.row_dual[rows] / self.inputs.discount

    def system_cost(self, sol: Solution) -> float:
        """Discounted system cost [yuan] of a solution under the costs as they stand now."""
        return float(self.cost @ sol.x)


def peak_of(years: list[int], co2_t: np.ndarray) -> tuple[int, float]:
    """Peak year (the first year at the maximum, within 1e-9 relative) and peak value."""
    top = float(np.max(co2_t))
    first = int(np.flatnonzero(co2_t >= top - 1e-9 * max(abs(top), 1.0))[0])
    return years[first], top
