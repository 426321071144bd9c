"""Market clearing worked by hand: merit order, linear MACs, offsets, ceiling, floor, banking."""

import numpy as np
import pytest
from alloc_helpers import market

from carbon.allocation.market import clear_lp, clear_market, merit_order, merit_order_allowed
from carbon.errors import InfeasibleError

# three firms, steps (row, t, yuan/t); sorted: 10@20 (A), 5@30 (B), 20@50 (C), 10@70 (A), 15@90 (B)
STEPS = [(0, 10, 20), (0, 10, 70), (1, 5, 30), (1, 15, 90), (2, 20, 50)]


@pytest.mark.parametrize("solver", ["lp", "merit_order"])
def test_step_merit_order(solver):
    # need 300 + 200 + 100 = 600, allocation 560 → required abatement R = 40:
    # cumulative 10, 15, 35, 45 → the fourth step (A's 70 yuan/t) is marginal: price 70,
    # A abates 10 + 5 = 15, B 5, C 20
    inp = market([300, 200, 100], [270, 190, 100], STEPS)
    res = clear_market(inp, solver=solver)
    assert res.price[2025] == pytest.approx(70.0)
    assert res.abatement_t == pytest.approx([15, 5, 20])
    # cost 10×20 + 5×70, 5×30, 20×50
    assert res.abatement_cost_yuan == pytest.approx([550, 150, 1000])


def test_auto_chooses_merit_order_and_lp_agrees():
    inp = market([300, 200, 100], [270, 190, 100], STEPS)
    assert merit_order_allowed(inp)
    assert "merit order" in clear_market(inp).solver
    assert clear_lp(inp).price == pytest.approx(merit_order(inp).price)


def test_linear_mac_equilibrium():
    # MAC_j = m_j a_j; R = 40; p = R / Σ 1/m = 40 / (1/2 + 1/4) = 53.333…; a = p / m
    inp = market([500, 300], [450, 310], slope=[2.0, 4.0])
    res = clear_market(inp)
    assert "QP" in res.solver
    p = 40 / (1 / 2 + 1 / 4)
    assert res.price[2025] == pytest.approx(p, rel=1e-6)
    assert res.abatement_t == pytest.approx([p / 2, p / 4], rel=1e-6)


def test_offsets_not_binding():
    # R = 80; offsets at 50 yuan/t, 50 t per firm (5% of an obligation of 1000), step 100 t at
    # 100: offsets cover R, so the price is the offset price and 20 t of offset room is unused
    inp = market([1000, 1000], [920, 1000], [(0, 100, 100)], offset_price=50.0,
                 offset_limit_t=[50, 50])
    res = clear_lp(inp)
    assert res.price[2025] == pytest.approx(50.0)
    assert res.offsets_t.sum() == pytest.approx(80.0)
    assert res.abatement_t.sum() == pytest.approx(0.0)


def test_offsets_binding():
    # R = 150 > 100 t of offsets: every firm uses its full limit (50 t), the step supplies 50 t
    # and prices the market at 100 yuan/t
    inp = market([1000, 1000], [850, 1000], [(0, 100, 100)], offset_price=50.0,
                 offset_limit_t=[50, 50])
    for res in (clear_lp(inp), merit_order(inp)):
        assert res.price[2025] == pytest.approx(100.0)
        assert res.offsets_t == pytest.approx([50, 50])
        assert res.abatement_t == pytest.approx([50, 0])


def test_price_ceiling_sells_from_the_reserve():
    # R = 100; steps 30@40 + 30@90 = 60 t; the ceiling 120 sells the other 40 t
    inp = market([500], [400], [(0, 30, 40), (0, 30, 90)], ceiling=120.0)
    for res in (clear_lp(inp), merit_order(inp)):
        assert res.price[2025] == pytest.approx(120.0)
        assert res.reserve_sold_t[2025] == pytest.approx(40.0)
        assert res.abatement_t == pytest.approx([60.0])


def test_price_floor_withholds_auctioned_allowances():
    # need 500, free 450, auctioned 100 → supply 550, R = −50: without a floor the price is 0.
    # Floor 40 (≤ 100 t may be withheld): abating 30 t at 20 < 40 pays, the 60 yuan/t step does
    # not; withheld w = 50 + 30 = 80 < 100, so the floor is the price
    inp = market([500], [450], [(0, 30, 20), (0, 50, 60)], auction_t={2025: 100.0})
    assert clear_market(inp).price[2025] == 0.0
    inp.floor = 40.0
    assert not merit_order_allowed(inp)
    res = clear_market(inp)
    assert res.price[2025] == pytest.approx(40.0)
    assert res.withheld_t[2025] == pytest.approx(80.0)
    assert res.abatement_t == pytest.approx([30.0])


def test_two_years_of_banking_price_rises_at_the_discount_rate():
    # year 1: need 100 = allocation; year 2: allocation 60 → 40 t short over the two years.
    # MAC = a (slope 1) each year; banking lets year-1 abatement cover year 2:
    # p2 = 1.05 p1 and a1 + a2 = p1 + 1.05 p1 = 40 → p1 = 40 / 2.05 = 19.512…
    inp = market([100, 100], [100, 60], slope=[1.0, 1.0], years=[2025, 2026],
                 year=[2025, 2026], banking=True, discount_rate=0.05)
    res = clear_market(inp)
    p1 = 40 / 2.05
    assert res.price[2025] == pytest.approx(p1, rel=1e-6)
    assert res.price[2026] / res.price[2025] == pytest.approx(1.05, rel=1e-6)
    assert res.bank_t[2025] == pytest.approx(p1, rel=1e-6)
    # without banking each year clears alone: year 1 at 0, year 2 at 40
    inp.banking = False
    res = clear_market(inp)
    assert res.price[2025] == pytest.approx(0.0, abs=1e-6)
    assert res.price[2026] == pytest.approx(40.0, rel=1e-6)


def test_banking_with_steps_in_non_consecutive_years():
    # 2025 and 2027: p2027 / p2025 = 1.05² where the bank is used; steps make it an LP
    inp = market([100, 100], [100, 70], [(0, 20, 10), (0, 20, 30), (1, 20, 11.5), (1, 20, 40)],
                 years=[2025, 2027], year=[2025, 2027], banking=True, discount_rate=0.05)
    res = clear_market(inp)
    # 30 t needed: 20@10 (2025, worth 11.025 in 2027) and 10 more; cheapest next is 2027's
    # 11.5 step (in 2025 money 10.43) — the bank carries 20 t, price ratio 1.1025
    assert res.price[2027] / res.price[2025] == pytest.approx(1.1025, rel=1e-6)
    assert res.price[2027] == pytest.approx(11.5)
    assert res.bank_t[2025] == pytest.approx(20.0)


def test_shortfall_priced_at_the_penalty_and_reported():
    inp = market([500], [400], [(0, 30, 40)], penalty=300.0)
    for res in (clear_lp(inp), merit_order(inp)):
        assert res.price[2025] == pytest.approx(300.0)
        assert res.shortfall_t.sum() == pytest.approx(70.0)


def test_cap_below_reach_says_by_how_much():
    inp = market([500], [400], [(0, 30, 40)], offset_price=50.0, offset_limit_t=[20])
    # R = 100, reachable 30 + 20 = 50 → 50 t below
    with pytest.raises(InfeasibleError, match=r"cap of 2025 is 50 t below what the enterprises "
                                              r"can reach"):
        clear_market(inp)


def test_merit_order_on_random_steps_matches_lp():
    rng = np.random.default_rng(7)
    n = 200
    steps = [(j, float(rng.uniform(1, 10)), float(c)) for j in range(n)
             for c in np.sort(rng.uniform(5, 300, 3))]
    need = np.full(n, 100.0)
    inp = market(need, need - rng.uniform(0, 12, n), steps)
    assert merit_order(inp).price[2025] == pytest.approx(clear_lp(inp).price[2025])


def test_borrowing_lets_a_short_first_year_use_the_next_years_allowances():
    # 2025 short by 40 t, 2026 long by 40 t; MAC = a each year. Without borrowing 2025 clears at
    # 40 alone. Borrowing up to 20 t: 2025 borrows 20 and abates 20 (price 20); 2026 must
    # repay, nothing to abate (long 40 − repaid 20 = 20 lapse): price 0
    inp = market([100, 100], [60, 140], slope=[1.0, 1.0], years=[2025, 2026],
                 year=[2025, 2026], banking=True, borrowing_t=20.0)
    res = clear_market(inp)
    assert res.bank_t[2025] == pytest.approx(-20.0, abs=1e-6)
    assert res.price[2025] == pytest.approx(20.0, rel=1e-6)
    assert res.abatement_t == pytest.approx([20.0, 0.0], abs=1e-5)


def test_a_ledger_that_does_not_reconcile_is_an_error():
    import pandas as pd

    from carbon.allocation.compliance import check_conservation
    from carbon.errors import CarbonError

    table = pd.DataFrame({"enterprise_id": ["e1", "e2"], "year": [2025, 2025],
                          "bau_emissions_t": [100.0, 100.0], "allocation_t": [90.0, 110.0],
                          "emissions_t": [100.0, 100.0], "abatement_t": [0.0, 0.0],
                          "exempt_t": [0.0, 0.0], "obligation_t": [100.0, 100.0],
                          "offsets_t": [0.0, 0.0], "net_purchase_t": [10.0, -10.0],
                          "surplus_t": [0.0, 0.0]})
    market_rows = pd.DataFrame({"year": [2025], "withheld_t": [0.0], "reserve_sold_t": [0.0],
                                "bank_drawn_t": [0.0]})
    kw = {"cap": {2025: 200.0}, "free": {2025: 200.0}, "auction": {2025: 0.0}, "outside": False}
    check_conservation(table, market_rows, **kw)            # reconciles
    with pytest.raises(CarbonError, match="free allocation 200.000 \\+ auctioned 0.000 t differs"):
        check_conservation(table, market_rows, **{**kw, "cap": {2025: 210.0}})
    bad = table.assign(net_purchase_t=[10.0, -5.0], surplus_t=[0.0, 5.0])
    with pytest.raises(CarbonError, match="net purchases sum to 5.000 t"):
        check_conservation(bad, market_rows, **kw)
    bad = table.assign(surplus_t=[1.0, 0.0])
    with pytest.raises(CarbonError, match="ledger row e1 2025: surplus does not reconcile"):
        check_conservation(bad, market_rows, **kw)
