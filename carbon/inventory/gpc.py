"""The GPC view of an inventory: sub-sectors by scope, notation keys, BASIC and BASIC+ totals.

Global Protocol for Community-Scale Greenhouse Gas Emission Inventories (GPC, WRI/C40/ICLEI,
v1.0 2014, v1.1 2021), Table 4.1: every IPCC category and scope maps to a GPC reference
(``I.1.1`` residential scope 1, ``I.1.2`` its purchased electricity, ``III.1.2`` waste generated in
the city and landfilled outside, ...); ``data/gpc_subsectors.csv`` holds the mapping, the most
specific IPCC code winning. The reporting levels (GPC Ch. 3.3):

* **BASIC**: stationary energy and transportation (scopes 1 and 2), waste (scopes 1 and 3);
* **BASIC+**: BASIC plus IPPU and AFOLU (scope 1), transboundary transportation and
  transmission and distribution losses (scope 3).

Scope 1 of energy generation supplied to the grid (``I.4.4``) is reported but counts in neither
total, since its electricity is counted as scope 2 where it is used. A sub-sector without data is
shown with a notation key (GPC Section 2.3.3): **NO** not occurring, **NE** not estimated,
**IE** included elsewhere, **C** confidential; ``NE`` unless the user's notation-key table says
otherwise.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from carbon import paths
from carbon.errors import DataError
from carbon.tables import read_csv_text, require_columns, sheet_row

NOTATION_KEYS = {"NO": "not occurring", "NE": "not estimated", "IE": "included elsewhere",
                 "C": "confidential"}
DEFAULT_KEY = "NE"
VIEW_COLUMNS = ["year", "gpc_ref", "gpc_sector", "subsector", "scope", "gas", "emissions_t",
                "co2e_t", "notation_key", "explanation", "basic", "basic_plus", "categories"]


@functools.lru_cache(maxsize=1)
def subsectors() -> pd.DataFrame:
    """``data/gpc_subsectors.csv``: one row per GPC reference with its scope and IPCC codes."""
    path = paths.data_dir() / "gpc_subsectors.csv"
    table = read_csv_text(path).apply(lambda col: col.str.strip())
    table["scope"] = table["scope"].astype(int)
    for column in ("basic", "basic_plus"):
        table[column] = table[column].eq("1")
    return table


@functools.lru_cache(maxsize=1)
def _lookup() -> dict[tuple[str, int], str]:
    return {(code, int(scope)): ref for ref, scope, codes in
            subsectors()[["gpc_ref", "scope", "ipcc_codes"]].itertuples(index=False)
            for code in codes.split(";")}


def gpc_ref_of(category: str, scope: int) -> str:
    """The GPC reference of an IPCC category and scope (most specific code), or ``""``."""
    lookup = _lookup()
    parts = str(category).split(".")
    for depth in range(len(parts), 0, -1):
        ref = lookup.get((".".join(parts[:depth]), int(scope)))
        if ref:
            return ref
    return ""


def read_notation_keys(path: Path) -> pd.DataFrame:
    """A user's notation keys: ``gpc_ref, notation_key`` and optional ``explanation``."""
    path = Path(path)
    table = read_csv_text(path)
    require_columns(table, ["gpc_ref", "notation_key"], path)
    table = table.apply(lambda col: col.str.strip())
    if "explanation" not in table:
        table["explanation"] = ""
    known = set(subsectors()["gpc_ref"])
    for position, (ref, key) in enumerate(zip(table["gpc_ref"], table["notation_key"],
                                              strict=True)):
        if ref not in known:
            raise DataError(f"found '{ref}', expected a GPC reference of data/gpc_subsectors.csv "
                            "such as I.1.1 or III.1.2", file=path, row=sheet_row(position),
                            column="gpc_ref")
        if key not in NOTATION_KEYS:
            raise DataError(f"found '{key}', expected one of {', '.join(NOTATION_KEYS)}",
                            file=path, row=sheet_row(position), column="notation_key")
    table["file"], table["row"] = str(path), [sheet_row(i) for i in range(len(table))]
    return table


def gpc_view(inventory: pd.DataFrame, notation_keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inventory by GPC reference and gas, one row per year and reference with a notation
    key where there is no data.

    Columns: ``year, gpc_ref, gpc_sector, subsector, scope, gas, emissions_t, co2e_t,
    notation_key, explanation, basic, basic_plus, categories`` (the IPCC categories summed).
    Rows whose category and scope have no GPC reference keep ``gpc_ref`` empty and count in
    neither total (their scope totals still hold them).
    """
    missing = [c for c in ("year", "category", "scope", "gas", "emissions_t", "co2e_t")
               if c not in inventory.columns]
    if missing:
        raise DataError(f"argument 'inventory': the frame has no column '{missing[0]}'")
    table = subsectors().set_index("gpc_ref")
    pairs = inventory[["category", "scope"]].drop_duplicates()
    refs = {(c, s): gpc_ref_of(c, s) for c, s in pairs.itertuples(index=False)}
    frame = inventory.assign(gpc_ref=[refs[pair] for pair in
                                      zip(inventory["category"], inventory["scope"], strict=True)])
    data = frame.groupby(["year", "gpc_ref", "scope", "gas"], sort=True).agg(
        emissions_t=("emissions_t", "sum"), co2e_t=("co2e_t", "sum"),
        categories=("category", lambda s: ";".join(sorted(set(s))))).reset_index()
    data["notation_key"] = ""
    data["explanation"] = ""
    given = {} if notation_keys is None else {
        r.gpc_ref: r for r in notation_keys.itertuples(index=False)}
    filled = []
    for year in sorted(frame["year"].unique()):
        present = set(data.loc[data["year"] == year, "gpc_ref"])
        for ref in table.index:
            if ref in present:
                if ref in given:
                    row = given[ref]
                    raise DataError(f"notation key '{row.notation_key}' for {ref}, which has "
                                    f"data in {year}; expected no key where emissions are "
                                    "reported", file=row.file, row=row.row, column="gpc_ref")
                continue
            key = given[ref].notation_key if ref in given else DEFAULT_KEY
            explanation = given[ref].explanation if ref in given else \
                "no activity data in the inventory (default key)"
            filled.append({"year": year, "gpc_ref": ref, "scope": table.loc[ref, "scope"],
                           "gas": "", "emissions_t": np.nan, "co2e_t": np.nan,
                           "notation_key": key, "explanation": explanation, "categories": ""})
    view = pd.concat([data, pd.DataFrame(filled, columns=data.columns)], ignore_index=True)
    described = table.reindex(view["gpc_ref"])
    view["gpc_sector"] = described["gpc_sector"].fillna("not mapped").to_numpy()
    view["subsector"] = described["subsector"].fillna("no GPC sub-sector for this category and "
                                                      "scope").to_numpy()
    view["basic"] = described["basic"].fillna(False).astype(bool).to_numpy()
    view["basic_plus"] = described["basic_plus"].fillna(False).astype(bool).to_numpy()
    order = {ref: i for i, ref in enumerate(table.index)}
    view["_order"] = view["gpc_ref"].map(order).fillna(len(order))
    view = view.sort_values(["year", "_order", "gas"], kind="mergesort")
    return view[VIEW_COLUMNS].reset_index(drop=True)


def gpc_totals(view: pd.DataFrame) -> pd.DataFrame:
    """Per year: CO2e of scopes 1, 2 and 3 (the scopes framework), BASIC and BASIC+ (t)."""
    rows = []
    for year, group in view.groupby("year", sort=True):
        co2e = group["co2e_t"].fillna(0.0)
        row = {"year": year}
        for scope in (1, 2, 3):
            row[f"scope{scope}_co2e_t"] = float(co2e[group["scope"] == scope].sum())
        row["basic_co2e_t"] = float(co2e[group["basic"]].sum())
        row["basic_plus_co2e_t"] = float(co2e[group["basic_plus"]].sum())
        row["subsectors_with_notation_key"] = int(group["notation_key"].ne("").sum())
        rows.append(row)
    return pd.DataFrame(rows)
