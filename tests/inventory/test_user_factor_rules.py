"""What a user's ``--factors`` file may give, worked by hand.

1. The method parameters the methods read are accepted from a user's file (``season_days`` of the
   IPCC daily rice method), and so is ``name:qualifier`` for a name the library qualifies (a new
   refrigerant blend ``blend:R-999X``, a new water regime ``sf_w:...``); typos are still refused
   with the nearest known name.
2. A user's rows of a blend are the whole blend: shipped species the user does not list are gone.
3. ``nearest`` gives back the spelling of the known name, not its lower-cased form.

Shipped values used (data/emission_factors/agriculture.csv, fgas.csv, gwp.csv):
* rice, IPCC daily method (module docstring of carbon/inventory/methods/agriculture.py: IPCC 2006
  Vol. 4 Ch. 5 Eq. 5.1-5.3 with the 2019 Refinement values),
  ``CH4 [kg] = A [ha] x t [d] x EF_c x SF_w x SF_p x SF_o``:
  EF_c 1.32 kg CH4/ha/d (East Asia, region CN), SF_w continuously flooded 1.0 (the default),
  SF_p not flooded short 1.0 (the default), SF_o 1 (no amendment);
* R-410A = HFC-32 / HFC-125 50/50 by mass (ASHRAE 34);
* GWP-100 AR5: HFC-32 677, HFC-125 3170, HFC-134a 1300.
"""

import pytest

from carbon.errors import DataError
from carbon.inventory import load_factors
from carbon.inventory.vocabulary import nearest
from tests.inventory.nonenergy import compile_rows, value

EXPECTED_PARAMETER = ("expected ef, ncv, carbon_content, oxidation or a method parameter "
                      "(data/emission_factors/README.md)")
QUALIFIED = ("blend, cfoa, frac_gasm, frac_leach, mcf, mcf_2006, mcf_2019, ms_ef3, ms_mcf, sf_p, "
             "sf_w")


def error_of(tmp_path, header, rows, **kwargs) -> DataError:
    with pytest.raises(DataError) as error:
        compile_rows(tmp_path, header, rows, **kwargs)
    return error.value


def assert_message(error: DataError, tmp_path, file: str, row: int, column: str, message: str):
    """One line: file, row (header = row 1), column, then what was found and expected."""
    assert (error.row, error.column) == (row, column)
    assert str(error) == f"{tmp_path / file}, row {row}, column '{column}': {message}"
    assert "\n" not in str(error)


def load_user_rows(tmp_path, rows: str):
    path = tmp_path / "user.csv"
    path.write_text("activity,gas,parameter,category,region,value,unit\n" + rows,
                    encoding="utf-8")
    return load_factors((path,))


# --- 1. season_days from a user's factor file (IPCC daily rice method) -------------------------
RICE = "year,category,activity,amount,unit,method,season_days"
SEASON_120 = "rice_late,-,season_days,3.C.7,,120,d\n"


def test_a_users_season_days_row_gives_the_season_when_the_cell_is_empty(tmp_path):
    inv = compile_rows(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,\n",
                       factors=SEASON_120)
    # 100 ha x 120 d x 1.32 kg/ha/d x 1.0 x 1.0 x 1 = 15,840 kg = 15.84 t CH4
    assert value(inv, activity="rice_late", gas="CH4") == pytest.approx(15.84)
    # the user's row (factors.csv, row 2) is the first factor used
    assert inv["factor_ids"].iloc[0].split(";")[0] == "factors.csv:2"


def test_a_users_season_days_row_in_weeks_is_converted_to_days(tmp_path):
    inv = compile_rows(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,\n",
                       factors="rice_late,-,season_days,3.C.7,,15,week\n")
    # 15 weeks = 105 d: 100 ha x 105 d x 1.32 kg/ha/d = 13,860 kg = 13.86 t CH4
    assert value(inv, gas="CH4") == pytest.approx(13.86)


def test_the_season_days_cell_wins_over_a_users_season_days_row(tmp_path):
    inv = compile_rows(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,90\n",
                       factors=SEASON_120)
    # the cell's 90 d, not the row's 120 d: 100 x 90 x 1.32 = 11,880 kg = 11.88 t
    assert value(inv, gas="CH4") == pytest.approx(11.88)
    assert "factors.csv:2" not in inv["factor_ids"].iloc[0]


def test_a_negative_season_days_row_is_refused(tmp_path):
    # every factor value is checked >= 0 when the file is read (before the method ranges)
    error = error_of(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,\n",
                     factors="rice_late,-,season_days,3.C.7,,-5,d\n")
    assert_message(error, tmp_path, "factors.csv", 2, "value",
                   "found -5, expected a number >= 0")


@pytest.mark.parametrize("days", ["0", "400"])
def test_a_season_days_row_outside_one_season_is_refused(tmp_path, days):
    # 0 d would silently give no methane; 400 d is longer than a leap year
    error = error_of(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,\n",
                     factors=f"rice_late,-,season_days,3.C.7,,{days},d\n")
    assert_message(error, tmp_path, "factors.csv", 2, "value",
                   f"parameter 'season_days' of activity 'rice_late' is {days}, expected a "
                   "season length in days (more than 0, at most 366)")


def test_a_new_blends_fraction_above_one_is_refused_by_its_range(tmp_path):
    # 'blend' is a fraction (FRACTIONS of carbon/inventory/methods/common.py): 0 to 1; the
    # ranges are checked when a method row is compiled (here a bank of HFC-134a)
    factors = "refrigerant_blends,HFC-32,blend:R-999X,2.F.1,,1.5,\n"
    error = error_of(tmp_path, "year,category,activity,amount,unit,species",
                     "2020,2.F.1,hfc_stationary_ac,1,t,HFC-134a\n", factors=factors)
    assert_message(error, tmp_path, "factors.csv", 2, "value",
                   "parameter 'blend:R-999X' of activity 'refrigerant_blends' is 1.5, expected "
                   "a fraction between 0 and 1")


def test_a_season_days_row_in_tonnes_is_refused_naming_the_factor_row(tmp_path):
    error = error_of(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,\n",
                     factors="rice_late,-,season_days,3.C.7,,120,t\n")
    assert (error.row, error.column) == (2, "unit")
    assert str(error).startswith(f"{tmp_path / 'factors.csv'}, row 2, column 'unit': ")
    assert str(error).endswith(": parameter 'season_days' of 'rice_late' must be in 'd'")


@pytest.mark.parametrize("parameter", [
    "season_days",                # NON_NEGATIVE: rice_daily reads it (agriculture.py)
    "growth",                     # NON_NEGATIVE: forest growth read by land.py
    "blend:R-999X",               # a new blend: 'blend' is qualified in fgas.csv
    "sf_w:new_regime",            # a new water regime: 'sf_w' is qualified in agriculture.csv
    "ms_mcf:new_system",          # a new manure system
    "mcf_2019:new_treatment",     # a new wastewater treatment
])
def test_method_parameters_and_qualified_names_are_accepted(tmp_path, parameter):
    library = load_user_rows(tmp_path, f"rice_late,-,{parameter},,,0.5,\n")
    user = library[library["user"]]
    assert list(user["parameter"]) == [parameter]
    assert float(user["value"].iloc[0]) == 0.5


@pytest.mark.parametrize(("parameter", "message"), [
    # a true typo keeps its nearest-known hint: 'season_dayz' is one letter from 'season_days'
    ("season_dayz", f"unknown parameter 'season_dayz' (nearest known: season_days, ef_daily); "
                    f"{EXPECTED_PARAMETER}"),
    # a misspelt name before the qualifier: the hint keeps the user's qualifier
    ("blnd:R-999X", f"unknown parameter 'blnd:R-999X' (nearest known: blend:R-999X); expected "
                    f"one of {QUALIFIED} before the ':'"),
    # 'ef' is known but is never read with a qualifier: an 'ef:diesel' row would be unused
    ("ef:diesel", f"unknown parameter 'ef:diesel' (nearest known: ef); expected one of "
                  f"{QUALIFIED} before the ':'"),
    # a qualifier needs a name after the ':'; a bare 'blend' is read by no method
    ("blend:", f"unknown parameter 'blend:' (nearest known: blend:R-507A, blend:R-410A, "
               f"blend:R-407C); {EXPECTED_PARAMETER}"),
    ("blend", f"unknown parameter 'blend' (nearest known: blend:R-507A, blend:R-410A, "
              f"blend:R-407C); {EXPECTED_PARAMETER}"),
])
def test_typos_are_still_refused_with_the_nearest_known(tmp_path, parameter, message):
    path = tmp_path / "user.csv"
    path.write_text("activity,gas,parameter,value,unit\n"
                    "rice_late,-,ef_daily,1.3,kg/ha/d\n"
                    f"refrigerant_blends,HFC-32,{parameter},0.5,\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_factors((path,))
    assert_message(error.value, tmp_path, "user.csv", 3, "parameter", message)


# --- 1b and 2. refrigerant blends from a user's factor file ------------------------------------
BANK = "year,category,activity,amount,unit,species,stage"
BANK_FACTORS = ("hfc_stationary_ac,-,leak_charge,,,0.01,\n"      # k 1 %       (factors.csv:2)
                "hfc_stationary_ac,-,leak_bank,,,0.1,1/year\n"   # x 10 %/yr   (:3)
                "hfc_stationary_ac,-,eol_remaining,,,0.5,\n"     # p 50 %      (:4)
                "hfc_stationary_ac,-,eol_recovery,,,0.2,\n")     # eta 20 %    (:5)
# 1 t charged in the year: E = 1 x k + bank 1 x x = 0.01 + 0.1 = 0.11 t of refrigerant


def test_a_new_blend_from_a_users_file_is_split_and_shipped_blends_keep_theirs(tmp_path):
    factors = BANK_FACTORS + ("refrigerant_blends,HFC-32,blend:R-999X,2.F.1,,0.3,\n"      # :6
                              "refrigerant_blends,HFC-134a,blend:R-999X,2.F.1,,0.7,\n")   # :7
    rows = ("2020,2.F.1,hfc_stationary_ac,1,t,R-999X,charge\n"
            "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n")
    inv = compile_rows(tmp_path, BANK, rows, factors=factors)
    # R-999X: 0.11 x 0.3 = 0.033 t HFC-32, 0.11 x 0.7 = 0.077 t HFC-134a
    # R-410A (shipped 50/50): 0.055 t HFC-32, 0.055 t HFC-125
    assert value(inv, gas="HFC-32") == pytest.approx(0.033 + 0.055)
    assert value(inv, gas="HFC-134a") == pytest.approx(0.077)
    assert value(inv, gas="HFC-125") == pytest.approx(0.055)
    # AR5: 0.088 x 677 + 0.077 x 1300 + 0.055 x 3170 = 59.576 + 100.1 + 174.35 = 334.026 t CO2e
    assert value(inv, column="co2e_t") == pytest.approx(334.026)
    r999x = inv[inv["gas"] == "HFC-134a"]["factor_ids"].iloc[0]
    assert r999x.split(";")[-1] == "factors.csv:7"


def test_a_users_blend_with_other_species_replaces_the_whole_shipped_blend(tmp_path):
    # R-410A redefined as HFC-32 / HFC-134a 50/50: the shipped HFC-125 half is not kept
    # (before: 0.5 + 0.5 + shipped 0.5 = 1.5, refused as not adding up to 1)
    factors = BANK_FACTORS + ("refrigerant_blends,HFC-32,blend:R-410A,2.F.1,,0.5,\n"      # :6
                              "refrigerant_blends,HFC-134a,blend:R-410A,2.F.1,,0.5,\n")   # :7
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                       factors=factors)
    # 0.11 t x 0.5 = 0.055 t HFC-32 and 0.055 t HFC-134a; no HFC-125
    assert sorted(inv["gas"]) == ["HFC-134a", "HFC-32"]
    assert value(inv, gas="HFC-32") == pytest.approx(0.055)
    assert value(inv, gas="HFC-134a") == pytest.approx(0.055)
    # AR5: 0.055 x 677 + 0.055 x 1300 = 37.235 + 71.5 = 108.735 t CO2e
    assert value(inv, column="co2e_t") == pytest.approx(108.735)
    assert not inv["factor_ids"].str.contains("ashrae_").any()


def test_a_users_blend_of_one_species_is_that_species(tmp_path):
    # R-410A given as pure HFC-32: all 0.11 t is HFC-32 (0.11 x 677 = 74.47 t CO2e)
    factors = BANK_FACTORS + "refrigerant_blends,HFC-32,blend:R-410A,2.F.1,,1,\n"
    inv = compile_rows(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                       factors=factors)
    assert list(inv["gas"]) == ["HFC-32"]
    assert value(inv, column="co2e_t") == pytest.approx(74.47)


def test_a_users_blend_is_added_up_without_the_shipped_rows(tmp_path):
    # the user's R-410A: HFC-32 0.7 alone adds up to 0.7 (not 0.7 + shipped HFC-125 0.5 = 1.2)
    factors = BANK_FACTORS + "refrigerant_blends,HFC-32,blend:R-410A,2.F.1,,0.7,\n"       # :6
    error = error_of(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n",
                     factors=factors)
    assert_message(error, tmp_path, "factors.csv", 6, "value",
                   "the mass fractions of blend R-410A add up to 0.7, expected 1 (within 0.1%)")


def test_a_new_blends_species_needs_a_gwp(tmp_path):
    factors = BANK_FACTORS + ("refrigerant_blends,HFC-32,blend:R-999X,2.F.1,,0.5,\n"
                              "refrigerant_blends,HFC-999,blend:R-999X,2.F.1,,0.5,\n")    # :7
    error = error_of(tmp_path, BANK, "2020,2.F.1,hfc_stationary_ac,1,t,R-999X,charge\n",
                     factors=factors)
    assert (error.row, error.column) == (7, "gas")
    assert str(error).startswith(f"{tmp_path / 'factors.csv'}, row 7, column 'gas': "
                                 "unknown gas 'HFC-999'")


# --- 3. nearest keeps the spelling of the known names ------------------------------------------


def test_nearest_falls_back_to_lower_case_but_answers_in_the_original_spelling():
    # 'COAL' vs 'Coal' by exact case: only 'C' matches, 2 x 1 / 8 = 0.25 < 0.5; lower-cased
    # 'coal' = 'coal' (ratio 1): the answer is the choice as spelt, 'Coal'
    assert nearest("COAL", ["Coal"]) == ["Coal"]
    # lower-cased: 'coal' 1.0 (both spellings), 'coke' 2 x 2 / 8 = 0.5, 'diesel' 0.2 < 0.3
    assert nearest("COAL", ["Coal", "coal", "Coke", "Diesel"]) == ["Coal", "coal", "Coke"]
    assert nearest("COAL", ["Coal", "coal", "Coke", "Diesel"], n=1) == ["Coal"]
    assert nearest("COAL", ["Diesel", "Coke", "Coal"]) == ["Coal", "Coke"]
    assert nearest("xyz", ["Coal", "Diesel"]) == []


def test_an_unknown_gas_in_lower_case_is_told_the_gas_as_spelt(tmp_path):
    # 'sf6' vs 'SF6' by exact case: only '6' matches, 2 x 1 / 6 = 0.33 < 0.5 (and no other gas
    # reaches 0.5); lower-cased: 'sf6' 1.0, 'c2f6' 2 x 2 / 7 = 0.571, 'c7f16' 2 x 2 / 8 = 0.5
    path = tmp_path / "user.csv"
    path.write_text("activity,gas,parameter,value,unit\nhfc_stationary_ac,sf6,ef,1,t/t\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_factors((path,))
    assert_message(error.value, tmp_path, "user.csv", 2, "gas",
                   "unknown gas 'sf6' (nearest known: SF6, C2F6, C7F16); a gas needs a GWP in "
                   "data/emission_factors/gwp.csv")
