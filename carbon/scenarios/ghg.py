"""All greenhouse gases along a pathway (``ghg.csv``), and what the pathway total counts.

The pathway model counts the CO2 that the peaking targets cover: energy (scope 1 and purchased
electricity) and industrial processes, IPCC categories 1 and 2 (:func:`pathway_co2_rows`). Land
(3.B) and agricultural CO2 (urea, liming: 3.C) never enter its total, peak rules, caps or
intensity paths.

``ghg.csv`` (``year, sector, gas, emissions_t, co2e_t``) shows the pathway in CO2e beside it, under
the scenario's ``gwp`` set (default AR5):

* the model's CO2 by sector (``emissions.csv``);
* every other row of the base-year inventory (non-CO2 gases of every category, the CO2 of
  categories 3 and 4), carried forward from the base year y0:

  - a modelled sector's rows (the sector has technologies) scale with its fuel use:
    ``E(y) = E(y0) · U_{s,f}(y) / U_{s,f}(y0)`` with ``U_{s,f}`` the sector's use of the row's fuel
    ``f`` (its ``activity``), or the sector's fuel energy in tce where the model does not burn
    that fuel in the base year;
  - another sector's rows follow the growth of its ``other_sectors`` row,
    ``(X(y)/X(y0))^ε · (1+g)^(y−y0)``, the path its CO2 follows; a sector without a row stays
    flat (a sector with no pathway CO2, such as waste, may have a row for its other gases);
  - the land sink (sector ``land``, 3.B) stays at its base-year level unless an
    ``other_sectors`` row for ``land`` gives it a path (e.g. ``intensity_change_per_yr`` −0.02).

Without an inventory, ``ghg.csv`` holds the model's CO2 only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import DataError, ScenarioError

GHG_COLUMNS = ["year", "sector", "gas", "emissions_t", "co2e_t"]
#: IPCC category roots whose CO2 the pathway model counts (energy; industrial processes)
PATHWAY_CATEGORY_ROOTS = ("1", "2")


def pathway_co2_rows(inventory: pd.DataFrame) -> pd.Series:
    """Rows of an inventory whose CO2 the pathway total counts: CO2 of categories 1 and 2."""
    root = inventory["category"].astype(str).str.split(".").str[0]
    return (inventory["gas"].astype(str) == "CO2") & root.isin(PATHWAY_CATEGORY_ROOTS)


def _sector_fuel_use(inputs, activity: pd.DataFrame) -> dict[tuple[str, str], np.ndarray]:
    """Fuel use by (sector, fuel) per model year [fuel unit], from activity × input_per_output."""
    years = inputs.years
    act = activity.pivot_table(index="technology", columns="year", values="activity",
                               aggfunc="sum").reindex(index=list(inputs.techs.index),
                                                      columns=years).fillna(0.0).to_numpy()
    ratio = inputs.params["input_per_output"].loc[list(inputs.techs.index)].to_numpy(dtype=float)
    use: dict[tuple[str, str], np.ndarray] = {}
    for i, (sector, fuel) in enumerate(zip(inputs.techs["sector"], inputs.techs["input"],
                                           strict=True)):
        if fuel:
            key = (sector, fuel)
            use[key] = use.get(key, np.zeros(len(years))) + ratio[i] * act[i]
    return use


def _growth(base: float | np.ndarray, path: np.ndarray) -> np.ndarray | None:
    return path / base if np.all(np.asarray(base) > 0) else None


def driver_growth(inputs) -> dict[str, np.ndarray]:
    """The growth of each ``other_sectors`` row over the horizon (the path its CO2 follows)."""
    from carbon.scenarios.data import number, read
    from carbon.scenarios.projections import growth_factor
    from carbon.tables import sheet_row

    path = inputs.scenario.other_sectors
    if path is None:
        return {}
    frame = read(path, ["sector", "driver", "elasticity", "intensity_change_per_yr"])
    elasticity = number(frame, "elasticity", path, allow_empty=True).fillna(1.0)
    change = number(frame, "intensity_change_per_yr", path, allow_empty=True).fillna(0.0)
    return {sector: growth_factor(inputs.drivers, frame["driver"].iloc[i], elasticity.iloc[i],
                                  change.iloc[i], inputs.years, path, sheet_row(i))
            for i, sector in enumerate(frame["sector"])}


def carried_rows(inventory: pd.DataFrame, inputs, activity: pd.DataFrame) -> pd.DataFrame:
    """The base-year inventory rows outside the model, carried over the horizon (module doc)."""
    years = np.asarray(inputs.years)
    rows = inventory[~pathway_co2_rows(inventory) & (inventory["scope"] != 2)]
    if rows.empty:
        return pd.DataFrame(columns=GHG_COLUMNS)
    use = _sector_fuel_use(inputs, activity)
    tce = inputs.fuels.tce_per_unit
    energy: dict[str, np.ndarray] = {}
    for (sector, fuel), values in use.items():
        energy[sector] = energy.get(sector, 0.0) + values * float(tce.get(fuel, 0.0))
    growth = driver_growth(inputs)
    modelled = set(inputs.techs["sector"])
    flat = np.ones(len(years))
    frames = []
    for (sector, activity_key), group in rows.groupby(["sector", "activity"], sort=True):
        factor: np.ndarray | None = None
        if sector in modelled:
            fuel_use = use.get((sector, activity_key))
            factor = _growth(fuel_use[0], fuel_use) if fuel_use is not None else None
            if factor is None and sector in energy:
                factor = _growth(energy[sector][0], energy[sector])
        else:
            factor = growth.get(sector)
        factor = flat if factor is None else factor
        by_gas = group.groupby("gas")[["emissions_t", "co2e_t"]].sum()
        for gas, values in by_gas.iterrows():
            frames.append(pd.DataFrame({"year": years, "sector": sector, "gas": gas,
                                        "emissions_t": values["emissions_t"] * factor,
                                        "co2e_t": values["co2e_t"] * factor}))
    return pd.concat(frames, ignore_index=True)


def base_inventory(inputs) -> pd.DataFrame | None:
    """The scenario's inventory in its base year, CO2e under the scenario's ``gwp`` set."""
    scenario = inputs.scenario
    if scenario.inventory is None:
        return None
    from carbon.inventory import inventory_from_files

    inventory = inventory_from_files(scenario.inventory_files, region=None,
                                     gwp=getattr(scenario, "gwp", "AR5"))
    in_base = inventory["year"] == scenario.base_year
    return inventory[in_base] if in_base.any() else inventory


def ghg_frame(results: dict[str, Any], inputs) -> pd.DataFrame:
    """``ghg.csv``: the model's CO2 by sector plus the inventory's other rows carried forward."""
    emissions = results["emissions"]
    co2 = emissions.groupby(["year", "sector"], sort=True)["co2_t"].sum().reset_index()
    frames = [pd.DataFrame({"year": co2["year"], "sector": co2["sector"], "gas": "CO2",
                            "emissions_t": co2["co2_t"], "co2e_t": co2["co2_t"]})]
    inventory = base_inventory(inputs)
    if inventory is not None:
        frames.append(carried_rows(inventory, inputs, results["activity"]))
    ghg = pd.concat(frames, ignore_index=True)
    ghg = ghg.groupby(["year", "sector", "gas"], sort=True)[["emissions_t", "co2e_t"]].sum()
    return ghg.reset_index()[GHG_COLUMNS]


def read_intensity(path: Path | None, scenario, drivers: pd.DataFrame | None,
                   inventory: pd.DataFrame | None) -> pd.Series:
    """The intensity path [t CO2 per 10^4 yuan] by year, from ``t_per_10k_yuan`` or from
    ``change_vs_base`` (e.g. −0.18 for 18 % below the base year):
    ``ι_y = (1 + change_y) · CO2_inv(y0) / GDP(y0)``, with the inventory's pathway CO2 (energy
    and industrial processes), so that widening the inventory cannot loosen the target.
    """
    from carbon.scenarios.data import no_duplicates, number, read, read_year_values, years_column

    if path is None:
        return pd.Series(dtype=float)
    frame = read(path, ["year"])
    if "change_vs_base" not in frame.columns:
        return read_year_values(path, "t_per_10k_yuan", scenario)
    if "t_per_10k_yuan" in frame.columns:
        raise DataError("give t_per_10k_yuan or change_vs_base, not both", file=path, row=1,
                        column="change_vs_base")
    if inventory is None:
        raise ScenarioError(f"{scenario.source.name}: key 'policy.intensity': change_vs_base "
                            "needs the base-year inventory (key 'inventory')")
    if drivers is None or "gdp_10k_yuan" not in drivers:
        raise ScenarioError(f"{scenario.source.name}: key 'policy.intensity' needs drivers "
                            "with a 'gdp_10k_yuan' column")
    change = number(frame, "change_vs_base", path, minimum=-1)
    out = pd.DataFrame({"year": years_column(frame, path, scenario), "v": change})
    no_duplicates(out, ["year"], path)
    base = float(inventory["co2_t"].sum()) / float(drivers.at[scenario.base_year, "gdp_10k_yuan"])
    return pd.Series((1 + out["v"].to_numpy()) * base, index=out["year"].to_numpy(),
                     name="t_per_10k_yuan")
