"""Monte Carlo (Approach 2) of the full Ningxiang inventory against numpy drawing as many values.

The inventory is the one ``carbon demo`` writes: energy, industrial processes, agriculture, land
and waste (``carbon.demo.NINGXIANG_ACTIVITY``), for 2020.

The floor is numpy alone drawing the same number of standard normal values in this process: one
per random quantity of the inventory (each activity amount and each ``factor_id``) per
iteration. carbon's ``monte_carlo`` draws only the quantities that have an uncertainty and does
more (lognormal transform, each row's product of its draws, the sums by sector and the
percentiles); a second ratio compares it with numpy drawing only those. Median of 5 runs.

    .venv/bin/python benchmarks/bench_uncertainty.py [--draws N] [--year Y]
"""

from __future__ import annotations

import argparse

import numpy as np
from bench_inventory import median_time  # benchmarks/ is on the path when run as a script

from carbon import paths
from carbon.demo import NINGXIANG_ACTIVITY
from carbon.inventory import compile_inventory, load_factors, monte_carlo, read_activity


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2020)
    args = parser.parse_args()
    factors = load_factors()
    activity = read_activity([paths.ningxiang_dir() / name for name in NINGXIANG_ACTIVITY])
    inventory = compile_inventory(activity, factors)
    year = args.year
    rows = inventory[inventory["year"] == year]
    amounts = rows[["category", "activity"]].drop_duplicates().shape[0]
    factor_ids = len({i for cell in rows["factor_ids"] for i in cell.split(";") if i})
    values = (amounts + factor_ids) * args.draws
    uncertain = int((rows.drop_duplicates(["category", "activity"])["ad_uncertainty_pct"] > 0)
                    .sum()) + int((factors.drop_duplicates("factor_id").set_index("factor_id")
                                   ["uncertainty_pct"].reindex(sorted(
                                       {i for c in rows["factor_ids"] for i in c.split(";") if i}))
                                   > 0).sum())

    def floor():
        return np.random.default_rng(0).standard_normal((amounts + factor_ids, args.draws))

    def floor_drawn():
        return np.random.default_rng(0).standard_normal((uncertain, args.draws))

    def carbon():
        return monte_carlo(inventory, year, draws=args.draws, seed=0, factors=factors)

    carbon()                                   # warm up
    t_floor = median_time(floor)
    t_drawn = median_time(floor_drawn)
    t_carbon = median_time(carbon)
    print(f"inventory rows: {len(rows)}, random quantities: {amounts} amounts + {factor_ids} "
          f"factors ({uncertain} with an uncertainty), iterations: {args.draws:,}")
    print(f"floor, numpy standard_normal of {values:,} values: {t_floor:.4f} s")
    print(f"floor, numpy standard_normal of the {uncertain * args.draws:,} drawn: {t_drawn:.4f} s")
    print(f"carbon monte_carlo:                  {t_carbon:.4f} s")
    print(f"ratio: {t_carbon / t_floor:.2f}x against all quantities (goal <= 2x), "
          f"{t_carbon / t_drawn:.2f}x against the drawn ones")
    # the same inventory with an uncertainty on every amount and factor (5 % where none is
    # given): carbon then draws every quantity, as many values as the first floor
    full = inventory.assign(ad_uncertainty_pct=5.0)
    full_factors = factors.assign(uncertainty_pct=factors["uncertainty_pct"].fillna(5.0))
    monte_carlo(full, year, draws=args.draws, seed=0, factors=full_factors)
    t_full = median_time(lambda: monte_carlo(full, year, draws=args.draws, seed=0,
                                             factors=full_factors))
    t_floor = median_time(floor)
    print(f"every quantity uncertain: carbon {t_full:.4f} s, floor {t_floor:.4f} s, "
          f"ratio {t_full / t_floor:.2f}x (goal <= 2x)")


if __name__ == "__main__":
    main()
