"""Small helpers that turn long ``(key, year, value)`` tables into ``key × year`` paths.

Three ways to fill the years a table does not list, each used by a documented input:

* :func:`interpolate` — linear between listed years, flat before the first and after the last
  (fuel prices and factors, demand given directly);
* :func:`step_forward` — a value applies from its year until the next listed year (technology
  cost paths: "overriding it from that year");
* :func:`interpolate_covering` — linear between listed years, and an error unless the listed
  years cover the horizon (drivers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.errors import DataError


def interpolate(frame: pd.DataFrame, key: str, value: str, years: list[int],
                *, before: float | None = None) -> pd.DataFrame:
    """Path of ``value`` per ``key`` over ``years``: linear inside, flat outside.

    ``before`` replaces the flat extension before a key's first listed year (e.g. 0 for a tax
    that starts in its first listed year). Returns a frame indexed by key, one column per year.
    """
    ys = np.asarray(years, dtype=float)
    rows = {}
    for name, group in frame.groupby(key, sort=False):
        g = group.sort_values("year")
        x = g["year"].to_numpy(dtype=float)
        v = g[value].to_numpy(dtype=float)
        path = np.interp(ys, x, v)
        if before is not None:
            path = np.where(ys < x[0], before, path)
        rows[name] = path
    return pd.DataFrame.from_dict(rows, orient="index", columns=years)


def step_forward(base: pd.Series, overrides: pd.DataFrame, column: str,
                 years: list[int]) -> pd.DataFrame:
    """``base`` (per technology) overridden from each listed year on by ``overrides[column]``.

    ``overrides`` has ``technology, year`` and ``column`` (NaN = no override in that row). A row
    dated before the first model year applies from the first model year.
    """
    out = pd.DataFrame(np.repeat(base.to_numpy(dtype=float)[:, None], len(years), axis=1),
                       index=base.index, columns=years)
    rows = overrides.loc[overrides[column].notna(), ["technology", "year", column]]
    if rows.empty:
        return out
    rows = rows.sort_values(["technology", "year"])
    year_arr = np.asarray(years)
    for tech, group in rows.groupby("technology", sort=False):
        for year, val in zip(group["year"], group[column], strict=True):
            out.loc[tech, year_arr >= max(int(year), years[0])] = float(val)
    return out


def interpolate_covering(frame: pd.DataFrame, years: list[int], file: object) -> pd.DataFrame:
    """Drivers: every column but ``year`` interpolated linearly over ``years``.

    Raises DataError unless the listed years reach from ``years[0]`` to ``years[-1]``.
    """
    have = frame["year"].to_numpy(dtype=float)
    if len(have) == 0 or have.min() > years[0] or have.max() < years[-1]:
        span = f"{int(have.min())}-{int(have.max())}" if len(have) else "no years"
        raise DataError(f"the years given ({span}) do not cover the horizon "
                        f"{years[0]}-{years[-1]}", file=file, column="year")
    order = np.argsort(have)
    out = pd.DataFrame(index=pd.Index(years, name="year"))
    for col in frame.columns:
        if col == "year":
            continue
        out[col] = np.interp(np.asarray(years, dtype=float), have[order],
                             frame[col].to_numpy(dtype=float)[order])
    return out
