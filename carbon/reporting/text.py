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
    """Per inventory year: CO2e by sector and gas (kt), scope totals, gross, sinks and net.

    Both sector views are labelled: the table is by consuming sector, scope 1 + 2; its last
    column is scope 1 by sector (:mod:`carbon.inventory.output`). Years are never summed. Years
    with landfill CH4 only (what a deposition history gives for the years before the inventory)
    share one line, not a table each.
    """
    summary = summarise(inventory)
    grid = ", ".join(map(str, grid_factor_years(inventory))) or "-"
    tables = summary["by_sector_gas"]
    landfill_only = {int(y) for y, rows in inventory.groupby("year")
                     if rows["category"].astype(str).str.startswith("4.A").all()}
    full = [y for y in tables if y not in landfill_only] or list(tables)[-1:]
    lines = [f"Inventory {', '.join(map(str, full))} — kt CO2e under {gwp}, factors for region "
             f"{region or 'any'}, grid-factor year {grid}"]
    partial = [y for y in tables if y not in full]
    if partial:
        lines.append(f"{partial[0]}–{partial[-1]}: landfill CH4 of the deposition history only, "
                     "total "
                     f"{_kt(summary['total_co2e_t'][partial[0]]).strip()} to "
                     f"{_kt(summary['total_co2e_t'][partial[-1]]).strip()} kt")
    for year in full:
        table = tables[year]
        lines.append(f"{year}: CO2e {CONSUMING_VIEW}; last column: {SCOPE1_VIEW}")
        lines.append(f"{'sector':<20}" + "".join(f"{c:>12}" for c in table.columns))
        for sector, row in table.iterrows():
            lines.append(f"{sector:<20}" + "".join(_kt(v) for v in row))
        for scope, value in summary["by_scope"].loc[year].items():
            lines.append(f"{'scope ' + str(scope) + ' total':<20}{_kt(value)}")
        lines.append(f"{'gross (no sinks)':<20}{_kt(summary['gross_co2e_t'][year])}")
        lines.append(f"{'land sinks':<20}{_kt(summary['sink_co2e_t'][year])}")
        lines.append(f"{'total ' + str(year):<20}{_kt(summary['total_co2e_t'][year])}")
    lines.append(textwrap.fill(VIEWS_NOTE, 100))
    if out is not None:
        lines.append(f"written: {out}")
    return "\n".join(lines)
