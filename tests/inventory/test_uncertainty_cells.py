"""Activity uncertainty cells that are empty, or a column that only one file has: no traceback
(pandas 3 keeps a missing value missing through ``astype(str)``), and Vol. 1 Eq. 3.2 where every
added row gives one."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory import inventory_from_files
from carbon.tables import numeric_column

HEADER = "year,category,activity,amount,unit,uncertainty_pct\n"


def _co2_row(inventory: pd.DataFrame) -> pd.Series:
    return inventory[inventory["gas"] == "CO2"].iloc[0]


def test_rows_that_all_give_an_uncertainty_combine_by_eq_3_2(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,5,t,4\n"
                                             "2020,1.A.3.b,diesel,7,t,3\n", encoding="utf-8")
    row = _co2_row(inventory_from_files([tmp_path / "a.csv"]))
    # √((4·5)² + (3·7)²) / (5 + 7) = √(400 + 441) / 12 = 29 / 12 = 2.416667 %
    assert row["ad_uncertainty_pct"] == pytest.approx(29 / 12)


def test_an_empty_uncertainty_cell_leaves_the_sum_without_one(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,5,t,\n"
                                             "2020,1.A.3.b,diesel,7,t,3\n"
                                             "2020,1.A.3.b,gasoline,2,t,10\n", encoding="utf-8")
    inventory = inventory_from_files([tmp_path / "a.csv"])
    co2 = inventory[inventory["gas"] == "CO2"].set_index("activity")
    assert math.isnan(co2.loc["diesel", "ad_uncertainty_pct"])
    assert co2.loc["gasoline", "ad_uncertainty_pct"] == pytest.approx(10)   # one row: its own


def test_a_file_without_the_column_beside_one_with_it(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,5,t,4\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("year,category,activity,amount,unit\n"
                                    "2020,1.A.3.b,gasoline,2,t\n", encoding="utf-8")
    inventory = inventory_from_files([tmp_path / "a.csv", tmp_path / "b.csv"])
    co2 = inventory[inventory["gas"] == "CO2"].set_index("activity")
    assert co2.loc["diesel", "ad_uncertainty_pct"] == pytest.approx(4)
    assert math.isnan(co2.loc["gasoline", "ad_uncertainty_pct"])


def test_a_missing_value_in_a_text_column_is_an_empty_cell():
    frame = pd.DataFrame({"x": ["1.5", None, float("nan"), "2"]}, dtype=object)
    values = numeric_column(frame, "x", "f.csv", allow_empty=True)
    assert values.iloc[0] == 1.5 and values.iloc[3] == 2.0
    assert values.iloc[1:3].isna().all()
    with pytest.raises(DataError, match=r"^f\.csv, row 3, column 'x': empty cell, expected a "
                                        r"number$"):
        numeric_column(frame, "x", "f.csv")


def test_writing_a_frame_without_the_inventory_columns_is_one_clear_error(tmp_path):
    from carbon.inventory.output import write_inventory

    frame = pd.DataFrame({"year": [2020], "category": ["1.A.3.b"], "co2e_t": [1.0]})
    with pytest.raises(DataError, match=r"^the inventory to write has no column 'activity' "
                                        r"\(expected the columns of carbon\.inventory\.compile: "
                                        r"year, category, activity, gas, scope,"):
        write_inventory(frame, tmp_path / "o.xlsx", factors=pd.DataFrame(), gwp="AR5",
                        region=None)
    assert not (tmp_path / "o.xlsx").exists()


def test_inventory_from_files_passes_the_method_options_on(tmp_path):
    from carbon.inventory import inventory_from_files

    (tmp_path / "ww.csv").write_text(
        "year,category,activity,amount,unit,treatment\n"
        "2020,4.D.1,生活污水,10000,person,centralised_aerobic\n", encoding="utf-8")
    # TOW 10,000 × 0.040 kg BOD × 365 × 1.25 = 182.5 t BOD; CH4 = TOW × B0 0.6 × MCF:
    # 0.03 in the 2019 Refinement (3.285 t), 0 in the 2006 Guidelines (test_waste works both)
    new = inventory_from_files([tmp_path / "ww.csv"])
    old = inventory_from_files([tmp_path / "ww.csv"], options={"mcf_vintage": "2006"})
    ch4 = {name: float(frame.loc[frame["gas"] == "CH4", "emissions_t"].sum())
           for name, frame in (("2019", new), ("2006", old))}
    assert ch4 == {"2019": pytest.approx(3.285), "2006": pytest.approx(0.0, abs=1e-12)}


def test_method_rows_have_scope_1_and_the_inventory_columns(tmp_path):
    from carbon.inventory import inventory_from_files
    from carbon.inventory.compile import OUTPUT_COLUMNS, TEXT_COLUMNS

    (tmp_path / "ww.csv").write_text(
        "year,category,activity,amount,unit,treatment\n"
        "2020,4.D.1,生活污水,10000,person,centralised_aerobic\n", encoding="utf-8")
    inventory = inventory_from_files([tmp_path / "ww.csv"])
    # only method rows (no fuel): still exactly the contract's columns, energy not given
    assert list(inventory.columns) == OUTPUT_COLUMNS + TEXT_COLUMNS
    assert inventory["scope"].tolist() == [1] * len(inventory)
    assert inventory["energy_gj"].isna().all()


def test_records_in_two_units_combine_on_their_own_output_row(tmp_path):
    from carbon.inventory import inventory_from_files

    # gasoline first in the file, diesel second (sorted, diesel comes first): diesel's two
    # records in t and kg are one output row, gasoline's one record keeps its own 10 %.
    # Diesel: 5 t at 4 % and 5,000 kg = 5 t at 3 %: √((4·5)² + (3·5)²) / 10 = 25 / 10 = 2.5 %
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,gasoline,5,t,10\n"
                                             "2020,1.A.3.b,diesel,5,t,4\n"
                                             "2020,1.A.3.b,diesel,5000,kg,3\n", encoding="utf-8")
    inventory = inventory_from_files([tmp_path / "a.csv"])
    co2 = inventory[inventory["gas"] == "CO2"].set_index("activity")
    assert co2.loc["diesel", "ad_uncertainty_pct"] == pytest.approx(2.5)
    assert co2.loc["gasoline", "ad_uncertainty_pct"] == pytest.approx(10)
