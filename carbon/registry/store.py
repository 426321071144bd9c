"""Putting data into the registry: enterprises, allowances, reports. Each call is one transaction:
all of it or nothing (a failure leaves the database as it was).

* :func:`register_enterprises` — ``enterprise_id, name, sector, product, output_unit``, optional
  ``national_ets, generates_power, source, quality`` (adds or updates);
* :func:`load_allowances` — ``enterprise_id, year``, optional ``free_allocation_t,
  surrendered_t``;
* :func:`import_reports` — enterprise report workbooks. A file already imported (same SHA-256)
  changes nothing; a year already reported is refused unless ``correct``: then the new report
  supersedes the old one (``superseded_by``, ``version`` + 1) and both stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from carbon.errors import DataError
from carbon.inventory import DEFAULT_GWP, DEFAULT_REGION, load_factors
from carbon.registry import vocabulary as vocab
from carbon.registry.emissions import report_emissions
from carbon.registry.models import (
    Allowance,
    Enterprise,
    Report,
    ReportActivity,
    ReportEmission,
    ReportProduction,
)
from carbon.registry.reports import ParsedReport, read_report
from carbon.sectors import SECTORS
from carbon.tables import numeric_column, read_table, require_columns, sheet_row

TRUE = {"true", "yes", "1", "是", "y"}
FALSE = {"false", "no", "0", "否", "n", ""}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _flag_column(table: pd.DataFrame, column: str, where: object) -> list[bool]:
    if column not in table.columns:
        return [False] * len(table)
    values = table[column].str.strip().str.lower()
    bad = ~values.isin(TRUE | FALSE)
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"found '{table[column].iloc[position]}', expected true or false",
                        file=where, row=sheet_row(position), column=column)
    return list(values.isin(TRUE))


def register_enterprises(engine: Engine, path: Path) -> int:
    """Add or update the enterprises of ``path``; returns how many rows it had."""
    path = Path(path)
    table = read_table(path, sheet="enterprises")
    require_columns(table, ["enterprise_id", "name", "sector", "product", "output_unit"], path)
    table = table.apply(lambda col: col.str.strip())
    for column in ("enterprise_id", "name", "sector"):
        empty = table[column].eq("")
        if empty.any():
            raise DataError("empty cell, expected a value", file=path,
                            row=sheet_row(int(empty.to_numpy().nonzero()[0][0])), column=column)
    bad_sector = ~table["sector"].isin(SECTORS)
    if bad_sector.any():
        position = int(bad_sector.to_numpy().nonzero()[0][0])
        raise DataError(f"found '{table['sector'].iloc[position]}', expected one of "
                        f"{', '.join(SECTORS)}", file=path, row=sheet_row(position),
                        column="sector")
    duplicated = table["enterprise_id"].duplicated()
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise DataError(f"enterprise_id '{table['enterprise_id'].iloc[position]}' appears twice",
                        file=path, row=sheet_row(position), column="enterprise_id")
    rows = [{"enterprise_id": r["enterprise_id"], "name": r["name"], "sector": r["sector"],
             "product": r["product"], "output_unit": r["output_unit"], "national_ets": ets,
             "generates_power": gen, "source": r.get("source", ""),
             "quality": r.get("quality", "")}
            for r, ets, gen in zip(table.to_dict("records"),
                                   _flag_column(table, "national_ets", path),
                                   _flag_column(table, "generates_power", path), strict=True)]
    with engine.begin() as connection:
        known = set(connection.scalars(sa.select(Enterprise.enterprise_id)))
        new = [r for r in rows if r["enterprise_id"] not in known]
        if new:
            connection.execute(sa.insert(Enterprise), new)
        for row in (r for r in rows if r["enterprise_id"] in known):
            connection.execute(sa.update(Enterprise)
                               .where(Enterprise.enterprise_id == row["enterprise_id"])
                               .values(**row))
    return len(rows)


def load_allowances(engine: Engine, path: Path) -> int:
    """Set free allocation and surrendered units per enterprise and year from ``path``."""
    path = Path(path)
    table = read_table(path, sheet="allowances")
    require_columns(table, ["enterprise_id", "year"], path)
    table["enterprise_id"] = table["enterprise_id"].str.strip()
    years = numeric_column(table, "year", path, integer=True)
    values = {c: numeric_column(table, c, path, minimum=0, allow_empty=True)
              if c in table.columns else pd.Series([float("nan")] * len(table))
              for c in ("free_allocation_t", "surrendered_t")}
    rows = [{"enterprise_id": e, "year": int(y),
             "free_allocation_t": None if pd.isna(a) else float(a),
             "surrendered_t": None if pd.isna(s) else float(s)}
            for e, y, a, s in zip(table["enterprise_id"], years, values["free_allocation_t"],
                                  values["surrendered_t"], strict=True)]
    with engine.begin() as connection:
        known = set(connection.scalars(sa.select(Enterprise.enterprise_id)))
        for position, row in enumerate(rows):
            if row["enterprise_id"] not in known:
                raise DataError(f"enterprise '{row['enterprise_id']}' is not registered",
                                file=path, row=sheet_row(position), column="enterprise_id")
            connection.execute(sa.delete(Allowance).where(
                Allowance.enterprise_id == row["enterprise_id"], Allowance.year == row["year"]))
        if rows:
            connection.execute(sa.insert(Allowance), rows)
    return len(rows)


@dataclass
class ImportResult:
    imported: list[int] = field(default_factory=list)      # new report ids
    unchanged: list[str] = field(default_factory=list)     # files already in the registry
    superseded: list[int] = field(default_factory=list)    # report ids replaced by corrections


def import_reports(engine: Engine, files: list[Path], *, correct: bool = False,
                   gwp: str = DEFAULT_GWP, region: str = DEFAULT_REGION) -> ImportResult:
    """Read, check and import report workbooks in one transaction (all of them or none)."""
    factors = load_factors()
    known = factors["activity"].unique()
    parsed = [read_report(Path(f), known_activities=known) for f in files]
    return store_reports(engine, parsed, factors, correct=correct, gwp=gwp, region=region)


def store_reports(engine: Engine, parsed: list[ParsedReport], factors: pd.DataFrame, *,
                  correct: bool = False, gwp: str = DEFAULT_GWP, region: str = DEFAULT_REGION,
                  before_commit=None) -> ImportResult:
    """Compute the emissions of already-read reports and insert them in one transaction.

    ``before_commit(connection)`` is called inside the transaction just before it commits
    (tests use it to stop a process in the middle of an import).
    """
    result = ImportResult()
    if not parsed:
        return result
    with engine.begin() as connection:
        parsed = _drop_known_files(connection, parsed, result)
        if not parsed:
            return result
        superseded = _check_years(connection, parsed, correct)
        activity = _stack([p.activity for p in parsed])
        by_gas, totals = report_emissions(activity, factors, gwp=gwp, region=region)
        ids = _insert_reports(connection, parsed, totals, superseded, gwp, region)
        _insert_children(connection, parsed, activity, by_gas, ids)
        for old, new in superseded.items():
            connection.execute(sa.update(Report).where(Report.report_id == old)
                               .values(superseded_by=ids[new]))
        result.imported = ids
        result.superseded = list(superseded)
        if before_commit is not None:
            before_commit(connection)
    return result


def _stack(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """The reports' columns one below the other, with a ``report`` column (their position)."""
    columns = list(parts[0])
    lengths = np.array([len(p[columns[0]]) for p in parts])
    data = {c: np.concatenate([p[c] for p in parts]) for c in columns}
    return pd.DataFrame({"report": np.repeat(np.arange(len(parts)), lengths), **data})


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (for executemany)."""
    columns = list(frame.columns)
    values = [frame[c].to_numpy().tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _drop_known_files(connection: Connection, parsed: list[ParsedReport],
                      result: ImportResult) -> list[ParsedReport]:
    hashes = [p.file_sha256 for p in parsed]
    known = set(connection.scalars(sa.select(Report.file_sha256)
                                   .where(Report.file_sha256.in_(hashes)))) \
        if len(hashes) <= 500 else set(connection.scalars(sa.select(Report.file_sha256)))
    kept, seen = [], set()
    for report in parsed:
        if report.file_sha256 in known or report.file_sha256 in seen:
            result.unchanged.append(report.file_name)
        else:
            seen.add(report.file_sha256)
            kept.append(report)
    return kept


def _header_error(report: ParsedReport, field: str, message: str) -> DataError:
    return DataError(message, file=f"{report.file_name} [sheet {vocab.REPORT_SHEET}]",
                     column=field)


def _check_years(connection: Connection, parsed: list[ParsedReport], correct: bool
                 ) -> dict[int, int]:
    """Refuse unregistered enterprises and years already reported (unless ``correct``).

    Returns {old report id: position in ``parsed`` of the report that supersedes it}.
    """
    # the enterprise rows are locked (PostgreSQL), so that two imports never both take a year
    registered = set(connection.scalars(sa.select(Enterprise.enterprise_id).with_for_update()))
    current = {(e, y): (rid, name) for rid, e, y, name in connection.execute(
        sa.select(Report.report_id, Report.enterprise_id, Report.year, Report.file_name)
        .where(Report.superseded_by.is_(None)))}
    superseded: dict[int, int] = {}
    batch: dict[tuple[str, int], int] = {}
    for position, report in enumerate(parsed):
        enterprise, year = report.header["enterprise_id"], report.header["year"]
        if enterprise not in registered:
            raise _header_error(report, "enterprise_id", f"enterprise '{enterprise}' is not "
                                "registered: add it with `carbon registry init --enterprises`")
        key = (enterprise, year)
        if key in batch:
            raise _header_error(report, "year", f"{enterprise} {year} is given twice in this "
                                f"import (also {parsed[batch[key]].file_name})")
        batch[key] = position
        if key in current:
            rid, name = current[key]
            if not correct:
                raise _header_error(report, "year", f"{enterprise} has already reported {year} "
                                    f"(report {rid}, from {Path(name).name}): use --correct to "
                                    "supersede it")
            superseded[rid] = position
    return superseded


def _insert_reports(connection: Connection, parsed: list[ParsedReport], totals: pd.DataFrame,
                    superseded: dict[int, int], gwp: str, region: str) -> list[int]:
    versions = dict(connection.execute(
        sa.select(Report.report_id, Report.version)
        .where(Report.report_id.in_(list(superseded)))).all()) if superseded else {}
    version_of = {position: versions[old] + 1 for old, position in superseded.items()}
    now = _now()
    totals = totals.set_index("report").reindex(range(len(parsed)))
    columns = {c: totals[c].to_numpy().tolist() for c in
               ("energy_gj", "electricity_purchased_mwh", "co2_t", "co2e_t", "scope1_co2e_t",
                "scope2_co2e_t")}
    rows = []
    for position, report in enumerate(parsed):
        h = report.header
        t = {c: v[position] for c, v in columns.items()}
        rows.append({
            "enterprise_id": h["enterprise_id"], "year": h["year"],
            "version": version_of.get(position, 1), "superseded_by": None,
            "file_name": report.file_name, "file_sha256": report.file_sha256,
            "imported_at": now, "reporter": h["reporter"], "report_date": h["report_date"],
            "product": h["product"], "output": h["output"], "output_unit": h["output_unit"],
            "generation_mwh": h.get("generation_mwh"), "grid_supply_mwh": h.get("grid_supply_mwh"),
            "declared_energy_tce": h.get("total_energy_tce"),
            "energy_gj": float(t["energy_gj"]),
            "electricity_purchased_mwh": float(t["electricity_purchased_mwh"]),
            "co2_t": float(t["co2_t"]), "co2e_t": float(t["co2e_t"]),
            "scope1_co2e_t": float(t["scope1_co2e_t"]),
            "scope2_co2e_t": float(t["scope2_co2e_t"]), "gwp": gwp, "region": region})
    returned = connection.execute(
        sa.insert(Report).returning(Report.report_id, sort_by_parameter_order=True), rows)
    return [int(r) for r in returned.scalars()]


def _insert_children(connection: Connection, parsed: list[ParsedReport],
                     activity: pd.DataFrame, by_gas: pd.DataFrame, ids: list[int]) -> None:
    id_of = pd.Series(ids)
    frame = pd.DataFrame({"report_id": id_of[activity["report"]].to_numpy(),
                          "row": activity["row"].astype(int), "category": activity["category"],
                          "activity": activity["activity"], "amount": activity["amount"],
                          "unit": activity["unit"], "note": activity["note"].astype(str)})
    connection.execute(sa.insert(ReportActivity), _records(frame))
    emissions = by_gas.assign(report_id=id_of[by_gas["report"]].to_numpy(),
                              scope=by_gas["scope"].astype(int)).drop(columns="report")
    connection.execute(sa.insert(ReportEmission), _records(emissions))
    production = _stack([p.production for p in parsed])
    if len(production):
        rows = production.assign(report_id=id_of[production["report"]].to_numpy(),
                                 row=production["row"].astype(int),
                                 amount=production["amount"].astype(float)).drop(columns="report")
        connection.execute(sa.insert(ReportProduction), _records(rows))
