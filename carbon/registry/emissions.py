"""Emissions of enterprise reports, computed by the inventory engine.

The same factors, units and errors as ``carbon inventory``: the activity rows of all reports are
validated by :func:`carbon.inventory.validate_activity` (when read) and priced by
:func:`carbon.inventory.compile_inventory`. Emissions are linear in the amount (IPCC 2006 Vol. 2
Ch. 2 Eq. 2.1), so each distinct (year, category, activity, unit) is compiled once for an amount
of 1 and every row is its amount times that coefficient:

    E_gas,r [t] = Σ_rows amount × (t of gas per unit)        (per report r)

Each compile call gets one unit, because the inventory's output rows are summed over units.
"""

from __future__ import annotations

import pandas as pd

from carbon.inventory import compile_inventory
from carbon.units import conversion_factor

KEYS = ["year", "category", "activity", "unit"]
GJ_PER_TCE = 29.3076  # GB/T 2589-2020: 1 kgce = 29.3076 MJ


def coefficients(activity: pd.DataFrame, factors: pd.DataFrame, *, gwp: str,
                 region: str) -> pd.DataFrame:
    """Per unit of each distinct (year, category, activity, unit): one row per gas with
    ``scope, t_per_unit, co2e_t_per_unit, factor_ids`` and ``gj_per_unit`` (first gas only)."""
    distinct = activity.drop_duplicates(KEYS).assign(amount=1.0)
    parts = []
    for unit, group in distinct.groupby("unit", sort=False):
        table = compile_inventory(group, factors, gwp=gwp, region=region)
        table = table.assign(unit=unit)
        parts.append(table)
    table = pd.concat(parts, ignore_index=True)
    return table.rename(columns={"emissions_t": "t_per_unit", "co2e_t": "co2e_t_per_unit",
                                 "energy_gj": "gj_per_unit"})[
        KEYS + ["gas", "scope", "t_per_unit", "co2e_t_per_unit", "factor_ids", "gj_per_unit"]]


def report_emissions(activity: pd.DataFrame, factors: pd.DataFrame, *, gwp: str,
                     region: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Emissions of reports whose activity rows carry a ``report`` key.

    Returns (emissions per report, category, activity, gas, scope with ``emissions_t, co2e_t,
    factor_ids``) and (totals per report: ``energy_gj, electricity_purchased_mwh, co2_t,
    co2e_t, scope1_co2e_t, scope2_co2e_t``).
    """
    coeff = coefficients(activity, factors, gwp=gwp, region=region)
    rows = activity[["report"] + KEYS + ["amount"]].merge(coeff, on=KEYS, how="inner")
    rows["emissions_t"] = rows["amount"] * rows["t_per_unit"]
    rows["co2e_t"] = rows["amount"] * rows["co2e_t_per_unit"]
    rows["energy_gj"] = rows["amount"] * rows["gj_per_unit"].fillna(0.0)
    by_gas = rows.groupby(["report", "category", "activity", "gas", "scope"], sort=False).agg(
        emissions_t=("emissions_t", "sum"), co2e_t=("co2e_t", "sum"),
        factor_ids=("factor_ids", "first")).reset_index()
    totals = pd.DataFrame({
        "energy_gj": rows.groupby("report")["energy_gj"].sum(),
        "co2_t": rows[rows["gas"] == "CO2"].groupby("report")["emissions_t"].sum(),
        "co2e_t": rows.groupby("report")["co2e_t"].sum(),
        "scope1_co2e_t": rows[rows["scope"] == 1].groupby("report")["co2e_t"].sum(),
        "scope2_co2e_t": rows[rows["scope"] == 2].groupby("report")["co2e_t"].sum(),
    })
    electricity = activity[activity["activity"] == "electricity_grid"]
    to_mwh = {u: conversion_factor(u, "MWh") for u in electricity["unit"].unique()}
    mwh = electricity["unit"].map(to_mwh) * electricity["amount"]
    totals["electricity_purchased_mwh"] = mwh.groupby(electricity["report"]).sum()
    reports = pd.Index(activity["report"].unique(), name="report")
    totals = totals.reindex(reports).fillna(0.0)
    return by_gas, totals.reset_index()
