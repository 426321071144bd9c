"""``carbon.inventory.factors`` selection: a case that kills a mutant ``make mutate`` found alive
(TESTING.md): an empty category must rank below even a top-level code ("1"), not tie with it;
on a full tie the first row wins.

A user factor file for a made-up activity, so the shipped library cannot move the numbers.
"""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.inventory import inventory_from_files
from carbon.inventory.factors import select_factor

FACTOR_HEADER = "activity,gas,parameter,category,region,year,value,unit\n"


def test_a_top_level_category_outranks_an_empty_one_even_with_a_worse_region(tmp_path):
    # Rows: category "" for Hunan (0.3 t/MWh), listed first, and category "1" (energy, depth 1)
    # for any region (0.7 t/MWh). Category ranks before region: "1" matches 1.A.4.a and an
    # empty category does not name one, so 1000 MWh × 0.7 = 700 t. Were an empty category
    # ranked level with a top-level code, Hunan's region would decide: 1000 × 0.3 = 300 t.
    (tmp_path / "f.csv").write_text(FACTOR_HEADER
                                    + "test_power,CO2,ef,,hunan,2020,0.3,t/MWh\n"
                                    + "test_power,CO2,ef,1,,2020,0.7,t/MWh\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("year,category,activity,amount,unit\n"
                                    "2020,1.A.4.a,test_power,1000,MWh\n", encoding="utf-8")
    inv = inventory_from_files([tmp_path / "a.csv"], factor_files=[tmp_path / "f.csv"],
                               region="hunan")
    co2 = inv[inv["gas"] == "CO2"]
    assert co2["emissions_t"].sum() == pytest.approx(700.0)


def test_on_a_full_tie_the_first_row_wins():
    # select_factor's documented tie rule (user rows come first in the library, so a user row
    # beats a shipped row of the same rank). Two rows alike in category, region and year:
    # the first, f1, is chosen, not the last.
    rows = pd.DataFrame({"factor_id": ["f1", "f2"], "category": ["", ""], "region": ["", ""],
                         "year": [2020.0, 2020.0], "value": [0.3, 0.7],
                         "unit": ["t/MWh", "t/MWh"]})
    chosen = select_factor({("a", "CO2", "ef"): rows}, "a", "CO2", "ef", category="1.A.4.a",
                           year=2020, region="hunan")
    assert chosen is not None and (chosen.factor_id, chosen.value) == ("f1", 0.3)
