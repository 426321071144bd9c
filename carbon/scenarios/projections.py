"""Drivers, service demand and the sectors the model does not optimise.

Drivers
-------
``drivers.csv``: ``year`` and any driver columns (``gdp_10k_yuan`` [10^4 yuan],
``population`` [person], ``va_secondary_10k_yuan``, ...). Years between listed rows are
interpolated linearly; the listed years must reach from the base year to the end year.
``gdp_10k_yuan`` and ``population`` feed the indicators; ``gdp_10k_yuan`` is needed by an
intensity policy.

Demand
------
``demand.csv`` (``year, output, demand``) gives demand directly; between listed years of an output
it is linear, flat outside. ``demand_projection.csv`` (``output, base_demand, driver, elasticity,
intensity_change_per_yr``) projects it:

.. math:: D(y) = D_0 \\, (X(y)/X(y_0))^{\\varepsilon} \\, (1+g)^{y-y_0}

with ``X`` the named driver (empty: no driver term), ``ε`` the elasticity and ``g`` the yearly
intensity change. Rows of ``demand.csv`` win over the projection for the same (year, output).
An output that some technology makes and no file gives has demand 0 (an intermediate).

Sectors not optimised
---------------------
``other_sectors.csv`` (``sector, driver, elasticity, intensity_change_per_yr``, optional
``energy_tce`` and ``base_co2_t``):

.. math:: CO2(s,y) = CO2_{inv}(s, y_0) \\, (X(y)/X(y_0))^{\\varepsilon} \\, (1+g)^{y-y_0}

``CO2_inv`` is the base-year inventory's CO2 of the sector (``base_co2_t`` replaces it, so a
scenario can have exogenous sectors without an inventory). Energy follows the same path from
``energy_tce`` or, without it, from the inventory's ``energy_gj`` / 29.3076. Sectors of the
inventory without a row stay flat. Sectors with technologies are optimised, so their inventory
CO2 is replaced by the model's.

Inventory
---------
``carbon.inventory.inventory_from_files([path])``: CO2 rows only; scope-2 rows (purchased
electricity and heat) belong to ``power``; the others to their ``sector`` column. The base year's
rows are used (or the only year the inventory has).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError, ScenarioError
from carbon.scenarios.data import check_sector, no_duplicates, number, read, years_column
from carbon.scenarios.ghg import pathway_co2_rows
from carbon.scenarios.paths_by_year import interpolate, interpolate_covering
from carbon.scenarios.schema import SECTORS, Scenario
from carbon.tables import PROVENANCE_COLUMNS, sheet_row

GJ_PER_TCE = 29.3076


def read_drivers(path: Path | None, years: list[int]) -> pd.DataFrame | None:
    """Drivers over the horizon, indexed by year (None without a drivers file)."""
    if path is None:
        return None
    frame = read(path, ["year"])
    data = pd.DataFrame({"year": years_column(frame, path)})
    for col in frame.columns:
        if col != "year" and col not in PROVENANCE_COLUMNS:
            data[col] = number(frame, col, path, minimum=0)
    no_duplicates(data, ["year"], path)
    return interpolate_covering(data, years, path)


def growth_factor(drivers: pd.DataFrame | None, driver: str, elasticity: float, change: float,
                  years: list[int], file: Path, row: int) -> np.ndarray:
    """(X(y)/X(y0))^ε · (1+g)^(y−y0) over the horizon."""
    t = np.arange(len(years), dtype=float)
    out = (1.0 + change) ** t
    if driver:
        if drivers is None or driver not in drivers:
            have = ", ".join(c for c in (drivers.columns if drivers is not None else []))
            raise DataError(f"driver '{driver}' is not a column of the drivers file"
                            f" (it has: {have or 'no drivers file'})", file=file, row=row,
                            column="driver")
        x = drivers[driver].to_numpy(dtype=float)
        if x[0] <= 0:
            raise DataError(f"driver '{driver}' is {x[0]:g} in the base year; a projection needs "
                            f"a positive base", file=file, row=row, column="driver")
        out = out * (x / x[0]) ** elasticity
    return out


def read_demand(scenario: Scenario, drivers: pd.DataFrame | None, produced: set[str],
                years: list[int]) -> pd.DataFrame:
    """Final demand, output × year, from the direct and projected files.

    A ``sector`` column in ``demand_projection`` splits an output's demand by using sector
    (several rows per output, one per sector; the output's demand is their sum): the split is
    in ``demand.attrs["by_sector"]`` ((output, sector) × year), which the end-use view of
    emissions reads. An empty sector cell is demand with no using sector named. The optional
    ``unit`` column gives the output's unit (``demand.attrs["units"]``).
    """
    demand = pd.DataFrame(0.0, index=pd.Index(sorted(produced), name="output"), columns=years)
    split: dict[tuple[str, str], np.ndarray] = {}
    units: dict[str, str] = {}
    path = scenario.demand_projection
    if path is not None:
        frame = read(path, ["output", "base_demand", "driver", "elasticity",
                            "intensity_change_per_yr"])
        has_sector = "sector" in frame
        if has_sector:
            check_sector(frame, path, set(SECTORS) | {""})
        no_duplicates(frame, ["output", "sector"] if has_sector else ["output"], path)
        base = number(frame, "base_demand", path, minimum=0)
        el = number(frame, "elasticity", path, allow_empty=True).fillna(1.0)
        ch = number(frame, "intensity_change_per_yr", path, allow_empty=True).fillna(0.0)
        for pos, out in enumerate(frame["output"]):
            _check_output(out, produced, path, pos)
            path_y = base.iloc[pos] * growth_factor(
                drivers, frame["driver"].iloc[pos], el.iloc[pos], ch.iloc[pos], years, path,
                sheet_row(pos))
            demand.loc[out] += np.asarray(path_y, dtype=float)
            if "unit" in frame and frame["unit"].iloc[pos]:
                units[out] = frame["unit"].iloc[pos]
            if has_sector and frame["sector"].iloc[pos]:
                key = (out, frame["sector"].iloc[pos])
                split[key] = split.get(key, 0.0) + np.asarray(path_y, dtype=float)
    path = scenario.demand
    if path is not None:
        frame = read(path, ["year", "output", "demand"], allow_empty=True)
        if frame.empty and scenario.demand_projection is None:
            raise DataError("no data rows below the header: the scenario has no demand to meet",
                            file=path)
        if not frame.empty:
            long = pd.DataFrame({"year": years_column(frame, path, scenario),
                                 "output": frame["output"],
                                 "demand": number(frame, "demand", path, minimum=0)})
            no_duplicates(long, ["year", "output"], path)
            for pos, out in enumerate(long["output"]):
                _check_output(out, produced, path, pos)
            projected = set(demand.index[demand.abs().sum(axis=1) > 0]) if \
                scenario.demand_projection is not None else set()
            direct = interpolate(long, "output", "demand", years)
            for out in direct.index:
                if out in projected:       # the direct rows win only for the years they list
                    for y, d in zip(long.loc[long["output"] == out, "year"],
                                    long.loc[long["output"] == out, "demand"], strict=True):
                        demand.at[out, int(y)] = float(d)
                else:
                    demand.loc[out] = direct.loc[out].to_numpy()
    by_sector = pd.DataFrame(split, index=years).T if split else pd.DataFrame(columns=years)
    # direct rows that override a projected output rescale its split to the new total
    for out in {o for o, _ in split}:
        projected_total = sum(v for (o, _), v in split.items() if o == out)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(projected_total > 0, demand.loc[out].to_numpy() / projected_total, 0)
        for key in [k for k in split if k[0] == out]:
            by_sector.loc[key] = by_sector.loc[key].to_numpy() * ratio
    demand.attrs["by_sector"] = by_sector
    demand.attrs["units"] = units
    return demand


def _check_output(out: str, produced: set[str], path: Path, pos: int) -> None:
    if out not in produced:
        raise DataError(f"no technology produces output '{out}'", file=path,
                        row=sheet_row(pos), column="output")


def read_inventory(scenario: Scenario) -> pd.DataFrame | None:
    """Base-year CO2 and energy by sector from the inventory: ``sector, co2_t, energy_tce,
    coal_tce`` (coal: the energy of the coal and coke rows, scope 1)."""
    if scenario.inventory is None:
        return None
    import carbon.inventory as inventory  # late: the inventory package is optional here

    fn = getattr(inventory, "inventory_from_files", None)
    if fn is None:
        raise ScenarioError(f"{scenario.source.name}: key 'inventory': this version of carbon "
                            f"cannot compile an inventory (carbon.inventory.inventory_from_files)")
    inv = fn(scenario.inventory_files, region=None)
    inv = inv.assign(emissions_t=inv["emissions_t"].where(pathway_co2_rows(inv), 0.0))  # ghg.py
    yrs = pd.to_numeric(inv["year"], errors="coerce")
    if (yrs == scenario.base_year).any():
        inv = inv[(yrs == scenario.base_year).to_numpy()]
    elif yrs.nunique() > 1 or inv.empty:
        raise DataError(f"the inventory has no CO2 rows for the base year {scenario.base_year}",
                        file=scenario.inventory_files[0])
    scope = pd.to_numeric(inv["scope"], errors="coerce")
    sector = inv["sector"].astype(str).where(scope != 2, "power")
    bad = ~sector.isin(SECTORS)
    if bad.any():
        raise DataError(f"inventory row with sector '{sector[bad].iloc[0]}', expected one of "
                        f"{', '.join(SECTORS)}", file=scenario.inventory_files[0])
    energy = (pd.to_numeric(inv["energy_gj"], errors="coerce").fillna(0.0)
              if "energy_gj" in inv else pd.Series(0.0, index=inv.index))
    coal = inv["activity"].astype(str).map(is_coal).to_numpy() & (scope != 2).to_numpy()
    frame = pd.DataFrame({"sector": sector.to_numpy(),
                          "co2_t": pd.to_numeric(inv["emissions_t"], errors="coerce")
                          .fillna(0.0).to_numpy(),
                          "energy_tce": energy.to_numpy() / GJ_PER_TCE,
                          "coal_tce": np.where(coal, energy.to_numpy() / GJ_PER_TCE, 0.0)})
    return frame.groupby("sector", sort=False).sum()


def is_coal(fuel: str) -> bool:
    """Coal and coal products (raw coal, washed coal, coke, coke-oven gas…) by name."""
    name = fuel.lower()
    return "coal" in name or "coke" in name or "煤" in name or "焦" in name


def exogenous_paths(scenario: Scenario, drivers: pd.DataFrame | None,
                    inventory: pd.DataFrame | None, modelled: set[str],
                    years: list[int]) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """CO2 per exogenous sector (sector × year) [t], their energy and their coal per year
    [tce] (coal follows each sector's energy path)."""
    base_co2: dict[str, float] = {}
    base_energy: dict[str, float] = {}
    coal_share: dict[str, float] = {}
    if inventory is not None:
        for s, row in inventory.iterrows():
            if s not in modelled:
                base_co2[s] = float(row["co2_t"])
                base_energy[s] = float(row["energy_tce"])
                coal_share[s] = (float(row["coal_tce"]) / float(row["energy_tce"])
                                 if float(row["energy_tce"]) > 0 else 0.0)
    factors: dict[str, np.ndarray] = {}
    path = scenario.other_sectors
    if path is not None:
        frame = read(path, ["sector", "driver", "elasticity", "intensity_change_per_yr"])
        check_sector(frame, path, set(SECTORS))
        no_duplicates(frame, ["sector"], path)
        el = number(frame, "elasticity", path, allow_empty=True).fillna(1.0)
        ch = number(frame, "intensity_change_per_yr", path, allow_empty=True).fillna(0.0)
        co2 = (number(frame, "base_co2_t", path, allow_empty=True) if "base_co2_t" in frame
               else pd.Series(np.nan, index=frame.index))
        en = (number(frame, "energy_tce", path, minimum=0, allow_empty=True)
              if "energy_tce" in frame else pd.Series(np.nan, index=frame.index))
        for pos, s in enumerate(frame["sector"]):
            if s in modelled:
                raise DataError(f"sector '{s}' has technologies, so the model optimises it; "
                                f"remove its row", file=path, row=sheet_row(pos), column="sector")
            if not np.isnan(co2.iloc[pos]):
                base_co2[s] = float(co2.iloc[pos])
            elif s not in base_co2:
                raise DataError(f"sector '{s}' has no base-year CO2: give base_co2_t or an "
                                f"inventory that has the sector", file=path, row=sheet_row(pos),
                                column="sector")
            if not np.isnan(en.iloc[pos]):
                base_energy[s] = float(en.iloc[pos])
            factors[s] = growth_factor(drivers, frame["driver"].iloc[pos], el.iloc[pos],
                                       ch.iloc[pos], years, path, sheet_row(pos))
    ones = np.ones(len(years))
    co2_paths = pd.DataFrame({s: base_co2[s] * factors.get(s, ones) for s in base_co2},
                             index=years).T
    co2_paths = co2_paths.reindex(columns=years)
    energy = sum((base_energy.get(s, 0.0) * factors.get(s, ones) for s in base_co2),
                 np.zeros(len(years)))
    coal = sum((base_energy.get(s, 0.0) * coal_share.get(s, 0.0) * factors.get(s, ones)
                for s in base_co2), np.zeros(len(years)))
    return co2_paths, pd.Series(energy, index=years), pd.Series(coal, index=years)
