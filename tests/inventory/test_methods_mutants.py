"""Tests written against surviving mutants of the non-energy methods (carbon/inventory/methods):
landfill First Order Decay and waste composition (IPCC 2006 Vol. 5 Ch. 3), rice by the IPCC daily
method (Vol. 4 Ch. 5 Eq. 5.1-5.3), managed soils (Vol. 4 Ch. 11) and refrigerant banks (Vol. 3
Ch. 7 Eq. 7.10-7.14). Expected values are worked by hand from the docstrings' equations and the
shipped factors (quoted in the comments); every error names file, row, column, found, expected."""

import math

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory import DEFAULT_REGION, load_factors, read_activity
from carbon.inventory.methods.agriculture import rice_daily
from carbon.inventory.methods.common import Context, shares
from carbon.inventory.methods.waste import solid_waste_disposal
from tests.inventory.nonenergy import compile_rows, value

# --- waste: shipped factors -------------------------------------------------------------------
# food: DOC 0.15, DOC_f 0.5, k 0.185/yr; MCF managed anaerobic 1.0, uncategorised 0.6; F 0.5;
# OX 0 (IPCC 2006 Vol. 5 Ch. 3 Tables 2.4, 3.1, 3.3, 3.4)
FOD = "year,category,activity,amount,unit,site,composition"
E = math.exp(-0.185)
TO_CH4 = 0.5 * 16 / 12                       # F × 16/12
D = 1000 * 0.15 * 0.5 * 1.0                  # 75 t DDOCm from 1000 t of food, managed site


def error_of(tmp_path, header, rows, **kwargs) -> DataError:
    with pytest.raises(DataError) as error:
        compile_rows(tmp_path, header, rows, **kwargs)
    return error.value


def assert_where(error: DataError, row: int, column: str, *, file: str = "activity.csv"):
    assert str(error.file).endswith(file)
    assert (error.row, error.column) == (row, column)
    assert str(error).startswith(f"{error.file}, row {row}, column '{column}': ")


# --- waste: _waste_types ----------------------------------------------------------------------


def test_an_unknown_waste_type_in_the_composition_names_row_and_column(tmp_path):
    rows = ("2001,4.A,msw,1000,t,managed_anaerobic,food:0.5;inert:0.5\n"
            "2002,4.A,msw,1000,t,managed_anaerobic,food:0.5;metal:0.5\n")
    error = error_of(tmp_path, FOD, rows)
    assert_where(error, 3, "composition")
    assert str(error).endswith(
        ": unknown waste type 'metal' in the composition; expected food, paper, textiles, wood, "
        "garden, nappies, rubber, plastics or inert")


def test_composition_names_with_or_without_the_msw_prefix_add_up(tmp_path):
    # food:0.25 + msw_food:0.25 = half of 2000 t = 1000 t of food, the rest inert (no DOC)
    rows = ("2001,4.A,msw,2000,t,managed_anaerobic,food:0.25;msw_food:0.25;msw_inert:0.5\n"
            "2002,4.A,msw,0,t,managed_anaerobic,food:0.25;msw_food:0.25;msw_inert:0.5\n")
    inv = compile_rows(tmp_path, FOD, rows)
    # 2002: 75 × (1 − e^−k) × F × 16/12, reported under the bulk activity 'msw'
    assert value(inv, year=2002, activity="msw") == pytest.approx(D * (1 - E) * TO_CH4)


def test_a_typed_waste_row_is_converted_to_tonnes(tmp_path):
    # 0.1 万t = 1000 t of food
    rows = ("2001,4.A,msw_food,0.1,万t,managed_anaerobic,\n"
            "2002,4.A,msw_food,0,万t,managed_anaerobic,\n")
    inv = compile_rows(tmp_path, FOD, rows)
    assert value(inv, year=2002) == pytest.approx(D * (1 - E) * TO_CH4)


# --- waste: solid_waste_disposal --------------------------------------------------------------


def context(tmp_path, header, rows, factors=None, **kwargs):
    path = tmp_path / "activity.csv"
    path.write_text(header + "\n" + rows, encoding="utf-8")
    library = load_factors(factors or ())
    activity = read_activity([path], known_activities=library["activity"].unique())
    return activity, Context(library, DEFAULT_REGION, **kwargs)


def test_fod_timing_defaults_to_the_next_year_convention(tmp_path):
    # a Context without options: deposits start to decay the year after (IPCC 2006 default)
    rows = ("2001,4.A,msw_food,1000,t,managed_anaerobic,\n"
            "2002,4.A,msw_food,0,t,managed_anaerobic,\n")
    activity, ctx = context(tmp_path, FOD, rows)
    assert ctx.options == {}
    out = solid_waste_disposal(activity, ctx)
    by_year = {r["year"]: r["emissions_t"] for r in out}
    assert by_year[2001] == 0.0
    assert by_year[2002] == pytest.approx(D * (1 - E) * TO_CH4)
    assert {r["activity"] for r in out} == {"msw_food"}
    same_year = solid_waste_disposal(activity, Context(ctx.factors, DEFAULT_REGION,
                                                       options={"fod_timing": "same_year"}))
    assert same_year[0]["emissions_t"] == pytest.approx(D * (1 - E) * TO_CH4)


def test_an_unknown_fod_timing_is_refused(tmp_path):
    error = error_of(tmp_path, FOD, "2001,4.A,msw_food,1000,t,,\n",
                     options={"fod_timing": "previous_year"})
    assert str(error) == ("unknown FOD timing 'previous_year', expected one of next_year, "
                          "same_year")


def test_recovery_without_deposits_names_the_first_recovery_row(tmp_path):
    rows = ("2020,4.A,landfill_gas_recovered,5,t,,\n"
            "2021,4.A,landfill_gas_recovered,5,t,,\n")
    error = error_of(tmp_path, FOD, rows)
    assert_where(error, 2, "activity")
    assert str(error).endswith(": landfill gas recovery is given without any deposition "
                               "history (4.A rows of waste)")


def test_the_default_site_is_uncategorised(tmp_path):
    # no site: MCF uncategorised 0.6 → DDOCm 1000 × 0.15 × 0.5 × 0.6 = 45 t
    rows = "2001,4.A,msw_food,1000,t,,\n2002,4.A,msw_food,0,t,,\n"
    inv = compile_rows(tmp_path, FOD, rows)
    assert value(inv, year=2002) == pytest.approx(45 * (1 - E) * TO_CH4)
    assert "ipcc06_mcf_4A_uncategorised" in inv.loc[inv["year"] == 2002, "factor_ids"].iloc[0]


def test_oxidation_reduces_generation_and_recovery_alike(tmp_path):
    # a user's OX 0.1: CH4 emitted = (generated − recovered) × 0.9 (Eq. 3.1); the recovery row
    # is −R × (1 − OX), reported in its own year, which extends the series to 2004
    rows = ("2001,4.A,msw_food,1000,t,managed_anaerobic,\n"
            "2002,4.A,msw_food,1000,t,managed_anaerobic,\n"
            "2004,4.A,landfill_gas_recovered,2,t,,\n")
    inv = compile_rows(tmp_path, FOD, rows, factors="solid_waste_disposal,-,ox,4.A,,0.1,\n")
    assert sorted(inv["year"].unique()) == [2001, 2002, 2003, 2004]
    assert value(inv, year=2002, activity="msw_food") == pytest.approx(
        D * (1 - E) * TO_CH4 * 0.9)
    # 2004: stock after 2002 = 75 + 75 e^−k, decaying two more years
    generated_2004 = (D + D * E) * E * (1 - E) * TO_CH4
    assert value(inv, year=2004, activity="msw_food") == pytest.approx(generated_2004 * 0.9)
    assert value(inv, year=2004, activity="landfill_gas_recovered") == pytest.approx(-2 * 0.9)
    recovered = inv[inv["activity"] == "landfill_gas_recovered"].iloc[0]
    assert recovered["category"] == "4.A" and recovered["gas"] == "CH4"
    assert "factors.csv:2" in recovered["factor_ids"]


def test_an_oxidation_factor_with_a_unit_is_refused_naming_the_factor_row(tmp_path):
    error = error_of(tmp_path, FOD, "2001,4.A,msw_food,1000,t,,\n",
                     factors="solid_waste_disposal,-,ox,4.A,,0.1,t\n")
    assert_where(error, 2, "unit", file="factors.csv")
    assert str(error).endswith(": 't' cannot be converted to '': parameter 'ox' of "
                               "'solid_waste_disposal' must be in 'a pure number'")


def test_the_series_runs_on_to_the_latest_requested_year(tmp_path):
    rows = "2001,4.A,msw_food,1000,t,managed_anaerobic,\n"
    inv = compile_rows(tmp_path, FOD, rows, years=[2003])
    # 2003: 75 e^−k (1 − e^−k) × F × 16/12
    assert sorted(inv["year"].unique()) == [2001, 2002, 2003]
    assert value(inv, year=2003) == pytest.approx(D * E * (1 - E) * TO_CH4)


def test_recovery_above_generation_says_how_much_of_each(tmp_path):
    rows = ("2001,4.A,msw_food,1000,t,managed_anaerobic,\n"
            "2002,4.A,landfill_gas_recovered,1000,t,,\n")
    error = error_of(tmp_path, FOD, rows)
    # 2002 generates 75 × (1 − e^−0.185) × 0.5 × 16/12 = 8.4448 t CH4
    assert_where(error, 3, "amount")
    assert str(error).endswith(": 1,000.0 t CH4 recovered in 2002, more than the 8.4 t the "
                               "deposition history generates that year")


# --- agriculture: rice ------------------------------------------------------------------------
# IPCC daily method: EF_c 1.32 kg/ha/d (East Asia), SF_w continuously flooded 1.0, multiple
# drainage 0.55; SF_p not flooded short 1.0, not flooded long 0.68; CFOA straw long 0.29
RICE = "year,category,activity,amount,unit,method,season_days,water_regime,preseason,organic"


def test_rice_under_both_methods_names_the_last_row_of_that_type_and_year(tmp_path):
    rows = ("2020,3.C.7,rice_late,100,ha,,,,,\n"
            "2020,3.C.7,rice_late,100,ha,ipcc_daily,100,,,\n"
            "2020,3.C.7,rice_early,100,ha,,,,,\n"
            "2021,3.C.7,rice_late,100,ha,,,,,\n")
    error = error_of(tmp_path, RICE, rows)
    assert_where(error, 3, "method")
    assert str(error).endswith(": rice 'rice_late' in 2020 is given under both the Chinese "
                               "seasonal factor and the IPCC daily method: it would be counted "
                               "twice; keep one")


def test_one_rice_type_under_each_method_in_different_years_is_allowed(tmp_path):
    rows = ("2020,3.C.7,rice_late,100,ha,,,,,\n"
            "2021,3.C.7,rice_late,100,ha,ipcc_daily,100,,,\n")
    inv = compile_rows(tmp_path, RICE, rows)
    # 2020 seasonal 100 ha × 273.2 kg; 2021 daily 100 ha × 100 d × 1.32 × 1.0 (flooded) kg
    assert value(inv, year=2020) == pytest.approx(27.32)
    assert value(inv, year=2021) == pytest.approx(13.2)


@pytest.mark.parametrize(("days", "tonnes"), [("1", 0.132), ("0.5", 0.066), ("366", 48.312)])
def test_season_days_from_a_fraction_of_a_day_up_to_366(tmp_path, days, tonnes):
    # 100 ha × days × 1.32 kg/ha/d × 1.0 × 1.0 (defaults: continuously flooded, not flooded
    # short before the season) / 1000
    inv = compile_rows(tmp_path, RICE, f"2020,3.C.7,rice_late,100,ha,ipcc_daily,{days},,,\n")
    assert value(inv) == pytest.approx(tonnes)


@pytest.mark.parametrize("days", ["0", "-3", "367", "ninety"])
def test_season_days_outside_the_year_are_refused(tmp_path, days):
    error = error_of(tmp_path, RICE, f"2020,3.C.7,rice_late,100,ha,ipcc_daily,{days},,,\n")
    assert_where(error, 2, "season_days")
    assert str(error).endswith(f": found '{days}', expected a season length in days (1 to 366)")


def test_season_days_from_a_library_row_when_the_cell_is_empty(tmp_path):
    # a library row season_days = 100 d for rice_late (added to the library frame in memory;
    # test_user_factor_rules gives one in a user's factor file):
    # 100 ha × 100 d × 1.32 kg/ha/d × 1.0 × 1.0 = 13,200 kg; 14.2857 weeks are the same 100 d
    activity, ctx = context(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,,,,\n")
    for days, unit in ((100.0, "d"), (100 / 7, "week")):
        library = ctx.factors
        extra = library[library["factor_id"] == "ipcc19_efc_3C7_east_asia"].assign(
            factor_id="season_rice_late", activity="rice_late", parameter="season_days",
            region="", value=days, unit=unit)
        with_days = Context(pd.concat([extra, library], ignore_index=True), DEFAULT_REGION)
        out = rice_daily(activity, with_days)
        assert out[0]["emissions_t"] == pytest.approx(13.2)
        assert out[0]["factor_ids"].split(";")[0] == "season_rice_late"


def test_without_a_water_regime_the_field_is_continuously_flooded(tmp_path):
    # SF_w continuously flooded 1.0 (not multiple drainage 0.55): 100 × 90 × 1.32 = 11.88 t
    inv = compile_rows(tmp_path, "year,category,activity,amount,unit,method,season_days",
                       "2020,3.C.7,rice_late,100,ha,ipcc_daily,90\n")
    assert value(inv) == pytest.approx(11.88)
    assert "ipcc19_sfw_3C7_continuously_flooded" in inv["factor_ids"].iloc[0]
    assert "ipcc06_sfp_3C7_not_flooded_short" in inv["factor_ids"].iloc[0]


def test_water_regime_preseason_and_amendments_scale_the_daily_factor(tmp_path):
    # 100 ha × 90 d × 1.32 × SF_w 0.55 × SF_p 0.68 × (1 + 2 × 0.29)^0.59 = 5,819.63 kg
    rows = "2020,3.C.7,rice_late,100,ha,ipcc_daily,90,multiple_drainage,not_flooded_long," \
           "straw_long:2\n"
    inv = compile_rows(tmp_path, RICE, rows)
    expected = 100 * 90 * 1.32 * 0.55 * 0.68 * 1.58 ** 0.59 / 1000
    assert expected == pytest.approx(5.81963, rel=1e-5)
    assert value(inv) == pytest.approx(expected)


def test_a_bad_organic_amendment_is_refused(tmp_path):
    error = error_of(tmp_path, RICE,
                     "2020,3.C.7,rice_late,100,ha,ipcc_daily,90,,,straw_long:lots\n")
    assert_where(error, 2, "organic")
    assert str(error).endswith(": found 'straw_long:lots', expected amendment:t_per_ha (e.g. "
                               "'straw_short:2.5')")


# --- agriculture: soils -----------------------------------------------------------------------


def test_crop_residue_n_has_leaching_but_no_volatilisation(tmp_path):
    # direct: 100 t N × EF1 0.006 × 44/28 = 0.942857 t N2O (3.C.4)
    # indirect: 100 × (0 × EF4 + Frac_LEACH 0.24 × EF5 0.011) × 44/28 = 0.414857 t N2O (3.C.5)
    inv = compile_rows(tmp_path, "year,category,activity,amount,unit",
                       "2020,3.C.4,crop_residue_n,100,t\n")
    assert value(inv, category="3.C.4") == pytest.approx(0.942857, abs=1e-6)
    assert value(inv, category="3.C.5") == pytest.approx(0.414857, abs=1e-6)
    indirect = inv[inv["category"] == "3.C.5"].iloc[0]
    assert indirect["activity"] == "crop_residue_n" and indirect["gas"] == "N2O"
    assert indirect["scope"] == 1 and indirect["year"] == 2020


def test_n_input_under_the_indirect_category_is_refused(tmp_path):
    error = error_of(tmp_path, "year,category,activity,amount,unit",
                     "2020,3.C.4,synthetic_n,1,t\n2020,3.C.5,synthetic_n,1,t\n")
    assert_where(error, 3, "category")
    assert str(error).endswith(": found category 3.C.5 for N input 'synthetic_n', expected "
                               "3.C.4: enter N inputs once under 3.C.4; their indirect N2O "
                               "(3.C.5) is computed from them")


# --- F-gases: refrigeration -------------------------------------------------------------------
BANK = "year,category,activity,amount,unit,species,stage"
BANK_FACTORS = ("hfc_stationary_ac,-,leak_charge,,,0.01,\n"      # k 1 %
                "hfc_stationary_ac,-,leak_bank,,,0.1,1/year\n"   # x 10 %/yr
                "hfc_stationary_ac,-,eol_remaining,,,0.5,\n"     # p 50 %
                "hfc_stationary_ac,-,eol_recovery,,,0.2,\n")     # η 20 %


def test_a_blend_whose_fractions_do_not_add_up_names_the_factor_row(tmp_path):
    # a user's R-410A of 50 % HFC-32 and 40 % HFC-125 (its rows win over the shipped 50/50)
    factors = BANK_FACTORS + ("refrigerant_blends,HFC-32,blend:R-410A,2.F.1,,0.5,\n"
                              "refrigerant_blends,HFC-125,blend:R-410A,2.F.1,,0.4,\n")
    error = error_of(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                     factors=factors)
    assert_where(error, 6, "value", file="factors.csv")
    assert str(error).endswith(": the mass fractions of blend R-410A add up to 0.9, expected 1 "
                               "(within 0.1%)")


def test_a_users_blend_rows_win_over_the_shipped_ones(tmp_path):
    # R-410A as 60/40: 1 t charged → 0.11 t of refrigerant (as below) → 0.066 + 0.044 t
    factors = BANK_FACTORS + ("refrigerant_blends,HFC-32,blend:R-410A,2.F.1,,0.6,\n"
                              "refrigerant_blends,HFC-125,blend:R-410A,2.F.1,,0.4,\n")
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                       factors=factors)
    assert value(inv, gas="HFC-32") == pytest.approx(0.066)
    assert value(inv, gas="HFC-125") == pytest.approx(0.044)
    assert "factors.csv:6" in inv.loc[inv["gas"] == "HFC-32", "factor_ids"].iloc[0]


def test_a_year_without_rows_inside_a_series_keeps_the_bank_leaking(tmp_path):
    # 2020: B = 10, E = 10 × 0.01 + 10 × 0.1 = 1.1; 2021 (no row): B = 10, E = 1.0;
    # 2022: B = 20, E = 0.1 + 2.0 = 2.1
    rows = ("2020,2.F.1,hfc_stationary_ac,10,t,HFC-134a,charge\n"
            "2022,2.F.1,hfc_stationary_ac,10,t,HFC-134a,charge\n")
    inv = compile_rows(tmp_path, BANK, rows, factors=BANK_FACTORS)
    assert sorted(inv["year"].unique()) == [2020, 2021, 2022]
    for year, expected in ((2020, 1.1), (2021, 1.0), (2022, 2.1)):
        assert value(inv, year=year) == pytest.approx(expected)


def test_a_bank_falling_below_zero_names_the_first_row_of_the_series(tmp_path):
    rows = ("2020,2.F.1,hfc_stationary_ac,5,t,HFC-134a,charge\n"
            "2021,2.F.1,hfc_stationary_ac,10,t,HFC-134a,retire\n")
    error = error_of(tmp_path, BANK, rows, factors=BANK_FACTORS)
    assert_where(error, 2, "amount")
    assert str(error).endswith(": the HFC-134a bank of hfc_stationary_ac falls below zero in "
                               "2021: more charge retired than was ever installed")


def test_retiring_the_whole_bank_is_allowed(tmp_path):
    # 2020: B = 5, E = 0.05 + 0.5 = 0.55; 2021: B = 0, E = 5 × 0.5 × (1 − 0.2) = 2.0
    rows = ("2020,2.F.1,hfc_stationary_ac,5,t,HFC-134a,charge\n"
            "2021,2.F.1,hfc_stationary_ac,5,t,HFC-134a,retire\n")
    inv = compile_rows(tmp_path, BANK, rows, factors=BANK_FACTORS)
    assert value(inv, year=2020) == pytest.approx(0.55)
    assert value(inv, year=2021) == pytest.approx(2.0)


def test_refrigeration_row_errors_name_row_and_column(tmp_path):
    error = error_of(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,5,t,,charge\n",
                     factors=BANK_FACTORS)
    assert_where(error, 2, "species")
    assert str(error).endswith(": empty cell, expected the refrigerant species (e.g. HFC-134a)")
    error = error_of(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,5,t,HFC-32,install\n",
                     factors=BANK_FACTORS)
    assert_where(error, 2, "stage")
    assert str(error).endswith(": found 'install', expected one of charge, manufacture, retire, "
                               "bank")


def test_without_a_stage_a_row_is_a_charge(tmp_path):
    # 10 t charged: 10 × 0.01 + bank 10 × 0.1 = 1.1 t
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,10,t,HFC-32,\n",
                       factors=BANK_FACTORS)
    assert value(inv) == pytest.approx(1.1)


def test_a_bank_row_in_a_later_year_resets_the_bank(tmp_path):
    # 2020: 10 t charged, B = 10, E = 0.1 + 1.0 = 1.1; 2021: the bank is 50 t at the start,
    # B = 50 + 0 − 0, E = 50 × 0.1 = 5.0; 2022 (a manufacture row only): B stays 50,
    # E = 20 × 0.01 + 5.0 = 5.2 (the products sold carry no bank)
    rows = ("2020,2.F.1,hfc_stationary_ac,10,t,HFC-32,charge\n"
            "2021,2.F.1,hfc_stationary_ac,50,t,HFC-32,bank\n"
            "2022,2.F.1,hfc_stationary_ac,20,t,HFC-32,manufacture\n")
    inv = compile_rows(tmp_path, BANK, rows, factors=BANK_FACTORS)
    for year, expected in ((2020, 1.1), (2021, 5.0), (2022, 5.2)):
        assert value(inv, year=year) == pytest.approx(expected)


# --- common: Context.param and shares ---------------------------------------------------------


def test_a_missing_method_parameter_names_the_activity_row(tmp_path):
    # no 'sf_w:terraced' row in the library, neither for rice_late nor for rice_paddy
    error = error_of(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,90,,,\n"
                     "2020,3.C.7,rice_early,100,ha,ipcc_daily,90,terraced,,\n")
    assert_where(error, 3, "activity")
    assert str(error).endswith(": no 'sf_w:terraced' factor (gas -) for activity 'rice_early' in "
                               "category 3.C.7 (region hunan): add a row with --factors")


def test_param_without_a_record_gives_the_bare_message_and_region_any():
    ctx = Context(load_factors(), None)
    with pytest.raises(DataError) as error:
        ctx.param("rice_late", "-", "sf_w:terraced", "", category="3.C.7", year=2020, used=[])
    assert str(error.value) == ("no 'sf_w:terraced' factor (gas -) for activity 'rice_late' in "
                                "category 3.C.7 (region any): add a row with --factors")
    assert error.value.file is None and error.value.row is None
    # the default activity is looked up when the activity has none of its own; the id is noted
    used: list[str] = []
    assert ctx.param("rice_late", "-", "sf_w:multiple_drainage", "", category="3.C.7",
                     year=2020, used=used, default_activity="rice_paddy") == 0.55
    assert used == ["ipcc19_sfw_3C7_multiple_drainage"]


def test_param_converts_to_the_unit_the_equation_needs():
    # EF_c 1.32 kg/ha/d = 0.00132 t/ha/d
    ctx = Context(load_factors(), DEFAULT_REGION)
    used: list[str] = []
    assert ctx.param("rice_paddy", "-", "ef_daily", "t/ha/d", category="3.C.7", year=2020,
                     used=used) == pytest.approx(0.00132)
    assert used == ["ipcc19_efc_3C7_east_asia"]


def record(cell, column="ms_shares"):
    return pd.Series({"file": "act.csv", "row": 7, column: cell})


@pytest.mark.parametrize(("cell", "expected"), [
    ("liquid_slurry:0.55;solid_storage:0.45", {"liquid_slurry": 0.55, "solid_storage": 0.45}),
    ("liquid_slurry:55%;solid_storage:45%", {"liquid_slurry": 0.55, "solid_storage": 0.45}),
    (" liquid_slurry : 55 % ; solid_storage:0.45;", {"liquid_slurry": 0.55,
                                                     "solid_storage": 0.45}),
    ("a:0.25;;a:0.25;b:0.5", {"a": 0.5, "b": 0.5}),
    ("a:0.9995", {"a": 0.9995}),                         # within 0.1 % of 1
])
def test_shares_read_fractions_and_percent(cell, expected):
    assert shares(record(cell), "ms_shares") == pytest.approx(expected)


@pytest.mark.parametrize(("cell", "message"), [
    ("", "empty cell, expected shares such as 'liquid_slurry:0.55;solid_storage:0.45'"),
    ("a:0.5;b", "found 'b', expected name:share (e.g. 'solid_storage:0.30')"),
    ("a:half;b:0.5", "found 'a:half', expected name:share (e.g. 'solid_storage:0.30')"),
    ("a:1.5;b:-0.5", "found share -0.5 for 'b', expected a number >= 0"),
    ("a:inf", "found share inf for 'a', expected a number >= 0"),
    ("a:0.5;b:0.498", "the shares add up to 0.998, expected 1 (within 0.1%)"),
    ("a:55;b:45", "the shares add up to 100, expected 1 (within 0.1%)"),
])
def test_bad_shares_name_file_row_and_column(cell, message):
    with pytest.raises(DataError) as error:
        shares(record(cell), "ms_shares")
    assert str(error.value) == f"act.csv, row 7, column 'ms_shares': {message}"


def test_manure_shares_in_percent_give_the_fraction_result(tmp_path):
    # swine, Asia (IPCC 2019): VS = 5.8 kg/t/d × 0.058 t × 365; B0 0.45; MCF liquid/slurry
    # 0.29, solid storage 0.04: CH4 = 1000 × VS × 0.45 × 0.67 × (0.5 × 0.29 + 0.5 × 0.04) kg
    header = "year,category,activity,amount,unit,ms_shares"
    inv = compile_rows(tmp_path, header,
                       "2020,3.A.2,swine,1000,head,liquid_slurry:50%;solid_storage:50%\n")
    vs = 5.8 * 0.058 * 365
    assert value(inv, category="3.A.2", gas="CH4") == pytest.approx(
        1000 * vs * 0.45 * 0.67 * (0.5 * 0.29 + 0.5 * 0.04) / 1000)
