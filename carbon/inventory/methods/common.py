"""What every method of more than one multiplication needs: its parameters, read from the factor
library like any other row, and its activity rows, read with the method-specific columns.

A method parameter is a library row with ``parameter`` = the parameter's name (``doc``, ``mcf``,
``k``, ``b0``, ...). Where a parameter depends on a system, site, treatment or regime, the name
carries it after a colon: ``mcf:managed_anaerobic``, ``ms_mcf:liquid_slurry``,
``sf_w:single_drainage``.
A user's ``--factors`` row of the same (activity, gas, parameter) overrides the shipped one.
Every value is converted with :mod:`carbon.units` to the unit the equation needs and checked
against its range (a fraction between 0 and 1, a rate that cannot be negative) before it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from carbon.errors import DataError
from carbon.inventory import factors as lib
from carbon.inventory import vocabulary
from carbon.units import UnitError, conversion_factor

CO2_PER_C = 44.0 / 12.0
N2O_PER_N2O_N = 44.0 / 28.0
CH4_PER_C = 16.0 / 12.0

#: parameters that are fractions (0 to 1), by the name before any ':' qualifier
FRACTIONS = {"mcf", "doc", "doc_f", "f", "ox", "cullet_ratio", "ms_mcf", "ms_ef3", "leak_charge",
             "leak_bank", "eol_remaining", "eol_recovery", "frac_gasf", "frac_gasm", "frac_leach",
             "ef1", "ef4", "ef5", "dm", "cf", "fcf", "of", "carbon_fraction", "ef_effluent",
             "mcf_2006", "mcf_2019", "cao", "blend"}
#: parameters that are a length of a season in days (more than 0, at most a leap year)
SEASON_DAYS = {"season_days"}
#: parameters that must not be negative
NON_NEGATIVE = {"k", "b0", "ckd", "vs_rate", "n_rate", "tam", "ef_daily", "sf_w", "sf_p",
                "cfoa", "wood_density", "bef", "root_shoot", "growth", "bod",
                "protein", "f_npr", "f_non_con", "f_ind_com", "ef"}


def validate_parameters(factors: pd.DataFrame) -> None:
    """Check every method-parameter row of the library against its range (file, row, 'value')."""
    base = factors["parameter"].str.split(":").str[0]
    value = factors["value"].astype(float)
    bad_fraction = base.isin(FRACTIONS) & ((value < 0) | (value > 1))
    bad_negative = base.isin(NON_NEGATIVE) & (value < 0)
    bad_days = base.isin(SEASON_DAYS) & ((value <= 0) | (value > 366))
    for mask, expected in ((bad_fraction, "a fraction between 0 and 1"),
                           (bad_negative, "a value >= 0"),
                           (bad_days, "a season length in days (more than 0, at most 366)")):
        if mask.any():
            row = factors[mask].iloc[0]
            raise DataError(f"parameter '{row['parameter']}' of activity '{row['activity']}' is "
                            f"{row['value']:g}, expected {expected}", file=row["file"],
                            row=int(row["row"]), column="value")


@dataclass
class Context:
    """The library and the run's choices, handed to every method."""

    factors: pd.DataFrame
    region: str | None
    years: tuple[int, ...] = ()
    options: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = lib.index_factors(self.factors)
        self.where = {fid: (file, int(row)) for fid, file, row in
                      self.factors[["factor_id", "file", "row"]].itertuples(index=False)}

    def param(self, activity: str, gas: str, parameter: str, unit: str, *, category: str,
              year: int, used: list[str], record: pd.Series | None = None,
              default_activity: str | None = None) -> float:
        """The value of the best library row for ``parameter``, in ``unit``.

        ``default_activity`` is looked up when ``activity`` has no row of its own (e.g. the
        bulk-waste ``k`` for a type without one). Raises :class:`DataError` naming the activity
        row (or the factor row) when there is none or its unit does not fit.
        """
        factor = None
        for key in (activity, default_activity):
            if key is None:
                continue
            factor = lib.select_factor(self.index, key, gas, parameter, category=category,
                                       year=year, region=self.region)
            if factor is not None:
                break
        if factor is None:
            message = (f"no '{parameter}' factor (gas {gas}) for activity '{activity}' in "
                       f"category {category} (region {self.region or 'any'}): add a row with "
                       "--factors")
            if record is not None:
                raise DataError(message, file=record["file"], row=int(record["row"]),
                                column="activity")
            raise DataError(message)
        try:
            scale = conversion_factor(factor.unit, unit)
        except UnitError as exc:
            file, row = self.where.get(factor.factor_id, (None, None))
            raise DataError(f"{exc}: parameter '{parameter}' of '{activity}' must be in "
                            f"'{unit or 'a pure number'}'", file=file, row=row,
                            column="unit") from None
        used.append(factor.factor_id)
        return factor.value * scale

    def has(self, activity: str, gas: str, parameter: str, *, category: str, year: int) -> bool:
        return lib.select_factor(self.index, activity, gas, parameter, category=category,
                                 year=year, region=self.region) is not None


def amount_in(record: pd.Series, unit: str) -> float:
    """The record's amount in ``unit``; a clear error naming its row when the unit does not fit."""
    try:
        return float(record["amount"]) * conversion_factor(record["unit"], unit)
    except UnitError:
        raise DataError(f"found unit '{record['unit']}' for activity '{record['activity']}' in "
                        f"category {record['category']}, expected a unit convertible to "
                        f"'{unit}'", file=record["file"], row=int(record["row"]),
                        column="unit") from None


def text(record: pd.Series, column: str, default: str = "") -> str:
    """A method-specific column of the record ('' when the file has no such column)."""
    value = record.get(column, default)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return default
    return str(value).strip() or default


def shares(record: pd.Series, column: str, *, tolerance: float = 1e-3) -> dict[str, float]:
    """Parse ``name:share;name:share`` (fractions or percent) whose shares add up to 1 ± 0.1%."""
    cell = text(record, column)
    where = dict(file=record["file"], row=int(record["row"]), column=column)
    if not cell:
        raise DataError("empty cell, expected shares such as 'liquid_slurry:0.55;"
                        "solid_storage:0.45'", **where)
    result: dict[str, float] = {}
    for part in cell.split(";"):
        if not part.strip():
            continue
        name, _, number = part.partition(":")
        try:
            value = float(number.strip().rstrip("%")) / (100 if number.strip().endswith("%")
                                                          else 1)
        except ValueError:
            raise DataError(f"found '{part.strip()}', expected name:share (e.g. "
                            "'solid_storage:0.30')", **where) from None
        if not np.isfinite(value) or value < 0:
            raise DataError(f"found share {number.strip()} for '{name.strip()}', expected a "
                            "number >= 0", **where)
        result[name.strip()] = result.get(name.strip(), 0.0) + value
    total = sum(result.values())
    if abs(total - 1.0) > tolerance:
        raise DataError(f"the shares add up to {total:.4g}, expected 1 (within 0.1%)", **where)
    return result


def scope_of(activity: str) -> int:
    return vocabulary.scope_by_activity().get(activity, 1)


def row(record: pd.Series | None, *, year: int, category: str, activity: str, gas: str,
        emissions_t: float, used: list[str]) -> dict:
    """One output row of the tidy inventory frame (CO2e and sector are added by the caller)."""
    return {"year": int(year), "category": category, "activity": activity, "gas": gas,
            "scope": scope_of(activity), "emissions_t": float(emissions_t),
            "factor_ids": ";".join(dict.fromkeys(used)), "energy_gj": np.nan,
            "factor_year": pd.NA}
