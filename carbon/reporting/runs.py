"""Read a finished pathway run (``carbon run``'s folder) back into tidy frames.

A folder is a finished run when it holds ``summary.json`` with ``status`` ``optimal`` and the
result files of the contract; anything else is a clear error naming the folder. Files of later
contracts (``emissions_end_use.csv``, ``ghg.csv``, ``shares.csv``, ``costs.csv``) are read when
present. Both layouts of ``carbon_price.csv`` are accepted: the tidy one (``year, sector,
price_yuan_per_t, peak_rule_yuan_per_t``) and the older one (``year, price_yuan_per_t``, read as
the ``total`` rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from carbon.errors import DataError

REQUIRED = ("emissions.csv", "indicators.csv", "carbon_price.csv")
OPTIONAL = ("emissions_end_use.csv", "ghg.csv", "shares.csv", "costs.csv", "capacity.csv",
            "activity.csv", "allowances.csv", "marginal_cost.csv")


@dataclass
class Run:
    """One finished run: its name, folder, summary and result frames (by file stem)."""

    name: str
    folder: Path
    summary: dict
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def frame(self, stem: str) -> pd.DataFrame | None:
        return self.frames.get(stem)

    def total_co2(self) -> pd.Series:
        """Total CO2 by year [t], the production view (``emissions.csv`` summed)."""
        em = self.frames["emissions"]
        return em.groupby("year")["co2_t"].sum()


def _read(path: Path) -> pd.DataFrame:
    from carbon.tables import read_csv_text

    frame = read_csv_text(path)
    for col in frame.columns:
        converted = pd.to_numeric(frame[col], errors="coerce")
        if converted.notna().sum() == (frame[col] != "").sum() and (frame[col] != "").any():
            frame[col] = converted
    return frame


def load_run(folder: Path | str) -> Run:
    """Read a finished run folder; :class:`DataError` if it is not one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("not a finished run: no such folder (run `carbon run SCENARIO` first)",
                        file=folder)
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise DataError("not a finished run: summary.json is missing (run `carbon run "
                        "SCENARIO` to make one)", file=folder)
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"not a finished run: summary.json is not valid JSON ({exc.msg})",
                        file=summary_path) from None
    if summary.get("status") != "optimal":
        raise DataError(f"not a finished run: status is {summary.get('status')!r}, "
                        "expected 'optimal'", file=summary_path)
    run = Run(name=str(summary.get("name") or folder.name), folder=folder, summary=summary)
    for name in REQUIRED:
        if not (folder / name).is_file():
            raise DataError(f"not a finished run: {name} is missing", file=folder)
    for name in REQUIRED + OPTIONAL:
        if (folder / name).is_file():
            run.frames[name.removesuffix(".csv")] = _read(folder / name)
    price = run.frames["carbon_price"]
    if "sector" not in price.columns:
        price.insert(1, "sector", "total")
    return run


def load_runs(folders: list[Path]) -> list[Run]:
    runs = [load_run(f) for f in folders]
    names = [r.name for r in runs]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise DataError(f"two runs are named '{duplicated[0]}': give each scenario its own name")
    return runs


def sector_emissions(run: Run, view: str = "production") -> pd.DataFrame:
    """CO2 by year and sector [t]: ``production`` (emissions.csv) or ``end_use``.

    The end-use view is ``emissions_end_use.csv`` where the run wrote it; without it, it is
    the production view (the caller labels which one it shows).
    """
    if view == "end_use" and "emissions_end_use" in run.frames:
        frame = run.frames["emissions_end_use"]
    else:
        frame = run.frames["emissions"]
    return frame.groupby(["year", "sector"])["co2_t"].sum().unstack(fill_value=0.0)


def peak_of(series: pd.Series) -> tuple[int, float]:
    """The first year at the maximum and that maximum (:mod:`carbon.scenarios.peaks`)."""
    from carbon.scenarios.peaks import first_peak

    return first_peak(series)
