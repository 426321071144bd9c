"""Scenarios and the carbon-peaking pathway model (Pyomo + HiGHS).

The chain, each step a plain function::

    scenario = load_scenario("scenarios/policy.toml")      # TOML -> validated Scenario
    inputs = load_inputs(scenario)                          # data files -> tidy frames
    model = build_model(inputs)                             # -> pyomo ConcreteModel (an LP)
    result = solve(model)                                   # HiGHS; InfeasibleError explains
    results = extract_results(model, result)                # -> tidy DataFrames + summary
    write_results(results, scenario, Path("results"))       # -> results/<name>/

``run_scenario(path, out_dir)`` does all of it and returns the summary dict (with
``results_dir``); ``format_run_summary(summary)`` renders it on one screen.
"""

from carbon.scenarios.inputs import load_inputs
from carbon.scenarios.model import build_model
from carbon.scenarios.results import extract_results, write_results
from carbon.scenarios.run import format_run_summary, run_scenario
from carbon.scenarios.schema import Scenario, load_scenario
from carbon.scenarios.solve import SolveResult, solve

__all__ = ["Scenario", "SolveResult", "build_model", "extract_results", "format_run_summary",
           "load_inputs", "load_scenario", "run_scenario", "solve", "write_results"]
