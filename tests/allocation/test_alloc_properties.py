"""Property tests on random registries: conservation, the price at the marginal step, and no
enterprise worse off with trading than without."""

import numpy as np
import pandas as pd
import pytest
from alloc_helpers import market
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.allocation import compliance
from carbon.allocation.market import clear_market


@st.composite
def registries(draw):
    n = draw(st.integers(2, 7))
    steps, need, alloc = [], [], []
    for j in range(n):
        bau = draw(st.floats(100, 10_000))
        k = draw(st.integers(1, 3))
        costs = sorted(draw(st.lists(st.floats(1, 500), min_size=k, max_size=k)))
        shares = draw(st.lists(st.floats(0.01, 0.3), min_size=k, max_size=k))
        steps += [(j, s * bau, c) for s, c in zip(shares, costs, strict=True)]
        need.append(bau)
        alloc.append(bau * draw(st.floats(0.7, 1.1)))
    solver = draw(st.sampled_from(["auto", "lp"]))
    return market(need, alloc, steps, penalty=1000.0), solver


def _ledger(inp, res):
    n = len(inp.need_t)
    firms = pd.DataFrame({"enterprise_id": [f"e{j}" for j in range(n)], "name": "x",
                          "sector": "industry", "bau_emissions_t": inp.need_t})
    table = compliance.ledger(firms, inp, res, exempt_t=np.zeros(n), outside=False)
    table["no_trade_cost_yuan"] = compliance.autarky_cost(inp, gap_price=1000.0)
    return table


@settings(max_examples=60, deadline=None)
@given(registries())
def test_conservation_price_and_no_firm_worse_off(case):
    inp, solver = case
    res = clear_market(inp, solver=solver)
    table = _ledger(inp, res)
    price = res.price[2025]
    scale = float(inp.need_t.sum())
    # conservation: a closed market without auction or reserve nets to zero
    assert abs(table["net_purchase_t"].sum()) <= 1e-6 * scale
    resid = table["surplus_t"] - (table["allocation_t"] + table["net_purchase_t"]
                                  + table["offsets_t"] - table["obligation_t"])
    assert (resid.abs() <= 1e-6 * scale).all()
    # the price is set by the marginal step: every cheaper step is used in full, no dearer one
    # is used at all, and the price is 0, a step cost, or the penalty
    x = res.step_x
    tol = 1e-6 * max(1.0, inp.step_q.max())
    assert np.all(x[inp.step_c < price - 1e-7] >= inp.step_q[inp.step_c < price - 1e-7] - tol)
    assert np.all(x[inp.step_c > price + 1e-7] <= tol)
    candidates = np.concatenate([[0.0, 1000.0], inp.step_c])
    assert np.min(np.abs(candidates - price)) <= 1e-6 * max(1.0, price)
    # no firm is worse off with trading than alone
    gain = table["no_trade_cost_yuan"] - table["compliance_cost_yuan"]
    assert (gain >= -1e-6 * max(1.0, price * scale)).all()


@st.composite
def banked_registries(draw):
    n = draw(st.integers(2, 5))
    steps, need, alloc, year = [], [], [], []
    for t in (2025, 2026):
        for _ in range(n):
            bau = draw(st.floats(100, 10_000))
            costs = sorted(draw(st.lists(st.floats(1, 500), min_size=2, max_size=2)))
            row = len(need)
            steps += [(row, 0.1 * bau, costs[0]), (row, 0.2 * bau, costs[1])]
            need.append(bau)
            alloc.append(bau * draw(st.floats(0.7, 1.1)))
            year.append(t)
    return market(need, alloc, steps, penalty=1000.0, years=[2025, 2026], year=year,
                  banking=True, discount_rate=draw(st.floats(0.0, 0.1)))


@settings(max_examples=30, deadline=None)
@given(banked_registries())
def test_banking_conserves_and_no_firm_is_worse_off(inp):
    res = clear_market(inp)
    table = _ledger(inp, res)
    # net purchases: what is drawn from the bank in a year is bought from it, nothing else
    for t in inp.years:
        m = table["year"] == t
        drawn = max(0.0, float((table.loc[m, "obligation_t"] - table.loc[m, "offsets_t"]
                                - table.loc[m, "shortfall_t"]).sum()) - inp.supply(t))
        assert table.loc[m, "net_purchase_t"].sum() == \
            pytest.approx(drawn, abs=1e-6 * float(inp.need_t.sum()))
    # while the bank carries allowances into 2026 the price rises at the discount rate
    if res.bank_t[2025] > 1e-6 * float(inp.need_t.sum()) and res.price[2025] > 1e-6:
        assert res.price[2026] / res.price[2025] == pytest.approx(1 + inp.discount_rate,
                                                                  rel=1e-5)
    gain = table["no_trade_cost_yuan"] - table["compliance_cost_yuan"]
    assert (gain >= -1e-6 * max(1.0, 1000.0 * float(inp.need_t.sum()))).all()
