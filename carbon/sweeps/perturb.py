r"""One draw of the uncertain inputs: the scenario's inputs changed, and the LP changed to match.

:func:`perturbed_inputs` applies the multipliers of :mod:`carbon.sweeps.uncertainty` to a
scenario's :class:`~carbon.scenarios.data.ModelInputs` (a plain function of frames: the
diagnosis of an infeasible draw rebuilds the model from it). :class:`Perturber` turns the change
of inputs into changes of the built LP, set against the built values each time:

* driver growth: :math:`X'_y = X_{y_0} \prod_{t \le y} (1 + m\,g_t)`, :math:`g_t = X_t/X_{t-1}-1`;
* projected demand and the CO2 of sectors not optimised (:mod:`carbon.scenarios.projections`,
  :math:`D = D_0 (X/X_0)^{\varepsilon}(1+g)^{t}`) scale by
  :math:`(X'_y/X'_0)^{m_\varepsilon \varepsilon} / (X_y/X_0)^{\varepsilon}`: the right-hand sides
  of the demand rows and of the sector accounting rows;
* an intensity bound :math:`\iota_y GDP'_y`: the right-hand side of the intensity rows;
* fuel prices and technology costs: the objective coefficients of activity (variable cost plus
  fuel), new capacity (annuities inside the horizon) and capacity (fixed O&M), as
  :mod:`carbon.scenarios.model` writes them; only the *difference* from the built inputs is
  added to the built costs, so cost terms the builder adds beyond these stay as built;
* the grid factor: the coefficient :math:`-ef_{k,y}` of activity in the sector accounting rows.

Demand given directly (``demand.csv``) and not projected does not move with the drivers.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from carbon.scenarios.data import ModelInputs, number, read
from carbon.scenarios.model import _tech_year, crf, emission_factors
from carbon.scenarios.resolve import Resolver
from carbon.sweeps.uncertainty import DRIVER_OF, Uncertainty

COST_COLUMNS = ("var_cost_yuan_per_output", "capex_yuan_per_capacity",
                "fixed_om_yuan_per_capacity")


def projection_terms(scenario) -> dict[str, dict[str, tuple[str, float]]]:
    """(driver, elasticity) of each projected output and each sector not optimised."""
    out: dict[str, dict[str, tuple[str, float]]] = {"demand": {}, "sector": {}}
    for kind, path, key in (("demand", scenario.demand_projection, "output"),
                            ("sector", scenario.other_sectors, "sector")):
        if path is None:
            continue
        frame = read(path, [key, "driver", "elasticity"])
        el = number(frame, "elasticity", path, allow_empty=True).fillna(1.0)
        for name, driver, e in zip(frame[key], frame["driver"], el, strict=True):
            out[kind][str(name)] = (str(driver or ""), float(e))
    return out


def _grow(x: np.ndarray, m: float) -> np.ndarray:
    g = x[1:] / x[:-1] - 1.0
    return x[0] * np.concatenate([[1.0], np.cumprod(1.0 + m * g)])


def perturbed_inputs(base: ModelInputs, spec: Uncertainty, values: dict[str, float],
                     terms: dict[str, dict[str, tuple[str, float]]]) -> ModelInputs:
    """The inputs of one draw (``values``: parameter name → multiplier)."""
    drivers = base.drivers
    changes: dict = {}
    m_el = values.get("elasticity", 1.0)
    if drivers is not None and any(k in values for k in DRIVER_OF):
        drivers = drivers.copy()
        for key, col in DRIVER_OF.items():
            if key in values and col in drivers:
                drivers[col] = _grow(drivers[col].to_numpy(dtype=float), values[key])
        changes["drivers"] = drivers
    if drivers is not None and ("drivers" in changes or m_el != 1.0):
        def ratio(driver: str, e: float) -> np.ndarray:
            if not driver:
                return np.ones(len(base.years))
            x0 = base.drivers[driver].to_numpy(dtype=float)          # type: ignore[index]
            x1 = drivers[driver].to_numpy(dtype=float)
            return (x1 / x1[0]) ** (m_el * e) / (x0 / x0[0]) ** e
        demand = base.demand.copy()
        for out, (driver, e) in terms["demand"].items():
            demand.loc[out] = demand.loc[out].to_numpy() * ratio(driver, e)
        exo = base.exogenous_co2.copy()
        for s, (driver, e) in terms["sector"].items():
            if s in exo.index:
                exo.loc[s] = exo.loc[s].to_numpy() * ratio(driver, e)
        changes |= {"demand": demand, "exogenous_co2": exo}
    fuels = base.fuels
    price, co2 = fuels.price, fuels.co2
    for key, m in values.items():
        if key.startswith("fuel_price."):
            fuel = key.split(".", 1)[1]
            if fuel in price.index:
                price = price.copy() if price is fuels.price else price
                price.loc[fuel] = price.loc[fuel] * m
    if "grid_factor" in values:
        dist = spec.parameters["grid_factor"]
        grid = list(dist.fuels) if dist.fuels else \
            [f for f, imp in fuels.is_import.items() if imp]
        co2 = co2.copy()
        for f in grid:
            if f in co2.index:
                co2.loc[f] = co2.loc[f] * values["grid_factor"]
    if price is not fuels.price or co2 is not fuels.co2:
        changes["fuels"] = dataclasses.replace(fuels, price=price, co2=co2)
    params = base.params
    for key, m in values.items():
        if key.startswith("technology_cost."):
            techs = [k for k in spec.parameters[key].technologies or () if k in base.techs.index]
            if params is base.params:
                params = dict(params)
            for col in COST_COLUMNS:
                frame = params[col].copy()
                frame.loc[techs] = frame.loc[techs] * m
                params[col] = frame
    if params is not base.params:
        changes["params"] = params
    return dataclasses.replace(base, **changes) if changes else base


class Perturber:
    """Applies a draw's inputs to a :class:`Resolver` holding the scenario's built model."""

    def __init__(self, r: Resolver):
        self.r = r
        self.base = r.inputs
        idx = r.idx
        self.demand_keys, self.demand_rows = r.family_rows("demand_balance")
        self.acct_keys, self.acct_rows = r.family_rows("sector_accounting")
        self.int_keys, self.int_rows = r.family_rows("intensity")
        self.base_cost_terms = self.cost_terms(self.base)
        self.base_ef = emission_factors(self.base)
        ny = len(idx.years)
        spos = {k: i for i, k in enumerate(self.acct_keys)}
        sector = self.base.techs["sector"]
        self.ef_rows = np.array([[spos.get((sector[k], y), -1) for y in idx.years]
                                 for k in idx.techs], dtype=np.int64).reshape(len(idx.techs), ny)
        self.ef_cols = np.array([r.col("activity", ki, np.arange(ny))
                                 for ki in range(len(idx.techs))]).reshape(len(idx.techs), ny)

    def cost_terms(self, inp: ModelInputs) -> dict[str, np.ndarray]:
        """Objective coefficients of activity, new capacity and capacity (model.py's formulas)."""
        idx = self.r.idx
        p, techs, df = inp.params, idx.techs, inp.discount
        cost = _tech_year(p["var_cost_yuan_per_output"], techs).copy()
        ir = _tech_year(p["input_per_output"], techs)
        for i, f in enumerate(inp.techs["input"]):
            if f and f in inp.fuels.price.index:
                cost[i] += ir[i] * inp.fuels.price.loc[f].to_numpy(dtype=float)
        out = {"activity": (cost * df).ravel()}
        ct = idx.cap_techs
        if ct:
            ny = len(idx.years)
            life = inp.techs.loc[ct, "lifetime_yr"].to_numpy()
            capex = _tech_year(p["capex_yuan_per_capacity"], ct)
            cum = np.concatenate([[0.0], np.cumsum(df)])
            v = np.arange(ny)
            last = np.minimum(v[None, :] + life[:, None], ny)
            pv = cum[last] - cum[v][None, :]
            out["new_capacity"] = (capex * crf(inp.scenario.discount_rate, life)[:, None]
                                   * pv).ravel()
            out["capacity"] = (_tech_year(p["fixed_om_yuan_per_capacity"], ct) * df).ravel()
        return out

    def apply(self, inp: ModelInputs) -> None:
        """Reset the model to the scenario, then set what differs in ``inp``."""
        r, base = self.r, self.base
        r.reset()
        if inp is base:
            return
        if inp.params is not base.params or inp.fuels is not base.fuels:
            terms = self.cost_terms(inp)
            for family, vec in terms.items():
                delta = vec - self.base_cost_terms[family]
                where = np.flatnonzero(delta)
                cols = r.idx.offsets[family] + where
                r.set_costs(cols, r.base_cost[cols] + delta[where])
        if inp.demand is not base.demand:
            rhs = np.array([inp.demand.at[c, y] for c, y in self.demand_keys], dtype=float)
            r.set_row_bounds(self.demand_rows, rhs, rhs)
        if inp.exogenous_co2 is not base.exogenous_co2:
            exo = inp.exogenous_co2
            rhs = np.array([float(exo.at[s, y]) if s in exo.index and pd.notna(exo.at[s, y])
                            else 0.0 for s, y in self.acct_keys], dtype=float)
            r.set_row_bounds(self.acct_rows, rhs, rhs)
        if inp.drivers is not base.drivers and len(self.int_rows):
            gdp = inp.drivers["gdp_10k_yuan"]                      # type: ignore[index]
            rhs = np.array([float(inp.intensity[y]) * float(gdp[y]) for y in self.int_keys])
            r.set_row_bounds(self.int_rows, -np.inf, rhs)
        if inp.fuels is not base.fuels:
            d_ef = emission_factors(inp) - self.base_ef
            for ki, yi in zip(*np.nonzero(d_ef), strict=True):
                row, col = int(self.ef_rows[ki, yi]), int(self.ef_cols[ki, yi])
                if row >= 0:
                    r.set_coefficient(int(self.acct_rows[row]), col,
                                      r.coefficient(int(self.acct_rows[row]), col)
                                      - d_ef[ki, yi])
