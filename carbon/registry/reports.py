"""Reading an enterprise's annual report: the workbook written by ``carbon template enterprise``.

Three sheets (names and headers the same in both languages):

* ``report`` — ``field, value`` (a ``label`` column in the form's language may follow): the
  enterprise id and name, the year, the main product, its output and unit, electricity generated
  on site and supplied to the grid (plants that generate), the total energy consumption declared
  (tce), the person who reports and the date;
* ``activity`` — the activity contract of ``carbon inventory`` (``year, category, activity,
  amount, unit``, optional ``note``): fuels burned, purchased electricity and heat;
* ``production`` — ``kind`` (``input`` or ``product``), ``item``, ``amount``, ``unit``: process
  inputs and products (kept with the report; emissions come only from the activity rows, through
  the factor library).

Emissions are never typed in by the firm: :mod:`carbon.registry.emissions` computes them with the
inventory engine. Every problem is one :class:`~carbon.errors.DataError` naming the file, sheet,
row and column.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError
from carbon.inventory.activity import validate_activity
from carbon.registry import vocabulary as vocab
from carbon.tables import numeric_column, read_xlsx_sheet, require_columns, sheet_row

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


ACTIVITY_FIELDS = ["year", "category", "activity", "amount", "unit", "note", "file", "row"]
PRODUCTION_FIELDS = ["row", "kind", "item", "amount", "unit"]


@dataclass
class ParsedReport:
    """One enterprise report, checked, before it enters the registry.

    ``activity`` holds the validated activity rows (:func:`carbon.inventory.validate_activity`)
    and ``production`` the process inputs and products, each as columns (name → array), so that
    thousands of reports stack in one step.
    """

    file_name: str
    file_sha256: str
    header: dict
    activity: dict[str, np.ndarray]      # ACTIVITY_FIELDS
    production: dict[str, np.ndarray]    # PRODUCTION_FIELDS

    @classmethod
    def from_frames(cls, file_name: str, file_sha256: str, header: dict,
                    activity: pd.DataFrame, production: pd.DataFrame) -> ParsedReport:
        return cls(file_name, file_sha256, header,
                   {c: activity[c].to_numpy() for c in ACTIVITY_FIELDS},
                   {c: production[c].to_numpy() for c in PRODUCTION_FIELDS})


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_report(path: Path, *, known_activities=()) -> ParsedReport:
    """Read and check one enterprise report workbook."""
    path = Path(path)
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise DataError("an enterprise report is a workbook (.xlsx) written by "
                        "`carbon template enterprise`", file=path)
    header = _read_header(path)
    activity = _read_activity(path, header["year"], known_activities)
    production = _read_production(path)
    return ParsedReport.from_frames(str(path), file_hash(path), header, activity, production)


def _where(path: Path, sheet: str) -> str:
    return f"{path} [sheet {sheet}]"


def _read_header(path: Path) -> dict:
    where = _where(path, vocab.REPORT_SHEET)
    table = read_xlsx_sheet(path, vocab.REPORT_SHEET)
    require_columns(table, ["field", "value"], where)
    fields = table["field"].str.strip()
    values = table["value"].str.strip()
    known = {f[0]: f for f in vocab.REPORT_FIELDS}
    rows: dict[str, int] = {}
    header: dict = {}
    for position, (field, value) in enumerate(zip(fields, values, strict=True)):
        if not field and not value:
            continue
        if field not in known:
            raise DataError(f"unknown field '{field}', expected one of "
                            f"{', '.join(known)}", file=where, row=sheet_row(position),
                            column="field")
        rows[field] = sheet_row(position)
        header[field] = value
    for field, required, _en, _zh in vocab.REPORT_FIELDS:
        if required and not header.get(field):
            raise DataError(f"the report has no '{field}': expected a value", file=where,
                            row=rows.get(field), column="value")
    numeric = {"year": (True, 1990), "output": (False, 0), "generation_mwh": (False, 0),
               "grid_supply_mwh": (False, 0), "total_energy_tce": (False, 0)}
    for field, (integer, minimum) in numeric.items():
        text = header.get(field, "")
        if not text:
            header[field] = None
            continue
        frame = pd.DataFrame({"value": [text]})
        value = numeric_column(frame, "value", where, integer=integer, minimum=minimum)
        if pd.isna(value.iloc[0]):  # pragma: no cover - numeric_column raises first
            raise DataError("expected a number", file=where, row=rows[field], column="value")
        header[field] = int(value.iloc[0]) if integer else float(value.iloc[0])
    if header["output"] <= 0:
        raise DataError(f"found {header['output']:g}, expected an output > 0 (intensities are "
                        "per unit of output)", file=where, row=rows["output"], column="value")
    date = header["report_date"]
    if not DATE.match(date):
        raise DataError(f"found '{date}', expected a date YYYY-MM-DD", file=where,
                        row=rows["report_date"], column="value")
    header["report_date"] = date[:10]
    return header


def _check_offered_units(units: pd.Series, where: str) -> None:
    offered = vocab.offered_units()
    bad = ~units.isin(offered)
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"found unit '{units.iloc[position]}', expected one the form offers: "
                        f"{', '.join(offered)}", file=where, row=sheet_row(position),
                        column="unit")


def _read_activity(path: Path, year: int, known_activities) -> pd.DataFrame:
    where = _where(path, vocab.ACTIVITY_SHEET)
    table = read_xlsx_sheet(path, vocab.ACTIVITY_SHEET)
    require_columns(table, vocab.ACTIVITY_COLUMNS[:5], where)
    _check_offered_units(table["unit"].str.strip(), where)
    activity = validate_activity(table, where, known_activities=known_activities)
    other_year = activity["year"] != year
    if other_year.any():
        position = int(other_year.to_numpy().nonzero()[0][0])
        raise DataError(f"found year {activity['year'].iloc[position]}, expected the report's "
                        f"year {year}", file=where, row=sheet_row(position), column="year")
    if "note" not in activity.columns:
        activity["note"] = ""
    return activity


def _read_production(path: Path) -> pd.DataFrame:
    where = _where(path, vocab.PRODUCTION_SHEET)
    table = read_xlsx_sheet(path, vocab.PRODUCTION_SHEET)
    columns = vocab.PRODUCTION_COLUMNS
    missing = [c for c in columns if c not in table.columns]
    if missing:
        require_columns(table, columns, where)
    table = table[columns].apply(lambda col: col.str.strip())
    table["row"] = [sheet_row(i) for i in range(len(table))]
    table = table[table[columns].ne("").any(axis=1)].reset_index(drop=True)
    if table.empty:
        return table.assign(amount=pd.Series(dtype=float), row=pd.Series(dtype=int))
    bad_kind = ~table["kind"].isin(vocab.PRODUCTION_KINDS)
    if bad_kind.any():
        first = table[bad_kind].iloc[0]
        raise DataError(f"found '{first['kind']}', expected one of "
                        f"{', '.join(vocab.PRODUCTION_KINDS)}", file=where,
                        row=int(first["row"]), column="kind")
    amounts = pd.to_numeric(table["amount"].str.replace(",", "", regex=False), errors="coerce")
    bad = amounts.isna() | (amounts < 0)
    if bad.any():
        first = table[bad].iloc[0]
        raise DataError(f"found '{first['amount']}', expected a number >= 0", file=where,
                        row=int(first["row"]), column="amount")
    table["amount"] = amounts.astype(float)
    return table
