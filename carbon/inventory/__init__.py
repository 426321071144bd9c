"""The city inventory: activity data × emission factors → emissions by category, gas and scope.

The chain is ``read_activity`` → ``load_factors`` → ``compile_inventory`` → ``write_inventory``;
:func:`inventory_from_files` runs it from file paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from carbon.inventory.activity import read_activity, validate_activity
from carbon.inventory.analysis import analyse
from carbon.inventory.compile import DEFAULT_GWP, DEFAULT_REGION, co2_t_per_unit, compile_inventory
from carbon.inventory.factors import DEFAULT_CONVENTION, load_factors
from carbon.inventory.gpc import gpc_view, read_notation_keys
from carbon.inventory.key_categories import key_categories
from carbon.inventory.methods import OPTIONS, parse_years
from carbon.inventory.output import check_output, summarise, write_inventory
from carbon.inventory.quality import data_gaps, quality_shares
from carbon.inventory.uncertainty import monte_carlo, monte_carlo_trend, uncertainty

__all__ = ["read_activity", "validate_activity", "load_factors", "compile_inventory",
           "write_inventory", "check_output", "summarise", "inventory_from_files", "co2_t_per_unit",
           "DEFAULT_GWP", "DEFAULT_REGION", "DEFAULT_CONVENTION", "OPTIONS", "parse_years",
           "data_gaps", "quality_shares", "gpc_view", "read_notation_keys", "key_categories",
           "uncertainty", "monte_carlo", "monte_carlo_trend", "analyse"]


def inventory_from_files(paths: Iterable[Path], *, factor_files: Iterable[Path] = (),
                         region: str | None = DEFAULT_REGION, gwp: str = DEFAULT_GWP,
                         convention: str = DEFAULT_CONVENTION, years: Iterable[int] = (),
                         options: dict | None = None) -> pd.DataFrame:
    """Read activity files, apply the factor library (with ``factor_files`` first) and compile."""
    factors = load_factors(tuple(Path(p) for p in factor_files), convention=convention)
    activity = read_activity([Path(p) for p in paths],
                             known_activities=factors["activity"].unique())
    return compile_inventory(activity, factors, gwp=gwp, region=region or DEFAULT_REGION,
                             years=years, options=options)
