"""Compile 1,000,000 activity rows, against a bare pandas merge + groupby of the same rows;
and ``carbon inventory FILE --out OUT.csv`` end to end against a bare pandas process.

The floor is what pandas alone needs to do the bare work on the same, already typed rows: merge
each row with a per-(activity, category, unit) table of t per unit for each gas, multiply, and
group by (year, category, activity, gas). carbon's ``compile_inventory`` does that and more
(factor selection by category/region/year with pint units, scopes, GWPs, factor ids, energy).
Both run in this process on the same frame; the ratio is reported, median of 5 runs.

    .venv/bin/python benchmarks/bench_inventory.py [--rows N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.inventory import compile_inventory, load_factors, read_activity, write_inventory

COMBOS = [("1.A.3.b", "diesel", "t"), ("1.A.3.b", "gasoline", "t"),
          ("1.A.4.b", "natural_gas", "万m3"),
          ("1.A.2", "raw_coal", "t"), ("1.A.4.a", "electricity_grid", "MWh"),
          ("1.A.2.e", "natural_gas", "m3"), ("1.A.4.b", "lpg", "t"), ("1.A.4.c.ii", "diesel", "t")]


def make_rows(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(COMBOS), n)
    combos = pd.DataFrame(COMBOS, columns=["category", "activity", "unit"]).iloc[pick]
    frame = combos.reset_index(drop=True)
    frame.insert(0, "year", rng.choice([2019, 2020, 2021], n))
    frame["amount"] = rng.uniform(0, 1000, n)
    frame["file"] = "bench"
    frame["row"] = np.arange(n) + 2
    return frame


def floor(frame: pd.DataFrame, per_unit: pd.DataFrame) -> pd.DataFrame:
    merged = frame.merge(per_unit, on=["category", "activity", "unit"])
    merged["emissions_t"] = merged["amount"] * merged["t_per_unit"]
    return merged.groupby(["year", "category", "activity", "gas"])["emissions_t"].sum()


def median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    factors = load_factors()
    frame = make_rows(args.rows)
    result = compile_inventory(frame, factors)       # warm caches; also gives the floor's table
    per_unit = (result.groupby(["category", "activity", "gas"])["emissions_t"].sum()
                / frame.groupby(["category", "activity"])["amount"].sum()).rename("t_per_unit")
    per_unit = per_unit.reset_index().merge(pd.DataFrame(COMBOS, columns=["category", "activity",
                                                                          "unit"]))
    t_floor = median_time(lambda: floor(frame, per_unit))
    t_carbon = median_time(lambda: compile_inventory(frame, factors))
    print(f"rows: {args.rows:,}")
    print(f"floor (pandas merge + groupby): {t_floor:.3f} s")
    print(f"carbon compile_inventory:       {t_carbon:.3f} s")
    print(f"ratio: {t_carbon / t_floor:.2f}x (goal <= 3x)")
    # end to end, as `carbon inventory FILE --out OUT.csv` does it: read, validate every cell,
    # compile, write; against a bare pandas process: read_csv, merge, group-by, write the groups
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activity.csv"
        frame[["year", "category", "activity", "amount", "unit"]].to_csv(path, index=False)

        def floor_file() -> None:
            floor(pd.read_csv(path), per_unit).reset_index().to_csv(Path(tmp) / "floor.csv",
                                                                    index=False)

        def carbon_file() -> None:
            inventory = compile_inventory(read_activity([path]), factors)
            write_inventory(inventory, Path(tmp) / "carbon.csv", factors=factors, gwp="AR5",
                            region="hunan")

        # alternate the two, so that a change in the machine's load hits both alike
        floor_times, carbon_times = [], []
        for _ in range(5):
            floor_times.append(median_time(floor_file, repeat=1))
            carbon_times.append(median_time(carbon_file, repeat=1))
        t_floor_file = statistics.median(floor_times)
        t_carbon_file = statistics.median(carbon_times)
    print(f"end to end, floor (read_csv + merge + groupby + to_csv): {t_floor_file:.3f} s")
    print(f"end to end, carbon (read, validate, compile, write):     {t_carbon_file:.3f} s")
    print(f"ratio: {t_carbon_file / t_floor_file:.2f}x (goal <= 2x)")

if __name__ == "__main__":
    main()
