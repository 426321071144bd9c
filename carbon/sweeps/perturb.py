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
  fuel, as :mod:`carbon.scenarios.model` writes them: only the *difference* is added to the
  built cost), new capacity (annuities, linear in capex) and capacity (fixed O&M), the last two
  scaled as built;
* the grid factor: the coefficient :math:`-ef_{k,y}` of activity in the sector accounting rows.

Demand given directly (``demand.csv``) and not projected does not move with the drivers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from carbon.scenarios.data import ModelInputs, number, read
from carbon.scenarios.model import _tech_year
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
    """Sets a draw's multipliers on a :class:`Resolver` holding the scenario's built model.

    The inputs that a draw can move are taken out of the scenario's inputs once, as numpy
    arrays, so a draw is a few vector operations and HiGHS calls; the result is the LP that
    :func:`perturbed_inputs` would build (a test solves both and compares).
    """

    def __init__(self, r: Resolver, spec: Uncertainty, terms: dict[str, dict[str, tuple]]):
        self.r, self.spec = r, spec
        inp, idx = r.inputs, r.idx
        techs, years, ny = idx.techs, idx.years, len(idx.years)
        p = inp.params
        self.df = inp.discount
        self.var = _tech_year(p["var_cost_yuan_per_output"], techs)
        self.ir = _tech_year(p["input_per_output"], techs)
        fuels = list(inp.fuels.price.index)
        self.fuels = fuels
        self.fi = np.array([fuels.index(f) if f in fuels else -1 for f in inp.techs["input"]])
        self.has_fuel = self.fi >= 0
        self.price = inp.fuels.price.to_numpy(dtype=float)
        co2 = inp.fuels.co2.reindex(fuels).fillna(0.0).to_numpy(dtype=float)
        counted = np.array([inp.scenario.policy.count_imports or not bool(
            inp.fuels.is_import.get(f, False)) for f in fuels], dtype=bool)
        fuel_cost = np.zeros_like(self.var)
        fuel_co2 = np.zeros_like(self.var)
        hf = self.has_fuel
        fuel_cost[hf] = self.ir[hf] * self.price[self.fi[hf]]
        fuel_co2[hf] = self.ir[hf] * co2[self.fi[hf]] * counted[self.fi[hf], None]
        self.fuel_cost, self.fuel_co2 = fuel_cost, fuel_co2
        ct = idx.cap_techs
        self.ct_pos = np.array([techs.index(k) for k in ct], dtype=np.int64)
        if ct:         # capital and fixed O&M costs are linear in capex and FOM: scale as built
            self.new_cost = r.base_cost[r.col("new_capacity", np.arange(len(ct) * ny))
                                        ].reshape(len(ct), ny)
            self.cap_cost = r.base_cost[r.col("capacity", np.arange(len(ct) * ny))
                                        ].reshape(len(ct), ny)
        self.groups = {k: np.isin(techs, list(d.technologies or ()))
                       for k, d in spec.parameters.items() if k.startswith("technology_cost.")}
        grid = spec.parameters.get("grid_factor")
        names = (list(grid.fuels) if grid is not None and grid.fuels else
                 [f for f, imp in inp.fuels.is_import.items() if imp])
        self.grid = np.isin(fuels, names)
        # right-hand sides that follow the drivers
        self.drivers = inp.drivers
        self.terms = terms
        self.demand_keys, self.demand_rows = r.family_rows("demand_balance")
        self.acct_keys, self.acct_rows = r.family_rows("sector_accounting")
        self.int_keys, self.int_rows = r.family_rows("intensity")
        self.demand_rhs = np.array([inp.demand.at[c, y] for c, y in self.demand_keys])
        self.demand_out = np.array([c for c, _ in self.demand_keys], dtype=object)
        self.demand_yi = np.array([years.index(y) for _, y in self.demand_keys], dtype=np.int64)
        self.acct_rhs = r.base_row_lower[self.acct_rows].copy()
        self.acct_sector = np.array([s for s, _ in self.acct_keys], dtype=object)
        self.acct_yi = np.array([years.index(y) for _, y in self.acct_keys], dtype=np.int64)
        self.int_yi = np.array([years.index(y) for y in self.int_keys], dtype=np.int64)
        self.int_rate = np.array([float(inp.intensity[y]) for y in self.int_keys])
        # the accounting coefficient of each technology's activity in its sector's row
        spos = {key: i for i, key in enumerate(self.acct_keys)}
        sector = inp.techs["sector"]
        self.ef_rows = np.array([[self.acct_rows[spos[(sector[k], y)]] for y in years]
                                 for k in techs], dtype=np.int64).reshape(len(techs), ny)
        self.ef_cols = np.array([r.col("activity", ki, np.arange(ny))
                                 for ki in range(len(techs))]).reshape(len(techs), ny)
        self.ef_coef = np.array([[r.coefficient(int(row), int(col)) for row, col in
                                  zip(rows, cols, strict=True)]
                                 for rows, cols in zip(self.ef_rows, self.ef_cols, strict=True)]
                                ).reshape(len(techs), ny)

    def _growth(self, values: dict[str, float]) -> tuple[dict[str, np.ndarray], float]:
        """Driver paths of the draw, and the elasticity multiplier."""
        drivers = {}
        if self.drivers is not None:
            for key, col in DRIVER_OF.items():
                if key in values and col in self.drivers:
                    drivers[col] = _grow(self.drivers[col].to_numpy(dtype=float), values[key])
        return drivers, values.get("elasticity", 1.0)

    def _ratio(self, driver: str, e: float, grown: dict[str, np.ndarray], m_el: float):
        if not driver:
            return 1.0
        x0 = self.drivers[driver].to_numpy(dtype=float)            # type: ignore[index]
        x1 = grown.get(driver, x0)
        return (x1 / x1[0]) ** (m_el * e) / (x0 / x0[0]) ** e

    def apply(self, values: dict[str, float]) -> None:
        """Reset the model to the scenario, then set the draw's multipliers (name → value)."""
        r = self.r
        r.reset()
        nk = len(self.var)
        m_tech = np.ones(nk)
        for key, mask in self.groups.items():
            if key in values:
                m_tech[mask] *= values[key]
        m_fuel = np.ones(len(self.fuels))
        for key, m in values.items():
            if key.startswith("fuel_price.") and key[11:] in self.fuels:
                m_fuel[self.fuels.index(key[11:])] *= m
        dm_fuel = np.zeros(nk)
        dm_fuel[self.has_fuel] = m_fuel[self.fi[self.has_fuel]] - 1.0
        self._costs("activity", (self.var * (m_tech - 1.0)[:, None]
                                 + self.fuel_cost * dm_fuel[:, None]) * self.df)
        if len(self.ct_pos):
            dm = (m_tech[self.ct_pos] - 1.0)[:, None]
            self._costs("new_capacity", self.new_cost * dm)
            self._costs("capacity", self.cap_cost * dm)
        if "grid_factor" in values:
            dm_grid = np.zeros(nk)
            on = self.has_fuel & self.grid[np.maximum(self.fi, 0)]
            dm_grid[on] = values["grid_factor"] - 1.0
            d_ef = self.fuel_co2 * dm_grid[:, None]
            for ki, yi in zip(*np.nonzero(d_ef), strict=True):
                r.set_coefficient(int(self.ef_rows[ki, yi]), int(self.ef_cols[ki, yi]),
                                  self.ef_coef[ki, yi] - d_ef[ki, yi])
        grown, m_el = self._growth(values)
        if self.drivers is not None and (grown or m_el != 1.0):
            scale = np.ones_like(self.demand_rhs)
            for out, (driver, e) in self.terms["demand"].items():
                hit = self.demand_out == out
                scale[hit] = np.broadcast_to(self._ratio(driver, e, grown, m_el),
                                             (len(self.df),))[self.demand_yi[hit]]
            rhs = self.demand_rhs * scale
            r.set_row_bounds(self.demand_rows, rhs, rhs)
            scale = np.ones_like(self.acct_rhs)
            for s, (driver, e) in self.terms["sector"].items():
                hit = self.acct_sector == s
                scale[hit] = np.broadcast_to(self._ratio(driver, e, grown, m_el),
                                             (len(self.df),))[self.acct_yi[hit]]
            rhs = self.acct_rhs * scale
            r.set_row_bounds(self.acct_rows, rhs, rhs)
            if len(self.int_rows) and "gdp_10k_yuan" in grown:
                r.set_row_bounds(self.int_rows, -np.inf,
                                 self.int_rate * grown["gdp_10k_yuan"][self.int_yi])

    def _costs(self, family: str, delta: np.ndarray) -> None:
        flat = delta.ravel()
        where = np.flatnonzero(flat)
        if where.size:
            cols = self.r.idx.offsets[family] + where
            self.r.set_costs(cols, self.r.base_cost[cols] + flat[where])
