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


def format_gpc(view: pd.DataFrame) -> str:
    """GPC sub-sectors (kt CO2e, or the notation key) and the scope, BASIC and BASIC+ totals."""
    from carbon.inventory.gpc import gpc_totals

    lines = []
    for year, group in view.groupby("year", sort=True):
        lines.append(f"GPC view {year} — kt CO2e by sub-sector and scope (notation key where "
                     "no data: NO not occurring, NE not estimated, IE included elsewhere, "
                     "C confidential)")
        by_ref = group.groupby(["gpc_ref", "subsector"], sort=False).agg(
            co2e_t=("co2e_t", lambda s: s.sum(min_count=1)), key=("notation_key", "max"))
        for (ref, subsector), row in by_ref.iterrows():
            value = row["key"] if pd.isna(row["co2e_t"]) else _kt(row["co2e_t"]).strip()
            lines.append(f"  {ref or '-':<8}{subsector[:60]:<62}{value:>12}")
        totals = gpc_totals(group).iloc[0]
        for label, column in (("scope 1", "scope1_co2e_t"), ("scope 2", "scope2_co2e_t"),
                              ("scope 3", "scope3_co2e_t"), ("BASIC", "basic_co2e_t"),
                              ("BASIC+", "basic_plus_co2e_t")):
            lines.append(f"  {label + ' total':<70}{_kt(totals[column])}")
    return "\n".join(lines)


def format_key_categories(table: pd.DataFrame, *, year: int, base_year: int | None) -> str:
    """The key categories (IPCC Approach 1) with their level (and trend) shares."""
    gas = "gas" in table.columns
    title = f"Key categories {year} (IPCC 2006 Vol. 1 Ch. 4, Approach 1, 95 % threshold"
    title += f"; trend since {base_year})" if base_year is not None else ")"
    lines = [title]
    key = table["key"] if "key" in table else table["key_level"]
    for _, row in table[key].iterrows():
        name = f"{row['category']} {row['gas']}" if gas else row["category"]
        text = f"  {name:<18}{row['co2e_t'] / 1e3:>10,.1f} kt  level {row['level_share']:6.1%}"
        if "key_trend" in row:
            text += f"  trend {row['trend_share']:6.1%}  key by " + " and ".join(
                w for w, flag in (("level", row["key_level"]), ("trend", row["key_trend"]))
                if flag)
        lines.append(text)
    lines.append(f"  {int(key.sum())} of {len(table)} categories are key")
    return "\n".join(lines)


def format_uncertainty(approach1, monte_carlo: pd.DataFrame | None = None,
                       trend: pd.DataFrame | None = None) -> str:
    """Approach 1 level (and trend) uncertainty and the Monte Carlo 95 % intervals."""
    lines = [f"Uncertainty {approach1.year} (95 % half-width): Approach 1 ±"
             f"{approach1.level_pct:.1f} % of {approach1.total_co2e_t / 1e3:,.1f} kt CO2e"]
    for what, share in (("activity-data", approach1.share_without_ad),
                        ("emission-factor", approach1.share_without_ef)):
        if share > 0:
            lines.append(f"  INCOMPLETE: {share:.0%} of |CO2e| has no {what} uncertainty and "
                         "counts as exact (add uncertainty_pct to those rows)")
    if approach1.trend_pct is not None:
        lines.append(f"  trend since {approach1.base_year}: {approach1.trend_pct:+.1f} % ± "
                     f"{approach1.trend_uncertainty_pp:.1f} percentage points")
    if monte_carlo is not None:
        lines.append("  Approach 2 (Monte Carlo), kt CO2e: estimate, 2.5–97.5 percentiles")
        for row in monte_carlo.itertuples(index=False):
            lines.append(f"    {row[1]:<20}{row.co2e_t / 1e3:>10,.1f}   {row.lower_t / 1e3:,.1f}"
                         f" – {row.upper_t / 1e3:,.1f}  ({row.lower_pct:+.1f} % / "
                         f"{row.upper_pct:+.1f} %)")
    if trend is not None:
        first = trend.iloc[0]
        lines.append(f"  Approach 2 trend since {int(first['base_year'])}: "
                     f"{first['trend_pct']:+.1f} % (95 %: {first['lower_pct']:+.1f} % to "
                     f"{first['upper_pct']:+.1f} %)")
    return "\n".join(lines)
