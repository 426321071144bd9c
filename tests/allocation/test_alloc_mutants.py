"""Tests written against surviving mutants: market clearing, compliance, rules and regimes.

Every expected number is worked by hand in a comment (module docstrings of
carbon/allocation/market.py and compliance.py give the equations).
"""

import re

import highspy
import numpy as np
import pandas as pd
import pytest
from alloc_helpers import market

from carbon.allocation import regimes
from carbon.allocation.compliance import (
    _linear_autarky,
    autarky_cost,
    check_conservation,
    ledger,
)
from carbon.allocation.market import (
    MarketResult,
    capacity_t,
    check_reachable,
    clear_lp,
    clear_market,
    merit_order,
    merit_order_allowed,
    price_taker,
)
from carbon.allocation.regimes import (
    Benchmark,
    LoadBand,
    Param,
    Regime,
    load_regime,
    parse_regime,
)
from carbon.allocation.rules import cap_for_year, load_rules, setting
from carbon.errors import CarbonError, InfeasibleError, ScenarioError


def at(path):
    """A regex for a message that starts with ``path``."""
    return "^" + re.escape(str(path))


HIGHS = f"{highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}"


# ---------------------------------------------------------------- merit_order_allowed


def test_merit_order_allowed_weighs_steps_by_their_tonnes():
    # need 100: steps 60 + 50 = 110 t > 100 → not allowed (2 steps would be "allowed" by count)
    assert not merit_order_allowed(market([100], [90], [(0, 60, 10), (0, 50, 20)]))
    # 60 + 40 = 100 t = need: allowed (the bound is inclusive)
    assert merit_order_allowed(market([100], [90], [(0, 60, 10), (0, 40, 20)]))
    # need 2 t, three steps of 0.5 t = 1.5 t ≤ 2: allowed (3 steps > 2 by count)
    assert merit_order_allowed(market([2.0], [1.0], [(0, 0.5, 1), (0, 0.5, 2), (0, 0.5, 3)]))
    # steps 60 + offsets 50 = 110 t > 100
    assert not merit_order_allowed(market([100], [90], [(0, 60, 10)], offset_price=20.0,
                                          offset_limit_t=[50]))
    assert merit_order_allowed(market([100], [90], [(0, 60, 10)], offset_price=20.0,
                                      offset_limit_t=[40]))


def test_merit_order_allowed_needs_one_year_steps_only_and_no_floor():
    assert merit_order_allowed(market([100, 100], [90, 90], [(0, 20, 10)]))
    assert not merit_order_allowed(market([100, 100], [90, 90], [(0, 20, 10)],
                                          years=[2025, 2026], year=[2025, 2026]))
    assert not merit_order_allowed(market([100], [90], [(0, 20, 10)], floor=5.0))
    assert not merit_order_allowed(market([100, 100], [90, 90], [(0, 20, 10)],
                                          slope=[np.nan, 2.0]))


def test_merit_order_solver_refused_where_not_allowed_and_auto_falls_back_to_lp():
    inp = market([100], [50], [(0, 60, 10), (0, 50, 20)])   # steps 110 t > need 100
    with pytest.raises(CarbonError, match=r"^market.solver = 'merit_order' needs one year, step "
                                          r"curves only, no price floor and steps plus offsets "
                                          r"within each obligation; use 'auto' or 'lp'$"):
        clear_market(inp, solver="merit_order")
    # R = 50: 50 t of the 10 yuan/t step (60 t) → price 10
    res = clear_market(inp)
    assert res.solver == f"LP through HiGHS {HIGHS}"
    assert res.price[2025] == pytest.approx(10.0)
    assert res.abatement_t == pytest.approx([50.0])


# ---------------------------------------------------------------- capacity / reachability


def test_capacity_counts_steps_linear_rows_and_offsets_within_the_need():
    # row 0: steps 30 + 20 + offsets 10 = 60 < need 100; row 1 (linear MAC): all of its need 50;
    # row 2: steps 80 + offsets 40 = 120, capped at its need 70
    inp = market([100, 50, 70], [0, 0, 0], [(0, 30, 5), (0, 20, 9), (2, 80, 1)],
                 slope=[np.nan, 3.0, np.nan], offset_limit_t=[10, 0, 40])
    assert capacity_t(inp) == pytest.approx([60.0, 50.0, 70.0])


def test_check_reachable_with_a_bank_and_borrowing():
    # one year: R = 100 − 40 = 60, reach 30 → 30 t below; an initial bank of 30 makes it reachable
    inp = market([100], [40], [(0, 30, 5)])
    with pytest.raises(InfeasibleError, match=r"the cap of 2025 is 30 t below .*required "
                                              r"abatement 60 t, reachable 30 t\); raise the cap"):
        check_reachable(inp)
    inp.initial_bank_t = 30.0
    check_reachable(inp)
    # a penalty or a ceiling makes every cap reachable
    check_reachable(market([100], [0], penalty=10.0))
    check_reachable(market([100], [0], ceiling=10.0))
    # two years with banking: 2025 is 10 t short of reach, borrowing 10 t covers it (not in the
    # last year: 2026 short by 10 as well cannot borrow)
    two = dict(years=[2025, 2026], year=[2025, 2026], banking=True)
    check_reachable(market([100, 100], [80, 100], [(0, 10, 5)], borrowing_t=10.0, **two))
    with pytest.raises(InfeasibleError, match="the cap of 2026 is 10 t below"):
        check_reachable(market([100, 100], [100, 80], [(1, 10, 5)], borrowing_t=10.0, **two))


# ---------------------------------------------------------------- clear_lp


def test_lp_and_qp_name_the_solver():
    assert clear_lp(market([100], [90], [(0, 20, 10)])).solver == f"LP through HiGHS {HIGHS}"
    assert clear_lp(market([100], [90], slope=[1.0])).solver == f"QP through HiGHS {HIGHS}"


def test_lp_reports_every_part_of_the_result():
    # R = 200 − 120 = 80: firm 0's step 20@10, offsets at 30 (10 t each), firm 1's step
    # 30@50; the last 10 t: firm 1's second step 40@90 vs the penalty 70 → shortfall 10 at 70
    inp = market([100, 100], [60, 60], [(0, 20, 10), (1, 30, 50), (1, 40, 90)],
                 offset_price=30.0, offset_limit_t=[10, 10], penalty=70.0)
    res = clear_lp(inp)
    assert res.price == pytest.approx({2025: 70.0})
    assert res.abatement_t == pytest.approx([20.0, 30.0])
    assert res.step_x == pytest.approx([20.0, 30.0, 0.0])
    assert res.abatement_cost_yuan == pytest.approx([200.0, 1500.0])
    assert res.offsets_t == pytest.approx([10.0, 10.0])
    assert res.shortfall_t.sum() == pytest.approx(10.0)
    assert res.reserve_sold_t == {2025: 0.0} and res.withheld_t == {2025: 0.0}
    assert res.bank_t == pytest.approx({2025: 0.0})


def test_lp_offsets_without_a_price_are_not_available():
    # offset limit given but the offset price infinite: nothing offset, the step sets the price
    inp = market([100], [80], [(0, 30, 40)], offset_limit_t=[50])
    res = clear_lp(inp)
    assert res.offsets_t == pytest.approx([0.0])
    assert res.price[2025] == pytest.approx(40.0)


def test_lp_initial_bank_lowers_the_first_years_requirement():
    # R = 40, 15 t in the bank → 25 t abated: 10@20 and 15 of the 30 yuan/t step → price 30
    inp = market([100], [60], [(0, 10, 20), (0, 30, 30)], initial_bank_t=15.0)
    res = clear_lp(inp)
    assert res.abatement_t == pytest.approx([25.0])
    assert res.price[2025] == pytest.approx(30.0)


def test_qp_abatement_cost_is_half_slope_times_square():
    # one firm, MAC = 4a, R = 20: a = 20, price 80, cost ½ × 4 × 20² = 800
    res = clear_lp(market([100], [80], slope=[4.0]))
    assert res.price[2025] == pytest.approx(80.0, rel=1e-6)
    assert res.abatement_t == pytest.approx([20.0], rel=1e-6)
    assert res.abatement_cost_yuan == pytest.approx([800.0], rel=1e-5)


def test_lp_ceiling_and_floor_over_two_years_without_banking():
    # 2025: R = 100 − 50 = 50, step 20@30, the ceiling 100 sells the other 30 → price 100.
    # 2026: need 100, free 80, auctioned 50 → R = −30: withholding below the floor 40 pays;
    # w ≤ 30 + a, so abating the 10 t step at 35 < 40 lets 10 more be withheld: a = 10,
    # w = 40 < 50 (the bound does not bind) → the floor is the price (prices in each year's
    # money, discount rate 10%)
    inp = market([100, 100], [50, 80], [(0, 20, 30), (1, 10, 35)], years=[2025, 2026],
                 year=[2025, 2026], ceiling=100.0, floor=40.0, auction_t={2026: 50.0},
                 discount_rate=0.1)
    res = clear_lp(inp)
    assert res.price[2025] == pytest.approx(100.0)
    assert res.price[2026] == pytest.approx(40.0)
    assert res.reserve_sold_t[2025] == pytest.approx(30.0)
    assert res.reserve_sold_t[2026] == pytest.approx(0.0, abs=1e-9)
    assert res.withheld_t[2026] == pytest.approx(40.0)
    assert res.withheld_t[2025] == pytest.approx(0.0, abs=1e-9)
    assert res.abatement_t == pytest.approx([20.0, 10.0])
    assert res.bank_t == pytest.approx({2025: 0.0, 2026: 0.0})


def test_lp_discount_rate_sets_the_price_path_with_banking():
    # MAC = a in both years, 30 t short in 2026 only, banking, r = 0.10:
    # p2026 = 1.1 p2025; a1 + a2 = p1 + 1.1 p1 = 30 → p1 = 30 / 2.1 = 14.2857…
    inp = market([100, 100], [100, 70], slope=[1.0, 1.0], years=[2025, 2026],
                 year=[2025, 2026], banking=True, discount_rate=0.10)
    res = clear_lp(inp)
    p1 = 30 / 2.1
    assert res.price[2025] == pytest.approx(p1, rel=1e-5)
    assert res.price[2026] == pytest.approx(1.1 * p1, rel=1e-5)
    assert res.bank_t[2025] == pytest.approx(p1, rel=1e-5)
    assert res.bank_t[2026] == pytest.approx(0.0, abs=1e-6)


# ---------------------------------------------------------------- merit order details


def test_merit_order_with_nothing_required_is_priced_at_zero():
    res = merit_order(market([100], [120], [(0, 10, 5)]))
    assert res.price == {2025: 0.0}
    assert res.abatement_t == pytest.approx([0.0])
    assert res.solver == "merit order (numpy sort + cumulative sum)"
    assert res.reserve_sold_t == {2025: 0.0}


def test_merit_order_splits_a_tied_marginal_cost_in_proportion():
    # R = 200 − 176 = 24: two steps at 50 (10 t and 20 t) share the 24 t as 10:20 → 8 and 16
    res = merit_order(market([100, 100], [88, 88], [(0, 10, 50), (1, 20, 50)]))
    assert res.price[2025] == pytest.approx(50.0)
    assert res.abatement_t == pytest.approx([8.0, 16.0])


def test_merit_order_infeasible_names_the_cap():
    inp = market([100], [40], [(0, 30, 5)])
    with pytest.raises(InfeasibleError, match="the cap of 2025 is 30 t below"):
        merit_order(inp)


# ---------------------------------------------------------------- price_taker


def test_price_taker_takes_steps_below_the_price_within_the_need():
    # price 50. Firm 0: steps 30@20, 30@40 taken, 30@50 not (only strictly cheaper), cost
    # 30×20 + 30×40 = 1,800. Firm 1: MAC = 2a → a = min(50/2, 10) = 10 (its need), cost
    # ½ × 2 × 10² = 100. Firm 2: need 15, step 10@10 then offsets at 30 (limit 20) → 5 offset.
    inp = market([100, 10, 15], [0, 0, 0], [(0, 30, 20), (0, 30, 40), (0, 30, 50), (2, 10, 10)],
                 slope=[np.nan, 2.0, np.nan], offset_price=30.0, offset_limit_t=[0, 0, 20],
                 years=[2025, 2026], year=[2025, 2025, 2026])
    res = price_taker(inp, 50.0)
    assert res.price == {2025: 50.0, 2026: 50.0}
    assert res.step_x == pytest.approx([30.0, 30.0, 0.0, 10.0])
    assert res.abatement_t == pytest.approx([60.0, 10.0, 10.0])
    assert res.abatement_cost_yuan == pytest.approx([1800.0, 100.0, 100.0])
    assert res.offsets_t == pytest.approx([0.0, 0.0, 5.0])
    assert res.shortfall_t == pytest.approx([0.0, 0.0, 0.0])
    assert res.reserve_sold_t == {2025: 0.0, 2026: 0.0}
    assert res.withheld_t == {2025: 0.0, 2026: 0.0}
    assert res.bank_t == {2025: 0.0, 2026: 0.0}
    assert res.solver == "price taker (outside market)"
    # the outside price goes through clear_market without any reachability check
    assert clear_market(inp, outside_price=50.0).abatement_t == pytest.approx([60, 10, 10])


def test_price_taker_linear_mac_below_the_need():
    # MAC = 4a, price 20 → a = 5 t (need 100), cost ½ × 4 × 25 = 50
    res = price_taker(market([100], [0], slope=[4.0]), 20.0)
    assert res.abatement_t == pytest.approx([5.0])
    assert res.abatement_cost_yuan == pytest.approx([50.0])
    assert len(res.step_x) == 0


# ---------------------------------------------------------------- ledger


def _firms(bau):
    n = len(bau)
    return pd.DataFrame({"enterprise_id": [f"e{j}" for j in range(n)],
                         "name": [f"n{j}" for j in range(n)], "sector": "industry",
                         "bau_emissions_t": np.asarray(bau, float)})


def _result(n, price=30.0, *, abate=None, cost=None, offsets=None, short=None, reserve=0.0,
            withheld=0.0):
    z = np.zeros(n)
    return MarketResult({2025: price}, z if abate is None else np.asarray(abate, float),
                        z if cost is None else np.asarray(cost, float),
                        z if offsets is None else np.asarray(offsets, float),
                        z if short is None else np.asarray(short, float),
                        {2025: reserve}, {2025: withheld}, {2025: 0.0}, "hand")


def test_ledger_reserve_sold_adds_to_the_allowances_a_long_firm_keeps():
    # supply 80 + 70 + auctioned 10 = 160; + reserve sold 5 − withheld 3 − need 150 → excess 12.
    # Firm 1 is long by 20: it keeps 12; net purchases 100 − 80 = 20 and 50 − 70 + 12 = −8
    # (Σ 12 = 10 − 3 + 5). Costs at 30: 20 × 30 = 600; (−8 − 12) × 30 = −600
    inp = market([100, 50], [80, 70], auction_t={2025: 10.0})
    res = _result(2, reserve=5.0, withheld=3.0)
    out = ledger(_firms([100, 50]), inp, res, exempt_t=np.zeros(2), outside=False)
    assert out["net_purchase_t"].tolist() == pytest.approx([20.0, -8.0])
    assert out["compliance_cost_yuan"].tolist() == pytest.approx([600.0, -600.0])
    assert out["surplus_t"].tolist() == pytest.approx([0.0, 12.0])
    assert out.attrs["unsold"] == pytest.approx({2025: 0.0})


def test_ledger_excess_beyond_the_long_firms_is_unsold():
    # supply 80 + 70 + 30 = 180, need 150 → excess 30; long firm keeps 20, 10 unsold
    inp = market([100, 50], [80, 70], auction_t={2025: 30.0})
    out = ledger(_firms([100, 50]), inp, _result(2), exempt_t=np.zeros(2), outside=False)
    assert out["net_purchase_t"].tolist() == pytest.approx([20.0, 0.0])
    assert out["compliance_cost_yuan"].tolist() == pytest.approx([600.0, -600.0])
    assert out.attrs["unsold"] == pytest.approx({2025: 10.0})


def test_ledger_excess_without_a_long_firm_is_all_unsold():
    # allocations 80 + 40 + auctioned 40 = 160 vs need 150: nobody is long, 10 t unsold
    inp = market([100, 50], [80, 40], auction_t={2025: 40.0})
    out = ledger(_firms([100, 50]), inp, _result(2), exempt_t=np.zeros(2), outside=False)
    assert out["net_purchase_t"].tolist() == pytest.approx([20.0, 10.0])
    assert out.attrs["unsold"] == pytest.approx({2025: 10.0})
    # a shortage (bank drawn) leaves nothing unsold
    inp = market([100, 50], [80, 40])
    out = ledger(_firms([100, 50]), inp, _result(2), exempt_t=np.zeros(2), outside=False)
    assert out.attrs["unsold"] == {2025: 0.0}
    assert out["net_purchase_t"].tolist() == pytest.approx([20.0, 10.0])


def test_ledger_columns_with_abatement_offsets_shortfall_and_exemption():
    # outside market (price taker at 30), offset price 20, penalty 300.
    # BAU 110 and 50, exempt 10 and 0 → need 100, 50. Abatement 10 (cost 200), 0.
    # obligation 90, 50; offsets 5, 0; shortfall 0, 10 → to surrender 85, 40
    # net = 85 − 80 = 5, 40 − 30 = 10
    # cost: 200 + 5 × 20 + 5 × 30 = 450; 10 × 30 + 10 × 300 = 3,300
    inp = market([100, 50], [80, 30], offset_price=20.0, penalty=300.0)
    res = _result(2, abate=[10, 0], cost=[200, 0], offsets=[5, 0], short=[0, 10])
    out = ledger(_firms([110, 50]), inp, res, exempt_t=np.array([10.0, 0.0]), outside=True)
    assert out.attrs["unsold"] == {}
    assert out["enterprise_id"].tolist() == ["e0", "e1"]
    assert out["name"].tolist() == ["n0", "n1"] and out["year"].tolist() == [2025, 2025]
    assert out["emissions_t"].tolist() == pytest.approx([100.0, 50.0])
    assert out["obligation_t"].tolist() == pytest.approx([90.0, 50.0])
    assert out["exempt_t"].tolist() == pytest.approx([10.0, 0.0])
    assert out["net_purchase_t"].tolist() == pytest.approx([5.0, 10.0])
    # surplus = allocation + net + offsets − obligation = 80 + 5 + 5 − 90 = 0; 30 + 10 − 50 = −10
    assert out["surplus_t"].tolist() == pytest.approx([0.0, -10.0])
    assert out["shortfall_t"].tolist() == pytest.approx([0.0, 10.0])
    assert out["price_yuan_per_t"].tolist() == pytest.approx([30.0, 30.0])
    assert out["compliance_cost_yuan"].tolist() == pytest.approx([450.0, 3300.0])
    # without an offset price or a penalty those parts cost nothing: 200 + 5 × 30; 10 × 30
    inp = market([100, 50], [80, 30])
    out = ledger(_firms([110, 50]), inp, res, exempt_t=np.array([10.0, 0.0]), outside=True)
    assert out["compliance_cost_yuan"].tolist() == pytest.approx([350.0, 300.0])


# ---------------------------------------------------------------- autarky_cost


def test_autarky_cost_steps_offsets_then_the_penalty():
    # gap 100 − 40 = 60: 20@10, offsets 10@30, 20@50, the last 10 at the penalty 200:
    # 200 + 300 + 1,000 + 2,000 = 3,500 (gap_price 999 is not used when a penalty is given)
    kw = dict(offset_price=30.0, offset_limit_t=[10])
    steps = [(0, 20, 10), (0, 20, 50)]
    assert autarky_cost(market([100], [40], steps, penalty=200.0, **kw), gap_price=999.0) == \
        pytest.approx([3500.0])
    # the ceiling when there is no penalty: 200 + 300 + 1,000 + 10 × 150 = 3,000
    assert autarky_cost(market([100], [40], steps, ceiling=150.0, **kw), gap_price=999.0) == \
        pytest.approx([3000.0])
    # the penalty wins over the ceiling: 3,500
    assert autarky_cost(market([100], [40], steps, penalty=200.0, ceiling=150.0, **kw),
                        gap_price=999.0) == pytest.approx([3500.0])
    # neither: the gap price, 1,500 + 10 × 999 = 11,490
    assert autarky_cost(market([100], [40], steps, **kw), gap_price=999.0) == \
        pytest.approx([11490.0])


def test_autarky_cost_long_firm_and_linear_mac():
    # firm 0 is long (alloc 120 > need 100): 0. Firm 1: MAC = a, need 200, alloc 100 → gap
    # 100; offsets at 10 (limit 20), penalty 50: abate 10 (MAC reaches 10), 20 offsets, abate on
    # to 50 (MAC = penalty), 30 at the penalty: ½ × 50² + 20 × 10 + 30 × 50 = 2,950
    inp = market([100, 200], [120, 100], slope=[np.nan, 1.0], offset_price=10.0,
                 offset_limit_t=[0, 20], penalty=50.0)
    assert autarky_cost(inp, gap_price=999.0) == pytest.approx([0.0, 2950.0])


@pytest.mark.parametrize(("args", "expected"), [
    # (m, gap, amax, p_o, limit, last)
    ((1.0, 0.0, 100.0, 10.0, 20.0, 50.0), 0.0),
    ((1.0, -5.0, 100.0, 10.0, 20.0, 50.0), 0.0),
    # p_o ≥ last: a = min(100, 50/2, 1000) = 25: ½ × 2 × 625 + 75 × 50 = 4,375
    ((2.0, 100.0, 1000.0, float("inf"), 0.0, 50.0), 4375.0),
    # amax 10 binds: ½ × 2 × 100 + 90 × 50 = 4,600
    ((2.0, 100.0, 10.0, 60.0, 5.0, 50.0), 4600.0),
    # gap 10 < last/m: ½ × 2 × 100 = 100
    ((2.0, 10.0, 1000.0, 50.0, 5.0, 50.0), 100.0),
    # a1 = 10, o = 20, a2 = min(80, 50, 1000) = 50: 1,250 + 200 + 30 × 50 = 2,950
    ((1.0, 100.0, 1000.0, 10.0, 20.0, 50.0), 2950.0),
    # amax 5: a1 = a2 = 5, o = 20: 12.5 + 200 + 75 × 50 = 3,962.5
    ((1.0, 100.0, 5.0, 10.0, 20.0, 50.0), 3962.5),
    # offsets close the rest: a1 = 10, o = 20, a2 = 10: 50 + 200 = 250
    ((1.0, 30.0, 1000.0, 10.0, 100.0, 50.0), 250.0),
])
def test_linear_autarky_by_hand(args, expected):
    assert _linear_autarky(*args) == pytest.approx(expected)


# ---------------------------------------------------------------- check_conservation


def _table():
    return pd.DataFrame({"enterprise_id": ["e1", "e2"], "year": [2025, 2025],
                         "bau_emissions_t": [100.0, 100.0], "allocation_t": [90.0, 110.0],
                         "emissions_t": [100.0, 100.0], "abatement_t": [0.0, 0.0],
                         "exempt_t": [0.0, 0.0], "obligation_t": [100.0, 100.0],
                         "offsets_t": [0.0, 0.0], "net_purchase_t": [10.0, -10.0],
                         "surplus_t": [0.0, 0.0]})


MARKET_ROW = pd.DataFrame({"year": [2025], "withheld_t": [0.0], "reserve_sold_t": [0.0],
                           "bank_drawn_t": [0.0]})
KW = {"cap": {2025: 200.0}, "free": {2025: 200.0}, "auction": {2025: 0.0}, "outside": False}


def test_conservation_negative_offsets_or_abatement():
    bad = _table().assign(offsets_t=[0.0, -1.0], surplus_t=[0.0, -1.0])
    with pytest.raises(CarbonError, match=r"^conservation check failed: negative abatement or "
                                          r"offsets$"):
        check_conservation(bad, MARKET_ROW, **KW)
    # negative abatement (emissions, obligation and surplus consistent with it)
    bad = _table().assign(abatement_t=[-1.0, 0.0], emissions_t=[101.0, 100.0],
                          obligation_t=[101.0, 100.0], surplus_t=[-1.0, 0.0])
    with pytest.raises(CarbonError, match="negative abatement or offsets"):
        check_conservation(bad, MARKET_ROW, **KW)
    # within the tolerance (1e-6 × the largest BAU, 100 t): accepted
    check_conservation(_table().assign(offsets_t=[0.0, -1e-5], surplus_t=[0.0, -1e-5]),
                       MARKET_ROW, **KW)


def test_conservation_names_the_identity_and_the_row():
    bad = _table().assign(emissions_t=[100.0, 98.0], obligation_t=[100.0, 98.0],
                          surplus_t=[0.0, 2.0])
    with pytest.raises(CarbonError, match=r"^conservation check failed: ledger row e2 2025: "
                                          r"emissions does not reconcile \(off by -2 t\)$"):
        check_conservation(bad, MARKET_ROW, **KW)
    bad = _table().assign(exempt_t=[3.0, 0.0])
    with pytest.raises(CarbonError, match=r"ledger row e1 2025: obligation does not reconcile "
                                          r"\(off by 3 t\)"):
        check_conservation(bad, MARKET_ROW, **KW)


def test_conservation_cap_message_and_market_identity():
    with pytest.raises(CarbonError, match=r"^conservation check failed: 2025: free allocation "
                                          r"200.000 \+ auctioned 5.000 t differs from the cap "
                                          r"200.000 t$"):
        check_conservation(_table(), MARKET_ROW, **{**KW, "auction": {2025: 5.0}})
    # net purchases 14 = auctioned 10 − withheld 3 + reserve sold 5 + drawn 2
    table = _table().assign(net_purchase_t=[10.0, 4.0], surplus_t=[0.0, 14.0])
    row = pd.DataFrame({"year": [2025], "withheld_t": [3.0], "reserve_sold_t": [5.0],
                        "bank_drawn_t": [2.0]})
    kw = {**KW, "cap": {2025: 210.0}, "auction": {2025: 10.0}}
    check_conservation(table, row, **kw)
    with pytest.raises(CarbonError, match=r"2025: net purchases sum to 14.000 t, expected "
                                          r"auctioned − withheld \+ reserve sold \+ drawn from "
                                          r"the bank = 12.000 t"):
        check_conservation(table, row.assign(bank_drawn_t=[0.0]), **kw)
    # a price taker buys from outside: the market identity is not checked
    check_conservation(table, row.assign(bank_drawn_t=[0.0]), **{**kw, "outside": True})


# ---------------------------------------------------------------- rules


def _rules(tmp_path, text, name="rules.toml"):
    path = tmp_path / name
    path.write_text('years = [2025]\nenterprises = "e.csv"\n' + text, encoding="utf-8")
    return path


def test_load_rules_cap_t_and_cap_from_together(tmp_path):
    path = _rules(tmp_path, '[allocation]\ncap_t = 100\ncap_from = "run"\n'
                            'coverage = { industry = 0.5 }\n')
    with pytest.raises(ScenarioError, match=at(path) + r": give either allocation.cap_t or "
                                            r"allocation.cap_from$"):
        load_rules(path)


def test_load_rules_errors_name_the_file_and_key(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError, match=at(missing) + r": file not found$"):
        load_rules(missing)
    path = _rules(tmp_path, "[allocation\n")
    with pytest.raises(ScenarioError, match=at(path) + r": not valid TOML \("):
        load_rules(path)
    path = _rules(tmp_path, "[allocation]\nfoo = 1\n")
    with pytest.raises(ScenarioError, match=at(path) + r": key 'allocation.foo': Extra inputs are "
                                            r"not permitted"):
        load_rules(path)
    path = _rules(tmp_path, '[allocation]\nmethod = "auction"\n')
    with pytest.raises(ScenarioError, match=r"key 'allocation.method': Value error, unknown "
                                            r"method 'auction' \(expected one of given, "
                                            r"grandfathering, intensity, benchmark, verified\)"):
        load_rules(path)
    path = _rules(tmp_path, '[allocation]\nmethod = { industry = "given", power = "x" }\n')
    with pytest.raises(ScenarioError, match="unknown method 'x'"):
        load_rules(path)
    path = tmp_path / "years.toml"
    path.write_text('years = [2026, 2025]\nenterprises = "e.csv"\n')
    with pytest.raises(ScenarioError, match=at(path) + r": key 'years': expected increasing years "
                                            r"without repeats, found \[2026, 2025\]$"):
        load_rules(path)
    path.write_text('years = [2025, 2025]\nenterprises = "e.csv"\n')
    with pytest.raises(ScenarioError, match=r"found \[2025, 2025\]"):
        load_rules(path)
    path.write_text('years = []\nenterprises = "e.csv"\n')
    with pytest.raises(ScenarioError, match=r"found \[\]"):
        load_rules(path)
    path = _rules(tmp_path, '[allocation]\ncap_from = "run"\n')
    with pytest.raises(ScenarioError, match=at(path) + r": allocation.cap_from needs "
                                            r"allocation.coverage \(share of each covered "
                                            r"sector's direct CO2"):
        load_rules(path)


def test_load_rules_defaults_and_the_regime(tmp_path):
    rules, regime = load_rules(_rules(tmp_path, "", name="my_rules.toml"))
    assert regime is None
    assert rules.name == "my_rules" and rules.folder == tmp_path
    assert rules.allocation.method == "given" and not rules.hypothetical
    assert rules.path("e.csv") == tmp_path / "e.csv"
    assert rules.path(str(tmp_path / "abs.csv")) == tmp_path / "abs.csv"
    rules, regime = load_rules(_rules(tmp_path, '[allocation]\nregime = "local_whatif"\n'))
    assert regime.name == "local_whatif" and rules.hypothetical
    rules, regime = load_rules(_rules(tmp_path, '[allocation]\nregime = "eu_phase4"\n'))
    assert regime.name == "eu_phase4" and not rules.hypothetical


def test_setting_prefers_the_file_then_the_regime_then_the_default():
    regime = Regime(name="r", title="t", param={"x": Param(value=2.0, source="s",
                                                          quality="user")})
    assert setting(1.0, regime, "x", 3.0) == 1.0
    assert setting(None, regime, "x", 3.0) == 2.0
    assert setting(None, regime, "y", 3.0) == 3.0
    assert setting(None, None, "x", 3.0) == 3.0
    assert setting(None, None, "x") is None


def test_cap_for_year(tmp_path):
    rules, _ = load_rules(_rules(tmp_path, ""))
    assert cap_for_year(rules, 2025) is None
    rules, _ = load_rules(_rules(tmp_path, "[allocation]\ncap_t = 500\n"))
    assert cap_for_year(rules, 2030) == 500.0
    path = _rules(tmp_path, '[allocation]\ncap_t = { "2025" = 400.5 }\n')
    rules, _ = load_rules(path)
    assert cap_for_year(rules, 2025) == 400.5
    with pytest.raises(ScenarioError,
                       match=at(path) + r": allocation.cap_t has no value for 2026$"):
        cap_for_year(rules, 2026)


# ---------------------------------------------------------------- regimes


def _src(quality):
    return {"source": "s", "quality": quality}


def test_unchecked_lists_params_benchmarks_and_load_bands():
    regime = Regime(
        name="r", title="t",
        param={"a": Param(value=1.0, **_src("verified")),
               "b": Param(value=1.0, **_src("estimate")),
               "c": Param(value=1.0, **_src("corroborated")),
               "d": Param(value=1.0, **_src("hypothetical"))},
        benchmark=[Benchmark(category="I", product="power", value=1.0, unit="t/MWh",
                             **_src("unverified")),
                   Benchmark(category="II", product="power", value=1.0, unit="t/MWh",
                             **_src("verified"))],
        load_band=[LoadBand(lower=0.8, upper=0.85, form="constant", a=1.0, **_src("user")),
                   LoadBand(lower=0.0, upper=0.8, form="constant", a=1.0,
                            **_src("corroborated"))])
    assert regime.unchecked() == ["param b (estimate)", "param d (hypothetical)",
                                  "benchmark I/power (unverified)", "load band 0.8-0.85 (user)"]
    assert regime.categories() == ["I", "II"]
    assert regime.benchmark_value("II", "power") == 1.0
    assert regime.benchmark_value("II", "heat") is None
    assert regime.value("a") == 1.0 and regime.value("zz", 7) == 7


def test_unknown_regime_names_the_nearest_or_none(tmp_path, monkeypatch):
    with pytest.raises(ScenarioError, match=r"^unknown regime 'eu_phase' \(nearest: eu_phase4\); "
                                            r"known: cn_aluminium_2024, .*, local_whatif$"):
        load_regime("eu_phase")
    monkeypatch.setattr(regimes, "regimes_dir", lambda: tmp_path)
    with pytest.raises(ScenarioError, match=r"^unknown regime 'eu_phase'; known: $"):
        load_regime("eu_phase")
    (tmp_path / "mine.toml").write_text('name = "mine"\ntitle = "t"\n')
    assert load_regime("mine").title == "t"
    assert regimes.known_regimes() == ["mine"]


def test_parse_regime_errors(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("name = \n")
    with pytest.raises(ScenarioError, match=at(path) + r": not valid TOML \("):
        parse_regime(path)
    path.write_text('name = "bad"\ntitle = "t"\n[param.x]\nvalue = 1\nsource = "s"\n'
                    'quality = "guess"\n')
    with pytest.raises(ScenarioError, match=at(path) + r": 'param.x.quality': Input should be "):
        parse_regime(path)
    path.write_text('name = "other"\ntitle = "t"\n')
    with pytest.raises(ScenarioError, match=at(path) + r": name 'other' differs from the file "
                                            r"name$"):
        parse_regime(path)
