"""A small adapter around Pyomo's HiGHS interface (``pyomo.contrib.solver``, name ``highs``).

The new Pyomo solver interfaces are a "development preview" whose API may change; this module is
the only place that touches them. It hands the model to HiGHS (``set_instance``), runs HiGHS,
and loads primal values and row duals into ``model.dual``.

Duals follow Pyomo's convention, ∂(optimal cost)/∂(row bound), in present-value yuan:
a binding ``emissions <= cap`` row has a dual ≤ 0, a ``supply >= demand`` row a dual ≥ 0.

An infeasible model is not returned: :func:`solve` re-solves the scenario with penalised slack on
every policy and demand row (:mod:`carbon.scenarios.diagnose`) and raises
:class:`~carbon.errors.InfeasibleError` naming the policy, sector, year and shortfall.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import TerminationCondition

from carbon.errors import CarbonError

SOLVER = "highs"

_STATUS = {
    TerminationCondition.convergenceCriteriaSatisfied: "optimal",
    TerminationCondition.provenInfeasible: "infeasible",
    TerminationCondition.locallyInfeasible: "infeasible",
    TerminationCondition.infeasibleOrUnbounded: "infeasible",
    TerminationCondition.unbounded: "unbounded",
    TerminationCondition.maxTimeLimit: "time_limit",
    TerminationCondition.iterationLimit: "iteration_limit",
}


@dataclass
class SolveResult:
    """What one HiGHS run returned (no Pyomo object)."""

    status: str
    """``optimal``, ``infeasible``, ``unbounded``, ``time_limit``, ..."""
    objective: float | None
    """Optimal discounted system cost [yuan], None unless optimal."""
    solver: str
    """Solver name and version, e.g. ``highs 1.15.1``."""
    timings: dict[str, float] = field(default_factory=dict)
    """``handover_s`` (Pyomo → HiGHS), ``solve_s`` (HiGHS's own run), ``load_s``."""
    iterations: int | None = None


def solver_name(handover: str = "pyomo") -> str:
    """``highs X.Y.Z`` and how the model reached it: Pyomo's interface or the direct hand-over."""
    import highspy

    route = "via pyomo" if handover == "pyomo" else "direct hand-over of the Pyomo model's rows"
    try:
        v = (highspy.HIGHS_VERSION_MAJOR, highspy.HIGHS_VERSION_MINOR,
             highspy.HIGHS_VERSION_PATCH)
        return f"highs {'.'.join(map(str, v))} {route}"
    except AttributeError:
        return f"highs {route}"


def run_highs(model: pyo.ConcreteModel, *, time_limit: float = 600.0, threads: int = 1,
              options: dict | None = None, load_duals: bool = True,
              handover: str = "direct") -> SolveResult:
    """Hand ``model`` to HiGHS, run it, and on success load values and duals into the model.

    ``handover`` is ``"direct"`` (the arrays the model was built from, passed to HiGHS in one
    ``passModel`` call; needs ``model.meta.lp`` and ignores later edits of the Pyomo model) or
    ``"pyomo"`` (Pyomo's ``highs`` interface reads the Pyomo model: use it after changing the
    model by hand). Both give the same LP; the tests check that they agree.

    Returns a :class:`SolveResult` whatever the status (no exception for infeasible models).
    """
    if handover == "direct":
        return _run_direct(model, time_limit=time_limit, threads=threads, options=options,
                           load_duals=load_duals)
    if handover != "pyomo":
        raise ValueError(f"handover must be 'direct' or 'pyomo', not {handover!r}")
    opt = SolverFactory(SOLVER)
    t0 = time.perf_counter()
    opt.set_instance(model)
    handover_s = time.perf_counter() - t0
    for key in ("check_for_new_or_removed_constraints", "check_for_new_or_removed_vars",
                "check_for_new_or_removed_params", "check_for_new_objective",
                "update_constraints", "update_vars", "update_parameters",
                "update_named_expressions", "update_objective"):
        if hasattr(opt.config.auto_updates, key):
            setattr(opt.config.auto_updates, key, False)
    res = opt.solve(model, load_solutions=False, raise_exception_on_nonoptimal_result=False,
                    time_limit=time_limit, threads=threads, solver_options=dict(options or {}))
    status = _STATUS.get(res.termination_condition, str(res.termination_condition.name))
    t1 = time.perf_counter()
    objective = None
    if status == "optimal":
        res.solution_loader.load_vars()
        if load_duals and hasattr(model, "dual"):
            model.dual.clear()
            model.dual.update(res.solution_loader.get_duals())
        objective = float(res.incumbent_objective)
    load = time.perf_counter() - t1
    iters = getattr(res.extra_info, "simplex_iteration_count", None)
    return SolveResult(status, objective, solver_name(),
                       {"handover_s": handover_s, "solve_s": float(res.timing_info.highs_time or 0),
                        "load_s": load}, iters)


def _quiet_highs():
    """A ``highspy.Highs`` without its banner on stdout (gotcha G8) and without logging."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


def pass_to_highs(lp_arrays, *, time_limit: float = 600.0, threads: int = 1,
                  options: dict | None = None):
    """A quiet ``highspy.Highs`` holding the built LP (:class:`~carbon.scenarios.model.LPArrays`),
    passed in one ``passModel`` call; used by :func:`run_highs` and the in-memory re-solves of
    :mod:`carbon.scenarios.resolve`."""
    import highspy

    h = _quiet_highs()
    lp = highspy.HighsLp()
    lp.num_col_ = len(lp_arrays.cost)
    lp.num_row_ = len(lp_arrays.row_lower)
    inf = highspy.kHighsInf
    lp.col_cost_ = lp_arrays.cost
    lp.col_lower_ = np.where(np.isfinite(lp_arrays.col_lower), lp_arrays.col_lower, -inf)
    lp.col_upper_ = np.where(np.isfinite(lp_arrays.col_upper), lp_arrays.col_upper, inf)
    lp.row_lower_ = np.where(np.isfinite(lp_arrays.row_lower), lp_arrays.row_lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(lp_arrays.row_upper), lp_arrays.row_upper, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = lp_arrays.row_start.astype(np.int32)
    lp.a_matrix_.index_ = lp_arrays.col_index.astype(np.int32)
    lp.a_matrix_.value_ = lp_arrays.value
    lp.sense_ = highspy.ObjSense.kMinimize
    if h.passModel(lp) == highspy.HighsStatus.kError:
        # HiGHS refuses the whole LP (a malformed matrix): never solve a model it did not take
        raise RuntimeError("HiGHS refused the LP built from the scenario (passModel: kError)")
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", int(threads))
    for key, val in (options or {}).items():
        h.setOptionValue(key, val)
    return h


def highs_status(h) -> str:
    """HiGHS's model status in our words: ``optimal``, ``infeasible``, ``unbounded``, ..."""
    import highspy

    ms = h.getModelStatus()
    return {highspy.HighsModelStatus.kOptimal: "optimal",
            highspy.HighsModelStatus.kInfeasible: "infeasible",
            highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
            highspy.HighsModelStatus.kUnbounded: "unbounded",
            highspy.HighsModelStatus.kTimeLimit: "time_limit",
            highspy.HighsModelStatus.kIterationLimit: "iteration_limit"}.get(ms, str(ms))


def _run_direct(model: pyo.ConcreteModel, *, time_limit: float, threads: int,
                options: dict | None, load_duals: bool) -> SolveResult:
    """The lean hand-over: the built arrays → ``highspy.Highs.passModel`` → values and duals.

    Row duals are HiGHS's ``row_dual``, which is what Pyomo's interface returns too
    (∂cost/∂bound: ≤ 0 for a binding ``<=`` row of a minimisation).
    """
    idx = model.meta
    lp_arrays = idx.lp
    t0 = time.perf_counter()
    h = pass_to_highs(lp_arrays, time_limit=time_limit, threads=threads, options=options)
    handover = time.perf_counter() - t0
    h.run()
    solve_s = h.getRunTime()
    status = highs_status(h)
    t1 = time.perf_counter()
    objective = None
    if status == "optimal":
        sol = h.getSolution()
        for var, x in zip(idx.columns, np.asarray(sol.col_value).tolist(), strict=True):
            var.set_value(x, skip_validation=True)
        if load_duals and hasattr(model, "dual"):
            model.dual.clear()
            cons: dict = {}
            for (family, key), d in zip(lp_arrays.row_refs, np.asarray(sol.row_dual).tolist(),
                                        strict=True):
                con = cons.get(family)
                if con is None:
                    con = cons[family] = getattr(model, family)
                model.dual[con[key]] = d
        objective = float(h.getInfo().objective_function_value)
    load = time.perf_counter() - t1
    iters = int(h.getInfo().simplex_iteration_count)
    return SolveResult(status, objective, solver_name("direct"),
                       {"handover_s": handover, "solve_s": float(solve_s), "load_s": load}, iters)


def solve(model: pyo.ConcreteModel, *, time_limit: float = 600.0, threads: int = 1,
          options: dict | None = None, handover: str = "direct") -> SolveResult:
    """Solve the pathway model; raise InfeasibleError with a diagnosis when it has no solution.

    Raises
    ------
    InfeasibleError
        Naming the policy, sector and year that cannot be met and by how much.
    CarbonError
        For any other non-optimal end (unbounded, time limit).
    """
    result = run_highs(model, time_limit=time_limit, threads=threads, options=options,
                       handover=handover)
    if result.status == "optimal":
        return result
    if result.status == "infeasible" and hasattr(model, "meta"):
        from carbon.scenarios.diagnose import diagnose

        raise diagnose(model.meta.inputs)
    name = getattr(getattr(model, "meta", None), "inputs", None)
    label = f"scenario '{name.scenario.name}'" if name is not None else "the model"
    raise CarbonError(f"{label}: HiGHS ended with status '{result.status}' "
                      f"(no optimal solution)")
