"""Monte Carlo and tornado sweeps over a scenario's ``[uncertainty]`` table.

Monte Carlo (``carbon sweep montecarlo SCENARIO --draws N --seed S``)
--------------------------------------------------------------------
Draw i's multipliers are row i of :meth:`~carbon.sweeps.uncertainty.Uncertainty.draw`. Each
worker builds the scenario's model once, solves it as given (the *base* solve) and then, for
every draw of its chunks, sets the draw's inputs (:class:`~carbon.sweeps.perturb.Perturber`,
always against the built values) and re-solves warm-started from the base basis — never from the
previous draw, whose vertex depends on the order — so the same seed gives the same results on
any executor and any number of workers.

The folder (default ``results/sweeps/<name>/montecarlo``) holds:

* ``manifest.json``: the inputs' hashes, versions, seed, parameters, executor, draws done;
* ``parts/part-NNNNNN.parquet``: finished chunks (a resumed sweep skips their draws);
* ``draws.parquet``: one row per draw: ``draw, status``, the multipliers ``m_<parameter>``,
  ``total_cost_yuan`` (discounted), ``cumulative_co2_t``, ``peak_year``, ``peak_co2_t``,
  ``co2_t_<year>``, ``solve_s`` (HiGHS's run), ``wall_s`` (changing the model, solving,
  reading results), ``iterations``;
* ``emissions.parquet`` (``draw, year, co2_t``), ``bands.parquet`` (``year, mean, p5, p25,
  p50, p75, p95`` of total CO2 over the feasible draws), ``peak_years.parquet`` (``peak_year,
  draws, share, cumulative_share``), and ``summary.json`` (probability of peaking by the target
  year, peak level percentiles, infeasible draws and the diagnosis of the first one);
* with ``--csv`` the same tables as CSV.

Infeasible draws are counted and listed, never dropped silently; when every draw is infeasible
the sweep fails with the diagnosis of the first.

Tornado (``carbon sweep tornado SCENARIO``)
-------------------------------------------
Each parameter alone at its two ends (:meth:`Distribution.ends`), the others at 1; ranked by the
swing of the peak level, then of cost (``tornado.csv``/``.parquet``). The 2·p solves run in
this process, or on the executors with ``--workers``/``--scheduler``.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import CarbonError, ScenarioError
from carbon.scenarios import load_inputs, load_scenario
from carbon.scenarios.resolve import Resolver, Solution, peak_of
from carbon.sweeps import store
from carbon.sweeps.executors import Progress, describe, run_chunks
from carbon.sweeps.perturb import Perturber, perturbed_inputs, projection_terms
from carbon.sweeps.uncertainty import Uncertainty, read_uncertainty

PERCENTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True)
class Job:
    """What a worker needs to build its model: the scenario and its fingerprint."""

    scenario: str
    key: str


@dataclass
class Worker:
    """One built, base-solved model and what it takes to set a draw's inputs."""

    resolver: Resolver
    perturber: Perturber
    spec: Uncertainty
    terms: dict
    base: Solution


_WORKERS: dict[str, Worker] = {}


def worker_for(job: Job) -> Worker:
    """This process's model for ``job`` (built and base-solved on first use)."""
    w = _WORKERS.get(job.key)
    if w is None:
        scenario = load_scenario(job.scenario)
        r = Resolver(load_inputs(scenario))
        base = r.solve_reference(require_optimal=False)
        spec, terms = read_uncertainty(scenario), projection_terms(scenario)
        w = Worker(r, Perturber(r, spec, terms), spec, terms, base)
        _WORKERS.clear()                   # one model per worker process
        _WORKERS[job.key] = w
    return w


def draw_values(w: Worker, values: np.ndarray) -> dict[str, float]:
    return dict(zip(w.spec.names, map(float, values), strict=True))


def outcome(r: Resolver, sol: Solution) -> dict[str, Any]:
    """Peak, cost and CO2 by year of one solve."""
    total = r.total_emissions(sol)
    py, pv = peak_of(r.years, total)
    row: dict[str, Any] = {"total_cost_yuan": r.system_cost(sol),
                           "cumulative_co2_t": float(total.sum()), "peak_year": py,
                           "peak_co2_t": pv}
    row |= {f"co2_t_{y}": float(v) for y, v in zip(r.years, total, strict=True)}
    return row


def solve_chunk(job: Job, ids: list[int], values: np.ndarray) -> pd.DataFrame:
    """Solve the draws ``ids`` (multipliers ``values``, draws × parameters) on this worker."""
    w = worker_for(job)
    r = w.resolver
    rows = []
    for i, vals in zip(ids, np.asarray(values), strict=True):
        t0 = time.perf_counter()
        w.perturber.apply(draw_values(w, vals))
        sol = r.solve()
        row: dict[str, Any] = {"draw": int(i), "status": sol.status}
        row |= {f"m_{n}": float(v) for n, v in zip(w.spec.names, vals, strict=True)}
        if sol.status == "optimal":
            row |= outcome(r, sol)
        row |= {"solve_s": sol.solve_s, "wall_s": time.perf_counter() - t0,
                "iterations": sol.iterations}
        rows.append(row)
    r.reset()
    frame = pd.DataFrame(rows)
    for y in r.years:                       # infeasible-only chunks keep every column
        frame[f"co2_t_{y}"] = frame.get(f"co2_t_{y}", np.nan)
    for col in ("total_cost_yuan", "cumulative_co2_t", "peak_year", "peak_co2_t"):
        if col not in frame:
            frame[col] = np.nan
    return frame


def _setup(path: str | Path, kind: str, extra: dict[str, Any]):
    scenario = load_scenario(path)
    spec = read_uncertainty(scenario)
    key = {"kind": kind, "scenario": scenario.name, "inputs": store.input_hashes(scenario),
           "parameters": {n: d.model_dump(exclude_none=True) for n, d in spec.parameters.items()}
           } | extra
    job = Job(str(scenario.source), hashlib.sha256(json.dumps(
        key["inputs"], sort_keys=True).encode()).hexdigest())
    return scenario, spec, key, job


def montecarlo(path: str | Path, *, draws: int, seed: int, out: Path,
               scheduler: str | None = None, workers: int = 1, chunk: int | None = None,
               target_year: int = 2030, csv: bool = False,
               progress: bool | None = None) -> dict[str, Any]:
    """Run (or resume) a Monte Carlo sweep into ``out``; return its summary."""
    if draws < 1:
        raise ScenarioError(f"--draws {draws}: give at least 1 draw")
    if workers < 1:
        raise ScenarioError(f"--workers {workers}: give at least 1 worker")
    scenario, spec, key, job = _setup(path, "montecarlo", {"seed": int(seed)})
    if not scenario.base_year <= target_year <= scenario.end_year:
        raise ScenarioError(f"{scenario.source.name}: --target-year {target_year} is outside "
                            f"the horizon {scenario.base_year}-{scenario.end_year}")
    out = Path(out)
    manifest = store.open_manifest(out, key)
    values = spec.draw(draws, seed)
    done = store.done_draws(out)
    have = set() if done is None else set(done["draw"].astype(int))
    todo = [i for i in range(draws) if i not in have]
    size = chunk or max(1, min(25, math.ceil(len(todo) / (4 * workers)) if todo else 1))
    chunks = [(todo[a:a + size], values[todo[a:a + size]]) for a in range(0, len(todo), size)]
    manifest |= {"executor": describe(scheduler, workers), "draws_requested": draws}
    t0 = time.perf_counter()

    def on_done(frame: pd.DataFrame) -> None:
        """Keep a finished chunk (the folder is written only once a draw is done)."""
        first = int(frame["draw"].min())
        store.write_parquet(frame, out / "parts" / f"part-{first:06d}.parquet")
        manifest["draws_done"] = int(manifest.get("draws_done", 0)) + len(frame)
        store.write_json(manifest, out / "manifest.json")

    run_chunks(solve_chunk, job, chunks, on_done=on_done, scheduler=scheduler, workers=workers,
               progress=Progress(len(todo), enabled=progress))
    wall = time.perf_counter() - t0
    every = store.done_draws(out)
    assert every is not None
    every = every[every["draw"] < draws].sort_values("draw").reset_index(drop=True)
    manifest["draws_done"] = int(len(every))
    store.write_json(manifest, out / "manifest.json")
    summary = summarise(every, scenario, spec, target_year)
    summary |= {"seed": seed, "executor": manifest["executor"], "solved_this_run": len(todo),
                "wall_s_this_run": wall}
    _write_tables(every, summary, out, scenario.years, csv)
    if summary["infeasible_draws"]:
        summary["first_infeasible"] = _diagnose(scenario, spec, values,
                                                summary["infeasible_ids"][0])
        store.write_json(summary, out / "summary.json")
        if summary["feasible_draws"] == 0:
            raise CarbonError(f"every one of the {draws} draws is infeasible; the first "
                              f"(draw {summary['infeasible_ids'][0]}): "
                              f"{summary['first_infeasible']}")
    return summary | {"folder": str(out)}


def _diagnose(scenario, spec: Uncertainty, values: np.ndarray, draw: int) -> str:
    from carbon.scenarios.diagnose import diagnose

    base = load_inputs(scenario)
    inputs = perturbed_inputs(base, spec, dict(zip(spec.names, map(float, values[draw]),
                                                   strict=True)), projection_terms(scenario))
    return str(diagnose(inputs))


def summarise(every: pd.DataFrame, scenario, spec: Uncertainty,
              target_year: int) -> dict[str, Any]:
    ok = every[every["status"] == "optimal"]
    bad = every[every["status"] != "optimal"]
    summary: dict[str, Any] = {"scenario": scenario.name, "parameters": spec.names,
                               "draws": int(len(every)), "feasible_draws": int(len(ok)),
                               "infeasible_draws": int(len(bad)),
                               "infeasible_ids": [int(d) for d in bad["draw"]],
                               "target_year": target_year}
    if len(ok):
        summary["probability_peak_by_target"] = float((ok["peak_year"] <= target_year).mean())
        summary["peak_year_percentiles"] = {
            f"p{p}": float(np.percentile(ok["peak_year"], p)) for p in PERCENTILES}
        summary["peak_co2_t_percentiles"] = {
            f"p{p}": float(np.percentile(ok["peak_co2_t"], p)) for p in PERCENTILES}
        summary["total_cost_yuan_percentiles"] = {
            f"p{p}": float(np.percentile(ok["total_cost_yuan"], p)) for p in PERCENTILES}
        summary["mean_solve_s"] = float(ok["solve_s"].mean())
        summary["mean_wall_s"] = float(ok["wall_s"].mean())
    return summary


def _write_tables(every: pd.DataFrame, summary: dict[str, Any], out: Path, years: list[int],
                  csv: bool) -> None:
    ok = every[every["status"] == "optimal"]
    co2 = ok[[f"co2_t_{y}" for y in years]].to_numpy(dtype=float)
    emissions = pd.DataFrame({"draw": np.repeat(ok["draw"].to_numpy(), len(years)),
                              "year": np.tile(years, len(ok)), "co2_t": co2.ravel()})
    bands = pd.DataFrame({"year": years})
    if len(ok):
        bands["mean"] = co2.mean(axis=0)
        for p in PERCENTILES:
            bands[f"p{p}"] = np.percentile(co2, p, axis=0)
    counts = ok["peak_year"].astype(int).value_counts().sort_index()
    peaks = pd.DataFrame({"peak_year": counts.index.astype(int), "draws": counts.to_numpy()})
    peaks["share"] = peaks["draws"] / max(len(ok), 1)
    peaks["cumulative_share"] = peaks["share"].cumsum()
    tables = {"draws": every, "emissions": emissions, "bands": bands, "peak_years": peaks}
    for name, frame in tables.items():
        store.write_parquet(frame, out / f"{name}.parquet")
        if csv:
            store.write_csv(frame, out / f"{name}.csv")
    store.write_json(summary, out / "summary.json")


def tornado(path: str | Path, *, out: Path | None = None, csv: bool = False,
            scheduler: str | None = None, workers: int | None = None) -> dict[str, Any]:
    """Each uncertain input alone at its two ends; ranked by the swing of the peak level.

    The 2·p solves run in this process, or on the executors of a Monte Carlo sweep when
    ``scheduler`` or ``workers`` is given (they are draws with set multipliers).
    """
    scenario, spec, key, job = _setup(path, "tornado", {})
    w = worker_for(job)
    if w.base.status != "optimal":
        raise CarbonError(f"scenario '{scenario.name}' itself is {w.base.status}: a tornado "
                          f"moves inputs around a solved scenario")
    base = outcome(w.resolver, w.base)
    n = len(spec.names)
    ends = [spec.parameters[name].ends() for name in spec.names]
    values = np.ones((2 * n, n))
    for j, (lo, hi) in enumerate(ends):
        values[2 * j, j], values[2 * j + 1, j] = lo, hi
    ids = list(range(2 * n))
    if scheduler is None and workers is None:
        solved = solve_chunk(job, ids, values)
    else:
        parts: list[pd.DataFrame] = []
        run_chunks(solve_chunk, job, [([i], values[[i]]) for i in ids], on_done=parts.append,
                   scheduler=scheduler, workers=workers or 1)
        solved = pd.concat(parts, ignore_index=True)
    solved = solved.set_index("draw")
    rows = []
    for j, name in enumerate(spec.names):
        row: dict[str, Any] = {"parameter": name, "low": ends[j][0], "high": ends[j][1]}
        for side, i in (("low", 2 * j), ("high", 2 * j + 1)):
            row[f"status_{side}"] = solved.at[i, "status"]
            for col in ("peak_year", "peak_co2_t", "total_cost_yuan"):
                row[f"{col}_{side}"] = solved.at[i, col]
        for col in ("peak_year", "peak_co2_t", "total_cost_yuan"):
            row[f"swing_{col}"] = abs(row[f"{col}_high"] - row[f"{col}_low"])
        rows.append(row)
    frame = (pd.DataFrame(rows)
             .sort_values(["swing_peak_co2_t", "swing_total_cost_yuan", "swing_peak_year"],
                          ascending=False, kind="stable").reset_index(drop=True))
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    summary = {"scenario": scenario.name, "executor": "this process" if scheduler is None and
               workers is None else describe(scheduler, workers or 1),
               "base": {k: base[k] for k in
                        ("peak_year", "peak_co2_t", "total_cost_yuan", "cumulative_co2_t")}}
    if out is not None:
        out = Path(out)
        store.write_parquet(frame, out / "tornado.parquet")
        store.write_csv(frame, out / "tornado.csv")
        store.write_json(summary | {"versions": store.versions(), "key": key},
                         out / "summary.json")
    return {"tornado": frame, "summary": summary}


def format_montecarlo(s: dict[str, Any]) -> str:
    lines = [f"Monte Carlo of scenario {s['scenario']}: {s['draws']} draws "
             f"({s['feasible_draws']} feasible, {s['infeasible_draws']} infeasible) on "
             f"{s['executor']}; {s['solved_this_run']} solved in this run"]
    if s["feasible_draws"]:
        py, pc = s["peak_year_percentiles"], s["peak_co2_t_percentiles"]
        lines += [f"  peak year   median {py['p50']:.0f}  (5-95%: {py['p5']:.0f}-{py['p95']:.0f})",
                  f"  peak CO2    median {pc['p50']:,.0f} t  (5-95%: {pc['p5']:,.0f}-"
                  f"{pc['p95']:,.0f})",
                  f"  P(peak by {s['target_year']}) = {s['probability_peak_by_target']:.1%} "
                  f"of feasible draws"]
    if s["infeasible_draws"]:
        lines.append(f"  infeasible draws {s['infeasible_ids'][:10]}"
                     f"{' ...' if s['infeasible_draws'] > 10 else ''}; the first: "
                     f"{s.get('first_infeasible', '')}")
    if s.get("folder"):
        lines.append(f"  results     {s['folder']}")
    return "\n".join(lines)


def format_tornado(res: dict[str, Any]) -> str:
    b = res["summary"]["base"]
    lines = [f"tornado of scenario {res['summary']['scenario']}: base peak {b['peak_year']} at "
             f"{b['peak_co2_t']:,.0f} t",
             f"  {'rank':>4} {'parameter':<32} {'peak t (low..high)':>28} {'peak year':>11} "
             f"{'cost swing yuan':>16}"]
    for _, t in res["tornado"].iterrows():
        lines.append(f"  {t['rank']:>4} {t['parameter']:<32} "
                     f"{t['peak_co2_t_low']:>13,.0f}..{t['peak_co2_t_high']:<13,.0f} "
                     f"{t['peak_year_low']:>5.0f}..{t['peak_year_high']:<5.0f} "
                     f"{t['swing_total_cost_yuan']:>16,.0f}")
    return "\n".join(lines)
