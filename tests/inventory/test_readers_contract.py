"""The inventory's readers and compiler, pinned to their contract: every error path's exact text
(file, row as a spreadsheet shows it, column, found, expected), each branch, default and boundary
of the activity reader, the factor reader, the energy route and the output helpers.

Hand-worked numbers use either a made-up activity from a user factor file (so the shipped library
cannot move them), ``test_fuel``:

* ``ncv`` 40 GJ/t, ``carbon_content`` 20 tC/TJ, ``oxidation`` 0.5, CH4 ``ef`` 10 kg/TJ,
  N2O ``ef`` 1.5 kg/TJ;
* per tonne: energy 40 GJ = 0.04 TJ; CO2 (module docstring of carbon/inventory/compile.py,
  ``amount x NCV x carbon_content x oxidation x 44/12``) = 0.04 x 20 x 0.5 x 44/12
  = 0.4 x 3.666667 = 1.466667 t; CH4 0.04 TJ x 10 kg/TJ = 0.4 kg; N2O 0.04 x 1.5 = 0.06 kg;

or these shipped rows (data/emission_factors/):

* grid_electricity.csv ``grid_hunan_2021,electricity_grid,CO2,ef,,hunan,2021,0.5138,t/MWh,,...``
  and ``grid_hunan_2022,...,hunan,2022,0.49,t/MWh``, ``grid_cn_2023,...,CN,2023,0.5306,t/MWh``;
* fuel_properties_cn.csv ``cn_ncv_raw_coal,raw_coal,-,ncv,,CN,,20.908,GJ/t,,...`` and
  fuel_properties_ipcc.csv ``ipcc_co2_raw_coal,raw_coal,CO2,ef,,,,94600,kg/TJ,5.4,...``;
* stationary_non_co2.csv ``ipcc_ch4_1A2_raw_coal,raw_coal,CH4,ef,1.A.2,,,10,kg/TJ,200,...`` and
  ``ipcc_n2o_1A2_raw_coal,raw_coal,N2O,ef,1.A.2,,,1.5,kg/TJ,233.3,...``.

GWP-100 AR5: CH4 28, N2O 265.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from carbon.errors import DataError, DataWarning
from carbon.inventory import (
    co2_t_per_unit,
    compile_inventory,
    load_factors,
    read_activity,
    summarise,
    validate_activity,
)
from carbon.inventory import factors as lib
from carbon.inventory.activity import (
    OPTIONAL_COLUMNS,
    QUALITY_ORDER,
    read_activity_file,
    row_text,
    weakest_quality,
)
from carbon.inventory.compile import (
    OUTPUT_COLUMNS,
    TEXT_COLUMNS,
    FitError,
    coefficient,
)
from carbon.inventory.factors import (
    FACTOR_COLUMNS,
    _unit_misfit,
    activity_gases,
    known_parameters,
    read_factor_file,
)
from carbon.inventory.output import (
    FACTOR_SHEET_COLUMNS,
    _cell,
    _format_numbers,
    check_output,
    factors_used,
    grid_factor_years,
    key_category_sheet,
    output_columns,
    write_inventory,
)

HEADER = "year,category,activity,amount,unit"
UNIT_EXPECTED = "expected a unit such as t, 万t, m3, 万m3, kWh, 万kWh, MWh, GJ or tce"
CO2_PER_T = 0.04 * 20 * 0.5 * 44 / 12        # 1.466667 t CO2 per t of test_fuel
CH4_PER_T = 0.04 * 10 / 1000                 # 0.0004 t
N2O_PER_T = 0.04 * 1.5 / 1000                # 0.00006 t
TEST_FUEL = ("activity,gas,parameter,value,unit,uncertainty_pct\n"
             "test_fuel,-,ncv,40,GJ/t,3\n"                  # f.csv:2
             "test_fuel,-,carbon_content,20,tC/TJ,4\n"      # f.csv:3
             "test_fuel,-,oxidation,0.5,,\n"                # f.csv:4
             "test_fuel,CH4,ef,10,kg/TJ,50\n"               # f.csv:5
             "test_fuel,N2O,ef,1.5,kg/TJ,\n")               # f.csv:6


def frame_of(rows: list[tuple], columns: str = HEADER) -> pd.DataFrame:
    """A frame of strings, as a reader gives it."""
    return pd.DataFrame([[str(c) for c in r] for r in rows], columns=columns.split(","))


def activity_error(rows: list[tuple], columns: str = HEADER, **kwargs) -> str:
    with pytest.raises(DataError) as error:
        validate_activity(frame_of(rows, columns), "act.csv", **kwargs)
    return str(error.value)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def factor_error(tmp_path: Path, text: str, *, user: bool = True) -> str:
    path = write(tmp_path / "f.csv", text)
    with pytest.raises(DataError) as error:
        read_factor_file(path, user=user)
    return str(error.value)


def user_library(tmp_path: Path, text: str = TEST_FUEL) -> pd.DataFrame:
    return read_factor_file(write(tmp_path / "f.csv", text), user=True)


def compile_text(tmp_path: Path, activity: str, factors: str = TEST_FUEL, **kwargs):
    library = load_factors((write(tmp_path / "f.csv", factors),))
    frame = read_activity([write(tmp_path / "act.csv", activity)],
                          known_activities=library["activity"].unique())
    return compile_inventory(frame, library, **kwargs)


# --- activity: years, amounts, the frame returned ------------------------------------------------


@pytest.mark.parametrize("year", ["1990", "2100"])
def test_the_ends_of_the_year_range_are_accepted(year):
    frame = validate_activity(frame_of([(year, "1.A.2", "diesel", "1", "t")]), "act.csv")
    assert frame["year"].tolist() == [int(year)]


@pytest.mark.parametrize("year", ["1989", "2101"])
def test_a_year_just_outside_the_range_is_refused_naming_row_and_column(year):
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              (year, "1.A.2", "diesel", "1", "t")])
    assert message == (f"act.csv, row 3, column 'year': found {year}, expected a year between "
                       "1990 and 2100")


def test_an_amount_of_zero_is_accepted_and_a_negative_one_refused_with_the_reason():
    frame = validate_activity(frame_of([("2020", "1.A.2", "diesel", "0", "t")]), "act.csv")
    assert frame["amount"].tolist() == [0.0]
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "1.A.2", "diesel", "2", "t"),
                              ("2020", "1.A.2", "diesel", "-0.5", "t")])
    assert message == ("act.csv, row 4, column 'amount': found -0.5, expected an amount >= 0 "
                       "(sinks are computed, not entered as negative activity)")


def test_the_frame_is_typed_stripped_resolved_and_traced():
    frame = validate_activity(frame_of([("2020", " 1.A.2 ", " 柴油 ", "1,500", " t "),
                                        ("2021", "1.A.3.b", "DIESEL", "2.5", "万t")]), "act.csv")
    assert frame["year"].tolist() == [2020, 2021] and frame["year"].dtype.kind == "i"
    assert frame["amount"].tolist() == [1500.0, 2.5] and frame["amount"].dtype == float
    assert frame["category"].tolist() == ["1.A.2", "1.A.3.b"]
    assert frame["activity"].tolist() == ["diesel", "diesel"]       # Chinese name, any case
    assert frame["unit"].tolist() == ["t", "万t"]
    assert frame["file"].tolist() == ["act.csv"] * 2
    assert frame["row"].tolist() == [2, 3]                          # header is row 1
    assert list(frame.columns) == HEADER.split(",") + ["file", "row"]


def test_the_default_where_names_the_frame():
    with pytest.raises(DataError) as error:
        validate_activity(frame_of([("2020", "1.A.2", "diesel", "-1", "t")]))
    assert str(error.value).startswith("<activity>, row 2, column 'amount': found -1,")


def test_a_missing_column_names_the_header_and_the_required_ones():
    message = activity_error([("2020", "1.A.2", "diesel", "t")], "year,category,activity,unit")
    assert message == ("act.csv, row 1: missing column 'amount' (the header has: year, category, "
                       "activity, unit; required: year, category, activity, amount, unit)")


def test_an_unknown_column_lists_every_known_column():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t", "x")],
                             HEADER + ",ÿÿÿ")
    known = ("year, category, activity, amount, unit, source, note, quality, uncertainty_pct, "
             "enterprise_id, report_id, town, species, stage, ms_shares, method, season_days, "
             "water_regime, preseason, organic, composition, site, treatment, expected_unit, hint")
    assert message == (f"act.csv, row 1, column 'ÿÿÿ': unknown column 'ÿÿÿ': expected "
                       f"{known}; a column of your own is kept if its name starts with 'x_'")


@pytest.mark.parametrize("column", OPTIONAL_COLUMNS)
def test_every_optional_column_is_accepted(column):
    frame = validate_activity(frame_of([("2020", "1.A.2", "diesel", "1", "t", "")],
                                       f"{HEADER},{column}"), "act.csv")
    assert column in frame.columns


# --- activity: categories, activities, units -------------------------------------------------


def test_an_empty_category_cell():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "", "diesel", "1", "t")])
    assert message == ("act.csv, row 3, column 'category': empty cell, expected an IPCC 2006 "
                       "category code such as 1.A.2 or 1.A.3.b")


def test_a_malformed_category_code():
    message = activity_error([("2020", "1A2", "diesel", "1", "t")])
    assert message == ("act.csv, row 2, column 'category': found '1A2', expected an IPCC 2006 "
                       "category code such as 1.A.2, 1.A.3.b or 4.D.1 (dot-separated)")


def test_an_unknown_category_names_the_nearest_codes():
    # '4.D.3' is well formed but not in data/categories.csv. difflib ratios 2M/T: '4.D.1' and
    # '4.D.2' share 4 of 5 characters (0.8), '4.D' 3 of 5 + 3 (2 x 3 / 8 = 0.75); equal scores
    # come in descending string order: 4.D.2, 4.D.1, then 4.D
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "4.D.3", "diesel", "1", "t"),
                              ("2020", "4.D.3", "diesel", "1", "t")])
    assert message == ("act.csv, row 3, column 'category': unknown category '4.D.3' (not in "
                       "data/categories.csv; nearest: 4.D.2, 4.D.1, 4.D)")


def test_an_empty_activity_cell():
    message = activity_error([("2020", "1.A.2", "", "1", "t")])
    assert message == ("act.csv, row 2, column 'activity': empty cell, expected an activity key "
                       "such as diesel or 原煤")


def test_an_unknown_activity_without_a_near_name():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "1.A.2", "ÿÿÿÿÿÿ", "1", "t")])
    assert message == ("act.csv, row 3, column 'activity': unknown activity 'ÿÿÿÿÿÿ'; expected a "
                       "key of the factor library or its Chinese name")


def test_known_activities_add_keys_in_any_case_but_never_replace_a_shipped_spelling():
    frame = validate_activity(frame_of([("2020", "1.A.2", "my_fuel", "1", "t"),
                                        ("2020", "1.A.2", "MY_FUEL", "1", "t"),
                                        ("2020", "1.A.2", "diesel", "1", "t")]), "act.csv",
                              known_activities=["My_Fuel", "Diesel"])
    # 'my_fuel' resolves to the key as given; 'diesel' stays the shipped key, not 'Diesel'
    assert frame["activity"].tolist() == ["My_Fuel", "My_Fuel", "diesel"]
    assert "unknown activity 'my_fuel'" in activity_error([("2020", "1.A.2", "my_fuel", "1", "t")])


def test_an_empty_unit_cell():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "1.A.2", "diesel", "1", "")])
    assert message == ("act.csv, row 3, column 'unit': empty cell, expected a unit such as t, 万t, "
                       "m3, 万m3, kWh, 万kWh, MWh, GJ or tce")


def test_an_unknown_unit_names_the_first_row_with_it():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t"),
                              ("2020", "1.A.2", "diesel", "1", "bananas"),
                              ("2020", "1.A.2", "diesel", "2", "bananas")])
    assert message == f"act.csv, row 3, column 'unit': unknown unit 'bananas': {UNIT_EXPECTED}"


# --- activity: uncertainty and quality -----------------------------------------------------------


def test_uncertainty_pct_is_a_number_of_at_least_zero_or_empty():
    columns = HEADER + ",uncertainty_pct"
    frame = validate_activity(frame_of([("2020", "1.A.2", "diesel", "1", "t", "0"),
                                        ("2020", "1.A.2", "diesel", "1", "t", "")], columns),
                              "act.csv")
    assert frame["uncertainty_pct"].iloc[0] == 0.0 and math.isnan(frame["uncertainty_pct"].iloc[1])
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t", "-1")], columns)
    assert message == "act.csv, row 2, column 'uncertainty_pct': found -1, expected a number >= 0"


def test_quality_labels_in_any_case_or_empty_are_kept_as_written():
    columns = HEADER + ",quality"
    frame = validate_activity(frame_of([("2020", "1.A.2", "diesel", "1", "t", "Verified"),
                                        ("2020", "1.A.2", "diesel", "2", "t", " "),
                                        ("2020", "1.A.2", "diesel", "3", "t", "SYNTHETIC")],
                                       columns), "act.csv")
    assert frame["quality"].tolist() == ["Verified", "", "SYNTHETIC"]


def test_an_unknown_quality_label_lists_the_labels():
    message = activity_error([("2020", "1.A.2", "diesel", "1", "t", "direct"),
                              ("2020", "1.A.2", "diesel", "2", "t", "good")],
                             HEADER + ",quality")
    assert message == ("act.csv, row 3, column 'quality': found 'good', expected one of verified, "
                       "direct, corroborated, derived, unverified, estimate, placeholder, "
                       "synthetic (any case) or an empty cell")


def test_weakest_quality_follows_the_order_and_an_empty_label_is_weakest():
    assert weakest_quality([]) == "unlabelled"
    assert weakest_quality(["verified", "direct"]) == "direct"
    assert weakest_quality(["DERIVED", "corroborated"]) == "derived"
    assert weakest_quality(["synthetic", "verified"]) == "synthetic"
    assert weakest_quality(["verified", " "]) == "unlabelled"
    for label in QUALITY_ORDER:
        assert weakest_quality([label, "verified"]) == label


def test_row_text_joins_distinct_text_per_key_and_takes_the_weakest_label():
    columns = HEADER + ",source,quality,x_site"
    activity = validate_activity(frame_of([
        ("2020", "1.A.2", "diesel", "1", "t", "A", "verified", "n"),
        ("2020", "1.A.2", "diesel", "2", "t", "B", "derived", ""),
        ("2020", "1.A.2", "diesel", "3", "t", "A", "direct", "s"),
        ("2021", "1.A.2", "diesel", "4", "t", "", "", "n")], columns), "act.csv")
    text = row_text(activity)
    assert list(text.columns) == ["year", "category", "activity", "source", "note", "x_site",
                                  "activity_quality"]
    assert text["source"].tolist() == ["A; B", ""]
    assert text["note"].tolist() == ["", ""]          # no note column: empty text
    assert text["x_site"].tolist() == ["n; s", "n"]
    assert text["activity_quality"].tolist() == ["derived", "unlabelled"]


def test_row_text_of_no_rows_has_the_key_and_text_columns():
    empty = pd.DataFrame(columns=["year", "category", "activity", "amount"])
    text = row_text(empty)
    assert text.empty
    assert list(text.columns) == ["year", "category", "activity", "source", "note",
                                  "activity_quality"]
    # a source column and an x_ column: each once, the label last (as with rows)
    empty = pd.DataFrame(columns=["year", "category", "activity", "amount", "source", "x_site"])
    assert list(row_text(empty).columns) == ["year", "category", "activity", "source", "note",
                                             "x_site", "activity_quality"]


def test_row_text_without_quality_is_unlabelled():
    activity = validate_activity(frame_of([("2020", "1.A.2", "diesel", "1", "t")]), "act.csv")
    assert row_text(activity)["activity_quality"].tolist() == ["unlabelled"]


# --- activity: files -------------------------------------------------------------------------


def test_no_activity_file_is_an_error():
    with pytest.raises(DataError) as error:
        read_activity([])
    assert str(error.value) == "no activity file given"


def test_the_same_file_given_twice_names_both_paths(tmp_path):
    first = write(tmp_path / "a.csv", HEADER + "\n2020,1.A.2,diesel,1,t\n")
    os.link(first, tmp_path / "b.csv")
    with pytest.raises(DataError) as error:
        read_activity([first, tmp_path / "b.csv"])
    assert str(error.value) == (f"{tmp_path / 'b.csv'}: the same file is given twice ({first} "
                                f"and {tmp_path / 'b.csv'}): its rows would be counted twice")


def test_a_missing_path_given_twice_is_caught_before_it_is_read(tmp_path):
    missing = tmp_path / "none.csv"
    with pytest.raises(DataError) as error:
        read_activity([missing, tmp_path / "." / "none.csv"])
    assert str(error.value) == (f"{tmp_path / '.' / 'none.csv'}: the same file is given twice "
                                f"({missing} and {tmp_path / '.' / 'none.csv'}): its rows would "
                                "be counted twice")
    with pytest.raises(DataError) as error:
        read_activity([missing])
    assert str(error.value) == f"{missing}: file not found"


def test_two_files_are_read_into_one_frame_with_their_own_file_and_rows(tmp_path):
    a = write(tmp_path / "a.csv", HEADER + "\n2020,1.A.2,diesel,1,t\n2020,1.A.2,diesel,2,t\n")
    b = write(tmp_path / "b.csv", HEADER + "\n2020,1.A.2,diesel,3,t\n")
    frame = read_activity([a, b])
    assert frame["file"].tolist() == [str(a), str(a), str(b)]
    assert frame["row"].tolist() == [2, 3, 2]
    assert frame["amount"].tolist() == [1.0, 2.0, 3.0]
    assert list(frame.index) == [0, 1, 2]


def test_an_xlsx_sheet_is_named_in_errors_and_in_the_file_column(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "activity"
    sheet.append(HEADER.split(","))
    sheet.append([2020, "1.A.2", "diesel", 1, "t"])
    book.save(tmp_path / "a.xlsx")
    frame = read_activity_file(tmp_path / "a.xlsx")
    assert frame["file"].tolist() == [f"{tmp_path / 'a.xlsx'} [sheet activity]"]
    sheet.append([2020, "1.A.2", "diesel", -2, "t"])
    book.save(tmp_path / "b.xlsx")
    with pytest.raises(DataError) as error:
        read_activity_file(tmp_path / "b.xlsx")
    assert str(error.value) == (f"{tmp_path / 'b.xlsx'} [sheet activity], row 3, column 'amount': "
                                "found -2, expected an amount >= 0 (sinks are computed, not "
                                "entered as negative activity)")


def duplicate_warnings(tmp_path: Path, rows: str) -> list[str]:
    path = write(tmp_path / "a.csv", HEADER + "\n" + rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_activity([path])
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning)]


def test_six_identical_rows_are_all_named(tmp_path):
    found = duplicate_warnings(tmp_path, "2020,1.A.2,diesel,5,t\n" * 6)
    shown = ", ".join(f"{tmp_path / 'a.csv'} row {r}" for r in range(2, 8))
    assert found == ["6 rows are identical to another row and are added up like any rows with "
                     f"the same key (check they are not entered twice): {shown}"]


def test_beyond_six_identical_rows_the_rest_are_counted(tmp_path):
    found = duplicate_warnings(tmp_path, "2020,1.A.2,diesel,5,t\n" * 8)
    shown = ", ".join(f"{tmp_path / 'a.csv'} row {r}" for r in range(2, 8))
    assert found == ["8 rows are identical to another row and are added up like any rows with "
                     f"the same key (check they are not entered twice): {shown} and 2 more"]


def test_equal_amounts_in_rows_that_differ_are_not_warned_about(tmp_path):
    assert duplicate_warnings(tmp_path, "2020,1.A.2,diesel,5,t\n2021,1.A.2,diesel,5,t\n") == []
    assert duplicate_warnings(tmp_path, "2020,1.A.2,diesel,5,t\n2020,1.A.2,diesel,6,t\n") == []


# --- factors: read_factor_file -----------------------------------------------------------------


def test_a_minimal_user_row_gets_the_documented_defaults(tmp_path):
    frame = user_library(tmp_path, "activity,gas,parameter,value,unit\n"
                                   " test_fuel , CH4 , ef , 10 , kg/TJ \n"
                                   "test_fuel,N2O,ef,0,kg/TJ\n")
    assert list(frame.columns) == FACTOR_COLUMNS + ["file", "row", "user"]
    first = frame.iloc[0]
    assert (first["factor_id"], first["activity"], first["gas"], first["parameter"],
            first["unit"]) == ("f.csv:2", "test_fuel", "CH4", "ef", "kg/TJ")
    assert frame["factor_id"].tolist() == ["f.csv:2", "f.csv:3"]
    assert frame["value"].tolist() == [10.0, 0.0]                  # 0 is >= 0
    assert frame["quality"].tolist() == ["unverified", "unverified"]
    assert frame["category"].tolist() == ["", ""] and frame["region"].tolist() == ["", ""]
    assert frame["convention"].tolist() == ["", ""] and frame["source"].tolist() == ["", ""]
    assert frame["year"].isna().all() and str(frame["year"].dtype) == "Float64"
    assert frame["uncertainty_pct"].isna().all()
    assert frame["file"].tolist() == [str(tmp_path / "f.csv")] * 2
    assert frame["row"].tolist() == [2, 3] and frame["user"].tolist() == [True, True]


def test_given_ids_labels_years_and_uncertainties_are_kept(tmp_path):
    frame = user_library(tmp_path, "factor_id,activity,gas,parameter,year,value,unit,quality,"
                                   "uncertainty_pct,convention\n"
                                   "mine,test_fuel,CH4,ef,2021,10,kg/TJ,verified,7.5,ipcc\n"
                                   ",test_fuel,N2O,ef,,1,kg/TJ,,,\n")
    assert frame["factor_id"].tolist() == ["mine", "f.csv:3"]
    assert frame["quality"].tolist() == ["verified", "unverified"]
    assert frame["year"].iloc[0] == 2021 and pd.isna(frame["year"].iloc[1])
    assert frame["uncertainty_pct"].iloc[0] == 7.5
    assert frame["convention"].tolist() == ["ipcc", ""]


def test_a_user_file_needs_five_columns(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value\ntest_fuel,CH4,ef,1\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 1: missing column 'unit' (the header has: "
                       "activity, gas, parameter, value; required: activity, gas, parameter, "
                       "value, unit)")


def test_a_shipped_file_needs_every_library_column(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\ntest_fuel,CH4,ef,1,t/t\n",
                           user=False)
    assert message.startswith(f"{tmp_path / 'f.csv'}, row 1: missing column 'factor_id' (the "
                              "header has: activity, gas, parameter, value, unit; required: "
                              "factor_id, activity, gas, parameter, category, region, year, "
                              "value, unit, uncertainty_pct, source, source_ref, quality, notes)")


@pytest.mark.parametrize("row, column", [(",CH4,ef,1,t/t", "activity"),
                                         ("test_fuel,,ef,1,t/t", "gas"),
                                         ("test_fuel,CH4,,1,t/t", "parameter"),
                                         (",,,1,t/t", "activity")])
def test_an_empty_key_cell_is_named(tmp_path, row, column):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,CH4,ef,1,t/t\n" + row + "\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column '{column}': empty cell, expected "
                       "a value")


@pytest.mark.parametrize("column, cell, expected", [
    ("value", "-3", "found -3, expected a number >= 0"),
    ("value", "", "empty cell, expected a number"),
    ("year", "2020.5", "found '2020.5', expected an integer"),
    ("uncertainty_pct", "-1", "found -1, expected a number >= 0"),
])
def test_numeric_factor_cells_are_checked(tmp_path, column, cell, expected):
    cells = {"value": "1", "year": "", "uncertainty_pct": ""} | {column: cell}
    message = factor_error(tmp_path, "activity,gas,parameter,unit,value,year,uncertainty_pct\n"
                                     "test_fuel,CH4,ef,t/t,1,,\n"
                                     f"test_fuel,CH4,ef,t/t,{cells['value']},{cells['year']},"
                                     f"{cells['uncertainty_pct']}\n")
    assert message == f"{tmp_path / 'f.csv'}, row 3, column '{column}': {expected}"


def test_an_unknown_factor_unit_names_its_first_row(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,CH4,ef,1,t/t\ntest_fuel,N2O,ef,1,bananas\n"
                                     "test_fuel,CO2,ef,1,bananas\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column 'unit': unknown unit 'bananas': "
                       "expected a unit such as kg/TJ, GJ/t, tC/TJ or t/MWh")


def test_a_factor_quality_must_be_a_library_label(tmp_path):
    # 'direct' is an activity label, not a factor label
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit,quality\n"
                                     "test_fuel,CH4,ef,1,t/t,estimate\n"
                                     "test_fuel,N2O,ef,1,t/t,direct\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column 'quality': found 'direct', expected "
                       "one of verified, corroborated, unverified, estimate")


def test_a_bad_label_is_reported_before_a_bad_parameter(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit,quality\n"
                                     "test_fuel,CH4,zzzz,1,t/t,good\n")
    assert "column 'quality'" in message


def test_a_convention_must_be_cn_ipcc_or_empty(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit,convention\n"
                                     "test_fuel,CH4,ef,1,t/t,cn\ntest_fuel,N2O,ef,1,t/t,\n"
                                     "test_fuel,CO2,ef,1,t/t,gb\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 4, column 'convention': found 'gb', expected "
                       "cn or ipcc or empty (both)")


SHIPPED_HEADER = ("factor_id,activity,gas,parameter,category,region,year,value,unit,"
                  "uncertainty_pct,source,source_ref,quality,notes\n")


@pytest.mark.parametrize("source, ref, column", [("", "p. 1", "source"),
                                                 ("IPCC", "", "source_ref")])
def test_a_shipped_row_must_name_its_source(tmp_path, source, ref, column):
    message = factor_error(tmp_path, SHIPPED_HEADER
                           + "a1,test_fuel,CH4,ef,,,,1,t/t,,IPCC,p. 1,verified,\n"
                           + f"a2,test_fuel,N2O,ef,,,,1,t/t,,{source},{ref},verified,\n",
                           user=False)
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column '{column}': empty cell: every "
                       "shipped factor names its source")


def test_a_user_row_needs_no_source_and_a_shipped_row_is_marked_shipped(tmp_path):
    frame = read_factor_file(write(tmp_path / "s.csv", SHIPPED_HEADER
                                   + "a1,test_fuel,CH4,ef,,,,1,t/t,,IPCC,p. 1,verified,\n"),
                             user=False)
    assert frame["user"].tolist() == [False] and frame["factor_id"].tolist() == ["a1"]


# --- factors: _check_meaning, _unit_misfit, known_parameters -----------------------------------


def test_an_unknown_parameter_without_a_near_name(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,CH4,ef,1,t/t\ntest_fuel,CH4,zzzz,1,t/t\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column 'parameter': unknown parameter "
                       "'zzzz'; expected ef, ncv, carbon_content, oxidation or a method parameter "
                       "(data/emission_factors/README.md)")


def test_an_unknown_qualified_name_without_a_near_name(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,CH4,zzzz:x,1,\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 2, column 'parameter': unknown parameter "
                       "'zzzz:x'; expected one of blend, cfoa, frac_gasm, frac_leach, mcf, "
                       "mcf_2006, mcf_2019, ms_ef3, ms_mcf, sf_p, sf_w before the ':'")


def test_an_unknown_gas_without_a_near_name_is_checked_after_the_parameter(tmp_path):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,CH4,ef,1,t/t\ntest_fuel,ÿÿÿÿ,ef,1,t/t\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column 'gas': unknown gas 'ÿÿÿÿ'; a gas "
                       "needs a GWP in data/emission_factors/gwp.csv")
    both = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                  "test_fuel,ÿÿÿÿ,zzzz,1,t/t\n")
    assert "column 'parameter'" in both


@pytest.mark.parametrize("parameter, gas, unit, expected", [
    ("ncv", "-", "t/GJ", "an energy per unit (GJ/t, GJ/10^4 m^3)"),
    ("carbon_content", "-", "GJ/t", "a mass of carbon per energy (tC/TJ)"),
    ("oxidation", "-", "t", "a fraction (empty unit)"),
    ("ef", "CH4", "GJ/t", "a mass of gas per unit of activity or energy (kg/TJ, t/MWh, t/t)"),
])
def test_a_unit_that_does_not_fit_its_parameter_names_the_first_row(tmp_path, parameter, gas,
                                                                     unit, expected):
    message = factor_error(tmp_path, "activity,gas,parameter,value,unit\n"
                                     "test_fuel,N2O,ef,1,t/t\n"
                                     f"test_fuel,{gas},{parameter},1,{unit}\n"
                                     f"test_fuel,{gas},{parameter},2,{unit}\n")
    assert message == (f"{tmp_path / 'f.csv'}, row 3, column 'unit': unit '{unit}' does not fit "
                       f"parameter '{parameter}': expected {expected}")


@pytest.mark.parametrize("parameter, gas, unit", [
    ("ncv", "-", "GJ/t"), ("ncv", "-", "GJ/10^4 m^3"), ("ncv", "-", "MJ/m^3"),
    ("carbon_content", "-", "tC/TJ"), ("carbon_content", "-", "kg/GJ"),
    ("oxidation", "-", ""),
    ("ef", "CO2", "kg/TJ"), ("ef", "CO2", "t/MWh"), ("ef", "CO2", "t/t"), ("ef", "CO2", "t/m^3"),
    ("ef", "CH4", "kg/head"), ("ef", "N2O", "kg/person"), ("ef", "N2O", "kg/ha"),
    ("ef", "CO2", "g/km"), ("ef", "CO2", ""),
    ("ef", "-", "GJ/t"),             # an ef of no gas is not checked
    ("doc", "-", "GJ"),              # a method parameter: its unit is the method's business
])
def test_units_that_fit(parameter, gas, unit):
    assert _unit_misfit(parameter, gas, unit) is None


def test_known_parameters_hold_the_routes_and_method_names_but_not_bare_qualified_ones():
    known = known_parameters()
    assert {"ef", "ncv", "carbon_content", "oxidation", "doc", "doc_f", "mcf", "k", "f", "ox",
            "b0", "season_days"} <= known
    assert "blend" not in known and "sf_w" not in known
    assert "blend:R-410A" in known                    # a shipped qualified name is known as is


def test_activity_gases_orders_co2_ch4_n2o_then_the_rest():
    frame = pd.DataFrame({"activity": ["a", "a", "a", "a", "a", "a", "b", "c"],
                          "gas": ["SF6", "N2O", "CH4", "-", "HFC-32", "-", "-", "-"],
                          "parameter": ["ef", "ef", "ef", "carbon_content", "ef", "ef", "ncv",
                                        "oxidation"]})
    # a: carbon content gives CO2; '-' ef gives none; b and c have no emission route
    assert activity_gases(frame) == {"a": ["CO2", "CH4", "N2O", "HFC-32", "SF6"]}


# --- factors: load_factors -------------------------------------------------------------------


def test_an_unknown_convention_is_refused_with_the_choices():
    with pytest.raises(DataError) as error:
        load_factors(convention="gb")
    assert str(error.value) == "unknown convention 'gb': expected cn or ipcc"


def test_the_conventions_keep_their_own_rows_and_both_keep_the_shared_ones():
    cn, ipcc = load_factors(), load_factors(convention="ipcc")
    assert set(cn["convention"]) == {"", "cn"} and set(ipcc["convention"]) == {""}
    assert "cn_cc_raw_coal_prov2011" in set(cn["factor_id"])
    assert "cn_cc_raw_coal_prov2011" not in set(ipcc["factor_id"])
    assert {"cn_ncv_raw_coal", "ipcc_co2_raw_coal"} <= set(ipcc["factor_id"])
    assert list(cn.index) == list(range(len(cn)))
    assert not cn["user"].any()


def test_a_users_rows_come_first_and_replace_only_their_triples(tmp_path):
    library = load_factors((write(tmp_path / "u.csv", "activity,gas,parameter,value,unit\n"
                                                      "diesel,-,ncv,43,GJ/t\n"),))
    assert library["factor_id"].iloc[0] == "u.csv:2" and library["user"].iloc[0]
    diesel = library[library["activity"] == "diesel"]
    assert diesel.loc[diesel["parameter"] == "ncv", "factor_id"].tolist() == ["u.csv:2"]
    # the carbon-content pair of diesel stays: a user ncv is not an ef
    assert {"cn_cc_diesel_ent2013", "cn_ox_diesel_ent2013"} <= set(diesel["factor_id"])


def test_a_users_non_co2_ef_keeps_the_carbon_content_route(tmp_path):
    library = load_factors((write(tmp_path / "u.csv", "activity,gas,parameter,value,unit\n"
                                                      "diesel,CH4,ef,5,kg/TJ\n"),))
    ids = set(library.loc[library["activity"] == "diesel", "factor_id"])
    assert {"cn_cc_diesel_ent2013", "cn_ox_diesel_ent2013", "u.csv:2"} <= ids
    assert "ipcc_mob_ch4_1A3b_diesel" not in ids               # same triple: set aside
    assert "ipcc_mob_n2o_1A3b_diesel" in ids                  # another gas stays


def test_user_rows_differing_in_category_are_both_kept_and_an_equal_key_keeps_the_last(tmp_path):
    a = write(tmp_path / "a.csv", "activity,gas,parameter,category,value,unit\n"
                                  "test_fuel,CH4,ef,1.A.2,1,kg/TJ\n"
                                  "test_fuel,CH4,ef,1.A.3,2,kg/TJ\n")
    b = write(tmp_path / "b.csv", "activity,gas,parameter,category,value,unit\n"
                                  "test_fuel,CH4,ef,1.A.2,3,kg/TJ\n")
    user = load_factors((a, b))
    user = user[user["user"]]
    assert sorted(zip(user["factor_id"], user["value"], strict=True)) == [
        ("a.csv:3", 2.0), ("b.csv:2", 3.0)]


def test_a_factor_id_used_twice_in_the_library_is_named(monkeypatch):
    shipped = pd.DataFrame({"factor_id": ["x1", "x2", "x1"], "convention": ["", "", ""],
                            "file": ["lib.csv"] * 3, "row": [2, 3, 4]})
    monkeypatch.setattr(lib, "_shipped_library", lambda: shipped)
    with pytest.raises(DataError) as error:
        load_factors()
    assert str(error.value) == ("lib.csv, row 4, column 'factor_id': factor_id 'x1' is used twice "
                                "in the library")


# --- compile: coefficient, the energy route and the ef route ------------------------------------


def coeff(tmp_path: Path, gases: list[str], unit: str, text: str = TEST_FUEL, year: int = 2020):
    index = lib.index_factors(user_library(tmp_path, text))
    return coefficient(index, gases, "test_fuel", unit, category="1.A.2", year=year,
                       region="hunan")


def test_the_carbon_content_route_per_tonne(tmp_path):
    result = coeff(tmp_path, ["CO2", "CH4", "N2O"], "t")
    # CO2 1.466667 t, CH4 0.0004 t, N2O 0.00006 t (module docstring); energy 40 GJ per t
    assert result.t_per_unit["CO2"] == pytest.approx(CO2_PER_T, rel=1e-12)
    assert result.t_per_unit["CH4"] == pytest.approx(CH4_PER_T, rel=1e-12)
    assert result.t_per_unit["N2O"] == pytest.approx(N2O_PER_T, rel=1e-12)
    assert list(result.t_per_unit) == ["CO2", "CH4", "N2O"]
    assert result.energy_gj_per_unit == pytest.approx(40.0)
    assert result.factor_ids == {"CO2": ["f.csv:2", "f.csv:3", "f.csv:4"],
                                 "CH4": ["f.csv:2", "f.csv:5"], "N2O": ["f.csv:2", "f.csv:6"]}
    assert result.factor_year == {"CO2": None, "CH4": None, "N2O": None}


def test_without_an_oxidation_row_the_oxidation_is_one(tmp_path):
    text = TEST_FUEL.replace("test_fuel,-,oxidation,0.5,,\n", "")
    result = coeff(tmp_path, ["CO2"], "t", text)
    # 0.04 TJ x 20 tC/TJ x 1 x 44/12 = 2.933333 t
    assert result.t_per_unit["CO2"] == pytest.approx(0.04 * 20 * 44 / 12, rel=1e-12)
    assert result.factor_ids["CO2"] == ["f.csv:2", "f.csv:3"]


def test_an_amount_in_energy_skips_the_calorific_value(tmp_path):
    result = coeff(tmp_path, ["CO2", "CH4"], "TJ")
    # 1 TJ x 20 x 0.5 x 44/12 = 36.666667 t CO2; 1 TJ x 10 kg/TJ = 0.01 t CH4
    assert result.t_per_unit["CO2"] == pytest.approx(20 * 0.5 * 44 / 12, rel=1e-12)
    assert result.t_per_unit["CH4"] == pytest.approx(0.01, rel=1e-12)
    assert result.energy_gj_per_unit == pytest.approx(1000.0)
    assert result.factor_ids == {"CO2": ["f.csv:3", "f.csv:4"], "CH4": ["f.csv:5"]}


def test_a_gas_without_a_route_is_left_out(tmp_path):
    result = coeff(tmp_path, ["CO2", "SF6"], "t")
    assert list(result.t_per_unit) == ["CO2"]


def test_an_ef_per_unit_of_activity_uses_no_calorific_value(tmp_path):
    text = ("activity,gas,parameter,year,value,unit\n"
            "test_fuel,-,ncv,,40,GJ/t\n"                  # :2
            "test_fuel,CO2,ef,2019,3,t/t\n"               # :3
            "test_fuel,CH4,ef,2018,2,kg/TJ\n")            # :4
    result = coeff(tmp_path, ["CO2", "CH4"], "万t", text)
    # 1 万t = 10^4 t: CO2 10^4 x 3 = 30,000 t; energy 4 x 10^5 GJ = 400 TJ, CH4 400 x 2 kg = 0.8 t
    assert result.t_per_unit["CO2"] == pytest.approx(30000.0, rel=1e-12)
    assert result.t_per_unit["CH4"] == pytest.approx(0.8, rel=1e-12)
    assert result.energy_gj_per_unit == pytest.approx(400000.0)
    assert result.factor_ids == {"CO2": ["f.csv:3"], "CH4": ["f.csv:2", "f.csv:4"]}
    # the year of a year-specific factor: the latest of those used
    assert result.factor_year == {"CO2": 2019, "CH4": 2018}


def test_without_a_calorific_value_the_energy_is_nan(tmp_path):
    result = coeff(tmp_path, ["CO2"], "t", "activity,gas,parameter,value,unit\n"
                                           "test_fuel,CO2,ef,3,t/t\n")
    assert result.t_per_unit == {"CO2": 3.0} and math.isnan(result.energy_gj_per_unit)


def test_a_unit_the_calorific_value_cannot_take(tmp_path):
    with pytest.raises(FitError) as error:
        coeff(tmp_path, ["CO2"], "m^3")
    # 1 / (GJ/t) x GJ = t: a mass
    assert str(error.value) == ("unit 'm^3' does not fit activity 'test_fuel': its calorific "
                                "value (f.csv:2, GJ/t) needs a mass (t, kg, 万t) or an energy "
                                "(GJ, TJ, tce)")


def test_the_carbon_content_route_without_a_calorific_value(tmp_path):
    with pytest.raises(FitError) as error:
        coeff(tmp_path, ["CO2"], "t", "activity,gas,parameter,value,unit\n"
                                      "test_fuel,-,carbon_content,20,tC/TJ\n")
    assert str(error.value) == ("unit 't' does not fit activity 'test_fuel': the carbon-content "
                                "route needs a calorific value or an amount in energy")


def test_an_ef_per_energy_without_a_calorific_value(tmp_path):
    with pytest.raises(FitError) as error:
        coeff(tmp_path, ["CH4"], "t", "activity,gas,parameter,value,unit\n"
                                      "test_fuel,CH4,ef,10,kg/TJ\n")
    # t / (kg/TJ) = TJ t / kg: an energy
    assert str(error.value) == ("unit 't' does not fit activity 'test_fuel': its CH4 factor "
                                "(f.csv:2) is in kg/TJ, so the amount must be an energy (GJ, TJ, "
                                "tce, MWh, 万kWh)")


def test_an_ef_per_head_on_an_amount_in_tonnes_gives_no_mass(tmp_path):
    with pytest.raises(FitError) as error:
        coeff(tmp_path, ["CH4"], "t", "activity,gas,parameter,value,unit\n"
                                      "test_fuel,-,ncv,40,GJ/t\ntest_fuel,CH4,ef,2,kg/head\n")
    message = str(error.value)
    assert message.startswith("the factors of activity 'test_fuel' for CH4 do not give a mass "
                              "(got ")
    assert message.endswith("); check their units")
    assert "head" in message


def test_co2_per_unit_defaults_to_hunan_in_2020_and_is_zero_without_a_route():
    # 2020 has no Hunan factor: the nearest later year, 2021 (0.5138 t/MWh)
    assert co2_t_per_unit("electricity_grid", "MWh") == pytest.approx(0.5138)
    assert co2_t_per_unit("electricity_grid", "MWh", year=2022) == pytest.approx(0.49)
    assert co2_t_per_unit("electricity_grid", "万kWh", region="CN", year=2023) == \
        pytest.approx(10 * 0.5306)                  # 1 万kWh = 10 MWh
    assert co2_t_per_unit("swine", "head") == 0.0


# --- compile_inventory: the frame ----------------------------------------------------------------


def test_the_output_frame_columns_values_and_order(tmp_path):
    inv = compile_text(tmp_path, "year,category,activity,amount,unit,uncertainty_pct,x_site\n"
                                 "2020,1.A.2,test_fuel,200,t,10,north\n"
                                 "2020,1.A.2,test_fuel,50,t,20,south\n"
                                 "2021,1.A.2,test_fuel,100,t,10,north\n")
    assert list(inv.columns) == OUTPUT_COLUMNS + TEXT_COLUMNS + ["x_site"]
    # sorted by year, category, activity, gas (alphabetical), scope
    assert list(zip(inv["year"], inv["gas"], strict=True)) == [
        (2020, "CH4"), (2020, "CO2"), (2020, "N2O"), (2021, "CH4"), (2021, "CO2"), (2021, "N2O")]
    by = inv.set_index(["year", "gas"])
    # 2020: 250 t; CO2 250 x 1.466667 = 366.6667 t, CH4 0.1 t, N2O 0.015 t; 2021: 100 t
    assert by.loc[(2020, "CO2"), "emissions_t"] == pytest.approx(250 * CO2_PER_T, rel=1e-12)
    assert by.loc[(2020, "CH4"), "emissions_t"] == pytest.approx(0.1, rel=1e-12)
    assert by.loc[(2020, "N2O"), "emissions_t"] == pytest.approx(0.015, rel=1e-12)
    assert by.loc[(2021, "CO2"), "emissions_t"] == pytest.approx(100 * CO2_PER_T, rel=1e-12)
    # CO2e (AR5): CH4 0.1 x 28 = 2.8, N2O 0.015 x 265 = 3.975
    assert by.loc[(2020, "CH4"), "co2e_t"] == pytest.approx(2.8)
    assert by.loc[(2020, "N2O"), "co2e_t"] == pytest.approx(3.975)
    assert by.loc[(2020, "CO2"), "co2e_t"] == pytest.approx(250 * CO2_PER_T)
    # energy: 250 t x 40 GJ/t = 10,000 GJ on the first gas row (CO2) only
    assert by.loc[(2020, "CO2"), "energy_gj"] == pytest.approx(10000.0)
    assert by.loc[(2020, ["CH4", "N2O"]), "energy_gj"].isna().all()
    assert by.loc[(2021, "CO2"), "energy_gj"] == pytest.approx(4000.0)
    assert by.loc[(2020, "CO2"), "factor_ids"] == "f.csv:2;f.csv:3;f.csv:4"
    assert by.loc[(2020, "CH4"), "factor_ids"] == "f.csv:2;f.csv:5"
    assert inv["scope"].tolist() == [1] * 6          # an activity without a scope: 1
    assert inv["sector"].tolist() == ["industry"] * 6
    assert inv["factor_year"].isna().all() and str(inv["factor_year"].dtype) == "Int64"
    assert inv["factor_quality"].tolist() == ["unverified"] * 6   # a user row's default
    # factor uncertainty in quadrature: CO2 √(3² + 4²) = 5; CH4 √(3² + 50²) = √2509; N2O 3
    assert by.loc[(2020, "CO2"), "ef_uncertainty_pct"] == pytest.approx(5.0)
    assert by.loc[(2020, "CH4"), "ef_uncertainty_pct"] == pytest.approx(math.sqrt(2509))
    assert by.loc[(2020, "N2O"), "ef_uncertainty_pct"] == pytest.approx(3.0)
    # activity, Vol. 1 Eq. 3.2: 2020 √((10 x 200)² + (20 x 50)²) / 250 = √5,000,000 / 250
    # = 8.944272 %; 2021 one row at 10 %
    assert by.loc[2020, "ad_uncertainty_pct"].tolist() == pytest.approx([math.sqrt(5e6) / 250] * 3)
    assert by.loc[2021, "ad_uncertainty_pct"].tolist() == pytest.approx([10.0] * 3)
    assert by.loc[2020, "x_site"].tolist() == ["north; south"] * 3
    assert by.loc[(2020, "CO2"), "activity_zh"] == ""               # not a shipped activity
    # data/categories.csv: 1.A.2,Manufacturing industries and construction,制造业和建筑业,...
    assert by.loc[(2020, "CO2"), "category_zh"] == "制造业和建筑业"
    assert by.loc[(2020, "CO2"), "activity_quality"] == "unlabelled"
    # per year and gas: summarise's table, gases alphabetical then the totals
    table = summarise(inv)["by_sector_gas"][2020]
    assert list(table.columns) == ["CH4", "CO2", "N2O", "total", "scope 1"]
    assert table.loc["industry", "total"] == pytest.approx(250 * CO2_PER_T + 2.8 + 3.975)
    assert summarise(inv)["total_co2e_t"][2021] == pytest.approx(100 * CO2_PER_T + 1.12 + 1.59)


def test_shipped_factors_give_their_year_quality_scope_and_uncertainty(tmp_path):
    path = write(tmp_path / "a.csv", "year,category,activity,amount,unit\n"
                                     "2020,1.A.4.a,electricity_grid,1000,MWh\n"
                                     "2020,1.A.2,raw_coal,1000,t\n")
    library = load_factors(convention="ipcc")
    inv = compile_inventory(read_activity([path]), library)
    grid = inv[inv["activity"] == "electricity_grid"].iloc[0]
    # 1000 MWh x 0.5138 (Hunan 2021, nearest later) = 513.8 t; scope 2; corroborated
    assert (grid["scope"], grid["factor_year"], grid["factor_quality"]) == (2, 2021,
                                                                            "corroborated")
    assert grid["emissions_t"] == pytest.approx(513.8)
    assert grid["sector"] == "buildings" and grid["activity_zh"] == "电力"
    # 1 MWh = 3.6 GJ: 3,600 GJ
    assert grid["energy_gj"] == pytest.approx(3600.0)
    coal = inv[inv["activity"] == "raw_coal"].set_index("gas")
    # ef uncertainty: the NCV gives none, ipcc_co2_raw_coal 5.4 → 5.4; CH4 200; N2O 233.3
    assert coal["ef_uncertainty_pct"].to_dict() == pytest.approx(
        {"CH4": 200.0, "CO2": 5.4, "N2O": 233.3})
    # 1000 t x 20.908 GJ/t = 20.908 TJ x 94.6 t/TJ = 1,977.8968 t
    assert coal.loc["CO2", "emissions_t"] == pytest.approx(1977.8968, rel=1e-9)
    assert coal.loc["CO2", "factor_quality"] == "corroborated"   # corroborated NCV, verified EF
    assert coal["scope"].tolist() == [1, 1, 1]


def test_an_unknown_region_lists_the_regions_and_the_nearest(tmp_path):
    activity = validate_activity(frame_of([("2020", "1.A.2", "diesel", "1", "t")]), "act.csv")
    regions = set()
    for name in ("regions.csv", "agricultural_regions.csv"):
        regions |= set(pd.read_csv(Path("data") / name, dtype=str)["region"].str.strip())
    listed = ", ".join(sorted(regions))
    with pytest.raises(DataError) as error:
        compile_inventory(activity, load_factors(), region="hunnan")
    assert str(error.value) == f"unknown region 'hunnan': expected one of {listed} (nearest: hunan)"
    with pytest.raises(DataError) as error:
        compile_inventory(activity, load_factors(), region="ÿÿÿÿ")
    assert str(error.value) == f"unknown region 'ÿÿÿÿ': expected one of {listed}"


def test_an_activity_without_any_emission_factor_names_its_first_row(tmp_path):
    factors = "activity,gas,parameter,value,unit\nno_route,-,ncv,40,GJ/t\n"
    activity = ("year,category,activity,amount,unit\n2020,1.A.2,diesel,1,t\n"
                "2020,1.A.2,no_route,1,t\n2020,1.A.2,no_route,2,t\n")
    with pytest.raises(DataError) as error:
        compile_text(tmp_path, activity, factors)
    assert str(error.value) == (f"{tmp_path / 'act.csv'}, row 3, column 'activity': no emission "
                                "factor for activity 'no_route' in category 1.A.2 (region "
                                "hunan): add one with --factors")
    with pytest.raises(DataError) as error:
        compile_text(tmp_path, activity, factors, region=None)
    assert "(region any)" in str(error.value)


def test_a_unit_that_does_not_fit_names_the_row_and_the_unit_column(tmp_path):
    activity = ("year,category,activity,amount,unit\n2020,1.A.2,test_fuel,1,t\n"
                "2020,1.A.2,test_fuel,1,MWh\n2020,1.A.2,test_fuel,1,m3\n")
    with pytest.raises(DataError) as error:
        compile_text(tmp_path, activity)
    assert str(error.value) == (f"{tmp_path / 'act.csv'}, row 4, column 'unit': unit 'm3' does "
                                "not fit activity 'test_fuel': its calorific value (f.csv:2, "
                                "GJ/t) needs a mass (t, kg, 万t) or an energy (GJ, TJ, tce)")


def test_rows_in_two_units_add_up_in_one_row(tmp_path):
    inv = compile_text(tmp_path, "year,category,activity,amount,unit\n"
                                 "2020,1.A.2,test_fuel,1,t\n2020,1.A.2,test_fuel,0.04,TJ\n")
    # 1 t = 40 GJ, plus 40 GJ given as energy: 80 GJ = 0.08 TJ; CO2 0.08 x 20 x 0.5 x 44/12
    co2 = inv[inv["gas"] == "CO2"]
    assert len(co2) == 1
    assert co2["emissions_t"].iloc[0] == pytest.approx(0.08 * 20 * 0.5 * 44 / 12, rel=1e-12)
    assert co2["energy_gj"].iloc[0] == pytest.approx(80.0)
    # the ids of both records, each once, in order of first use
    assert co2["factor_ids"].iloc[0] == "f.csv:2;f.csv:3;f.csv:4"


# --- output ------------------------------------------------------------------------------------


def test_check_output_refuses_a_bad_suffix_and_an_input_path(tmp_path):
    with pytest.raises(DataError) as error:
        check_output(tmp_path / "inv.json", [])
    assert str(error.value) == "--out must end in .csv or .xlsx, found 'inv.json'"
    source = write(tmp_path / "a.csv", "x\n")
    with pytest.raises(DataError) as error:
        check_output(source, [source])
    assert str(error.value) == (f"--out {source} is one of the input files: it would be "
                                "overwritten; choose another name")
    os.link(source, tmp_path / "b.csv")
    with pytest.raises(DataError, match=re.escape(f"--out {tmp_path / 'b.csv'} is one of")):
        check_output(tmp_path / "b.csv", [source])
    assert check_output(tmp_path / "new.XLSX", [source]) is None
    assert check_output(tmp_path / "new.Csv", [source]) is None


def small_inventory(tmp_path: Path) -> pd.DataFrame:
    return compile_text(tmp_path, "year,category,activity,amount,unit\n"
                                  "2020,1.A.2,test_fuel,250,t\n"
                                  "2020,1.A.4.a,electricity_grid,1000,MWh\n")


def test_write_inventory_refuses_a_bad_view_and_a_bad_suffix(tmp_path):
    inv = small_inventory(tmp_path)
    with pytest.raises(DataError) as error:
        write_inventory(inv, tmp_path / "o.csv", factors=load_factors(), gwp="AR5",
                        region="hunan", view="table")
    assert str(error.value) == "--view: found 'table', expected inventory or gpc"
    with pytest.raises(DataError) as error:
        write_inventory(inv, tmp_path / "o.txt", factors=load_factors(), gwp="AR5",
                        region="hunan")
    assert str(error.value) == "--out must end in .csv or .xlsx, found 'o.txt'"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["act.csv", "f.csv"]


def test_the_csv_holds_the_output_columns_in_order(tmp_path):
    inv = small_inventory(tmp_path)
    out = write_inventory(inv, tmp_path / "o.csv", factors=load_factors(), gwp="AR5",
                          region="hunan")
    back = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == OUTPUT_COLUMNS + TEXT_COLUMNS
    assert back["co2e_t"].astype(float).sum() == pytest.approx(
        250 * CO2_PER_T + 2.8 + 3.975 + 513.8)


def test_output_columns_keep_the_contract_the_text_present_and_the_users_columns():
    inv = pd.DataFrame(columns=["x_b", *OUTPUT_COLUMNS, "note", "other", "x_a", "source"])
    assert output_columns(inv) == OUTPUT_COLUMNS + ["source", "note", "x_b", "x_a"]


def test_factors_used_lists_each_cited_row_once_sorted_with_integer_years(tmp_path):
    library = user_library(tmp_path, "activity,gas,parameter,year,value,unit\n"
                                     "b_fuel,CO2,ef,2021,1,t/t\n"      # f.csv:2
                                     "a_fuel,CO2,ef,,1,t/t\n"          # f.csv:3
                                     "a_fuel,-,ncv,,40,GJ/t\n"         # f.csv:4
                                     "c_fuel,CO2,ef,,1,t/t\n")         # f.csv:5, not cited
    inventory = pd.DataFrame({"factor_ids": ["f.csv:2;f.csv:3", "f.csv:4;f.csv:3", ""]})
    used = factors_used(inventory, library)
    assert list(used.columns) == FACTOR_SHEET_COLUMNS
    # by activity, gas ('-' before 'CO2'), parameter
    assert used["factor_id"].tolist() == ["f.csv:4", "f.csv:3", "f.csv:2"]
    assert str(used["year"].dtype) == "Int64" and used["year"].iloc[2] == 2021


def test_grid_factor_years_are_the_scope_2_rows_years():
    inventory = pd.DataFrame({"scope": [2, 2, 1, 2, 2],
                              "factor_year": pd.array([2022, 2021, 2019, None, 2022],
                                                      dtype="Int64")})
    assert grid_factor_years(inventory) == [2021, 2022]
    assert grid_factor_years(inventory[inventory["scope"] == 1]) == []


def test_key_category_sheet_gives_shares_in_percent():
    result = pd.DataFrame({"category": ["1.A.2"], "level_share": [0.25],
                           "level_cumulative": [0.5], "co2e_t": [3.0]})
    sheet = key_category_sheet(result)
    assert list(sheet.columns) == ["category", "level_share_pct", "level_cumulative_pct",
                                   "co2e_t"]
    assert sheet.iloc[0].tolist() == ["1.A.2", 25.0, 50.0, 3.0]
    assert result["level_share"].tolist() == [0.25]                 # the input is not changed


def test_cells_are_plain_python_values_and_missing_ones_empty():
    assert _cell(None) is None and _cell(pd.NA) is None and _cell(float("nan")) is None
    assert _cell(np.float64("nan")) is None
    value = _cell(np.int64(2020))
    assert value == 2020 and type(value) is int
    value = _cell(np.float64(1.5))
    assert value == 1.5 and type(value) is float
    assert _cell("=1+1") == "=1+1"


def test_numbers_are_formatted_floats_with_three_decimals_and_integers_plain():
    book = Workbook()
    sheet = book.active
    sheet.append([1.5, 2020, True, "text"])
    _format_numbers(sheet)
    formats = [c.number_format for c in sheet[1]]
    assert formats == ["#,##0.000", "0", "General", "General"]


def test_the_xlsx_summary_gives_per_year_totals_scopes_and_the_views(tmp_path):
    inv = small_inventory(tmp_path)
    extra = {"notes": pd.DataFrame({"a": [1]})}
    out = write_inventory(inv, tmp_path / "o.xlsx", factors=load_factors(
        (tmp_path / "f.csv",)), gwp="AR5", region="hunan", sheets=extra)
    book = load_workbook(out)
    assert book.sheetnames == ["summary", "inventory", "factors", "data_gaps", "gpc", "notes"]
    rows = [r for r in book["summary"].iter_rows(values_only=True)]
    cells = {r[0]: r[1] for r in rows if r and r[0]}
    fuel = 250 * CO2_PER_T + 2.8 + 3.975         # scope 1 (1.A.2), 373.4417 t
    grid = 513.8                                 # scope 2 (1.A.4.a)
    assert cells["inventory years"] == "2020"
    assert cells["2020: total CO2e (t)"] == pytest.approx(fuel + grid)
    assert cells["2020: gross CO2e without sinks (t)"] == pytest.approx(fuel + grid)
    assert cells["2020: land sinks CO2e (t)"] == 0.0
    assert cells["2020: scope 1 CO2e (t)"] == pytest.approx(fuel)
    assert cells["2020: scope 2 CO2e (t)"] == pytest.approx(grid)
    assert "2020: CO2e (t) by consuming sector, scope 1+2; last column: scope 1 by sector" \
        in cells
    assert ("scope 1+2 counts purchased electricity and heat in the sector that uses them; scope 1 "
            "counts emissions where they are released (the pathway base-year check's view, with "
            "grid electricity in power)") in cells
    assert (cells["GWP set"], cells["region of factors"], cells["grid-factor year"]) == (
        "AR5 (100-year)", "hunan", "2021")
    header = next(r for r in rows if r and r[0] == "sector")
    assert [c for c in header if c is not None] == ["sector", "CH4", "CO2", "N2O", "total",
                                                    "scope 1"]
    industry = next(r for r in rows if r and r[0] == "industry")
    assert industry[4] == pytest.approx(fuel) and industry[5] == pytest.approx(fuel)
    buildings = next(r for r in rows if r and r[0] == "buildings")
    assert buildings[4] == pytest.approx(grid) and buildings[5] == 0.0
    ids = {r[0] for r in book["factors"].iter_rows(min_row=2, values_only=True)}
    assert ids == {"f.csv:2", "f.csv:3", "f.csv:4", "f.csv:5", "f.csv:6", "grid_hunan_2021"}


def test_a_csv_in_the_gpc_view_writes_the_gpc_table(tmp_path):
    from carbon.inventory.gpc import gpc_view

    inv = small_inventory(tmp_path)
    out = write_inventory(inv, tmp_path / "g.csv", factors=load_factors(), gwp="AR5",
                          region="hunan", view="gpc")
    back = pd.read_csv(out, encoding="utf-8-sig")
    view = gpc_view(inv)
    assert list(back.columns) == list(view.columns) and len(back) == len(view)
    assert back["co2e_t"].sum() == pytest.approx(view["co2e_t"].sum())

