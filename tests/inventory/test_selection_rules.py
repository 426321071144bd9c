"""Factor selection rules, each pinned by a case where the wrong ranking gives another number.

Every case uses a user factor file for a made-up activity, so the shipped library can change
without moving these numbers. The ranking (DESIGN.md, "Emission factors"): category first (exact
over parent over empty), then region (the run's region over its parents over empty), then year (the
record's own, then any year, then the nearest earlier, then the nearest later).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.inventory import inventory_from_files

FACTOR_HEADER = "activity,gas,parameter,category,region,year,value,unit\n"


def co2_of(tmp_path: Path, factors: str, record: str, **kwargs) -> pd.DataFrame:
    (tmp_path / "f.csv").write_text(FACTOR_HEADER + factors, encoding="utf-8")
    (tmp_path / "a.csv").write_text("year,category,activity,amount,unit\n" + record,
                                    encoding="utf-8")
    inv = inventory_from_files([tmp_path / "a.csv"], factor_files=[tmp_path / "f.csv"], **kwargs)
    return inv[inv["gas"] == "CO2"]


def test_region_outranks_year(tmp_path):
    # A Hunan record of 2023: Hunan's own factor of 2022 (0.49) beats central China's of 2023
    # (0.5271). Ranked by year first, the answer would be 1000 MWh × 0.5271 = 527.1 t.
    factors = ("test_power,CO2,ef,,central_china,2023,0.5271,t/MWh\n"
               "test_power,CO2,ef,,hunan,2022,0.49,t/MWh\n")
    co2 = co2_of(tmp_path, factors, "2023,1.A.4.a,test_power,1000,MWh\n", region="hunan")
    assert co2["emissions_t"].sum() == pytest.approx(490.0)     # 1000 MWh × 0.49 t/MWh
    assert int(co2["factor_year"].iloc[0]) == 2022
    # for central China the regional 2023 row is the run's own region: 527.1 t
    co2 = co2_of(tmp_path, factors, "2023,1.A.4.a,test_power,1000,MWh\n", region="central_china")
    assert co2["emissions_t"].sum() == pytest.approx(527.1)


def test_nearest_earlier_year_before_nearest_later(tmp_path):
    # candidates 2018 (0.6) and 2021 (0.5) around a 2020 record; 2021 is nearer, but an earlier
    # year wins over a later one: 1000 MWh × 0.6 = 600 t (the later would give 500 t)
    factors = ("test_power,CO2,ef,,,2018,0.6,t/MWh\n"
               "test_power,CO2,ef,,,2021,0.5,t/MWh\n")
    co2 = co2_of(tmp_path, factors, "2020,1.A.4.a,test_power,1000,MWh\n")
    assert co2["emissions_t"].sum() == pytest.approx(600.0)
    assert int(co2["factor_year"].iloc[0]) == 2018


def test_nearest_earlier_is_the_latest_of_the_earlier_years(tmp_path):
    # 2015 (0.8) and 2018 (0.6) both earlier than 2020: the nearer, 2018, gives 600 t
    factors = ("test_power,CO2,ef,,,2015,0.8,t/MWh\n"
               "test_power,CO2,ef,,,2018,0.6,t/MWh\n")
    co2 = co2_of(tmp_path, factors, "2020,1.A.4.a,test_power,1000,MWh\n")
    assert co2["emissions_t"].sum() == pytest.approx(600.0)


def test_nearest_later_year_when_none_is_earlier(tmp_path):
    # 2022 (0.5) and 2025 (0.4) both later than 2020: the nearer, 2022, gives 500 t
    factors = ("test_power,CO2,ef,,,2025,0.4,t/MWh\n"
               "test_power,CO2,ef,,,2022,0.5,t/MWh\n")
    co2 = co2_of(tmp_path, factors, "2020,1.A.4.a,test_power,1000,MWh\n")
    assert co2["emissions_t"].sum() == pytest.approx(500.0)


def test_a_row_for_any_year_outranks_other_years_but_not_the_own_year(tmp_path):
    factors = ("test_power,CO2,ef,,,,0.7,t/MWh\n"
               "test_power,CO2,ef,,,2019,0.6,t/MWh\n"
               "test_power,CO2,ef,,,2020,0.5,t/MWh\n")
    # 2020: its own year, 500 t; 2021: the any-year row, 700 t (not the nearest earlier 2020)
    assert co2_of(tmp_path, factors, "2020,1.A.4.a,test_power,1000,MWh\n")[
        "emissions_t"].sum() == pytest.approx(500.0)
    assert co2_of(tmp_path, factors, "2021,1.A.4.a,test_power,1000,MWh\n")[
        "emissions_t"].sum() == pytest.approx(700.0)


def test_category_outranks_region(tmp_path):
    # a category-specific row for any region (0.3 t/t) against a Hunan row for any category
    # (0.4 t/t): for a 1.A.2 record in Hunan the category wins, 100 t × 0.3 = 30 t; ranked by
    # region first it would be 40 t. A 1.A.4.b record has no category row: the Hunan one, 40 t.
    factors = ("test_fuel,CO2,ef,1.A.2,,,0.3,t/t\n"
               "test_fuel,CO2,ef,,hunan,,0.4,t/t\n")
    assert co2_of(tmp_path, factors, "2020,1.A.2,test_fuel,100,t\n", region="hunan")[
        "emissions_t"].sum() == pytest.approx(30.0)
    assert co2_of(tmp_path, factors, "2020,1.A.4.b,test_fuel,100,t\n", region="hunan")[
        "emissions_t"].sum() == pytest.approx(40.0)


def test_parent_category_applies_below_and_exact_category_wins(tmp_path):
    # 1.A.2 (0.3) applies to 1.A.2.e; an exact 1.A.2.e row (0.2) beats it: 100 t -> 20 t
    factors = ("test_fuel,CO2,ef,1.A.2,,,0.3,t/t\n")
    assert co2_of(tmp_path, factors, "2020,1.A.2.e,test_fuel,100,t\n")[
        "emissions_t"].sum() == pytest.approx(30.0)
    factors += "test_fuel,CO2,ef,1.A.2.e,,,0.2,t/t\n"
    assert co2_of(tmp_path, factors, "2020,1.A.2.e,test_fuel,100,t\n")[
        "emissions_t"].sum() == pytest.approx(20.0)


def test_parent_region_over_no_region(tmp_path):
    # for a Hunan run: a central China row (0.55) is Hunan's parent and beats an empty region
    # (0.6): 1000 MWh -> 550 t; for a north China run neither parent applies: 600 t
    factors = ("test_power,CO2,ef,,central_china,2020,0.55,t/MWh\n"
               "test_power,CO2,ef,,,2020,0.6,t/MWh\n")
    record = "2020,1.A.4.a,test_power,1000,MWh\n"
    assert co2_of(tmp_path, factors, record, region="hunan")["emissions_t"].sum() == \
        pytest.approx(550.0)
    assert co2_of(tmp_path, factors, record, region="north_china")["emissions_t"].sum() == \
        pytest.approx(600.0)
