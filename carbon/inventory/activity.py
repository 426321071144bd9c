"""Activity data: reading and validating the planner's table.

One row per quantity with ``year, category, activity, amount, unit`` (DESIGN.md, "Activity
data"), from CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or from the sheet ``activity`` of an XLSX
workbook. Optional columns (``source, note, quality, uncertainty_pct, enterprise_id, town``)
are kept, and so is any column whose name starts with ``x_`` (the user's own, carried untouched);
any other column is refused, naming the nearest known one, so that a misspelt ``sourse`` is not
silently lost. Identical rows are added up like any rows with the same key, with one warning
naming them; the same file given twice is refused (it would double every total). Activity
names may be the keys of the factor library or their Chinese names (原煤, 天然气, 柴油, ...).
Every problem is a :class:`~carbon.errors.DataError` naming the file, the row as a spreadsheet
shows it, the column, what was found and what was expected.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError, DataWarning
from carbon.inventory import vocabulary
from carbon.tables import (
    KEPT_PREFIX,
    check_known_columns,
    numeric_column,
    read_table,
    require_columns,
    sheet_row,
    strip_text,
)
from carbon.units import UnitError, parse_unit

REQUIRED_COLUMNS = ["year", "category", "activity", "amount", "unit"]
ACTIVITY_SHEET = "activity"
#: the method-specific columns of carbon/inventory/methods (README, "Industrial processes,
#: agriculture, land and waste"): refrigerant species and stage, manure management shares, the rice
#: method and its scaling inputs, waste composition, landfill site and wastewater treatment
METHOD_COLUMNS = ["species", "stage", "ms_shares", "method", "season_days", "water_regime",
                  "preseason", "organic", "composition", "site", "treatment"]
#: the look-up columns of carbon's data-collection template (carbon template): shown to the
#: person filling it in, ignored when the sheet is read
TEMPLATE_COLUMNS = ["expected_unit", "hint"]
OPTIONAL_COLUMNS = ["source", "note", "quality", "uncertainty_pct", "enterprise_id", "report_id",
                    "town",
                    *METHOD_COLUMNS, *TEMPLATE_COLUMNS]
YEAR_RANGE = (1990, 2100)
#: quality labels of activity data, strongest first (the library's and the Ningxiang data's);
#: a sum of rows carries the weakest (``activity_quality``); no label is weaker than any
QUALITY_ORDER = ["verified", "direct", "corroborated", "derived", "unverified", "estimate",
                 "placeholder", "synthetic"]
UNLABELLED = "unlabelled"


def read_activity(paths: Iterable[Path], *, known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Read and validate one or more activity files into one frame.

    ``known_activities`` adds keys beyond the shipped vocabulary (activities that only a user's
    factor file defines). The result has the required columns with ``year`` as int, ``amount``
    as float and ``activity`` as the library key, plus ``file`` and ``row`` for tracing.
    """
    paths = [Path(p) for p in paths]
    seen: dict[object, Path] = {}
    for path in paths:
        # the same file under another name, a link or a hard link is the same file
        key = (path.stat().st_dev, path.stat().st_ino) if path.is_file() else path.resolve()
        if key in seen:
            raise DataError(f"the same file is given twice ({seen[key]} and {path}): its rows "
                            "would be counted twice", file=path)
        seen[key] = path
    frames = [read_activity_file(p, known_activities=known_activities) for p in paths]
    if not frames:
        raise DataError("no activity file given")
    frame = pd.concat(frames, ignore_index=True)
    _warn_duplicates(frame)
    return frame


def read_activity_file(path: Path, *, known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Read one activity file (CSV, or the sheet ``activity`` of an XLSX) and validate it."""
    path = Path(path)
    frame = read_table(path, sheet=ACTIVITY_SHEET, numeric=("year", "amount"),
                       categorical=("category", "activity", "unit"))
    where = f"{path} [sheet {ACTIVITY_SHEET}]" if path.suffix.lower() in {".xlsx", ".xlsm"} \
        else str(path)
    return validate_activity(frame, where, known_activities=known_activities)


def validate_activity(frame: pd.DataFrame, where: str = "<activity>", *,
                      known_activities: Iterable[str] = ()) -> pd.DataFrame:
    """Check a frame of strings against the activity contract and return it typed."""
    require_columns(frame, REQUIRED_COLUMNS, where)
    check_known_columns(frame.columns, REQUIRED_COLUMNS + OPTIONAL_COLUMNS, where)
    frame = frame.copy()
    for column in ("category", "activity", "unit"):
        frame[column] = strip_text(frame[column])
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
    if "uncertainty_pct" in frame.columns:
        frame["uncertainty_pct"] = numeric_column(frame, "uncertainty_pct", where, minimum=0,
                                                  allow_empty=True)
    if "quality" in frame.columns:
        frame["quality"] = _check_quality(strip_text(frame["quality"]), where)
    frame["file"] = where
    frame["row"] = np.arange(len(frame)) + 2
    return frame


def _check_quality(labels: pd.Series, where: str) -> pd.Series:
    lowered = labels.str.lower()
    bad = ~(lowered.isin(QUALITY_ORDER) | lowered.eq(""))
    if bad.any():
        raise DataError(f"found '{labels[bad].iloc[0]}', expected one of "
                        f"{', '.join(QUALITY_ORDER)} (any case) or an empty cell", file=where,
                        row=_first_row(bad), column="quality")
    return labels


def weakest_quality(labels: Iterable[str]) -> str:
    """The weakest of ``labels`` (:data:`QUALITY_ORDER`); :data:`UNLABELLED` if one is empty."""
    ranks = [QUALITY_ORDER.index(str(label).lower()) if str(label).strip() else len(QUALITY_ORDER)
             for label in labels]
    if not ranks:
        return UNLABELLED
    worst = max(ranks)
    return UNLABELLED if worst == len(QUALITY_ORDER) else QUALITY_ORDER[worst]


def row_text(activity: pd.DataFrame) -> pd.DataFrame:
    """Per (year, category, activity): ``source``, ``note`` and ``x_`` columns (distinct values
    joined with ``; ``) and ``activity_quality`` (the weakest label of the rows, see
    :func:`weakest_quality`), for the inventory rows those activity rows add up to."""
    keys = ["year", "category", "activity"]
    text = [c for c in activity.columns if c in ("source", "note") or c.startswith(KEPT_PREFIX)]
    if activity.empty:
        return pd.DataFrame(columns=keys + list(dict.fromkeys(["source", "note", *text]))
                            + ["activity_quality"])
    frame = activity[keys].astype({"category": object, "activity": object})
    result = frame.drop_duplicates().reset_index(drop=True)
    for column in dict.fromkeys(["source", "note", *text]):
        if column not in activity.columns:
            result[column] = pd.Series("", index=result.index, dtype=object)
            continue
        values = frame.assign(value=strip_text(activity[column]).astype(object))
        joined = (values[values["value"].ne("")].drop_duplicates()
                  .groupby(keys, sort=False)["value"].agg("; ".join).rename(column))
        result = result.merge(joined, on=keys, how="left")
        result[column] = result[column].fillna("").astype(object)
    quality = activity["quality"] if "quality" in activity.columns else \
        pd.Series("", index=activity.index)
    labels = (frame.assign(value=strip_text(quality).astype(object)).drop_duplicates()
              .groupby(keys, sort=False)["value"].agg(weakest_quality).rename("activity_quality"))
    return result.merge(labels, on=keys, how="left")


def _warn_duplicates(frame: pd.DataFrame) -> None:
    """Warn once about rows identical in every column read, in one file or across files (they
    are added up as documented)."""
    columns = [c for c in frame.columns if c not in ("row", "file")]
    duplicated = frame["amount"].duplicated(keep=False)    # quick: candidates only
    if not duplicated.any():
        return
    duplicated[duplicated] = frame[duplicated].duplicated(subset=columns, keep=False)
    if not duplicated.any():
        return
    rows = frame.loc[duplicated, ["file", "row"]]
    shown = [f"{f} row {r}" for f, r in rows.head(6).itertuples(index=False)]
    more = f" and {len(rows) - 6} more" if len(rows) > 6 else ""
    warnings.warn(f"{len(rows)} rows are identical to another row and are added up like any "
                  f"rows with the same key (check they are not entered twice): "
                  f"{', '.join(shown)}{more}", DataWarning, stacklevel=3)


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
            spellings = sorted(set(aliases.values()) | set(aliases))
            hint = [h if aliases.get(h.lower()) == h else f"{h} ({aliases[h.lower()]})"
                    for h in vocabulary.nearest(name, spellings)]
            raise DataError(f"unknown activity '{name}'"
                            f"{' (nearest known: ' + ', '.join(hint) + ')' if hint else ''}; "
                            "expected a key of the factor library or its Chinese name",
                            file=where, row=row, column="activity")
        mapping[name] = key
    return names.map(mapping)


def _check_units(units: pd.Series, where: str) -> None:
    for unit in units.unique():
        if not unit:
            raise DataError("empty cell, expected a unit such as t, 万t, m3, 万m3, kWh, 万kWh, "
                            "MWh, GJ or tce", file=where, row=_first_row(units.eq(unit)),
                            column="unit")
        try:
            parse_unit(unit)
        except UnitError as exc:
            raise DataError(f"{exc}: expected a unit such as t, 万t, m3, 万m3, kWh, 万kWh, MWh, "
                            "GJ or tce", file=where, row=_first_row(units.eq(unit)),
                            column="unit") from None
