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

Conventions: a row whose ``convention`` is ``cn`` or ``ipcc`` belongs to one route only; an empty
``convention`` serves both. :func:`load_factors` keeps the rows of the chosen convention (default
``cn``: the customary Chinese carbon-content × oxidation pairs, raw coal 1.900 t CO2/t) and drops
the other's, so ``ipcc`` falls back to the IPCC 2006 Vol. 2 Table 1.4 CO2 factors (raw coal
20.908 GJ/t × 94,600 kg/TJ = 1.978 t CO2/t).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbon import paths
from carbon.errors import DataError
from carbon.inventory.vocabulary import nearest
from carbon.tables import numeric_column, read_csv_text, require_columns, sheet_row
from carbon.units import UnitError, parse_unit

REQUIRED_SHIPPED_COLUMNS = ["factor_id", "activity", "gas", "parameter", "category", "region",
                            "year", "value", "unit", "uncertainty_pct", "source", "source_ref",
                            "quality", "notes"]
#: ``convention`` is optional in every file (absent = empty = both conventions)
FACTOR_COLUMNS = REQUIRED_SHIPPED_COLUMNS + ["convention"]
REQUIRED_USER_COLUMNS = ["activity", "gas", "parameter", "value", "unit"]
#: strongest first: checked against the source, matching two secondary sources, not checked,
#: chosen by the library
QUALITY_LABELS = ("verified", "corroborated", "unverified", "estimate")
CONVENTIONS = ("cn", "ipcc")
DEFAULT_CONVENTION = "cn"
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
    require_columns(frame, REQUIRED_USER_COLUMNS if user else REQUIRED_SHIPPED_COLUMNS, path)
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
    frame["value"] = numeric_column(frame, "value", path, minimum=0)
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
                        f"{', '.join(QUALITY_LABELS)}", file=path,
                        row=int(rows[bad_quality].iloc[0]), column="quality")
    _check_meaning(frame, rows, path)
    bad_convention = ~frame["convention"].isin(("", *CONVENTIONS))
    if bad_convention.any():
        raise DataError(f"found '{frame['convention'][bad_convention].iloc[0]}', expected "
                        f"{' or '.join(CONVENTIONS)} or empty (both)", file=path,
                        row=int(rows[bad_convention].iloc[0]), column="convention")
    if not user:
        for column in ("source", "source_ref"):
            empty = frame[column].eq("")
            if empty.any():
                raise DataError("empty cell: every shipped factor names its source",
                                file=path, row=int(rows[empty].iloc[0]), column=column)
    frame["year"] = frame["year"].astype("Float64")
    frame["file"] = str(path)
    frame["row"] = rows
    frame["user"] = user
    return frame


#: parameters a factor row may give: the fuel routes' and the method parameters of DESIGN.md;
#: the parameters the methods read (``FRACTIONS``, ``NON_NEGATIVE`` of
#: :mod:`carbon.inventory.methods.common`, e.g. ``season_days``) and those of a shipped file are
#: known too, and so is ``name:qualifier`` for any name a shipped file qualifies (``blend:R-999X``,
#: ``sf_w:<regime>``, ``ms_mcf:<system>``, ...)
ROUTE_UNITS = {
    "ncv": (("[energy]/[mass]", "[energy]/[volume]"), "an energy per unit (GJ/t, GJ/10^4 m^3)"),
    "carbon_content": (("[mass]/[energy]",), "a mass of carbon per energy (tC/TJ)"),
    "oxidation": (("[]",), "a fraction (empty unit)"),
}
KNOWN_PARAMETERS = {"ef", *ROUTE_UNITS, "doc", "doc_f", "mcf", "k", "f", "ox", "b0"}
#: what an ``ef`` is per: one of these times the ef's unit must be a mass
_EF_PER = ("t", "GJ", "m^3", "head", "person", "ha", "km", "")


def _check_meaning(frame: pd.DataFrame, rows: pd.Series, path: Path) -> None:
    """Refuse a parameter carbon does not know (a misspelt ``eff`` would be silently unused),
    a gas without a GWP, and a unit that does not fit its parameter; naming file, row, column."""
    from carbon.inventory.gwp import gwp_table

    known = known_parameters()
    qualified = _qualified_names()
    bad = ~frame["parameter"].map(lambda p: _known_parameter(p, known, qualified)).astype(bool)
    if bad.any():
        found = frame.loc[bad, "parameter"].iloc[0]
        raise DataError(_unknown_parameter(found, known, qualified), file=path,
                        row=int(rows[bad].iloc[0]), column="parameter")
    gases = set(gwp_table()["gas"]) | {"-"}
    bad = ~frame["gas"].isin(gases)
    if bad.any():
        found = frame.loc[bad, "gas"].iloc[0]
        near = nearest(found, sorted(gases))
        raise DataError(f"unknown gas '{found}'"
                        f"{' (nearest known: ' + ', '.join(near) + ')' if near else ''}"
                        "; a gas needs a GWP in data/emission_factors/gwp.csv",
                        file=path, row=int(rows[bad].iloc[0]), column="gas")
    for (parameter, gas, unit), group in frame.groupby(["parameter", "gas", "unit"]).groups.items():
        message = _unit_misfit(parameter, gas, unit)
        if message:
            raise DataError(f"unit '{unit}' does not fit parameter '{parameter}': expected "
                            f"{message}", file=path, row=int(rows[group].min()), column="unit")


def _unit_misfit(parameter: str, gas: str, unit: str) -> str | None:
    quantity = parse_unit(unit)
    if parameter in ROUTE_UNITS:
        dimensions, expected = ROUTE_UNITS[parameter]
        return None if any(quantity.check(d) for d in dimensions) else expected
    if parameter == "ef" and gas != "-":
        fits = any((quantity * parse_unit(per)).check("[mass]") for per in _EF_PER)
        return None if fits else "a mass of gas per unit of activity or energy (kg/TJ, t/MWh, t/t)"
    return None


def known_parameters() -> frozenset[str]:
    """Every parameter name a factor row may give as it is (qualified names of shipped rows too).

    A method parameter that is read only with a qualifier (``blend``, ``sf_w``, ...) is not known
    bare: a bare ``blend`` row would be silently unused.
    """
    from carbon.inventory.methods.common import FRACTIONS, NON_NEGATIVE, SEASON_DAYS

    shipped = _shipped_parameters()
    methods = (FRACTIONS | NON_NEGATIVE | SEASON_DAYS) - (_qualified_names() - shipped)
    return frozenset(KNOWN_PARAMETERS | methods | shipped)


@functools.lru_cache(maxsize=1)
def _qualified_names() -> frozenset[str]:
    """The names a shipped file gives with a ``:qualifier`` (``blend``, ``mcf``, ``sf_w``, ...)."""
    return frozenset(p.partition(":")[0] for p in _shipped_parameters() if ":" in p)


def _known_parameter(parameter: str, known: frozenset[str], qualified: frozenset[str]) -> bool:
    name, colon, qualifier = parameter.partition(":")
    return parameter in known or bool(colon and qualifier.strip() and name in qualified)


def _unknown_parameter(found: str, known: frozenset[str], qualified: frozenset[str]) -> str:
    """``unknown parameter 'X' (nearest known: ...)``; a qualified name is matched by its name."""
    name, colon, qualifier = found.partition(":")
    if colon and qualifier.strip() and name not in qualified:
        near = [name] if name in known else \
            [f"{n}:{qualifier}" for n in nearest(name, sorted(qualified))]
        hint = f" (nearest known: {', '.join(near)})" if near else ""
        return (f"unknown parameter '{found}'{hint}; expected one of "
                f"{', '.join(sorted(qualified))} before the ':'")
    near = nearest(found, sorted(known))
    hint = f" (nearest known: {', '.join(near)})" if near else ""
    return (f"unknown parameter '{found}'{hint}; expected ef, ncv, carbon_content, oxidation or "
            "a method parameter (data/emission_factors/README.md)")


@functools.lru_cache(maxsize=1)
def _shipped_parameters() -> frozenset[str]:
    return frozenset(p for f in shipped_factor_files()
                     for p in read_csv_text(f)["parameter"].str.strip())


def shipped_factor_files() -> list[Path]:
    """The factor CSVs shipped in ``data/emission_factors/`` (not the vocabulary or GWPs)."""
    return sorted(p for p in paths.factors_dir().glob("*.csv") if p.name not in NOT_FACTOR_FILES)


@functools.lru_cache(maxsize=4)
def _shipped_library() -> pd.DataFrame:
    return pd.concat([read_factor_file(p, user=False) for p in shipped_factor_files()],
                     ignore_index=True)


def load_factors(user_files: tuple[Path, ...] | list[Path] = (), *,
                 convention: str = DEFAULT_CONVENTION) -> pd.DataFrame:
    """The factor library with the user's files applied (rules in the module docstring).

    Rows of the other ``convention`` are dropped, shipped and user rows alike.
    """
    if convention not in CONVENTIONS:
        raise DataError(f"unknown convention '{convention}': expected {' or '.join(CONVENTIONS)}")
    shipped = _shipped_library()
    duplicated = shipped["factor_id"].duplicated()
    if duplicated.any():
        row = shipped[duplicated].iloc[0]
        raise DataError(f"factor_id '{row['factor_id']}' is used twice in the library",
                        file=row["file"], row=int(row["row"]), column="factor_id")
    shipped = shipped[shipped["convention"].isin(("", convention))]
    if not user_files:
        return shipped.reset_index(drop=True)
    user = pd.concat([read_factor_file(Path(p), user=True) for p in user_files],
                     ignore_index=True)
    user = user[user["convention"].isin(("", convention))]
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
    """Depth of the matching code (higher is more specific): 0 for an empty factor category
    (it fits every category), 1 + the number of dots for a match, -1 for no match."""
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
