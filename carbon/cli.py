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
    from carbon.reporting import text

    factors = inventory.load_factors(tuple(args.factors))
    activity = inventory.read_activity(args.activity, known_activities=factors["activity"].unique())
    result = inventory.compile_inventory(activity, factors, gwp=args.gwp, region=args.region)
    keys = inventory.read_notation_keys(args.notation_keys) if args.notation_keys else None
    analyses = inventory.analyse(result, factors=factors, key_categories=args.key_categories,
                                 uncertainty=args.uncertainty, base_year=args.base_year,
                                 scopes=(1, 2) if args.key_scope2 else (1,), draws=args.draws,
                                 seed=args.seed)
    if args.out:
        inventory.write_inventory(result, args.out, factors=factors, gwp=args.gwp,
                                  region=args.region, view=args.view, notation_keys=keys,
                                  sheets=analyses.sheets)
    if args.view == "gpc":
        print(text.format_gpc(inventory.gpc_view(result, keys)))
    print(text.format_inventory_summary(result, gwp=args.gwp, region=args.region, out=args.out))
    if analyses.key_categories is not None:
        print(text.format_key_categories(analyses.key_categories, year=analyses.year,
                                         base_year=analyses.base_year))
    if analyses.approach1 is not None:
        print(text.format_uncertainty(analyses.approach1, analyses.monte_carlo,
                                      analyses.monte_carlo_trend))


def _run(args: argparse.Namespace) -> None:
    from carbon.scenarios import format_run_summary, run_scenario

    for scenario in args.scenario:
        summary = run_scenario(scenario, args.out)
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
    inv.add_argument("--gwp", default=DEFAULT_GWP, choices=["SAR", "AR4", "AR5", "AR6"],
                     help=f"GWP-100 set for CO2e (default {DEFAULT_GWP})")
    inv.add_argument("--region", default=DEFAULT_REGION,
                     help=f"region of factors: hunan, central_china, CN (default {DEFAULT_REGION})")
    inv.add_argument("--out", type=Path, help="write the inventory to FILE.csv or FILE.xlsx")
    inv.add_argument("--view", choices=["inventory", "gpc"], default="inventory",
                     help="gpc: print the GPC sub-sectors with notation keys and the BASIC and "
                     "BASIC+ totals, and write that view to FILE.csv (the XLSX always has it)")
    inv.add_argument("--notation-keys", type=Path, metavar="FILE",
                     help="GPC notation keys (gpc_ref, notation_key, explanation) for "
                     "sub-sectors without data; default NE")
    inv.add_argument("--key-categories", action="store_true",
                     help="IPCC Approach 1 key categories of the latest year (scope 1)")
    inv.add_argument("--key-scope2", action="store_true",
                     help="count scope 2 (purchased electricity and heat) in the key categories")
    inv.add_argument("--base-year", type=int, metavar="Y",
                     help="base year of the trend assessment and trend uncertainty")
    inv.add_argument("--uncertainty", action="store_true",
                     help="Approach 1 and Monte Carlo uncertainty of the latest year")
    inv.add_argument("--draws", type=int, default=10_000, metavar="N",
                     help="Monte Carlo draws (default 10000)")
    inv.add_argument("--seed", type=int, default=0, metavar="S",
                     help="Monte Carlo seed (default 0)")
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
