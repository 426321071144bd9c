"""Allocation methods as plain functions over the enterprise frame (one row per enterprise-year).

Each method returns the method's amount in t per row; :func:`share_out` then fits the amounts to
a cap (free pool = cap × (1 − auction share − new-entrant reserve share)) when a cap is given.

* ``given``: ``free_allocation_t`` of the enterprises table.
* ``grandfathering``: ``historical_emissions_t × (1 − decline)^(year − base_year)``
  (Hubei/Guangdong "historical emissions" method; allocation_rules.md §3).
* ``intensity``: ``output × historical_emissions_t / historical_output × (1 − decline)^(year −
  base_year)`` (Guangdong/Shenzhen "historical intensity"; §3).
* ``benchmark``: power units by the national plan (§1.2): ``B_power × power × F_cool × F_heat ×
  F_load + B_heat × heat``; other enterprises ``output × B_product × F`` with, for an EU-type
  regime, ``F = carbon-leakage exposure factor × cross-sectoral correction`` (§4) and for a
  Chinese industry regime the regime's ``adjustment``.
* ``verified``: the year's verified (BAU) emissions (national industry plan 2024, §2); a
  regime's ``verified_years`` makes ``benchmark`` do the same in those years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.allocation.regimes import Regime
from carbon.errors import DataError, ScenarioError

COAL_CATEGORIES = ("I", "II", "III")
GAS_CATEGORIES = ("IV",)


def given(firms: pd.DataFrame) -> pd.Series:
    missing = firms["free_allocation_t"].isna()
    if missing.any():
        row = firms[missing.to_numpy()].iloc[0]
        raise DataError("empty cell, expected the free allocation in t (method 'given')",
                        file=firms.attrs.get("file"), row=int(row["row"]),
                        column="free_allocation_t")
    return firms["free_allocation_t"].astype(float)


def _decline(firms: pd.DataFrame, decline: float, base_year: int | None) -> np.ndarray:
    base = firms["year"].min() if base_year is None else base_year
    return (1.0 - decline) ** (firms["year"].to_numpy() - base)


def _need(firms: pd.DataFrame, column: str, method: str) -> pd.Series:
    missing = firms[column].isna()
    if missing.any():
        row = firms[missing.to_numpy()].iloc[0]
        raise DataError(f"empty cell, expected a number (method '{method}' needs {column})",
                        file=firms.attrs.get("file"), row=int(row["row"]), column=column)
    return firms[column].astype(float)


def grandfathering(firms: pd.DataFrame, *, decline: float = 0.0,
                   base_year: int | None = None) -> pd.Series:
    hist = _need(firms, "historical_emissions_t", "grandfathering")
    return hist * _decline(firms, decline, base_year)


def intensity(firms: pd.DataFrame, *, decline: float = 0.0,
              base_year: int | None = None) -> pd.Series:
    hist = _need(firms, "historical_emissions_t", "intensity")
    hist_out = _need(firms, "historical_output", "intensity")
    out = _need(firms, "output", "intensity")
    if (hist_out <= 0).any():
        row = firms[(hist_out <= 0).to_numpy()].iloc[0]
        raise DataError(f"found {float(row['historical_output']):g}, expected a historical "
                        "output > 0 (method 'intensity')",
                        file=firms.attrs.get("file"), row=int(row["row"]),
                        column="historical_output")
    return out * hist / hist_out * _decline(firms, decline, base_year)


def verified(firms: pd.DataFrame) -> pd.Series:
    return firms["bau_emissions_t"].astype(float)


def load_correction(load_factor: np.ndarray, regime: Regime) -> np.ndarray:
    """The load (output) factor correction of the regime's bands, as a function of F (0–1).

    Forms: constant ``a``; linear ``a + b × (x0 − 100 F)``; power ``a^(b − c F)`` (the 2019–2020
    plan's bands, allocation_rules.md §1.2).
    """
    f = np.asarray(load_factor, dtype=float)
    out = np.ones_like(f)
    for band in regime.load_band:
        inside = (f >= band.lower) & (f < band.upper)
        if band.form == "constant":
            value = np.full_like(f, band.a)
        elif band.form == "linear":
            value = band.a + band.b * (band.x0 - 100.0 * f)
        else:
            value = band.a ** (band.b - band.c * f)
        out = np.where(inside, value, out)
    return out


def power_units(units: pd.DataFrame, years: list[int], regime: Regime) -> pd.DataFrame:
    """Benchmark allocation per power unit and year (allocation_rules.md §1.2–1.4).

    ``allocation_t = B_power × E × F_cool × F_heat × F_load + B_heat × heat_supply_gj`` where
    ``E`` is ``power_supply_mwh`` (or ``power_generation_mwh`` where the regime's benchmark is per
    unit generated), ``F_cool`` the air-cooling factor (coal units), ``F_heat = 1 − k × heat_ratio``
    for CHP units (``k`` coal or gas; absent where the regime removed it), ``F_load`` the load
    bands (pure-condensing coal units, or every coal unit where the regime says so).
    ``pre_allocation_t = share × allocation_t`` (70% of base output × benchmark).
    """
    rows = []
    cats = regime.categories()
    basis = "power_generation_mwh" if regime.output_basis == "generation" else "power_supply_mwh"
    file = units.attrs.get("file")
    for unit in units.itertuples(index=False):
        b_power = regime.benchmark_value(unit.category, "power")
        if b_power is None:
            raise DataError(f"unit category '{unit.category}' has no benchmark in regime "
                            f"'{regime.name}' (its categories: {', '.join(cats)})", file=file,
                            row=int(unit.row), column="category")
        energy = getattr(unit, basis)
        if pd.isna(energy):
            raise DataError(f"empty cell, expected the unit's {basis} (regime '{regime.name}' "
                            f"allocates per MWh {regime.output_basis})", file=file,
                            row=int(unit.row), column=basis)
        coal = unit.category in COAL_CATEGORIES
        chp = unit.heat_supply_gj > 0
        f_cool = float(regime.value("cooling_correction_air", 1.0)) \
            if (coal and unit.cooling == "air") else 1.0
        k = regime.value("heat_correction_coal" if coal else "heat_correction_gas")
        f_heat = 1.0 - float(k) * unit.heat_ratio if (chp and k is not None) else 1.0
        scope = regime.value("load_correction_scope", "none")
        applies = coal and (scope == "all_coal" or (scope == "pure_condensing" and not chp))
        f_load = float(load_correction(np.array([unit.load_factor]), regime)[0]) \
            if applies else 1.0
        b_heat = regime.benchmark_value(unit.category, "heat") or 0.0
        if chp and b_heat == 0.0:
            raise DataError(f"unit category '{unit.category}' has no heat benchmark in regime "
                            f"'{regime.name}'", file=file, row=int(unit.row), column="category")
        alloc = b_power * energy * f_cool * f_heat * f_load + b_heat * unit.heat_supply_gj
        share = float(regime.value("pre_allocation_share", 1.0))
        for year in years:
            if not pd.isna(unit.year) and int(unit.year) != year:
                continue
            rows.append({"year": year, "enterprise_id": unit.enterprise_id,
                         "unit_id": unit.unit_id, "category": unit.category,
                         "output": energy, "heat_supply_gj": unit.heat_supply_gj,
                         "benchmark_t_per_unit": b_power, "heat_benchmark_t_per_gj": b_heat,
                         "cooling_factor": f_cool, "heat_factor": f_heat, "load_factor_correction":
                         f_load, "pre_allocation_t": share * alloc, "allocation_t": alloc})
    return pd.DataFrame(rows)


def product_benchmark(firms: pd.DataFrame, regime: Regime) -> pd.Series:
    """``output × B_product × F`` for enterprises without power units (§2 and §4).

    ``F`` = carbon-leakage exposure factor (exposed / other) × cross-sectoral correction where
    the regime gives them (EU), times the regime's ``adjustment`` (Chinese industry, default 1).
    """
    out = _need(firms, "output", "benchmark")
    values = []
    file = firms.attrs.get("file")
    for row in firms.itertuples(index=False):
        product = row.product or row.sector
        b = regime.benchmark_value(product, "output")
        if b is None:
            raise DataError(f"product '{product}' has no benchmark in regime '{regime.name}' "
                            f"(its products: {', '.join(regime.categories())})", file=file,
                            row=int(row.row), column="product")
        values.append(b)
    clef = np.where(firms["carbon_leakage_exposed"].to_numpy(),
                    float(regime.value("carbon_leakage_factor_exposed", 1.0)),
                    float(regime.value("carbon_leakage_factor_other", 1.0)))
    cscf = float(regime.value("cross_sectoral_correction", 1.0))
    adjust = float(regime.value("adjustment", 1.0))
    return out * np.asarray(values) * clef * cscf * adjust


def method_amounts(firms: pd.DataFrame, method: str, *, regime: Regime | None,
                   unit_alloc: pd.DataFrame | None, decline: float,
                   base_year: int | None) -> pd.Series:
    """The method's amount in t for each enterprise-year row of ``firms``."""
    if method == "given":
        return given(firms)
    if method == "grandfathering":
        return grandfathering(firms, decline=decline, base_year=base_year)
    if method == "intensity":
        return intensity(firms, decline=decline, base_year=base_year)
    if method == "verified":
        return verified(firms)
    if regime is None:
        raise ScenarioError("method 'benchmark' needs allocation.regime (the benchmarks)")
    amounts = pd.Series(np.nan, index=firms.index)
    verified_years = {int(y) for y in str(regime.value("verified_years", "")).split(",") if y}
    if verified_years:   # the plan allocates the year's verified emissions in these years
        in_years = firms["year"].isin(verified_years)
        amounts[in_years] = firms.loc[in_years, "bau_emissions_t"].astype(float)
    if unit_alloc is not None and not unit_alloc.empty:
        by_firm = unit_alloc.groupby(["enterprise_id", "year"])["allocation_t"].sum()
        keys = list(zip(firms["enterprise_id"], firms["year"], strict=True))
        amounts = amounts.fillna(pd.Series([by_firm.get(k, np.nan) for k in keys],
                                           index=firms.index))
    rest = amounts.isna()
    if rest.any():
        amounts[rest] = product_benchmark(firms[rest], regime)
    return amounts


def share_out(amounts: pd.Series, pool_t: float) -> pd.Series:
    """Scale the method's amounts so they sum to ``pool_t`` (a cap shared out by the method)."""
    total = float(amounts.sum())
    if total <= 0:
        raise ScenarioError("the method gives no enterprise any amount: the cap cannot be "
                            "shared out")
    return amounts * (pool_t / total)
