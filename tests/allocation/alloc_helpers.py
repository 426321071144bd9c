"""Small builders for allocation tests: a registry written to a folder, and market inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from carbon.allocation.market import MarketInput
from carbon.allocation.regimes import Benchmark, LoadBand, Param, Regime
from tests.scenarios.scenario_helpers import write_csv

__all__ = ["make_regime", "market", "registry", "write_csv"]


def registry(folder: Path, firms: list[list], steps: list[list] | None = None,
             rules: str = "", extra_columns: list[str] | None = None) -> Path:
    """enterprises.csv (enterprise_id, name, sector, year, bau_emissions_t, free_allocation_t,
    + extra), mac.csv and rules.toml in ``folder``; returns the rules path."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "enterprises.csv", ["enterprise_id", "name", "sector", "year",
                                           "bau_emissions_t", "free_allocation_t"]
              + (extra_columns or []), firms)
    head = 'enterprises = "enterprises.csv"\n'
    if steps is not None:
        write_csv(folder / "mac.csv", ["enterprise_id", "step", "abatement_t",
                                       "cost_yuan_per_t"], steps)
        head += 'mac = "mac.csv"\n'
    (folder / "rules.toml").write_text(head + rules, encoding="utf-8")
    return folder / "rules.toml"


def market(need, alloc, steps=(), *, slope=None, years=None, year=None, **kw) -> MarketInput:
    """A MarketInput from lists: ``steps`` as (row, abatement_t, cost) tuples."""
    n = len(need)
    years = years or [2025]
    steps = list(steps)
    return MarketInput(
        years=years, year=np.asarray(year if year is not None else [years[0]] * n),
        need_t=np.asarray(need, float), alloc_t=np.asarray(alloc, float),
        offset_limit_t=np.asarray(kw.pop("offset_limit_t", [0.0] * n), float),
        slope=np.asarray(slope if slope is not None else [np.nan] * n, float),
        step_row=np.asarray([s[0] for s in steps], dtype=np.int64),
        step_q=np.asarray([s[1] for s in steps], float),
        step_c=np.asarray([s[2] for s in steps], float),
        auction_t=kw.pop("auction_t", {}), **kw)


def make_regime(params=None, benchmarks=(), bands=(), **kw):
    """A regime of the given parameters, benchmarks and load bands (source "s", quality
    "user")."""
    src = {"source": "s", "quality": "user"}
    return Regime(name="r", title="t",
                  param={k: Param(value=v, **src) for k, v in (params or {}).items()},
                  benchmark=[Benchmark(category=c, product=p, value=v, unit="t", **src)
                             for c, p, v in benchmarks],
                  load_band=[LoadBand(**b, **src) for b in bands], **kw)
