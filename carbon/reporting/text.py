"""Plain-text summaries printed by the command line (one screen each)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from carbon.inventory.output import (
    CONSUMING_VIEW,
    SCOPE1_VIEW,
    VIEWS_NOTE,
    grid_factor_years,
    summarise,
)


def clean(value: float, digits: int = 6) -> float:
    """``value`` without float noise: rounded to ``digits`` decimals, and never ``-0``."""
    return round(float(value), digits) + 0.0


def _kt(value: float) -> str:
    return f"{clean(value / 1e3, 1):>12,.1f}"


def format_inventory_summary(inventory: pd.DataFrame, *, gwp: str, region: str | None,
                             out: Path | None = None) -> str:
    """Per inventory year: CO2e by sector and gas (kt), scope totals and the total.

    Both sector views are labelled: the table is by consuming sector, scope 1 + 2; its last
    column is scope 1 by sector (:mod:`carbon.inventory.output`). Years are never summed.
    """
    summary = summarise(inventory)
    grid = ", ".join(map(str, grid_factor_years(inventory))) or "-"
    years = ", ".join(map(str, summary["by_sector_gas"]))
    lines = [f"Inventory {years} — kt CO2e under {gwp}, factors for region {region or 'any'}, "
             f"grid-factor year {grid}"]
    for year, table in summary["by_sector_gas"].items():
        lines.append(f"{year}: CO2e {CONSUMING_VIEW}; last column: {SCOPE1_VIEW}")
        lines.append(f"{'sector':<20}" + "".join(f"{c:>12}" for c in table.columns))
        for sector, row in table.iterrows():
            lines.append(f"{sector:<20}" + "".join(_kt(v) for v in row))
        for scope, value in summary["by_scope"].loc[year].items():
            lines.append(f"{'scope ' + str(scope) + ' total':<20}{_kt(value)}")
        lines.append(f"{'total ' + str(year):<20}{_kt(summary['total_co2e_t'][year])}")
    lines.append(textwrap.fill(VIEWS_NOTE, 100))
    if out is not None:
        lines.append(f"written: {out}")
    return "\n".join(lines)
