"""Clear a market of 100,000 enterprises × 5 steps by the merit order, against numpy sorting the
same steps (the floor); and the LP path through HiGHS on 1,000 enterprises, with both prices equal.

The floor is the one step the clearing cannot avoid: ``np.argsort`` of every step's cost (5×10^5
numbers) in this process. The vectorised path (:func:`carbon.allocation.market.merit_order`) sorts,
takes the cumulative sum, finds the marginal step and sums each enterprise's abatement and cost
(``np.bincount``). The LP path (:func:`carbon.allocation.market.clear_lp`) builds the same market as
columns and rows and solves it with HiGHS. Median of 5 runs.

    .venv/bin/python benchmarks/bench_allocation.py [--firms N] [--steps K] [--lp-firms M]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from carbon.allocation.market import MarketInput, clear_lp, merit_order


def registry(n: int, k: int, seed: int = 3) -> MarketInput:
    """n enterprises with k rising steps each (5–10% of BAU per step, 5–400 yuan/t)."""
    rng = np.random.default_rng(seed)
    bau = rng.uniform(1e3, 1e5, n)
    cost = np.sort(rng.uniform(5, 400, (n, k)), axis=1).ravel()
    q = (rng.uniform(0.05, 0.1, (n, k)) * bau[:, None]).ravel()
    alloc = bau * rng.uniform(0.85, 1.0, n)
    return MarketInput(years=[2025], year=np.full(n, 2025), need_t=bau, alloc_t=alloc,
                       offset_limit_t=np.zeros(n), slope=np.full(n, np.nan),
                       step_row=np.repeat(np.arange(n), k), step_q=q, step_c=cost,
                       auction_t={})


def median_time(fn, repeat: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--lp-firms", type=int, default=1_000)
    args = parser.parse_args()
    big = registry(args.firms, args.steps)
    floor_s, _ = median_time(lambda: np.argsort(big.step_c, kind="stable"))
    merit_s, res = median_time(lambda: merit_order(big))
    print(f"{args.firms:,} enterprises x {args.steps} steps: floor (numpy argsort) "
          f"{floor_s:.4f} s, merit order {merit_s:.4f} s, ratio {merit_s / floor_s:.2f}x "
          f"(goal <= 5x); price {res.price[2025]:.4f} yuan/t")
    small = registry(args.lp_firms, args.steps)
    lp_s, lp = median_time(lambda: clear_lp(small))
    mo_s, mo = median_time(lambda: merit_order(small))
    same = abs(lp.price[2025] - mo.price[2025]) <= 1e-6 * max(1.0, mo.price[2025])
    print(f"{args.lp_firms:,} enterprises x {args.steps} steps: LP through HiGHS {lp_s:.4f} s, "
          f"merit order {mo_s:.4f} s; prices {lp.price[2025]:.4f} and {mo.price[2025]:.4f} "
          f"yuan/t: {'equal' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
