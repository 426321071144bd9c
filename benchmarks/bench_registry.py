"""Import and verify 10,000 enterprise reports, against bare inserts of the same rows.

carbon: ``store_reports`` (hash check, registered enterprises and years already reported, the
emissions of every activity row by the inventory engine, inserts of reports, activity,
production and emissions rows, all in one transaction) followed by ``run_checks`` (every rule
over every current report, new flags stored). The reports are already read (``ParsedReport``,
as :func:`carbon.registry.read_report` returns them), so the timing is the registry's own work;
reading a workbook with openpyxl is timed apart (per file).

Floor: the same rows that carbon stored (reports, activity, production, emissions, flags),
inserted bare into a fresh registry of the same schema, in one transaction, in this process.

    .venv/bin/python benchmarks/bench_registry.py [--reports N] [--db-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from carbon.inventory import load_factors
from carbon.registry import ParsedReport, load_checks, open_registry, run_checks, store_reports
from carbon.registry.models import (
    Enterprise,
    Flag,
    Report,
    ReportActivity,
    ReportEmission,
    ReportProduction,
)

ROWS = [("1.A.2", "natural_gas", "万m3", 200.0), ("1.A.2", "electricity_grid", "万kWh", 3000.0),
        ("1.A.2", "diesel", "t", 300.0), ("1.A.2", "raw_coal", "t", 5000.0)]
TABLES = [Enterprise, Report, ReportActivity, ReportProduction, ReportEmission, Flag]


def make_reports(n: int, seed: int = 1) -> list[ParsedReport]:
    """n reports of n enterprises (year 2022), 3–4 activity rows each, amounts ±20 %."""
    rng = np.random.default_rng(seed)
    reports = []
    for i in range(n):
        k = 3 + (i % 2)
        scale = rng.uniform(0.8, 1.2, k)
        activity = pd.DataFrame({
            "year": 2022, "category": [r[0] for r in ROWS[:k]],
            "activity": [r[1] for r in ROWS[:k]], "amount": [r[3] for r in ROWS[:k]] * scale,
            "unit": [r[2] for r in ROWS[:k]], "note": "", "file": f"r{i}.xlsx",
            "row": np.arange(k) + 2})
        production = pd.DataFrame({"kind": ["product"], "item": ["p"], "amount": [1000.0],
                                   "unit": ["t"], "row": [2]})
        header = {"enterprise_id": f"E{i:05d}", "enterprise_name": f"E{i}", "year": 2022,
                  "product": "p", "output": float(rng.uniform(900, 1100)), "output_unit": "t",
                  "generation_mwh": None, "grid_supply_mwh": None,
                  "total_energy_tce": None, "reporter": "x", "report_date": "2023-03-01"}
        reports.append(ParsedReport.from_frames(
            f"r{i}.xlsx", hashlib.sha256(f"r{i}".encode()).hexdigest(), header, activity,
            production))
    return reports


def fresh_registry(url: str | None, folder: Path, name: str, n: int) -> sa.Engine:
    engine = open_registry(url or folder / f"{name}.sqlite", create=True)
    with engine.begin() as connection:
        for model in reversed(TABLES):
            connection.execute(sa.delete(model))
        connection.execute(sa.insert(Enterprise), [
            {"enterprise_id": f"E{i:05d}", "name": f"E{i}", "sector": "industry", "product": "p",
             "output_unit": "t", "national_ets": False, "generates_power": False, "source": "",
             "quality": "estimate"} for i in range(n)])
    return engine


def dump(engine: sa.Engine) -> dict[type, list[dict]]:
    with engine.connect() as connection:
        return {model: [dict(r._mapping) for r in connection.execute(sa.select(model))]
                for model in TABLES[1:]}


def bare_inserts(engine: sa.Engine, rows: dict[type, list[dict]]) -> None:
    with engine.begin() as connection:
        for model in TABLES[1:]:
            if rows[model]:
                connection.execute(sa.insert(model), rows[model])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db-url", help="a PostgreSQL URL (default: SQLite files in a temp dir)")
    args = parser.parse_args()
    factors = load_factors()
    checks = load_checks()
    reports = make_reports(args.reports)
    carbon_s, floor_s, verify_s = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(args.repeat):
            engine = fresh_registry(args.db_url, folder, "carbon", args.reports)
            start = time.perf_counter()
            store_reports(engine, reports, factors)
            middle = time.perf_counter()
            run_checks(engine, checks)
            end = time.perf_counter()
            carbon_s.append(end - start)
            verify_s.append(end - middle)
            rows = dump(engine)
            engine.dispose()
            floor_engine = fresh_registry(args.db_url, folder, "floor", args.reports)
            start = time.perf_counter()
            bare_inserts(floor_engine, rows)
            floor_s.append(time.perf_counter() - start)
            floor_engine.dispose()
    n_rows = sum(len(v) for v in rows.values())
    carbon, floor, verify = (statistics.median(x) for x in (carbon_s, floor_s, verify_s))
    backend = "postgresql" if args.db_url else "sqlite"
    print(f"{args.reports} reports, {n_rows} rows stored, {backend}")
    print(f"floor (bare inserts, one transaction): {floor:.3f} s")
    print(f"carbon import + verify:               {carbon:.3f} s (verify {verify:.3f} s)")
    print(f"ratio: {carbon / floor:.2f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
