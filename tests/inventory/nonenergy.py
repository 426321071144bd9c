"""Helpers for the tests of the non-energy methods: write a small activity (and factor) file."""

from pathlib import Path

import pandas as pd

from carbon.inventory import compile_inventory, load_factors, read_activity


def compile_rows(tmp_path: Path, header: str, rows: str, *, factors: str | None = None,
                 **kwargs) -> pd.DataFrame:
    """Compile an activity file of ``header`` + ``rows`` (and a user factor file if given)."""
    path = tmp_path / "activity.csv"
    path.write_text(header + "\n" + rows, encoding="utf-8")
    factor_files: tuple[Path, ...] = ()
    if factors is not None:
        factor_path = tmp_path / "factors.csv"
        factor_path.write_text("activity,gas,parameter,category,region,value,unit\n" + factors,
                               encoding="utf-8")
        factor_files = (factor_path,)
    library = load_factors(factor_files)
    activity = read_activity([path], known_activities=library["activity"].unique())
    return compile_inventory(activity, library, **kwargs)


def value(inventory: pd.DataFrame, column: str = "emissions_t", **where) -> float:
    """Sum of ``column`` over the rows matching ``where`` (column=value)."""
    mask = pd.Series(True, index=inventory.index)
    for key, wanted in where.items():
        mask &= inventory[key] == wanted
    assert mask.any(), f"no row for {where}"
    return float(inventory.loc[mask, column].sum())
