"""What leaves the registry: the status of each enterprise, and the files for allocation and
reconciliation.

* :func:`status` — per enterprise and year: reported or not, version, reporter, emissions
  (CO2; CO2e by scope), open flags, and the allowance position against the covered emissions
  (scope-1 CO2e): free allocation − emissions, surrendered − emissions.
* :func:`export` writes, atomically, into a folder:

  - ``enterprises.csv`` — the file ``carbon allocate`` reads (DESIGN.md, Allocation):
    ``enterprise_id, name, sector, year, bau_emissions_t, output, output_unit, product,
    national_ets, scope2_co2e_t``, and ``free_allocation_t`` when the registry holds it
    (empty for enterprise-years without it). ``bau_emissions_t`` is the verified scope-1
    (direct) CO2e of the current report, t, under the GWP set of the import (AR5) — what
    ``carbon allocate`` computes from activity rows by default; ``scope2_co2e_t`` is the
    purchased electricity and heat, for rules that cover indirect emissions;
  - ``enterprise_activity.csv`` — the reports' activity rows (the activity contract plus
    ``enterprise_id`` and ``report_id``) for reconciliation against the city inventory. These
    quantities are already inside the city's energy statistics: never add them to the city
    inventory a second time.

  A report is verified when no open flag is attached to it; flagged reports are left out (and
  listed) unless ``include_flagged``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from carbon.registry.models import Allowance, Enterprise, Flag, Report, ReportActivity
from carbon.registry.verify import current_reports
from carbon.tables import atomic_write, guard_cells

ENTERPRISE_COLUMNS = ["enterprise_id", "name", "sector", "year", "bau_emissions_t", "output",
                      "output_unit", "product", "national_ets", "scope2_co2e_t"]
ACTIVITY_COLUMNS = ["year", "category", "activity", "amount", "unit", "enterprise_id",
                    "report_id", "source", "note"]


def _frame(connection, query, model) -> pd.DataFrame:
    columns = [c.name for c in model.__table__.columns]
    return pd.DataFrame(connection.execute(query).all(), columns=columns)


def _open_flags(connection, reports: pd.DataFrame) -> pd.DataFrame:
    """Open flags that still apply: on a current report, or a missing report still missing."""
    flags = _frame(connection, sa.select(Flag).where(Flag.cleared_at.is_(None)), Flag)
    current = set(reports["report_id"])
    reported = set(zip(reports["enterprise_id"], reports["year"], strict=True))
    applies = [(pd.notna(r) and int(r) in current) or
               (pd.isna(r) and (e, y) not in reported)
               for e, y, r in zip(flags["enterprise_id"], flags["year"], flags["report_id"],
                                  strict=True)]
    return flags[applies] if len(flags) else flags


def status(engine: Engine, *, year: int | None = None) -> pd.DataFrame:
    """One row per registered enterprise and year (``year`` or every year with a report)."""
    with engine.connect() as connection:
        reports = current_reports(connection)
        enterprises = _frame(connection, sa.select(Enterprise), Enterprise)
        allowances = _frame(connection, sa.select(Allowance), Allowance)
        flags = _open_flags(connection, reports)
    years = [year] if year is not None else sorted({int(y) for y in reports["year"]})
    grid = enterprises[["enterprise_id", "name", "sector"]].merge(
        pd.DataFrame({"year": years}, dtype=int), how="cross")
    table = grid.merge(reports[["enterprise_id", "year", "report_id", "version", "reporter",
                                "report_date", "co2_t", "co2e_t", "scope1_co2e_t",
                                "scope2_co2e_t"]],
                       on=["enterprise_id", "year"], how="left")
    open_count = flags.groupby(["enterprise_id", "year"]).size().rename("open_flags")
    table = table.merge(open_count, on=["enterprise_id", "year"], how="left")
    table["open_flags"] = table["open_flags"].fillna(0).astype(int)
    table["reported"] = table["report_id"].notna()
    table["verified"] = table["reported"] & table["open_flags"].eq(0)
    table = table.merge(allowances, on=["enterprise_id", "year"], how="left")
    table["allocation_minus_emissions_t"] = table["free_allocation_t"] - table["scope1_co2e_t"]
    table["surrendered_minus_emissions_t"] = table["surrendered_t"] - table["scope1_co2e_t"]
    table["report_id"] = table["report_id"].astype("Int64")
    table["version"] = table["version"].astype("Int64")
    return table.sort_values(["year", "enterprise_id"]).reset_index(drop=True)


def export(engine: Engine, out_dir: Path, *, include_flagged: bool = False
           ) -> dict[str, object]:
    """Write ``enterprises.csv`` and ``enterprise_activity.csv`` into ``out_dir``."""
    table = status(engine)
    with engine.connect() as connection:
        enterprises = _frame(connection, sa.select(Enterprise), Enterprise)
        reports = current_reports(connection)
        activity = pd.DataFrame(connection.execute(
            sa.select(ReportActivity, Report.enterprise_id, Report.year, Report.file_name)
            .join(Report, Report.report_id == ReportActivity.report_id)
            .where(Report.superseded_by.is_(None))).all(),
            columns=[c.name for c in ReportActivity.__table__.columns]
            + ["enterprise_id", "year", "file_name"])
    kept = table[table["reported"] & (table["verified"] | include_flagged)]
    left_out = table[table["reported"] & ~table["verified"] & ~include_flagged]
    rows = kept.merge(reports[["report_id", "output", "output_unit", "product"]],
                      on="report_id", how="left")
    rows = rows.merge(enterprises[["enterprise_id", "national_ets"]], on="enterprise_id")
    rows["bau_emissions_t"] = rows["scope1_co2e_t"]
    columns = list(ENTERPRISE_COLUMNS)
    if rows["free_allocation_t"].notna().any():
        columns.append("free_allocation_t")
    rows["national_ets"] = rows["national_ets"].map({True: "true", False: "false"})
    activity = activity[activity["report_id"].isin(set(kept["report_id"].astype(int)))]
    activity = activity.assign(source=[f"enterprise report {r} ({Path(f).name})" for r, f in
                                       zip(activity["report_id"], activity["file_name"],
                                           strict=True)])
    out_dir = Path(out_dir)
    targets = {"enterprises": out_dir / "enterprises.csv",
               "activity": out_dir / "enterprise_activity.csv"}
    with atomic_write(targets["enterprises"]) as tmp:
        guard_cells(rows[columns]).to_csv(tmp, index=False, encoding="utf-8-sig")
    with atomic_write(targets["activity"]) as tmp:
        guard_cells(activity.sort_values(["enterprise_id", "year", "row"])[ACTIVITY_COLUMNS]
                   ).to_csv(tmp, index=False, encoding="utf-8-sig")
    return {"files": targets, "exported": len(rows),
            "left_out": list(zip(left_out["enterprise_id"], left_out["year"], strict=True))}
