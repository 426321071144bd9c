"""Activity × emission factors → the city inventory by category, activity, gas and scope.

Equations (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1 and Ch. 3 Eq. 3.2.1; the provincial guideline's Tier 2
route for fuel CO2):

* fuel CO2 with a carbon content (Tier 2):
  ``E_CO2 [t] = amount × NCV × carbon_content × oxidation × 44/12`` (oxidation 1 when absent);
* otherwise ``E_gas [t] = amount × NCV × EF`` for an EF per unit of energy (kg/TJ), or
  ``E_gas [t] = amount × EF`` for an EF per unit of activity (t/MWh for grid electricity);
* an amount in an energy unit (GJ, TJ, tce, MWh) skips the calorific value.

Emissions are linear in the amount, so the rows are first summed by (year, category, activity,
unit) and each distinct combination is then multiplied by its coefficient, worked out once with
pint. Emissions stay per gas; CO2e is added at the output under the chosen GWP set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pint

from carbon.errors import DataError
from carbon.inventory import factors as lib
from carbon.inventory import gwp as gwp_sets
from carbon.inventory import methods, quality, uncertainty_columns, vocabulary
from carbon.units import dimension_name, parse_unit, ureg

CO2_PER_C = 44.0 / 12.0
TONNE = ureg.tonne
GJ = ureg.GJ
DEFAULT_REGION = "hunan"
DEFAULT_GWP = "AR5"
OUTPUT_COLUMNS = ["year", "category", "activity", "gas", "scope", "emissions_t", "co2e_t",
                  "factor_ids", "sector", "energy_gj", "factor_year", "factor_quality",
                  "ad_uncertainty_pct", "ef_uncertainty_pct"]
#: carried from the activity rows added up (activity.row_text), and the Chinese names;
#: a user's ``x_`` columns follow these in the output
TEXT_COLUMNS = ["activity_zh", "category_zh", "source", "note", "activity_quality"]


@dataclass
class Coefficient:
    """Tonnes of each gas per one unit of a record, with the factors that gave them."""

    t_per_unit: dict[str, float] = field(default_factory=dict)
    factor_ids: dict[str, list[str]] = field(default_factory=dict)
    factor_year: dict[str, int | None] = field(default_factory=dict)
    energy_gj_per_unit: float = float("nan")


class FitError(ValueError):
    """The unit of an amount does not fit what its factors need."""


def _as_mass(quantity: pint.Quantity) -> float | None:
    try:
        return float(quantity.to(TONNE).magnitude)
    except pint.errors.DimensionalityError:
        return None


def _as_energy(quantity: pint.Quantity) -> float | None:
    try:
        return float(quantity.to(GJ).magnitude)
    except pint.errors.DimensionalityError:
        return None


def coefficient(index: dict, gases: list[str], activity: str, unit: str, *, category: str,
                year: int, region: str | None) -> Coefficient:
    """Emissions per one ``unit`` of ``activity`` for each gas with a route (equations above)."""
    one = 1.0 * parse_unit(unit)
    pick = lambda gas, parameter: lib.select_factor(index, activity, gas, parameter,  # noqa: E731
                                                    category=category, year=year, region=region)
    result = Coefficient()
    energy = one if _as_energy(one) is not None else None
    ncv = pick("-", "ncv")
    if energy is None and ncv is not None:
        candidate = one * ncv.quantity
        if _as_energy(candidate) is not None:
            energy = candidate
        else:
            raise FitError(f"unit '{unit}' does not fit activity '{activity}': its calorific "
                           f"value ({ncv.factor_id}, {ncv.unit}) needs "
                           f"{dimension_name(1 / parse_unit(ncv.unit).units * ureg.GJ)} "
                           "or an energy (GJ, TJ, tce)")
    if energy is not None:
        result.energy_gj_per_unit = _as_energy(energy)  # type: ignore[assignment]
    for gas in gases:
        used: list[lib.Factor] = []
        carbon = pick("-", "carbon_content") if gas == "CO2" else None
        if carbon is not None:
            if energy is None:
                raise FitError(f"unit '{unit}' does not fit activity '{activity}': the carbon-"
                               "content route needs a calorific value or an amount in energy")
            oxidation = pick("-", "oxidation")
            mass = energy * carbon.quantity * (oxidation.value if oxidation else 1.0) * CO2_PER_C
            used += [f for f in (ncv if _as_energy(one) is None else None, carbon, oxidation) if f]
        else:
            ef = pick(gas, "ef")
            if ef is None:
                continue
            mass = one * ef.quantity
            if _as_mass(mass) is None:
                if energy is None:
                    raise FitError(f"unit '{unit}' does not fit activity '{activity}': its {gas} "
                                   f"factor ({ef.factor_id}) is in {ef.unit}, so the amount must "
                                   f"be {dimension_name(ureg.tonne / parse_unit(ef.unit))}")
                mass = energy * ef.quantity
                if ncv is not None and _as_energy(one) is None:
                    used.append(ncv)
            used.append(ef)
        tonnes = _as_mass(mass)
        if tonnes is None:
            raise FitError(f"the factors of activity '{activity}' for {gas} do not give a mass "
                           f"(got {mass.units}); check their units")
        result.t_per_unit[gas] = tonnes
        result.factor_ids[gas] = [f.factor_id for f in used]
        years = [f.year for f in used if f.year is not None]
        result.factor_year[gas] = max(years) if years else None
    return result


def compile_inventory(activity: pd.DataFrame, factors: pd.DataFrame, *, gwp: str = DEFAULT_GWP,
                      region: str | None = DEFAULT_REGION, years: Iterable[int] = (),
                      options: dict | None = None) -> pd.DataFrame:
    """The inventory: one row per (year, category, activity, gas, scope).

    ``activity`` is a validated frame (:func:`carbon.inventory.activity.read_activity`);
    ``factors`` the library (:func:`carbon.inventory.factors.load_factors`). Columns:
    ``year, category, activity, gas, scope, emissions_t`` (mass of the gas), ``co2e_t`` (under
    ``gwp``), ``factor_ids`` (``;``-separated), ``sector`` (of the category),
    ``energy_gj`` (energy of the activity, on its first gas row only, so that a sum over rows
    counts it once), ``factor_year`` (the year of a year-specific factor used, e.g. the grid
    factor's; empty otherwise) and ``factor_quality`` (the weakest quality label of the factors
    used, :func:`carbon.inventory.quality.weakest`), ``ad_uncertainty_pct`` (of the activity
    amounts, from their ``uncertainty_pct``) and ``ef_uncertainty_pct`` (the factors'
    ``uncertainty_pct`` combined in quadrature), both 95 % half-widths in percent
    (:mod:`carbon.inventory.uncertainty_columns`; method rows: :func:`_method_uncertainty`), then
    the activity rows' text (:data:`TEXT_COLUMNS`) and the user's ``x_`` columns.

    Rows of methods that are more than one multiplication (cement with kiln dust, refrigerant
    banks, manure by management system, rice by the IPCC daily method, managed soils, forest,
    First Order Decay, incineration, wastewater) are computed by :mod:`carbon.inventory.methods`;
    ``years`` extends the First Order Decay series to later years and ``options`` holds the
    method choices (:data:`carbon.inventory.methods.OPTIONS`).
    """
    regions = set(lib.known_regions()) | set(factors["region"]) - {""}
    if region and region not in regions:
        hint = vocabulary.nearest(region, sorted(regions))
        raise DataError(f"unknown region '{region}': expected one of {', '.join(sorted(regions))}"
                        f"{' (nearest: ' + hint[0] + ')' if hint else ''}")
    options = methods.resolve_options({**(options or {}), "gwp": gwp})
    ef_rows, routes = methods.split(activity, options)
    by_method = methods.compile_methods(activity, routes, factors, region=region, years=years,
                                        options=options)
    if len(by_method):
        by_method = _method_uncertainty(by_method, activity.loc[routes.index], factors)
    out = _ef_route(ef_rows, factors, region) if len(ef_rows) else None
    out = by_method if out is None else \
        pd.concat([out, by_method], ignore_index=True) if len(by_method) else out
    out["scope"] = out["scope"].astype(int)
    out["co2e_t"] = out["emissions_t"] * gwp_sets.gwp_values(out, gwp)
    out["sector"] = out["category"].map(vocabulary.sector_by_category())
    out["factor_year"] = out["factor_year"].astype("Int64")
    quality_by_id = dict(zip(factors["factor_id"], factors["quality"], strict=True))
    out["factor_quality"] = quality.factor_quality(out["factor_ids"], quality_by_id)
    out = out.sort_values(["year", "category", "activity", "gas", "scope"], ignore_index=True)
    return _with_text(out, activity)


def _method_uncertainty(rows: pd.DataFrame, activity: pd.DataFrame,
                        factors: pd.DataFrame) -> pd.DataFrame:
    """The uncertainty columns of method rows (IPCC 2006 Vol. 1 Ch. 3, Approach 1).

    ``ad_uncertainty_pct``: of the activity rows behind the same (year, category, activity), by
    Eq. 3.2 (empty for the later years a deposition history gives, which have no activity row);
    ``ef_uncertainty_pct``: the ``uncertainty_pct`` of every parameter the method used, in
    quadrature (Eq. 3.1) — a first-order treatment of methods that are products of their
    parameters, and an approximation for sums such as the First Order Decay.
    """
    keys = ["year", "category", "activity"]
    ad = uncertainty_columns.sum_activity(activity, keys)[keys + ["ad_uncertainty_pct"]]
    out = rows.drop(columns=["ad_uncertainty_pct", "ef_uncertainty_pct"], errors="ignore")
    out = out.merge(ad, on=keys, how="left")
    out["ef_uncertainty_pct"] = uncertainty_columns.factor_uncertainty(out["factor_ids"], factors)
    return out


def _ef_route(activity: pd.DataFrame, factors: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Rows of one multiplication (or the fuel Tier 2 route): the coefficient per unit × amount."""
    index = lib.index_factors(factors)
    gases_of = lib.activity_gases(factors)
    keys = ["year", "category", "activity", "unit"]
    grouped = uncertainty_columns.sum_activity(activity, keys)
    records = []
    for combo in grouped[keys].itertuples(index=False):
        gases = gases_of.get(combo.activity, [])
        try:
            coeff = coefficient(index, gases, combo.activity, combo.unit,
                                category=combo.category, year=int(combo.year), region=region)
        except FitError as exc:
            raise _row_error(activity, combo, str(exc), "unit") from None
        if not coeff.t_per_unit:
            raise _row_error(activity, combo, f"no emission factor for activity "
                             f"'{combo.activity}' in category {combo.category} (region "
                             f"{region or 'any'}): add one with --factors", "activity")
        first = True
        for gas, t_per_unit in coeff.t_per_unit.items():
            records.append((combo.year, combo.category, combo.activity, combo.unit, gas,
                            t_per_unit, ";".join(coeff.factor_ids[gas]),
                            coeff.factor_year[gas],
                            coeff.energy_gj_per_unit if first else np.nan))
            first = False
    table = pd.DataFrame(records, columns=keys + ["gas", "t_per_unit", "factor_ids",
                                                  "factor_year", "gj_per_unit"])
    merged = grouped.merge(table, on=keys, how="inner")
    merged["emissions_t"] = merged["amount"] * merged["t_per_unit"]
    merged["energy_gj"] = merged["amount"] * merged["gj_per_unit"]
    scope = vocabulary.scope_by_activity()
    merged["scope"] = merged["activity"].map(scope).fillna(1).astype(int)
    merged["ef_uncertainty_pct"] = uncertainty_columns.factor_uncertainty(merged["factor_ids"],
                                                                          factors)
    out = merged.groupby(["year", "category", "activity", "gas", "scope"], sort=True).agg(
        emissions_t=("emissions_t", "sum"),
        ad_uncertainty_pct=("ad_uncertainty_pct", "first"),
        ef_uncertainty_pct=("ef_uncertainty_pct", "first"),
        factor_ids=("factor_ids", lambda s: ";".join(dict.fromkeys(";".join(s).split(";")))),
        energy_gj=("energy_gj", lambda s: s.sum(min_count=1)),
        factor_year=("factor_year", "max"),
    ).reset_index()
    uncertainty_columns.merge_units(out, merged)
    return out


def _with_text(out: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Add :data:`TEXT_COLUMNS` and the user's ``x_`` columns to the inventory rows."""
    from carbon.inventory.activity import row_text

    names = vocabulary.activities()
    out["activity_zh"] = out["activity"].map(dict(zip(names["activity"], names["name_zh"],
                                                      strict=True))).fillna("")
    codes = vocabulary.categories()
    out["category_zh"] = out["category"].map(dict(zip(codes["code"], codes["name_zh"],
                                                      strict=True))).fillna("")
    text = row_text(activity)
    kept = [c for c in text.columns if c.startswith("x_")]
    out = out.merge(text, on=["year", "category", "activity"], how="left")
    return out[OUTPUT_COLUMNS + TEXT_COLUMNS + kept]


def _row_error(activity: pd.DataFrame, combo, message: str, column: str) -> DataError:
    mask = ((activity["year"] == combo.year) & (activity["category"] == combo.category)
            & (activity["activity"] == combo.activity) & (activity["unit"] == combo.unit))
    first = activity[mask].iloc[0]
    return DataError(message, file=first["file"], row=int(first["row"]), column=column)


def co2_t_per_unit(activity: str, unit: str, *, region: str | None = DEFAULT_REGION,
                   year: int = 2020, category: str = "1.A",
                   convention: str = lib.DEFAULT_CONVENTION) -> float:
    """Tonnes of CO2 per one ``unit`` of ``activity`` from the shipped library (0 if none).

    Used to generate a city's ``fuels.csv`` from the factor library, so the two never disagree.
    """
    factors = lib.load_factors(convention=convention)
    coeff = coefficient(lib.index_factors(factors), ["CO2"], activity, unit, category=category,
                        year=year, region=region)
    return coeff.t_per_unit.get("CO2", 0.0)
