"""``carbon demo``: the whole chain on the shipped Ningxiang data.

Compiles the 2020 inventory (``reports/ningxiang/inventory_2020.xlsx`` and ``.csv``), solves
the shipped scenarios (``results/<name>/``), compares them (``results/compare/``) and sweeps a
short abatement cost curve of the policy scenario (``results/sweeps/policy/macc/``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from carbon import paths
from carbon.inventory import (
    DEFAULT_GWP,
    DEFAULT_REGION,
    compile_inventory,
    load_factors,
    read_activity,
    write_inventory,
)
from carbon.reporting.text import format_inventory_summary
from carbon.scenarios import format_run_summary, run_scenario

DEMO_SCENARIOS = ("baseline", "policy", "early_peak")


def run_demo(*, reports_dir: Path = Path("reports"), results_dir: Path = Path("results"),
             echo: Callable[[str], None] = print) -> dict[str, Path]:
    """Run the demo and return the paths it wrote."""
    written: dict[str, Path] = {}
    factors = load_factors()
    activity = read_activity([paths.ningxiang_dir() / "activity_2020.csv"])
    inventory = compile_inventory(activity, factors, gwp=DEFAULT_GWP, region=DEFAULT_REGION)
    out = Path(reports_dir) / "ningxiang"
    for suffix in (".csv", ".xlsx"):
        target = out / f"inventory_2020{suffix}"
        write_inventory(inventory, target, factors=factors, gwp=DEFAULT_GWP, region=DEFAULT_REGION)
        written[f"inventory{suffix}"] = target
    echo(format_inventory_summary(inventory, gwp=DEFAULT_GWP, region=DEFAULT_REGION,
                                  out=out / "inventory_2020.xlsx"))
    for name in DEMO_SCENARIOS:
        summary = run_scenario(paths.scenarios_dir() / f"{name}.toml", Path(results_dir))
        echo(format_run_summary(summary))
        written[name] = Path(summary["results_dir"])
    written.update(_compare_and_macc(written, Path(results_dir), echo))
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
