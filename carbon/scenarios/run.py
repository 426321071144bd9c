"""Run one scenario end to end: load, build, solve, extract, write; and its one-screen summary.

``run_scenario(path, out_dir)`` is what ``carbon run SCENARIO… [--out DIR]`` calls for each
scenario; ``format_run_summary(summary)`` is what it prints.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from carbon.scenarios.inputs import load_inputs
from carbon.scenarios.model import build_model, peak_reference
from carbon.scenarios.prices import price_lines
from carbon.scenarios.results import extract_results, write_results
from carbon.scenarios.schema import load_scenario
from carbon.scenarios.solve import solve


def run_scenario(path: str | Path, out_dir: str | Path = Path("results")) -> dict[str, Any]:
    """Solve one scenario and write ``out_dir/<name>/``.

    Returns
    -------
    dict
        The content of ``summary.json`` plus ``results_dir`` (the folder written).

    Raises
    ------
    ScenarioError, DataError
        Bad scenario or data (nothing is written).
    InfeasibleError
        The policies cannot all be met (nothing is written; the message says which, when and
        by how much).
    """
    scenario = load_scenario(path)
    inputs = load_inputs(scenario)
    model, result, timings = build_and_solve(inputs)
    t1 = time.perf_counter()
    results = extract_results(model, result)
    extract = time.perf_counter() - t1 + result.timings["load_s"]
    summary = results["summary"]
    summary["timings"] = {"build_s": round(timings["build_s"], 4),
                          "solve_s": round(timings["solve_s"], 4),
                          "extract_s": round(extract, 4),
                          "peak_reference_s": round(timings["peak_reference_s"], 4)}
    target = write_results(results, scenario, Path(out_dir))
    return summary | {"results_dir": str(target)}


def build_and_solve(inputs, **solve_options) -> tuple[Any, Any, dict[str, float]]:
    """Build the model and solve it, timing the two the way ``summary.json`` reports them.

    ``build_s`` is building the Pyomo model plus handing it to HiGHS, ``solve_s`` HiGHS's own
    run time, ``peak_reference_s`` the extra solve without peak rules that bounds their level
    (0 without peak rules); ``build_model_s`` (the Pyomo build alone) is returned too, for the
    benchmarks.
    Raises :class:`~carbon.errors.InfeasibleError` like :func:`solve`.
    """
    t0 = time.perf_counter()
    if inputs.scenario.policy.peak and inputs.peak_reference is None:
        inputs.peak_reference = peak_reference(inputs)      # the solve without peak rules
    reference_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = build_model(inputs)
    build_model_s = time.perf_counter() - t0
    result = solve(model, **solve_options)
    return model, result, {"build_model_s": build_model_s,
                           "build_s": build_model_s + result.timings["handover_s"],
                           "solve_s": result.timings["solve_s"],
                           "peak_reference_s": reference_s}


def _num(x: float | None, unit: str = "") -> str:
    if x is None:
        return "-"
    text = f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"
    return f"{text} {unit}".rstrip()


def format_run_summary(summary: dict[str, Any]) -> str:
    """One screen: name, status, peak year and value, 2030 emissions and price, total cost."""
    milestones = summary.get("milestones") or {}
    year = "2030" if "2030" in milestones else str(summary.get("end_year", ""))
    mil = milestones.get(year)
    lines = [f"scenario {summary.get('name', '?')}: {summary.get('status')}",
             f"  peak            {summary.get('peak_year')} at "
             f"{_num(summary.get('peak_co2_t'), 't CO2')}"]
    if mil is not None:
        lines.append(f"  {year} emissions  {_num(mil['co2_t'], 't CO2')}")
        lines.extend(price_lines(year, mil))
    lines.append(f"  total cost      {_num(summary.get('total_cost_yuan'), 'yuan')} "
                 f"(discounted to {summary.get('base_year')})")
    check = summary.get("base_year_check")
    if check and check.get("difference_share") is not None:
        lines.append(f"  base year       model {_num(check['model_co2_t'], 't')} vs inventory "
                     f"{_num(check['inventory_co2_t'], 't')} ({check['difference_share']:+.1%})")
    if summary.get("results_dir"):
        lines.append(f"  results         {summary['results_dir']}")
    return "\n".join(lines)
