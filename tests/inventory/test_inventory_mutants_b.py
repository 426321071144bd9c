"""Tests written against the surviving mutants of sample B in carbon/inventory (and its methods):
the key-category frame and sheet, Monte Carlo groups and the trend interval, data gaps and the
library's quality counts, the XLSX data-gaps sheet, ``co2_t_per_unit``'s category, the forest
gain by area, manure indirect N2O parameters and the refrigerant species' GWP set.

Expected numbers are worked by hand (arithmetic in the comments) from the module docstrings'
equations and the shipped factors they quote; errors are checked for file, row, column, found
and expected."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from carbon.errors import DataError
from carbon.inventory import (
    DEFAULT_REGION,
    co2_t_per_unit,
    compile_inventory,
    data_gaps,
    key_categories,
    load_factors,
    monte_carlo,
    monte_carlo_trend,
    read_activity,
)
from carbon.inventory.methods.common import Context
from carbon.inventory.methods.fgas import refrigeration
from carbon.inventory.output import key_category_sheet, write_inventory
from carbon.inventory.quality import _settle, library_counts
from tests.inventory.nonenergy import compile_rows, value

GENERIC = "check the value against its source document and table, or measure it locally"


def assert_where(error: DataError, row: int, column: str, *, file: str = "activity.csv"):
    assert str(error.file).endswith(file)
    assert (error.row, error.column) == (row, column)
    assert str(error).startswith(f"{error.file}, row {row}, column '{column}': ")


def error_of(tmp_path, header, rows, **kwargs) -> DataError:
    with pytest.raises(DataError) as error:
        compile_rows(tmp_path, header, rows, **kwargs)
    return error.value


# --- key categories: the returned frame -----------------------------------------------------------


def kc_rows() -> pd.DataFrame:
    # base 2010: A 100, B 100; 2020: A 150, B 50
    return pd.DataFrame({"year": [2010, 2010, 2020, 2020], "category": ["A", "B", "A", "B"],
                         "co2e_t": [100.0, 100.0, 150.0, 50.0]})


def test_key_categories_frame_has_exactly_the_documented_columns_and_a_fresh_index():
    level = key_categories(kc_rows(), 2020)
    assert list(level.columns) == ["category", "co2e_t", "level_share", "level_cumulative",
                                   "key_level"]
    assert isinstance(level.index, pd.RangeIndex) and list(level.index) == [0, 1]
    trend = key_categories(kc_rows(), 2020, base_year=2010)
    assert list(trend.columns) == ["category", "co2e_t", "level_share", "level_cumulative",
                                   "key_level", "base_co2e_t", "trend_assessment", "trend_share",
                                   "trend_cumulative", "key_trend", "key"]
    assert list(trend.index) == [0, 1]
    assert "index" not in trend.columns


def test_key_categories_with_a_gas_column_keep_category_and_gas_first():
    rows = kc_rows().assign(gas=["CO2", "CH4", "CO2", "CH4"])
    result = key_categories(rows, 2020)
    assert list(result.columns) == ["category", "gas", "co2e_t", "level_share",
                                    "level_cumulative", "key_level"]
    assert list(result.index) == [0, 1]


def test_key_category_sheet_turns_every_share_and_cumulative_into_percent():
    # level 2020: A 150/200 = 0.75, B 0.25; cumulative 0.75, 1.00.
    # trend: Σ|E0| = 200, net 200 → 200: total trend 0; T_A = 100/200 × |0.5 − 0| = 0.25,
    # T_B = 100/200 × |−0.5 − 0| = 0.25; shares 0.5, 0.5; cumulative (A first on the tie) 0.5, 1.0
    result = key_categories(kc_rows(), 2020, base_year=2010)
    sheet = key_category_sheet(result)
    assert list(sheet.columns) == ["category", "co2e_t", "level_share_pct",
                                   "level_cumulative_pct", "key_level", "base_co2e_t",
                                   "trend_assessment", "trend_share_pct", "trend_cumulative_pct",
                                   "key_trend", "key"]
    assert sheet["level_share_pct"].tolist() == pytest.approx([75.0, 25.0])
    assert sheet["level_cumulative_pct"].tolist() == pytest.approx([75.0, 100.0])
    assert sheet["trend_share_pct"].tolist() == pytest.approx([50.0, 50.0])
    assert sheet["trend_cumulative_pct"].tolist() == pytest.approx([50.0, 100.0])
    # neither the tonnes nor the trend assessment itself are shares
    assert sheet["co2e_t"].tolist() == [150.0, 50.0]
    assert sheet["base_co2e_t"].tolist() == [100.0, 100.0]
    assert sheet["trend_assessment"].tolist() == pytest.approx([0.25, 0.25])
    assert sheet["key"].tolist() == [True, True]
    assert result["level_share"].tolist() == pytest.approx([0.75, 0.25])   # input unchanged


# --- uncertainty: Monte Carlo groups and the trend interval ---------------------------------------


def lines(rows) -> pd.DataFrame:
    """(year, category, co2e_t, ad %, ef %) rows with activity, gas and scope filled in."""
    table = pd.DataFrame(rows, columns=["year", "category", "co2e_t", "ad_uncertainty_pct",
                                        "ef_uncertainty_pct"])
    return table.assign(activity="a" + table["category"], gas="CO2", scope=1)


EXACT = lines([(2020, "X", 100.0, 0.0, 0.0), (2020, "Y", 50.0, 0.0, 0.0)])


def test_monte_carlo_without_the_by_column_puts_every_row_in_one_group_named_all():
    # no 'sector' column: one group 'all' of 100 + 50 = 150 t, then the total
    result = monte_carlo(EXACT, 2020, draws=20)
    assert list(result.columns) == ["year", "sector", "co2e_t", "mean_t", "median_t", "lower_t",
                                    "upper_t", "lower_pct", "upper_pct"]
    assert result["sector"].tolist() == ["all", "total"]
    assert result["co2e_t"].tolist() == [150.0, 150.0]
    assert result["year"].tolist() == [2020, 2020]
    other = monte_carlo(EXACT, 2020, draws=20, by="site")
    assert other["site"].tolist() == ["all", "total"]
    by_category = monte_carlo(EXACT, 2020, draws=20, by="category")
    assert by_category["category"].tolist() == ["X", "Y", "total"]
    assert by_category["co2e_t"].tolist() == [100.0, 50.0, 150.0]


def test_monte_carlo_groups_with_one_draw_per_row_add_up_to_the_total():
    # X drawn (10 % activity uncertainty), Y exact: the Y group is 50 t in every draw; the total
    # draws are X's draws + 50
    rows = lines([(2020, "X", 100.0, 10.0, 0.0), (2020, "Y", 50.0, 0.0, 0.0)])
    result = monte_carlo(rows, 2020, draws=2000, seed=4, by="category",
                         distribution="normal").set_index("category")
    assert result.loc["Y", "lower_t"] == pytest.approx(50.0)
    assert result.loc["Y", "upper_t"] == pytest.approx(50.0)
    assert result.loc["total", "mean_t"] == pytest.approx(result.loc["X", "mean_t"] + 50.0)
    # normal, half-width 10 %: the 95 % interval of X is about 90 to 110 t
    assert result.loc["X", "lower_t"] == pytest.approx(90.0, abs=1.0)
    assert result.loc["X", "upper_t"] == pytest.approx(110.0, abs=1.0)


def test_monte_carlo_trend_interval_is_the_2_5th_and_97_5th_percentile():
    # base 2010 X 100 t exact; 2020 X 100 t with a 10 % (half-width of the 95 % interval)
    # normal uncertainty on the activity, no factor uncertainty. The trend draw is
    # (X_2020 − 100)/100 × 100 %, normal with mean 0 and sd 10/1.959964 = 5.102 %: its 2.5th
    # and 97.5th percentiles are −10 % and +10 % (the 3.5th would be −1.812 × 5.102 = −9.24 %).
    # The standard error of the 2.5th percentile of 40,000 draws is about 0.07 pp.
    rows = lines([(2010, "X", 100.0, 0.0, 0.0), (2020, "X", 100.0, 10.0, 0.0)])
    result = monte_carlo_trend(rows, 2020, 2010, draws=40_000, seed=11, distribution="normal")
    assert list(result.columns) == ["year", "base_year", "trend_pct", "mean_pct", "median_pct",
                                    "lower_pct", "upper_pct", "lower_pp", "upper_pp"]
    out = result.iloc[0]
    assert (out["year"], out["base_year"]) == (2020, 2010)
    assert out["trend_pct"] == 0.0
    assert out["mean_pct"] == pytest.approx(0.0, abs=0.15)
    assert out["median_pct"] == pytest.approx(0.0, abs=0.15)
    assert out["lower_pct"] == pytest.approx(-10.0, abs=0.3)
    assert out["upper_pct"] == pytest.approx(10.0, abs=0.3)
    # the ends minus the estimate (0 %)
    assert out["lower_pp"] == pytest.approx(out["lower_pct"])
    assert out["upper_pp"] == pytest.approx(out["upper_pct"])


def test_monte_carlo_trend_of_exact_rows_and_the_ends_relative_to_the_estimate():
    # exact rows: 2010 100 + 50 = 150 t; 2020 150 + 30 = 180 t; (180 − 150)/150 = 20 % in
    # every draw
    rows = lines([(2010, "X", 100.0, 0.0, 0.0), (2010, "Y", 50.0, 0.0, 0.0),
                  (2020, "X", 150.0, 0.0, 0.0), (2020, "Y", 30.0, 0.0, 0.0)])
    out = monte_carlo_trend(rows, 2020, 2010, draws=50).iloc[0]
    assert out["trend_pct"] == pytest.approx(20.0)
    for column in ("mean_pct", "median_pct", "lower_pct", "upper_pct"):
        assert out[column] == pytest.approx(20.0)
    assert out["lower_pp"] == pytest.approx(0.0, abs=1e-9)
    assert out["upper_pp"] == pytest.approx(0.0, abs=1e-9)


def test_monte_carlo_trend_refuses_a_base_year_summing_to_zero():
    rows = lines([(2010, "X", 100.0, 0.0, 0.0), (2010, "Y", -100.0, 0.0, 0.0),
                  (2020, "X", 100.0, 0.0, 0.0)])
    with pytest.raises(DataError) as error:
        monte_carlo_trend(rows, 2020, 2010, draws=10)
    assert str(error.value) == ("argument 'base_year': the inventory of 2010 sums to zero; the "
                                "trend divides by it")


# --- quality: data_gaps and _settle ---------------------------------------------------------------

GAP_FACTORS = pd.DataFrame({
    "factor_id": ["good", "weak", "twice", "plain"],
    "quality": ["verified", "estimate", "unverified", "estimate"],
    "notes": ["", "To settle: weigh the fuel.", "source A | To settle:  ask the plant | "
              "also To settle: later", "no marker here"],
})


def gap_inventory(**columns) -> pd.DataFrame:
    base = {"year": [2020, 2020], "category": ["1.A.2", "1.A.4.b"],
            "activity": ["raw_coal", "diesel"], "co2e_t": [300.0, 100.0],
            "factor_ids": ["good;weak", "good"]}
    return pd.DataFrame(base | columns)


def test_settle_takes_the_first_to_settle_sentence_up_to_the_next_part():
    assert _settle("To settle: weigh the fuel.") == "weigh the fuel."
    # the first marker wins, stripped, cut at ' | '
    assert _settle("source A | To settle:  ask the plant | also To settle: later") == \
        "ask the plant"
    assert _settle("To settle: first. | To settle: second.") == "first."
    assert _settle("no marker here") == GENERIC
    assert _settle("") == GENERIC


def test_data_gaps_what_to_collect_comes_from_the_factor_notes():
    inventory = gap_inventory(factor_ids=["weak;twice", "plain"])
    gaps = data_gaps(inventory, GAP_FACTORS).set_index("item")
    assert gaps.loc["weak", "what_to_collect"] == "weigh the fuel."
    assert gaps.loc["twice", "what_to_collect"] == "ask the plant"
    assert gaps.loc["plain", "what_to_collect"] == GENERIC
    assert gaps.loc["twice", "label"] == "unverified"
    # an id the factors do not know is unverified, with the generic request
    unknown = data_gaps(gap_inventory(factor_ids=["mystery", "good"]), GAP_FACTORS)
    assert unknown[["item", "label", "what_to_collect"]].values.tolist() == [
        ["mystery", "unverified", GENERIC]]


def test_data_gaps_skip_empty_factor_ids():
    # '' cells, a trailing ';', a doubled ';' and a missing cell name no factor
    inventory = pd.DataFrame({"year": [2020] * 4, "category": ["1.A.2"] * 4,
                              "activity": ["raw_coal"] * 4, "co2e_t": [10.0, 20.0, 30.0, 40.0],
                              "factor_ids": ["", "weak;", "good;;weak", None]})
    gaps = data_gaps(inventory, GAP_FACTORS)
    # only 'weak': 20 + 30 = 50 t of a total 100 t
    assert gaps["item"].tolist() == ["weak"]
    assert gaps["co2e_t"].tolist() == [50.0]
    assert gaps["share"].tolist() == [0.5]
    assert "" not in set(gaps["item"])


def test_data_gaps_of_an_inventory_of_zeros_have_share_zero_not_nan():
    inventory = gap_inventory(co2e_t=[0.0, 0.0])
    gaps = data_gaps(inventory, GAP_FACTORS)
    assert gaps["item"].tolist() == ["weak"]
    assert gaps["co2e_t"].tolist() == [0.0]
    assert gaps["share"].tolist() == [0.0]
    assert not gaps["share"].isna().any()


def test_data_gaps_weak_activity_inputs_grouped_and_ranked_with_the_factors():
    # ESTIMATE rows of (2020, 1.A.2, raw_coal): 300 + 100 t (two rows, summed); a lower-case
    # 'placeholder;direct' cell is weak too; DIRECT and an empty label are not.
    # Total |CO2e| = 300 + 100 + 50 + 40 + |−10| = 500.
    inventory = pd.DataFrame({
        "year": [2020] * 5,
        "category": ["1.A.2", "1.A.2", "1.A.4.b", "1.A.1", "3.B.1"],
        "activity": ["raw_coal", "raw_coal", "diesel", "natural_gas", "forest_stock_increment"],
        "co2e_t": [300.0, 100.0, 50.0, 40.0, -10.0],
        "factor_ids": ["good", "good", "good", "good", "weak"],
        "activity_quality": ["ESTIMATE", "ESTIMATE", "placeholder;direct", "DIRECT", None],
    })
    gaps = data_gaps(inventory, GAP_FACTORS)
    assert list(gaps.columns) == ["rank", "kind", "item", "label", "co2e_t", "share",
                                  "what_to_collect"]
    assert gaps["item"].tolist() == ["raw_coal in 1.A.2, 2020", "diesel in 1.A.4.b, 2020", "weak"]
    assert gaps["kind"].tolist() == ["activity", "activity", "factor"]
    assert gaps["label"].tolist() == ["ESTIMATE", "placeholder;direct", "estimate"]
    assert gaps["co2e_t"].tolist() == [400.0, 50.0, 10.0]          # the sink by its size
    assert gaps["share"].tolist() == pytest.approx([0.8, 0.1, 0.02])
    assert gaps["rank"].tolist() == [1, 2, 3]
    assert gaps["what_to_collect"].iloc[0] == (
        "a measured amount (statistics bureau, utility or enterprise records) for this category "
        "and fuel")


def test_data_gaps_ties_go_by_item_and_nothing_weak_gives_an_empty_table():
    inventory = pd.DataFrame({"year": [2020, 2020], "category": ["1.A.2", "1.A.2"],
                              "activity": ["a", "b"], "co2e_t": [5.0, 5.0],
                              "factor_ids": ["weak", "plain"]})
    gaps = data_gaps(inventory, GAP_FACTORS)
    assert gaps["item"].tolist() == ["plain", "weak"]                # 5 t each: by item
    assert gaps["share"].tolist() == [0.5, 0.5]
    none = data_gaps(inventory.assign(factor_ids="good"), GAP_FACTORS)
    assert none.empty
    assert list(none.columns) == ["rank", "kind", "item", "label", "co2e_t", "share",
                                  "what_to_collect"]


# --- quality: library_counts ----------------------------------------------------------------------


def test_library_counts_energy_needs_an_energy_family_and_an_energy_category():
    factors = pd.DataFrame([
        ("raw_coal", "", "verified"),             # coal, no category: energy
        ("diesel", "1.A.3.b", "corroborated"),    # oil, sector 1: energy
        ("natural_gas", "2.B.1", "estimate"),     # gas, but an IPPU category: not energy
        ("clinker", "", "unverified"),            # no category, but family clinker: not energy
        ("swine", "3.A.2", "verified"),           # livestock
        ("no_such_activity", "1.A", "estimate"),  # no family: not energy
    ], columns=["activity", "category", "quality"])
    counts = library_counts(factors)
    assert list(counts.columns) == ["rows_of", "verified", "corroborated", "unverified",
                                    "estimate", "rows", "checked_share"]
    assert counts["rows_of"].tolist() == ["energy", "non_energy"]
    table = counts.set_index("rows_of")
    # energy: 1 verified + 1 corroborated of 2 rows → 1.0
    assert table.loc["energy", ["verified", "corroborated", "unverified", "estimate",
                                "rows"]].tolist() == [1, 1, 0, 0, 2]
    assert table.loc["energy", "checked_share"] == 1.0
    # the rest: 1 verified of 4 rows (estimate 2, unverified 1) → 0.25
    assert table.loc["non_energy", ["verified", "corroborated", "unverified", "estimate",
                                    "rows"]].tolist() == [1, 0, 1, 2, 4]
    assert table.loc["non_energy", "checked_share"] == 0.25


def test_library_counts_of_a_group_without_rows_is_zero():
    factors = pd.DataFrame({"activity": ["swine"], "category": ["3.A.2"],
                            "quality": ["verified"]})
    table = library_counts(factors).set_index("rows_of")
    assert table.loc["energy", "rows"] == 0
    assert table.loc["energy", "checked_share"] == 0.0
    assert table.loc["non_energy", "checked_share"] == 1.0


# --- output: the XLSX data-gaps sheet uses the factors given ------------------------------------
# a made-up fuel in a user factor file with quality labels: only the NCV (f.csv:2) is weak.
# Per tonne: 40 GJ = 0.04 TJ; CO2 0.04 × 20 × 0.5 × 44/12 = 1.466667 t; CH4 0.04 × 10 kg = 0.4 kg
# (× 28 = 0.0112 t CO2e); N2O 0.04 × 1.5 = 0.06 kg (× 265 = 0.0159 t CO2e). 100 t: 146.6667 +
# 1.12 + 1.59 = 149.376667 t CO2e, every row through the NCV.
QUALITY_FUEL = (
    "activity,gas,parameter,value,unit,quality,notes\n"
    "test_fuel,-,ncv,40,GJ/t,estimate,To settle: weigh the fuel. | then ask | To settle: later\n"
    "test_fuel,-,carbon_content,20,tC/TJ,verified,\n"
    "test_fuel,-,oxidation,0.5,,verified,\n"
    "test_fuel,CH4,ef,10,kg/TJ,verified,\n"
    "test_fuel,N2O,ef,1.5,kg/TJ,verified,\n")


def test_the_xlsx_data_gaps_sheet_reads_the_labels_of_the_factors_given(tmp_path):
    factor_file = tmp_path / "f.csv"
    factor_file.write_text(QUALITY_FUEL, encoding="utf-8")
    activity_file = tmp_path / "a.csv"
    activity_file.write_text("year,category,activity,amount,unit\n2020,1.A.2,test_fuel,100,t\n",
                             encoding="utf-8")
    library = load_factors((factor_file,))
    activity = read_activity([activity_file], known_activities=library["activity"].unique())
    inventory = compile_inventory(activity, library)
    out = write_inventory(inventory, tmp_path / "inv.xlsx", factors=library, gwp="AR5",
                          region="hunan")
    rows = list(load_workbook(out)["data_gaps"].iter_rows(values_only=True))
    assert rows[0] == ("rank", "kind", "item", "label", "co2e_t", "share", "what_to_collect")
    assert len(rows) == 2          # the four verified factors of the user file are no gaps
    assert rows[1][:4] == (1, "factor", "f.csv:2", "estimate")
    assert rows[1][4] == pytest.approx(100 * 0.04 * 20 * 0.5 * 44 / 12 + 1.12 + 1.59)
    assert rows[1][5] == pytest.approx(1.0)
    assert rows[1][6] == "weigh the fuel."


# --- compile: co2_t_per_unit ----------------------------------------------------------------------


def test_co2_per_unit_selects_by_the_category_given():
    # ippu.csv: clinker 2.A.1 0.538 t/t (CN), 0.51 t/t (IPCC default, no region)
    assert co2_t_per_unit("clinker", "t", category="2.A.1") == pytest.approx(0.538)
    assert co2_t_per_unit("clinker", "万t", category="2.A.1") == pytest.approx(5380.0)
    assert co2_t_per_unit("clinker", "t", category="2.A.1", region=None) == pytest.approx(0.51)
    # the default category 1.A does not take a 2.A.1 factor: no route, 0
    assert co2_t_per_unit("clinker", "t") == 0.0
    assert co2_t_per_unit("clinker", "t", category="2.A.2") == 0.0


def test_co2_per_unit_follows_the_convention():
    # IPCC: 20.908 GJ/t (CN NCV) × 94,600 kg/TJ = 1.9778968 t CO2 per t of raw coal
    assert co2_t_per_unit("raw_coal", "t", convention="ipcc") == pytest.approx(1.9778968)


# --- methods: forest gain by area -----------------------------------------------------------------
LAND = "year,category,activity,amount,unit"


def test_forest_area_gain_is_area_times_growth(tmp_path):
    # 100 ha × G_W 2 t d.m./ha × (1 + R 0.25) × CF 0.5 (CN) × 44/12 = 458.3333 t CO2 taken up
    inv = compile_rows(tmp_path, LAND, "2020,3.B.1,forest_area,100,ha\n",
                       factors="forest_land,-,growth,3.B.1,,2,t/ha\n")
    assert value(inv) == pytest.approx(-100 * 2 * 1.25 * 0.5 * 44 / 12)
    assert value(inv) == pytest.approx(-458.333333)
    row = inv.iloc[0]
    assert (row["activity"], row["gas"], row["category"]) == ("forest_area", "CO2", "3.B.1")
    assert row["factor_ids"].split(";") == ["factors.csv:2", "est_rootshoot_3B1_ningxiang",
                                            "cn_cf_3B1"]


def test_forest_growth_is_converted_to_tonnes_per_hectare(tmp_path):
    # 2,000 kg/ha = 2 t/ha; 1 km2 = 100 ha: the same 458.3333 t
    inv = compile_rows(tmp_path, LAND, "2020,3.B.1,forest_area,100,ha\n",
                       factors="forest_land,-,growth,3.B.1,,2000,kg/ha\n")
    assert value(inv) == pytest.approx(-458.333333)


def test_forest_area_errors_name_the_row_and_what_is_missing(tmp_path):
    error = error_of(tmp_path, LAND, "2020,3.B.1,forest_area,100,ha\n")
    assert_where(error, 2, "activity")
    assert str(error).endswith(": no 'growth' factor (gas -) for activity 'forest_area' in "
                               "category 3.B.1 (region hunan): add a row with --factors")
    error = error_of(tmp_path, LAND, "2020,3.B.1,forest_area,100,ha\n",
                     factors="forest_land,-,growth,3.B.1,,2,t\n")
    assert_where(error, 2, "unit", file="factors.csv")
    assert str(error).endswith(": 't' cannot be converted to 't/ha': parameter 'growth' of "
                               "'forest_area' must be in 't/ha'")
    error = error_of(tmp_path, LAND, "2020,3.B.1,forest_area,100,t\n",
                     factors="forest_land,-,growth,3.B.1,,2,t/ha\n")
    assert_where(error, 2, "unit")
    assert str(error).endswith(": found unit 't' for activity 'forest_area' in category 3.B.1, "
                               "expected a unit convertible to 'ha'")


# --- methods: manure indirect N2O parameters ------------------------------------------------------
MANURE = "year,category,activity,amount,unit,ms_shares"
GOATS = "2020,3.A.2,goats,20000,head,solid_storage:0.6;daily_spread:0.4\n"
# N excreted 20,000 × 0.34 × 0.024 × 365 = 59,568 kg N (test_manure_n2o.py)
N_EXCRETED_KG = 20000 * 0.34 * 0.024 * 365
VOLATILISED_T = N_EXCRETED_KG * (0.6 * 0.12 + 0.4 * 0.07) * 0.014 * 44 / 28 / 1000


@pytest.mark.parametrize("parameter", ["ef4", "ef5"])
def test_an_indirect_manure_factor_with_a_unit_is_refused(tmp_path, parameter):
    error = error_of(tmp_path, MANURE, GOATS,
                     factors=f"manure_management,-,{parameter},3.A.2,,0.011,t\n")
    assert_where(error, 2, "unit", file="factors.csv")
    assert str(error).endswith(f": 't' cannot be converted to '': parameter '{parameter}' of "
                               "'goats' must be in 'a pure number'")


def test_a_users_ef5_scales_the_leached_n2o(tmp_path):
    # EF5 0.022 instead of 0.011: N leached 59,568 × 0.6 × 0.02 = 714.816 kg N;
    # × 0.022 × 44/28 = 24.7122 kg; volatilised part unchanged 131.050 kg
    inv = compile_rows(tmp_path, MANURE, GOATS,
                       factors="manure_management,-,ef5,3.A.2,,0.022,\n")
    leached_t = N_EXCRETED_KG * 0.6 * 0.02 * 0.022 * 44 / 28 / 1000
    assert leached_t == pytest.approx(0.0247122, rel=1e-5)
    assert value(inv, category="3.C.6") == pytest.approx(VOLATILISED_T + leached_t)
    assert "factors.csv:2" in inv.loc[inv["category"] == "3.C.6", "factor_ids"].iloc[0]


# --- methods: refrigerant species and the GWP set -------------------------------------------------
BANK = "year,category,activity,amount,unit,species,stage"
BANK_FACTORS = ("activity,gas,parameter,category,region,value,unit\n"
                "hfc_stationary_ac,-,leak_charge,,,0.01,\n"      # k 1 %
                "hfc_stationary_ac,-,leak_bank,,,0.1,1/year\n"   # x 10 %/yr
                "hfc_stationary_ac,-,eol_remaining,,,0.5,\n"     # p 50 %
                "hfc_stationary_ac,-,eol_recovery,,,0.2,\n")     # η 20 %


def bank_context(tmp_path, rows: str, extra_factors: str = "", **kwargs):
    factor_file = tmp_path / "factors.csv"
    factor_file.write_text(BANK_FACTORS + extra_factors, encoding="utf-8")
    activity_file = tmp_path / "activity.csv"
    activity_file.write_text(BANK + "\n" + rows, encoding="utf-8")
    library = load_factors((factor_file,))
    activity = read_activity([activity_file], known_activities=library["activity"].unique())
    return activity, Context(library, DEFAULT_REGION, **kwargs)


def test_without_a_gwp_option_species_are_checked_against_ar5(tmp_path):
    # HFC-245fa has an AR5 GWP (858) but none in SAR. 10 t charged in 2020:
    # 10 × 0.01 + bank 10 × 0.1 = 1.1 t
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,10,t,HFC-245fa,charge\n")
    assert ctx.options == {}
    out = refrigeration(activity, ctx)
    assert [(r["gas"], r["year"]) for r in out] == [("HFC-245fa", 2020)]
    assert out[0]["emissions_t"] == pytest.approx(1.1)


def test_without_a_gwp_option_a_blends_components_are_checked_against_ar5(tmp_path):
    # R-410A (shipped 50 % HFC-32, 50 % HFC-125): 1 t charged → 0.11 t → 0.055 t of each
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,1,t,R-410A,charge\n")
    out = refrigeration(activity, ctx)
    assert {r["gas"]: r["emissions_t"] for r in out} == pytest.approx(
        {"HFC-32": 0.055, "HFC-125": 0.055})
    # a user's blend with HFC-245fa: known in AR5, so accepted without the option
    blend = ("refrigerant_blends,HFC-32,blend:R-999,2.F.1,,0.5,\n"
             "refrigerant_blends,HFC-245fa,blend:R-999,2.F.1,,0.5,\n")
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,1,t,R-999,charge\n",
                                 blend)
    out = refrigeration(activity, ctx)
    assert {r["gas"]: r["emissions_t"] for r in out} == pytest.approx(
        {"HFC-32": 0.055, "HFC-245fa": 0.055})


def test_a_species_without_a_gwp_in_the_chosen_set_names_the_row_and_the_sets_it_has(tmp_path):
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,10,t,HFC-245fa,charge\n",
                                 options={"gwp": "SAR"})
    with pytest.raises(DataError) as error:
        refrigeration(activity, ctx)
    assert_where(error.value, 2, "species")
    assert str(error.value).endswith(
        ": species 'HFC-245fa' has no GWP in set SAR (data/emission_factors/gwp.csv; it has AR4, "
        "AR5, AR6): expected a named HFC/PFC such as HFC-134a or HFC-32")


def test_a_species_in_no_gwp_set_is_refused_without_a_list(tmp_path):
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,10,t,HFC-999,charge\n")
    with pytest.raises(DataError) as error:
        refrigeration(activity, ctx)
    assert_where(error.value, 2, "species")
    assert str(error.value).endswith(
        ": species 'HFC-999' has no GWP in set AR5 (data/emission_factors/gwp.csv): expected a "
        "named HFC/PFC such as HFC-134a or HFC-32")


def test_a_blend_component_without_a_gwp_names_the_activity_row(tmp_path):
    blend = ("refrigerant_blends,HFC-32,blend:R-999,2.F.1,,0.5,\n"
             "refrigerant_blends,HFC-245fa,blend:R-999,2.F.1,,0.5,\n")
    activity, ctx = bank_context(tmp_path, "2020,2.F.1,hfc_stationary_ac,1,t,R-999,charge\n",
                                 blend, options={"gwp": "SAR"})
    with pytest.raises(DataError) as error:
        refrigeration(activity, ctx)
    assert_where(error.value, 2, "species")
    assert "species 'HFC-245fa' has no GWP in set SAR" in str(error.value)



# --- gpc: the view's rows, order and index --------------------------------------------------------


def test_gpc_view_one_row_per_reference_and_gas_then_the_unmapped_with_a_fresh_index():
    from carbon.inventory.gpc import gpc_view, subsectors

    rows = [  # year, category, gas, scope, t (emissions = CO2e for simplicity)
        (2021, "1.A.4.b", "CO2", 1, 100.0),
        (2020, "1.A.4.b", "CH4", 1, 1.0),
        (2020, "1.A.4.b", "CO2", 1, 50.0),
        (2020, "3.B.1", "CO2", 2, 7.0),          # no GPC line for scope 2 of land
        (2020, "1.A.4.b", "CO2", 1, 25.0),
    ]
    inventory = pd.DataFrame([{"year": y, "category": c, "activity": "a", "gas": g, "scope": s,
                               "emissions_t": v, "co2e_t": v} for y, c, g, s, v in rows])
    view = gpc_view(inventory)
    references = len(subsectors())
    # 2020: every reference once, I.1.1 twice (CH4, CO2), and the unmapped row; 2021: every
    # reference once
    assert len(view) == (references + 2) + references
    assert isinstance(view.index, pd.RangeIndex) and view.index[-1] == len(view) - 1
    assert list(view.columns) == ["year", "gpc_ref", "gpc_sector", "subsector", "scope", "gas",
                                  "emissions_t", "co2e_t", "notation_key", "explanation",
                                  "basic", "basic_plus", "categories"]
    first = view.iloc[0]
    assert (first["year"], first["gpc_ref"], first["gas"], first["co2e_t"]) == (
        2020, "I.1.1", "CH4", 1.0)
    second = view.iloc[1]
    assert (second["gpc_ref"], second["gas"], second["co2e_t"]) == ("I.1.1", "CO2", 75.0)
    assert second["categories"] == "1.A.4.b" and second["notation_key"] == ""
    filled = view.iloc[2]
    assert (filled["gpc_ref"], filled["notation_key"], filled["gas"]) == ("I.1.2", "NE", "")
    assert filled["explanation"] == "no activity data in the inventory (default key)"
    assert pd.isna(filled["co2e_t"]) and filled["categories"] == ""
    unmapped = view.iloc[references + 1]        # the last row of 2020
    assert (unmapped["year"], unmapped["gpc_ref"], unmapped["co2e_t"]) == (2020, "", 7.0)
    assert unmapped["gpc_sector"] == "not mapped"
    assert unmapped["subsector"] == "no GPC sub-sector for this category and scope"
    assert not unmapped["basic"] and not unmapped["basic_plus"]
    later = view.iloc[references + 2]
    assert (later["year"], later["gpc_ref"], later["gas"], later["co2e_t"]) == (
        2021, "I.1.1", "CO2", 100.0)
    assert view["year"].tolist() == [2020] * (references + 2) + [2021] * references


def test_gpc_view_names_the_first_missing_column():
    from carbon.inventory.gpc import gpc_view

    with pytest.raises(DataError) as error:
        gpc_view(pd.DataFrame({"year": [2020], "category": ["1.A.4.b"], "scope": [1]}))
    assert str(error.value) == "argument 'inventory': the frame has no column 'gas'"


# --- waste: a gap in the deposition history -------------------------------------------------------
FOD = "year,category,activity,amount,unit,site,composition"


def test_a_gap_names_the_first_row_after_it_and_at_most_five_missing_years(tmp_path):
    # years 2009 (row 2), 2001 (row 3), 2002 (row 4): 2003 to 2008 are missing (six years, five
    # listed); the first row of the series after 2003, in file order, is row 2
    rows = ("2009,4.A,msw_food,10,t,managed_anaerobic,\n"
            "2001,4.A,msw_food,10,t,managed_anaerobic,\n"
            "2002,4.A,msw_food,10,t,managed_anaerobic,\n")
    error = error_of(tmp_path, FOD, rows)
    assert_where(error, 2, "year")
    assert str(error).endswith(
        ": the deposition history of 'msw_food' has a gap: no row for 2003, 2004, 2005, 2006, "
        "2007; expected one row per year from the first deposit on (amount 0 for a year without "
        "deposits)")


def test_each_site_is_its_own_deposition_history(tmp_path):
    # a managed site from 2001 and an uncategorised one from 2003 (empty site): no gap.
    # 2002: only the 2001 deposit decays, 1000 × 0.15 × 0.5 × 1.0 = 75 t DDOCm
    # × (1 − e^−0.185) × 0.5 × 16/12
    rows = ("2001,4.A,msw_food,1000,t,managed_anaerobic,\n"
            "2002,4.A,msw_food,0,t,managed_anaerobic,\n"
            "2003,4.A,msw_food,1000,t,,\n")
    inv = compile_rows(tmp_path, FOD, rows)
    assert sorted(inv["year"].unique()) == [2001, 2002, 2003]
    assert value(inv, year=2002) == pytest.approx(75 * (1 - math.exp(-0.185)) * 0.5 * 16 / 12)


# --- uncertainty: several factor draws per row ----------------------------------------------------


def test_monte_carlo_rows_with_two_uncertain_factors_multiply_their_draws():
    # X uses f1 and f2, each 10 % (half-width) normal: relative sd s = 0.1/1.959964 = 0.051021
    # each; the product has variance (1 + s²)² − 1 = 2s² + s⁴ = 0.0052129, sd 0.072200, so the
    # 95 % interval of X is about 100 × (1 ± 1.96 × 0.0722) = 85.85 to 114.15 t. Y (an id the
    # library does not know) is exact: 50 t in every draw.
    rows = lines([(2020, "X", 100.0, 0.0, 0.0), (2020, "Y", 50.0, 0.0, 0.0)])
    rows["factor_ids"] = ["f1;f2", "unknown"]
    library = pd.DataFrame({"factor_id": ["f1", "f2"], "uncertainty_pct": [10.0, 10.0]})
    result = monte_carlo(rows, 2020, draws=40_000, seed=8, factors=library, by="category",
                         distribution="normal").set_index("category")
    assert result.loc["Y", "lower_t"] == pytest.approx(50.0)
    assert result.loc["Y", "upper_t"] == pytest.approx(50.0)
    assert result.loc["X", "mean_t"] == pytest.approx(100.0, abs=0.2)
    assert result.loc["X", "lower_t"] == pytest.approx(85.85, abs=0.6)
    assert result.loc["X", "upper_t"] == pytest.approx(114.15, abs=0.6)
    assert result.loc["total", "co2e_t"] == 150.0
    assert result.loc["total", "mean_t"] == pytest.approx(result.loc["X", "mean_t"] + 50.0)


def test_forest_refuses_an_activity_without_a_route_naming_the_row(tmp_path):
    # compile_inventory refuses 'urea' in 3.B.1 earlier (no factor); the method itself names the
    # three routes
    from carbon.inventory.methods.land import forest

    path = tmp_path / "activity.csv"
    path.write_text(LAND + "\n2020,3.B.1,forest_stock_increment,10,m3\n2020,3.B.1,urea,1,t\n",
                    encoding="utf-8")
    library = load_factors()
    activity = read_activity([path], known_activities=library["activity"].unique())
    with pytest.raises(DataError) as error:
        forest(activity, Context(library, DEFAULT_REGION))
    assert_where(error.value, 3, "activity")
    assert str(error.value).endswith(": found activity 'urea' in 3.B.1, expected one of "
                                     "forest_stock_increment, forest_area, wood_removals")


def test_the_xlsx_data_gaps_sheet_covers_the_latest_year_only(tmp_path):
    # 2019: 50 t and 2020: 100 t of test_fuel; the weak NCV carries 149.376667 t CO2e in 2020
    # (the 2019 rows are not added)
    factor_file = tmp_path / "f.csv"
    factor_file.write_text(QUALITY_FUEL, encoding="utf-8")
    activity_file = tmp_path / "a.csv"
    activity_file.write_text("year,category,activity,amount,unit\n2019,1.A.2,test_fuel,50,t\n"
                             "2020,1.A.2,test_fuel,100,t\n", encoding="utf-8")
    library = load_factors((factor_file,))
    activity = read_activity([activity_file], known_activities=library["activity"].unique())
    inventory = compile_inventory(activity, library)
    out = write_inventory(inventory, tmp_path / "inv.xlsx", factors=library, gwp="AR5",
                          region="hunan")
    rows = list(load_workbook(out)["data_gaps"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "f.csv:2"
    assert rows[1][4] == pytest.approx(149.376667)
    assert rows[1][5] == pytest.approx(1.0)          # of the 2020 total only
