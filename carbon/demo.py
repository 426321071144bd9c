"""``carbon demo``: the whole chain on the shipped Ningxiang data.

Compiles the 2020 inventory of every sector (``reports/ningxiang/inventory_2020.xlsx`` and
``.csv``; landfill CH4 has rows from the first deposit of the back-cast history), solves the
shipped scenarios (``results/<name>/``), compares them (``results/compare/``), sweeps a short
abatement cost curve of the policy scenario (``results/sweeps/policy/macc/``), allocates
allowances to the illustrative registry of key emitters under the national-market and the
hypothetical local rules (``results/allocation/<name>/``), and writes the planner's report beside
the inventory (``reports/ningxiang/index.html`` in Chinese, ``reports/ningxiang/en/index.html``
in English).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carbon import paths
from carbon.inventory import (
    DEFAULT_GWP,
    DEFAULT_REGION,
    analyse,
    compile_inventory,
    load_factors,
    read_activity,
    write_inventory,
)
from carbon.reporting.text import (
    format_inventory_summary,
    format_key_categories,
    format_uncertainty,
)
from carbon.scenarios import format_run_summary, run_scenario

DEMO_SCENARIOS = ("baseline", "policy", "early_peak")
DEMO_ALLOCATION = ("national.toml", "local_whatif.toml")
#: the city's activity files: energy, the other sectors, and the landfill deposition history
NINGXIANG_ACTIVITY = ("activity_2020.csv", "activity_2020_nonenergy.csv", "waste_deposition.csv")


def run_demo(*, reports_dir: Path = Path("reports"), results_dir: Path = Path("results"),
             echo: Callable[[str], None] = print) -> dict[str, Path]:
    """Run the demo and return the paths it wrote."""
    written: dict[str, Path] = {}
    factors = load_factors()
    activity = read_activity([paths.ningxiang_dir() / name for name in NINGXIANG_ACTIVITY])
    inventory = compile_inventory(activity, factors, gwp=DEFAULT_GWP, region=DEFAULT_REGION)
    analyses = analyse(inventory, factors=factors)   # key categories, uncertainty (XLSX sheets)
    out = Path(reports_dir) / "ningxiang"
    for suffix in (".csv", ".xlsx"):
        target = out / f"inventory_2020{suffix}"
        write_inventory(inventory, target, factors=factors, gwp=DEFAULT_GWP, region=DEFAULT_REGION,
                        sheets=analyses.sheets if suffix == ".xlsx" else None)
        written[f"inventory{suffix}"] = target
    echo(format_inventory_summary(inventory, gwp=DEFAULT_GWP, region=DEFAULT_REGION,
                                  out=out / "inventory_2020.xlsx"))
    assert analyses.key_categories is not None and analyses.approach1 is not None
    echo(format_key_categories(analyses.key_categories, year=analyses.year, base_year=None))
    echo(format_uncertainty(analyses.approach1, analyses.monte_carlo))
    for name in DEMO_SCENARIOS:
        summary = run_scenario(paths.scenarios_dir() / f"{name}.toml", Path(results_dir))
        echo(format_run_summary(summary))
        written[name] = Path(summary["results_dir"])
    written.update(_compare_and_macc(written, Path(results_dir), echo))
    from carbon.allocation import allocate_to, format_allocation_summary

    for rules in DEMO_ALLOCATION:
        result, target = allocate_to(paths.ningxiang_dir() / "enterprises" / rules,
                                     Path(results_dir) / "allocation")
        echo(format_allocation_summary(result, target))
        written[f"allocation_{Path(rules).stem}"] = target
    written.update(_registry_example(out / "registry", echo))
    from carbon.reporting.report import write_report

    for lang in ("zh", "en"):
        report = write_report(out=out if lang == "zh" else out / "en", echo=echo, lang=lang,
                              runs=[written[n] for n in DEMO_SCENARIOS],
                              inventory=out / "inventory_2020.xlsx", sweeps=written["macc"],
                              compare=written["compare"],
                              allocation=[written[f"allocation_{Path(r).stem}"]
                                          for r in DEMO_ALLOCATION])
        written[f"report_{lang}"] = report["index.html"]
    return written


def _compare_and_macc(runs: dict[str, Path], results_dir: Path,
                      echo: Callable[[str], None]) -> dict[str, Path]:
    """The shipped runs side by side, and a short MACC of the policy scenario (no options)."""
    from carbon.reporting.compare import compare_runs, format_comparison
    from carbon.sweeps.macc import abatement_curve, format_macc, write_macc

    comparison = compare_runs([runs[n] for n in DEMO_SCENARIOS], results_dir / "compare")
    echo(format_comparison(comparison))
    macc = abatement_curve(paths.scenarios_dir() / "policy.toml", steps=6, options=False)
    folder = write_macc(macc, results_dir / "sweeps" / "policy" / "macc")
    echo(format_macc(macc) + f"\n  written to {folder}")
    return {"compare": results_dir / "compare", "macc": folder}


def _registry_example(out: Path, echo: Callable[[str], None]) -> dict[str, Path]:
    """The example key-emitter registry: synthetic reports imported, verified and exported."""
    from carbon.registry.example import build_example

    result = build_example(out)
    flags = result["flags"]
    echo(f"Registry (synthetic example): {len(result['status'])} enterprise-years, "
         f"{len(flags)} flag(s) at {result['db']}")
    for row in flags.itertuples(index=False):
        echo(f"  {row.enterprise_id} {row.year} {row.rule}: {row.message}")
    files = result["files"]
    return {"registry": result["db"], "registry_enterprises": files["enterprises"],
            "registry_activity": files["activity"]}
