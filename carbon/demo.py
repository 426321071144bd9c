"""``carbon demo``: the whole chain on the shipped Ningxiang data.

Compiles the 2020 inventory (``reports/ningxiang/inventory_2020.xlsx`` and ``.csv``) and solves
the shipped scenarios (``results/<name>/``).
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


def run_demo(*, reports_dir: Path = Path("reports"), results_dir: Path = Path("results"),
             echo: Callable[[str], None] = print) -> dict[str, Path]:
    """Run the demo and return the paths it wrote."""
    written: dict[str, Path] = {}
    factors = load_factors()
    activity = read_activity([paths.ningxiang_dir() / "activity_2020.csv"])
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
    return written
