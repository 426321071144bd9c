"""Waste, worked by hand from the shipped factors (IPCC 2006 Vol.5).

* 4.A food waste: DOC 0.15, DOC_f 0.5, MCF managed anaerobic 1.0, k 0.185/yr (temperate wet),
  F 0.5, OX 0: DDOCm per t deposited = 0.15 × 0.5 × 1.0 = 0.075 t;
* 4.C plastics: dm 1.0, CF 0.75, FCF 1.0, OF 1.0; CH4 0.2 kg/Gg, N2O 50 g/t of wet waste;
* 4.D domestic: BOD 40 g/person/d, I 1.25 (sewered), B0 0.6 kg CH4/kg BOD; MCF centralised
  aerobic 0.03 (2019) or 0 (2006), septic tank 0.5; protein 36.5 kg/person/yr, F_NPR 0.16,
  F_NON-CON 1.08, F_IND-COM 1.25, EF_effluent 0.005; industrial B0 0.25 kg CH4/kg COD.
"""

import math

import pytest

from carbon.errors import DataError
from tests.inventory.nonenergy import compile_rows, value

FOD = "year,category,activity,amount,unit,site,composition"
HISTORY = ("2001,4.A,厨余垃圾,1000,t,managed_anaerobic,\n"
           "2002,4.A,msw_food,1000,t,managed_anaerobic,\n"
           "2003,4.A,msw_food,0,t,managed_anaerobic,\n")
E = math.exp(-0.185)
D = 1000 * 0.075                 # 75 t DDOCm deposited in 2001 and in 2002
TO_CH4 = 0.5 * 16 / 12           # F × 16/12


def test_fod_next_year_convention(tmp_path):
    inv = compile_rows(tmp_path, FOD, HISTORY)
    # 2001: nothing decays in the year of deposit            → 0
    # 2002: 75 × (1 − e^−k)                                  → 12.6672 t DDOCm
    # 2003: (75 + 75 e^−k) × (1 − e^−k)                      → 23.1950 t DDOCm
    expected = {2001: 0.0, 2002: D * (1 - E), 2003: (D + D * E) * (1 - E)}
    assert expected[2002] == pytest.approx(12.66718, rel=1e-5)
    for year, ddocm in expected.items():
        assert value(inv, year=year, gas="CH4") == pytest.approx(ddocm * TO_CH4, abs=1e-9)
    assert sorted(inv["year"].unique()) == [2001, 2002, 2003]


def test_fod_same_year_convention(tmp_path):
    inv = compile_rows(tmp_path, FOD, HISTORY, options={"fod_timing": "same_year"})
    # the deposit decays with the stock from its own year on
    expected = {2001: D * (1 - E), 2002: (D * E + D) * (1 - E), 2003: (D * E + D) * E * (1 - E)}
    for year, ddocm in expected.items():
        assert value(inv, year=year, gas="CH4") == pytest.approx(ddocm * TO_CH4)


def test_fod_later_years_and_composition(tmp_path):
    rows = ("2001,4.A,msw,2000,t,managed_anaerobic,food:0.5;inert:0.5\n"
            "2002,4.A,msw,2000,t,managed_anaerobic,food:0.5;inert:0.5\n")
    inv = compile_rows(tmp_path, FOD, rows, years=[2005])
    # half of 2000 t is food (the same 1000 t as above), inert has no DOC; decay goes on to 2005
    assert sorted(inv["year"].unique()) == [2001, 2002, 2003, 2004, 2005]
    stock_2002 = D + D * E
    assert value(inv, year=2005) == pytest.approx(stock_2002 * E ** 2 * (1 - E) * TO_CH4)


def test_fod_history_with_a_gap_is_refused(tmp_path):
    rows = "2001,4.A,msw_food,1000,t,,\n2003,4.A,msw_food,1000,t,,\n"
    with pytest.raises(DataError, match="gap") as error:
        compile_rows(tmp_path, FOD, rows)
    assert (error.value.row, error.value.column) == (3, "year")


def test_incineration_fossil_co2_ch4_n2o(tmp_path):
    inv = compile_rows(tmp_path, "year,category,activity,amount,unit",
                       "2020,4.C.1,塑料,100,t\n2020,4.C.1,厨余垃圾,100,t\n")
    # plastics 100 t × 1.0 × 0.75 × 1.0 × 1.0 × 44/12 = 275 t; food carbon is biogenic: 0
    assert value(inv, activity="msw_plastics", gas="CO2") == pytest.approx(275.0)
    assert value(inv, activity="msw_food", gas="CO2") == pytest.approx(0.0)
    assert value(inv, activity="msw_plastics", gas="CH4") == pytest.approx(100 * 0.2e-6)
    assert value(inv, activity="msw_plastics", gas="N2O") == pytest.approx(100 * 50e-6)


WASTEWATER = "year,category,activity,amount,unit,treatment"
PLANT_ROWS = ("2020,4.D.1,生活污水,10000,person,centralised_aerobic\n"
              "2020,4.D.1,生活污水,10000,person,septic_tank\n"
              "2020,4.D.2,工业废水,100,t,anaerobic_reactor\n")


def test_wastewater_under_both_mcf_vintages(tmp_path):
    # TOW: sewered 10,000 × 0.040 kg × 365 × 1.25 = 182.5 t BOD; septic 146 t BOD (I = 1)
    new = compile_rows(tmp_path, WASTEWATER, PLANT_ROWS)
    old = compile_rows(tmp_path, WASTEWATER, PLANT_ROWS, options={"mcf_vintage": "2006"})
    plant_2019 = 182.5 * 0.6 * 0.03              # 3.285 t
    septic = 146 * 0.6 * 0.5                     # 43.8 t, the same in both vintages
    assert value(new, category="4.D.1", gas="CH4") == pytest.approx(plant_2019 + septic)
    assert value(old, category="4.D.1", gas="CH4") == pytest.approx(septic)   # MCF 0 in 2006
    assert value(new, category="4.D.2") == pytest.approx(100 * 0.25 * 0.8)    # 20 t
    # effluent N2O: 10,000 × 36.5 × 0.16 × 1.08 × (1.25 sewered + 1.0 septic) × 0.005 × 44/28
    n_kg = 10000 * 36.5 * 0.16 * 1.08 * (1.25 + 1.0)
    assert value(new, gas="N2O") == pytest.approx(n_kg * 0.005 * 44 / 28 / 1e3)


def test_a_wastewater_row_needs_its_treatment(tmp_path):
    with pytest.raises(DataError, match="treatment") as error:
        compile_rows(tmp_path, WASTEWATER, "2020,4.D.1,domestic_wastewater,100,person,\n")
    assert error.value.column == "treatment"


def test_a_users_factor_row_overrides_a_method_parameter(tmp_path):
    inv = compile_rows(tmp_path, FOD, HISTORY, factors="msw_food,-,k,,,0.1,1/year\n")
    # k = 0.1 instead of 0.185: 2002 → 75 × (1 − e^−0.1) × 0.5 × 16/12
    assert value(inv, year=2002) == pytest.approx(D * (1 - math.exp(-0.1)) * TO_CH4)
    assert "factors.csv:2" in inv.loc[inv["year"] == 2002, "factor_ids"].iloc[0]


def test_biological_treatment(tmp_path):
    inv = compile_rows(tmp_path, "year,category,activity,amount,unit",
                       "2020,4.B,堆肥,1000,t\n2020,4.B,厌氧消化,1000,t\n")
    # composting 1000 t × 4 g/kg = 4 t CH4, × 0.3 g/kg = 0.3 t N2O; digestion 1000 × 0.8 g/kg
    assert value(inv, activity="organic_waste_composted", gas="CH4") == pytest.approx(4.0)
    assert value(inv, activity="organic_waste_composted", gas="N2O") == pytest.approx(0.3)
    assert value(inv, activity="organic_waste_digested", gas="CH4") == pytest.approx(0.8)


def test_landfill_gas_recovery_is_deducted_and_bounded(tmp_path):
    rows = HISTORY + "2003,4.A,landfill_gas_recovered,5,t,,\n"
    inv = compile_rows(tmp_path, FOD, rows)
    generated = (D + D * E) * (1 - E) * TO_CH4            # 2003: 23.195 × 0.5 × 16/12 = 15.46 t CH4
    assert value(inv, year=2003) == pytest.approx(generated - 5)     # (G − R) × (1 − OX 0)
    with pytest.raises(DataError, match="more than") as error:
        compile_rows(tmp_path, FOD, HISTORY + "2003,4.A,landfill_gas_recovered,50,t,,\n")
    assert (error.value.row, error.value.column) == (5, "amount")
