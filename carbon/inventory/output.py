"""Writing the inventory: the tidy CSV, or an XLSX with a summary and the factors used.

Every file is written to a temporary name and renamed when complete (``carbon.tables``). The CSV
is UTF-8 with a byte-order mark, its text cells guarded against formulas; in XLSX, text taken from
inputs is written as text, never as a formula (a cell starting with ``=`` stays a string), years
are integers and emissions have a number format. Totals are per inventory year, never summed
across years.

Two views of the sectors are shown, each labelled: by consuming sector, scope 1 + 2 (purchased
electricity and heat counted in the sector that uses them), and scope 1 by sector (emissions
released inside the city, where they are released; the view the pathway model's base-year check
uses, which counts grid electricity in power).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pandas as pd

from carbon import tables
from carbon.errors import DataError
from carbon.inventory.compile import OUTPUT_COLUMNS, TEXT_COLUMNS
from carbon.inventory.gpc import gpc_totals, gpc_view
from carbon.inventory.uncertainty import Approach1, approach1_table
from carbon.tables import atomic_write

FACTOR_SHEET_COLUMNS = ["factor_id", "activity", "gas", "parameter", "category", "region", "year",
                        "value", "unit", "source", "source_ref", "quality", "notes", "file"]


#: the label of each sector view, wherever it is shown
CONSUMING_VIEW = "by consuming sector, scope 1+2"
SCOPE1_VIEW = "scope 1 by sector"
VIEWS_NOTE = ("scope 1+2 counts purchased electricity and heat in the sector that uses them; "
              "scope 1 counts emissions where they are released (the pathway base-year check's "
              "view, with grid electricity in power)")


def summarise(inventory: pd.DataFrame, year: int | None = None) -> dict[str, Any]:
    """Per inventory year: CO2e by sector and gas, the scope totals, and the gross and net totals.

    ``by_sector_gas[year]`` has one column per gas, ``total`` (by consuming sector, scope 1 + 2)
    and ``scope 1`` (scope 1 by sector); ``by_scope`` is year × scope. The gross total leaves out
    the sinks of land (3.B rows with negative emissions), the net total (``total_co2e_t``)
    includes them; the two are always reported apart. Totals are Series by year; with ``year``
    the summary covers that year only and the totals are numbers [t CO2e].
    """
    if year is not None:
        inventory = inventory[inventory["year"] == year]
    by_sector_gas: dict[int, pd.DataFrame] = {}
    for each_year, rows in inventory.groupby("year", sort=True):
        table = rows.pivot_table(index="sector", columns="gas", values="co2e_t", aggfunc="sum",
                                 fill_value=0.0)
        table["total"] = table.sum(axis=1)
        scope1 = rows[rows["scope"] == 1].groupby("sector")["co2e_t"].sum()
        table["scope 1"] = scope1.reindex(table.index).fillna(0.0)
        by_sector_gas[int(each_year)] = table
    by_scope = inventory.pivot_table(index="year", columns="scope", values="co2e_t",
                                     aggfunc="sum", fill_value=0.0)
    sink = inventory["category"].astype(str).str.startswith("3.B") & (inventory["co2e_t"] < 0)
    net = inventory.groupby("year")["co2e_t"].sum()
    sinks = inventory[sink].groupby("year")["co2e_t"].sum().reindex(net.index, fill_value=0.0)
    totals: dict[str, Any] = {"total_co2e_t": net, "net_co2e_t": net, "sink_co2e_t": sinks,
                              "gross_co2e_t": net - sinks}
    if year is not None:
        totals = {k: float(v.sum()) for k, v in totals.items()}
    return {"by_sector_gas": by_sector_gas, "by_scope": by_scope, **totals}


def output_columns(inventory: pd.DataFrame) -> list[str]:
    """The columns written: the contract's, the carried text, then the user's ``x_`` columns."""
    base = OUTPUT_COLUMNS + [c for c in TEXT_COLUMNS if c in inventory.columns]
    return base + [c for c in inventory.columns if c.startswith("x_") and c not in base]


def factors_used(inventory: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """The library rows cited in ``factor_ids``, with their sources and quality."""
    ids = dict.fromkeys(i for cell in inventory["factor_ids"] for i in cell.split(";") if i)
    used = factors[factors["factor_id"].isin(ids)].drop_duplicates("factor_id")
    used = used.assign(year=used["year"].astype("Int64"))
    return used[FACTOR_SHEET_COLUMNS].sort_values(["activity", "gas", "parameter", "factor_id"])


def grid_factor_years(inventory: pd.DataFrame) -> list[int]:
    rows = inventory[(inventory["scope"] == 2) & inventory["factor_year"].notna()]
    return sorted({int(y) for y in rows["factor_year"]})


def check_output(out: Path, inputs: list[Path]) -> None:
    """Refuse an output path that is one of the inputs (it would be overwritten) or a bad suffix."""
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise DataError(f"--out must end in .csv or .xlsx, found '{out.name}'")
    for path in map(Path, inputs):
        if path.resolve() == out.resolve() or (out.is_file() and path.is_file()
                                               and os.path.samefile(path, out)):
            raise DataError(f"--out {out} is one of the input files: it would be overwritten; "
                            "choose another name")


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
    missing = [c for c in OUTPUT_COLUMNS if c not in inventory.columns]
    if missing:
        raise DataError(f"the inventory to write has no column '{missing[0]}' (expected the "
                        f"columns of carbon.inventory.compile: {', '.join(OUTPUT_COLUMNS)})")
    if suffix == ".csv":
        main = gpc_view(inventory, notation_keys) if view == "gpc" else \
            inventory[output_columns(inventory)]
        frames = {out: main} | {out.with_name(f"{out.stem}_{name}.csv"): frame
                                for name, frame in (sheets or {}).items()}
        with contextlib.ExitStack() as stack:
            temporary = {path: stack.enter_context(atomic_write(path)) for path in frames}
            for path, frame in frames.items():
                # UTF-8 with a byte-order mark, text cells guarded (carbon.tables.write_csv)
                tables.guard_cells(frame).to_csv(temporary[path], index=False,
                                                 encoding="utf-8-sig")
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
    ]
    _append_rows(sheet, meta)
    for year, table in summary["by_sector_gas"].items():
        sheet.append([])
        _append_rows(sheet, [
            [f"{year}: total CO2e (t)", float(summary["total_co2e_t"][year])],
            [f"{year}: gross CO2e without sinks (t)", float(summary["gross_co2e_t"][year])],
            [f"{year}: land sinks CO2e (t)", float(summary["sink_co2e_t"][year])]])
        _append_rows(sheet, [[f"{year}: scope {s} CO2e (t)", float(v)]
                             for s, v in summary["by_scope"].loc[year].items()])
        _append_rows(sheet, [[f"{year}: CO2e (t) {CONSUMING_VIEW}; last column: {SCOPE1_VIEW}"]])
        frame = table.reset_index()
        _append_rows(sheet, [list(frame.columns)] + frame.values.tolist())
    _append_rows(sheet, [[], [VIEWS_NOTE]])
    _append_quality_block(sheet, inventory)
    _format_numbers(sheet)
    sheet.column_dimensions["A"].width = 28
    inventory_sheet = book.create_sheet("inventory")
    _append_frame(inventory_sheet, inventory[output_columns(inventory)])
    _format_numbers(inventory_sheet)
    factor_sheet = book.create_sheet("factors")
    _append_frame(factor_sheet, factors_used(inventory, factors))
    _append_data_gaps_sheet(book, inventory, factors)
    for name, frame in sheets.items():
        _append_frame(book.create_sheet(name), frame)
    book.save(path)


def _format_numbers(sheet) -> None:
    """Thousands separators and three decimals on fractional numbers; integers (years) as is."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.000"
            elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = "0"


def _append_quality_block(sheet, inventory: pd.DataFrame) -> None:
    """Share of CO2e on verified, corroborated, unverified and estimated factors and activity."""
    if "factor_quality" not in inventory.columns:
        return
    from carbon.inventory.quality import quality_shares

    shares = quality_shares(inventory, year=int(inventory["year"].max()))
    sheet.append([])
    _append_rows(sheet, [["share of CO2e by data quality (per inventory row, before totals)"]])
    _append_rows(sheet, [list(shares.columns)] + shares.values.tolist())


def _append_data_gaps_sheet(book, inventory: pd.DataFrame, factors: pd.DataFrame) -> None:
    """The inputs and factors to collect first, ranked by their share of the latest year's total
    CO2e (a deposition history's earlier years would otherwise count the landfill many times)."""
    if "factor_quality" not in inventory.columns:
        return
    from carbon.inventory.quality import data_gaps

    latest = inventory[inventory["year"] == inventory["year"].max()]
    _append_frame(book.create_sheet("data_gaps"), data_gaps(latest, factors))


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and pd.isna(value):
        return None
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
