"""Uncertainty: Approach 1 (IPCC 2006 Vol. 1 Ch. 3 Eq. 3.1, 3.2, Table 3.2) on a six-category
inventory worked by hand; Approach 2 (Monte Carlo) against it; the inventory's uncertainty
columns from activity and factor rows."""

import math

import numpy as np
import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory import (
    compile_inventory,
    load_factors,
    monte_carlo,
    monte_carlo_trend,
    uncertainty,
)
from carbon.inventory.activity import validate_activity

# category, gas, 2010 t CO2e, 2020 t CO2e, activity-data U %, factor U % (2020 and 2010 alike)
# (E, F) are Pythagorean pairs so that G = √(E² + F²) is exact: 5, 10, 25, 50, 13, 10.
SIX = [
    ("1.A.1", "CO2", 400.0, 500.0, 3.0, 4.0),
    ("1.A.3.b", "CO2", 200.0, 300.0, 6.0, 8.0),
    ("3.A.1", "CH4", 100.0, 100.0, 20.0, 15.0),
    ("4.A", "CH4", 100.0, 60.0, 30.0, 40.0),
    ("2.A.1", "CO2", 0.0, 30.0, 5.0, 12.0),
    ("3.B.1", "CO2", -20.0, -10.0, 8.0, 6.0),
]


def six_categories() -> pd.DataFrame:
    rows = []
    for category, gas, base, now, ad, ef in SIX:
        for year, value in ((2010, base), (2020, now)):
            if value:
                rows.append({"year": year, "category": category, "activity": f"a{category}",
                             "gas": gas, "scope": 1, "co2e_t": value, "factor_ids": f"f{category}",
                             "ad_uncertainty_pct": ad, "ef_uncertainty_pct": ef})
    return pd.DataFrame(rows)


def test_level_uncertainty_by_hand():
    # Eq. 3.2 over G·D: (5·500)² + (10·300)² + (25·100)² + (50·60)² + (13·30)² + (10·10)²
    #   = 6,250,000 + 9,000,000 + 6,250,000 + 9,000,000 + 152,100 + 10,000 = 30,662,100
    # √30,662,100 = 5537.337; ΣD = 500 + 300 + 100 + 60 + 30 − 10 = 980 → 5.65034 %
    result = uncertainty(six_categories(), 2020)
    assert result.total_co2e_t == 980.0
    assert result.level_pct == pytest.approx(math.sqrt(30_662_100) / 980, rel=1e-12)
    assert result.level_pct == pytest.approx(5.65034, abs=1e-5)
    assert result.trend_pct is None


def test_trend_uncertainty_by_hand():
    # ΣC = 400 + 200 + 100 + 100 + 0 − 20 = 780, ΣD = 980: trend 200/780 = 25.641026 %.
    # Type A: A = (0.01 D + 980 − (0.01 C + 780)) / (0.01 C + 780) × 100 − 25.641026
    #   1.A.1: (5 + 980 − 4 − 780)/784 × 100 = 25.637755 → −0.003271
    #   1.A.3.b: (3 + 980 − 2 − 780)/782 × 100 = 25.703325 → 0.062299
    #   3.A.1: (1 + 980 − 1 − 780)/781 × 100 = 25.608195 → −0.032831
    #   4.A: (0.6 + 980 − 1 − 780)/781 × 100 = 25.556978 → −0.084047
    #   2.A.1: (0.3 + 980 − 0 − 780)/780 × 100 = 25.679487 → 0.038462
    #   3.B.1: (−0.1 + 980 + 0.2 − 780)/779.8 × 100 = 25.660426 → 0.019400
    # Type B: B = D / 780: 0.641026, 0.384615, 0.128205, 0.076923, 0.038462, −0.012821
    # K = A·F, L = B·E·√2; K² + L²:
    #   1.A.1: (−0.013082)² + 2.719641² = 7.396621     1.A.3.b: 0.498393² + 3.263570² = 10.899283
    #   3.A.1: (−0.492465)² + 3.626189² = 13.391766    4.A: (−3.361896)² + 3.263570² = 21.953234
    #   2.A.1: 0.461538² + 0.271964² = 0.286982        3.B.1: 0.116401² + (−0.145048)² = 0.034588
    # Σ = 53.962474 → trend uncertainty √53.962474 = 7.345916 percentage points
    result = uncertainty(six_categories(), 2020, base_year=2010)
    assert result.trend_pct == pytest.approx(25.641026, abs=1e-6)
    assert result.trend_uncertainty_pp == pytest.approx(7.345916, abs=2e-6)
    table = result.table.set_index("category")
    assert table.loc["4.A", "A"] == pytest.approx(-0.084047, abs=1e-6)
    assert table.loc["1.A.1", "B"] == pytest.approx(500 / 780)
    assert table.loc["2.A.1", "C"] == 0.0


def test_missing_uncertainty_counts_as_exact_and_is_reported():
    frame = six_categories()
    frame.loc[(frame["year"] == 2020) & (frame["category"] == "1.A.1"),
              ["ad_uncertainty_pct", "ef_uncertainty_pct"]] = np.nan
    result = uncertainty(frame, 2020)
    # 1.A.1 drops out of Σ(G·D)²: 30,662,100 − 6,250,000 = 24,412,100
    assert result.level_pct == pytest.approx(math.sqrt(24_412_100) / 980)
    # |D| of 1.A.1 is 500 of Σ|D| = 1000
    assert result.share_without_ad == pytest.approx(500 / 1000)
    assert result.share_without_ef == pytest.approx(500 / 1000)


def test_frame_without_uncertainty_columns_is_one_clear_error():
    with pytest.raises(DataError, match="no column 'ef_uncertainty_pct'"):
        uncertainty(six_categories().drop(columns="ef_uncertainty_pct"), 2020)
    with pytest.raises(DataError, match="no column 'co2e_t'"):
        monte_carlo(six_categories().drop(columns="co2e_t"), 2020)


def small_symmetric() -> pd.DataFrame:
    # six independent rows (no factor shared), 2 % activity data and 3 % factor uncertainty
    frame = six_categories()
    frame["ad_uncertainty_pct"], frame["ef_uncertainty_pct"] = 2.0, 3.0
    return frame


def test_monte_carlo_is_reproducible_for_a_seed():
    first = monte_carlo(small_symmetric(), 2020, draws=2000, seed=7)
    again = monte_carlo(small_symmetric(), 2020, draws=2000, seed=7)
    other = monte_carlo(small_symmetric(), 2020, draws=2000, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not first["lower_t"].equals(other["lower_t"])


def test_monte_carlo_mean_and_interval_match_approach1_without_shared_factors():
    frame = small_symmetric()
    result = monte_carlo(frame, 2020, draws=20_000, seed=1).set_index("sector")
    total = result.loc["total"]
    # analytic total 980 t; the lognormal draws have mean 1, so the mean is within 0.5 %
    assert abs(total["mean_t"] - 980.0) / 980.0 < 0.005
    # Approach 1: G = √(2² + 3²) = √13 % on every row; Σ(G·D)² = 13 × (500² + 300² + 100² + 60² +
    # 30² + 10²) = 13 × 354,600 = 4,609,800 → √4,609,800 / 980 = 2.19086 %
    level = uncertainty(frame, 2020).level_pct
    assert level == pytest.approx(math.sqrt(4_609_800) / 980)
    half_width_pct = (total["upper_t"] - total["lower_t"]) / 2 / 980 * 100
    assert abs(half_width_pct - level) / level < 0.10


def test_a_shared_factor_moves_its_rows_together():
    # two rows of 100 t with one factor (10 %) and exact activity data: the total's relative
    # uncertainty is the factor's, 10 %, not 10/√2 = 7.07 % as for two independent factors
    frame = pd.DataFrame({"year": [2020, 2020], "category": ["1.A.2", "1.A.4"],
                          "activity": ["coal", "coal"], "gas": ["CO2", "CO2"], "scope": [1, 1],
                          "co2e_t": [100.0, 100.0], "factor_ids": ["f1", "f1"],
                          "ad_uncertainty_pct": [0.0, 0.0], "ef_uncertainty_pct": [10.0, 10.0],
                          "sector": ["industry", "buildings"]})
    shared = monte_carlo(frame, 2020, draws=20_000, seed=3).set_index("sector").loc["total"]
    assert (shared["upper_t"] - shared["lower_t"]) / 2 / 200 * 100 == pytest.approx(10, rel=0.06)
    frame["factor_ids"] = ["f1", "f2"]
    apart = monte_carlo(frame, 2020, draws=20_000, seed=3).set_index("sector").loc["total"]
    assert (apart["upper_t"] - apart["lower_t"]) / 2 / 200 * 100 == pytest.approx(
        10 / math.sqrt(2), rel=0.06)


def test_lognormal_draws_never_go_negative_with_large_uncertainty():
    frame = six_categories().query("category == '4.A'").assign(ad_uncertainty_pct=150.0)
    result = monte_carlo(frame, 2020, draws=5000, seed=0).set_index("sector").loc["total"]
    assert result["lower_t"] > 0
    assert result["upper_t"] - 60 > 60 - result["lower_t"]   # skewed to the right


def test_inventory_gains_uncertainty_columns(tmp_path):
    # natural gas, 1.A.4.b, in 万m3: the CO2 row uses the calorific value, carbon content and
    # oxidation; a user factor file gives them 3 %, 4 % and 1 %: U_EF = √(9 + 16 + 1) = 5.0990 %.
    factors = tmp_path / "f.csv"
    factors.write_text(
        "activity,gas,parameter,value,unit,uncertainty_pct\n"
        "natural_gas,-,ncv,389.31,GJ/10^4 m^3,3\n"
        "natural_gas,-,carbon_content,15.3,tC/TJ,4\n"
        "natural_gas,-,oxidation,0.99,,1\n", encoding="utf-8")
    # two rows of the same record add up: 100 at 10 % and 300 at 20 % →
    # Eq. 3.2: √((10·100)² + (20·300)²) / 400 = √(1,000,000 + 36,000,000) / 400 = 15.2069 %
    activity = validate_activity(pd.DataFrame({
        "year": ["2020", "2020"], "category": ["1.A.4.b"] * 2, "activity": ["natural_gas"] * 2,
        "amount": ["100", "300"], "unit": ["万m3"] * 2, "uncertainty_pct": ["10", "20"]}))
    inventory = compile_inventory(activity, load_factors([factors]))
    co2 = inventory.set_index("gas").loc["CO2"]
    assert co2["ef_uncertainty_pct"] == pytest.approx(math.sqrt(26))
    assert co2["ad_uncertainty_pct"] == pytest.approx(math.sqrt(37_000_000) / 400)


def test_bad_activity_uncertainty_names_file_row_and_column():
    # refused when the activity is read (before any compile)
    with pytest.raises(DataError, match=r"act.csv, row 3, column 'uncertainty_pct': found -5"):
        activity = validate_activity(pd.DataFrame({
            "year": ["2020", "2020"], "category": ["1.A.4.b"] * 2,
            "activity": ["natural_gas"] * 2, "amount": ["100", "300"], "unit": ["万m3"] * 2,
            "uncertainty_pct": ["10", "-5"]}), "act.csv")
        compile_inventory(activity, load_factors())


def two_years(ad_pct: float, ef_pct: float) -> pd.DataFrame:
    # one source: 100 t in 2010, 120 t in 2020, with the same factor f1 in both years
    return pd.DataFrame({"year": [2010, 2020], "category": ["1.A.2"] * 2,
                         "activity": ["coal"] * 2, "gas": ["CO2"] * 2, "scope": [1, 1],
                         "co2e_t": [100.0, 120.0], "factor_ids": ["f1", "f1"],
                         "ad_uncertainty_pct": [ad_pct] * 2, "ef_uncertainty_pct": [ef_pct] * 2,
                         "sector": ["industry"] * 2})


def test_monte_carlo_trend_shared_factor_cancels():
    # exact activity data and one factor drawn once for both years: every draw gives
    # (120 m − 100 m) / (100 m) = +20 % exactly
    result = monte_carlo_trend(two_years(0.0, 10.0), 2020, 2010, draws=2000).iloc[0]
    assert result["trend_pct"] == pytest.approx(20.0)
    assert result["lower_pct"] == pytest.approx(20.0) and result["upper_pct"] == pytest.approx(20.0)


def test_monte_carlo_trend_matches_approach1_for_activity_data():
    # activity data 5 % in each year, independent; no factor uncertainty. Approach 1:
    # B = 120/100 = 1.2, L = B · E · √2 = 1.2 × 5 × √2 = 8.485 percentage points (K = 0)
    frame = two_years(5.0, 0.0)
    approach1 = uncertainty(frame, 2020, base_year=2010)
    assert approach1.trend_uncertainty_pp == pytest.approx(1.2 * 5 * math.sqrt(2))
    result = monte_carlo_trend(frame, 2020, 2010, draws=20_000, seed=2).iloc[0]
    half_width = (result["upper_pct"] - result["lower_pct"]) / 2
    assert abs(half_width - approach1.trend_uncertainty_pp) / approach1.trend_uncertainty_pp < 0.10
