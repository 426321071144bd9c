"""Agriculture, worked by hand from the shipped factors.

* enteric CH4, provincial guideline: swine 1.0 kg/head (region CN);
* manure, IPCC 2019 Tier 1 (Vol.4 Ch.10 Eq.10.22A, 10.23, 10.25, 10.30), swine, Asia:
  TAM 58 kg, VS rate 5.8 kg/t/d, B0 0.45 m3/kg VS, N rate 0.61 kg/t/d;
  MCF liquid/slurry 0.29, solid storage 0.04; EF3 liquid/slurry 0, solid storage 0.01;
  without shares, the guideline's 中南 per-head factors: 5.85 kg CH4, 0.157 kg N2O;
* rice, guideline 中南: early 241.0, late 273.2 kg CH4/ha per season; IPCC daily: EF_c 1.32
  kg/ha/d (East Asia, region CN), SF_w multiple drainage 0.55, SF_p 1, CFOA straw > 30 d 0.29;
* soils, IPCC 2019 wet climate: EF1 synthetic 0.016, other 0.006; Frac_GASF 0.11, Frac_GASM
  0.21, EF4 0.014, Frac_LEACH 0.24, EF5 0.011;
* GWP: CH4 AR5 28, AR6 non-fossil 27.0; N2O AR5 265, AR6 273.
"""

import pytest

from carbon.errors import DataError
from tests.inventory.nonenergy import compile_rows, value

HEADER = "year,category,activity,amount,unit"
MANURE = "year,category,activity,amount,unit,ms_shares"
RICE = "year,category,activity,amount,unit,method,season_days,water_regime,organic"
N2O_N = 44 / 28

# one herd of 1000 swine, manure half liquid/slurry, half solid storage
VS = 5.8 * 0.058 * 365            # 122.786 kg VS/head/yr
MANURE_CH4 = 1000 * VS * 0.45 * 0.67 * (0.5 * 0.29 + 0.5 * 0.04) / 1000   # 6.10830 t
NEX = 0.61 * 0.058 * 365          # 12.9137 kg N/head/yr
MANURE_N2O = 1000 * NEX * (0.5 * 0.0 + 0.5 * 0.01) * N2O_N / 1000          # 0.101465 t


def test_the_chinese_name_alone_gives_an_answer(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.A.1,生猪,50000,head\n")
    # 50,000 head × 1.0 kg = 50 t CH4 (no factor file given)
    assert value(inv, activity="swine", gas="CH4") == pytest.approx(50.0)
    assert inv["sector"].iloc[0] == "agriculture"


def test_one_herd_enteric_and_manure_under_ar5_and_ar6(tmp_path):
    rows = ("2020,3.A.1,swine,1000,head,\n"
            "2020,3.A.2,swine,1000,head,liquid_slurry:0.5;solid_storage:0.5\n")
    assert MANURE_CH4 == pytest.approx(6.108297, rel=1e-6)
    ar5 = compile_rows(tmp_path, MANURE, rows)
    assert value(ar5, category="3.A.1") == pytest.approx(1.0)
    assert value(ar5, category="3.A.2", gas="CH4") == pytest.approx(MANURE_CH4)
    assert value(ar5, category="3.A.2", gas="N2O") == pytest.approx(MANURE_N2O)
    ch4 = 1.0 + MANURE_CH4                                                   # 7.108297 t
    assert value(ar5, gas="CH4", column="co2e_t") == pytest.approx(ch4 * 28)
    ar6 = compile_rows(tmp_path, MANURE, rows, gwp="AR6")
    assert value(ar6, gas="CH4", column="co2e_t") == pytest.approx(ch4 * 27.0)  # non-fossil
    assert value(ar6, category="3.A.2", gas="N2O", column="co2e_t") == pytest.approx(
        MANURE_N2O * 273)


def test_manure_without_shares_uses_the_central_south_factor(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.A.2,生猪,1000,head\n")
    # hunan ⊂ 中南 (data/agricultural_regions.csv): 1000 × 5.85 kg CH4, 1000 × 0.157 kg N2O
    assert value(inv, gas="CH4") == pytest.approx(5.85)
    assert value(inv, gas="N2O") == pytest.approx(0.157)
    assert "central_south" in inv.loc[inv["gas"] == "CH4", "factor_ids"].iloc[0]


def test_double_cropped_rice_by_the_chinese_seasonal_factor(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.C.7,早稻,100,ha\n2020,3.C.7,晚稻,100,ha\n")
    # 100 ha × 241.0 kg + 100 ha × 273.2 kg = 51.42 t CH4: the paddy counts in both seasons
    assert value(inv, activity="rice_early") == pytest.approx(24.10)
    assert value(inv, activity="rice_late") == pytest.approx(27.32)


def test_double_cropped_rice_by_the_ipcc_daily_method(tmp_path):
    rows = ("2020,3.C.7,rice_early,100,ha,ipcc_daily,90,multiple_drainage,straw_long:2\n"
            "2020,3.C.7,rice_late,100,ha,ipcc_daily,100,multiple_drainage,\n")
    inv = compile_rows(tmp_path, RICE, rows)
    sf_o = (1 + 2 * 0.29) ** 0.59                                # 1.58^0.59 = 1.309808
    assert sf_o == pytest.approx(1.309808, rel=1e-6)
    # early: 100 ha × 90 d × 1.32 × 0.55 × 1 × 1.309808 = 8,558.29 kg
    assert value(inv, activity="rice_early") == pytest.approx(100 * 90 * 1.32 * 0.55 * sf_o / 1e3)
    # late: 100 ha × 100 d × 1.32 × 0.55 = 7,260 kg
    assert value(inv, activity="rice_late") == pytest.approx(7.26)


def test_the_ipcc_rice_method_as_the_run_option(tmp_path):
    rows = "2020,3.C.7,rice_late,100,ha,,100,multiple_drainage,\n"
    inv = compile_rows(tmp_path, RICE, rows, options={"rice_method": "ipcc_daily"})
    assert value(inv) == pytest.approx(7.26)
    seasonal = compile_rows(tmp_path, RICE, rows)
    assert value(seasonal) == pytest.approx(27.32)     # the default: one method, never both


def test_rice_under_both_methods_is_refused(tmp_path):
    rows = ("2020,3.C.7,rice_late,100,ha,,,,\n"
            "2020,3.C.7,rice_late,100,ha,ipcc_daily,100,,\n")
    with pytest.raises(DataError, match="counted twice") as error:
        compile_rows(tmp_path, RICE, rows)
    assert error.value.row == 3 and error.value.column == "method"


def test_fertiliser_n2o_direct_and_indirect(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.C.4,氮肥,1000,t\n2020,3.C.4,粪肥氮,500,t\n")
    # synthetic: direct 1000 × 0.016 × 44/28 = 25.142857 t
    #            indirect 1000 × (0.11 × 0.014 + 0.24 × 0.011) × 44/28 = 4.18 × 44/28 = 6.568571
    assert value(inv, category="3.C.4", activity="synthetic_n") == pytest.approx(25.142857)
    assert value(inv, category="3.C.5", activity="synthetic_n") == pytest.approx(6.568571)
    # manure N: direct 500 × 0.006 × 44/28 = 4.714286;
    #           indirect 500 × (0.21 × 0.014 + 0.24 × 0.011) × 44/28 = 2.79 × 44/28 = 4.384286
    assert value(inv, category="3.C.4", activity="manure_n_applied") == pytest.approx(4.714286)
    assert value(inv, category="3.C.5", activity="manure_n_applied") == pytest.approx(4.384286)


def test_urea_co2(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.C.3,尿素,100,t\n")
    assert value(inv, gas="CO2") == pytest.approx(73.33)     # 100 × 0.20 × 44/12


def test_biomass_burned_in_energy_takes_non_fossil_methane(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,1.A.4.b,薪柴,1000,t\n", gwp="AR6")
    ch4 = inv[inv["gas"] == "CH4"]
    assert float(ch4["co2e_t"].iloc[0]) == pytest.approx(float(ch4["emissions_t"].iloc[0]) * 27.0)


def test_the_ipcc_rice_method_needs_the_season_length(tmp_path):
    with pytest.raises(DataError, match="season length") as error:
        compile_rows(tmp_path, RICE, "2020,3.C.7,rice_late,100,ha,ipcc_daily,,,\n")
    assert (error.value.row, error.value.column) == (2, "season_days")


def test_agricultural_regions_are_a_scheme_beside_the_grid_regions():
    from carbon.inventory.factors import known_regions, region_chain

    # hunan ⊂ central_china (grid) and hunan ⊂ central_south 中南 (agriculture), both ⊂ CN
    assert region_chain("hunan") == ("hunan", "central_china", "central_south", "CN", "")
    assert region_chain("CN") == ("CN", "")
    assert {"central_south", "east_china_ag", "central_china"} <= set(known_regions())


def test_a_region_outside_central_south_does_not_take_its_rice_factor(tmp_path):
    with pytest.raises(DataError, match="no emission factor"):
        compile_rows(tmp_path, HEADER, "2020,3.C.7,早稻,100,ha\n", region="CN")
