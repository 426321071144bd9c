"""Property tests on random registries: conservation, the price at the marginal step, and no
enterprise worse off with trading than without."""

import numpy as np
import pandas as pd
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
