"""Verification checks: rules that flag a report (or a missing one) with the reason.

Flags are data (table ``flags``): a person reviews each one and clears it with a note
(:func:`clear_flag`); the clearing is kept. Running the checks again never raises a flag twice
for the same rule and report (nor again once it was cleared). The rules, on the current (not
superseded) reports, with thresholds from ``data/registry/checks.toml`` or the user's file:

* ``missing_report`` — a registered enterprise has no report for a year being checked;
* ``intensity_change`` — CO2e per unit of output, ``I = co2e_t / output``, moved by more than
  ``intensity.max_change_share`` against the enterprise's previous report with the same output
  unit: ``|I_y / I_prev − 1| > share``;
* ``intensity_benchmark`` — ``|I_y / B − 1| > intensity.max_benchmark_share`` for the product's
  benchmark ``B`` (benchmarks file: ``product, output_unit, co2e_t_per_unit``);
* ``energy_output`` — energy per unit of output (GJ of the activity rows / output) moved by
  more than ``energy.max_change_share`` against the previous report;
* ``electricity_generation`` — a plant that generates: own use = generation − supplied to the
  grid + purchased, as a share of generation, outside [``own_use_share_min``,
  ``own_use_share_max``]; or a plant registered as generating that reports no generation;
* ``totals`` — the declared total energy (tce) and the energy of the activity rows
  (GJ / 29.3076, GB/T 2589) differ by more than ``totals.tolerance_share`` of the declared value.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from carbon import paths
from carbon.errors import DataError
from carbon.registry.emissions import GJ_PER_TCE
from carbon.registry.models import Enterprise, Flag, Report
from carbon.tables import numeric_column, read_csv_text, require_columns, sheet_row

RULES = ("missing_report", "intensity_change", "intensity_benchmark", "energy_output",
         "electricity_generation", "totals")
DEFAULTS: dict[str, dict[str, Any]] = {
    "intensity": {"max_change_share": 0.30, "max_benchmark_share": 0.50, "benchmarks": ""},
    "energy": {"max_change_share": 0.30},
    "electricity": {"own_use_share_min": 0.05, "own_use_share_max": 0.35},
    "totals": {"tolerance_share": 0.02},
}


@dataclass
class Checks:
    intensity_change: float
    benchmark_share: float
    benchmarks: pd.DataFrame | None
    energy_change: float
    own_use_min: float
    own_use_max: float
    totals_tolerance: float


def default_checks_file() -> Path:
    return paths.data_dir() / "registry" / "checks.toml"


def load_checks(path: Path | None = None) -> Checks:
    """Thresholds from ``path`` (keys left out keep the defaults); unknown keys are errors."""
    path = Path(path) if path else default_checks_file()
    if not path.is_file():
        raise DataError("file not found", file=path)
    try:
        given = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not a valid TOML file ({exc})", file=path) from None
    settings = {k: dict(v) for k, v in DEFAULTS.items()}
    for table, values in given.items():
        if table not in DEFAULTS or not isinstance(values, dict):
            raise DataError(f"unknown table '{table}', expected one of {', '.join(DEFAULTS)}",
                            file=path)
        for key, value in values.items():
            if key not in DEFAULTS[table]:
                raise DataError(f"unknown key '{table}.{key}', expected one of "
                                f"{', '.join(DEFAULTS[table])}", file=path)
            is_name = key == "benchmarks"
            if (isinstance(value, str) != is_name or isinstance(value, bool)
                    or (not is_name and value < 0)):
                raise DataError(f"'{table}.{key}' = {value!r}: expected "
                                f"{'a file name' if is_name else 'a number >= 0'}", file=path)
            settings[table][key] = value
    bench_name = settings["intensity"]["benchmarks"]
    benchmarks = _read_benchmarks(path.parent / bench_name) if bench_name else None
    return Checks(intensity_change=float(settings["intensity"]["max_change_share"]),
                  benchmark_share=float(settings["intensity"]["max_benchmark_share"]),
                  benchmarks=benchmarks,
                  energy_change=float(settings["energy"]["max_change_share"]),
                  own_use_min=float(settings["electricity"]["own_use_share_min"]),
                  own_use_max=float(settings["electricity"]["own_use_share_max"]),
                  totals_tolerance=float(settings["totals"]["tolerance_share"]))


def _read_benchmarks(path: Path) -> pd.DataFrame:
    table = read_csv_text(path)
    require_columns(table, ["product", "output_unit", "co2e_t_per_unit"], path)
    table = table.assign(product=table["product"].str.strip(),
                         output_unit=table["output_unit"].str.strip())
    values = numeric_column(table, "co2e_t_per_unit", path, minimum=0)
    if (values <= 0).any():
        position = int((values <= 0).to_numpy().nonzero()[0][0])
        raise DataError("found 0, expected a benchmark > 0", file=path, row=sheet_row(position),
                        column="co2e_t_per_unit")
    return table.assign(benchmark=values.astype(float))[["product", "output_unit", "benchmark"]]


def current_reports(connection) -> pd.DataFrame:
    """The reports not superseded, one row per enterprise and year."""
    query = sa.select(Report).where(Report.superseded_by.is_(None))
    columns = [c.name for c in Report.__table__.columns]
    return pd.DataFrame(connection.execute(query).all(), columns=columns)


def find_flags(reports: pd.DataFrame, enterprises: pd.DataFrame, years: list[int],
               checks: Checks) -> pd.DataFrame:
    """The flags the rules raise for ``years``: ``enterprise_id, year, report_id, rule, message,
    value, threshold`` (a pure function of the frames: tested without a database)."""
    found: list[dict] = []
    reports = reports.sort_values(["enterprise_id", "year"]).copy()
    reports["intensity"] = reports["co2e_t"] / reports["output"]
    reports["energy_intensity"] = reports["energy_gj"] / reports["output"]
    previous = reports.groupby(["enterprise_id", "output_unit"], sort=False)
    reports["prev_year"] = previous["year"].shift(1)
    reports["prev_intensity"] = previous["intensity"].shift(1)
    reports["prev_energy_intensity"] = previous["energy_intensity"].shift(1)
    checked = reports[reports["year"].isin(years)]

    def add(row, rule, message, value, threshold):
        found.append({"enterprise_id": row.enterprise_id, "year": int(row.year),
                      "report_id": int(row.report_id), "rule": rule, "message": message,
                      "value": float(value), "threshold": float(threshold)})

    reported = set(zip(reports["enterprise_id"], reports["year"], strict=True))
    for year in years:
        for enterprise in enterprises["enterprise_id"]:
            if (enterprise, year) not in reported:
                found.append({"enterprise_id": enterprise, "year": int(year), "report_id": None,
                              "rule": "missing_report", "message": f"no report for {year}",
                              "value": None, "threshold": None})
    benchmark = {}
    if checks.benchmarks is not None:
        benchmark = {(p, u): b for p, u, b in checks.benchmarks.itertuples(index=False)}
    generating = set(enterprises.loc[enterprises["generates_power"].astype(bool),
                                     "enterprise_id"])
    for row in checked.itertuples(index=False):
        unit = f"t CO2e/{row.output_unit}"
        if pd.notna(row.prev_intensity) and row.prev_intensity > 0:
            change = row.intensity / row.prev_intensity - 1
            if abs(change) > checks.intensity_change:
                add(row, "intensity_change", f"CO2e per output {row.intensity:.4g} {unit} is "
                    f"{change:+.0%} against {int(row.prev_year)} ({row.prev_intensity:.4g}); "
                    f"allowed ±{checks.intensity_change:.0%}", change, checks.intensity_change)
        bench = benchmark.get((row.product, row.output_unit))
        if bench is not None:
            gap = row.intensity / bench - 1
            if abs(gap) > checks.benchmark_share:
                add(row, "intensity_benchmark", f"CO2e per output {row.intensity:.4g} {unit} is "
                    f"{gap:+.0%} against the {row.product} benchmark {bench:.4g}; allowed "
                    f"±{checks.benchmark_share:.0%}", gap, checks.benchmark_share)
        if pd.notna(row.prev_energy_intensity) and row.prev_energy_intensity > 0:
            change = row.energy_intensity / row.prev_energy_intensity - 1
            if abs(change) > checks.energy_change:
                add(row, "energy_output", f"energy per output {row.energy_intensity:.4g} "
                    f"GJ/{row.output_unit} is {change:+.0%} against {int(row.prev_year)} "
                    f"({row.prev_energy_intensity:.4g}) while output is {row.output:.6g}; "
                    f"allowed ±{checks.energy_change:.0%}", change, checks.energy_change)
        _electricity(row, generating, checks, add)
        if pd.notna(row.declared_energy_tce) and row.declared_energy_tce > 0:
            computed = row.energy_gj / GJ_PER_TCE
            gap = computed / row.declared_energy_tce - 1
            if abs(gap) > checks.totals_tolerance:
                add(row, "totals", f"declared total energy {row.declared_energy_tce:.6g} tce "
                    f"but the activity rows add up to {computed:.6g} tce ({gap:+.1%}); allowed "
                    f"±{checks.totals_tolerance:.0%}", gap, checks.totals_tolerance)
    return pd.DataFrame(found, columns=["enterprise_id", "year", "report_id", "rule", "message",
                                        "value", "threshold"])


def _electricity(row, generating: set, checks: Checks, add) -> None:
    generation = row.generation_mwh
    if pd.isna(generation) or generation == 0:
        if row.enterprise_id in generating:
            add(row, "electricity_generation", "registered as generating but reports no "
                "generation", 0.0, checks.own_use_min)
        return
    supplied = 0.0 if pd.isna(row.grid_supply_mwh) else row.grid_supply_mwh
    own_use = generation - supplied + row.electricity_purchased_mwh
    share = own_use / generation
    if not checks.own_use_min <= share <= checks.own_use_max:
        add(row, "electricity_generation", f"own use {own_use:.6g} MWh (generated "
            f"{generation:.6g} − supplied {supplied:.6g} + purchased "
            f"{row.electricity_purchased_mwh:.6g}) is {share:.1%} of generation; expected "
            f"{checks.own_use_min:.0%}–{checks.own_use_max:.0%}", share, checks.own_use_max)


def run_checks(engine: Engine, checks: Checks, *, years: list[int] | None = None
               ) -> pd.DataFrame:
    """Run the rules and store the new flags in one transaction; returns the new flags."""
    with engine.begin() as connection:
        reports = current_reports(connection)
        enterprises = pd.DataFrame(connection.execute(
            sa.select(Enterprise.enterprise_id, Enterprise.generates_power)).all(),
            columns=["enterprise_id", "generates_power"])
        if years is None:
            years = sorted({int(y) for y in reports["year"]})
        flags = find_flags(reports, enterprises, years, checks)
        existing = {(e, y, r, rule) for e, y, r, rule in connection.execute(
            sa.select(Flag.enterprise_id, Flag.year, Flag.report_id, Flag.rule))}
        keys = zip(flags["enterprise_id"], flags["year"], flags["report_id"], flags["rule"],
                   strict=True)
        new = flags[[(e, int(y), None if pd.isna(r) else int(r), rule) not in existing
                     for e, y, r, rule in keys]]
        rows = new.astype(object).where(new.notna(), None).to_dict("records")
        now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
        for row in rows:
            row["raised_at"] = now
        if rows:
            connection.execute(sa.insert(Flag), rows)
    return new


def clear_flag(engine: Engine, flag_id: int, *, by: str, note: str) -> None:
    """Clear a flag with the reviewer's name and note (kept; the flag stays in the table)."""
    if not note.strip() or not by.strip():
        raise DataError("clearing a flag needs --by NAME and --note TEXT (the reason is kept)")
    with engine.begin() as connection:
        flag = connection.execute(sa.select(Flag.cleared_at).where(Flag.flag_id == flag_id)
                                  ).first()
        if flag is None:
            raise DataError(f"no flag {flag_id} in the registry (see `carbon registry flags`)")
        if flag.cleared_at is not None:
            raise DataError(f"flag {flag_id} was already cleared on {flag.cleared_at:%Y-%m-%d}")
        connection.execute(sa.update(Flag).where(Flag.flag_id == flag_id).values(
            cleared_at=datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0),
            cleared_by=by.strip(), clear_note=note.strip()))


def list_flags(engine: Engine, *, include_cleared: bool = False) -> pd.DataFrame:
    """The flags (open ones unless ``include_cleared``), with ``superseded``: True when the
    report flagged has since been replaced by a correction (the flag no longer counts against
    the enterprise, but stays until a person clears it)."""
    query = (sa.select(Flag, Report.superseded_by.is_not(None).label("superseded"))
             .outerjoin(Report, Report.report_id == Flag.report_id).order_by(Flag.flag_id))
    if not include_cleared:
        query = query.where(Flag.cleared_at.is_(None))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    flags = pd.DataFrame(rows, columns=[c.name for c in Flag.__table__.columns] + ["superseded"])
    flags["superseded"] = flags["superseded"].fillna(False).astype(bool)
    return flags
