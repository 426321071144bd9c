"""The energy inventory against values worked by hand from the published factors.

Factors used (data/emission_factors/, checked against the lines below):
* NCV (China Energy Statistical Yearbook / GB/T 2589): raw coal 20.908 GJ/t, diesel 42.652 GJ/t,
  natural gas 389.31 GJ/10^4 m^3.
* Carbon content and oxidation, enterprise guidelines (2013): diesel 20.2 tC/TJ, 0.98;
  natural gas 15.3 tC/TJ, 0.99.
* Raw coal, convention cn (default): provincial guideline 26.37 tC/TJ with the customary 0.94;
  convention ipcc: IPCC 2006 Vol.2 Table 1.4 other bituminous coal 94,600 kg CO2/TJ on the
  Chinese NCV.
* IPCC 2006 Vol.2 Table 2.3 (manufacturing) coal CH4 10, N2O 1.5 kg/TJ; Table 2.5
  (residential) natural gas CH4 5, N2O 0.1 kg/TJ; Table 3.2.2 road diesel CH4 3.9, N2O 3.9 kg/TJ.
* Hunan grid 2021: 0.5138 t CO2/MWh (the nearest later year for a 2020 record).
* GWP-100: AR5 CH4 28, N2O 265; SAR 21, 310; AR6 CH4 fossil 29.8, N2O 273.
"""

from pathlib import Path

import pandas as pd
import pytest

from carbon.inventory import compile_inventory, inventory_from_files, load_factors, read_activity

HEADER = "year,category,activity,amount,unit\n"


def inventory_of(tmp_path: Path, rows: str, **kwargs) -> pd.DataFrame:
    path = tmp_path / "act.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return inventory_from_files([path], **kwargs)


def gas(inv: pd.DataFrame, name: str, column: str = "emissions_t") -> float:
    return float(inv.loc[inv["gas"] == name, column].sum())


def test_raw_coal_in_manufacturing_by_the_cn_convention(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.2,raw_coal,1000,t\n")
    # 20.908 TJ × 26.37 tC/TJ × 0.94 × 44/12 = 551.34396 × 0.94 × 3.6667 = 1,900.2988 t
    assert gas(inv, "CO2") == pytest.approx(1900.2988488, rel=1e-9)
    co2 = inv[inv["gas"] == "CO2"].iloc[0]
    assert co2["factor_ids"] == "cn_ncv_raw_coal;cn_cc_raw_coal_prov2011;cn_ox_raw_coal_customary"
    # the customary 0.94 is a convention, labelled estimate: the row is as weak as it
    assert co2["factor_quality"] == "estimate"


def test_raw_coal_in_manufacturing_by_the_ipcc_convention(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.2,raw_coal,1000,t\n", convention="ipcc")
    # energy: 1000 t × 20.908 GJ/t = 20,908 GJ = 20.908 TJ
    # CO2: 20.908 TJ × 94.6 t/TJ = 1,977.8968 t
    assert gas(inv, "CO2") == pytest.approx(1977.8968, rel=1e-9)
    # CH4: 20.908 TJ × 10 kg/TJ = 209.08 kg; N2O: 20.908 × 1.5 = 31.362 kg
    assert gas(inv, "CH4") == pytest.approx(0.20908, rel=1e-9)
    assert gas(inv, "N2O") == pytest.approx(0.031362, rel=1e-9)
    # CO2e (AR5): 1,977.8968 + 0.20908 × 28 + 0.031362 × 265 = 1,977.8968 + 5.85424 + 8.31093
    assert inv["co2e_t"].sum() == pytest.approx(1992.06197, rel=1e-8)
    assert set(inv["scope"]) == {1} and set(inv["sector"]) == {"industry"}
    co2 = inv[inv["gas"] == "CO2"].iloc[0]
    assert co2["factor_ids"] == "cn_ncv_raw_coal;ipcc_co2_raw_coal"
    assert co2["energy_gj"] == pytest.approx(20908.0)


def test_raw_coal_by_the_tier2_route_with_a_users_pair(tmp_path):
    # the provincial guideline's pair, given by the user: 26.37 tC/TJ, oxidation 0.94
    factors = tmp_path / "pair.csv"
    factors.write_text("activity,gas,parameter,value,unit\n"
                       "raw_coal,-,carbon_content,26.37,tC/TJ\nraw_coal,-,oxidation,0.94,\n")
    inv = inventory_of(tmp_path, "2020,1.A.2,raw_coal,1000,t\n", factor_files=[factors])
    # 20.908 TJ × 26.37 tC/TJ = 551.34396 tC; × 0.94 = 518.26332 tC; × 44/12 = 1,900.299 t
    assert gas(inv, "CO2") == pytest.approx(20.908 * 26.37 * 0.94 * 44 / 12, rel=1e-12)
    assert gas(inv, "CO2") == pytest.approx(1900.299, abs=0.001)
    assert "pair.csv:2" in inv.loc[inv["gas"] == "CO2", "factor_ids"].iloc[0]


def test_natural_gas_in_households(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.4.b,天然气,100,万m3\n")
    # 100 × 10^4 m^3 × 389.31 GJ/10^4 m^3 = 38,931 GJ = 38.931 TJ
    # CO2: 38.931 × 15.3 × 0.99 × 44/12 = 589.68788 × 3.666667 = 2,162.1889 t
    assert gas(inv, "CO2") == pytest.approx(2162.18890, rel=1e-7)
    # CH4: 38.931 TJ × 5 kg/TJ = 194.655 kg; N2O: 38.931 × 0.1 = 3.8931 kg
    assert gas(inv, "CH4") == pytest.approx(0.194655, rel=1e-9)
    assert gas(inv, "N2O") == pytest.approx(0.0038931, rel=1e-9)
    assert set(inv["activity"]) == {"natural_gas"} and set(inv["sector"]) == {"buildings"}


def test_diesel_in_road_transport(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.3.b,柴油,1000,t\n")
    # 1000 t × 42.652 GJ/t = 42.652 TJ; CO2 = 42.652 × 20.2 × 0.98 × 44/12 = 3,095.9097 t
    assert gas(inv, "CO2") == pytest.approx(3095.90968, rel=1e-7)
    # CH4 and N2O: 42.652 TJ × 3.9 kg/TJ = 166.3428 kg each
    assert gas(inv, "CH4") == pytest.approx(0.1663428, rel=1e-9)
    assert gas(inv, "N2O") == pytest.approx(0.1663428, rel=1e-9)
    assert set(inv["sector"]) == {"transport"}


def test_purchased_electricity_is_scope2(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.4.a,electricity_grid,1000,MWh\n")
    # 1000 MWh × 0.5138 t/MWh (Hunan 2021, the nearest later year to 2020) = 513.8 t
    assert gas(inv, "CO2") == pytest.approx(513.8, rel=1e-12)
    assert list(inv["gas"]) == ["CO2"] and list(inv["scope"]) == [2]
    assert int(inv["factor_year"].iloc[0]) == 2021
    assert inv["factor_ids"].iloc[0] == "grid_hunan_2021"


def test_region_and_year_choose_the_grid_factor(tmp_path):
    rows = "2022,1.A.4.a,electricity_grid,1000,MWh\n"
    assert gas(inventory_of(tmp_path, rows), "CO2") == pytest.approx(490.0)        # Hunan 2022
    assert gas(inventory_of(tmp_path, rows, region="central_china"), "CO2") == \
        pytest.approx(539.5)                                                       # 华中 2022
    assert gas(inventory_of(tmp_path, rows, region="CN"), "CO2") == pytest.approx(536.6)
    # 2025: no factor yet, so the nearest earlier one (national 2023: 0.5306)
    later = inventory_of(tmp_path, "2025,1.A.4.a,electricity_grid,1000,MWh\n", region="CN")
    assert gas(later, "CO2") == pytest.approx(530.6) and int(later["factor_year"].iloc[0]) == 2023


def test_gwp_switch_on_a_mixed_record(tmp_path):
    rows = "2020,1.A.2,raw_coal,1000,t\n"
    emissions = {"CO2": 1977.8968, "CH4": 0.20908, "N2O": 0.031362}    # from the test above
    expected = {
        "SAR": emissions["CO2"] + 21 * emissions["CH4"] + 310 * emissions["N2O"],
        "AR4": emissions["CO2"] + 25 * emissions["CH4"] + 298 * emissions["N2O"],
        "AR5": emissions["CO2"] + 28 * emissions["CH4"] + 265 * emissions["N2O"],
        # energy is category 1: AR6 fossil methane, 29.8
        "AR6": emissions["CO2"] + 29.8 * emissions["CH4"] + 273 * emissions["N2O"],
    }
    for gwp, total in expected.items():
        inv = inventory_of(tmp_path, rows, gwp=gwp, convention="ipcc")
        assert inv["co2e_t"].sum() == pytest.approx(total, rel=1e-9), gwp
        assert gas(inv, "CH4") == pytest.approx(emissions["CH4"])   # the gas itself is unchanged


@pytest.mark.parametrize("amount, unit", [("100", "万m3"), ("100", "10^4 m^3"),
                                          ("1000000", "m^3"), ("1000000", "m3"),
                                          ("0.01", "亿m3")])
def test_gas_volume_units_agree(tmp_path, amount, unit):
    inv = inventory_of(tmp_path, f"2020,1.A.4.b,natural_gas,{amount},{unit}\n")
    assert gas(inv, "CO2") == pytest.approx(2162.18890, rel=1e-7)


@pytest.mark.parametrize("amount, unit", [("100", "万kWh"), ("1000000", "kWh"), ("1000", "MWh"),
                                          ("0.01", "亿kWh"), ("3600", "GJ")])
def test_electricity_units_agree(tmp_path, amount, unit):
    inv = inventory_of(tmp_path, f"2020,1.A.4.b,electricity_grid,{amount},{unit}\n")
    assert gas(inv, "CO2") == pytest.approx(513.8, rel=1e-12)      # 1000 MWh × 0.5138


def test_amount_in_energy_skips_the_calorific_value(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.3.b,diesel,42.652,TJ\n")
    assert gas(inv, "CO2") == pytest.approx(3095.90968, rel=1e-7)
    assert "cn_ncv_diesel" not in inv.loc[inv["gas"] == "CO2", "factor_ids"].iloc[0]


def test_gb18030_file_equals_its_utf8_twin(tmp_path):
    text = (HEADER.strip() + ",note\n2020,1.A.4.b,天然气,12,万m3,居民生活用气\n"
            "2020,1.A.3.b,柴油,5,t,公路货运\n2020,1.A.2,原煤,7,t,工业锅炉\n")
    (tmp_path / "utf8.csv").write_text(text, encoding="utf-8")
    (tmp_path / "bom.csv").write_text(text, encoding="utf-8-sig")
    (tmp_path / "gbk.csv").write_bytes(text.encode("gb18030"))
    results = [inventory_from_files([tmp_path / f]) for f in ("utf8.csv", "bom.csv", "gbk.csv")]
    pd.testing.assert_frame_equal(results[0], results[1])
    pd.testing.assert_frame_equal(results[0], results[2])
    assert len(results[0]) == 9     # three activities × CO2, CH4, N2O


def test_xlsx_activity_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "activity"
    sheet.append(["year", "category", "activity", "amount", "unit", "note"])
    sheet.append([2020, "1.A.3.b", "diesel", 1000, "t", "=HYPERLINK(\"x\")"])
    book.save(tmp_path / "act.xlsx")
    inv = inventory_from_files([tmp_path / "act.xlsx"])
    assert gas(inv, "CO2") == pytest.approx(3095.90968, rel=1e-7)


def test_rows_with_the_same_key_are_summed(tmp_path):
    inv = inventory_of(tmp_path, "2020,1.A.3.b,diesel,600,t\n2020,1.A.3.b,diesel,0.04,万t\n")
    assert gas(inv, "CO2") == pytest.approx(3095.90968, rel=1e-7)   # 600 t + 400 t
    assert len(inv) == 3


def test_user_ef_sets_aside_the_carbon_content_route(tmp_path):
    factors = tmp_path / "mine.csv"
    factors.write_text("activity,gas,parameter,value,unit\ndiesel,CO2,ef,3.0,t/t\n")
    inv = inventory_of(tmp_path, "2020,1.A.3.b,diesel,1000,t\n", factor_files=[factors])
    assert gas(inv, "CO2") == pytest.approx(3000.0)                 # 1000 t × 3.0 t/t
    assert inv.loc[inv["gas"] == "CO2", "factor_ids"].iloc[0] == "mine.csv:2"
    assert gas(inv, "CH4") == pytest.approx(0.1663428, rel=1e-9)    # other gases unchanged


def test_later_user_file_wins(tmp_path):
    (tmp_path / "a.csv").write_text("activity,gas,parameter,value,unit\ndiesel,CO2,ef,3.0,t/t\n")
    (tmp_path / "b.csv").write_text("activity,gas,parameter,value,unit\ndiesel,CO2,ef,2.5,t/t\n")
    inv = inventory_of(tmp_path, "2020,1.A.3.b,diesel,1000,t\n",
                       factor_files=[tmp_path / "a.csv", tmp_path / "b.csv"])
    assert gas(inv, "CO2") == pytest.approx(2500.0)


def test_a_whole_inventory_on_local_factors_with_a_new_activity(tmp_path):
    (tmp_path / "local.csv").write_text(
        "activity,gas,parameter,value,unit,source\n"
        "bagasse_pellets,-,ncv,16,GJ/t,supplier sheet\n"
        "bagasse_pellets,CH4,ef,30,kg/TJ,IPCC 2006 Vol.2 Table 2.3 other primary solid biomass\n")
    inv = inventory_of(tmp_path, "2020,1.A.2.e,bagasse_pellets,500,t\n",
                       factor_files=[tmp_path / "local.csv"])
    # 500 t × 16 GJ/t = 8 TJ; CH4 = 8 × 30 kg = 240 kg; biogenic CO2 is not counted
    assert list(inv["gas"]) == ["CH4"]
    assert gas(inv, "CH4") == pytest.approx(0.24)
    assert inv["co2e_t"].sum() == pytest.approx(0.24 * 28)


def test_compile_reconciles_with_inputs():
    factors = load_factors()
    from carbon import paths

    activity = read_activity([paths.ningxiang_dir() / "activity_2020.csv"])
    inv = compile_inventory(activity, factors)
    electricity = activity.loc[activity["activity"] == "electricity_grid", "amount"].sum()
    assert activity["unit"][activity["activity"] == "electricity_grid"].eq("MWh").all()
    # scope 2 = all purchased electricity × 0.5138 (Hunan 2021 for 2020)
    assert inv.loc[inv["scope"] == 2, "emissions_t"].sum() == pytest.approx(electricity * 0.5138)
    assert inv["category"].isin(activity["category"]).all()
    assert set(activity["category"]) == set(inv["category"])
