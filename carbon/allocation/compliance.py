"""Compliance per enterprise and year: the ledger, the no-trade counterfactual, the checks.

Ledger identities (every row, checked by :func:`check_conservation`):

* ``emissions_t = bau_emissions_t − abatement_t``
* ``obligation_t = emissions_t − exempt_t`` where ``exempt_t = max(0, BAU − obligation cap)``
  (the cap on BAU keeps clearing linear; allocation_rules.md §1.5)
* ``surplus_t = allocation_t + net_purchase_t + offsets_t − obligation_t`` (< 0: a shortfall
  priced at the penalty)
* ``compliance_cost_yuan = abatement cost + offsets_t × offset price + (net_purchase_t −
  allowances kept) × price + shortfall × penalty``: what an enterprise keeps at the end of the year
  (banked, or lapsing at a price of 0) is worth the year's price.

Market: ``Σ net_purchase_t = auctioned − withheld + reserve_sold + drawn from the bank`` (zero in
a closed market without auction), or the purchases from the outside market for a price taker.

No-trade counterfactual: each enterprise meets its own obligation with its own allocation, its
own steps and offsets; a gap it cannot close is priced at the penalty, else the ceiling, else the
highest marginal cost in the registry (stated in the summary).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.allocation.market import MarketInput, MarketResult
from carbon.errors import CarbonError

TOL = 1e-6


def ledger(firms: pd.DataFrame, inp: MarketInput, res: MarketResult, *,
           exempt_t: np.ndarray, outside: bool) -> pd.DataFrame:
    """The ledger per enterprise and year (DESIGN.md columns plus ``shortfall_t``,
    ``exempt_t``, ``abatement_cost_yuan``, ``price_yuan_per_t``)."""
    price = np.array([res.price[int(t)] for t in inp.year])
    obligation = inp.need_t - res.abatement_t
    need = obligation - res.offsets_t - res.shortfall_t   # allowances to surrender
    held = np.zeros(len(need))
    unsold: dict[int, float] = {}
    if not outside:
        for t in inp.years:
            m = inp.year == t
            excess = (inp.supply(t) + res.reserve_sold_t[t] - res.withheld_t[t]
                      - float(need[m].sum()))
            long = np.maximum(inp.alloc_t[m] - need[m], 0.0)
            if excess > TOL and long.sum() > 0:
                keep = min(excess, float(long.sum()))
                held[m] = long * keep / long.sum()
                unsold[t] = excess - keep
            else:
                unsold[t] = max(excess, 0.0) if excess > TOL else 0.0
    net = need - inp.alloc_t + held
    penalty = inp.penalty or 0.0
    offset_price = inp.offset_price if np.isfinite(inp.offset_price) else 0.0
    # allowances an enterprise keeps (banked or lapsing) are valued at the year's price
    cost = (res.abatement_cost_yuan + res.offsets_t * offset_price + (net - held) * price
            + res.shortfall_t * penalty)
    out = pd.DataFrame({
        "enterprise_id": firms["enterprise_id"].to_numpy(), "year": inp.year,
        "name": firms["name"].to_numpy(), "sector": firms["sector"].to_numpy(),
        "allocation_t": inp.alloc_t, "bau_emissions_t": firms["bau_emissions_t"].to_numpy(),
        "emissions_t": firms["bau_emissions_t"].to_numpy() - res.abatement_t,
        "abatement_t": res.abatement_t, "offsets_t": res.offsets_t, "net_purchase_t": net,
        "obligation_t": obligation, "exempt_t": exempt_t,
        "surplus_t": inp.alloc_t + net + res.offsets_t - obligation,
        "shortfall_t": res.shortfall_t, "abatement_cost_yuan": res.abatement_cost_yuan,
        "price_yuan_per_t": price, "compliance_cost_yuan": cost})
    out.attrs["unsold"] = unsold
    return out


def autarky_cost(inp: MarketInput, *, gap_price: float) -> np.ndarray:
    """Each row's least cost of meeting its obligation alone (no trade), in yuan.

    Options in cost order: its steps, its offsets (within the limit), then the penalty (or the
    ceiling) for what is left; ``gap_price`` prices a gap no option closes.
    """
    n = len(inp.need_t)
    gap = np.maximum(inp.need_t - inp.alloc_t, 0.0)
    shortfall_price = inp.penalty if inp.penalty is not None else inp.ceiling
    last = gap_price if shortfall_price is None else shortfall_price
    c = np.concatenate([inp.step_c, np.full(n, inp.offset_price), np.full(n, last)])
    q = np.concatenate([inp.step_q, inp.offset_limit_t, np.full(n, np.inf)])
    owner = np.concatenate([inp.step_row, np.arange(n), np.arange(n)])
    lin = ~np.isnan(inp.slope)
    cost = np.zeros(n)
    order = np.lexsort((c, owner))
    cq = np.minimum(q[order], gap[owner[order]])
    before = pd.Series(cq).groupby(owner[order]).cumsum().to_numpy() - cq
    take = np.clip(gap[owner[order]] - before, 0.0, cq)
    use = take > 0
    cost += np.bincount(owner[order][use], weights=take[use] * c[order][use], minlength=n)
    for j in np.flatnonzero(lin):
        cost[j] = _linear_autarky(float(inp.slope[j]), float(gap[j]), float(inp.need_t[j]),
                                  float(inp.offset_price), float(inp.offset_limit_t[j]), last)
    return cost


def _linear_autarky(m: float, gap: float, amax: float, p_o: float, limit: float,
                    last: float) -> float:
    """Least cost of closing ``gap`` alone with ``MAC = m a`` (a ≤ amax), offsets at ``p_o``
    (at most ``limit``) and a last resort at ``last``: abate while the MAC is below the offset
    price, then offsets, then abate up to the last-resort price, then the last resort."""
    if gap <= 0:
        return 0.0
    if p_o >= last:
        a = min(gap, last / m, amax)
        return 0.5 * m * a * a + (gap - a) * last
    a1 = min(gap, p_o / m, amax)
    o = min(limit, gap - a1)
    a2 = min(a1 + (gap - a1 - o), last / m, amax)
    return 0.5 * m * a2 * a2 + o * p_o + (gap - a2 - o) * last


def check_conservation(table: pd.DataFrame, market: pd.DataFrame, *, cap: dict[int, float],
                       free: dict[int, float], auction: dict[int, float],
                       outside: bool) -> None:
    """Raise :class:`CarbonError` when a total does not reconcile (never a silent result)."""
    def fail(msg: str) -> None:
        raise CarbonError(f"conservation check failed: {msg}")

    for t, c in cap.items():
        if abs(free[t] + auction[t] - c) > TOL * max(1.0, c):
            fail(f"{t}: free allocation {free[t]:,.3f} + auctioned {auction[t]:,.3f} t differs "
                 f"from the cap {c:,.3f} t")
    scale = max(1.0, float(table["bau_emissions_t"].abs().max()))
    resid = table["surplus_t"] - (table["allocation_t"] + table["net_purchase_t"]
                                  + table["offsets_t"] - table["obligation_t"])
    resid2 = table["emissions_t"] - (table["bau_emissions_t"] - table["abatement_t"])
    resid3 = table["obligation_t"] - (table["emissions_t"] - table["exempt_t"])
    for name, r in (("surplus", resid), ("emissions", resid2), ("obligation", resid3)):
        if (r.abs() > TOL * scale).any():
            i = int(np.flatnonzero((r.abs() > TOL * scale).to_numpy())[0])
            fail(f"ledger row {table['enterprise_id'].iloc[i]} {table['year'].iloc[i]}: "
                 f"{name} does not reconcile (off by {r.iloc[i]:g} t)")
    if (table["offsets_t"] < -TOL * scale).any() or (table["abatement_t"] < -TOL * scale).any():
        fail("negative abatement or offsets")
    if outside:
        return
    for row in market.itertuples(index=False):
        net = float(table.loc[table["year"] == row.year, "net_purchase_t"].sum())
        expect = (auction[row.year] - row.withheld_t + row.reserve_sold_t + row.bank_drawn_t)
        if abs(net - expect) > TOL * scale * max(1, len(table)):
            fail(f"{row.year}: net purchases sum to {net:,.3f} t, expected auctioned − withheld "
                 f"+ reserve sold + drawn from the bank = {expect:,.3f} t")
