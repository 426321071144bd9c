"""Sweeps over one built pathway model: abatement cost curves, peak years, Monte Carlo, tornado.

Each sweep builds the scenario's model once (:class:`carbon.scenarios.resolve.Resolver`) and
re-solves it with changed bounds, costs or coefficients, warm-started from a reference basis.
Monte Carlo and tornado draws run in local processes or on a Dask cluster
(:mod:`carbon.sweeps.executors`); their results are Parquet parts with a manifest
(:mod:`carbon.sweeps.store`), resumable.
"""
