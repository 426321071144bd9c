"""Industrial processes and product use, worked by hand from the shipped factors.

Factors (data/emission_factors/ippu.csv, fgas.csv; gwp.csv):
* clinker: provincial guideline 0.538 t CO2/t with ckd 1.0 (region CN and below, the default);
  IPCC 2006 Vol.3 Eq.2.2 EF_cl 0.51 t/t × CF_ckd 1.02 (region empty);
* carbonates: lithium carbonate 44.009/73.891 = 0.5956 t CO2/t; calcite 0.43971 t/t;
* glass 0.2 t/t × (1 − cullet 0.5); SF6 0.7 %/yr of the bank;
* GWP-100 AR5: HFC-134a 1300, HFC-32 677, SF6 23500; AR6 HFC-134a 1530.
"""

import pytest

from tests.inventory.nonenergy import compile_rows, value

HEADER = "year,category,activity,amount,unit"
BANK = "year,category,activity,amount,unit,species,stage"


def test_clinker_chinese_factor_is_the_default_in_hunan(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,2.A.1,水泥熟料,1000,t\n")
    # 1000 t × 0.538 t/t × ckd 1.0 = 538 t
    assert value(inv, activity="clinker", gas="CO2") == pytest.approx(538.0)
    assert inv["factor_ids"].iloc[0] == "cn_co2_2A1_clinker;cn_ckd_2A1_clinker"


def test_clinker_ipcc_route_applies_the_kiln_dust_correction(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,2.A.1,clinker,1000,t\n", region=None)
    # no region: the IPCC rows; 1000 t × 0.51 × 1.02 = 520.2 t
    assert value(inv, gas="CO2") == pytest.approx(520.2)
    assert inv["sector"].iloc[0] == "building_materials"


def test_a_users_clinker_factor_sets_the_kiln_dust_correction_aside(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,2.A.1,clinker,1000,t\n", region=None,
                       factors="clinker,CO2,ef,,,0.5,t/t\n")
    # 1000 × 0.5, never × 1.02: a user's own factor is not scaled by a shipped correction
    assert value(inv, gas="CO2") == pytest.approx(500.0)


def test_carbonates_and_glass(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,2.A.4.d,碳酸锂,100,t\n2020,2.A.4.a,石灰石,1000,t\n"
                       "2020,2.A.3,玻璃,1000,t\n")
    assert value(inv, activity="lithium_carbonate") == pytest.approx(59.56)   # 100 × 0.5956
    assert value(inv, activity="limestone") == pytest.approx(439.71)          # 1000 × 0.43971
    assert value(inv, activity="glass") == pytest.approx(100.0)               # 1000 × 0.2 × 0.5


def test_sf6_of_electrical_equipment(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,2.G.1,六氟化硫,2,t\n")
    # 2 t bank × 0.007/yr = 0.014 t SF6; × 23,500 (AR5) = 329 t CO2e
    assert value(inv, gas="SF6") == pytest.approx(0.014)
    assert value(inv, gas="SF6", column="co2e_t") == pytest.approx(329.0)


BANK_FACTORS = ("hfc_stationary_ac,-,leak_charge,,,0.01,\n"
                "hfc_stationary_ac,-,leak_bank,,,0.1,1/year\n"
                "hfc_stationary_ac,-,eol_remaining,,,0.5,\n"
                "hfc_stationary_ac,-,eol_recovery,,,0.2,\n")


def test_hfc_bank_over_three_years(tmp_path):
    rows = ("2020,2.F.1,hfc_stationary_ac,50,t,HFC-134a,bank\n"
            "2020,2.F.1,hfc_stationary_ac,10,t,HFC-134a,charge\n"
            "2021,2.F.1,hfc_stationary_ac,10,t,HFC-134a,charge\n"
            "2022,2.F.1,hfc_stationary_ac,10,t,HFC-134a,charge\n"
            "2022,2.F.1,hfc_stationary_ac,5,t,HFC-134a,retire\n")
    inv = compile_rows(tmp_path, BANK, rows, factors=BANK_FACTORS)
    # k 1%, x 10%/yr, p 50%, recovery 20%; bank B_t = B_t-1 + charge − retired
    # 2020: B = 50 + 10 = 60; E = 10 × 0.01 + 60 × 0.1             = 6.1
    # 2021: B = 70;           E = 0.1 + 7.0                          = 7.1
    # 2022: B = 75;           E = 0.1 + 7.5 + 5 × 0.5 × (1 − 0.2)    = 9.6
    for year, expected in ((2020, 6.1), (2021, 7.1), (2022, 9.6)):
        assert value(inv, year=year, gas="HFC-134a") == pytest.approx(expected)
    assert value(inv, year=2022, gas="HFC-134a", column="co2e_t") == pytest.approx(9.6 * 1300)
    inv6 = compile_rows(tmp_path, BANK, rows, factors=BANK_FACTORS, gwp="AR6")
    assert value(inv6, year=2022, column="co2e_t") == pytest.approx(9.6 * 1530)


def test_each_species_is_a_gas_of_its_own(tmp_path):
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,空调制冷剂,1,t,HFC-32,charge\n"
                       "2020,2.F.1,空调制冷剂,1,t,HFC-134a,charge\n", factors=BANK_FACTORS)
    # 1 t charged: 1 × 0.01 + bank 1 × 0.1 = 0.11 t of each species
    assert value(inv, gas="HFC-32") == pytest.approx(0.11)
    assert value(inv, gas="HFC-32", column="co2e_t") == pytest.approx(0.11 * 677)
    assert value(inv, gas="HFC-134a", column="co2e_t") == pytest.approx(0.11 * 1300)


def test_a_blend_is_split_into_its_species(tmp_path):
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                       factors=BANK_FACTORS)
    # 0.11 t of R-410A (as above) = 0.055 t HFC-32 + 0.055 t HFC-125 (50/50 by mass);
    # AR5: 0.055 × 677 + 0.055 × 3170 = 211.585 t CO2e (the blend's 1,923.5 × 0.11)
    assert value(inv, gas="HFC-32") == pytest.approx(0.055)
    assert value(inv, gas="HFC-125") == pytest.approx(0.055)
    assert value(inv, column="co2e_t") == pytest.approx(0.11 * 1923.5)


def test_refrigerant_charged_into_products_sold_elsewhere_counts_only_its_charging_loss(tmp_path):
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,100,t,HFC-32,manufacture\n"
                       "2021,2.F.1,hfc_stationary_ac,100,t,HFC-32,manufacture\n",
                       factors=BANK_FACTORS)
    # 100 t × k 1% = 1 t each year; the products leave the city, so no bank builds up
    assert value(inv, year=2020) == pytest.approx(1.0)
    assert value(inv, year=2021) == pytest.approx(1.0)
