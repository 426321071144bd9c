"""The enterprise registry: enterprises, power units and abatement-cost steps, read and checked.

Every table is read through :mod:`carbon.tables` (CSV in UTF-8/BOM/GB18030, or an XLSX sheet
named after the file's role: ``enterprises``, ``mac``, ``units``), and every problem is one line
naming the file, the spreadsheet row, the column, what was found and what was expected.

``enterprises`` (one row per enterprise and year; README "Allowance allocation" lists them):
``enterprise_id, name, sector, year, bau_emissions_t`` and, as the method needs,
``free_allocation_t, output, output_unit, product, national_ets, historical_emissions_t,
historical_output, mac_slope_yuan_per_t2, carbon_leakage_exposed, new_entrant``.
``bau_emissions_t`` may be left empty when the rules name ``activity`` files with an
``enterprise_id`` column: the emissions are then compiled by the inventory engine
(:func:`carbon.inventory.compile_inventory`, same factors, units and errors) as scope-1 CO2e.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError
from carbon.sectors import SECTORS
from carbon.tables import numeric_column, read_table, require_columns, sheet_row

ENTERPRISE_COLUMNS = ["enterprise_id", "name", "sector", "year", "bau_emissions_t"]
OPTIONAL_NUMBERS = ["free_allocation_t", "output", "historical_emissions_t", "historical_output",
                    "mac_slope_yuan_per_t2"]
OPTIONAL_FLAGS = ["national_ets", "carbon_leakage_exposed", "new_entrant"]
MAC_COLUMNS = ["enterprise_id", "step", "abatement_t", "cost_yuan_per_t"]
UNIT_COLUMNS = ["unit_id", "enterprise_id", "category", "heat_supply_gj", "heat_ratio",
                "cooling", "load_factor"]
TRUE = {"true", "yes", "1", "y", "是"}
FALSE = {"false", "no", "0", "n", "否", ""}


def _where(path: Path, sheet: str) -> str:
    return f"{path} [sheet {sheet}]" if Path(path).suffix.lower() in {".xlsx", ".xlsm"} \
        else str(path)


def _flag(frame: pd.DataFrame, column: str, where: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    text = frame[column].astype(str).str.strip().str.lower()
    bad = ~text.isin(TRUE | FALSE)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"found '{frame[column].iloc[pos]}', expected true or false", file=where,
                        row=sheet_row(pos), column=column)
    return text.isin(TRUE)


def _text(frame: pd.DataFrame, column: str, where: str) -> pd.Series:
    text = frame[column].astype(str).str.strip()
    empty = text.eq("")
    if empty.any():
        pos = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataError(f"empty cell, expected the {column.replace('_', ' ')}", file=where,
                        row=sheet_row(pos), column=column)
    return text


def read_enterprises(path: Path, *, emissions_from_activity: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """The enterprises table, typed and checked (one row per enterprise and year).

    ``emissions_from_activity`` (``enterprise_id, year, emissions_t``) fills empty
    ``bau_emissions_t`` cells; a row with neither is an error.
    """
    path = Path(path)
    where = _where(path, "enterprises")
    frame = read_table(path, sheet="enterprises")
    require_columns(frame, ENTERPRISE_COLUMNS, where)
    out = pd.DataFrame({"enterprise_id": _text(frame, "enterprise_id", where),
                        "name": frame["name"].astype(str).str.strip(),
                        "sector": _text(frame, "sector", where)})
    unknown = ~out["sector"].isin(SECTORS)
    if unknown.any():
        pos = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(f"found '{out['sector'].iloc[pos]}', expected a sector: "
                        f"{', '.join(SECTORS)}", file=where, row=sheet_row(pos), column="sector")
    out["year"] = numeric_column(frame, "year", where, integer=True).astype(int)
    out["row"] = [sheet_row(i) for i in range(len(frame))]
    dup = out.duplicated(["enterprise_id", "year"])
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero(((out["enterprise_id"] == out["enterprise_id"].iloc[pos])
                                    & (out["year"] == out["year"].iloc[pos])).to_numpy())[0])
        raise DataError(f"enterprise '{out['enterprise_id'].iloc[pos]}' appears twice for "
                        f"{out['year'].iloc[pos]} (first at row {sheet_row(first)}); expected "
                        "one row per enterprise and year", file=where, row=sheet_row(pos),
                        column="enterprise_id")
    bau = numeric_column(frame, "bau_emissions_t", where, minimum=0, allow_empty=True)
    if emissions_from_activity is not None and not emissions_from_activity.empty:
        computed = out.merge(emissions_from_activity, on=["enterprise_id", "year"],
                             how="left")["emissions_t"]
        both = bau.notna().to_numpy() & computed.notna().to_numpy()
        if both.any():
            pos = int(np.flatnonzero(both)[0])
            raise DataError("bau_emissions_t is given and the activity files also give this "
                            "enterprise's fuels for the year: expected one of the two",
                            file=where, row=sheet_row(pos), column="bau_emissions_t")
        bau = bau.fillna(pd.Series(computed.to_numpy(), index=bau.index))
    if bau.isna().any():
        pos = int(np.flatnonzero(bau.isna().to_numpy())[0])
        raise DataError("empty cell, expected the enterprise's BAU emissions in t (or its fuels "
                        "as activity rows with enterprise_id)", file=where, row=sheet_row(pos),
                        column="bau_emissions_t")
    out["bau_emissions_t"] = bau.astype(float)
    for column in OPTIONAL_NUMBERS:
        out[column] = (numeric_column(frame, column, where, minimum=0, allow_empty=True)
                       .astype(float) if column in frame.columns else np.nan)
    for column in OPTIONAL_FLAGS:
        out[column] = _flag(frame, column, where)
    for column in ("product", "output_unit"):
        out[column] = frame[column].astype(str).str.strip() if column in frame.columns else ""
    out.attrs["file"] = where
    return out


def read_mac(path: Path, enterprises: pd.DataFrame) -> pd.DataFrame:
    """Step curves: ``enterprise_id, step, abatement_t, cost_yuan_per_t`` (optional ``year``).

    Steps of one enterprise must not get cheaper as the step number rises (a marginal cost
    curve rises); total abatement may not exceed the enterprise's BAU emissions.
    """
    path = Path(path)
    where = _where(path, "mac")
    frame = read_table(path, sheet="mac")
    require_columns(frame, MAC_COLUMNS, where)
    out = pd.DataFrame({"enterprise_id": _text(frame, "enterprise_id", where)})
    out["step"] = numeric_column(frame, "step", where, integer=True).astype(int)
    out["abatement_t"] = numeric_column(frame, "abatement_t", where, minimum=0).astype(float)
    out["cost_yuan_per_t"] = numeric_column(frame, "cost_yuan_per_t", where).astype(float)
    out["year"] = (numeric_column(frame, "year", where, integer=True, allow_empty=True)
                   if "year" in frame.columns else pd.Series(np.nan, index=frame.index))
    out["row"] = [sheet_row(i) for i in range(len(frame))]
    known = set(enterprises["enterprise_id"])
    unknown = ~out["enterprise_id"].isin(known)
    if unknown.any():
        pos = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(f"enterprise '{out['enterprise_id'].iloc[pos]}' is not in the "
                        "enterprises table", file=where, row=sheet_row(pos),
                        column="enterprise_id")
    key = out["year"].fillna(-1)
    dup = pd.DataFrame({"e": out["enterprise_id"], "y": key, "s": out["step"]}).duplicated()
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError(f"step {out['step'].iloc[pos]} of '{out['enterprise_id'].iloc[pos]}' "
                        "appears twice", file=where, row=sheet_row(pos), column="step")
    ordered = out.assign(_y=key).sort_values(["enterprise_id", "_y", "step"], kind="stable")
    drop = ordered.groupby(["enterprise_id", "_y"])["cost_yuan_per_t"].diff() < 0
    if drop.any():
        bad = ordered[drop.to_numpy()].iloc[0]
        prev = ordered.loc[(ordered["enterprise_id"] == bad["enterprise_id"])
                           & (ordered["_y"] == bad["_y"]) & (ordered["step"] < bad["step"]),
                           "cost_yuan_per_t"].iloc[-1]
        raise DataError(f"step {bad['step']} of '{bad['enterprise_id']}' costs "
                        f"{bad['cost_yuan_per_t']:g} yuan/t, less than the step before it "
                        f"({prev:g}): expected costs that do not decrease with the step",
                        file=where, row=int(bad["row"]), column="cost_yuan_per_t")
    return out.drop(columns="row")


def read_units(path: Path, enterprises: pd.DataFrame) -> pd.DataFrame:
    """Power units: ``unit_id, enterprise_id, category, power_supply_mwh`` (or
    ``power_generation_mwh``), ``heat_supply_gj, heat_ratio, cooling, load_factor``; optional
    ``year`` (empty: every year)."""
    path = Path(path)
    where = _where(path, "units")
    frame = read_table(path, sheet="units")
    require_columns(frame, UNIT_COLUMNS, where)
    out = pd.DataFrame({"unit_id": _text(frame, "unit_id", where),
                        "enterprise_id": _text(frame, "enterprise_id", where),
                        "category": _text(frame, "category", where)})
    for column in ("power_supply_mwh", "power_generation_mwh"):
        out[column] = (numeric_column(frame, column, where, minimum=0, allow_empty=True)
                       .astype(float) if column in frame.columns else np.nan)
    out["heat_supply_gj"] = numeric_column(frame, "heat_supply_gj", where, minimum=0,
                                           allow_empty=True).fillna(0.0).astype(float)
    out["heat_ratio"] = numeric_column(frame, "heat_ratio", where, minimum=0,
                                       allow_empty=True).fillna(0.0).astype(float)
    out["load_factor"] = numeric_column(frame, "load_factor", where, minimum=0,
                                        allow_empty=True).fillna(1.0).astype(float)
    cooling = frame["cooling"].astype(str).str.strip().str.lower().replace("", "water")
    bad = ~cooling.isin(["water", "air"])
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"found '{frame['cooling'].iloc[pos]}', expected water or air",
                        file=where, row=sheet_row(pos), column="cooling")
    out["cooling"] = cooling
    out["year"] = (numeric_column(frame, "year", where, integer=True, allow_empty=True)
                   if "year" in frame.columns else pd.Series(np.nan, index=frame.index))
    out["row"] = [sheet_row(i) for i in range(len(frame))]
    unknown = ~out["enterprise_id"].isin(set(enterprises["enterprise_id"]))
    if unknown.any():
        pos = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(f"enterprise '{out['enterprise_id'].iloc[pos]}' is not in the "
                        "enterprises table", file=where, row=sheet_row(pos),
                        column="enterprise_id")
    out.attrs["file"] = where
    return out


def emissions_from_activity(files: list[Path], *, scopes: tuple[int, ...] = (1,)
                            ) -> pd.DataFrame:
    """Each enterprise's emissions per year from activity rows (``enterprise_id`` column),
    compiled by the inventory engine: the sum of ``co2e_t`` (AR5) over ``scopes``.

    Returns ``enterprise_id, year, emissions_t``.
    """
    from carbon.inventory import compile_inventory, load_factors, read_activity

    factors = load_factors()
    activity = read_activity(files, known_activities=factors["activity"].unique())
    if "enterprise_id" not in activity.columns:
        raise DataError("the activity file has no column 'enterprise_id': expected one to "
                        "attribute the rows to enterprises", file=files[0], row=1)
    ids = activity["enterprise_id"].astype(str).str.strip()
    empty = ids.eq("")
    if empty.any():
        first = activity[empty.to_numpy()].iloc[0]
        raise DataError("empty cell, expected an enterprise id", file=first["file"],
                        row=int(first["row"]), column="enterprise_id")
    # emissions are linear in the amount: compile one unit of each distinct (year, category,
    # activity, unit) — the first row that has it, so an error names that row — then scale
    keys = ["year", "category", "activity", "unit"]
    activity = activity.assign(enterprise_id=ids)
    for _, combos in activity.drop_duplicates(keys).groupby("unit", sort=False):
        per_unit = combos.assign(amount=1.0)
        inv = compile_inventory(per_unit, factors)
        inv = inv[inv["scope"].isin(scopes)]
        coef = inv.groupby(["year", "category", "activity"])["co2e_t"].sum()
        mask = activity["unit"].eq(combos["unit"].iloc[0]).to_numpy()
        index = pd.MultiIndex.from_frame(activity.loc[mask, ["year", "category", "activity"]])
        activity.loc[mask, "emissions_t"] = (activity.loc[mask, "amount"].to_numpy()
                                             * coef.reindex(index).fillna(0.0).to_numpy())
    out = activity.groupby(["enterprise_id", "year"], sort=True)["emissions_t"].sum()
    return out.reset_index()
