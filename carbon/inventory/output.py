"""Writing the inventory: the tidy CSV, or an XLSX with a summary and the factors used.

Every file is written to a temporary name and renamed when complete. In XLSX, text taken from
inputs is written as text, never as a formula (a cell starting with ``=`` stays a string).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.compile import OUTPUT_COLUMNS
from carbon.inventory.gpc import gpc_totals, gpc_view
from carbon.inventory.uncertainty import Approach1, approach1_table
from carbon.tables import atomic_write

FACTOR_SHEET_COLUMNS = ["factor_id", "activity", "gas", "parameter", "category", "region", "year",
                        "value", "unit", "source", "source_ref", "quality", "notes", "file"]


def summarise(inventory: pd.DataFrame) -> dict[str, Any]:
    """CO2e by sector and gas, and the scope totals (t CO2e)."""
    by_sector_gas = inventory.pivot_table(index="sector", columns="gas", values="co2e_t",
                                          aggfunc="sum", fill_value=0.0)
    by_sector_gas["total"] = by_sector_gas.sum(axis=1)
    by_scope = inventory.groupby("scope")["co2e_t"].sum()
    return {"by_sector_gas": by_sector_gas, "by_scope": by_scope,
            "total_co2e_t": float(inventory["co2e_t"].sum())}


def factors_used(inventory: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """The library rows cited in ``factor_ids``, with their sources and quality."""
    ids = dict.fromkeys(i for cell in inventory["factor_ids"] for i in cell.split(";") if i)
    used = factors[factors["factor_id"].isin(ids)].drop_duplicates("factor_id")
    used = used.assign(year=used["year"].astype("Int64"))
    return used[FACTOR_SHEET_COLUMNS].sort_values(["activity", "gas", "parameter", "factor_id"])


def grid_factor_years(inventory: pd.DataFrame) -> list[int]:
    rows = inventory[(inventory["scope"] == 2) & inventory["factor_year"].notna()]
    return sorted({int(y) for y in rows["factor_year"]})


def write_inventory(inventory: pd.DataFrame, out: Path, *, factors: pd.DataFrame, gwp: str,
                    region: str | None, view: str = "inventory",
                    notation_keys: pd.DataFrame | None = None,
                    sheets: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write ``inventory`` to ``out`` (``.csv`` or ``.xlsx``), atomically.

    The XLSX always has a ``gpc`` sheet (:func:`gpc_sheet`) and one more sheet per entry of
    ``sheets`` (key categories, uncertainty); a CSV holds the inventory rows, or the GPC view
    with ``view="gpc"``, and each of ``sheets`` goes beside it as ``<stem>_<name>.csv``.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"--out must end in .csv or .xlsx, found '{out.name}'")
    if view not in ("inventory", "gpc"):
        raise DataError(f"--view: found '{view}', expected inventory or gpc")
    if suffix == ".csv":
        main = gpc_view(inventory, notation_keys) if view == "gpc" else inventory[OUTPUT_COLUMNS]
        frames = {out: main} | {out.with_name(f"{out.stem}_{name}.csv"): frame
                                for name, frame in (sheets or {}).items()}
        with contextlib.ExitStack() as stack:
            temporary = {path: stack.enter_context(atomic_write(path)) for path in frames}
            for path, frame in frames.items():
                frame.to_csv(temporary[path], index=False, encoding="utf-8")
        return out
    with atomic_write(out) as tmp:
        _write_xlsx(inventory, tmp, factors=factors, gwp=gwp, region=region,
                    sheets={"gpc": gpc_sheet(inventory, notation_keys)} | (sheets or {}))
    return out


def gpc_sheet(inventory: pd.DataFrame, notation_keys: pd.DataFrame | None = None
              ) -> pd.DataFrame:
    """The GPC view followed by its totals per year (scopes, BASIC, BASIC+) as extra rows."""
    view = gpc_view(inventory, notation_keys)
    totals = gpc_totals(view).drop(columns="subsectors_with_notation_key") \
        .melt(id_vars="year", var_name="subsector", value_name="co2e_t")
    totals["gpc_ref"] = "total"
    return pd.concat([view, totals], ignore_index=True)[view.columns]


def key_category_sheet(result: pd.DataFrame) -> pd.DataFrame:
    """Key categories (IPCC Approach 1), shares in percent."""
    shares = [c for c in result.columns if c.endswith(("_share", "_cumulative"))]
    table = result.copy()
    table[shares] = table[shares] * 100
    return table.rename(columns={c: f"{c}_pct" for c in shares})


def uncertainty_sheet(approach1: Approach1, monte_carlo: pd.DataFrame | None = None,
                      trend: pd.DataFrame | None = None) -> pd.DataFrame:
    """Approach 1 (Table 3.2 lines and the totals) and, if given, the Monte Carlo intervals of
    the level (t CO2e) and of the trend (``trend_*`` columns, % and percentage points)."""
    table = approach1_table(approach1).assign(method="approach 1 (Table 3.2)")
    total = {"method": "approach 1 (Table 3.2)", "category": "total",
             "co2e_t": approach1.total_co2e_t, "combined_uncertainty_pct": approach1.level_pct,
             "share_without_ad_uncertainty": approach1.share_without_ad,
             "share_without_ef_uncertainty": approach1.share_without_ef}
    if approach1.base_year is not None:
        total |= {"base_co2e_t": approach1.base_total_co2e_t,
                  "trend_pct": approach1.trend_pct,
                  "trend_uncertainty_pp": approach1.trend_uncertainty_pp}
    frames = [table, pd.DataFrame([total])]
    if monte_carlo is not None:
        frames.append(monte_carlo.rename(columns={monte_carlo.columns[1]: "category"})
                      .assign(method="approach 2 (Monte Carlo)"))
    if trend is not None:
        renamed = {c: c if c.startswith("trend") or c == "base_year" else f"trend_{c}"
                   for c in trend.columns}
        frames.append(trend.drop(columns=["year"]).rename(columns=renamed)
                      .assign(method="approach 2 (Monte Carlo), trend", category="total"))
    combined = pd.concat(frames, ignore_index=True)
    return combined[["method"] + [c for c in combined.columns if c != "method"]]


def _write_xlsx(inventory: pd.DataFrame, path: Path, *, factors: pd.DataFrame, gwp: str,
                region: str | None, sheets: dict[str, pd.DataFrame]) -> None:
    from openpyxl import Workbook

    summary = summarise(inventory)
    book = Workbook()
    sheet = book.active
    sheet.title = "summary"
    years = grid_factor_years(inventory)
    meta = [
        ["carbon inventory", ""],
        ["GWP set", f"{gwp} (100-year)"],
        ["region of factors", region or "any"],
        ["grid-factor year", ", ".join(map(str, years)) or "no purchased electricity"],
        ["inventory years", ", ".join(map(str, sorted(inventory["year"].unique())))],
        ["total CO2e (t)", summary["total_co2e_t"]],
    ]
    meta += [[f"scope {s} CO2e (t)", float(v)] for s, v in summary["by_scope"].items()]
    _append_rows(sheet, meta)
    sheet.append([])
    table = summary["by_sector_gas"].reset_index()
    _append_rows(sheet, [["CO2e (t) by sector and gas"]])
    _append_rows(sheet, [list(table.columns)] + table.values.tolist())
    _append_frame(book.create_sheet("inventory"), inventory[OUTPUT_COLUMNS])
    _append_frame(book.create_sheet("factors"), factors_used(inventory, factors))
    for name, frame in sheets.items():
        _append_frame(book.create_sheet(name), frame)
    book.save(path)


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _append_rows(sheet, rows) -> None:
    for row in rows:
        sheet.append([_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it starts with '='


def _append_frame(sheet, frame: pd.DataFrame) -> None:
    _append_rows(sheet, [list(frame.columns)])
    _append_rows(sheet, frame.astype(object).itertuples(index=False, name=None))
