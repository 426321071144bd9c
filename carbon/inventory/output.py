"""Writing the inventory: the tidy CSV, or an XLSX with a summary and the factors used.

Every file is written to a temporary name and renamed when complete. In XLSX, text taken from
inputs is written as text, never as a formula (a cell starting with ``=`` stays a string).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.compile import OUTPUT_COLUMNS
from carbon.tables import atomic_write

FACTOR_SHEET_COLUMNS = ["factor_id", "activity", "gas", "parameter", "category", "region", "year",
                        "value", "unit", "source", "source_ref", "quality", "notes", "file"]


def summarise(inventory: pd.DataFrame, year: int | None = None) -> dict[str, Any]:
    """CO2e by sector and gas, the scope totals, and gross and net totals (t CO2e).

    ``year`` limits the summary to one year (a First Order Decay series spans many). The gross
    total leaves out the sinks of land (3.B rows with negative emissions); the net total
    includes them; the two are always reported apart.
    """
    if year is not None:
        inventory = inventory[inventory["year"] == year]
    by_sector_gas = inventory.pivot_table(index="sector", columns="gas", values="co2e_t",
                                          aggfunc="sum", fill_value=0.0)
    by_sector_gas["total"] = by_sector_gas.sum(axis=1)
    by_scope = inventory.groupby("scope")["co2e_t"].sum()
    sink = inventory["category"].str.startswith("3.B") & (inventory["co2e_t"] < 0)
    net = float(inventory["co2e_t"].sum())
    return {"by_sector_gas": by_sector_gas, "by_scope": by_scope, "total_co2e_t": net,
            "net_co2e_t": net, "sink_co2e_t": float(inventory.loc[sink, "co2e_t"].sum()),
            "gross_co2e_t": float(inventory.loc[~sink, "co2e_t"].sum())}


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
                    region: str | None) -> Path:
    """Write ``inventory`` to ``out`` (``.csv`` or ``.xlsx``), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        with atomic_write(out) as tmp:
            inventory[OUTPUT_COLUMNS].to_csv(tmp, index=False, encoding="utf-8")
        return out
    if suffix == ".xlsx":
        with atomic_write(out) as tmp:
            _write_xlsx(inventory, tmp, factors=factors, gwp=gwp, region=region)
        return out
    raise DataError(f"--out must end in .csv or .xlsx, found '{out.name}'")


def _write_xlsx(inventory: pd.DataFrame, path: Path, *, factors: pd.DataFrame, gwp: str,
                region: str | None) -> None:
    from openpyxl import Workbook

    latest = int(inventory["year"].max())
    summary = summarise(inventory, latest)
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
        ["year summarised below", latest],
        ["gross CO2e without sinks (t)", summary["gross_co2e_t"]],
        ["land sinks CO2e (t)", summary["sink_co2e_t"]],
        ["total CO2e, net of sinks (t)", summary["total_co2e_t"]],
    ]
    meta += [[f"scope {s} CO2e (t)", float(v)] for s, v in summary["by_scope"].items()]
    _append_rows(sheet, meta)
    sheet.append([])
    table = summary["by_sector_gas"].reset_index()
    _append_rows(sheet, [["CO2e (t) by sector and gas"]])
    _append_rows(sheet, [list(table.columns)] + table.values.tolist())
    _append_frame(book.create_sheet("inventory"), inventory[OUTPUT_COLUMNS])
    _append_frame(book.create_sheet("factors"), factors_used(inventory, factors))
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
