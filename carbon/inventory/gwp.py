"""Global warming potentials (100-year) by IPCC assessment report: SAR, AR4, AR5, AR6.

The values are data (``data/emission_factors/gwp.csv``: ``gas, gwp_set, origin, value, source,
source_ref, quality, notes``). AR6 gives CH4 by origin (IPCC AR6 WGI Ch. 7 Table 7.15): fossil
29.8 for categories 1 (energy) and 2 (IPPU), non-fossil 27.0 for categories 3 (AFOLU) and 4
(waste) and for biomass fuels (family ``biomass`` in ``activities.csv``) burned in category 1.
``co2e_t = emissions_t × GWP``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from carbon import paths
from carbon.errors import DataError
from carbon.inventory import vocabulary
from carbon.tables import numeric_column, read_csv_text

GWP_SETS = ("SAR", "AR4", "AR5", "AR6")
FOSSIL_CATEGORY_ROOTS = ("1", "2")


@functools.lru_cache(maxsize=1)
def gwp_table() -> pd.DataFrame:
    path = paths.factors_dir() / "gwp.csv"
    table = read_csv_text(path).apply(lambda col: col.str.strip())
    table["value"] = numeric_column(table, "value", path, minimum=0)
    return table


def origin_of(category: str, activity: str | None = None) -> str:
    """``fossil`` for energy and IPPU categories, ``non_fossil`` for AFOLU and waste and for
    biomass fuels burned in energy."""
    if activity is not None and vocabulary.family_by_activity().get(activity) == "biomass":
        return "non_fossil"
    return "fossil" if str(category).split(".")[0] in FOSSIL_CATEGORY_ROOTS else "non_fossil"


def gwp_values(inventory: pd.DataFrame, gwp_set: str) -> np.ndarray:
    """The GWP of each row's gas (and, in AR6, of its CH4 origin) under ``gwp_set``."""
    if gwp_set not in GWP_SETS:
        raise DataError(f"unknown GWP set '{gwp_set}', expected one of {', '.join(GWP_SETS)}")
    table = gwp_table()
    table = table[table["gwp_set"] == gwp_set]
    plain = dict(zip(table.loc[table["origin"] == "", "gas"],
                     table.loc[table["origin"] == "", "value"], strict=True))
    by_origin = {(g, o): v for g, o, v in
                 table.loc[table["origin"] != "", ["gas", "origin", "value"]]
                 .itertuples(index=False)}
    values = np.empty(len(inventory))
    activities = inventory["activity"] if "activity" in inventory.columns \
        else pd.Series([None] * len(inventory), index=inventory.index)
    for i, (gas, category, activity) in enumerate(zip(inventory["gas"], inventory["category"],
                                                      activities, strict=True)):
        value = by_origin.get((gas, origin_of(category, activity)), plain.get(gas))
        if value is None:
            raise DataError(f"gas '{gas}' has no GWP in set {gwp_set} (data/emission_factors/"
                            "gwp.csv)")
        values[i] = value
    return values
