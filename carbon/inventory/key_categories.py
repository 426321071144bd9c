"""Key category analysis, IPCC Approach 1 (2006 IPCC Guidelines Vol. 1 Ch. 4, Section 4.3.1).

A key category is one whose emissions or removals, or their trend, weigh most on the inventory.
Categories are (IPCC category × gas), or the category alone when the frame has no ``gas``
column. Sinks count by their absolute value.

* **Level** (Vol. 1 Eq. 4.1): ``L_x,t = |E_x,t| / Σ_y |E_y,t|``.
* **Trend** (Vol. 1 Eq. 4.2), base year 0 and year t:
  ``T_x,t = (|E_x,0| / Σ_y |E_y,0|) × |(E_x,t − E_x,0) / |E_x,0| − (Σ_y E_y,t − Σ_y E_y,0) /
  |Σ_y E_y,0||``; the first sum over absolute values, the second over net values. A category
  absent in the base year (``E_x,0 = 0``) takes ``T_x,t = |E_x,t| / Σ_y |E_y,0|`` (Vol. 1
  Eq. 4.3). The trend shares are ``T_x / Σ T``.

Each assessment sorts the categories by share, largest first, and accumulates: the categories
that together reach the **95 %** threshold are key, the one that crosses it included.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from carbon.errors import DataError

THRESHOLD = 0.95
REQUIRED = ("year", "category", "co2e_t")


def require_frame(inventory: pd.DataFrame, name: str = "inventory") -> None:
    """A clear error unless ``inventory`` is a frame with ``year, category, co2e_t``."""
    if not isinstance(inventory, pd.DataFrame):
        raise DataError(f"argument '{name}': expected a pandas DataFrame, found "
                        f"{type(inventory).__name__}")
    missing = [c for c in REQUIRED if c not in inventory.columns]
    if missing:
        raise DataError(f"argument '{name}': the frame has no column '{missing[0]}' (columns: "
                        f"{', '.join(map(str, inventory.columns)) or 'none'}); expected "
                        f"{', '.join(REQUIRED)}")


def select_scopes(inventory: pd.DataFrame, scopes: Iterable[int] | None) -> pd.DataFrame:
    """The rows of ``scopes`` when the frame has a ``scope`` column (all rows otherwise)."""
    if scopes is None or "scope" not in inventory.columns:
        return inventory
    return inventory[inventory["scope"].isin(list(scopes))]


def _emissions_of(inventory: pd.DataFrame, year: int, keys: list[str], argument: str
                  ) -> pd.Series:
    rows = inventory[inventory["year"] == year]
    if rows.empty:
        found = ", ".join(map(str, sorted(inventory["year"].unique()))) or "none"
        raise DataError(f"argument '{argument}': no rows for year {year} (years in the "
                        f"inventory: {found})")
    values = pd.to_numeric(rows["co2e_t"], errors="coerce")
    if values.isna().any() or not np.isfinite(values).all():
        raise DataError("argument 'inventory': column 'co2e_t' holds a value that is not a "
                        "finite number")
    return values.groupby([rows[k] for k in keys], sort=True).sum()


def _flag(shares: pd.Series, threshold: float) -> tuple[pd.Series, pd.Series]:
    """Cumulative share in descending order and the key flag (the crossing one included)."""
    order = shares.sort_values(ascending=False, kind="mergesort")
    cumulative = order.cumsum()
    before = cumulative - order
    key = (before < threshold - 1e-12) & (order > 0)
    return cumulative.reindex(shares.index), key.reindex(shares.index)


def key_categories(inventory: pd.DataFrame, year: int, base_year: int | None = None, *,
                   scopes: Iterable[int] | None = (1,), threshold: float = THRESHOLD
                   ) -> pd.DataFrame:
    """Approach 1 key categories of ``year`` (and of the trend since ``base_year``).

    ``inventory`` needs ``year, category, co2e_t`` (t CO2e; sinks negative); with a ``gas``
    column the categories are (category, gas); with a ``scope`` column only ``scopes`` count
    (default scope 1, the territorial inventory; ``scopes=(1, 2)`` adds purchased electricity
    and heat; ``None`` takes every row). Returns one row per category, sorted by level share:
    ``category, [gas,] co2e_t, level_share, level_cumulative, key_level`` and, with a base year,
    ``base_co2e_t, trend_assessment, trend_share, trend_cumulative, key_trend`` and ``key``
    (key under either assessment). Shares are fractions (0–1).
    """
    require_frame(inventory)
    if not 0 < threshold <= 1:
        raise DataError(f"argument 'threshold': found {threshold}, expected a share in (0, 1]")
    frame = select_scopes(inventory, scopes)
    keys = ["category", "gas"] if "gas" in frame.columns else ["category"]
    current = _emissions_of(frame, year, keys, "year")
    base = _emissions_of(frame, base_year, keys, "base_year") if base_year is not None else None
    index = current.index.union(base.index) if base is not None else current.index
    current = current.reindex(index, fill_value=0.0)
    absolute = current.abs()
    if absolute.sum() == 0:
        raise DataError(f"argument 'year': the inventory of {year} sums to zero in absolute "
                        "value; no level assessment is possible")
    result = pd.DataFrame({"co2e_t": current, "level_share": absolute / absolute.sum()})
    result["level_cumulative"], result["key_level"] = _flag(result["level_share"], threshold)
    if base is not None:
        base = base.reindex(index, fill_value=0.0)
        result["base_co2e_t"] = base
        result["trend_assessment"] = trend_assessment(base, current)
        total = result["trend_assessment"].sum()
        result["trend_share"] = result["trend_assessment"] / total if total > 0 else 0.0
        result["trend_cumulative"], result["key_trend"] = _flag(result["trend_share"], threshold)
        result["key"] = result["key_level"] | result["key_trend"]
    result = result.reset_index().sort_values(["level_share"] + keys,
                                              ascending=[False] + [True] * len(keys),
                                              kind="mergesort")
    for column in ("key_level", "key_trend", "key"):
        if column in result.columns:
            result[column] = result[column].astype(bool)
    return result.reset_index(drop=True)


def trend_assessment(base: pd.Series, current: pd.Series) -> pd.Series:
    """``T_x,t`` of Vol. 1 Eq. 4.2 (Eq. 4.3 where the base year is zero); same index in and out."""
    base_abs_total = base.abs().sum()
    if base_abs_total == 0:
        raise DataError("argument 'base_year': the base-year inventory sums to zero in absolute "
                        "value; no trend assessment is possible")
    net_base, net_current = base.sum(), current.sum()
    if net_base == 0:
        raise DataError("argument 'base_year': the base-year net total is zero; the trend "
                        "(Vol. 1 Eq. 4.2) divides by it")
    total_trend = (net_current - net_base) / abs(net_base)
    with np.errstate(divide="ignore", invalid="ignore"):
        own_trend = (current - base) / base.abs()
    assessed = base.abs() / base_abs_total * (own_trend - total_trend).abs()
    absent = base == 0
    assessed[absent] = current[absent].abs() / base_abs_total
    return assessed
