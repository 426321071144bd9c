"""The shipped city's non-energy activity: provenance on every row, and what it compiles to."""

import pandas as pd
import pytest

from carbon import paths
from carbon.inventory import compile_inventory, load_factors, read_activity, summarise

FILES = ("activity_2020_nonenergy.csv", "waste_deposition.csv")


@pytest.mark.parametrize("name", FILES)
def test_every_row_names_its_source_and_quality(name):
    table = pd.read_csv(paths.ningxiang_dir() / name, dtype=str, keep_default_na=False)
    assert table["source"].str.strip().ne("").all()
    assert set(table["quality"]) <= {"DIRECT", "DERIVED", "ESTIMATE", "PLACEHOLDER"}


def test_the_deposition_history_is_a_labelled_back_cast():
    table = pd.read_csv(paths.ningxiang_dir() / "waste_deposition.csv")
    assert (table["quality"] == "ESTIMATE").all()
    assert table["year"].tolist() == list(range(table["year"].min(), 2021))   # no gap
    assert table.loc[table["year"] == 2020, "amount"].item() == 321200        # 880 t/d × 365


@pytest.fixture(scope="module")
def city():
    activity = read_activity([paths.ningxiang_dir() / n for n in
                              ("activity_2020.csv", *FILES)])
    return compile_inventory(activity, load_factors())


def test_the_city_inventory_covers_every_sector(city):
    latest = city[city["year"] == 2020]
    assert {"power", "industry", "building_materials", "transport", "buildings", "agriculture",
            "waste", "land"} <= set(latest["sector"]) | {"power"}
    # the forest sink of the dataset (§8): 243,500 m3 × 1.546875 = −376,664 t (dataset −377,000)
    sink = latest.loc[latest["category"] == "3.B.1", "emissions_t"].sum()
    assert sink == pytest.approx(-376664.0625)
    # landfill CH4 has a row for every year from the first deposit (2000: zero, next-year rule)
    landfill = city[city["category"] == "4.A"].set_index("year")["emissions_t"]
    assert landfill.index.tolist() == list(range(2000, 2021)) and landfill[2000] == 0
    summary = summarise(city, 2020)
    assert summary["gross_co2e_t"] - summary["net_co2e_t"] == pytest.approx(-sink)
