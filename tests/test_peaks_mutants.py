"""``carbon.scenarios.peaks.first_peak``: the first year within REL_TOL (1e-7) of the maximum,
the tolerance scaled by max(|maximum|, 1). Each case below was worked by hand; they kill the
mutants ``make mutate`` found alive (TESTING.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.scenarios.peaks import REL_TOL, first_peak


def test_relative_tolerance_is_one_in_ten_million():
    # the definition itself: a plateau's 1e-9 t noise on 1e6 t is far inside, 1% is far outside
    assert REL_TOL == pytest.approx(1e-7, rel=1e-12)


def test_a_plateau_peaks_in_its_first_year_with_that_years_value():
    # max = 200 + 5e-6; tol = 1e-7 × 200.000005 = 2.00000005e-5; threshold = 199.99998...
    # 2021's 200 ≥ threshold, 2020's 100 is not → 2021, and the value is 2021's own 200
    path = pd.Series([100.0, 200.0, 200.0 - 5e-6, 200.0 + 5e-6, 150.0],
                     index=[2020, 2021, 2022, 2023, 2024])
    assert first_peak(path) == (2021, 200.0)


def test_one_percent_below_the_maximum_is_not_the_peak():
    # tol = 1e-7 × 100 = 1e-5; 99 is 1 below 100 → not at the maximum; the peak is 2021
    assert first_peak(pd.Series([99.0, 100.0], index=[2020, 2021])) == (2021, 100.0)


def test_tolerance_scales_with_a_maximum_above_one():
    # tol = 1e-7 × 200 = 2e-5; 200 - 1e-5 is within it → 2020 (a tolerance of 1e-7 absolute,
    # i.e. without the scaling, would give 2021)
    assert first_peak(pd.Series([200.0 - 1e-5, 200.0], index=[2020, 2021]))[0] == 2020


def test_tolerance_is_at_least_1e_7_absolute_below_one():
    # max = 0.5 → tol = 1e-7 × max(0.5, 1) = 1e-7; 0.5 - 1.5e-7 is outside it → 2021;
    # 0.5 - 0.5e-7 is inside it → 2020
    assert first_peak(pd.Series([0.5 - 1.5e-7, 0.5], index=[2020, 2021]))[0] == 2021
    assert first_peak(pd.Series([0.5 - 0.5e-7, 0.5], index=[2020, 2021]))[0] == 2020


def test_a_negative_maximum_scales_by_its_magnitude():
    # net removals: max = -100 → tol = 1e-7 × |-100| = 1e-5; -100.000005 is within it → 2021
    path = pd.Series([-300.0, -100.0 - 5e-6, -100.0], index=[2020, 2021, 2022])
    assert first_peak(path)[0] == 2021


def test_exactly_the_tolerance_below_counts_as_at_the_maximum():
    # "within REL_TOL": max = 1 → tol = 1e-7; a value exactly 1 - 1e-7 (the same float
    # subtraction) is within, so 2020 is the peak year
    assert first_peak(pd.Series([1.0 - 1e-7, 1.0], index=[2020, 2021]))[0] == 2020


def test_years_out_of_order_are_sorted_first():
    # 2030 and 2025 tie at 5; 2025 is the earlier year whatever the order given
    path = pd.Series([5.0, 3.0, 5.0], index=[2030, 2020, 2025])
    assert first_peak(path) == (2025, 5.0)
