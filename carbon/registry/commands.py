"""What ``carbon registry ACTION`` does, as plain functions returning the lines to print (the
CLI stays free of logic)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from sqlalchemy.exc import DBAPIError

from carbon.errors import DataError
from carbon.registry import db as registry_db
from carbon.registry.export import export, status
from carbon.registry.store import import_reports, load_allowances, register_enterprises
from carbon.registry.verify import clear_flag, list_flags, load_checks, run_checks
from carbon.tables import atomic_write, guard_cells


def _write_csv(frame: pd.DataFrame, out: Path) -> None:
    with atomic_write(out) as tmp:
        guard_cells(frame).to_csv(tmp, index=False, encoding="utf-8-sig")


def _table(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    if frame.empty:
        return ["(none)"]
    return frame[columns].round(1).to_string(index=False).splitlines()


def run_registry_command(args: argparse.Namespace) -> list[str]:
    """Run one action; a refusal of the database itself (locked, connection lost, a constraint)
    becomes one line, and its transaction has been rolled back."""
    try:
        return _run(args)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise DataError(f"{registry_db.describe(args.db)}: the database refused the "
                        f"{args.action} ({reason}); nothing was changed") from None


def _init(args: argparse.Namespace) -> list[str]:
    """Create or upgrade a registry and register what is given; a new SQLite file is removed
    again when the enterprises or allowances are refused (nothing is left behind)."""
    url = registry_db.database_url(args.db)
    new_file = Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None
    if new_file is not None and new_file.exists():
        new_file = None
    try:
        engine = registry_db.open_registry(args.db, create=True)
        lines = [f"registry ready at {registry_db.describe(args.db)} "
                 f"(schema {registry_db.head_revision()})"]
        if args.enterprises:
            lines.append(f"registered {register_enterprises(engine, args.enterprises)} "
                         "enterprises")
        if args.allowances:
            lines.append(f"allowances: {load_allowances(engine, args.allowances)} rows")
        engine.dispose()
    except BaseException:
        if new_file is not None:
            new_file.unlink(missing_ok=True)
        raise
    return lines


def _run(args: argparse.Namespace) -> list[str]:
    action = args.action
    if action == "init":
        return _init(args)
    engine = registry_db.open_registry(args.db)
    if action == "import":
        result = import_reports(engine, list(args.files), correct=args.correct, gwp=args.gwp,
                                region=args.region)
        lines = [f"imported {len(result.imported)} report(s) (ids "
                 f"{', '.join(map(str, result.imported)) or '-'})"]
        lines += [f"unchanged (already imported): {name}" for name in result.unchanged]
        lines += [f"superseded report {rid}" for rid in result.superseded]
        return lines
    if action == "verify":
        new = run_checks(engine, load_checks(args.checks),
                         years=[args.year] if args.year else None)
        return [f"{len(new)} new flag(s)"] + _table(new, ["enterprise_id", "year", "rule",
                                                          "message"])
    if action == "status":
        table = status(engine, year=args.year)
        if args.out:
            _write_csv(table, args.out)
        return _table(table, ["year", "enterprise_id", "reported", "version", "scope1_co2e_t",
                              "scope2_co2e_t", "open_flags", "verified", "free_allocation_t",
                              "allocation_minus_emissions_t"])
    if action == "flags":
        flags = list_flags(engine, include_cleared=args.all)
        if args.out:
            _write_csv(flags, args.out)
        return _table(flags, ["flag_id", "enterprise_id", "year", "rule", "superseded", "message"]
                      + (["cleared_by", "clear_note"] if args.all else []))
    if action == "clear":
        flag_id = args.flag_id
        clear_flag(engine, flag_id, by=args.by, note=args.note)
        return [f"flag {flag_id} cleared by {args.by}"]
    if action == "export":
        written = export(engine, args.out, include_flagged=args.include_flagged)
        files = written["files"]
        assert isinstance(files, dict)
        lines = [f"wrote {p}" for p in files.values()]
        lines.append(f"{written['exported']} enterprise-year(s) with verified emissions")
        left_out = written["left_out"]
        assert isinstance(left_out, list)
        lines += [f"left out (open flags): {e} {y}" for e, y in left_out]
        lines.append("enterprise_activity.csv is for reconciliation only: these quantities are "
                     "already in the city inventory")
        return lines
    raise DataError(f"unknown registry action '{action}'")  # pragma: no cover - argparse checks
