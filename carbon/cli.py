"""The ``carbon`` command: parses arguments, calls the chain, prints. No logic of its own.

Every command exits 0 on success; on bad input it prints a short message on stderr and exits 1
(``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carbon.errors import CarbonError


def _inventory(args: argparse.Namespace) -> None:
    from carbon import inventory
    from carbon.reporting.text import format_inventory_summary

    factors = inventory.load_factors(tuple(args.factors))
    activity = inventory.read_activity(args.activity, known_activities=factors["activity"].unique())
    result = inventory.compile_inventory(activity, factors, gwp=args.gwp, region=args.region)
    if args.out:
        inventory.write_inventory(result, args.out, factors=factors, gwp=args.gwp,
                                  region=args.region)
    print(format_inventory_summary(result, gwp=args.gwp, region=args.region, out=args.out))


def _run(args: argparse.Namespace) -> None:
    from carbon.scenarios import format_run_summary, run_scenario

    for scenario in args.scenario:
        summary = run_scenario(scenario, args.out)
        print(format_run_summary(summary))


def _template(args: argparse.Namespace) -> None:
    from carbon.registry import write_template

    out = write_template(args.kind, args.out, lang=args.lang, year=args.year, region=args.region)
    print(f"wrote {out} ({args.kind} form, {args.lang})")


def _registry(args: argparse.Namespace) -> None:
    from carbon.registry.commands import run_registry_command

    for line in run_registry_command(args):
        print(line)


def _demo(args: argparse.Namespace) -> None:
    from carbon.demo import run_demo

    run_demo(reports_dir=args.reports, results_dir=args.results, echo=print)


def build_parser() -> argparse.ArgumentParser:
    from carbon import __version__
    from carbon.inventory import DEFAULT_GWP, DEFAULT_REGION

    parser = argparse.ArgumentParser(prog="carbon", description="A city greenhouse-gas inventory "
                                     "and carbon-peaking pathway model.")
    parser.add_argument("--version", action="version", version=f"carbon {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inv = commands.add_parser("inventory", help="compile a GHG inventory from activity data")
    inv.add_argument("activity", nargs="+", type=Path, metavar="ACTIVITY",
                     help="activity CSV files, or XLSX workbooks with a sheet 'activity'")
    inv.add_argument("--factors", nargs="+", type=Path, default=[], metavar="FILE",
                     help="your own factor CSVs; they override shipped rows (later files win)")
    inv.add_argument("--gwp", default=DEFAULT_GWP, choices=["SAR", "AR4", "AR5", "AR6"],
                     help=f"GWP-100 set for CO2e (default {DEFAULT_GWP})")
    inv.add_argument("--region", default=DEFAULT_REGION,
                     help=f"region of factors: hunan, central_china, CN (default {DEFAULT_REGION})")
    inv.add_argument("--out", type=Path, help="write the inventory to FILE.csv or FILE.xlsx")
    inv.set_defaults(handler=_inventory)

    run = commands.add_parser("run", help="solve peaking pathways for scenarios")
    run.add_argument("scenario", nargs="+", type=Path, metavar="SCENARIO", help="scenario TOML")
    run.add_argument("--out", type=Path, default=Path("results"),
                     help="parent folder of the results (default results/)")
    run.set_defaults(handler=_run)

    tpl = commands.add_parser("template", help="write a data-collection workbook (XLSX)")
    tpl.add_argument("kind", choices=["inventory", "enterprise"])
    tpl.add_argument("--lang", choices=["zh", "en"], default="zh", help="language (default zh)")
    tpl.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    tpl.add_argument("--year", type=int, default=2023,
                     help="year whose factors the factor sheet shows (default 2023)")
    tpl.add_argument("--region", default=DEFAULT_REGION, help="region of factors")
    tpl.set_defaults(handler=_template)

    reg = commands.add_parser("registry", help="key-emitter reports and their checks")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="database URL or SQLite file (default registry.sqlite)")
    actions = reg.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser("init", parents=[db], help="create or upgrade a registry")
    init.add_argument("--enterprises", type=Path, help="enterprises to register (CSV)")
    init.add_argument("--allowances", type=Path, help="allowances per enterprise and year (CSV)")
    imp = actions.add_parser("import", parents=[db], help="import report workbooks")
    imp.add_argument("files", nargs="+", type=Path, metavar="REPORT.xlsx")
    imp.add_argument("--correct", action="store_true", help="supersede a year already reported")
    imp.add_argument("--gwp", default=DEFAULT_GWP, choices=["SAR", "AR4", "AR5", "AR6"],
                     help=f"GWP-100 set for CO2e (default {DEFAULT_GWP})")
    imp.add_argument("--region", default=DEFAULT_REGION,
                     help=f"region of factors (default {DEFAULT_REGION})")
    ver = actions.add_parser("verify", parents=[db], help="run the checks; new flags")
    ver.add_argument("--year", type=int, help="only this year")
    ver.add_argument("--checks", type=Path, help="thresholds TOML")
    sta = actions.add_parser("status", parents=[db], help="who reported, flags, allowances")
    sta.add_argument("--year", type=int, help="only this year")
    sta.add_argument("--out", type=Path, help="also write the table to a CSV file")
    fla = actions.add_parser("flags", parents=[db], help="list open flags")
    fla.add_argument("--all", action="store_true", help="include cleared flags")
    fla.add_argument("--out", type=Path, help="also write the flags to a CSV file")
    clr = actions.add_parser("clear", parents=[db], help="clear a flag with a note")
    clr.add_argument("flag_id", type=int)
    clr.add_argument("--by", required=True, help="who reviewed the flag")
    clr.add_argument("--note", required=True, help="why it is cleared")
    exp = actions.add_parser("export", parents=[db], help="enterprises file for carbon allocate")
    exp.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    exp.add_argument("--include-flagged", action="store_true",
                     help="also reports with open flags")
    reg.set_defaults(handler=_registry)

    demo = commands.add_parser("demo", help="everything on the shipped Ningxiang data")
    demo.add_argument("--reports", type=Path, default=Path("reports"),
                      help="where the inventory and reports go (default reports/)")
    demo.add_argument("--results", type=Path, default=Path("results"),
                      help="where the scenario runs go (default results/)")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.handler(args)
    except CarbonError as exc:
        if args.debug:
            raise
        print(f"carbon {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"carbon {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
