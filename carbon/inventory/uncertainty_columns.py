"""The inventory output's ``ad_uncertainty_pct`` and ``ef_uncertainty_pct`` columns.

Both are 95 % half-widths in percent of the estimate (2006 IPCC Guidelines Vol. 1 Ch. 3).

* Activity rows added up (same year, category, activity, unit) combine by Vol. 1 Eq. 3.2:
  ``U = √(Σ (U_i·a_i)²) / Σ a_i``; a sum with a row that gives no uncertainty has none.
* A row's factor uncertainty combines the ``uncertainty_pct`` of the factors it used (calorific
  value, carbon content and oxidation, or calorific value and emission factor) in quadrature,
  Vol. 1 Eq. 3.1: ``U_EF = √(Σ U_f²)``, over the factors that give one; none given → empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.tables import numeric_column


def _activity_uncertainty(activity: pd.DataFrame) -> pd.Series:
    if "uncertainty_pct" not in activity.columns:
        return pd.Series(np.nan, index=activity.index)
    column = activity["uncertainty_pct"]
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.astype(float)     # checked by the activity reader (finite, >= 0)
    values = pd.Series(np.nan, index=activity.index)
    for where, rows in activity.groupby("file", sort=False):
        # rows keep their order within a file, so positions give the spreadsheet rows
        text = rows[["uncertainty_pct"]].astype(str).reset_index(drop=True)
        parsed = numeric_column(text, "uncertainty_pct", where, minimum=0, allow_empty=True)
        values[rows.index] = parsed.to_numpy(float)
    return values


def sum_activity(activity: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Amounts summed by ``keys``, with ``ad_uncertainty_pct`` by Vol. 1 Eq. 3.2."""
    frame = activity[keys + ["amount"]].copy()
    frame["u"] = _activity_uncertainty(activity)
    frame["weighted_sq"] = (frame["u"] * frame["amount"]) ** 2
    grouped = frame.groupby(keys, sort=False, observed=True).agg(
        amount=("amount", "sum"), weighted_sq=("weighted_sq", "sum"),
        missing=("u", lambda s: s.isna().any()))
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.sqrt(grouped["weighted_sq"]) / grouped["amount"]
    grouped["ad_uncertainty_pct"] = u.where(~grouped["missing"].astype(bool))
    return grouped[["amount", "ad_uncertainty_pct"]].reset_index()


def combine_quadrature(uncertainties_pct) -> float:
    """Uncertainty (%) of a product of independent terms, Vol. 1 Eq. 3.1; NaN terms skipped."""
    known = [u for u in uncertainties_pct if not np.isnan(u)]
    return float(np.sqrt(np.sum(np.square(known)))) if known else float("nan")


def combine_sum(values, uncertainties_pct) -> float:
    """Uncertainty (%) of a sum of independent terms, Vol. 1 Eq. 3.2 (NaN if a term has none)."""
    values, uncertainties_pct = np.asarray(values, float), np.asarray(uncertainties_pct, float)
    if np.isnan(uncertainties_pct).any() or values.sum() == 0:
        return float("nan")
    return float(np.sqrt(np.sum((uncertainties_pct * values) ** 2)) / abs(values.sum()))


def factor_uncertainty(factor_ids: pd.Series, factors: pd.DataFrame) -> pd.Series:
    """Each row's factor uncertainty (%): its factors' ``uncertainty_pct`` in quadrature."""
    table = factors.drop_duplicates("factor_id").set_index("factor_id")["uncertainty_pct"]
    of = table.astype(float).to_dict()
    combined = {cell: combine_quadrature([of.get(i, np.nan) for i in str(cell).split(";") if i])
                for cell in factor_ids.unique()}
    return factor_ids.map(combined).astype(float)


def merge_units(out: pd.DataFrame, merged: pd.DataFrame) -> None:
    """Where one output row adds records in several units, combine their uncertainties: the
    activity data by Eq. 3.2 (independent amounts), the factor by the emission-weighted mean
    (one factor, fully correlated). ``out`` is changed in place."""
    keys = ["year", "category", "activity", "gas", "scope"]
    counts = merged.groupby(keys, sort=True).size()
    if (counts <= 1).all():
        return
    weight = merged["emissions_t"].abs()
    frame = merged.assign(w=weight, ad_sq=(merged["ad_uncertainty_pct"] * weight) ** 2,
                          ef_w=merged["ef_uncertainty_pct"] * weight)
    sums = frame.groupby(keys, sort=True).agg(
        w=("w", "sum"), ad_sq=("ad_sq", lambda s: s.sum(min_count=len(s))),
        ef_w=("ef_w", lambda s: s.sum(min_count=len(s))))
    with np.errstate(divide="ignore", invalid="ignore"):
        ad = (np.sqrt(sums["ad_sq"]) / sums["w"]).to_numpy()
        ef = (sums["ef_w"] / sums["w"]).to_numpy()
    several = (counts > 1).to_numpy()
    out.loc[several, "ad_uncertainty_pct"] = ad[several]
    out.loc[several, "ef_uncertainty_pct"] = ef[several]
