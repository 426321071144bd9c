"""A survivor of the final sampled mutation run (sample C, TESTING.md): a MAC file's numeric
cells are named with the file, the row and the column."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from alloc_helpers import write_csv

from carbon.allocation.inputs import read_mac
from carbon.errors import DataError

KNOWN = pd.DataFrame({"enterprise_id": ["e1", "e2"]})
HEADER = ["enterprise_id", "step", "abatement_t", "cost_yuan_per_t"]


@pytest.mark.parametrize("column, cell, expected", [
    ("abatement_t", "-5", "found -5, expected a number >= 0"),
    ("abatement_t", "ten", "found 'ten', expected a number (not a number)"),
    ("cost_yuan_per_t", "", "empty cell, expected a number"),
])
def test_a_bad_mac_cell_names_file_row_and_column(tmp_path, column, cell, expected):
    path = tmp_path / "mac.csv"
    cells = {"abatement_t": "10", "cost_yuan_per_t": "20"} | {column: cell}
    write_csv(path, HEADER, [["e1", 1, 10, 20],
                             ["e1", 2, cells["abatement_t"], cells["cost_yuan_per_t"]]])
    with pytest.raises(DataError) as error:
        read_mac(path, KNOWN)
    assert str(error.value) == f"{path}, row 3, column '{column}': {expected}"
    assert re.search(r"mac\.csv", str(error.value))
