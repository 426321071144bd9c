"""Market clearing at least cost: the allowance price is the dual of the cap.

For each year ``t`` the enterprises must together surrender their obligations; the cheapest way
to do so is (all quantities in t, costs in yuan, discounted by ``d_t = (1 + r)^-(t − t0)``)::

    min  Σ_t d_t [ Σ_k c_k x_k + Σ_j ½ m_j a_j² + p_o Σ_j o_j + P Σ_j s_j + C r_t − F w_t ]
    s.t. Σ_j (a_j + o_j + s_j) + r_t − w_t + B_{t−1} − B_t  ≥  R_t = Σ_j need_j − S_t   (λ_t)
         a_j + o_j + s_j ≤ need_j                      (no enterprise owes less than nothing)
         0 ≤ x_k ≤ q_k (steps, a_j = Σ_k x_k),  0 ≤ o_j ≤ L_j,  0 ≤ w_t ≤ auctioned_t,
         B_t ≥ −borrowing limit (0 in the last year), B_t = 0 without banking

with step curves (``c_k``, ``q_k``), linear MACs (``MAC = m_j × a_j``), offsets at ``p_o`` within
their limit ``L_j``, shortfall at the penalty ``P``, reserve sale ``r_t`` at the ceiling ``C`` and
allowances withheld from the auction ``w_t`` below the floor ``F``. The price in year t's money
is ``λ_t / d_t`` (HiGHS row dual). Steps make it an LP, linear MACs a QP (Hessian
``diag(d_t m_j)``); both go to HiGHS through highspy. While the bank is used (``B_t > 0``),
``λ_t = λ_{t+1}``, so the price rises at the discount rate: ``p_{t+1} / p_t = d_t / d_{t+1}``.

For one year with step curves only, no floor and no enterprise whose steps and offsets exceed
its obligation, the same price comes from the merit order (sort every step, offset block and
the penalty/ceiling by cost, cumulative sum, find where it reaches ``R``): :func:`merit_order`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from carbon.errors import CarbonError, InfeasibleError
from carbon.scenarios.solve import _quiet_highs

INF = float("inf")


@dataclass
class MarketInput:
    """One row per enterprise-year (index ``j``) and the step curves (index ``k``)."""

    years: list[int]
    year: np.ndarray            # year of row j
    need_t: np.ndarray          # obligation at BAU (after obligation caps)
    alloc_t: np.ndarray         # free allocation
    offset_limit_t: np.ndarray  # L_j
    slope: np.ndarray           # m_j (NaN: step curve)
    step_row: np.ndarray        # j of step k
    step_q: np.ndarray
    step_c: np.ndarray
    auction_t: dict[int, float]
    offset_price: float = INF
    ceiling: float | None = None
    floor: float | None = None
    penalty: float | None = None
    banking: bool = False
    borrowing_t: float = 0.0
    initial_bank_t: float = 0.0
    discount_rate: float = 0.05

    def supply(self, year: int) -> float:
        return float(self.alloc_t[self.year == year].sum()) + self.auction_t.get(year, 0.0)

    def required(self, year: int) -> float:
        return float(self.need_t[self.year == year].sum()) - self.supply(year)


@dataclass
class MarketResult:
    price: dict[int, float]
    abatement_t: np.ndarray
    abatement_cost_yuan: np.ndarray
    offsets_t: np.ndarray
    shortfall_t: np.ndarray
    reserve_sold_t: dict[int, float]
    withheld_t: dict[int, float]
    bank_t: dict[int, float]
    solver: str
    step_x: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _discount(inp: MarketInput) -> dict[int, float]:
    t0 = inp.years[0]
    return {t: (1.0 + inp.discount_rate) ** -(t - t0) for t in inp.years}


def capacity_t(inp: MarketInput) -> np.ndarray:
    """Most each row can abate or offset (before any penalty or reserve)."""
    steps = np.bincount(inp.step_row, weights=inp.step_q, minlength=len(inp.need_t))
    lin = np.where(np.isnan(inp.slope), 0.0, inp.need_t)
    return np.minimum(inp.need_t, steps + lin + inp.offset_limit_t)


def check_reachable(inp: MarketInput) -> None:
    """Raise when the cap is below what the enterprises can reach with every step and offset."""
    if inp.ceiling is not None or inp.penalty is not None:
        return
    cap = capacity_t(inp)
    bank = inp.initial_bank_t
    for i, t in enumerate(inp.years):
        reach = float(cap[inp.year == t].sum())
        gap = inp.required(t) - reach
        last = i == len(inp.years) - 1
        slack = bank + (inp.borrowing_t if inp.banking and not last else 0.0)
        if gap > slack + 1e-6 * max(1.0, abs(gap)):
            raise InfeasibleError(
                f"the cap of {t} is {gap - slack:,.0f} t below what the enterprises can reach "
                f"even with every abatement step and every offset (required abatement "
                f"{inp.required(t):,.0f} t, reachable {reach:,.0f} t); raise the cap, allow "
                "more offsets, or give a penalty or price ceiling")
        bank = max(0.0, bank - gap) if inp.banking else 0.0


def merit_order_allowed(inp: MarketInput) -> bool:
    """The vectorised path gives the LP's price: one year, steps only, no floor, and no
    enterprise whose steps and offsets together exceed its obligation."""
    if len(inp.years) != 1 or inp.floor is not None or not np.isnan(inp.slope).all():
        return False
    steps = np.bincount(inp.step_row, weights=inp.step_q, minlength=len(inp.need_t))
    return bool(np.all(steps + inp.offset_limit_t <= inp.need_t + 1e-9))


def merit_order(inp: MarketInput) -> MarketResult:
    """Clear one year by sorting every step by cost (the vectorised path, see module doc)."""
    year = inp.years[0]
    n, nk = len(inp.need_t), len(inp.step_q)
    rest = np.maximum(inp.need_t - np.bincount(inp.step_row, weights=inp.step_q, minlength=n)
                      - inp.offset_limit_t, 0.0)
    cost = [inp.step_c, np.full(n, inp.offset_price)]
    qty = [inp.step_q, inp.offset_limit_t]
    if inp.penalty is not None:
        cost.append(np.full(n, inp.penalty))
        qty.append(rest)
    if inp.ceiling is not None:
        cost.append(np.array([inp.ceiling]))
        qty.append(np.array([INF]))
    c, q = np.concatenate(cost), np.concatenate(qty)
    required = inp.required(year)
    taken = np.zeros_like(q)
    price = 0.0
    if required > 0:
        q = np.minimum(q, required)   # no item supplies more than R (and no infinity remains)
        order = np.argsort(c, kind="stable")
        cum = np.cumsum(q[order])
        k = int(np.searchsorted(cum, required * (1 - 1e-12), side="left"))
        if k >= len(order):
            check_reachable(inp)
            raise InfeasibleError(f"the cap of {year} cannot be met")
        price = float(c[order[k]])
        below = c < price
        taken[below] = q[below]
        tied = c == price
        left = required - float(q[below].sum())
        taken[tied] = q[tied] * (left / float(q[tied].sum()))
    x = taken[:nk]
    abate = np.bincount(inp.step_row, weights=x, minlength=n)
    a_cost = np.bincount(inp.step_row, weights=x * inp.step_c, minlength=n)
    offsets = taken[nk:nk + n]
    pos = nk + n
    short = np.zeros(n)
    if inp.penalty is not None:
        short = taken[pos:pos + n]
        pos += n
    reserve = float(taken[pos]) if inp.ceiling is not None else 0.0
    return MarketResult({year: price}, abate, a_cost, offsets, short, {year: reserve},
                        {year: 0.0}, {year: 0.0}, "merit order (numpy sort + cumulative sum)", x)


def clear_lp(inp: MarketInput) -> MarketResult:
    """Clear all years at once through HiGHS (LP for steps, QP with linear MACs)."""
    import highspy

    n, nk, ny = len(inp.need_t), len(inp.step_q), len(inp.years)
    ti = {t: i for i, t in enumerate(inp.years)}
    d = _discount(inp)
    dj = np.array([d[int(t)] for t in inp.year])
    row_t = np.array([ti[int(t)] for t in inp.year], dtype=np.int64)
    lin = np.flatnonzero(~np.isnan(inp.slope))
    pen = inp.penalty is not None
    cols_cost, cols_lo, cols_hi, trip = [], [], [], []   # trip: (row, col, value)
    ncol = 0

    def add(cost, lo, hi, rows_coefs):
        nonlocal ncol
        m = len(cost)
        idx = np.arange(ncol, ncol + m)
        cols_cost.append(cost)
        cols_lo.append(lo)
        cols_hi.append(hi)
        for r, v in rows_coefs:
            trip.append((r, idx, np.broadcast_to(v, (m,)).astype(float)))
        ncol += m
        return idx

    firm_row = ny + np.arange(n)     # rows 0..ny-1 market, then one per firm
    srow = row_t[inp.step_row]
    add(inp.step_c * dj[inp.step_row], np.zeros(nk), inp.step_q,
        [(srow, 1.0), (firm_row[inp.step_row], 1.0)])
    a_idx = add(np.zeros(len(lin)), np.zeros(len(lin)), inp.need_t[lin],
                [(row_t[lin], 1.0), (firm_row[lin], 1.0)])
    has_off = np.isfinite(inp.offset_price) and inp.offset_limit_t.any()
    o_idx = add(inp.offset_price * dj if has_off else np.zeros(n), np.zeros(n),
                inp.offset_limit_t if has_off else np.zeros(n), [(row_t, 1.0), (firm_row, 1.0)])
    s_idx = add(inp.penalty * dj, np.zeros(n), np.full(n, INF),
                [(row_t, 1.0), (firm_row, 1.0)]) if pen else None
    yr = np.arange(ny)
    dy = np.array([d[t] for t in inp.years])
    r_idx = add(inp.ceiling * dy, np.zeros(ny), np.full(ny, INF), [(yr, 1.0)]) \
        if inp.ceiling is not None else None
    w_idx = add(-inp.floor * dy, np.zeros(ny),
                np.array([inp.auction_t.get(t, 0.0) for t in inp.years]), [(yr, -1.0)]) \
        if inp.floor is not None else None
    b_lo = np.zeros(ny)
    b_hi = np.zeros(ny)
    if inp.banking:
        b_hi[:] = INF
        b_lo[:-1] = -inp.borrowing_t
    b_idx = add(np.zeros(ny), b_lo, b_hi, [(yr, -1.0)])
    if ny > 1:
        trip.append((yr[1:], b_idx[:-1], np.ones(ny - 1)))
    rows = np.concatenate([t[0] for t in trip])
    cols = np.concatenate([t[1] for t in trip])
    vals = np.concatenate([t[2] for t in trip])
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = ncol, ny + n
    lp.col_cost_ = np.concatenate(cols_cost)
    lp.col_lower_ = np.concatenate(cols_lo)
    lp.col_upper_ = np.where(np.isfinite(np.concatenate(cols_hi)), np.concatenate(cols_hi),
                             highspy.kHighsInf)
    req = np.array([inp.required(t) for t in inp.years])
    req[0] -= inp.initial_bank_t
    lp.row_lower_ = np.concatenate([req, np.full(n, -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate([np.full(ny, highspy.kHighsInf), inp.need_t])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(ncol + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = vals
    h = _quiet_highs()
    # one thread, as the pathway solver: HiGHS's scheduler is process-wide and keeps the thread
    # count of its first run, so a different count later makes every run fail
    h.setOptionValue("threads", 1)
    if len(lin):
        model = highspy.HighsModel()
        model.lp_ = lp
        hess = model.hessian_
        hess.dim_ = ncol
        hess.format_ = highspy.HessianFormat.kTriangular
        diag = np.zeros(ncol)
        diag[a_idx] = inp.slope[lin] * dj[lin]
        nz = np.flatnonzero(diag)
        hess.start_ = np.searchsorted(nz, np.arange(ncol + 1)).astype(np.int32)
        hess.index_ = nz.astype(np.int32)
        hess.value_ = diag[nz]
        h.passModel(model)
    else:
        h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        check_reachable(inp)
        raise CarbonError(f"market clearing: HiGHS ended with status "
                          f"'{h.modelStatusToString(status)}'")
    sol = h.getSolution()
    x = np.asarray(sol.col_value)
    duals = np.asarray(sol.row_dual)[:ny]
    price = {t: max(0.0, float(duals[i]) / dy[i]) for i, t in enumerate(inp.years)}
    step_x = x[:nk]
    abate = np.bincount(inp.step_row, weights=step_x, minlength=n).astype(float)
    a_cost = np.bincount(inp.step_row, weights=step_x * inp.step_c, minlength=n).astype(float)
    abate[lin] += x[a_idx]
    a_cost[lin] += 0.5 * inp.slope[lin] * x[a_idx] ** 2
    offsets = x[o_idx]
    short = x[s_idx] if s_idx is not None else np.zeros(n)
    zeros = np.zeros(ny)
    reserve = x[r_idx] if r_idx is not None else zeros
    withheld = x[w_idx] if w_idx is not None else zeros
    kind = "QP" if len(lin) else "LP"
    return MarketResult(price, abate, a_cost, offsets, short,
                        dict(zip(inp.years, reserve.tolist(), strict=True)),
                        dict(zip(inp.years, withheld.tolist(), strict=True)),
                        dict(zip(inp.years, x[b_idx].tolist(), strict=True)),
                        f"{kind} through HiGHS {highspy.HIGHS_VERSION_MAJOR}."
                        f"{highspy.HIGHS_VERSION_MINOR}", step_x)


def price_taker(inp: MarketInput, price: float) -> MarketResult:
    """Each enterprise faces an outside price (linked to the national market): it abates every
    step cheaper than the price, offsets where they are cheaper, and buys or sells the rest.

    A linear MAC abates ``min(price / m, need)``. Nothing here needs a solver.
    """
    n = len(inp.need_t)
    c = np.concatenate([inp.step_c, np.full(n, inp.offset_price)])
    q = np.concatenate([inp.step_q, inp.offset_limit_t])
    owner = np.concatenate([inp.step_row, np.arange(n)])
    lin = ~np.isnan(inp.slope)
    lin_a = np.where(lin, np.minimum(price / np.where(lin, inp.slope, 1.0), inp.need_t), 0.0)
    take = np.where(c < price, q, 0.0)
    order = np.lexsort((c, owner))
    cum = pd.Series(take[order]).groupby(owner[order]).cumsum().to_numpy()
    room = np.maximum(inp.need_t - lin_a, 0.0)[owner[order]]
    clipped = np.clip(room - (cum - take[order]), 0.0, take[order])
    take[order] = clipped
    nk = len(inp.step_q)
    x = take[:nk]
    abate = np.bincount(inp.step_row, weights=x, minlength=n) + lin_a
    a_cost = (np.bincount(inp.step_row, weights=x * inp.step_c, minlength=n)
              + np.where(lin, 0.5 * np.where(lin, inp.slope, 0.0) * lin_a ** 2, 0.0))
    zero = {t: 0.0 for t in inp.years}
    return MarketResult({t: price for t in inp.years}, abate, a_cost, take[nk:], np.zeros(n),
                        dict(zero), dict(zero), dict(zero), "price taker (outside market)", x)


def clear_market(inp: MarketInput, *, solver: str = "auto",
                 outside_price: float | None = None) -> MarketResult:
    """Clear the market: an outside price, the merit order where allowed, else HiGHS."""
    if outside_price is not None:
        return price_taker(inp, outside_price)
    check_reachable(inp)
    if solver == "merit_order" and not merit_order_allowed(inp):
        raise CarbonError("market.solver = 'merit_order' needs one year, step curves only, no "
                          "price floor and steps plus offsets within each obligation; use "
                          "'auto' or 'lp'")
    if solver == "merit_order" or (solver == "auto" and merit_order_allowed(inp)):
        return merit_order(inp)
    return clear_lp(inp)
