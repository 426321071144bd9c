"""Tests written against surviving mutants of the inventory core: key categories (IPCC 2006 Vol. 1
Ch. 4 Approach 1), uncertainty (Vol. 1 Ch. 3 Approach 1 Table 3.2 and Approach 2), the
uncertainty sheet of the output, and the 'did you mean' hints. Every expected number is worked by
hand from the module docstrings' equations (arithmetic in the comments)."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from carbon.errors import DataError
from carbon.inventory import (
    compile_inventory,
    key_categories,
    load_factors,
    monte_carlo,
    monte_carlo_trend,
    uncertainty,
    validate_activity,
)
from carbon.inventory.gpc import gpc_totals, gpc_view
from carbon.inventory.key_categories import require_frame, trend_assessment
from carbon.inventory.output import gpc_sheet, summarise, uncertainty_sheet, write_inventory
from carbon.inventory.quality import format_shares
from carbon.inventory.uncertainty import (
    Z95,
    _draw,
    _intervals,
    approach1_table,
    simulate,
)
from carbon.inventory.vocabulary import nearest

# --- key categories: require_frame ------------------------------------------------------------


def frame(rows, columns=("year", "category", "co2e_t")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def test_require_frame_refuses_what_is_not_a_frame_naming_the_argument_and_type():
    with pytest.raises(DataError, match=re.escape(
            "argument 'inventory': expected a pandas DataFrame, found list")):
        key_categories([1, 2], 2020)
    with pytest.raises(DataError, match=re.escape(
            "argument 'rows': expected a pandas DataFrame, found dict")):
        require_frame({}, name="rows")


def test_require_frame_names_the_first_missing_column_the_columns_and_the_contract():
    partial = pd.DataFrame({"year": [2020], "category": ["1.A.1"]})
    with pytest.raises(DataError) as error:
        require_frame(partial)
    assert str(error.value) == ("argument 'inventory': the frame has no column 'co2e_t' "
                                "(columns: year, category); expected year, category, co2e_t")


def test_require_frame_on_a_frame_without_columns_says_none():
    with pytest.raises(DataError) as error:
        require_frame(pd.DataFrame(), name="inv")
    assert str(error.value) == ("argument 'inv': the frame has no column 'year' (columns: none); "
                                "expected year, category, co2e_t")


def test_require_frame_accepts_the_three_columns():
    assert require_frame(frame([(2020, "1.A.1", 1.0)])) is None


# --- key categories: _emissions_of ------------------------------------------------------------


def test_a_year_without_rows_lists_the_years_present():
    rows = frame([(2020, "1.A.1", 1.0), (2010, "1.A.1", 1.0)])
    with pytest.raises(DataError) as error:
        key_categories(rows, 2030)
    assert str(error.value) == ("argument 'year': no rows for year 2030 (years in the inventory: "
                                "2010, 2020)")


def test_an_empty_inventory_lists_no_years():
    with pytest.raises(DataError) as error:
        key_categories(frame([]), 2020)
    assert str(error.value) == ("argument 'year': no rows for year 2020 (years in the inventory: "
                                "none)")


@pytest.mark.parametrize("bad", ["abc", "", float("inf"), float("nan"), None])
def test_a_co2e_cell_that_is_not_a_finite_number_is_one_clear_error(bad):
    # text is coerced to NaN and refused in the same words as NaN and infinity
    rows = frame([(2020, "1.A.1", 10.0), (2020, "3.A.1", bad)])
    rows["co2e_t"] = rows["co2e_t"].astype(object)
    with pytest.raises(DataError) as error:
        key_categories(rows, 2020)
    assert str(error.value) == ("argument 'inventory': column 'co2e_t' holds a value that is not a "
                                "finite number")


def test_numbers_written_as_text_are_read_as_numbers():
    # "60" and "40": shares 60/100 and 40/100
    rows = frame([(2020, "1.A.1", "60"), (2020, "3.A.1", "40")])
    result = key_categories(rows, 2020)
    assert result["level_share"].tolist() == [0.6, 0.4]
    assert result["co2e_t"].tolist() == [60.0, 40.0]


def test_rows_of_one_category_add_up_and_ties_go_by_category_code():
    # 1.A.1 90 t; 2.A.1 and 1.B.1 5 t each (2.A.1 given in two rows of 2 and 3 t), entered in
    # the order 1.A.1, 2.A.1, 1.B.1. Shares 0.90, 0.05, 0.05. The tie is broken by category
    # code (1.B.1 before 2.A.1), both in the order of the rows and in the cumulative sum:
    # 1.B.1 starts at 0.90 < 0.95 and is key; 2.A.1 starts at 0.95 and is not.
    rows = frame([(2020, "1.A.1", 90.0), (2020, "2.A.1", 2.0), (2020, "1.B.1", 5.0),
                  (2020, "2.A.1", 3.0)])
    result = key_categories(rows, 2020)
    assert result["category"].tolist() == ["1.A.1", "1.B.1", "2.A.1"]
    assert result["co2e_t"].tolist() == [90.0, 5.0, 5.0]
    assert result["level_cumulative"].tolist() == pytest.approx([0.90, 0.95, 1.00])
    assert result["key_level"].tolist() == [True, True, False]
    # the order of the input rows does not matter
    again = key_categories(rows.iloc[::-1].reset_index(drop=True), 2020)
    pd.testing.assert_frame_equal(result, again)


def test_ties_with_a_gas_column_sort_by_category_then_gas():
    # four lines of 25 t each: category ascending, then gas ascending
    rows = pd.DataFrame({"year": [2020] * 4, "category": ["3.A.1", "1.A.1", "1.A.1", "2.A.1"],
                         "gas": ["CH4", "N2O", "CH4", "CO2"], "co2e_t": [25.0] * 4})
    result = key_categories(rows, 2020)
    assert list(zip(result["category"], result["gas"], strict=True)) == [
        ("1.A.1", "CH4"), ("1.A.1", "N2O"), ("2.A.1", "CO2"), ("3.A.1", "CH4")]
    # cumulative 0.25, 0.50, 0.75, 1.00: the fourth starts at 0.75 < 0.95, all are key
    assert result["key_level"].tolist() == [True] * 4
    assert result["key_level"].dtype == bool


# --- key categories: key_categories -----------------------------------------------------------


@pytest.mark.parametrize("threshold", [0, -0.5, 1.01])
def test_a_threshold_outside_zero_to_one_is_refused(threshold):
    with pytest.raises(DataError) as error:
        key_categories(frame([(2020, "1.A.1", 1.0)]), 2020, threshold=threshold)
    assert str(error.value) == (f"argument 'threshold': found {threshold}, expected a share in "
                                "(0, 1]")


def test_threshold_one_makes_every_emitting_category_key_and_a_lower_one_fewer():
    # shares 0.6, 0.3, 0.1 and a category at 0 (never key: nothing to weigh)
    rows = frame([(2020, "1.A.1", 60.0), (2020, "2.A.1", 30.0), (2020, "3.A.1", 10.0),
                  (2020, "4.A", 0.0)])
    everything = key_categories(rows, 2020, threshold=1)
    assert everything["key_level"].tolist() == [True, True, True, False]
    # threshold 0.5: 1.A.1 starts at 0 < 0.5 (key) and crosses; 2.A.1 starts at 0.6 (not)
    half = key_categories(rows, 2020, threshold=0.5)
    assert half["key_level"].tolist() == [True, False, False, False]
    # threshold 0.6: 2.A.1 starts at exactly 0.6, not below it: not key
    assert key_categories(rows, 2020, threshold=0.6)["key_level"].tolist() == [
        True, False, False, False]


def test_an_inventory_summing_to_zero_in_absolute_value_is_refused():
    rows = frame([(2020, "1.A.1", 0.0), (2020, "3.A.1", 0.0)])
    with pytest.raises(DataError) as error:
        key_categories(rows, 2020)
    assert str(error.value) == ("argument 'year': the inventory of 2020 sums to zero in absolute "
                                "value; no level assessment is possible")


def test_scopes_none_takes_every_row_and_no_scope_column_takes_every_row():
    rows = pd.DataFrame({"year": [2020] * 3, "category": ["1.A.1", "1.A.2", "1.A.4"],
                         "scope": [1, 2, 3], "co2e_t": [50.0, 30.0, 20.0]})
    assert key_categories(rows, 2020, scopes=None)["level_share"].tolist() == [0.5, 0.3, 0.2]
    assert key_categories(rows, 2020, scopes=[2, 3])["level_share"].tolist() == [0.6, 0.4]
    without = rows.drop(columns="scope")
    assert key_categories(without, 2020)["level_share"].tolist() == [0.5, 0.3, 0.2]


def test_trend_with_every_category_on_the_total_trend_has_no_trend_key():
    # both categories double: own trend 1.0 = total trend (400 − 200)/200 = 1.0, so T = 0 for
    # each; ΣT = 0: shares 0, and nothing is key by trend (key = key by level)
    rows = frame([(2010, "1.A.1", 100.0), (2010, "3.A.1", 100.0),
                  (2020, "1.A.1", 200.0), (2020, "3.A.1", 200.0)])
    result = key_categories(rows, 2020, base_year=2010)
    assert result["trend_assessment"].tolist() == [0.0, 0.0]
    assert result["trend_share"].tolist() == [0.0, 0.0]
    assert result["key_trend"].tolist() == [False, False]
    assert result["key"].tolist() == [True, True]
    assert result["base_co2e_t"].tolist() == [100.0, 100.0]
    for column in ("key_level", "key_trend", "key"):
        assert result[column].dtype == bool


def test_a_category_only_in_the_base_year_is_assessed_at_zero_now():
    # base 1.A.1 80, 3.A.1 20 (Σ|E0| = 100, net 100); now 1.A.1 100 only (3.A.1 absent = 0):
    # total trend (100 − 100)/100 = 0.
    # T 1.A.1 = 80/100 × |(100 − 80)/80 − 0| = 0.8 × 0.25 = 0.2
    # T 3.A.1 = 20/100 × |(0 − 20)/20 − 0|   = 0.2 × 1    = 0.2
    rows = frame([(2010, "1.A.1", 80.0), (2010, "3.A.1", 20.0), (2020, "1.A.1", 100.0)])
    result = key_categories(rows, 2020, base_year=2010).set_index("category")
    assert result.loc["3.A.1", "co2e_t"] == 0.0
    assert result.loc["3.A.1", "level_share"] == 0.0
    assert result.loc["1.A.1", "trend_assessment"] == pytest.approx(0.2)
    assert result.loc["3.A.1", "trend_assessment"] == pytest.approx(0.2)
    assert result.loc["3.A.1", "trend_share"] == pytest.approx(0.5)
    assert bool(result.loc["3.A.1", "key"]) is True          # key by trend only
    assert bool(result.loc["3.A.1", "key_level"]) is False


# --- key categories: trend_assessment ---------------------------------------------------------


def test_trend_assessment_eq_4_2_and_4_3_without_warnings(recwarn):
    # base A 100, B 50, C 0 (absent); now A 150, B 50, C 25. Σ|E0| = 150, net 150 → 225:
    # total trend 75/150 = 0.5.
    # T_A = 100/150 × |0.5 − 0.5| = 0; T_B = 50/150 × |0 − 0.5| = 1/6; T_C (Eq. 4.3) = 25/150
    base = pd.Series([100.0, 50.0, 0.0], index=["A", "B", "C"])
    now = pd.Series([150.0, 50.0, 25.0], index=["A", "B", "C"])
    result = trend_assessment(base, now)
    assert result.tolist() == pytest.approx([0.0, 1 / 6, 25 / 150])
    assert list(result.index) == ["A", "B", "C"]
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_trend_assessment_sink_counts_by_absolute_value():
    # base A 100, sink S −50: Σ|E0| = 150, net 50; now A 100, S −25: net 75, total trend 0.5.
    # T_S = 50/150 × |(−25 + 50)/50 − 0.5| = 1/3 × 0 = 0; T_A = 100/150 × |0 − 0.5| = 1/3
    base = pd.Series([100.0, -50.0], index=["A", "S"])
    now = pd.Series([100.0, -25.0], index=["A", "S"])
    assert trend_assessment(base, now).tolist() == pytest.approx([1 / 3, 0.0])


def test_a_base_year_of_zeros_is_refused():
    rows = frame([(2010, "1.A.1", 0.0), (2020, "1.A.1", 10.0)])
    with pytest.raises(DataError) as error:
        key_categories(rows, 2020, base_year=2010)
    assert str(error.value) == ("argument 'base_year': the base-year inventory sums to zero in "
                                "absolute value; no trend assessment is possible")


def test_a_base_year_netting_to_zero_is_refused():
    # 100 t emitted and a 100 t sink: Σ|E0| = 200, but the net total 0 is a divisor of Eq. 4.2
    rows = frame([(2010, "1.A.1", 100.0), (2010, "3.B.1", -100.0), (2020, "1.A.1", 10.0)])
    with pytest.raises(DataError) as error:
        key_categories(rows, 2020, base_year=2010)
    assert str(error.value) == ("argument 'base_year': the base-year net total is zero; the trend "
                                "(Vol. 1 Eq. 4.2) divides by it")


# --- uncertainty: Approach 1 ------------------------------------------------------------------


def lines(rows) -> pd.DataFrame:
    """(year, category, co2e_t, ad %, ef %) rows with activity, gas and scope filled in."""
    table = pd.DataFrame(rows, columns=["year", "category", "co2e_t", "ad_uncertainty_pct",
                                        "ef_uncertainty_pct"])
    return table.assign(activity="a" + table["category"], gas="CO2", scope=1)


TWO = lines([(2010, "X", 100.0, 3.0, 4.0), (2010, "Y", 50.0, 6.0, 8.0),
             (2020, "X", 120.0, 3.0, 4.0), (2020, "Y", 30.0, 6.0, 8.0)])


def test_approach1_two_lines_level_and_trend_by_hand():
    # G_X = √(3² + 4²) = 5, G_Y = √(6² + 8²) = 10; ΣD = 150, ΣC = 150.
    # level: √((5·120)² + (10·30)²) / 150 = √(360,000 + 90,000) / 150 = √20 = 4.472136 %
    # trend (150 − 150)/150 = 0 %.
    # A_X = (1.2 + 150 − 1 − 150)/151 × 100 = 0.132450; A_Y = (0.3 − 0.5)/150.5 × 100 = −0.132890
    # B_X = 120/150 = 0.8, B_Y = 30/150 = 0.2
    # K = A·F: 0.529801, −1.063123; L = B·E·√2: 3.394113, 1.697056
    # Σ(K² + L²) = 0.280689 + 11.52 + 1.130231 + 2.88 = 15.810920 → 3.976295 pp
    result = uncertainty(TWO, 2020, base_year=2010)
    assert result.level_pct == pytest.approx(math.sqrt(20))
    assert result.total_co2e_t == 150.0 and result.base_total_co2e_t == 150.0
    assert result.year == 2020 and result.base_year == 2010
    assert result.trend_pct == pytest.approx(0.0)
    a_x, a_y = 0.2 / 151 * 100, -0.2 / 150.5 * 100
    assert result.trend_uncertainty_pp == pytest.approx(math.sqrt(
        (a_x * 4) ** 2 + (0.8 * 3 * math.sqrt(2)) ** 2
        + (a_y * 8) ** 2 + (0.2 * 6 * math.sqrt(2)) ** 2))
    assert result.trend_uncertainty_pp == pytest.approx(3.976295, abs=1e-6)
    assert result.share_without_ad == 0.0 and result.share_without_ef == 0.0


def test_approach1_table_keeps_only_the_table_3_2_columns():
    result = uncertainty(TWO, 2020, base_year=2010)
    assert list(result.table.columns) == ["category", "activity", "gas", "scope", "D", "C", "E",
                                          "F", "G", "H", "A", "B", "K", "L", "M"]
    level_only = uncertainty(TWO, 2020)
    assert list(level_only.table.columns) == ["category", "activity", "gas", "scope", "D", "E",
                                              "F", "G", "H"]
    # H = (G·D)² / (ΣD)²: X (5·120)²/150² = 16, Y (10·30)²/150² = 4
    assert level_only.table["H"].tolist() == pytest.approx([16.0, 4.0])


def test_approach1_table_readable_names_and_type_b_in_percent():
    table = approach1_table(uncertainty(TWO, 2020, base_year=2010))
    assert list(table.columns) == [
        "category", "activity", "gas", "scope", "co2e_t", "base_co2e_t", "ad_uncertainty_pct",
        "ef_uncertainty_pct", "combined_uncertainty_pct", "contribution_to_variance",
        "type_a_sensitivity_pct", "type_b_sensitivity_pct", "trend_uncertainty_ef_pp",
        "trend_uncertainty_ad_pp", "contribution_to_trend_variance"]
    x = table.set_index("category").loc["X"]
    assert x["ef_uncertainty_pct"] == 4.0 and x["ad_uncertainty_pct"] == 3.0
    assert x["combined_uncertainty_pct"] == pytest.approx(5.0)
    assert x["type_b_sensitivity_pct"] == pytest.approx(80.0)        # B = 0.8 → 80 %
    assert x["type_a_sensitivity_pct"] == pytest.approx(0.2 / 151 * 100)
    assert x["trend_uncertainty_ad_pp"] == pytest.approx(0.8 * 3 * math.sqrt(2))
    # without a base year there is no type B column to scale
    level = approach1_table(uncertainty(TWO, 2020))
    assert "type_b_sensitivity_pct" not in level
    assert level["ef_uncertainty_pct"].tolist() == [4.0, 8.0]


def test_a_line_only_in_the_base_year_takes_the_base_years_uncertainties():
    # Z: 10 t in 2010 only, E 20 %, F 30 % → D = 0, E = 20, F = 30 in the table
    rows = pd.concat([TWO, lines([(2010, "Z", 10.0, 20.0, 30.0)])], ignore_index=True)
    table = uncertainty(rows, 2020, base_year=2010).table.set_index("category")
    assert table.loc["Z", "D"] == 0.0 and table.loc["Z", "C"] == 10.0
    assert table.loc["Z", "E"] == 20.0 and table.loc["Z", "F"] == 30.0


def test_rows_of_one_line_combine_activity_by_eq_3_2_and_factor_by_weighted_mean():
    # two rows of line X in 2020: 100 t (E 10, F 4) and 300 t (E 20, F 8)
    # E = √((10·100)² + (20·300)²)/400 = √37,000,000/400 = 15.206906; F = (4·100 + 8·300)/400 = 7
    rows = lines([(2020, "X", 100.0, 10.0, 4.0), (2020, "X", 300.0, 20.0, 8.0)])
    result = uncertainty(rows, 2020)
    e = math.sqrt(37_000_000) / 400
    assert result.table["E"].iloc[0] == pytest.approx(e)
    assert result.table["F"].iloc[0] == pytest.approx(7.0)
    assert result.level_pct == pytest.approx(math.sqrt(e**2 + 49))


def test_a_missing_uncertainty_is_reported_by_its_share():
    # X (120 t) gives no activity uncertainty, Y (30 t) no factor uncertainty: Σ|D| = 150
    rows = TWO.copy()
    rows.loc[(rows["year"] == 2020) & (rows["category"] == "X"), "ad_uncertainty_pct"] = np.nan
    rows.loc[(rows["year"] == 2020) & (rows["category"] == "Y"), "ef_uncertainty_pct"] = np.nan
    result = uncertainty(rows, 2020)
    assert result.share_without_ad == pytest.approx(120 / 150)
    assert result.share_without_ef == pytest.approx(30 / 150)
    # level: X counts F only (4), Y E only (6): √((4·120)² + (6·30)²)/150 = √(230,400 + 32,400)/150
    assert result.level_pct == pytest.approx(math.sqrt(262_800) / 150)


def test_approach1_refuses_a_year_or_base_year_summing_to_zero():
    zero_now = lines([(2020, "X", 50.0, 1.0, 1.0), (2020, "Y", -50.0, 1.0, 1.0)])
    with pytest.raises(DataError) as error:
        uncertainty(zero_now, 2020)
    assert str(error.value) == ("argument 'year': the inventory of 2020 sums to zero; its "
                                "relative uncertainty is undefined")
    zero_base = pd.concat([TWO[TWO["year"] == 2020],
                           lines([(2010, "X", 50.0, 1.0, 1.0), (2010, "Y", -50.0, 1.0, 1.0)])])
    with pytest.raises(DataError) as error:
        uncertainty(zero_base, 2020, base_year=2010)
    assert str(error.value) == ("argument 'base_year': the inventory of 2010 sums to zero; the "
                                "trend divides by it")
    with pytest.raises(DataError) as error:
        uncertainty(TWO, 2020, base_year=1990)
    assert str(error.value) == ("argument 'base_year': no rows for year 1990 (years in the "
                                "inventory: 2010, 2020)")


def test_approach1_needs_both_uncertainty_columns():
    with pytest.raises(DataError) as error:
        uncertainty(TWO.drop(columns="ad_uncertainty_pct"), 2020)
    assert str(error.value) == ("argument 'inventory': the frame has no column "
                                "'ad_uncertainty_pct'; expected year, category, co2e_t, "
                                "ad_uncertainty_pct, ef_uncertainty_pct")


# --- uncertainty: Approach 2 draws ------------------------------------------------------------


ONE = lines([(2020, "X", 100.0, 10.0, 0.0), (2020, "Y", 50.0, 0.0, 0.0)])


@pytest.mark.parametrize("distribution", ["uniform", "", "Normal"])
def test_an_unknown_distribution_is_refused(distribution):
    with pytest.raises(DataError) as error:
        simulate(ONE, draws=10, seed=0, distribution=distribution)
    assert str(error.value) == (f"argument 'distribution': found '{distribution}', expected "
                                "lognormal or normal")
    with pytest.raises(DataError, match=re.escape(f"found '{distribution}', expected lognormal")):
        monte_carlo(ONE, 2020, draws=10, distribution=distribution)


@pytest.mark.parametrize("draws", [0, -5])
def test_fewer_than_one_draw_is_refused(draws):
    with pytest.raises(DataError) as error:
        simulate(ONE, draws=draws, seed=0)
    assert str(error.value) == f"argument 'draws': found {draws}, expected at least 1"
    with pytest.raises(DataError, match=re.escape(f"argument 'draws': found {draws}, expected")):
        monte_carlo_trend(TWO, 2020, 2010, draws=draws)


def test_only_quantities_with_an_uncertainty_are_drawn():
    # X has 10 % activity data (one draw), Y is exact (not drawn): one drawn quantity plus the
    # padding row of ones
    drawn, index, multipliers = _draw(ONE, draws=50, seed=0, factors=None,
                                      distribution="lognormal")
    assert drawn.tolist() == [True, False]
    assert index.tolist() == [[0]]
    assert multipliers.shape == (2, 50)
    assert (multipliers[-1] == 1.0).all()
    assert (multipliers[0] > 0).all()
    samples = simulate(ONE, draws=50, seed=0)
    assert (samples[1] == 50.0).all()                 # the exact row stays at its estimate
    assert samples[0] == pytest.approx(100.0 * multipliers[0])


def test_a_row_with_activity_and_factor_uncertainty_multiplies_two_draws():
    rows = lines([(2020, "X", 100.0, 10.0, 20.0)])
    drawn, index, multipliers = _draw(rows, draws=20, seed=1, factors=None,
                                      distribution="normal")
    assert drawn.tolist() == [True]
    assert index.tolist() == [[0, 1]]
    assert simulate(rows, draws=20, seed=1, distribution="normal")[0] == pytest.approx(
        100.0 * multipliers[0] * multipliers[1])


def test_the_gases_of_one_activity_share_its_amount_draw_and_rows_are_padded_with_ones():
    # CO2 and CH4 of one (year, category, activity): one activity draw (10 %); the CO2 row's
    # factor (5 %) is a second draw; the CH4 row has no factor uncertainty, so its second slot is
    # the padding row (index 2 = len(uncertain), all ones)
    rows = lines([(2020, "X", 100.0, 10.0, 5.0), (2020, "X", 1.0, 10.0, 0.0)])
    rows["gas"] = ["CO2", "CH4"]
    rows["factor_ids"] = ["fco2", "fch4"]
    drawn, index, multipliers = _draw(rows, draws=30, seed=2, factors=None,
                                      distribution="normal")
    assert drawn.tolist() == [True, True]
    assert index.tolist() == [[0, 1], [0, 2]]
    assert multipliers.shape == (3, 30)
    samples = simulate(rows, draws=30, seed=2, distribution="normal")
    assert samples[1] == pytest.approx(1.0 * multipliers[0])
    assert samples[0] == pytest.approx(100.0 * multipliers[0] * multipliers[1])
    # without an activity column every row draws its own amount
    drawn, index, _ = _draw(rows.drop(columns="activity"), draws=5, seed=2, factors=None,
                            distribution="normal")
    assert index.tolist() == [[0, 2], [1, 3]]


def test_rows_of_one_factor_id_share_its_draw_with_the_librarys_uncertainty():
    # factors frame given: one draw per factor_id, with its uncertainty_pct (the first row of
    # an id wins); an id the library does not know is exact
    rows = lines([(2020, "X", 100.0, 0.0, 99.0), (2020, "Y", 50.0, 0.0, 99.0),
                  (2020, "Z", 10.0, 0.0, 99.0)])
    rows["factor_ids"] = ["f1;f2", "f1", "unknown"]
    library = pd.DataFrame({"factor_id": ["f1", "f2", "f1"], "uncertainty_pct": [10.0, 0.0, 50.0]})
    drawn, index, multipliers = _draw(rows, draws=40_000, seed=3, factors=library,
                                      distribution="normal")
    assert drawn.tolist() == [True, True, False]
    assert index.tolist() == [[0], [0]]
    assert multipliers[0].std() == pytest.approx(0.1 / Z95, rel=0.02)


def test_normal_draws_have_the_estimate_as_mean_and_u_over_1_96_as_sd():
    # 10 % half-width → relative sd 10/(100 × 1.959964) = 0.051021
    samples = simulate(ONE, draws=40_000, seed=5, distribution="normal")[0] / 100.0
    assert samples.mean() == pytest.approx(1.0, abs=0.002)
    assert samples.std() == pytest.approx(0.1 / Z95, rel=0.02)


def test_lognormal_draws_have_mean_one_and_the_same_relative_sd():
    # lognormal of mean 1 and relative sd s = 0.5/1.959964 (50 %): σ² = ln(1 + s²),
    # median e^(−σ²/2)
    rows = lines([(2020, "X", 100.0, 50.0, 0.0)])
    samples = simulate(rows, draws=40_000, seed=6)[0] / 100.0
    s = 0.5 / Z95
    sigma2 = math.log1p(s**2)
    assert samples.mean() == pytest.approx(1.0, abs=0.005)
    assert samples.std() == pytest.approx(s, rel=0.03)
    assert np.median(samples) == pytest.approx(math.exp(-sigma2 / 2), abs=0.005)
    assert samples.min() > 0


# --- uncertainty: _intervals ------------------------------------------------------------------


def test_intervals_percentiles_and_ends_relative_to_the_estimate():
    # five draws each; np.percentile interpolates linearly between ranks (positions 0..4):
    # 2.5 % at position 0.1, 97.5 % at 3.9.
    # a: 90, 95, 100, 105, 110 → 90.5, 100, 109.5; estimate 100 → −9.5 %, +9.5 %
    # b: −60 … −40 → −59.5, −50, −40.5; estimate −50 (scale |−50|/100 = 0.5) → −19 %, +19 %
    # c: estimate 0: no relative interval (NaN)
    samples = np.array([[90.0, 95.0, 100.0, 105.0, 110.0],
                        [-60.0, -55.0, -50.0, -45.0, -40.0],
                        [-2.0, -1.0, 0.0, 1.0, 2.0]])
    out = _intervals(["a", "b", "c"], np.array([100.0, -50.0, 0.0]), samples)
    assert list(out.columns) == ["sector", "co2e_t", "mean_t", "median_t", "lower_t", "upper_t",
                                 "lower_pct", "upper_pct"]
    assert out["sector"].tolist() == ["a", "b", "c"]
    assert out["mean_t"].tolist() == pytest.approx([100.0, -50.0, 0.0])
    assert out["median_t"].tolist() == pytest.approx([100.0, -50.0, 0.0])
    assert out["lower_t"].tolist() == pytest.approx([90.5, -59.5, -1.9])
    assert out["upper_t"].tolist() == pytest.approx([109.5, -40.5, 1.9])
    assert out["lower_pct"].iloc[:2].tolist() == pytest.approx([-9.5, -19.0])
    assert out["upper_pct"].iloc[:2].tolist() == pytest.approx([9.5, 19.0])
    assert np.isnan(out["lower_pct"].iloc[2]) and np.isnan(out["upper_pct"].iloc[2])


def test_monte_carlo_of_exact_rows_has_a_zero_width_interval():
    # no uncertainty anywhere: every draw is the estimate, so the ends are 0 % away from it
    rows = lines([(2020, "X", 100.0, 0.0, 0.0), (2020, "Y", 50.0, 0.0, 0.0)])
    result = monte_carlo(rows, 2020, draws=20, by="category").set_index("category")
    assert result.loc["total", "co2e_t"] == 150.0
    assert result.loc["total", "upper_t"] == pytest.approx(150.0)
    assert result["lower_pct"].tolist() == pytest.approx([0.0, 0.0, 0.0])
    assert result["upper_pct"].tolist() == pytest.approx([0.0, 0.0, 0.0])


# --- output: uncertainty_sheet ----------------------------------------------------------------


def with_sector(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(sector=rows["category"].map({"X": "energy", "Y": "waste"}),
                       factor_ids="f" + rows["category"])


def test_uncertainty_sheet_level_only():
    approach1 = uncertainty(TWO, 2020)
    sheet = uncertainty_sheet(approach1)
    assert sheet.columns[0] == "method"
    assert sheet["method"].tolist() == ["approach 1 (Table 3.2)"] * 3
    total = sheet.iloc[-1]
    assert total["category"] == "total"
    assert total["co2e_t"] == 150.0
    assert total["combined_uncertainty_pct"] == pytest.approx(math.sqrt(20))
    assert total["share_without_ad_uncertainty"] == 0.0
    assert total["share_without_ef_uncertainty"] == 0.0
    assert "trend_pct" not in sheet and "base_co2e_t" not in sheet


def test_uncertainty_sheet_with_trend_and_monte_carlo():
    rows = with_sector(TWO)
    approach1 = uncertainty(rows, 2020, base_year=2010)
    level = monte_carlo(rows, 2020, draws=200, seed=1)
    trend = monte_carlo_trend(rows, 2020, 2010, draws=200, seed=1)
    sheet = uncertainty_sheet(approach1, level, trend)
    assert sheet.columns[0] == "method"
    assert sheet["method"].tolist() == (["approach 1 (Table 3.2)"] * 3
                                        + ["approach 2 (Monte Carlo)"] * 3
                                        + ["approach 2 (Monte Carlo), trend"])
    total = sheet.iloc[2]
    assert total["base_co2e_t"] == 150.0
    assert total["trend_pct"] == pytest.approx(0.0)
    assert total["trend_uncertainty_pp"] == pytest.approx(approach1.trend_uncertainty_pp)
    # Monte Carlo level rows: the 'by' column (sector) becomes 'category'
    assert sheet["category"].iloc[3:6].tolist() == ["energy", "waste", "total"]
    assert "sector" not in sheet
    assert sheet["upper_t"].iloc[5] == pytest.approx(level["upper_t"].iloc[-1])
    # the trend row: its own trend columns keep their names, the others take 'trend_'
    last = sheet.iloc[-1]
    assert last["category"] == "total"
    assert last["base_year"] == 2010
    assert last["trend_pct"] == pytest.approx(trend["trend_pct"].iloc[0])
    for column in ("mean_pct", "median_pct", "lower_pct", "upper_pct", "lower_pp", "upper_pp"):
        assert last[f"trend_{column}"] == pytest.approx(trend[column].iloc[0])
    assert pd.isna(last["lower_pct"]) and pd.isna(last["upper_pct"])   # the level's columns
    assert "lower_pp" not in sheet and "upper_pp" not in sheet
    assert "trend_trend_pct" not in sheet and "trend_base_year" not in sheet
    assert "trend_year" not in sheet
    assert pd.isna(last["year"])                         # 'year' of the trend frame is dropped
    assert sheet["year"].iloc[3] == 2020


# --- vocabulary: nearest ----------------------------------------------------------------------


def test_nearest_first_by_exact_case_keeping_the_spelling():
    assert nearest("HFC-134", ["HFC-134a", "HFC-32", "diesel"]) == ["HFC-134a", "HFC-32"]
    assert nearest("natral_gas", ["natural_gas", "diesel"]) == ["natural_gas"]


def test_nearest_falls_back_to_lower_case_with_a_lower_cutoff():
    # 'COAL' matches nothing case-sensitively; lower-cased, 'coal' (ratio 1) and 'coke' (2·2/8 =
    # 0.5) pass the cutoff 0.3, 'diesel' (2·1/10 = 0.2) does not
    assert nearest("COAL", ["coal", "coke", "diesel"]) == ["coal", "coke"]
    assert nearest("COAL", ["coal", "coke", "diesel"], n=1) == ["coal"]
    # 'gas' against 'natural_gas': 2·3/14 = 0.43, below 0.5 but above 0.3
    assert nearest("gas", ["natural_gas"]) == ["natural_gas"]
    assert nearest("xyz", ["natural_gas", "diesel"]) == []


# --- output: summarise, write_inventory, gpc_sheet, the XLSX summary ---------------------------


def summary_inventory() -> pd.DataFrame:
    rows = [  # year, category, sector, gas, scope, t CO2e
        (2020, "1.A.2", "industry", "CO2", 1, 100.0),
        (2020, "1.A.2", "industry", "CH4", 1, 10.0),
        (2020, "1.A.2", "industry", "CO2", 2, 40.0),     # purchased electricity
        (2020, "3.B.1", "land", "CO2", 1, -30.0),        # a sink
        (2020, "4.A", "waste", "CH4", 3, 5.0),
        (2010, "1.A.2", "industry", "CO2", 1, 80.0),
    ]
    return pd.DataFrame(rows, columns=["year", "category", "sector", "gas", "scope", "co2e_t"])


def test_summarise_sums_by_scope_sector_and_gas_per_year():
    summary = summarise(summary_inventory())
    # scopes of 2020: 1 → 100 + 10 − 30 = 80, 2 → 40, 3 → 5; 2010: 80, 0, 0
    assert summary["by_scope"].loc[2020].tolist() == [80.0, 40.0, 5.0]
    assert summary["by_scope"].loc[2010].tolist() == [80.0, 0.0, 0.0]
    table = summary["by_sector_gas"][2020]
    # industry: CO2 100 + 40 = 140, CH4 10, total 150, scope 1 110
    assert table.loc["industry", ["CH4", "CO2", "total", "scope 1"]].tolist() == [
        10.0, 140.0, 150.0, 110.0]
    assert table.loc["land", ["CH4", "CO2", "total", "scope 1"]].tolist() == [
        0.0, -30.0, -30.0, -30.0]
    assert table.loc["waste", ["total", "scope 1"]].tolist() == [5.0, 0.0]
    # net 2020: 100 + 10 + 40 − 30 + 5 = 125; the sink −30; gross 155
    assert summary["total_co2e_t"].to_dict() == {2010: 80.0, 2020: 125.0}
    assert summary["net_co2e_t"].to_dict() == {2010: 80.0, 2020: 125.0}
    assert summary["sink_co2e_t"].to_dict() == {2010: 0.0, 2020: -30.0}
    assert summary["gross_co2e_t"].to_dict() == {2010: 80.0, 2020: 155.0}
    one = summarise(summary_inventory(), 2020)
    assert list(one["by_sector_gas"]) == [2020]
    assert (one["total_co2e_t"], one["sink_co2e_t"], one["gross_co2e_t"]) == (125.0, -30.0, 155.0)


def compiled(scope2: bool = True) -> pd.DataFrame:
    rows = {"year": ["2020"], "category": ["1.A.4.b"], "activity": ["natural_gas"],
            "amount": ["100"], "unit": ["万m3"]}
    if scope2:
        rows = {k: v + [w] for (k, v), w in zip(
            rows.items(), ["2020", "1.A.4.b", "electricity_grid", "1000", "MWh"], strict=True)}
    return compile_inventory(validate_activity(pd.DataFrame(rows), "act.csv"), load_factors())


def test_a_csv_inventory_writes_each_extra_sheet_beside_it(tmp_path):
    inventory = compiled()
    sheets = {"key_categories": pd.DataFrame({"category": ["1.A.4.b"], "share": [1.0]})}
    out = write_inventory(inventory, tmp_path / "inv.csv", factors=load_factors(), gwp="AR5",
                          region="hunan", sheets=sheets)
    assert out == tmp_path / "inv.csv"
    beside = tmp_path / "inv_key_categories.csv"
    assert beside.is_file()
    assert pd.read_csv(beside, encoding="utf-8-sig").to_dict("list") == {
        "category": ["1.A.4.b"], "share": [1.0]}
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == len(inventory)


def test_gpc_sheet_appends_the_totals_with_their_co2e():
    inventory = compiled()
    view = gpc_view(inventory)
    totals = gpc_totals(view).iloc[0]
    sheet = gpc_sheet(inventory)
    assert list(sheet.columns) == list(view.columns)
    rows = sheet[sheet["gpc_ref"] == "total"].set_index("subsector")
    assert list(rows.index) == ["scope1_co2e_t", "scope2_co2e_t", "scope3_co2e_t",
                                "basic_co2e_t", "basic_plus_co2e_t"]
    for name in rows.index:
        assert rows.loc[name, "co2e_t"] == pytest.approx(totals[name])
    # the gas and electricity rows: scope 1 + scope 2 = the inventory's total
    assert rows.loc["scope1_co2e_t", "co2e_t"] + rows.loc["scope2_co2e_t", "co2e_t"] == \
        pytest.approx(inventory["co2e_t"].sum())
    assert (rows["year"] == 2020).all()


def summary_cells(path) -> dict:
    sheet = load_workbook(path)["summary"]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_the_xlsx_summary_names_the_grid_factor_year_or_its_absence(tmp_path):
    without = write_inventory(compiled(scope2=False), tmp_path / "gas.xlsx",
                              factors=load_factors(), gwp="AR5", region=None)
    cells = summary_cells(without)
    assert cells["grid-factor year"] == "no purchased electricity"
    assert cells["region of factors"] == "any"
    assert cells["GWP set"] == "AR5 (100-year)"
    inventory = compiled()
    years = sorted({int(y) for y in inventory.loc[inventory["scope"] == 2, "factor_year"]})
    assert years                                  # the grid factor carries its year
    both = write_inventory(inventory, tmp_path / "both.xlsx", factors=load_factors(),
                           gwp="AR5", region="hunan")
    cells = summary_cells(both)
    assert cells["grid-factor year"] == ", ".join(map(str, years))
    assert cells["region of factors"] == "hunan"
    assert cells["2020: total CO2e (t)"] == pytest.approx(inventory["co2e_t"].sum())


# --- quality: format_shares -------------------------------------------------------------------


def test_format_shares_prints_one_line_per_kind():
    shares = pd.DataFrame({"quality": ["verified", "estimate"], "factor_share": [0.75, 0.25],
                           "activity_share": [0.5, 0.5]})
    assert format_shares(shares) == (
        "CO2e by quality of the factors:  verified 75.0%, estimate 25.0%\n"
        "CO2e by quality of the activity: verified 50.0%, estimate 50.0%")
    assert format_shares(shares.drop(columns="activity_share")) == (
        "CO2e by quality of the factors:  verified 75.0%, estimate 25.0%")


def test_identical_rows_in_two_files_are_warned_about_once(tmp_path):
    import warnings as _warnings

    from carbon.errors import DataWarning
    from carbon.inventory import inventory_from_files

    header = "year,category,activity,amount,unit\n"
    (tmp_path / "a.csv").write_text(header + "2020,1.A.3.b,diesel,5,t\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + "2020,1.A.3.b,diesel,5,t\n"
                                    "2020,1.A.3.b,diesel,6,t\n", encoding="utf-8")
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        inventory = inventory_from_files([tmp_path / "a.csv", tmp_path / "b.csv"])
    found = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    # the same row in two files (differing only in file and row) is a candidate double entry
    assert len(found) == 1
    assert found[0].startswith("2 rows are identical to another row")
    assert f"{tmp_path / 'a.csv'} row 2" in found[0] and f"{tmp_path / 'b.csv'} row 2" in found[0]
    assert "row 3" not in found[0]
    # all three are added: 5 + 5 + 6 = 16 t of diesel × 0.042652 TJ/t × 20.2 tC/TJ × 0.98 × 44/12
    # = 16 × 3.0959097 = 49.534555 t CO2
    co2 = inventory.loc[inventory["gas"] == "CO2", "emissions_t"].sum()
    assert co2 == pytest.approx(49.534555, rel=1e-6)
