"""Methods that are more than one multiplication, one module per concept.

:func:`split` sends each activity row either to the ordinary ``ef`` route of
:mod:`carbon.inventory.compile` or to one of these methods; :func:`compile_methods` runs them and
returns rows of the tidy inventory frame (without CO2e, which the caller adds under the chosen
GWP set). Options (``rice_method``, ``fod_timing``, ``mcf_vintage``) are described in
:data:`OPTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from carbon.errors import DataError
from carbon.inventory import vocabulary
from carbon.inventory.methods import agriculture, fgas, ippu, land, waste
from carbon.inventory.methods.common import Context, text, validate_parameters

#: the run's method choices and their defaults
OPTIONS = {
    "rice_method": "cn_seasonal",   # or "ipcc_daily"; a row's own `method` column wins
    "fod_timing": "next_year",      # or "same_year"
    "mcf_vintage": "2019",          # or "2006" (IPCC wastewater MCF tables)
}

Method = Callable[[pd.DataFrame, Context], list[dict]]


def _route(record: pd.Series, family: str, options: dict) -> str | None:
    category = record["category"]
    if family in ("clinker", "glass", "refrigerant", "soil_n", "forest"):
        return family
    if category.startswith("3.A.2") and text(record, "ms_shares"):
        return "manure"
    if category.startswith("3.C.7") and \
            agriculture.rice_method(record, options["rice_method"]) == "ipcc_daily":
        return "rice"
    # waste methods take the library's waste activities; a user's own activity in these
    # categories, with its own ``ef``, goes through the ordinary factor route
    if category.startswith("4.A") and family == "solid_waste":
        return "swds"
    if category.startswith("4.C") and family == "solid_waste":
        return "incineration"
    if category.startswith("4.D") and family == "wastewater":
        return "wastewater"
    return None


METHODS: dict[str, Method] = {
    "clinker": ippu.cement, "glass": ippu.glass, "refrigerant": fgas.refrigeration,
    "manure": agriculture.manure, "rice": agriculture.rice_daily, "soil_n": agriculture.soils,
    "forest": land.forest, "swds": waste.solid_waste_disposal,
    "incineration": waste.incineration, "wastewater": waste.wastewater,
}


def parse_years(texts: Iterable[str]) -> tuple[int, ...]:
    """Years from ``2030``, ``2021-2030`` or ``2021,2025`` (for ``--years``)."""
    years: list[int] = []
    for chunk in (c for t in texts for c in str(t).split(",") if c.strip()):
        first, _, last = chunk.strip().partition("-")
        try:
            start, end = int(first), int(last or first)
        except ValueError:
            raise DataError(f"--years: found '{chunk.strip()}', expected a year (2030) or a "
                            "range (2021-2030)") from None
        if not 1990 <= start <= end <= 2100:
            raise DataError(f"--years: found '{chunk.strip()}', expected years between 1990 "
                            "and 2100, the first not after the last")
        years += range(start, end + 1)
    return tuple(sorted(set(years)))


def resolve_options(options: dict | None) -> dict:
    resolved = {**OPTIONS, **(options or {})}
    unknown = set(resolved) - set(OPTIONS) - {"gwp"}
    if unknown:
        raise DataError(f"unknown inventory option '{sorted(unknown)[0]}', expected one of "
                        f"{', '.join(OPTIONS)}")
    return resolved


def split(activity: pd.DataFrame, options: dict) -> tuple[pd.DataFrame, pd.Series]:
    """The rows for the ``ef`` route, and the method name of every other row (by index)."""
    family = vocabulary.family_by_activity()
    routes = pd.Series([_route(r, family.get(r["activity"], ""), options)
                        for _, r in activity.iterrows()], index=activity.index, dtype=object)
    rice = activity["category"].str.startswith("3.C.7")
    if rice.any():
        methods = routes[rice].fillna("cn_seasonal")
        agriculture.check_rice_counted_once(activity[rice], methods)
    return activity[routes.isna()], routes.dropna()


def compile_methods(activity: pd.DataFrame, routes: pd.Series, factors: pd.DataFrame, *,
                    region: str | None, years: Iterable[int] = (),
                    options: dict | None = None) -> pd.DataFrame:
    """Rows of the inventory frame from the method-routed activity rows."""
    columns = ["year", "category", "activity", "gas", "scope", "emissions_t", "factor_ids",
               "energy_gj", "factor_year"]
    if routes.empty:
        return pd.DataFrame(columns=columns)
    validate_parameters(factors)
    ctx = Context(factors, region, tuple(int(y) for y in years), resolve_options(options))
    rows: list[dict] = []
    for name in METHODS:
        selected = activity.loc[routes.index[routes == name]]
        if not selected.empty:
            rows += METHODS[name](selected, ctx)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.groupby(["year", "category", "activity", "gas", "scope"], sort=True).agg(
        emissions_t=("emissions_t", "sum"),
        factor_ids=("factor_ids", lambda s: ";".join(dict.fromkeys(";".join(s).split(";")))),
        energy_gj=("energy_gj", lambda s: s.sum(min_count=1)),
        factor_year=("factor_year", "first"),
    ).reset_index()
