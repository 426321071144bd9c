"""Key category analysis, IPCC 2006 Vol. 1 Ch. 4 Approach 1, on a six-category inventory worked by
hand (Eq. 4.1 level, Eq. 4.2/4.3 trend, the 95 % cumulative threshold)."""

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory import key_categories

# t CO2e; the sink 3.B.1 is negative. Base year 2010, current year 2020.
SIX = [  # category, gas, 2010, 2020
    ("1.A.1", "CO2", 400.0, 500.0),
    ("1.A.3.b", "CO2", 200.0, 300.0),
    ("3.A.1", "CH4", 100.0, 100.0),
    ("4.A", "CH4", 100.0, 60.0),
    ("2.A.1", "CO2", 0.0, 30.0),
    ("3.B.1", "CO2", -20.0, -10.0),
]


def six_categories() -> pd.DataFrame:
    rows = []
    for category, gas, base, now in SIX:
        if base:
            rows.append({"year": 2010, "category": category, "gas": gas, "co2e_t": base})
        rows.append({"year": 2020, "category": category, "gas": gas, "co2e_t": now})
    return pd.DataFrame(rows)


def by_category(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("category")


def test_level_assessment_six_categories():
    # Σ|E_2020| = 500 + 300 + 100 + 60 + 30 + |−10| = 1000, so L = E/1000:
    # 0.50, 0.30, 0.10, 0.06, 0.03, 0.01; cumulative 0.50, 0.80, 0.90, 0.96, 0.99, 1.00.
    # 4.A takes the sum from 0.90 (< 0.95) to 0.96: it crosses the line and is key; 2.A.1 starts
    # at 0.96 and is not.
    result = key_categories(six_categories(), 2020)
    assert list(result["category"]) == ["1.A.1", "1.A.3.b", "3.A.1", "4.A", "2.A.1", "3.B.1"]
    table = by_category(result)
    assert table.loc["3.B.1", "level_share"] == pytest.approx(0.01)   # the sink in absolute value
    assert table.loc["4.A", "level_cumulative"] == pytest.approx(0.96)
    assert list(result["key_level"]) == [True, True, True, True, False, False]
    assert "key_trend" not in result


def test_trend_assessment_six_categories():
    # Σ|E_0| = 400 + 200 + 100 + 100 + 0 + 20 = 820; net totals 780 (2010) and 980 (2020),
    # total trend (980 − 780)/780 = 0.256410.
    # T = |E0|/820 × |(Et − E0)/|E0| − 0.256410|:
    #   1.A.1   400/820 × |0.25 − 0.256410|      = 0.487805 × 0.006410 = 0.003127
    #   1.A.3.b 200/820 × |0.50 − 0.256410|      = 0.243902 × 0.243590 = 0.059412
    #   3.A.1   100/820 × |0 − 0.256410|         = 0.121951 × 0.256410 = 0.031270
    #   4.A     100/820 × |−0.40 − 0.256410|     = 0.121951 × 0.656410 = 0.080050
    #   2.A.1   absent in 2010 (Eq. 4.3): 30/820                        = 0.036585
    #   3.B.1   20/820 × |(−10 + 20)/20 − 0.256410| = 0.024390 × 0.243590 = 0.005941
    # ΣT = 0.216385; shares 4.A 0.36994, 1.A.3.b 0.27456, 2.A.1 0.16907, 3.A.1 0.14451,
    # 3.B.1 0.02746, 1.A.1 0.01445; cumulative 0.370, 0.645, 0.814, 0.958: 3.A.1 crosses.
    result = by_category(key_categories(six_categories(), 2020, base_year=2010))
    expected = {"1.A.1": 0.003127, "1.A.3.b": 0.059412, "3.A.1": 0.031270, "4.A": 0.080050,
                "2.A.1": 0.036585, "3.B.1": 0.005941}
    for category, value in expected.items():
        assert result.loc[category, "trend_assessment"] == pytest.approx(value, abs=2e-6)
    assert result.loc["4.A", "trend_share"] == pytest.approx(0.080050 / 0.216385, abs=1e-5)
    assert result.loc["3.A.1", "trend_cumulative"] == pytest.approx(0.95809, abs=1e-4)
    key_trend = set(result.index[result["key_trend"]])
    assert key_trend == {"4.A", "1.A.3.b", "2.A.1", "3.A.1"}
    # key under either assessment: the four level keys plus 2.A.1 from the trend
    assert set(result.index[result["key"]]) == {"1.A.1", "1.A.3.b", "3.A.1", "4.A", "2.A.1"}
    assert result.loc["2.A.1", "base_co2e_t"] == 0.0


def test_without_gas_column_categories_alone():
    # two gases of 1.A.1 (90 + 10) make one category of 100 against 3.A.1's 100: 0.5 each
    frame = pd.DataFrame({"year": [2020] * 3, "category": ["1.A.1", "1.A.1", "3.A.1"],
                          "co2e_t": [90.0, 10.0, 100.0]})
    result = key_categories(frame, 2020)
    assert list(result["level_share"]) == [0.5, 0.5]
    assert "gas" not in result


def test_scope_one_by_default_scope_two_on_request():
    # scope 2 (purchased electricity, 900 t) is left out by default: 1.A.4 is 100 % of scope 1
    frame = pd.DataFrame({"year": [2020, 2020], "category": ["1.A.4", "1.A.2"],
                          "gas": ["CO2", "CO2"], "scope": [1, 2], "co2e_t": [100.0, 900.0]})
    assert list(key_categories(frame, 2020)["category"]) == ["1.A.4"]
    both = key_categories(frame, 2020, scopes=(1, 2))
    assert list(both["category"]) == ["1.A.2", "1.A.4"]
    assert both["level_share"].tolist() == [0.9, 0.1]


def test_frame_without_co2e_is_one_clear_error():
    frame = six_categories().drop(columns="co2e_t")
    with pytest.raises(DataError, match="argument 'inventory': the frame has no column 'co2e_t'"):
        key_categories(frame, 2020)


def test_missing_year_is_one_clear_error():
    with pytest.raises(DataError, match="argument 'base_year': no rows for year 1990"):
        key_categories(six_categories(), 2020, base_year=1990)
