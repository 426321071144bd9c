"""Plain-text summaries printed by the command line (one screen each)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from carbon.inventory.output import grid_factor_years, summarise


def _kt(value: float) -> str:
    return f"{value / 1e3:>12,.1f}"


def format_inventory_summary(inventory: pd.DataFrame, *, gwp: str, region: str | None,
                             out: Path | None = None) -> str:
    """CO2e by sector and gas (kt), scope 1 and 2 totals, the GWP set and grid-factor year."""
    all_years = sorted(int(y) for y in inventory["year"].unique())
    summary = summarise(inventory, all_years[-1])
    table: pd.DataFrame = summary["by_sector_gas"]
    years = str(all_years[-1]) if len(all_years) == 1 else \
        f"{all_years[-1]} (rows from {all_years[0]}: landfill CH4 of the deposition history)"
    grid = ", ".join(map(str, grid_factor_years(inventory))) or "-"
    lines = [f"Inventory {years} — kt CO2e under {gwp}, factors for region {region or 'any'}, "
             f"grid-factor year {grid}",
             f"{'sector':<20}" + "".join(f"{c:>12}" for c in table.columns)]
    for sector, row in table.iterrows():
        lines.append(f"{sector:<20}" + "".join(_kt(v) for v in row))
    for scope, value in summary["by_scope"].items():
        lines.append(f"{'scope ' + str(scope) + ' total':<20}{_kt(value)}")
    lines.append(f"{'gross (no sinks)':<20}{_kt(summary['gross_co2e_t'])}")
    lines.append(f"{'land sinks':<20}{_kt(summary['sink_co2e_t'])}")
    lines.append(f"{'total (net)':<20}{_kt(summary['total_co2e_t'])}")
    if out is not None:
        lines.append(f"written: {out}")
    return "\n".join(lines)
