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
    written.update(_registry_example(out / "registry", echo))
    return written


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
