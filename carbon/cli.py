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
    from carbon.inventory.quality import format_shares
    from carbon.reporting import text

    if args.out:
        inventory.check_output(args.out, [*args.activity, *args.factors])
    factors = inventory.load_factors(tuple(args.factors), convention=args.convention)
    activity = inventory.read_activity(args.activity, known_activities=factors["activity"].unique())
    options = {"fod_timing": args.fod_timing, "mcf_vintage": args.mcf_vintage,
               "rice_method": args.rice_method}
    result = inventory.compile_inventory(activity, factors, gwp=args.gwp, region=args.region,
                                         years=inventory.parse_years(args.years),
                                         options=options)
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
    print(f"fuel CO2 convention: {args.convention}")
    print(format_shares(inventory.quality_shares(result, year=int(result["year"].max()))))
    if analyses.key_categories is not None:
        print(text.format_key_categories(analyses.key_categories, year=analyses.year,
                                         base_year=analyses.base_year))
    if analyses.approach1 is not None:
        print(text.format_uncertainty(analyses.approach1, analyses.monte_carlo,
                                      analyses.monte_carlo_trend))


def _run(args: argparse.Namespace) -> None:
    from carbon.scenarios import format_run_summary
    from carbon.scenarios.run import run_scenarios

    for summary in run_scenarios(args.scenario, args.out):
        print(format_run_summary(summary))


def _plot(args: argparse.Namespace) -> None:
    from carbon.reporting.report import write_plots

    write_plots(args.runs, out=args.out, lang=args.lang, echo=print)


def _report(args: argparse.Namespace) -> None:
    from carbon.reporting.report import write_report

    write_report(out=args.out, runs=args.runs, inventory=args.inventory,
                 allocation=args.allocation, sweeps=args.sweeps, compare=args.compare,
                 lang=args.lang, echo=print)


def _allocate(args: argparse.Namespace) -> None:
    from carbon.allocation import allocate_to, format_allocation_summary

    result, target = allocate_to(args.rules, args.out)
    print(format_allocation_summary(result, target))


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
    inv.add_argument("--gwp", default=DEFAULT_GWP, type=str.upper,
                     help=f"GWP-100 set for CO2e: SAR, AR4, AR5 or AR6, any case "
                          f"(default {DEFAULT_GWP})")
    inv.add_argument("--region", default=DEFAULT_REGION,
                     help=f"region of factors: hunan, central_china, CN (default {DEFAULT_REGION})")
    inv.add_argument("--convention", default="cn", choices=["cn", "ipcc"],
                     help="fuel CO2 route: cn = Chinese carbon content × oxidation pairs (raw coal "
                          "1.900 t CO2/t), ipcc = IPCC 2006 Table 1.4 factors (raw coal 1.978); "
                          "default cn")
    inv.add_argument("--out", type=Path, help="write the inventory to FILE.csv or FILE.xlsx")
    inv.add_argument("--years", nargs="+", default=[], metavar="Y",
                     help="later years for landfill CH4 (4.A) beyond the deposition history: "
                          "2030, 2021-2030")
    inv.add_argument("--fod-timing", default="next_year", choices=["next_year", "same_year"],
                     help="when deposits start to decay (default next_year, IPCC 2006)")
    inv.add_argument("--mcf-vintage", default="2019", choices=["2006", "2019"],
                     help="IPCC wastewater MCF table (default 2019)")
    inv.add_argument("--rice-method", default="cn_seasonal", choices=["cn_seasonal", "ipcc_daily"],
                     help="rice CH4: Chinese seasonal factor (default) or IPCC daily method")
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

    plot = commands.add_parser("plot", help="trajectory figures of finished runs (PNG, SVG)")
    plot.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR", help="finished run folders")
    plot.add_argument("--out", type=Path, default=Path("reports/plots"),
                      help="folder of the figures (default reports/plots)")
    plot.add_argument("--lang", default="en", help="zh or en (default en)")
    plot.set_defaults(handler=_plot)

    report = commands.add_parser("report", help="the planner's report (HTML, Markdown, XLSX)")
    report.add_argument("--runs", nargs="+", type=Path, default=[], metavar="DIR",
                        help="finished run folders; the first is the reference")
    report.add_argument("--inventory", type=Path, help="an inventory written by carbon inventory")
    report.add_argument("--allocation", nargs="+", type=Path, default=[], metavar="DIR",
                        help="folders written by carbon allocate")
    report.add_argument("--sweeps", nargs="+", type=Path, default=[], metavar="DIR",
                        help="folders of carbon macc (macc.csv) or carbon sweep montecarlo")
    report.add_argument("--compare", type=Path, help="a folder written by carbon compare (its "
                        "measures; without it they are worked out from the runs)")
    report.add_argument("--out", type=Path, default=Path("reports/report"),
                        help="folder of the report (default reports/report)")
    report.add_argument("--lang", default="zh", help="zh or en (default zh)")
    report.set_defaults(handler=_report)

    alloc = commands.add_parser("allocate", help="allocate allowances to enterprises, clear "
                                "the market, compliance per enterprise")
    alloc.add_argument("rules", type=Path, metavar="RULES.toml", help="allocation rules TOML")
    alloc.add_argument("--out", type=Path, default=Path("results"),
                       help="parent folder of the outputs (default results/)")
    alloc.set_defaults(handler=_allocate)

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
