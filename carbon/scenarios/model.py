r"""The pathway model: a yearly linear programme of activity, capacity and CO2 (Pyomo).

Notation: k technology, y year (base year y0 .. end year), c output, f fuel, s sector;
df_y = (1+r)^-(y-y0). Units: activity in units of output per year, capacity in units of
capacity, CO2 in t, money in yuan (constant prices of the base year).

Variables
---------
``activity[k,y]`` ≥ 0, ``new_capacity[k,y]`` ≥ 0 (vintage y), ``capacity[k,y]`` ≥ 0 (for
technologies with ``output_per_capacity``), ``emissions[s,y]`` (free; one per sector with
emissions, optimised or not), ``total_emissions[y]`` (free), and for trading sectors
``net_purchase[s,y]`` (free, > 0 bought), ``offsets[s,y]`` ≥ 0 and ``bank[s,y]`` ≥ 0.
Fuel use is the expression u[f,y] = Σ_{k: input=f} IR[k,y]·activity[k,y].

Objective (discounted system cost, "Type II" annualised capital)
-----------------------------------------------------------------
.. math::
    \min \sum_y df_y \Big[\sum_k (VOM_{k,y} + IR_{k,y} P_{f(k),y}) x_{k,y}
         + \sum_k FOM_{k,y} K_{k,y} + \tau_y E_y + \sum_s P^{off} o_{s,y}\Big]
         + \sum_{k,v} CRF_k \, I_{k,v} \, n_{k,v} \sum_{y=v}^{\min(v+L_k-1,\,Y)} df_y

with CRF_k = r(1+r)^L/((1+r)^L − 1) (1/L when r = 0): only the annuities that fall inside the
horizon are charged, so no salvage value is needed.

Each constraint family is one ``define_*`` function below, with its equation. Rows are built as
coordinate triples (row, column, coefficient) from numpy arrays and turned into Pyomo
``LinearExpression`` objects in one pass, so no sum is re-evaluated per year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from carbon.scenarios.data import ModelInputs

#: objective weight of a unit of policy slack in the diagnosis LP; demand slack weighs more so
#: that a policy is reported before unmet demand
SLACK_WEIGHT = {"policy": 1.0, "demand": 1.0e3}


@dataclass
class RowFamily:
    """One family of rows: its Pyomo name, index, bounds and coordinate triples."""

    name: str
    index: list
    lower: np.ndarray
    upper: np.ndarray
    kind: str = "policy"          # 'policy' | 'demand' | 'structure' (slack only on the first two)
    r: list = field(default_factory=list)
    c: list = field(default_factory=list)
    v: list = field(default_factory=list)

    def add(self, rows, cols, coefs) -> None:
        rows, cols, coefs = np.broadcast_arrays(np.asarray(rows, dtype=np.int64),
                                                np.asarray(cols, dtype=np.int64),
                                                np.asarray(coefs, dtype=float))
        keep = coefs != 0
        self.r.append(rows[keep].ravel())
        self.c.append(cols[keep].ravel())
        self.v.append(coefs[keep].ravel())


@dataclass
class ModelIndex:
    """Where each variable family sits among the model's columns (kept on ``model.meta``)."""

    inputs: ModelInputs
    techs: list[str]
    years: list[int]
    cap_techs: list[str]
    sectors: list[str]
    outputs: list[str]
    trading: list[tuple[str, int]]
    retire_techs: list[str] = field(default_factory=list)
    """Technologies with capacity that may retire early (``early_retirement``)."""
    offsets: dict[str, int] = field(default_factory=dict)
    families: dict[str, RowFamily] = field(default_factory=dict)
    slack: bool = False
    slack_cols: dict[str, tuple[int, int]] = field(default_factory=dict)
    lp: LPArrays | None = None
    columns: list = field(default_factory=list)
    """Every variable of the model in column order (internal; never returned to users)."""


@dataclass
class LPArrays:
    """The LP exactly as built, in arrays (for the direct hand-over to HiGHS).

    Columns are the model's variables in ``ModelIndex.columns`` order; rows are the non-empty
    rows of every family in family order, ``row_refs`` naming each (family, key). Bounds use
    ±inf for none; A is in compressed sparse row form.
    """

    col_lower: np.ndarray
    col_upper: np.ndarray
    cost: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_start: np.ndarray
    col_index: np.ndarray
    value: np.ndarray
    row_refs: list


class _Builder:
    """Collects variable families as global columns and row families as triples."""

    def __init__(self, model: pyo.ConcreteModel):
        self.m = model
        self.cols: list = []
        self.cost: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.families: dict[str, RowFamily] = {}

    def var(self, name: str, index: list, lb, ub, cost=0.0) -> int:
        """Add a variable family; return the column of its first member."""
        offset = len(self.cols)
        var = pyo.Var(index, dense=True)
        setattr(self.m, name, var)
        objs = list(var.values())
        lb = np.broadcast_to(np.asarray(lb, dtype=float), (len(index),))
        ub = np.broadcast_to(np.asarray(ub, dtype=float), (len(index),))
        lb = np.where(np.isnan(lb), -np.inf, lb)          # NaN: no bound
        ub = np.where(np.isnan(ub), np.inf, ub)
        for v, lo, hi in zip(objs, lb.tolist(), ub.tolist(), strict=True):
            if lo != -np.inf:
                v.setlb(lo)
            if hi != np.inf:
                v.setub(hi)
        self.cols.extend(objs)
        self.lower.append(lb.copy())
        self.upper.append(ub.copy())
        self.cost.append(np.broadcast_to(np.asarray(cost, dtype=float), (len(index),)).copy())
        return offset

    def family(self, name: str, index: list, lower, upper, kind: str = "structure") -> RowFamily:
        n = len(index)
        fam = RowFamily(name, index, np.broadcast_to(np.asarray(lower, float), (n,)).copy(),
                        np.broadcast_to(np.asarray(upper, float), (n,)).copy(), kind)
        self.families[name] = fam
        return fam

    def finish(self, slack: bool) -> tuple[dict[str, tuple[int, int]], LPArrays]:
        """Turn every family into a Pyomo Constraint, set the objective, keep the arrays."""
        slack_cols: dict[str, tuple[int, int]] = {}
        if slack:          # one slack column per policy/demand row; cost only on slack
            for c in self.cost:
                c[:] = 0.0
            for fam in self.families.values():
                if fam.kind == "structure" or not fam.index:
                    continue
                n = len(fam.index)
                start = self.var(f"slack_{fam.name}", list(range(n)), 0.0, np.inf,
                                 SLACK_WEIGHT[fam.kind])
                sign = 1.0 if fam.kind == "demand" else -1.0   # unmet demand; policy overrun
                fam.add(np.arange(n), start + np.arange(n), sign)
                slack_cols[fam.name] = (start, n)
        objs = np.empty(len(self.cols), dtype=object)
        objs[:] = self.cols
        parts = [_make_constraint(self.m, fam, objs) for fam in self.families.values()]
        cost = np.concatenate(self.cost) if self.cost else np.zeros(0)
        nz = np.flatnonzero(cost)
        self.m.total_cost = pyo.Objective(expr=LinearExpression(
            constant=0.0, linear_coefs=cost[nz].tolist(), linear_vars=objs[nz].tolist()),
            sense=pyo.minimize)
        counts = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
        lp = LPArrays(
            col_lower=np.concatenate(self.lower) if self.lower else np.zeros(0),
            col_upper=np.concatenate(self.upper) if self.upper else np.zeros(0),
            cost=cost,
            row_lower=np.concatenate([p[1] for p in parts]) if parts else np.zeros(0),
            row_upper=np.concatenate([p[2] for p in parts]) if parts else np.zeros(0),
            row_start=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            col_index=np.concatenate([p[3] for p in parts]) if parts else np.zeros(0, np.int64),
            value=np.concatenate([p[4] for p in parts]) if parts else np.zeros(0),
            row_refs=[ref for p in parts for ref in p[5]])
        return slack_cols, lp


def _make_constraint(m: pyo.ConcreteModel, fam: RowFamily, objs: np.ndarray):
    """Add one Constraint family; return its non-empty rows as arrays for :class:`LPArrays`.

    Expressions are ``LinearExpression`` objects built straight from the sorted triples: a
    coefficient of 1 enters as the bare variable, others as one monomial each.
    """
    n = len(fam.index)
    r = np.concatenate(fam.r) if fam.r else np.zeros(0, np.int64)
    c = np.concatenate(fam.c) if fam.c else np.zeros(0, np.int64)
    v = np.concatenate(fam.v) if fam.v else np.zeros(0)
    order = np.argsort(r, kind="stable")
    r, c, v = r[order], c[order], v[order]
    starts = np.searchsorted(r, np.arange(n + 1))
    counts = np.diff(starts)
    args = [o if k == 1.0 else MonomialTermExpression((k, o))
            for k, o in zip(v.tolist(), objs[c].tolist(), strict=True)]
    lower = [None if not np.isfinite(x) else float(x) for x in fam.lower]
    upper = [None if not np.isfinite(x) else float(x) for x in fam.upper]
    table = {}
    st = starts.tolist()
    for i, key in enumerate(fam.index):
        s, e = st[i], st[i + 1]
        if s == e:
            continue                       # an empty row holds nothing (never built empty)
        expr = LinearExpression(args[s:e])
        lo, hi = lower[i], upper[i]
        table[key] = (expr == lo) if (lo is not None and lo == hi) else (lo, expr, hi)
    keys = [k for k in fam.index if k in table]
    setattr(m, fam.name, pyo.Constraint(keys, rule=lambda _m, *k: table[k if len(k) > 1
                                                                          else k[0]]))
    live = counts > 0
    return (counts[live], fam.lower[live], fam.upper[live], c, v,
            [(fam.name, k) for k, keep in zip(fam.index, live.tolist(), strict=True) if keep])


# ------------------------------------------------------------------------------------- the model

def build_model(inputs: ModelInputs, *, slack: bool = False) -> pyo.ConcreteModel:
    """Build the pathway LP of a scenario.

    Parameters
    ----------
    inputs : ModelInputs
        From :func:`carbon.scenarios.inputs.load_inputs`.
    slack : bool
        Diagnosis mode: every policy and demand row gets a penalised slack column and the
        objective is the weighted sum of slacks (used to explain an infeasible scenario).

    Returns
    -------
    pyomo.environ.ConcreteModel
        With ``model.meta`` (a :class:`ModelIndex`) telling where each variable and row sits.
    """
    m = pyo.ConcreteModel(name=inputs.scenario.name)
    b = _Builder(m)
    years = inputs.years
    techs = list(inputs.techs.index)
    cap_techs = [k for k in techs if inputs.techs.at[k, "has_capacity"]]
    sectors = inputs.sectors
    trading = list(zip(inputs.allocation["sector"], inputs.allocation["year"].astype(int),
                       strict=True))
    trading.sort(key=lambda t: (sectors.index(t[0]), t[1]))
    idx = ModelIndex(inputs, techs, years, cap_techs, sectors,
                     list(inputs.demand.index), trading, slack=slack,
                     retire_techs=[k for k in cap_techs if inputs.techs.at[k, "early_retirement"]])
    if inputs.scenario.policy.peak and inputs.peak_reference is None and not slack:
        inputs.peak_reference = peak_reference(inputs)
    from carbon.scenarios import realism

    define_variables(b, idx)
    define_demand_balance(b, idx)
    define_capacity_limit(b, idx)
    realism.define_utilisation_min(b, idx)
    define_stock(b, idx)
    realism.define_retirement(b, idx)
    realism.define_growth(b, idx)
    realism.define_shares(b, idx)
    define_sector_accounting(b, idx)
    define_total_accounting(b, idx)
    define_caps(b, idx)
    define_peaks(b, idx)
    define_budget(b, idx)
    define_intensity(b, idx)
    define_trading(b, idx)
    idx.slack_cols, idx.lp = b.finish(slack)
    idx.families = b.families
    idx.columns = b.cols
    if not slack:
        m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    m.meta = idx
    return m


def _tech_year(frame: pd.DataFrame, techs: list[str]) -> np.ndarray:
    return frame.loc[techs].to_numpy(dtype=float)


def crf(rate, life: np.ndarray) -> np.ndarray:
    """Capital recovery factor r(1+r)^L/((1+r)^L-1); 1/L where r = 0 (r scalar or per item)."""
    life = np.asarray(life, dtype=float)
    rate = np.broadcast_to(np.asarray(rate, dtype=float), life.shape)
    safe = np.where(rate == 0, 1.0, rate)
    g = (1.0 + safe) ** life
    return np.where(rate == 0, 1.0 / life, safe * g / (g - 1.0))


def grid_fuel(inputs: ModelInputs) -> str | None:
    """The grid-electricity fuel that green power is measured against: the one fuel with a
    residual factor, else ``electricity_grid`` when the fuels file has it."""
    res = inputs.fuels.residual
    if res is not None and len(res.index) == 1:
        return str(res.index[0])
    return "electricity_grid" if "electricity_grid" in inputs.fuels.co2.index else None


def emission_factors(inputs: ModelInputs) -> np.ndarray:
    """CO2 per unit of activity [t], technology × year: direct + input × fuel factor.

    ef[k,y] = co2_t_per_output[k,y] + IR[k,y]·EF[f(k),y], where EF counts only fuels (an
    intermediate output carries no CO2 here: its producer does) and, with
    ``count_imports = false``, not the fuels flagged as imports. Scope 2
    (``policy.scope2_method``): with ``location`` a ``green_power`` technology's output counts
    at the grid average EF[g,y] of the grid fuel g (:func:`grid_fuel`; one unit of output = one
    unit of g); with ``market`` green power counts at its own factor (0) and every purchase of a
    fuel with ``residual_co2_t_per_unit`` at that residual factor.
    """
    p = inputs.params
    pol = inputs.scenario.policy
    techs = list(inputs.techs.index)
    ef = _tech_year(p["co2_t_per_output"], techs).copy()
    ir = _tech_year(p["input_per_output"], techs)
    fuels = inputs.fuels
    market = pol.scope2_method == "market"
    residual = fuels.residual if fuels.residual is not None else pd.DataFrame()
    for i, f in enumerate(inputs.techs["input"]):
        if f and f in fuels.co2.index:
            counted = pol.count_imports or not bool(fuels.is_import[f])
            if counted:
                path = residual.loc[f] if market and f in residual.index else fuels.co2.loc[f]
                ef[i] += ir[i] * path.to_numpy(dtype=float)
    g = grid_fuel(inputs)
    if not market and g is not None and (pol.count_imports or not bool(fuels.is_import[g])):
        green = inputs.techs["green_power"].to_numpy(dtype=bool)
        ef[green] += fuels.co2.loc[g].to_numpy(dtype=float)[None, :]
    return ef


def define_variables(b: _Builder, idx: ModelIndex) -> None:
    """Create the variable families with their bounds and objective coefficients.

    Bounds: new_capacity ≤ max_new_capacity_per_yr; capacity ≤ max(max_capacity, existing);
    history fixes activity[k,y] = known figure; offsets ≤ offset_limit_share × allocation.
    """
    inp = idx.inputs
    p, years, techs, ny = inp.params, idx.years, idx.techs, len(idx.years)
    df = inp.discount
    kidx = [(k, y) for k in techs for y in years]
    # activity: var cost + fuel cost
    cost = _tech_year(p["var_cost_yuan_per_output"], techs).copy()
    ir = _tech_year(p["input_per_output"], techs)
    for i, f in enumerate(inp.techs["input"]):
        if f and f in inp.fuels.price.index:
            cost[i] += ir[i] * inp.fuels.price.loc[f].to_numpy(dtype=float)
    lb = np.zeros((len(techs), ny))
    ub = np.full((len(techs), ny), np.inf)
    pos = {k: i for i, k in enumerate(techs)}
    hist = inp.history[inp.history["year"] >= years[0]]
    for y, k, a in zip(hist["year"], hist["technology"], hist["activity"], strict=True):
        if not np.isnan(a):
            lb[pos[k], y - years[0]] = ub[pos[k], y - years[0]] = a
    idx.offsets["activity"] = b.var("activity", kidx, lb.ravel(), ub.ravel(),
                                    (cost * df).ravel())
    # capacity and new capacity
    ct = idx.cap_techs
    cidx = [(k, y) for k in ct for y in years]
    if ct:
        life = inp.techs.loc[ct, "lifetime_yr"].to_numpy()
        capex = _tech_year(p["capex_yuan_per_capacity"], ct)
        # Σ_{y=v}^{min(v+L-1, Y)} df_y via cumulative sums
        cum = np.concatenate([[0.0], np.cumsum(df)])
        v = np.arange(ny)
        last = np.minimum(v[None, :] + life[:, None], ny)
        annuity_pv = cum[last] - cum[v][None, :]
        hurdle = inp.techs.loc[ct, "hurdle_rate"].to_numpy(dtype=float)
        rate = np.where(np.isnan(hurdle), inp.scenario.discount_rate, hurdle)
        new_cost = capex * crf(rate, life)[:, None] * annuity_pv
        new_ub = _tech_year(p["max_new_capacity_per_yr"], ct)
        new_lb = np.zeros_like(new_ub)
        new_ub = np.where(np.isnan(new_ub), np.inf, new_ub)
        cpos = {k: i for i, k in enumerate(ct)}
        for y, k, n in zip(hist["year"], hist["technology"], hist["new_capacity"], strict=True):
            if not np.isnan(n):
                new_lb[cpos[k], y - years[0]] = new_ub[cpos[k], y - years[0]] = n
        idx.offsets["new_capacity"] = b.var("new_capacity", cidx, new_lb.ravel(), new_ub.ravel(),
                                            new_cost.ravel())
        maxcap = _tech_year(p["max_capacity"], ct)
        exist = _tech_year(inp.existing, ct)
        cap_ub = np.where(np.isnan(maxcap), np.inf, np.maximum(maxcap, exist))
        fom = _tech_year(p["fixed_om_yuan_per_capacity"], ct)
        idx.offsets["capacity"] = b.var("capacity", cidx, 0.0, cap_ub.ravel(),
                                        (fom * df).ravel())
        if idx.retire_techs:
            idx.offsets["retired"] = b.var("retired", [(k, y) for k in idx.retire_techs
                                                       for y in years], 0.0, np.inf)
    sidx = [(s, y) for s in idx.sectors for y in years]
    idx.offsets["emissions"] = b.var("emissions", sidx, -np.inf, np.inf)
    idx.offsets["total_emissions"] = b.var("total_emissions", list(years), -np.inf, np.inf,
                                           inp.carbon_tax.reindex(years).to_numpy() * df)
    if idx.trading:
        pol = inp.scenario.policy
        alloc = inp.allocation.set_index(["sector", "year"])["allocation_t"]
        a = np.array([alloc[t] for t in idx.trading])
        dft = np.array([df[y - years[0]] for _, y in idx.trading])
        share = pol.offset_limit_share or 0.0
        idx.offsets["net_purchase"] = b.var("net_purchase", idx.trading, -np.inf, np.inf)
        idx.offsets["offsets"] = b.var("offsets", idx.trading, 0.0, share * a,
                                       (pol.offset_price_yuan_per_t or 0.0) * dft)
        idx.offsets["bank"] = b.var("bank", idx.trading, 0.0, np.inf if pol.banking else 0.0)
        if pol.trade_cost_yuan_per_t:
            idx.offsets["purchase"] = b.var("purchase", idx.trading, 0.0, np.inf,
                                            pol.trade_cost_yuan_per_t * dft)


def _col(idx: ModelIndex, family: str, i, yi=None) -> np.ndarray:
    """Column numbers of family members: (row-major) i × n_years + yi, or i alone."""
    base = idx.offsets[family]
    if yi is None:
        return base + np.asarray(i)
    return base + np.asarray(i) * len(idx.years) + np.asarray(yi)


def define_demand_balance(b: _Builder, idx: ModelIndex) -> None:
    r"""Demand met, per output c and year y, as a balance (no free disposal):

    .. math:: \sum_{k: out(k)=c} x_{k,y} - \sum_{k: in(k)=c} IR_{k,y} x_{k,y} = D_{c,y}

    The second sum is the intermediate use of c by other technologies (electric vehicles taking
    electricity). The row is an equality so that output cannot be wasted: with free disposal a
    peak rule without a bound would reward burning fuel in the peak year to raise the plateau.
    Dual: the marginal cost of c (present value; undiscounted in results), ≥ 0 in practice.
    """
    inp, ny = idx.inputs, len(idx.years)
    outs = idx.outputs
    opos = {c: i for i, c in enumerate(outs)}
    fam = b.family("demand_balance", [(c, y) for c in outs for y in idx.years],
                   inp.demand.loc[outs].to_numpy(dtype=float).ravel(),
                   inp.demand.loc[outs].to_numpy(dtype=float).ravel(), kind="demand")
    ir = _tech_year(inp.params["input_per_output"], idx.techs)
    yi = np.arange(ny)
    for ki, k in enumerate(idx.techs):
        out = inp.techs.at[k, "output"]
        fam.add(opos[out] * ny + yi, _col(idx, "activity", ki, yi), 1.0)
        src = inp.techs.at[k, "input"]
        if src in opos:
            fam.add(opos[src] * ny + yi, _col(idx, "activity", ki, yi), -ir[ki])


def define_capacity_limit(b: _Builder, idx: ModelIndex) -> None:
    r"""Activity within available capacity, per technology with capacity and year:

    .. math:: x_{k,y} - AF_{k,y} \cdot CA_{k,y} \cdot K_{k,y} \le 0
    """
    ct, ny = idx.cap_techs, len(idx.years)
    if not ct:
        return
    p = idx.inputs.params
    af = _tech_year(p["availability"], ct) * _tech_year(p["output_per_capacity"], ct)
    fam = b.family("capacity_limit", [(k, y) for k in ct for y in idx.years], -np.inf, 0.0)
    kpos = {k: i for i, k in enumerate(idx.techs)}
    yi = np.arange(ny)
    for ci, k in enumerate(ct):
        rows = ci * ny + yi
        fam.add(rows, _col(idx, "activity", kpos[k], yi), 1.0)
        fam.add(rows, _col(idx, "capacity", ci, yi), -af[ci])


def define_stock(b: _Builder, idx: ModelIndex) -> None:
    r"""Capacity accounting with vintages, written recursively (no window re-summing):

    .. math:: K_{k,y} = R_{k,y} + \sum_{v=\max(y_0, y-L_k+1)}^{y} n_{k,v}

    as :math:`K_{k,y} - K_{k,y-1} - n_{k,y} + n_{k,y-L_k} = R_{k,y} - R_{k,y-1}` (for y > y0;
    the retirement term only when y−L_k ≥ y0) and :math:`K_{k,y_0} - n_{k,y_0} = R_{k,y_0}`.
    R is the existing stock in service in year y. Each row has at most four entries. For a
    technology with ``early_retirement`` the left side gains :math:`+ Z_{k,y} - Z_{k,y-1}`,
    Z the capacity retired early that would otherwise still be in service (see
    :func:`carbon.scenarios.realism.define_retirement`), so that K = R + Σ n − Z.
    """
    ct, ny = idx.cap_techs, len(idx.years)
    if not ct:
        return
    exist = _tech_year(idx.inputs.existing, ct)
    rhs = np.diff(exist, axis=1, prepend=0.0)
    fam = b.family("stock", [(k, y) for k in ct for y in idx.years], rhs.ravel(), rhs.ravel())
    life = idx.inputs.techs.loc[ct, "lifetime_yr"].to_numpy()
    yi = np.arange(ny)
    for ci in range(len(ct)):
        rows = ci * ny + yi
        fam.add(rows, _col(idx, "capacity", ci, yi), 1.0)
        fam.add(rows[1:], _col(idx, "capacity", ci, yi[:-1]), -1.0)
        fam.add(rows, _col(idx, "new_capacity", ci, yi), -1.0)
        L = int(life[ci])
        if L < ny:
            fam.add(rows[L:], _col(idx, "new_capacity", ci, yi[:-L]), 1.0)
        if ct[ci] in idx.retire_techs:
            ri = idx.retire_techs.index(ct[ci])
            fam.add(rows, _col(idx, "retired", ri, yi), 1.0)
            fam.add(rows[1:], _col(idx, "retired", ri, yi[:-1]), -1.0)


def define_sector_accounting(b: _Builder, idx: ModelIndex) -> None:
    r"""Emissions of each sector and year (CO2, energy and process):

    .. math:: e_{s,y} - \sum_{k \in s} ef_{k,y} \, x_{k,y} = E^{exo}_{s,y}

    with ef from :func:`emission_factors`; E^exo is the projected CO2 of a sector the model does
    not optimise (0 for optimised sectors).
    """
    inp, ny, sectors = idx.inputs, len(idx.years), idx.sectors
    exo = inp.exogenous_co2.reindex(index=sectors, columns=idx.years).fillna(0.0)
    rhs = exo.to_numpy(dtype=float).ravel()
    fam = b.family("sector_accounting", [(s, y) for s in sectors for y in idx.years], rhs, rhs)
    yi = np.arange(ny)
    spos = {s: i for i, s in enumerate(sectors)}
    for si in range(len(sectors)):
        fam.add(si * ny + yi, _col(idx, "emissions", si, yi), 1.0)
    ef = emission_factors(inp)
    for ki, k in enumerate(idx.techs):
        si = spos[inp.techs.at[k, "sector"]]
        fam.add(si * ny + yi, _col(idx, "activity", ki, yi), -ef[ki])


def define_total_accounting(b: _Builder, idx: ModelIndex) -> None:
    r"""The total accounting row of each year; its dual is the all-in carbon price:

    .. math:: E_y - \sum_s e_{s,y} = 0

    Dual λ_y = ∂cost/∂(one more exogenous tonne in y) ≥ 0; price_y = λ_y / df_y.
    """
    ny = len(idx.years)
    fam = b.family("total_accounting", list(idx.years), 0.0, 0.0)
    yi = np.arange(ny)
    fam.add(yi, _col(idx, "total_emissions", yi), 1.0)
    for si in range(len(idx.sectors)):
        fam.add(yi, _col(idx, "emissions", si, yi), -1.0)


def _emission_col(idx: ModelIndex, sector: str, year: int) -> int:
    yi = year - idx.years[0]
    if sector == "total":
        return int(_col(idx, "total_emissions", yi))
    return int(_col(idx, "emissions", idx.sectors.index(sector), yi))


def define_caps(b: _Builder, idx: ModelIndex) -> None:
    r"""Caps per sector or in total: :math:`e_{s,y} \le Cap_{s,y}` and :math:`E_y \le Cap_y`."""
    caps = idx.inputs.caps
    keys = list(zip(caps["sector"], caps["year"].astype(int), strict=True))
    fam = b.family("emission_cap", keys, -np.inf, caps["cap_t"].to_numpy(dtype=float),
                   kind="policy")
    if keys:
        fam.add(np.arange(len(keys)), [_emission_col(idx, s, y) for s, y in keys], 1.0)


def history_years(inputs: ModelInputs) -> set[int]:
    """Model years with known figures in the history file (never bound by a peak rule)."""
    h = inputs.history
    return {int(y) for y in h["year"] if inputs.years[0] <= int(y) <= inputs.years[-1]}


def peak_reference(inputs: ModelInputs) -> dict[int, float]:
    """CO2 of each peak rule's sector in its peak year when the peak rules are left out [t].

    One extra solve of the same scenario with ``policy.peak = []``; every other rule stays.
    An infeasible reference gives no bound (the full scenario is then infeasible too and is
    diagnosed by name).
    """
    from dataclasses import replace

    from carbon.scenarios.solve import run_highs

    sc = inputs.scenario
    free = replace(inputs, scenario=sc.model_copy(
        update={"policy": sc.policy.model_copy(update={"peak": []})}), peak_reference={})
    model = build_model(free)
    if run_highs(model, load_duals=False).status != "optimal":
        return {}
    idx = model.meta
    return {i: float(idx.columns[_emission_col(idx, rule.sector, rule.year)].value or 0.0)
            for i, rule in enumerate(sc.policy.peak)}


def define_peaks(b: _Builder, idx: ModelIndex) -> None:
    r"""Peak rules that cannot be gamed (rule i on sector s or the total, peak year T):

    .. math:: e_{s,y} - e_{s,y-1} \le 0 \quad (T < y \le Y), \qquad
              e_{s,T} \le \min(\bar P_i, e^{ref}_{s,T})

    e^ref is what the scenario emits in T when its peak rules are left out
    (:func:`peak_reference`), \bar P the optional ``max_t``. Without the bound on the level
    in T, "no rise after T" would reward emitting more in T to loosen every later year. Years
    before T are not bound by the rule; a year with history is never bound (no row whose
    later year, nor a level row whose year, has history). Peak rules act on the production
    view (``emissions.csv``). Indices are (rule number, year).
    """
    inp = idx.inputs
    rules = inp.scenario.policy.peak
    ref = inp.peak_reference or {}
    past = history_years(inp)
    inc_keys, bound_keys, bound_rhs = [], [], []
    for i, rule in enumerate(rules):
        inc_keys += [(i, y) for y in range(rule.year + 1, idx.years[-1] + 1) if y not in past]
        level = min([v for v in (rule.max_t, ref.get(i)) if v is not None], default=None)
        if level is not None and rule.year not in past:
            bound_keys.append((i, rule.year))
            bound_rhs.append(level)
    fam = b.family("peak_non_increasing", inc_keys, -np.inf, 0.0, kind="policy")
    for r, (i, y) in enumerate(inc_keys):
        fam.add(r, _emission_col(idx, rules[i].sector, y), 1.0)
        fam.add(r, _emission_col(idx, rules[i].sector, y - 1), -1.0)
    fam = b.family("peak_bound", bound_keys, -np.inf, np.asarray(bound_rhs, float),
                   kind="policy")
    if bound_keys:
        fam.add(np.arange(len(bound_keys)),
                [_emission_col(idx, rules[i].sector, y) for i, y in bound_keys], 1.0)


def define_budget(b: _Builder, idx: ModelIndex) -> None:
    r"""Cumulative budget: :math:`\sum_{y=y_a}^{y_b} E_y \le B`."""
    pol = idx.inputs.scenario.policy
    if pol.budget_t is None:
        b.family("budget", [], -np.inf, 0.0, kind="policy")
        return
    a, z = pol.budget_years or (idx.years[0], idx.years[-1])
    fam = b.family("budget", [0], -np.inf, pol.budget_t, kind="policy")
    yi = np.arange(a - idx.years[0], z - idx.years[0] + 1)
    fam.add(np.zeros_like(yi), _col(idx, "total_emissions", yi), 1.0)


def define_intensity(b: _Builder, idx: ModelIndex) -> None:
    r"""CO2 per GDP: :math:`E_y \le \iota_y \cdot GDP_y` [t per 10^4 yuan × 10^4 yuan]."""
    inten = idx.inputs.intensity
    assert inten is not None
    keys = [int(y) for y in inten.index]
    drivers = idx.inputs.drivers
    rhs = [float(inten[y]) * float(drivers.at[y, "gdp_10k_yuan"]) for y in keys] \
        if keys and drivers is not None else []
    fam = b.family("intensity", keys, -np.inf, np.asarray(rhs, float), kind="policy")
    if keys:
        fam.add(np.arange(len(keys)),
                _col(idx, "total_emissions", np.asarray(keys) - idx.years[0]), 1.0)


def define_trading(b: _Builder, idx: ModelIndex) -> None:
    r"""Allowance trading between the sectors of the allocation file.

    Compliance, per trading sector s and year y (right-hand side: the free allocation):

    .. math:: e_{s,y} - q_{s,y} - o_{s,y} + b_{s,y} - b_{s,y-1} \le A_{s,y}

    (dual φ ≤ 0; the allowance price is −φ/df_y). Market clearing, per year:
    :math:`\sum_s q_{s,y} = 0`. Offsets o ≤ share·A cost P^off each; the bank b ≥ 0 (b = 0
    without banking) carries over between listed years of the same sector. With
    ``trade_cost_yuan_per_t`` c, purchases p_{s,y} ≥ q_{s,y}, p ≥ 0 cost c·df_y each, so a trade
    happens only where it saves more than c.
    """
    tr = idx.trading
    if "purchase" in idx.offsets:          # purchases p ≥ q, p ≥ 0, charged the trade cost
        buy = b.family("purchase", tr, -np.inf, 0.0)
        n = np.arange(len(tr))
        buy.add(n, _col(idx, "net_purchase", n), 1.0)
        buy.add(n, _col(idx, "purchase", n), -1.0)
    alloc = idx.inputs.allocation.set_index(["sector", "year"])["allocation_t"]
    fam = b.family("allowance_compliance", tr, -np.inf,
                   np.array([alloc[t] for t in tr], float), kind="policy")
    years = sorted({y for _, y in tr})
    clear = b.family("market_clearing", years, 0.0, 0.0)
    pos = {t: i for i, t in enumerate(tr)}
    for i, (s, y) in enumerate(tr):
        fam.add(i, _emission_col(idx, s, y), 1.0)
        fam.add(i, _col(idx, "net_purchase", i), -1.0)
        fam.add(i, _col(idx, "offsets", i), -1.0)
        fam.add(i, _col(idx, "bank", i), 1.0)
        if (s, y - 1) in pos:
            fam.add(i, _col(idx, "bank", pos[(s, y - 1)]), -1.0)
        clear.add(years.index(y), _col(idx, "net_purchase", i), 1.0)
