"""Run one scenario end to end: load, build, solve, extract, write; and its one-screen summary.

``run_scenarios(paths, out_dir)`` is what ``carbon run SCENARIO… [--out DIR]`` calls: it loads
and checks every scenario and its data first (and refuses two scenarios of the same ``name``,
which would write the same folder), then solves them one by one, so that a bad last scenario
stops the run before anything is solved or written. ``format_run_summary(summary)`` is what it
prints for each.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from carbon.errors import ScenarioError
from carbon.reporting.text import clean
from carbon.scenarios.inputs import load_inputs
from carbon.scenarios.model import build_model, peak_reference
from carbon.scenarios.prices import price_lines
from carbon.scenarios.results import extract_results, write_results
from carbon.scenarios.schema import load_scenario
from carbon.scenarios.solve import solve
from carbon.tables import check_parents


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
    return _solve_and_write(scenario, load_inputs(scenario), out_dir)


def run_scenarios(paths: Iterable[str | Path], out_dir: str | Path = Path("results")
                  ) -> Iterator[dict[str, Any]]:
    """Check every scenario (file, data, unique ``name``), then solve and write each in turn.

    Yields each scenario's summary (as :func:`run_scenario`) once it is written. Raises
    :class:`ScenarioError` or ``DataError`` before solving any if one scenario is bad.
    """
    check_parents(Path(out_dir), folder=True)
    loaded = []
    seen: dict[str, Path] = {}
    for path in paths:
        scenario = load_scenario(path)
        if scenario.name in seen:
            raise ScenarioError(f"{path}: scenario name '{scenario.name}' is also the name of "
                                f"{seen[scenario.name]}: both would write "
                                f"{Path(out_dir) / scenario.name}; give each its own name")
        seen[scenario.name] = Path(path)
        loaded.append((scenario, load_inputs(scenario)))
    for scenario, inputs in loaded:
        yield _solve_and_write(scenario, inputs, out_dir)


def _solve_and_write(scenario, inputs, out_dir: str | Path) -> dict[str, Any]:
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
    x = clean(x)
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
                     f"{_num(check['inventory_co2_t'], 't')} "
                     f"({clean(check['difference_share'], 4):+.1%}; "
                     "CO2, scope 1 by sector: grid electricity counted in power)")
    if summary.get("results_dir"):
        lines.append(f"  results         {summary['results_dir']}")
    return "\n".join(lines)
