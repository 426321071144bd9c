"""Inventory uncertainty: Approach 1 (error propagation) and Approach 2 (Monte Carlo).

All uncertainties are half-widths of the 95 % confidence interval in percent of the estimate
(2006 IPCC Guidelines Vol. 1 Ch. 3). The inventory rows carry ``ad_uncertainty_pct`` (activity
data) and ``ef_uncertainty_pct`` (the factor: calorific value, carbon content and oxidation, or
the emission factor, combined in quadrature by Eq. 3.1).

**Approach 1** (Vol. 1 Section 3.2.3.1, the calculation of Table 3.2), one line per inventory row
``x`` with base-year emissions ``C_x``, year-t emissions ``D_x``, activity uncertainty ``E_x`` and
factor uncertainty ``F_x``:

* combined uncertainty (Eq. 3.1): ``G_x = √(E_x² + F_x²)``;
* level uncertainty of year t (Eq. 3.2): ``U = √(Σ (G_x·D_x)²) / |Σ D_x|``;
* type A sensitivity: ``A_x = [(0.01·D_x + ΣD − (0.01·C_x + ΣC)) / (0.01·C_x + ΣC)] × 100
  − [(ΣD − ΣC) / ΣC] × 100``; type B sensitivity ``B_x = D_x / ΣC``;
* trend uncertainty from the factor (fully correlated between the years) ``K_x = A_x·F_x`` and
  from the activity data (uncorrelated) ``L_x = B_x·E_x·√2``;
* trend ``(ΣD − ΣC) / ΣC × 100`` (%) and its uncertainty ``√Σ(K_x² + L_x²)`` (percentage points).

**Approach 2** (Vol. 1 Section 3.2.3.2): every activity amount (one per year, category and
activity, shared by the gases it emits) and every factor (one per ``factor_id``, shared by all the
rows and years that use it, so a factor moves its rows together) is drawn from a lognormal
distribution with the estimate as its mean and ``U/1.96`` as its relative standard deviation
(non-negative, and asymmetric where the uncertainty is large); ``distribution="normal"`` draws
normal values instead. Quantities without an uncertainty are exact and not drawn; each row's
multiplier is the product of its (at most a few) draws, gathered by index, and the sums by
sector are weighted sums of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from carbon.errors import DataError
from carbon.inventory.key_categories import require_frame
from carbon.inventory.uncertainty_columns import combine_sum

Z95 = 1.959964
CHUNK = 1024    # draws per block when rows multiply several draws
LINE_KEYS = ["category", "activity", "gas", "scope"]
UNCERTAINTY_COLUMNS = ("ad_uncertainty_pct", "ef_uncertainty_pct")


@dataclass
class Approach1:
    """Approach 1 result: ``level_pct`` of ``year``; with a base year, the trend (%) and its
    uncertainty (percentage points). ``table`` has the lines of Vol. 1 Table 3.2."""

    year: int
    total_co2e_t: float
    level_pct: float
    base_year: int | None = None
    base_total_co2e_t: float | None = None
    trend_pct: float | None = None
    trend_uncertainty_pp: float | None = None
    share_without_ad: float = 0.0
    """Share of Σ|D| whose lines give no activity-data uncertainty (counted as exact)."""
    share_without_ef: float = 0.0
    """Share of Σ|D| whose lines give no factor uncertainty (counted as exact)."""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)


def _with_uncertainty_columns(inventory: pd.DataFrame) -> pd.DataFrame:
    require_frame(inventory)
    for column in UNCERTAINTY_COLUMNS:
        if column not in inventory.columns:
            raise DataError(f"argument 'inventory': the frame has no column '{column}'; expected "
                            "year, category, co2e_t, ad_uncertainty_pct, ef_uncertainty_pct")
    return inventory


def _year_rows(inventory: pd.DataFrame, year: int, argument: str) -> pd.DataFrame:
    rows = inventory[inventory["year"] == year]
    if rows.empty:
        found = ", ".join(map(str, sorted(inventory["year"].unique()))) or "none"
        raise DataError(f"argument '{argument}': no rows for year {year} (years in the "
                        f"inventory: {found})")
    return rows


def _lines(inventory: pd.DataFrame, year: int, base_year: int | None) -> pd.DataFrame:
    """One line per (category, activity, gas, scope) present in either year: C, D, E, F."""
    keys = [k for k in LINE_KEYS if k in inventory.columns]
    current = _year_rows(inventory, year, "year")
    parts = {"D": current}
    if base_year is not None:
        parts["C"] = _year_rows(inventory, base_year, "base_year")
    lines = None
    for name, rows in parts.items():
        grouped = rows.groupby(keys, sort=True, dropna=False).apply(_line, include_groups=False)
        grouped = grouped.rename(columns={"co2e_t": name, "ad": f"E_{name}", "ef": f"F_{name}"})
        lines = grouped if lines is None else lines.join(grouped, how="outer")
    assert lines is not None
    lines["D"] = lines["D"].fillna(0.0)
    if "C" in lines:
        lines["C"] = lines["C"].fillna(0.0)
    # Table 3.2 uses the year-t uncertainties; a line only in the base year takes the base's
    for column in ("E", "F"):
        lines[column] = lines[f"{column}_D"]
        if base_year is not None:
            lines[column] = lines[column].fillna(lines[f"{column}_C"])
    return lines.reset_index()


def _line(rows: pd.DataFrame) -> pd.Series:
    values = rows["co2e_t"].to_numpy(float)
    ad = rows["ad_uncertainty_pct"].to_numpy(float)
    ef = rows["ef_uncertainty_pct"].to_numpy(float)
    weights = np.abs(values)
    # several rows of one line: activity data add up (Eq. 3.2); the factor is the same one, fully
    # correlated, so its relative uncertainty is the weighted mean
    ef_line = float(np.average(ef, weights=weights)) if weights.sum() > 0 and \
        not np.isnan(ef).any() else (float(ef[0]) if len(ef) == 1 else float("nan"))
    return pd.Series({"co2e_t": values.sum(),
                      "ad": combine_sum(values, ad) if len(ad) > 1 else float(ad[0]),
                      "ef": ef_line})


def uncertainty(inventory: pd.DataFrame, year: int, base_year: int | None = None) -> Approach1:
    """Approach 1 level uncertainty of ``year`` (%) and, with ``base_year``, the trend (%) and its
    uncertainty (percentage points). Equations in the module docstring.

    ``inventory`` needs ``year, category, co2e_t, ad_uncertainty_pct, ef_uncertainty_pct`` (the
    output of :func:`carbon.inventory.compile_inventory`); lines are (category, activity, gas,
    scope) where those columns exist. A missing uncertainty counts as zero (the line is exact);
    ``share_without_ad`` and ``share_without_ef`` (of Σ|D|) say how much that concerns.
    """
    inventory = _with_uncertainty_columns(inventory)
    lines = _lines(inventory, year, base_year)
    E, F = lines["E"].fillna(0.0), lines["F"].fillna(0.0)
    D = lines["D"]
    total_d = float(D.sum())
    if total_d == 0:
        raise DataError(f"argument 'year': the inventory of {year} sums to zero; its relative "
                        "uncertainty is undefined")
    lines["G"] = np.sqrt(E**2 + F**2)
    lines["H"] = (lines["G"] * D) ** 2 / total_d**2
    result = Approach1(year=year, total_co2e_t=total_d,
                       level_pct=float(np.sqrt(lines["H"].sum())),
                       share_without_ad=float(D[lines["E"].isna()].abs().sum() / D.abs().sum()),
                       share_without_ef=float(D[lines["F"].isna()].abs().sum() / D.abs().sum()))
    if base_year is not None:
        C = lines["C"]
        total_c = float(C.sum())
        if total_c == 0:
            raise DataError(f"argument 'base_year': the inventory of {base_year} sums to zero; "
                            "the trend divides by it")
        trend = (total_d - total_c) / total_c * 100
        lines["A"] = ((0.01 * D + total_d - (0.01 * C + total_c)) / (0.01 * C + total_c) * 100
                      - trend)
        lines["B"] = D / total_c
        lines["K"] = lines["A"] * F
        lines["L"] = lines["B"] * E * np.sqrt(2)
        lines["M"] = lines["K"] ** 2 + lines["L"] ** 2
        result.base_year, result.base_total_co2e_t = base_year, total_c
        result.trend_pct = float(trend)
        result.trend_uncertainty_pp = float(np.sqrt(lines["M"].sum()))
    keep = [c for c in lines.columns if c not in ("E_D", "F_D", "E_C", "F_C")]
    result.table = lines[keep]
    return result


def approach1_table(result: Approach1) -> pd.DataFrame:
    """The Table 3.2 lines with readable column names (for the XLSX sheet)."""
    names = {"C": "base_co2e_t", "D": "co2e_t", "E": "ad_uncertainty_pct",
             "F": "ef_uncertainty_pct", "G": "combined_uncertainty_pct",
             "H": "contribution_to_variance", "A": "type_a_sensitivity_pct",
             "B": "type_b_sensitivity_pct", "K": "trend_uncertainty_ef_pp",
             "L": "trend_uncertainty_ad_pp", "M": "contribution_to_trend_variance"}
    table = result.table.rename(columns=names)
    if "type_b_sensitivity_pct" in table:
        table["type_b_sensitivity_pct"] = table["type_b_sensitivity_pct"] * 100
    return table


# --- Approach 2 ------------------------------------------------------------------------------

def _log_sigma(uncertainty_pct: np.ndarray) -> np.ndarray:
    """σ of log X for a lognormal X of mean 1 and relative standard deviation U/(100·1.96)."""
    relative_sd = np.nan_to_num(uncertainty_pct, nan=0.0) / (100 * Z95)
    return np.sqrt(np.log1p(relative_sd**2))


def _factor_keys(rows: pd.DataFrame, factors: pd.DataFrame | None
                 ) -> tuple[list[list[str]], dict[str, float]]:
    """Each row's factor draws and their uncertainty (%). With the library frame ``factors``,
    one draw per ``factor_id`` with its own uncertainty; without it, one per distinct
    ``factor_ids`` cell with the row's ``ef_uncertainty_pct``."""
    if factors is not None and "factor_ids" in rows.columns:
        # the first row of an id wins, as in factor selection
        table = dict(zip(factors["factor_id"][::-1], factors["uncertainty_pct"][::-1],
                         strict=True))
        keys = [[i for i in str(cell).split(";") if i] for cell in rows["factor_ids"]]
        return keys, {k: float(table.get(k, np.nan)) for row in keys for k in row}
    cells = rows["factor_ids"].astype(str) if "factor_ids" in rows.columns else \
        pd.Series([f"row{i}" for i in range(len(rows))], index=rows.index)
    uncertainty_of = dict(zip(cells, rows["ef_uncertainty_pct"].astype(float), strict=True))
    return [[c] for c in cells], uncertainty_of


def _draw(rows: pd.DataFrame, *, draws: int, seed: int, factors: pd.DataFrame | None,
          distribution: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The draws: a mask of the rows with an uncertainty, ``index`` (those rows × their draws,
    padded with the last row of ``multipliers``, which is 1) and ``multipliers`` (one row per
    drawn quantity, one column per draw). Only quantities with an uncertainty are drawn.
    """
    if distribution not in ("lognormal", "normal"):
        raise DataError(f"argument 'distribution': found '{distribution}', expected lognormal "
                        "or normal")
    if draws < 1:
        raise DataError(f"argument 'draws': found {draws}, expected at least 1")
    if "activity" in rows.columns:
        columns = [rows[c].astype(str).tolist() for c in ("year", "category", "activity")
                   if c in rows.columns]
        ad_keys = ["|".join(parts) for parts in zip(*columns, strict=True)]
    else:
        ad_keys = [f"row{i}" for i in range(len(rows))]
    ad_u = dict(zip(ad_keys, rows["ad_uncertainty_pct"].astype(float), strict=True))
    factor_keys, factor_u = _factor_keys(rows, factors)
    uncertain = {f"ad:{k}": u for k, u in ad_u.items() if u > 0} | \
        {f"ef:{k}": u for k, u in factor_u.items() if u > 0}        # NaN > 0 is False
    position = {name: i for i, name in enumerate(uncertain)}
    keys = [[position[k] for k in [f"ad:{a}"] + [f"ef:{f}" for f in fs] if k in position]
            for a, fs in zip(ad_keys, factor_keys, strict=True)]
    drawn = np.array([bool(k) for k in keys], dtype=bool)
    width = max((len(k) for k in keys), default=0)
    index = np.full((int(drawn.sum()), max(width, 1)), len(uncertain))  # padding row draws 1
    for r, row_keys in enumerate(k for k in keys if k):
        index[r, :len(row_keys)] = row_keys
    u = np.fromiter(uncertain.values(), float, len(uncertain))
    # in place, in one array: large temporaries cost more than the arithmetic
    multipliers = np.empty((len(uncertain) + 1, draws))
    drawn_values = multipliers[:-1]
    np.random.default_rng(seed).standard_normal(out=drawn_values)
    if distribution == "lognormal":
        sigma = _log_sigma(u)[:, None]
        drawn_values *= sigma
        drawn_values -= sigma**2 / 2
        np.exp(drawn_values, out=drawn_values)
    else:
        drawn_values *= (u / (100 * Z95))[:, None]
        drawn_values += 1.0
    multipliers[-1] = 1.0
    return drawn, index, multipliers


def _products(index: np.ndarray, multipliers: np.ndarray) -> np.ndarray:
    """Each drawn row's multiplier: the product of its draws (rows × draws)."""
    product = np.take(multipliers, index[:, 0], axis=0)
    if index.shape[1] > 1:
        gathered = np.empty_like(product)
        for k in range(1, index.shape[1]):
            product *= np.take(multipliers, index[:, k], axis=0, out=gathered)
    return product


def simulate(rows: pd.DataFrame, *, draws: int, seed: int, factors: pd.DataFrame | None = None,
             distribution: str = "lognormal") -> np.ndarray:
    """Monte Carlo draws of each row's ``co2e_t``: an array rows × draws (module docstring)."""
    drawn, index, multipliers = _draw(rows, draws=draws, seed=seed, factors=factors,
                                      distribution=distribution)
    samples = np.repeat(rows["co2e_t"].to_numpy(float)[:, None], draws, axis=1)
    samples[drawn] *= _products(index, multipliers)
    return samples


def _intervals(names: list[str], estimates: np.ndarray, samples: np.ndarray) -> pd.DataFrame:
    """Mean, median and the 95 % interval of each row of ``samples`` (groups × draws)."""
    low, median, high = np.percentile(samples, [2.5, 50, 97.5], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(estimates != 0, np.abs(estimates), np.nan) / 100
    return pd.DataFrame({"sector": names, "co2e_t": estimates, "mean_t": samples.mean(axis=1),
                         "median_t": median, "lower_t": low, "upper_t": high,
                         "lower_pct": (low - estimates) / scale,
                         "upper_pct": (high - estimates) / scale})


def monte_carlo(inventory: pd.DataFrame, year: int, draws: int = 10_000, seed: int = 0, *,
                factors: pd.DataFrame | None = None, by: str = "sector",
                distribution: str = "lognormal") -> pd.DataFrame:
    """Approach 2: the 95 % interval of ``year``'s total and of each ``by`` group (t CO2e).

    Returns one row per group and a last ``total`` row: ``year, <by>, co2e_t`` (the estimate),
    ``mean_t, median_t, lower_t, upper_t`` (the 2.5th and 97.5th percentiles) and ``lower_pct,
    upper_pct`` (the interval's ends relative to the estimate, %). ``factors`` (the library
    frame) gives one draw per ``factor_id`` with that row's own ``uncertainty_pct``; without it,
    rows with the same ``factor_ids`` share one draw of their ``ef_uncertainty_pct``.
    Reproducible for a ``seed``.
    """
    inventory = _with_uncertainty_columns(inventory)
    rows = _year_rows(inventory, year, "year").reset_index(drop=True)
    drawn, index, multipliers = _draw(rows, draws=draws, seed=seed, factors=factors,
                                      distribution=distribution)
    group = rows[by].astype(str).to_numpy() if by in rows.columns else np.full(len(rows), "all")
    names = sorted(set(group))
    position = {name: i for i, name in enumerate(names)}
    # (einsum rather than @: these products are small, and waking BLAS threads costs more)
    # weights: W[g, r] = co2e_t of row r in group g, so that Σ_r W·multiplier is the group's draw
    weights = np.zeros((len(names), len(rows)))
    weights[[position[g] for g in group], np.arange(len(rows))] = rows["co2e_t"].to_numpy(float)
    estimates = weights.sum(axis=1)
    fixed = weights[:, ~drawn].sum(axis=1)[:, None]
    if index.shape[1] == 1:   # one draw per row: fold the rows into a groups × draws matrix
        folded = np.zeros((len(names), len(multipliers)))
        np.add.at(folded.T, index[:, 0], weights[:, drawn].T)
        by_group = np.einsum("gk,kd->gd", folded, multipliers) + fixed
    else:
        # several draws per row: their products, a block of draws at a time (stays in cache)
        by_group = np.empty((len(names), draws))
        for start in range(0, draws, CHUNK):
            block = multipliers[:, start:start + CHUNK]
            by_group[:, start:start + CHUNK] = np.einsum(
                "gr,rd->gd", weights[:, drawn], _products(index, block))
        by_group += fixed
    out = _intervals(names + ["total"], np.append(estimates, estimates.sum()),
                     np.vstack([by_group, by_group.sum(axis=0)])).rename(columns={"sector": by})
    out.insert(0, "year", year)
    return out


def monte_carlo_trend(inventory: pd.DataFrame, year: int, base_year: int, draws: int = 10_000,
                      seed: int = 0, *, factors: pd.DataFrame | None = None,
                      distribution: str = "lognormal") -> pd.DataFrame:
    """Approach 2 for the trend: the change of the total from ``base_year`` to ``year`` (%).

    The two years share their factor draws (the same ``factor_id`` is one draw in both, so its
    uncertainty largely cancels in the trend) and draw their activity amounts independently
    (Vol. 1 Section 3.2.3.2). Returns one row: ``year, base_year, trend_pct`` (the estimate),
    ``mean_pct, median_pct, lower_pct, upper_pct`` (2.5th and 97.5th percentiles) and
    ``lower_pp, upper_pp`` (the interval's ends minus the estimate, percentage points).
    """
    inventory = _with_uncertainty_columns(inventory)
    rows = pd.concat([_year_rows(inventory, year, "year"),
                      _year_rows(inventory, base_year, "base_year")], ignore_index=True)
    samples = simulate(rows, draws=draws, seed=seed, factors=factors, distribution=distribution)
    now = (rows["year"] == year).to_numpy()
    base_draws = samples[~now].sum(axis=0)
    base = float(rows.loc[~now, "co2e_t"].sum())
    if base == 0:
        raise DataError(f"argument 'base_year': the inventory of {base_year} sums to zero; the "
                        "trend divides by it")
    trend = (float(rows.loc[now, "co2e_t"].sum()) - base) / base * 100
    drawn = (samples[now].sum(axis=0) - base_draws) / base_draws * 100
    low, median, high = np.percentile(drawn, [2.5, 50, 97.5])
    return pd.DataFrame([{"year": year, "base_year": base_year, "trend_pct": trend,
                          "mean_pct": float(drawn.mean()), "median_pct": float(median),
                          "lower_pct": float(low), "upper_pct": float(high),
                          "lower_pp": float(low - trend), "upper_pp": float(high - trend)}])
