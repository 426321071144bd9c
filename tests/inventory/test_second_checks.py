"""A second, independent check of rules that only one test used to catch.

Each test here reaches the rule another way than the first test does (another gas, unit, file
kind or activity), with its numbers worked by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon.inventory import inventory_from_files, load_factors
from carbon.tables import read_csv_text

HEADER = "year,category,activity,amount,unit\n"


def inventory_of(tmp_path: Path, rows: str, factors: str | None = None, **kwargs):
    (tmp_path / "a.csv").write_text(HEADER + rows, encoding="utf-8")
    files = []
    if factors is not None:
        (tmp_path / "f.csv").write_text(factors, encoding="utf-8")
        files = [tmp_path / "f.csv"]
    return inventory_from_files([tmp_path / "a.csv"], factor_files=files, **kwargs)


def test_ar6_methane_is_fossil_in_ipu_and_non_fossil_in_waste(tmp_path):
    # 1 t of CH4 from a made-up source in 2.H (fossil) and in 4.D (non-fossil):
    # AR6: 29.8 and 27.0 t CO2e; AR5 has one value, 28, for both
    factors = ("activity,gas,parameter,value,unit\n"
               "test_source,CH4,ef,1,t/t\n")
    rows = "2020,2.H,test_source,1,t\n2020,4.D,test_source,1,t\n"
    ar6 = inventory_of(tmp_path, rows, factors, gwp="AR6").set_index("category")["co2e_t"]
    assert ar6["2.H"] == pytest.approx(29.8)
    assert ar6["4.D"] == pytest.approx(27.0)
    ar5 = inventory_of(tmp_path, rows, factors, gwp="AR5").set_index("category")["co2e_t"]
    assert ar5["2.H"] == pytest.approx(28.0) and ar5["4.D"] == pytest.approx(28.0)


def test_a_factor_file_saved_by_excel_on_a_chinese_system_is_read(tmp_path):
    # GB18030 bytes that are not valid UTF-8: the reader falls back and keeps the Chinese text
    text = "activity,gas,parameter,value,unit,source\ntest_fuel,CO2,ef,2.5,t/t,企业实测\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    frame = read_csv_text(path)
    assert frame.loc[0, "source"] == "企业实测"
    inv = inventory_from_files([_activity(tmp_path, "2020,1.A.2,test_fuel,10,t\n")],
                               factor_files=[path])
    assert inv.loc[inv["gas"] == "CO2", "emissions_t"].sum() == pytest.approx(25.0)  # 10 × 2.5


def _activity(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "act.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_user_ef_for_natural_gas_sets_aside_carbon_content_and_oxidation(tmp_path):
    # a supplier's 2.0 t CO2 per 10^3 m3 (= 20 t/10^4 m3): 100 × 10^4 m3 -> 2000 t, whatever
    # the shipped 15.3 tC/TJ × 0.99 route would give (2162.19 t)
    factors = "activity,gas,parameter,value,unit\nnatural_gas,CO2,ef,20,t/万m3\n"
    inv = inventory_of(tmp_path, "2020,1.A.4.b,natural_gas,100,万m3\n", factors)
    co2 = inv[inv["gas"] == "CO2"]
    assert co2["emissions_t"].sum() == pytest.approx(2000.0)
    assert "carbon_content" not in co2["factor_ids"].iloc[0]
    assert "oxidation" not in co2["factor_ids"].iloc[0]


def test_an_amount_in_tce_skips_the_calorific_value(tmp_path):
    # 100 tce = 2930.76 GJ of natural gas; CO2 = 2.93076 TJ × 15.3 tC/TJ × 0.99 × 44/12
    # = 162.7733 t, the same as the volume that holds that energy (2930.76 GJ / 389.31 GJ per
    # 10^4 m3 = 7.528 × 10^4 m3)
    by_energy = inventory_of(tmp_path, "2020,1.A.4.b,natural_gas,100,tce\n")
    co2 = by_energy[by_energy["gas"] == "CO2"]
    expected = 2.930760 * 15.3 * 0.99 * 44 / 12
    assert co2["emissions_t"].sum() == pytest.approx(expected, rel=1e-9)
    assert "ncv" not in co2["factor_ids"].iloc[0]
    by_volume = inventory_of(tmp_path, f"2020,1.A.4.b,natural_gas,{2930.76 / 389.31},万m3\n")
    assert by_volume.loc[by_volume["gas"] == "CO2", "emissions_t"].sum() == \
        pytest.approx(expected, rel=1e-9)


def test_shipped_natural_gas_pair_is_what_the_hand_arithmetic_uses():
    # guard the inputs of the test above: the shipped pair for natural gas
    factors = load_factors()
    gas = factors[(factors["activity"] == "natural_gas") & (factors["gas"] == "-")]
    values = gas.groupby("parameter")["value"].apply(lambda v: set(v.astype(float)))
    assert 15.3 in values["carbon_content"]
    assert 0.99 in values["oxidation"]
