"""Tests written against surviving mutants: registry readers, allocation methods, the chain.

Expected numbers are worked by hand in the comments (methods.py docstring equations).
"""

import re

import numpy as np
import pandas as pd
import pytest
from alloc_helpers import make_regime, registry, write_csv

from carbon.allocation import methods
from carbon.allocation.inputs import read_enterprises, read_mac, read_units
from carbon.allocation.regimes import Param, load_regime
from carbon.allocation.rules import AllocationRules, MarketRules, Rules
from carbon.allocation.run import allocate, market_input, run_allocation
from carbon.errors import DataError, ScenarioError

UNIT_HEADER = ["unit_id", "enterprise_id", "category", "power_supply_mwh",
               "power_generation_mwh", "heat_supply_gj", "heat_ratio", "cooling", "load_factor",
               "year"]
KNOWN = pd.DataFrame({"enterprise_id": ["e1", "e2"]})
FIRMS = [["e1", "one", "industry", 2025, 500, 450], ["e2", "two", "industry", 2025, 300, 310]]
STEPS = [["e1", 1, 30, 40], ["e2", 1, 25, 60]]


def at(path):
    """A regex for a message that starts with ``path``."""
    return "^" + re.escape(str(path))


# ---------------------------------------------------------------- read_units


def test_read_units_fills_empty_cells_with_their_defaults(tmp_path):
    path = write_csv(tmp_path / "units.csv", UNIT_HEADER, [
        ["u1", "e1", "I", 1000, "", "", "", "", "", ""],
        ["u2", "e2", "IV", 500, 520, 200, 0.3, " AIR ", 0.8, 2025]])
    out = read_units(path, KNOWN)
    # empty heat supply and heat ratio → 0, empty load factor → 1 (no correction), empty
    # cooling → water, empty year → every year (NaN)
    assert out["heat_supply_gj"].tolist() == [0.0, 200.0]
    assert out["heat_ratio"].tolist() == [0.0, 0.3]
    assert out["load_factor"].tolist() == [1.0, 0.8]
    assert out["cooling"].tolist() == ["water", "air"]
    assert np.isnan(out["year"].iloc[0]) and out["year"].iloc[1] == 2025
    assert out["power_supply_mwh"].tolist() == [1000.0, 500.0]
    assert np.isnan(out["power_generation_mwh"].iloc[0])
    assert out["row"].tolist() == [2, 3]
    assert out.attrs["file"] == str(path)


def test_read_units_errors_name_file_row_and_column(tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, UNIT_HEADER, [["u1", "e1", "I", 1000, "", 0, 0, "water", 0.9, "2025"],
                                  ["u2", "e1", "I", 1000, "", 0, 0, "water", 0.9, "abc"]])
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'year': found 'abc', "
                                                   r"expected an integer"):
        read_units(path, KNOWN)
    write_csv(path, UNIT_HEADER, [["u1", "e1", "I", 1000, "", 0, 0, "water", 0.9, ""],
                                  ["u2", "zz", "I", 1000, "", 0, 0, "water", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'enterprise_id': "
                                                   r"enterprise 'zz' is not in the enterprises "
                                                   r"table$"):
        read_units(path, KNOWN)
    write_csv(path, UNIT_HEADER, [["u1", "e1", "I", 1000, "", 0, 0, "wet", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 2, column 'cooling': found 'wet', "
                                                   r"expected water or air$"):
        read_units(path, KNOWN)
    write_csv(path, UNIT_HEADER, [["", "e1", "I", 1000, "", 0, 0, "water", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 2, column 'unit_id': empty cell, "
                                                   r"expected the unit id$"):
        read_units(path, KNOWN)
    write_csv(path, UNIT_HEADER, [["u1", "e1", "I", 1000, "", -5, 0, "water", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 2, column 'heat_supply_gj'"):
        read_units(path, KNOWN)


# ---------------------------------------------------------------- read_enterprises

ENT_HEADER = ["enterprise_id", "name", "sector", "year", "bau_emissions_t"]


def _enterprises(tmp_path, rows, extra=()):
    return write_csv(tmp_path / "enterprises.csv", ENT_HEADER + list(extra), rows)


def test_read_enterprises_types_flags_and_optional_columns(tmp_path):
    path = _enterprises(tmp_path, [
        [" e1 ", " one ", "industry", 2025, 100, "yes", "是", "1,000", " clinker "],
        ["e2", "two", "power", 2025, 0, "", "N", "", ""]],
        ["national_ets", "new_entrant", "output", "product"])
    out = read_enterprises(path)
    assert out["enterprise_id"].tolist() == ["e1", "e2"]
    assert out["name"].tolist() == ["one", "two"]
    assert out["year"].tolist() == [2025, 2025] and out["row"].tolist() == [2, 3]
    assert out["bau_emissions_t"].tolist() == [100.0, 0.0]
    assert out["national_ets"].tolist() == [True, False]
    assert out["new_entrant"].tolist() == [True, False]
    assert out["carbon_leakage_exposed"].tolist() == [False, False]     # column absent
    assert out["output"].iloc[0] == 1000.0 and np.isnan(out["output"].iloc[1])
    assert out["free_allocation_t"].isna().all()                       # column absent
    assert out["product"].tolist() == ["clinker", ""]
    assert out["output_unit"].tolist() == ["", ""]
    assert out.attrs["file"] == str(path)


@pytest.mark.parametrize(("rows", "extra", "message"), [
    ([["e1", "one", "industry", 2025, 100, "maybe"]], ["national_ets"],
     r", row 2, column 'national_ets': found 'maybe', expected true or false$"),
    ([["e1", "one", "industry", 2025, 100], ["e2", "two", "steel", 2025, 100]], [],
     r", row 3, column 'sector': found 'steel', expected a sector: power, building_materials, "
     r"transport, industry, buildings, agriculture, waste, land$"),
    ([["e1", "one", "industry", 2025, 100], ["", "two", "industry", 2025, 100]], [],
     r", row 3, column 'enterprise_id': empty cell, expected the enterprise id$"),
    ([["e1", "one", "", 2025, 100]], [], r", row 2, column 'sector': empty cell, expected the "
                                         r"sector$"),
    ([["e1", "one", "industry", 2025, 100], ["e2", "two", "industry", 2025, -5]], [],
     r", row 3, column 'bau_emissions_t': found -5, expected a number >= 0$"),
    ([["e1", "one", "industry", 2025, ""]], [],
     r", row 2, column 'bau_emissions_t': empty cell, expected the enterprise's BAU emissions in "
     r"t \(or its fuels as activity rows with enterprise_id\)$"),
])
def test_read_enterprises_errors(tmp_path, rows, extra, message):
    path = _enterprises(tmp_path, rows, extra)
    with pytest.raises(DataError, match=at(path) + message):
        read_enterprises(path)


def test_read_enterprises_bau_both_given_and_from_activity(tmp_path):
    path = _enterprises(tmp_path, [["e1", "one", "industry", 2025, ""],
                                   ["e2", "two", "industry", 2025, 100]])
    computed = pd.DataFrame({"enterprise_id": ["e1", "e2"], "year": [2025, 2025],
                             "emissions_t": [50.0, 60.0]})
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'bau_emissions_t': "
                                                   r"bau_emissions_t is given and the activity "
                                                   r"files also give this enterprise's fuels "
                                                   r"for the year: expected one of the two$"):
        read_enterprises(path, emissions_from_activity=computed)
    # only the empty cell is filled from the activity files
    out = read_enterprises(path, emissions_from_activity=computed.iloc[:1])
    assert out["bau_emissions_t"].tolist() == [50.0, 100.0]


# ---------------------------------------------------------------- read_mac


def test_read_mac_duplicates_unknown_firms_and_years(tmp_path):
    path = tmp_path / "mac.csv"
    header = ["enterprise_id", "step", "abatement_t", "cost_yuan_per_t", "year"]
    write_csv(path, header, [["e1", 1, 10, 20, ""], ["e1", 1, 10, 30, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'step': step 1 of 'e1' "
                                                   r"appears twice$"):
        read_mac(path, KNOWN)
    # the same step number in another year, or for another enterprise, is no repeat; costs
    # may fall from one year's curve to the next
    write_csv(path, header, [["e1", 1, 10, 20, ""], ["e1", 1, 10, 30, 2025],
                             ["e1", 2, 10, 10, 2026], ["e2", 1, 5, 5, 2025]])
    out = read_mac(path, KNOWN)
    assert out["step"].tolist() == [1, 1, 2, 1]
    assert out["year"].tolist()[1:] == [2025, 2026, 2025] and np.isnan(out["year"].iloc[0])
    assert "row" not in out.columns
    write_csv(path, header, [["e1", 1, 10, 20, ""], ["e3", 1, 10, 30, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'enterprise_id': "
                                                   r"enterprise 'e3' is not in the enterprises "
                                                   r"table$"):
        read_mac(path, KNOWN)


# ---------------------------------------------------------------- methods


def _firms(**columns):
    frame = pd.DataFrame(columns)
    frame["row"] = range(2, 2 + len(frame))
    frame.attrs["file"] = "e.csv"
    return frame


def test_given_names_the_empty_cell():
    firms = _firms(free_allocation_t=[10.0, np.nan])
    with pytest.raises(DataError, match=r"^e.csv, row 3, column 'free_allocation_t': empty "
                                        r"cell, expected the free allocation in t \(method "
                                        r"'given'\)$"):
        methods.given(firms)
    assert methods.given(_firms(free_allocation_t=[10.0, 0.0])).tolist() == [10.0, 0.0]


def test_intensity_refuses_a_zero_historical_output_and_an_empty_cell():
    firms = _firms(year=[2025, 2025], historical_emissions_t=[100.0, 100.0],
                   historical_output=[50.0, 0.0], output=[10.0, 10.0])
    with pytest.raises(DataError, match=r"^e.csv, row 3, column 'historical_output': found 0, "
                                        r"expected a historical output > 0 \(method "
                                        r"'intensity'\)$"):
        methods.intensity(firms)
    # a negative output (a frame passed in directly) is named with its value
    firms = _firms(year=[2025], historical_emissions_t=[100.0], historical_output=[-5.0],
                   output=[10.0])
    with pytest.raises(DataError, match=r"row 2, column 'historical_output': found -5, expected"):
        methods.intensity(firms)
    firms = _firms(year=[2025, 2025], historical_emissions_t=[100.0, 100.0],
                   historical_output=[50.0, 50.0], output=[np.nan, 10.0])
    with pytest.raises(DataError, match=r"^e.csv, row 2, column 'output': empty cell, expected "
                                        r"a number \(method 'intensity' needs output\)$"):
        methods.intensity(firms)
    firms = _firms(year=[2025], historical_emissions_t=[np.nan])
    with pytest.raises(DataError, match=r"row 2, column 'historical_emissions_t': empty cell, "
                                        r"expected a number \(method 'grandfathering' needs "
                                        r"historical_emissions_t\)"):
        methods.grandfathering(firms)


def test_intensity_and_grandfathering_defaults():
    firms = _firms(year=[2025, 2027], historical_emissions_t=[1000.0, 1000.0],
                   historical_output=[500.0, 500.0], output=[600.0, 400.0])
    # no decline by default: 600 × 2 = 1,200; 400 × 2 = 800
    assert methods.intensity(firms).tolist() == pytest.approx([1200.0, 800.0])
    assert methods.grandfathering(firms).tolist() == pytest.approx([1000.0, 1000.0])
    # the base year defaults to the first year (2025): 1000 × 0.9² = 810 in 2027
    assert methods.grandfathering(firms, decline=0.1).tolist() == pytest.approx([1000.0, 810.0])
    # base year 2024: 0.9¹ and 0.9³ → 900, 729; intensity 1,200 × 0.9 = 1,080, 800 × 0.729
    assert methods.grandfathering(firms, decline=0.1, base_year=2024).tolist() == \
        pytest.approx([900.0, 729.0])
    assert methods.intensity(firms, decline=0.1, base_year=2024).tolist() == \
        pytest.approx([1080.0, 583.2])


def test_method_amounts_pass_decline_and_base_year_on():
    firms = _firms(year=[2025, 2027], historical_emissions_t=[1000.0, 1000.0],
                   historical_output=[500.0, 500.0], output=[600.0, 400.0],
                   bau_emissions_t=[900.0, 950.0], free_allocation_t=[1.0, 2.0])
    kw = dict(regime=None, unit_alloc=None, decline=0.1, base_year=2024)
    # intensity: 1,200 × 0.9 = 1,080; 800 × 0.9³ = 583.2
    assert methods.method_amounts(firms, "intensity", **kw).tolist() == \
        pytest.approx([1080.0, 583.2])
    assert methods.method_amounts(firms, "grandfathering", **kw).tolist() == \
        pytest.approx([900.0, 729.0])
    assert methods.method_amounts(firms, "verified", **kw).tolist() == [900.0, 950.0]
    assert methods.method_amounts(firms, "given", **kw).tolist() == [1.0, 2.0]
    with pytest.raises(ScenarioError, match=r"^method 'benchmark' needs allocation.regime "
                                            r"\(the benchmarks\)$"):
        methods.method_amounts(firms, "benchmark", **kw)


def test_method_amounts_benchmark_units_then_verified_years_then_products():
    # e1 has power units (2 rows in 2025 summed: 300 + 200); in 2024 (a verified year) it gets
    # its BAU 900 even with units; p1 has no units: output 1,000 × 0.5 × adjustment 0.9 = 450
    regime = make_regime({"verified_years": "2024", "adjustment": 0.9},
                     [("widget", "output", 0.5)])
    firms = _firms(enterprise_id=["e1", "e1", "p1"], year=[2024, 2025, 2025],
                   sector="industry", product=["", "", "widget"], output=[1.0, 1.0, 1000.0],
                   bau_emissions_t=[900.0, 800.0, 700.0], carbon_leakage_exposed=False)
    units = pd.DataFrame({"enterprise_id": ["e1", "e1", "e1"], "year": [2025, 2025, 2024],
                          "allocation_t": [300.0, 200.0, 111.0]})
    out = methods.method_amounts(firms, "benchmark", regime=regime, unit_alloc=units,
                                 decline=0.0, base_year=None)
    assert out.tolist() == pytest.approx([900.0, 500.0, 450.0])


def test_product_benchmark_errors_and_leakage_factors():
    regime = make_regime({"carbon_leakage_factor_exposed": 1.0, "carbon_leakage_factor_other": 0.3,
                      "cross_sectoral_correction": 0.5}, [("industry", "output", 2.0)])
    # no product: the sector's benchmark; exposed 10 × 2 × 1 × 0.5 = 10; other 10 × 2 × 0.3 × 0.5
    firms = _firms(sector="industry", product=["", ""], output=[10.0, 10.0],
                   carbon_leakage_exposed=[True, False])
    assert methods.product_benchmark(firms, regime).tolist() == pytest.approx([10.0, 3.0])
    firms = _firms(sector="industry", product=["", "gadget"], output=[10.0, 10.0],
                   carbon_leakage_exposed=False)
    with pytest.raises(DataError, match=r"^e.csv, row 3, column 'product': product 'gadget' has "
                                        r"no benchmark in regime 'r' \(its products: "
                                        r"industry\)$"):
        methods.product_benchmark(firms, regime)


def test_share_out():
    assert methods.share_out(pd.Series([1.0, 3.0]), 100.0).tolist() == [25.0, 75.0]
    with pytest.raises(ScenarioError, match=r"^the method gives no enterprise any amount: the "
                                            r"cap cannot be shared out$"):
        methods.share_out(pd.Series([0.0, 0.0]), 100.0)


def test_load_correction_without_bands_or_outside_every_band_is_one():
    f = np.array([0.5, 0.9])
    assert methods.load_correction(f, make_regime()).tolist() == [1.0, 1.0]
    one = make_regime(bands=[{"lower": 0.8, "upper": 0.85, "form": "constant", "a": 1.1}])
    # 0.8 is inside [0.8, 0.85), 0.85 is not
    assert methods.load_correction(np.array([0.5, 0.8, 0.85]), one).tolist() == \
        pytest.approx([1.0, 1.1, 1.0])


def test_load_correction_band_edges_of_the_2019_2020_plan():
    # bands [0.85, 10) 1; [0.80, 0.85) 1 + 0.0014 (85 − 100F); [0.75, 0.80) 1.007 + 0.0016
    # (80 − 100F); [0, 0.75) 1.015^(16 − 20F). At 0.85: 1; 0.80: 1 + 0.0014 × 5 = 1.007;
    # 0.75: 1.007 + 0.0016 × 5 = 1.015; 0: 1.015^16 = 1.268986…; 0.5: 1.015^6 = 1.093443…
    f = methods.load_correction(np.array([0.85, 0.80, 0.75, 0.0, 0.5]),
                                load_regime("cn_power_2019_2020"))
    assert f == pytest.approx([1.0, 1.007, 1.015, 1.015 ** 16, 1.015 ** 6])


def _unit_file(tmp_path, rows):
    return read_units(write_csv(tmp_path / "units.csv", UNIT_HEADER, rows), KNOWN)


GEN = make_regime({"cooling_correction_air": 1.1, "heat_correction_coal": 0.2,
               "load_correction_scope": "all_coal"},
              [("I", "power", 1.0), ("I", "heat", 0.1), ("IV", "power", 0.4)],
              [{"lower": 0.0, "upper": 0.8, "form": "constant", "a": 1.02}],
              output_basis="generation")


def test_power_units_generation_basis_all_coal_load_and_unit_years(tmp_path):
    units = _unit_file(tmp_path, [
        # coal CHP, air-cooled, load 0.7: 1.0 × 1,000 × 1.1 × (1 − 0.2 × 0.5) × 1.02
        #   + 0.1 × 500 = 1,009.8 + 50 = 1,059.8 t (every year)
        ["u1", "e1", "I", 9999, 1000, 500, 0.5, "air", 0.7, ""],
        # gas, air-cooled (no air correction for gas), load 0.5 (no load correction for gas):
        #   0.4 × 2,000 = 800 t, only in 2026
        ["u2", "e2", "IV", 9999, 2000, 0, 0, "air", 0.5, 2026]])
    out = methods.power_units(units, [2025, 2026], GEN)
    assert list(zip(out["unit_id"], out["year"], strict=True)) == \
        [("u1", 2025), ("u1", 2026), ("u2", 2026)]
    assert out["allocation_t"].tolist() == pytest.approx([1059.8, 1059.8, 800.0])
    # no pre_allocation_share in the regime: all of it
    assert out["pre_allocation_t"].tolist() == pytest.approx([1059.8, 1059.8, 800.0])
    assert out["output"].tolist() == [1000.0, 1000.0, 2000.0]
    assert out["cooling_factor"].tolist() == pytest.approx([1.1, 1.1, 1.0])
    assert out["heat_factor"].tolist() == pytest.approx([0.9, 0.9, 1.0])
    assert out["load_factor_correction"].tolist() == pytest.approx([1.02, 1.02, 1.0])
    assert out["heat_benchmark_t_per_gj"].tolist() == pytest.approx([0.1, 0.1, 0.0])


def test_power_units_scopes_of_the_load_correction(tmp_path):
    units = _unit_file(tmp_path, [["u1", "e1", "I", 0, 1000, 500, 0.5, "water", 0.7, ""],
                                  ["u2", "e1", "I", 0, 1000, 0, 0, "water", 0.7, ""]])
    # pure_condensing: the CHP unit u1 has none, u2 has 1.02:
    #   u1 1,000 × 0.9 + 50 = 950; u2 1,000 × 1.02 = 1,020
    pure = GEN.model_copy(update={"param": {**GEN.param, "load_correction_scope": Param(
        value="pure_condensing", source="s", quality="user")}})
    out = methods.power_units(units, [2025], pure)
    assert out["allocation_t"].tolist() == pytest.approx([950.0, 1020.0])
    # no scope: no load correction at all
    none = GEN.model_copy(update={"param": {k: v for k, v in GEN.param.items()
                                            if k != "load_correction_scope"}})
    assert methods.power_units(units, [2025], none)["allocation_t"].tolist() == \
        pytest.approx([950.0, 1000.0])


def test_power_units_errors_name_the_unit_row(tmp_path):
    units = _unit_file(tmp_path, [["u1", "e1", "I", 1000, 1000, 0, 0, "water", 0.9, ""],
                                  ["u2", "e1", "I", 1000, "", 0, 0, "water", 0.9, ""]])
    path = tmp_path / "units.csv"
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'power_generation_mwh': "
                                                   r"empty cell, expected the unit's "
                                                   r"power_generation_mwh \(regime 'r' "
                                                   r"allocates per MWh generation\)$"):
        methods.power_units(units, [2025], GEN)
    units = _unit_file(tmp_path, [["u1", "e1", "I", 1000, 1000, 0, 0, "water", 0.9, ""],
                                  ["u2", "e2", "IV", 1000, 1000, 50, 0.1, "water", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 3, column 'category': unit category "
                                                   r"'IV' has no heat benchmark in regime "
                                                   r"'r'$"):
        methods.power_units(units, [2025], GEN)
    units = _unit_file(tmp_path, [["u1", "e1", "II", 1000, 1000, 0, 0, "water", 0.9, ""]])
    with pytest.raises(DataError, match=at(path) + r", row 2, column 'category': unit category "
                                                   r"'II' has no benchmark in regime 'r' \(its "
                                                   r"categories: I, IV\)$"):
        methods.power_units(units, [2025], GEN)


# ---------------------------------------------------------------- allocate


def _rules(tmp_path, years=(2025,), **allocation):
    return Rules(name="r", years=list(years), enterprises="e.csv",
                 allocation=AllocationRules(**allocation), folder=tmp_path,
                 source=tmp_path / "rules.toml")


def _registry_firms(**columns):
    frame = _firms(**columns)
    if "new_entrant" not in frame.columns:
        frame["new_entrant"] = False
    return frame


def test_allocate_auction_share_comes_from_the_regime_unless_the_file_sets_it(tmp_path):
    firms = _registry_firms(enterprise_id=["e1", "e2"], year=2025, name="n", sector="industry",
                            free_allocation_t=[600.0, 400.0])
    regime = make_regime({"auction_share": 0.1})
    # cap 1,000, 10% auctioned → pool 900 shared 600 : 400 → 540, 360
    free, _, cap, auction = allocate(firms, None, _rules(tmp_path, cap_t=1000.0), regime)
    assert free["allocation_t"].tolist() == pytest.approx([540.0, 360.0])
    assert cap == {2025: 1000.0} and auction == pytest.approx({2025: 100.0})
    # the file's 0.2 wins: pool 800 → 480, 320
    free, _, _, auction = allocate(firms, None, _rules(tmp_path, cap_t=1000.0,
                                                       auction_share=0.2), regime)
    assert free["allocation_t"].tolist() == pytest.approx([480.0, 320.0])
    assert auction == pytest.approx({2025: 200.0})


def test_allocate_bottom_up_with_decline_and_a_new_entrant_reserve(tmp_path):
    # grandfathering from the regime: decline 0.1 from 2024 → e1 1000 × 0.9 = 900, n1 90.
    # No cap: cap = 990. Auction 10%, reserve 20%: keep 70% → e1 630, n1 63; the reserve
    # 198 covers n1's 90 → n1 153; 108 left is auctioned with 99: 207. 630 + 153 + 207 = 990
    firms = _registry_firms(enterprise_id=["e1", "n1"], year=2025, name="n", sector="industry",
                            historical_emissions_t=[1000.0, 100.0], new_entrant=[False, True])
    regime = make_regime({"decline_per_yr": 0.1, "base_year": 2024, "auction_share": 0.1,
                      "new_entrant_reserve_share": 0.2})
    free, table, cap, auction = allocate(firms, None, _rules(tmp_path,
                                                             method="grandfathering"), regime)
    assert cap == pytest.approx({2025: 990.0})
    assert free["allocation_t"].tolist() == pytest.approx([630.0, 153.0])
    assert auction == pytest.approx({2025: 207.0})
    assert table["method_amount_t"].tolist() == pytest.approx([900.0, 90.0])
    assert table["method"].tolist() == ["grandfathering"] * 2
    assert table["regime"].tolist() == ["", ""]     # the rules name no regime


def test_allocate_method_by_sector_needs_every_sector(tmp_path):
    firms = _registry_firms(enterprise_id=["e1", "e2"], year=2025, name="n",
                            sector=["industry", "power"], free_allocation_t=[1.0, 2.0],
                            bau_emissions_t=[5.0, 7.0])
    rules = _rules(tmp_path, method={"industry": "given"})
    with pytest.raises(ScenarioError, match=at(tmp_path / "rules.toml") + r": allocation.method "
                                            r"names no method for sector 'power' \(enterprise "
                                            r"e2\)$"):
        allocate(firms, None, rules, None)
    rules = _rules(tmp_path, method={"industry": "given", "power": "verified"})
    free, table, cap, _ = allocate(firms, None, rules, None)
    assert free["allocation_t"].tolist() == [1.0, 7.0]
    assert table["method"].tolist() == ["given", "verified"] and cap == {2025: 8.0}


def test_allocate_table_lists_firms_then_units_with_a_fresh_index(tmp_path):
    units = _unit_file(tmp_path, [["u1", "e1", "I", 0, 1000, 0, 0, "water", 0.9, ""],
                                  ["u2", "e1", "IV", 0, 500, 0, 0, "water", 0.9, ""]])
    firms = _registry_firms(enterprise_id=["e1"], year=2025, name="n", sector="power")
    # e1: 1.0 × 1,000 + 0.4 × 500 = 1,200 t
    free, table, cap, _ = allocate(firms, units, _rules(tmp_path, method="benchmark"), GEN)
    assert free["allocation_t"].tolist() == pytest.approx([1200.0])
    assert table.index.tolist() == [0, 1, 2]
    assert table["unit_id"].tolist() == ["", "u1", "u2"]
    assert table["allocation_t"].tolist() == pytest.approx([1200.0, 1000.0, 200.0])
    assert table["method"].tolist() == ["benchmark"] * 3


# ---------------------------------------------------------------- market_input


def _mk_rules(tmp_path, years=(2025,), **market):
    return Rules(name="r", years=list(years), enterprises="e.csv", mac="mac.csv",
                 market=MarketRules(**market), folder=tmp_path, source=tmp_path / "rules.toml")


def _steps(rows=()):
    return pd.DataFrame(list(rows), columns=["enterprise_id", "step", "abatement_t",
                                             "cost_yuan_per_t", "year"]).astype(
        {"step": int, "abatement_t": float, "cost_yuan_per_t": float, "year": float})


def _mk_firms(ids, years, bau):
    return pd.DataFrame({"enterprise_id": ids, "year": years, "bau_emissions_t": bau,
                         "mac_slope_yuan_per_t2": np.nan})


def test_market_input_offset_limit_basis_from_the_regime_and_the_file(tmp_path):
    firms = _mk_firms(["e1", "e2"], [2025, 2025], [100.0, 200.0])
    free = np.array([50.0, 300.0])
    units = pd.DataFrame({"enterprise_id": ["e1"], "category": ["I"]})
    regime = make_regime({"offset_limit_basis": "allocation", "offset_limit_share": 0.1,
                      "offset_price_yuan_per_t": 20.0, "obligation_cap_coal_share": 0.2})
    # e1 is coal: owes at most 50 + 0.2 × 100 = 70 → exempt 30, need 70; e2 owes 200
    inp, exempt = market_input(firms, _steps(), units, free, {}, _mk_rules(tmp_path), regime)
    assert exempt.tolist() == pytest.approx([30.0, 0.0])
    assert inp.need_t.tolist() == pytest.approx([70.0, 200.0])
    # basis allocation: 10% of 50 and 300
    assert inp.offset_limit_t.tolist() == pytest.approx([5.0, 30.0])
    assert inp.offset_price == 20.0
    # the file's basis wins: emissions (BAU) 10, 20; obligation 7, 20
    inp, _ = market_input(firms, _steps(), units, free, {},
                          _mk_rules(tmp_path, offset_limit_basis="emissions"), regime)
    assert inp.offset_limit_t.tolist() == pytest.approx([10.0, 20.0])
    inp, _ = market_input(firms, _steps(), units, free, {},
                          _mk_rules(tmp_path, offset_limit_basis="obligation"), regime)
    assert inp.offset_limit_t.tolist() == pytest.approx([7.0, 20.0])
    # no offset price anywhere: no offsets at all
    inp, exempt = market_input(firms, _steps(), None, free, {}, _mk_rules(tmp_path), None)
    assert inp.offset_limit_t.tolist() == [0.0, 0.0] and inp.offset_price == np.inf
    assert exempt.tolist() == [0.0, 0.0]


def test_market_input_borrowing_from_the_file_or_the_regime(tmp_path):
    # first year 2025: e1 need 100, free 60 → gap 40; e2 50 vs 45 → gap 5
    firms = _mk_firms(["e1", "e2", "e1"], [2025, 2025, 2026], [100.0, 50.0, 100.0])
    free = np.array([60.0, 45.0, 100.0])
    years = (2025, 2026)
    inp, _ = market_input(firms, _steps(), None, free, {}, _mk_rules(
        tmp_path, years, banking=True, borrowing_share=0.5), None)
    assert inp.banking and inp.borrowing_t == pytest.approx(0.5 * 45.0)
    # the regime's threshold: only gaps above 20% of the allocation count (40 > 12; 5 < 9)
    regime = make_regime({"borrowing_gap_threshold": 0.2, "borrowing_share_of_gap": 0.25,
                      "banking": True})
    inp, _ = market_input(firms, _steps(), None, free, {}, _mk_rules(
        tmp_path, years, borrowing_share=0.5), regime)
    assert inp.banking and inp.borrowing_t == pytest.approx(20.0)
    inp, _ = market_input(firms, _steps(), None, free, {}, _mk_rules(tmp_path, years), regime)
    assert inp.borrowing_t == pytest.approx(10.0)
    inp, _ = market_input(firms, _steps(), None, free, {}, _mk_rules(tmp_path, years), None)
    assert not inp.banking and inp.borrowing_t == 0.0


def test_market_input_matches_steps_to_rows_and_passes_prices_on(tmp_path):
    firms = _mk_firms(["e1", "e2", "e1"], [2025, 2025, 2026], [100.0, 50.0, 100.0])
    steps = _steps([["e1", 1, 10, 5, np.nan], ["e1", 2, 20, 9, 2026], ["e2", 1, 5, 7, 2025],
                    ["e2", 2, 5, 8, 2027]])
    regime = make_regime({"price_ceiling_yuan_per_t": 150.0, "auction_reserve_price_yuan_per_t":
                      30.0, "penalty_yuan_per_t": 600.0})
    inp, _ = market_input(firms, steps, None, np.array([90.0, 50.0, 90.0]), {2025: 3.0},
                          _mk_rules(tmp_path, (2025, 2026), penalty_yuan_per_t=500.0,
                                    initial_bank_t=4.0, discount_rate=0.08), regime)
    # row 0 (e1 2025): the every-year step; row 1 (e2 2025): its 2025 step; row 2 (e1 2026):
    # the every-year step and the 2026 step; e2's 2027 step matches no row
    assert inp.step_row.tolist() == [0, 1, 2, 2]
    assert inp.step_q.tolist() == [10.0, 5.0, 10.0, 20.0]
    assert inp.step_c.tolist() == [5.0, 7.0, 5.0, 9.0]
    assert inp.step_c.dtype == float
    assert inp.ceiling == 150.0 and inp.floor == 30.0 and inp.penalty == 500.0
    assert inp.initial_bank_t == 4.0 and inp.discount_rate == 0.08
    assert inp.auction_t == {2025: 3.0} and inp.years == [2025, 2026]
    assert inp.year.tolist() == [2025, 2025, 2026]


def test_market_input_steps_beyond_bau_are_an_error(tmp_path):
    firms = _mk_firms(["e1", "e2"], [2025, 2025], [100.0, 1000.0])
    steps = _steps([["e2", 1, 600, 5, np.nan], ["e2", 2, 500, 9, np.nan]])
    with pytest.raises(DataError, match=at(tmp_path / "mac.csv") + r", column 'abatement_t': "
                                        r"the steps of 'e2' abate more than its BAU emissions "
                                        r"in 2025 \(1,000 t\)$"):
        market_input(firms, steps, None, np.array([1.0, 1.0]), {}, _mk_rules(tmp_path), None)


# ---------------------------------------------------------------- run_allocation


RULES = 'years = [2025]\n[allocation]\nmethod = "given"\n[market]\n'


def test_gap_price_counts_the_offset_price(tmp_path):
    # R = 800 − 760 = 40: e1's 30@40, 10 of e2's 25@60 → price 60; offsets at 200 unused.
    # gap price = max(steps 60, price 60, offsets 200) = 200. Alone, e1 (gap 50) abates 30 at
    # 40 and offsets 20 at 200 (its limit 10% × 500 = 50): 1,200 + 4,000 = 5,200
    rules = registry(tmp_path, FIRMS, STEPS, RULES + "offset_price_yuan_per_t = 200\n"
                                                     "offset_limit_share = 0.1\n")
    result = run_allocation(rules)
    summary = result["summary"]
    assert summary["price_yuan_per_t"] == {"2025": pytest.approx(60.0)}
    assert summary["no_trade_gap_price_yuan_per_t"] == pytest.approx(200.0)
    assert result["ledger"]["no_trade_cost_yuan"].tolist() == pytest.approx([5200.0, 0.0])
    # a penalty above everything is the gap price
    rules = registry(tmp_path, FIRMS, STEPS, RULES + "penalty_yuan_per_t = 1000\n")
    assert run_allocation(rules)["summary"]["no_trade_gap_price_yuan_per_t"] == 1000.0


def test_resource_cost_counts_offsets_at_their_price(tmp_path):
    # R = 40: e1's 30@40, then offsets at 50 (limits 50 and 30) for the last 10 t → price 50;
    # resource cost 30 × 40 + 10 × 50 = 1,700
    rules = registry(tmp_path, FIRMS, STEPS, RULES + "offset_price_yuan_per_t = 50\n"
                                                     "offset_limit_share = 0.1\n")
    result = run_allocation(rules)
    assert result["summary"]["abatement_cost_yuan"] == pytest.approx(1700.0)
    assert result["ledger"]["offsets_t"].sum() == pytest.approx(10.0)
    assert result["market"]["offsets_t"].iloc[0] == pytest.approx(10.0)


def test_a_regime_applied_outside_its_years_says_so(tmp_path):
    rules = registry(tmp_path, FIRMS, STEPS, RULES.replace(
        'method = "given"', 'method = "given"\nregime = "cn_power_2019_2020"'))
    summary = run_allocation(rules)["summary"]
    assert summary["notes"][-1] == ("regime cn_power_2019_2020 is the plan for 2019-2020; "
                                    "applied here to 2025")
    assert len(summary["notes"]) == 4
    assert "regime cn_power_2019_2020 uses values not checked against the source" in \
        summary["label"]
    firms = [[e, n, s, 2020, b, f] for e, n, s, _, b, f in FIRMS]
    rules = registry(tmp_path, firms, STEPS, RULES.replace("2025", "2020").replace(
        'method = "given"', 'method = "given"\nregime = "cn_power_2019_2020"'))
    assert len(run_allocation(rules)["summary"]["notes"]) == 3


def test_market_table_of_a_closed_market(tmp_path):
    # R = 40: e1 abates 30 at 40 and buys 20; e2 abates 10 at 60 and sells 20 → volume 20
    result = run_allocation(registry(tmp_path, FIRMS, STEPS, RULES))
    row = result["market"].iloc[0]
    assert row["volume_t"] == pytest.approx(20.0)
    assert row["price_yuan_per_t"] == pytest.approx(60.0)
    assert row["banked_t"] == 0.0 and row["bank_drawn_t"] == 0.0
    assert row["withheld_t"] == 0.0 and row["outside_purchase_t"] == 0.0
    assert row["cap_t"] == pytest.approx(760.0) and row["free_allocation_t"] == 760.0
    assert row["emissions_t"] == pytest.approx(760.0)
    assert row["abatement_t"] == pytest.approx(40.0)
