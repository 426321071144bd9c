"""Benchmark: building and handing the pathway model to HiGHS, against HiGHS's own solve time.

Run from the project root::

    .venv/bin/python benchmarks/bench_pathway.py [--techs 300] [--repeat 1] [--out FILE.md]

A synthetic system is written to a temporary folder as ordinary scenario files (41 years,
hundreds of technologies in three sectors, fuels, an intermediate electricity output, existing
stock retiring, a declining total cap and a peak rule) and run through the same chain as
``carbon run``: load_scenario → load_inputs → build_model → solve. Reported per case:

* ``build_s``  — build_model + handing the model to HiGHS (one ``passModel`` call),
* ``solve_s``  — HiGHS's own run time (``Highs.getRunTime``),
* the ratio build_s / solve_s (goal ≤ 1),
* ``reference_s`` — the extra build and solve without peak rules that bounds a peak rule's level
  (run once before ``build_s`` is timed; it roughly doubles the time of a scenario with peak
  rules).

``scenarios/policy.toml`` is timed too when it exists.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from carbon.scenarios.inputs import load_inputs  # noqa: E402
from carbon.scenarios.run import build_and_solve  # noqa: E402
from carbon.scenarios.schema import load_scenario  # noqa: E402

TECH_COLS = ["technology", "sector", "output", "input", "input_per_output", "co2_t_per_output",
             "var_cost_yuan_per_output", "capex_yuan_per_capacity", "fixed_om_yuan_per_capacity",
             "lifetime_yr", "output_per_capacity", "availability", "max_capacity",
             "max_new_capacity_per_yr"]


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def synthetic_system(folder: Path, n_techs: int = 300, seed: int = 42) -> Path:
    """Write a synthetic scenario with ``n_techs`` technologies over 2020-2060; return its TOML."""
    rng = np.random.default_rng(seed)
    years = list(range(2020, 2061))
    fuels = {"coal": (600, 2.66), "gas": (2500, 2.16), "diesel": (7000, 3.1),
             "gasoline": (8000, 2.93), "biomass": (400, 0.0), "electricity_grid": (550, 0.58)}
    fuel_rows = []
    for f, (price, ef) in fuels.items():
        for y in (2020, 2030, 2040, 2060):
            t = (y - 2020) / 40
            fuel_rows.append([f, y, price * (1 + 0.3 * t),
                              ef * (1 - 0.8 * t) if f == "electricity_grid" else ef])
    _write(folder / "fuels.csv", ["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"],
           fuel_rows)
    outputs = {"power": ["electricity"],
               "building_materials": [f"material_{i}" for i in range(6)],
               "transport": [f"service_{i}" for i in range(8)]}
    techs, existing, demand = [], [], []
    per_output = max(2, n_techs // sum(len(v) for v in outputs.values()))
    k = 0
    for sector, outs in outputs.items():
        for out in outs:
            base = 1.0e5 * rng.uniform(0.5, 2.0) if out != "electricity" else 0.0
            for j in range(per_output):
                clean = j % 3 == 2
                if out == "electricity":
                    inp = "" if clean else rng.choice(
                        ["coal", "gas", "biomass", "electricity_grid"])
                elif sector == "transport":
                    inp = "electricity" if clean else rng.choice(["diesel", "gasoline", "gas"])
                else:
                    inp = "electricity" if clean else rng.choice(["coal", "gas", "biomass"])
                ir = 0.0 if inp == "" else float(rng.uniform(0.05, 0.4))
                life = int(rng.integers(10, 41))
                techs.append([f"t{k:04d}", sector, out, inp, round(ir, 4),
                              round(float(rng.uniform(0, 0.3)) if not clean and sector ==
                                    "building_materials" else 0.0, 4),
                              round(float(rng.uniform(5, 60)), 2),
                              round(float(rng.uniform(200, 3000)), 1),
                              round(float(rng.uniform(5, 60)), 1), life, 1.0,
                              round(float(rng.uniform(0.6, 0.95)), 3),
                              "" if clean else round(float(base * rng.uniform(0.3, 1.0)), 0),
                              round(float(base * rng.uniform(0.05, 0.2)), 0) if j % 4 == 1 else ""])
                if j == 0 and base > 0:
                    stock = base * 1.3
                    for y in years:
                        left = stock * max(0.0, 1 - (y - 2020) / 25)
                        if left > 0:
                            existing.append([f"t{k:04d}", y, round(left, 1)])
                k += 1
            if base > 0:
                for y in years:
                    demand.append([y, out, round(base * (1 + 0.03) ** min(y - 2020, 15), 1)])
    _write(folder / "technologies.csv", TECH_COLS, techs)
    _write(folder / "existing_capacity.csv", ["technology", "year", "capacity"], existing)
    _write(folder / "demand.csv", ["year", "output", "demand"], demand)
    # a declining total cap from 2031 (loose enough to be feasible) and a peak rule in 2030
    _write(folder / "caps.csv", ["year", "sector", "cap_t"],
           [[y, "total", 4.0e6 * (1 - 0.02 * (y - 2031))] for y in range(2031, 2061)])
    toml = folder / "synthetic.toml"
    toml.write_text('name = "synthetic"\nbase_year = 2020\nend_year = 2060\ndiscount_rate = 0.05\n'
                    'technologies = "technologies.csv"\n'
                    'existing_capacity = "existing_capacity.csv"\n'
                    'demand = "demand.csv"\nfuels = "fuels.csv"\n[policy]\ncaps = "caps.csv"\n'
                    '[[policy.peak]]\nsector = "total"\nyear = 2030\n', encoding="utf-8")
    return toml


def time_case(toml: Path) -> dict:
    """The timings of ``summary.json`` (via ``build_and_solve``, as ``carbon run`` takes them)."""
    scenario = load_scenario(toml)
    model, res, timings = build_and_solve(load_inputs(scenario))
    idx = model.meta
    nnz = sum(sum(len(a) for a in f.v) for f in idx.families.values())
    rows = sum(len(f.index) for f in idx.families.values())
    return {"case": scenario.name, "vars": len(idx.columns), "rows": rows, "nnz": nnz,
            "status": res.status, "build_model_s": timings["build_model_s"],
            "handover_s": res.timings["handover_s"], "build_s": timings["build_s"],
            "solve_s": timings["solve_s"],
            "ratio": timings["build_s"] / max(timings["solve_s"], 1e-9),
            "reference_s": timings["peak_reference_s"],
            "iterations": res.iterations}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--techs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args(argv)
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        toml = synthetic_system(Path(tmp), a.techs)
        for _ in range(a.repeat):
            cases.append(time_case(toml))
    policy = ROOT / "scenarios" / "policy.toml"
    if policy.exists():
        try:
            cases.append(time_case(policy))
        except Exception as exc:  # report, do not hide the synthetic figures
            print(f"policy.toml: {type(exc).__name__}: {exc}")
    print(f"{'case':<12}{'vars':>8}{'rows':>8}{'nnz':>9}  {'status':<9}{'build_model':>12}"
          f"{'handover':>10}{'build_s':>9}{'solve_s':>9}{'ratio':>7}{'reference_s':>13}")
    for c in cases:
        print(f"{c['case']:<12}{c['vars']:>8}{c['rows']:>8}{c['nnz']:>9}  {c['status']:<9}"
              f"{c['build_model_s']:>12.3f}{c['handover_s']:>10.3f}{c['build_s']:>9.3f}"
              f"{c['solve_s']:>9.3f}{c['ratio']:>7.2f}{c['reference_s']:>13.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
