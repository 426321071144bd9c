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


def _compare(args: argparse.Namespace) -> None:
    from carbon.reporting.compare import compare_runs, format_comparison

    print(format_comparison(compare_runs(args.dirs, args.out)))


def _macc(args: argparse.Namespace) -> None:
    from carbon.sweeps.macc import abatement_curve, format_macc, write_macc
    from carbon.sweeps.store import sweep_folder

    result = abatement_curve(args.scenario, steps=args.steps, sector=args.sector, year=args.year)
    folder = write_macc(result, sweep_folder(args.scenario, "macc", args.out))
    print(format_macc(result) + f"\n  written to {folder}")


def _sweep(args: argparse.Namespace) -> None:
    from carbon.sweeps import montecarlo, peak
    from carbon.sweeps.store import sweep_folder

    folder = sweep_folder(args.scenario, args.kind, args.out)
    if args.kind == "peak":
        result = peak.peak_sweep(args.scenario, peak.parse_years(args.years), sector=args.sector)
        peak.write_peaks(result, folder, csv=args.csv)
        print(peak.format_peaks(result) + f"\n  written to {folder}")
    elif args.kind == "montecarlo":
        print(montecarlo.format_montecarlo(montecarlo.montecarlo(
            args.scenario, draws=args.draws, seed=args.seed, out=folder,
            scheduler=args.scheduler, workers=args.workers, chunk=args.chunk,
            target_year=args.target_year, csv=args.csv)))
    else:
        result = montecarlo.tornado(args.scenario, out=folder, csv=args.csv,
                                    scheduler=args.scheduler, workers=args.workers)
        print(montecarlo.format_tornado(result) + f"\n  written to {folder}")


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

    cmp = commands.add_parser("compare", help="finished runs side by side, input diff, measures")
    cmp.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="results folders of "
                     "'carbon run' (the first is the reference)")
    cmp.add_argument("--out", type=Path, default=Path("results") / "compare",
                     help="where comparison.csv/.xlsx, measures.csv go (default results/compare)")
    cmp.set_defaults(handler=_compare)

    macc = commands.add_parser("macc", help="marginal abatement cost curve by a cap sweep")
    macc.add_argument("scenario", type=Path, metavar="SCENARIO", help="scenario TOML")
    macc.add_argument("--steps", type=int, default=10, help="number of caps (default 10)")
    macc.add_argument("--sector", default="total", help="total (default) or one sector")
    macc.add_argument("--year", type=int, help="cap one year's CO2 instead of the horizon's")
    macc.add_argument("--out", type=Path, help="folder (default results/sweeps/NAME/macc)")
    macc.set_defaults(handler=_macc)

    sweep = commands.add_parser("sweep", help="peak years, Monte Carlo, tornado (Parquet)")
    kinds = sweep.add_subparsers(dest="kind", required=True, metavar="KIND")
    sp = kinds.add_parser("peak", help="the cost of each peak year")
    sp.add_argument("--years", required=True, help="FIRST:LAST, e.g. 2025:2035")
    sp.add_argument("--sector", default="total", help="total (default) or one sector")
    mc = kinds.add_parser("montecarlo", help="draws of the [uncertainty] table")
    mc.add_argument("--draws", type=int, default=200, help="number of draws (default 200)")
    mc.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    mc.add_argument("--target-year", type=int, default=2030,
                    help="report the probability of peaking by this year (default 2030)")
    mc.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    mc.add_argument("--chunk", type=int, help="draws per task (default: automatic)")
    tor = kinds.add_parser("tornado", help="each uncertain input alone at its bounds")
    tor.add_argument("--workers", type=int, help="worker processes (default: this process)")
    for p in (mc, tor):
        p.add_argument("--scheduler", help="tcp://HOST:PORT of a Dask scheduler, or 'local' "
                       "for a Dask LocalCluster (default: local processes)")
    for p in (sp, mc, tor):
        p.add_argument("scenario", type=Path, metavar="SCENARIO", help="scenario TOML")
        p.add_argument("--out", type=Path, help="folder (default results/sweeps/NAME/KIND)")
        p.add_argument("--csv", action="store_true", help="CSV beside the Parquet files")
    sweep.set_defaults(handler=_sweep)

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
