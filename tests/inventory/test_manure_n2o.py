"""Manure N2O, direct (3.A.2) and indirect (3.C.6), worked by hand from the shipped factors.

IPCC 2019 Refinement Vol.4 Ch.10 Tier 1 (Eq. 10.25, 10.30) and IPCC 2006 Vol.4 Ch.10 Eq. 10.26–10.29
with the 2019 values, for one herd of 20,000 goats, manure 60% solid storage, 40% daily spread:

* TAM 24 kg (Annex 10A.1, Asia), N rate 0.34 kg N/t mass/d (Table 10.19, Asia):
  Nex = 0.34 × 0.024 × 365 = 2.97840 kg N/head/yr; N excreted = 20,000 × 2.9784 = 59,568 kg N;
* EF3 (Table 10.21): solid storage 0.01, daily spread 0.0
  → direct N2O = 59,568 × (0.6 × 0.01 + 0.4 × 0) × 44/28 = 357.408 × 1.571429 = 561.641 kg;
* Frac_GasMS (Table 10.22, 'other animals'): solid storage 0.12, daily spread 0.07
  → N volatilised = 59,568 × (0.6 × 0.12 + 0.4 × 0.07) = 59,568 × 0.100 = 5,956.8 kg N;
  N2O_G = 5,956.8 × EF4 0.014 × 44/28 = 83.3952 × 1.571429 = 131.050 kg;
* Frac_LeachMS: solid storage 0.02, daily spread 0
  → N leached = 59,568 × 0.6 × 0.02 = 714.816 kg N;
  N2O_L = 714.816 × EF5 0.011 × 44/28 = 7.862976 × 1.571429 = 12.3561 kg;
* indirect (3.C.6) = 131.050 + 12.356 = 143.406 kg.
"""

import pytest

from carbon.errors import DataError
from tests.inventory.nonenergy import compile_rows, value

MANURE = "year,category,activity,amount,unit,ms_shares"
GOATS = "2020,3.A.2,goats,20000,head,solid_storage:0.6;daily_spread:0.4\n"
N2O_N = 44 / 28
N_EXCRETED_KG = 20000 * 0.34 * 0.024 * 365                       # 59,568 kg N
DIRECT_T = N_EXCRETED_KG * (0.6 * 0.01) * N2O_N / 1000            # 0.561641 t
VOLATILISED_T = N_EXCRETED_KG * (0.6 * 0.12 + 0.4 * 0.07) * 0.014 * N2O_N / 1000  # 0.131050 t
LEACHED_T = N_EXCRETED_KG * (0.6 * 0.02) * 0.011 * N2O_N / 1000   # 0.0123561 t


def test_one_goat_herd_direct_and_indirect_n2o(tmp_path):
    assert N_EXCRETED_KG == pytest.approx(59568.0)
    assert DIRECT_T == pytest.approx(0.561641, rel=1e-5)
    assert VOLATILISED_T + LEACHED_T == pytest.approx(0.143406, rel=1e-5)
    inv = compile_rows(tmp_path, MANURE, GOATS)
    assert value(inv, category="3.A.2", gas="N2O") == pytest.approx(DIRECT_T)
    assert value(inv, category="3.C.6", gas="N2O") == pytest.approx(VOLATILISED_T + LEACHED_T)
    indirect = inv[inv["category"] == "3.C.6"].iloc[0]
    assert indirect["activity"] == "goats"
    assert indirect["sector"] == "agriculture"
    # the factors of the indirect row: TAM and N rate of the goat, then the system fractions
    # and EF4/EF5 of the 'manure_management' parameter set (goats have no rows of their own)
    ids = indirect["factor_ids"].split(";")
    assert ids[:2] == ["ipcc19_tam_3A2_goats", "ipcc19_n_rate_3A2_goats"]
    assert {"ipcc19_fracgasms_3A2_manure_management_solid_storage",
            "ipcc19_fracleachms_3A2_daily_spread", "ipcc19_ef4_3C6_wet",
            "ipcc19_ef5_3C6"} <= set(ids)


def test_an_animal_row_of_its_own_wins_over_the_default_column(tmp_path):
    # swine, all solid storage: Frac_GasMS 0.45 (swine column), not 0.12 (other animals).
    # Nex = 0.61 × 0.058 × 365 = 12.91370 kg N; 100 head → 1,291.370 kg N;
    # (1,291.370 × 0.45 × 0.014 + 1,291.370 × 0.02 × 0.011) × 44/28
    #   = (8.135631 + 0.284101) × 1.571429 = 13.23101 kg
    inv = compile_rows(tmp_path, MANURE, "2020,3.A.2,swine,100,head,solid_storage:1\n")
    assert value(inv, category="3.C.6") == pytest.approx(0.01323101, rel=1e-5)


def test_every_animal_of_the_shipped_city_has_manure_n2o(tmp_path):
    rows = "".join(f"2020,3.A.2,{animal},1000,head,solid_storage:0.5;daily_spread:0.5\n"
                   for animal in ("swine", "dairy_cattle", "non_dairy_cattle", "buffalo",
                                  "goats", "sheep"))
    rows += "2020,3.A.2,poultry,1000,head,poultry_litter:0.7;poultry_no_litter:0.3\n"
    inv = compile_rows(tmp_path, MANURE, rows)
    for category in ("3.A.2", "3.C.6"):
        n2o = inv[(inv["category"] == category) & (inv["gas"] == "N2O")]
        assert len(n2o) == 7
        assert (n2o["emissions_t"] > 0).all()
    # poultry, direct: Nex = 1.1 × 0.0018 × 365 = 0.72270 kg N; 1000 head × 0.7227 × EF3 0.001
    # × 44/28 = 1.135671 kg; indirect: 722.70 × (0.7 × 0.40 + 0.3 × 0.48) × 0.014 × 44/28
    #   = 722.70 × 0.424 × 0.014 × 1.571429 = 6.741392 kg (poultry systems leach nothing)
    assert value(inv, category="3.A.2", activity="poultry", gas="N2O") == pytest.approx(
        0.001135671, rel=1e-5)
    assert value(inv, category="3.C.6", activity="poultry") == pytest.approx(0.006741392,
                                                                            rel=1e-5)


def test_a_user_fraction_above_one_is_refused(tmp_path):
    factors = "goats,-,frac_gasm:solid_storage,3.A.2,,1.2,\n"
    with pytest.raises(DataError) as caught:
        compile_rows(tmp_path, MANURE, GOATS, factors=factors)
    message = str(caught.value)
    assert "factors.csv" in message and "value" in message and "1.2" in message
