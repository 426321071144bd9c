"""The plan's indicators of each scenario against the plan targets (``data/ningxiang/targets.csv``).

Targets are data: ``indicator, year, value, basis, source`` (one row per target; ``basis`` says
what the value is measured against, e.g. ``change vs 2020 (%)``). An indicator is a column of a
run's ``indicators.csv``. Changes against the base year (``*_change_pct``) that an older run did
not write are computed from the level columns: change = (level_y / level_base − 1) × 100 [%].

Met or missed: a non-fossil share must reach its target (value ≥ target); every other indicator
(energy or CO2 per GDP change, coal use or share) must stay at or below it (value ≤ target). A
``direction`` column (``at_least`` or ``at_most``) in the targets file overrides this.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from carbon import paths
from carbon.errors import DataError
from carbon.reporting.runs import Run
from carbon.tables import numeric_column, read_csv_text

#: a change column and the level column it is computed from when a run lacks it
CHANGE_FROM_LEVEL = {
    "energy_per_gdp_change_pct": "energy_per_gdp_tce_per_10k_yuan",
    "co2_per_gdp_change_pct": "co2_per_gdp_t_per_10k_yuan",
}
#: indicators the report always shows (those the national and Hunan plans set for 2025 and 2030)
REPORTED = ("energy_per_gdp_change_pct", "energy_per_gdp_assessment_change_pct",
            "co2_per_gdp_change_pct", "non_fossil_share", "coal_share", "coal_tce")


def targets_path() -> Path:
    return paths.ningxiang_dir() / "targets.csv"


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """The plan targets (``indicator, year, value, basis, source``), checked on load."""
    path = Path(path) if path is not None else targets_path()
    table = read_csv_text(path)
    for col in ("indicator", "year", "value"):
        if col not in table.columns:
            raise DataError(f"missing column '{col}' (the header has: "
                            f"{', '.join(table.columns)})", file=path, row=1)
    table["year"] = numeric_column(table, "year", path).astype(int)
    table["value"] = numeric_column(table, "value", path)
    if "direction" in table.columns:
        bad = ~table["direction"].isin(["", "at_least", "at_most"])
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise DataError(f"found '{table['direction'][bad].iloc[0]}', expected at_least or "
                            "at_most", file=path, row=row, column="direction")
    return table


def direction_of(indicator: str, given: str = "") -> str:
    """``at_least`` when the value must reach the target (non-fossil share), else ``at_most``."""
    if given:
        return given
    return "at_least" if "non_fossil" in indicator else "at_most"


def indicator_value(run: Run, indicator: str, year: int) -> float | None:
    """The run's value of ``indicator`` in ``year`` (``None`` when the run lacks it)."""
    table = run.frames["indicators"].set_index("year")
    if year not in table.index:
        return None
    if indicator in table.columns:
        value = table.at[year, indicator]
        return None if pd.isna(value) else float(value)
    level = CHANGE_FROM_LEVEL.get(indicator)
    if level in table.columns:
        base = float(table[level].iloc[0])
        return (float(table.at[year, level]) / base - 1.0) * 100.0
    return None


def against_targets(runs: Sequence[Run], targets: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, year, scenario): ``value, target, basis, met, unit``.

    ``met`` is ``None`` where the run cannot give the indicator (the row says so).
    """
    rows = []
    for target in targets.to_dict("records"):
        indicator = str(target["indicator"])
        direction = direction_of(indicator, str(target.get("direction", "") or ""))
        for run in runs:
            value = indicator_value(run, indicator, int(target["year"]))
            met = None
            if value is not None:
                met = value >= target["value"] if direction == "at_least" else \
                    value <= target["value"]
            rows.append({"indicator": indicator, "year": int(target["year"]),
                         "scenario": run.name, "value": value, "target": float(target["value"]),
                         "basis": target.get("basis", ""), "met": met,
                         "unit": "%" if indicator.endswith("_pct") else "",
                         "source": target.get("source", "")})
    return pd.DataFrame(rows, columns=["indicator", "year", "scenario", "value", "target",
                                       "basis", "met", "unit", "source"])
