"""The ``carbon`` command: parses arguments, calls the chain, prints. No logic of its own.

Every command exits 0 on success; on bad input it prints a short message on stderr and exits 1
(``--debug``, before or after the command's name, shows the traceback). Ctrl-C prints one line
and exits 130; outputs are written atomically, so nothing is left half-written. A warning about
data (:class:`~carbon.errors.DataWarning`) is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from carbon.errors import CarbonError, DataWarning


def _inventory(args: argparse.Namespace) -> None:
    from carbon import inventory
    from carbon.reporting.text import format_inventory_summary

    if args.out:
        inventory.check_output(args.out, [*args.activity, *args.factors])
    factors = inventory.load_factors(tuple(args.factors))
    activity = inventory.read_activity(args.activity, known_activities=factors["activity"].unique())
    result = inventory.compile_inventory(activity, factors, gwp=args.gwp, region=args.region)
    if args.out:
        inventory.write_inventory(result, args.out, factors=factors, gwp=args.gwp,
                                  region=args.region)
    print(format_inventory_summary(result, gwp=args.gwp, region=args.region, out=args.out))


def _run(args: argparse.Namespace) -> None:
    from carbon.scenarios import format_run_summary
    from carbon.scenarios.run import run_scenarios

    for summary in run_scenarios(args.scenario, args.out):
        print(format_run_summary(summary))


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
    inv.add_argument("--gwp", default=DEFAULT_GWP, type=str.upper,
                     help=f"GWP-100 set for CO2e: SAR, AR4, AR5 or AR6, any case "
                          f"(default {DEFAULT_GWP})")
    inv.add_argument("--region", default=DEFAULT_REGION,
                     help=f"region of factors: hunan, central_china, CN (default {DEFAULT_REGION})")
    inv.add_argument("--out", type=Path, help="write the inventory to FILE.csv or FILE.xlsx")
    inv.set_defaults(handler=_inventory)

    run = commands.add_parser("run", help="solve peaking pathways for scenarios")
    run.add_argument("scenario", nargs="+", type=Path, metavar="SCENARIO", help="scenario TOML")
    run.add_argument("--out", type=Path, default=Path("results"),
                     help="parent folder of the results (default results/)")
    run.set_defaults(handler=_run)

    demo = commands.add_parser("demo", help="everything on the shipped Ningxiang data")
    demo.add_argument("--reports", type=Path, default=Path("reports"),
                      help="where the inventory and reports go (default reports/)")
    demo.add_argument("--results", type=Path, default=Path("results"),
                      help="where the scenario runs go (default results/)")
    demo.set_defaults(handler=_demo)
    return parser


def _debug_anywhere(argv: list[str]) -> tuple[list[str], bool]:
    """``--debug`` may follow the command's name: take it out wherever it is (before ``--``)."""
    end = argv.index("--") if "--" in argv else len(argv)
    debug = "--debug" in argv[:end]
    return [a for i, a in enumerate(argv) if i >= end or a != "--debug"], debug


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    argv, debug = _debug_anywhere(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.debug = args.debug or debug
    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, DataWarning):
            print(f"carbon {args.command}: warning: {message}", file=sys.stderr)
        else:
            shown(message, category, filename, lineno, file, line)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            warnings.simplefilter("always", DataWarning)
            args.handler(args)
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"carbon {args.command}: interrupted (Ctrl-C); no output was left half-written",
              file=sys.stderr)
        return 130
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
