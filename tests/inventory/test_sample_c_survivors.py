"""Tests for survivors of the final sampled mutation run (sample C, TESTING.md): the rice
method's error lists the methods, a NaN method cell is the default method, and ``analyse``
passes its seed to the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory.analysis import analyse
from carbon.inventory.methods.agriculture import rice_method
from carbon.inventory.methods.common import text
from carbon.inventory.uncertainty import monte_carlo
from tests.inventory.test_uncertainty import small_symmetric


def _record(**cells) -> pd.Series:
    return pd.Series({"file": "rice.csv", "row": 4, **cells})


def test_an_unknown_rice_method_lists_the_methods():
    with pytest.raises(DataError) as error:
        rice_method(_record(method="tier3"), "cn_seasonal")
    assert str(error.value) == ("rice.csv, row 4, column 'method': found 'tier3', expected one "
                                "of cn_seasonal, ipcc_daily")


@pytest.mark.parametrize("cell", [None, np.nan, "", "  "])
def test_an_empty_or_missing_method_cell_is_the_default(cell):
    assert text(_record(method=cell), "method", "cn_seasonal") == "cn_seasonal"
    assert rice_method(_record(method=cell), "ipcc_daily") == "ipcc_daily"
    assert text(_record(method=" ipcc_daily "), "method", "x") == "ipcc_daily"
    assert text(_record(), "method", "x") == "x"          # no such column


def test_analyse_passes_its_seed_to_the_monte_carlo():
    inventory = small_symmetric()
    year = int(inventory["year"].max())
    seeded = analyse(inventory, key_categories=False, draws=2000, seed=7).monte_carlo
    # the same draws as monte_carlo with seed 7, not those of the default seed 0
    assert seeded.equals(monte_carlo(inventory, year, draws=2000, seed=7))
    assert not seeded.equals(monte_carlo(inventory, year, draws=2000, seed=0))
