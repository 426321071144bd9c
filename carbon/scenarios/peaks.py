"""The peak of a trajectory: the first year at the maximum, within solver noise.

One definition for every place that reports a peak (``summary.json``, ``sector_peaks``,
``carbon compare``, the report): an LP's plateau (a peak rule holds emissions flat after the peak
year) comes out with differences of 1e-9 t between years, which must not move the peak to the
plateau's last year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: years within this share of the maximum count as at the maximum
REL_TOL = 1e-7


def first_peak(by_year: pd.Series) -> tuple[int, float]:
    """``(year, value)``: the first year whose value is within :data:`REL_TOL` of the maximum.

    ``by_year`` is indexed by year (sorted or not); the value returned is that year's.
    """
    series = by_year.sort_index()
    values = series.to_numpy(dtype=float)
    top = float(values.max())
    tol = REL_TOL * max(abs(top), 1.0)
    i = int(np.flatnonzero(values >= top - tol)[0])
    return int(series.index[i]), float(values[i])
