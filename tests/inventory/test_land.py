"""3.B.1 forest land remaining forest land: the sink as negative CO2, gross and net apart.

Factors: wood density 0.45 t/m3, BEF 1.5, root:shoot 0.25 (Ningxiang estimates, region hunan),
carbon fraction 0.5 (provincial guideline, region CN) — 0.47 without a region (IPCC 2006 Table 4.3).
"""

import pytest

from carbon.inventory import summarise
from tests.inventory.nonenergy import compile_rows, value

HEADER = "year,category,activity,amount,unit"
PER_M3 = 0.45 * 1.5 * 1.25 * 0.5 * 44 / 12      # 1.546875 t CO2 per m3 of stem volume


def test_forest_sink_is_negative_co2(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.B.1,林木蓄积增量,1000,m3\n")
    # 1000 m3 × 0.45 × 1.5 × 1.25 × 0.5 × 44/12 = 1,546.875 t CO2 taken up
    assert PER_M3 == pytest.approx(1.546875)
    assert value(inv, gas="CO2") == pytest.approx(-1546.875)
    assert inv["sector"].iloc[0] == "land" and inv["scope"].iloc[0] == 1


def test_harvest_is_a_loss(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.B.1,forest_stock_increment,1000,m3\n"
                       "2020,3.B.1,wood_removals,100,m3\n")
    assert value(inv, activity="wood_removals") == pytest.approx(154.6875)    # 100 × 1.546875
    assert value(inv) == pytest.approx(-1546.875 + 154.6875)


def test_gross_and_net_totals_are_apart(tmp_path):
    inv = compile_rows(tmp_path, HEADER, "2020,3.B.1,forest_stock_increment,1000,m3\n"
                       "2020,3.C.3,urea,100,t\n")
    summary = summarise(inv, 2020)
    # gross leaves the sink out: urea 100 × 0.7333 = 73.33 t; net adds −1,546.875
    assert summary["gross_co2e_t"] == pytest.approx(73.33)
    assert summary["sink_co2e_t"] == pytest.approx(-1546.875)
    assert summary["net_co2e_t"] == pytest.approx(73.33 - 1546.875)
