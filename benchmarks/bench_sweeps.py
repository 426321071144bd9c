"""Sweeps on one built model, against their floors, in one process run.

1. A 20-point cap sweep (``carbon macc --steps 20``, options left out) by re-solving one built
   model, against 20 cold build-and-solves of the same LP (each: build the model, hand it to
   HiGHS, add the cap row, solve from scratch). Goal ≤ 0.3×, aim 0.1×.
2. Monte Carlo wall time per draw (setting the draw's inputs, the warm solve, reading results)
   against HiGHS's own run time of that draw's warm solve. Goal ≤ 2×.
3. Monte Carlo throughput on 2 local worker processes against 1, as the marginal rate between
   a sweep of n and of 3n draws (so process start and model builds cancel). Goal ≥ 1.6×.

The system is ``bench_pathway.synthetic_system`` (41 years) with an ``[uncertainty]`` table.

    .venv/bin/python benchmarks/bench_sweeps.py [--techs N] [--draws D]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from bench_pathway import synthetic_system  # noqa: E402

from carbon.scenarios import load_inputs, load_scenario  # noqa: E402
from carbon.scenarios.resolve import Resolver  # noqa: E402
from carbon.sweeps.macc import abatement_curve  # noqa: E402
from carbon.sweeps.montecarlo import montecarlo  # noqa: E402

UNCERTAINTY = """
[uncertainty.grid_factor]
fuels = ["electricity_grid"]
distribution = "triangular"
min = 0.7
mode = 1.0
max = 1.3
[uncertainty.fuel_price.coal]
distribution = "normal"
mean = 1.0
sd = 0.2
low = 0.5
[uncertainty.fuel_price.gas]
distribution = "lognormal"
median = 1.0
sigma = 0.25
[uncertainty.technology_cost.clean]
technologies = [TECHS]
distribution = "uniform"
min = 0.7
max = 1.2
"""


def cold_cap_sweep(toml: Path, caps: np.ndarray) -> float:
    """20 cold build-and-solves of the same LP as the re-solved sweep [s]."""
    inputs = load_inputs(load_scenario(toml))
    t0 = time.perf_counter()
    for cap in caps:
        r = Resolver(inputs)
        scope = r.emission_cols("total")
        row = r.add_row("cap", scope, np.ones(len(scope)))
        r.relax_co2_rules()
        r.set_row_bounds(row, -np.inf, cap)
        sol = r.solve_reference(require_optimal=False)
        assert sol.status == "optimal", sol.status
    return time.perf_counter() - t0


def throughput(toml: Path, folder: Path, draws: int) -> float:
    """2 workers against 1: the marginal rate between a sweep of n and of 3n draws (process
    start and the model build per worker cancel out)."""
    rate = {}
    for workers in (1, 2):
        times = []
        for n in (draws, 3 * draws):
            t0 = time.perf_counter()
            montecarlo(toml, draws=n, seed=2, out=folder / f"w{workers}-{n}",
                       workers=workers, progress=False)
            times.append(time.perf_counter() - t0)
        rate[workers] = 2 * draws / (times[1] - times[0])
        print(f"  {workers} worker(s): {draws} draws {times[0]:.2f} s, "
              f"{3 * draws} draws {times[1]:.2f} s: {rate[workers]:.1f} draws/s")
    ratio = rate[2] / rate[1]
    print(f"throughput 2 workers vs 1: {ratio:.2f}x (goal >= 1.6x)")
    return ratio


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--techs", type=int, default=150)
    ap.add_argument("--draws", type=int, default=60)
    ap.add_argument("--only-throughput", action="store_true",
                    help="measure only the 2-worker throughput (part 3)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        toml = synthetic_system(folder, args.techs)
        techs = pd.read_csv(folder / "technologies.csv")
        clean = techs.loc[techs["input"].fillna("").isin(["electricity", ""]), "technology"]
        toml.write_text(toml.read_text() + UNCERTAINTY.replace(
            "TECHS", ", ".join(f'"{t}"' for t in clean)))
        if args.only_throughput:
            throughput(toml, folder, args.draws)
            return 0
        # 1. cap sweep
        t0 = time.perf_counter()
        res = abatement_curve(toml, steps=20, options=False)
        resolve_s = time.perf_counter() - t0
        caps = res["macc"]["cap_t"].to_numpy()
        cold_s = cold_cap_sweep(toml, caps)
        s = res["summary"]["timings"]
        print(f"cap sweep, {args.techs} techs: re-solve {resolve_s:.2f} s ({s['solves']} solves, "
              f"HiGHS {s['solve_s']:.2f} s) vs 20 cold build-and-solves {cold_s:.2f} s: "
              f"ratio {resolve_s / cold_s:.3f}x (goal <= 0.3x)")
        # 2. Monte Carlo per draw, one worker
        t0 = time.perf_counter()
        montecarlo(toml, draws=args.draws, seed=1, out=folder / "mc1", workers=1,
                   progress=False)
        one_s = time.perf_counter() - t0
        draws = pd.read_parquet(folder / "mc1" / "draws.parquet")
        ok = draws[draws["status"] == "optimal"]
        per = float(np.median(ok["wall_s"] / ok["solve_s"]))
        print(f"Monte Carlo, {args.draws} draws: per draw wall {ok['wall_s'].median():.4f} s vs "
              f"HiGHS warm solve {ok['solve_s'].median():.4f} s: median ratio {per:.2f}x "
              f"(goal <= 2x); total ratio {ok['wall_s'].sum() / ok['solve_s'].sum():.2f}x")
        throughput(toml, folder, args.draws)
        print(f"whole {args.draws}-draw sweep incl. start: 1 worker {one_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
