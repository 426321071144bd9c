"""The emission-factor library: loading, user overrides, and choosing the factor for a record.

The library is long CSV files under ``data/emission_factors/`` (one value per row, columns in
``data/emission_factors/README.md``). A user's ``--factors`` files come first:

1. For every (activity, gas, parameter) that a user file gives, the shipped rows of that triple
   are set aside; a later user file wins over an earlier one for the same row key
   (activity, gas, parameter, category, region, year).
2. When a user gives an ``ef`` for a gas of an activity, the shipped parameters of that gas's
   route for that activity are set aside too (for CO2: ``carbon_content``, ``oxidation``), so
   a user's own factor is never silently outranked by the carbon-content route.

Then, among the rows left, the most specific match wins (:func:`select_factor`): an exact
category over a parent code over an empty one; the run's region over its parents
(``data/regions.csv``: hunan ⊂ central_china ⊂ CN) over an empty one; and for the year, the
row's own year, then a row for any year (empty), then the nearest earlier year, then the nearest
later one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbon import paths
from carbon.errors import DataError
from carbon.tables import numeric_column, read_csv_text, require_columns, sheet_row
from carbon.units import UnitError, parse_unit

FACTOR_COLUMNS = ["factor_id", "activity", "gas", "parameter", "category", "region", "year",
                  "value", "unit", "uncertainty_pct", "source", "source_ref", "quality", "notes"]
REQUIRED_USER_COLUMNS = ["activity", "gas", "parameter", "value", "unit"]
QUALITY_LABELS = {"verified", "unverified", "estimate"}
#: parameters that belong to the route of a gas; a user's ``ef`` for that gas sets them aside
ROUTE_PARAMETERS = {"CO2": {"carbon_content", "oxidation", "ckd"}}
NOT_FACTOR_FILES = {"activities.csv", "gwp.csv"}
ROW_KEY = ["activity", "gas", "parameter", "category", "region", "year"]


def read_factor_file(path: Path, *, user: bool) -> pd.DataFrame:
    """Read one factor file into the library's columns, validating every row.

    A user's file needs only ``activity, gas, parameter, value, unit``; absent columns are
    empty, a missing ``factor_id`` becomes ``FILE:ROW`` and a missing ``quality`` is
    ``unverified``.
    """
    path = Path(path)
    frame = read_csv_text(path)
    require_columns(frame, REQUIRED_USER_COLUMNS if user else FACTOR_COLUMNS, path)
    for column in FACTOR_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[FACTOR_COLUMNS].apply(lambda col: col.str.strip())
    rows = pd.Series([sheet_row(i) for i in range(len(frame))], index=frame.index)
    missing_id = frame["factor_id"].eq("")
    frame.loc[missing_id, "factor_id"] = [f"{path.name}:{r}" for r in rows[missing_id]]
    frame.loc[frame["quality"].eq(""), "quality"] = "unverified"
    for column in ("activity", "gas", "parameter"):
        empty = frame[column].eq("")
        if empty.any():
            raise DataError("empty cell, expected a value", file=path,
                            row=int(rows[empty].iloc[0]), column=column)
    frame["value"] = numeric_column(frame, "value", path)
    frame["year"] = numeric_column(frame, "year", path, integer=True, allow_empty=True)
    frame["uncertainty_pct"] = numeric_column(frame, "uncertainty_pct", path, minimum=0,
                                              allow_empty=True)
    for unit in frame["unit"].unique():
        try:
            parse_unit(unit)
        except UnitError as exc:
            first = int(rows[frame["unit"].eq(unit)].iloc[0])
            raise DataError(f"{exc}: expected a unit such as kg/TJ, GJ/t, tC/TJ or t/MWh",
                            file=path, row=first, column="unit") from None
    bad_quality = ~frame["quality"].isin(QUALITY_LABELS)
    if bad_quality.any():
        raise DataError(f"found '{frame['quality'][bad_quality].iloc[0]}', expected one of "
                        f"{', '.join(sorted(QUALITY_LABELS))}", file=path,
                        row=int(rows[bad_quality].iloc[0]), column="quality")
    frame["year"] = frame["year"].astype("Float64")
    frame["file"] = str(path)
    frame["row"] = rows
    frame["user"] = user
    return frame


def shipped_factor_files() -> list[Path]:
    """The factor CSVs shipped in ``data/emission_factors/`` (not the vocabulary or GWPs)."""
    return sorted(p for p in paths.factors_dir().glob("*.csv") if p.name not in NOT_FACTOR_FILES)


@functools.lru_cache(maxsize=4)
def _shipped_library() -> pd.DataFrame:
    return pd.concat([read_factor_file(p, user=False) for p in shipped_factor_files()],
                     ignore_index=True)


def load_factors(user_files: tuple[Path, ...] | list[Path] = ()) -> pd.DataFrame:
    """The factor library with the user's files applied (rules in the module docstring)."""
    shipped = _shipped_library()
    duplicated = shipped["factor_id"].duplicated()
    if duplicated.any():
        row = shipped[duplicated].iloc[0]
        raise DataError(f"factor_id '{row['factor_id']}' is used twice in the library",
                        file=row["file"], row=int(row["row"]), column="factor_id")
    if not user_files:
        return shipped
    user = pd.concat([read_factor_file(Path(p), user=True) for p in user_files],
                     ignore_index=True)
    key = user[ROW_KEY].astype(object).where(user[ROW_KEY].notna(), "").astype(str) \
        .agg("|".join, axis=1)
    user = user[~key.duplicated(keep="last")]
    triples = set(map(tuple, user[["activity", "gas", "parameter"]].to_numpy()))
    drop = pd.Series(
        [t in triples for t in map(tuple, shipped[["activity", "gas", "parameter"]].to_numpy())],
        index=shipped.index)
    for activity, gas in set(map(tuple, user.loc[user["parameter"].eq("ef"),
                                                 ["activity", "gas"]].to_numpy())):
        route = ROUTE_PARAMETERS.get(gas, set())
        drop |= shipped["activity"].eq(activity) & shipped["parameter"].isin(route)
    return pd.concat([user, shipped[~drop]], ignore_index=True)


def _parents(file: str) -> dict[str, str]:
    table = read_csv_text(paths.data_dir() / file)
    return dict(zip(table["region"].str.strip(), table["parent"].str.strip(), strict=True))


def _walk(region: str, parent: dict[str, str]) -> list[str]:
    chain = [region]
    while parent.get(chain[-1]) and parent[chain[-1]] not in chain:
        chain.append(parent[chain[-1]])
    return chain


@functools.lru_cache(maxsize=8)
def region_chain(region: str | None) -> tuple[str, ...]:
    """The region and its parents, most specific first, then ``""``.

    Two schemes: the grid hierarchy of ``data/regions.csv`` (hunan ⊂ central_china ⊂ CN) and the
    agricultural regions of ``data/agricultural_regions.csv`` (hunan ⊂ central_south 中南 ⊂ CN).
    The intermediate regions of both come between the region itself and their common root.
    """
    if not region:
        return ("",)
    grid = _walk(region, _parents("regions.csv"))
    farm = _walk(region, _parents("agricultural_regions.csv"))
    middle = [r for r in grid[1:] if r not in farm] + [r for r in farm[1:] if r not in grid]
    roots = [r for r in grid[1:] if r in farm]
    return (region, *middle, *roots, "")


def known_regions() -> list[str]:
    return sorted(set(_parents("regions.csv")) | set(_parents("agricultural_regions.csv")))


def _category_rank(factor_category: str, category: str) -> int:
    """Depth of the matching code (higher is more specific), -1 for empty, None if no match."""
    if not factor_category:
        return 0
    if category == factor_category or category.startswith(factor_category + "."):
        return 1 + factor_category.count(".")
    return -1


@dataclass(frozen=True)
class Factor:
    """One chosen library row."""

    factor_id: str
    value: float
    unit: str
    year: int | None

    @property
    def quantity(self):
        return self.value * parse_unit(self.unit)


def index_factors(factors: pd.DataFrame) -> dict[tuple[str, str, str], pd.DataFrame]:
    """The library split by (activity, gas, parameter), for fast repeated selection."""
    return {key: group for key, group in factors.groupby(["activity", "gas", "parameter"])}


def select_factor(index: dict, activity: str, gas: str, parameter: str, *, category: str,
                  year: int, region: str | None) -> Factor | None:
    """The most specific library row for a record, or ``None`` if there is none."""
    candidates = index.get((activity, gas, parameter))
    if candidates is None:
        return None
    chain = region_chain(region)
    best_key, best = None, None
    for row in candidates.itertuples(index=False):
        category_rank = _category_rank(row.category, category)
        if category_rank < 0 or row.region not in chain:
            continue
        region_rank = len(chain) - chain.index(row.region)
        if pd.isna(row.year):
            year_rank = (2, 0)
        elif int(row.year) == year:
            year_rank = (3, 0)
        elif int(row.year) < year:
            year_rank = (1, int(row.year))          # nearest earlier
        else:
            year_rank = (0, -int(row.year))         # nearest later
        # user rows come first in the frame; on a full tie the first row wins
        key = (category_rank, region_rank, year_rank)
        if best_key is None or key > best_key:
            best_key, best = key, row
    if best is None:
        return None
    return Factor(best.factor_id, float(best.value), best.unit,
                  None if pd.isna(best.year) else int(best.year))


def activity_gases(factors: pd.DataFrame) -> dict[str, list[str]]:
    """The gases each activity has an emission route for (an ``ef`` or a carbon content)."""
    gases: dict[str, set[str]] = {}
    for activity, gas, parameter in factors[["activity", "gas", "parameter"]].drop_duplicates() \
            .itertuples(index=False):
        if parameter == "ef" and gas != "-":
            gases.setdefault(activity, set()).add(gas)
        elif parameter == "carbon_content":
            gases.setdefault(activity, set()).add("CO2")
    order = {"CO2": 0, "CH4": 1, "N2O": 2}
    return {a: sorted(g, key=lambda x: (order.get(x, 9), x)) for a, g in gases.items()}
