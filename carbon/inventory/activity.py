"""Activity data: reading and validating the planner's table.

One row per quantity with ``year, category, activity, amount, unit`` (DESIGN.md, "Activity
data"), from CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or from the sheet ``activity`` of an XLSX
workbook. Optional columns (``source, note, quality, uncertainty_pct, enterprise_id, town``)
are kept. Activity names may be the keys of the factor library or their Chinese names (原煤,
天然气, 柴油, ...). Every problem is a :class:`~carbon.errors.DataError` naming the file, the row
as a spreadsheet shows it, the column, what was found and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError
from carbon.inventory import vocabulary
from carbon.tables import numeric_column, read_table, require_columns, sheet_row
from carbon.units import UnitError, parse_unit

REQUIRED_COLUMNS = ["year", "category", "activity", "amount", "unit"]
ACTIVITY_SHEET = "activity"
YEAR_RANGE = (1990, 2100)


def read_activity(paths: Iterable[Path], *, known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Read and validate one or more activity files into one frame.

    ``known_activities`` adds keys beyond the shipped vocabulary (activities that only a user's
    factor file defines). The result has the required columns with ``year`` as int, ``amount``
    as float and ``activity`` as the library key, plus ``file`` and ``row`` for tracing.
    """
    frames = [read_activity_file(Path(p), known_activities=known_activities) for p in paths]
    if not frames:
        raise DataError("no activity file given")
    return pd.concat(frames, ignore_index=True)


def read_activity_file(path: Path, *, known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Read one activity file (CSV, or the sheet ``activity`` of an XLSX) and validate it."""
    path = Path(path)
    frame = read_table(path, sheet=ACTIVITY_SHEET)
    where = f"{path} [sheet {ACTIVITY_SHEET}]" if path.suffix.lower() in {".xlsx", ".xlsm"} \
        else str(path)
    return validate_activity(frame, where, known_activities=known_activities)


def validate_activity(frame: pd.DataFrame, where: str = "<activity>", *,
                      known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Check a frame of strings against the activity contract and return it typed."""
    require_columns(frame, REQUIRED_COLUMNS, where)
    frame = frame.copy()
    for column in ("category", "activity", "unit"):
        frame[column] = frame[column].astype(str).str.strip()
    year = numeric_column(frame, "year", where, integer=True)
    out_of_range = (year < YEAR_RANGE[0]) | (year > YEAR_RANGE[1])
    if out_of_range.any():
        position = int(np.flatnonzero(out_of_range.to_numpy())[0])
        raise DataError(f"found {frame['year'].iloc[position]}, expected a year between "
                        f"{YEAR_RANGE[0]} and {YEAR_RANGE[1]}", file=where,
                        row=sheet_row(position), column="year")
    frame["year"] = year.astype(int)
    amount = numeric_column(frame, "amount", where)
    negative = amount < 0
    if negative.any():
        position = int(np.flatnonzero(negative.to_numpy())[0])
        raise DataError(f"found {frame['amount'].iloc[position]}, expected an amount >= 0 "
                        "(sinks are computed, not entered as negative activity)", file=where,
                        row=sheet_row(position), column="amount")
    frame["amount"] = amount.astype(float)
    frame["category"] = _check_categories(frame["category"], where)
    frame["activity"] = _resolve_activities(frame["activity"], where, known_activities)
    _check_units(frame["unit"], where)
    frame["file"] = where
    frame["row"] = np.arange(len(frame)) + 2
    return frame


def _first_row(mask: pd.Series) -> int:
    return sheet_row(int(np.flatnonzero(mask.to_numpy())[0]))


def _check_categories(codes: pd.Series, where: str) -> pd.Series:
    known = vocabulary.sector_by_category()
    for code in codes.unique():
        if code in known:
            continue
        row = _first_row(codes.eq(code))
        if not code:
            raise DataError("empty cell, expected an IPCC 2006 category code such as 1.A.2 or "
                            "1.A.3.b", file=where, row=row, column="category")
        if not vocabulary.CATEGORY_PATTERN.match(code):
            raise DataError(f"found '{code}', expected an IPCC 2006 category code such as "
                            "1.A.2, 1.A.3.b or 4.D.1 (dot-separated)", file=where, row=row,
                            column="category")
        hint = vocabulary.nearest(code, list(known))
        raise DataError(f"unknown category '{code}' (not in data/categories.csv"
                        f"{'; nearest: ' + ', '.join(hint) if hint else ''})", file=where,
                        row=row, column="category")
    return codes


def _resolve_activities(names: pd.Series, where: str, known_activities: Iterable[str]) -> pd.Series:
    aliases = dict(vocabulary.alias_map())
    for known in known_activities:
        aliases.setdefault(str(known).lower(), str(known))
    mapping: dict[str, str | None] = {}
    for name in names.unique():
        key = aliases.get(name.lower())
        if key is None:
            row = _first_row(names.eq(name))
            if not name:
                raise DataError("empty cell, expected an activity key such as diesel or 原煤",
                                file=where, row=row, column="activity")
            hint = vocabulary.nearest(name, sorted(set(aliases.values())))
            raise DataError(f"unknown activity '{name}'"
                            f"{' (nearest known: ' + ', '.join(hint) + ')' if hint else ''}; "
                            "expected a key of the factor library or its Chinese name",
                            file=where, row=row, column="activity")
        mapping[name] = key
    return names.map(mapping)


def _check_units(units: pd.Series, where: str) -> None:
    for unit in units.unique():
        try:
            parse_unit(unit)
        except UnitError as exc:
            raise DataError(f"{exc}: expected a unit such as t, 万t, m3, 万m3, kWh, 万kWh, MWh, "
                            "GJ or tce", file=where, row=_first_row(units.eq(unit)),
                            column="unit") from None
