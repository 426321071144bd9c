"""Benchmark allocation of power units and the obligation caps, worked by hand.

Regime cn_power_2019_2020 (data/allocation/cn_power_2019_2020.toml, allocation_rules.md §1.2–1.5):
benchmarks I 0.877, II 0.979, IV 0.392 t/MWh; heat 0.126 (coal), 0.059 (gas) t/GJ; air cooling
1.05; heat correction 1 − 0.22 × ratio (coal), 1 − 0.6 × ratio (gas); load correction for
pure-condensing coal units; 70% pre-allocation; coal owes ≤ allocation + 20% of emissions, gas ≤
allocation.
"""

import numpy as np
import pandas as pd
import pytest
from alloc_helpers import write_csv

from carbon.allocation import methods
from carbon.allocation.regimes import load_regime
from carbon.allocation.run import run_allocation
from carbon.errors import DataError

UNIT_HEADER = ["unit_id", "enterprise_id", "category", "power_supply_mwh", "heat_supply_gj",
               "heat_ratio", "cooling", "load_factor"]


def _units(rows):
    frame = pd.DataFrame(rows, columns=UNIT_HEADER)
    frame["power_generation_mwh"] = np.nan
    frame["year"] = np.nan
    frame["row"] = range(2, 2 + len(frame))
    return frame


def test_benchmark_coal_air_cooled_chp_and_gas_chp():
    regime = load_regime("cn_power_2019_2020")
    units = _units([
        # coal I, water-cooled, pure condensing, load 0.90 ≥ 0.85 → F_load 1:
        #   0.877 × 1,000,000 = 877,000 t
        ["u1", "e1", "I", 1_000_000, 0, 0, "water", 0.90],
        # coal II, air-cooled CHP, heat ratio 0.3 (no load correction for CHP in 2019–2020):
        #   0.979 × 500,000 × 1.05 × (1 − 0.22 × 0.3) + 0.126 × 2,000,000
        #   = 489,500 × 1.05 × 0.934 + 252,000 = 480,052.65 + 252,000 = 732,052.65 t
        ["u2", "e2", "II", 500_000, 2_000_000, 0.3, "air", 0.60],
        # gas IV CHP, heat ratio 0.4: 0.392 × 200,000 × (1 − 0.6 × 0.4) + 0.059 × 1,000,000
        #   = 78,400 × 0.76 + 59,000 = 59,584 + 59,000 = 118,584 t
        ["u3", "e3", "IV", 200_000, 1_000_000, 0.4, "water", 0.5],
    ])
    out = methods.power_units(units, [2020], regime).set_index("unit_id")
    assert out.loc["u1", "allocation_t"] == pytest.approx(877_000)
    assert out.loc["u2", "allocation_t"] == pytest.approx(732_052.65)
    assert out.loc["u3", "allocation_t"] == pytest.approx(118_584)
    assert out.loc["u2", "cooling_factor"] == 1.05 and out.loc["u3", "cooling_factor"] == 1.0
    assert out.loc["u2", "heat_factor"] == pytest.approx(0.934)
    assert out.loc["u2", "pre_allocation_t"] == pytest.approx(0.7 * 732_052.65)


def test_load_correction_bands():
    regime = load_regime("cn_power_2019_2020")
    f = methods.load_correction(np.array([0.90, 0.82, 0.78, 0.70]), regime)
    # 0.82: 1 + 0.0014 × (85 − 82) = 1.0042; 0.78: 1.007 + 0.0016 × (80 − 78) = 1.0102;
    # 0.70: 1.015^(16 − 20 × 0.70) = 1.015² = 1.030225
    assert f == pytest.approx([1.0, 1.0042, 1.0102, 1.030225])
    units = _units([["u1", "e1", "I", 1_000_000, 0, 0, "water", 0.82]])
    out = methods.power_units(units, [2020], regime)
    assert out["allocation_t"].iloc[0] == pytest.approx(877_000 * 1.0042)


def test_unknown_unit_category_is_an_error():
    units = _units([["u9", "e1", "V", 1000, 0, 0, "water", 0.9]])
    with pytest.raises(DataError, match=r"row 2, column 'category': unit category 'V' has no "
                                        r"benchmark in regime 'cn_power_2019_2020'"):
        methods.power_units(units, [2020], load_regime("cn_power_2019_2020"))


def test_obligation_caps(tmp_path):
    """Coal: owes at most allocation + 20% of (BAU) emissions; gas: at most its allocation."""
    write_csv(tmp_path / "enterprises.csv",
              ["enterprise_id", "name", "sector", "year", "bau_emissions_t"],
              [["coal", "c", "power", 2020, 1_200_000], ["gas", "g", "power", 2020, 150_000],
               ["coal_ok", "k", "power", 2020, 800_000]])
    write_csv(tmp_path / "units.csv", UNIT_HEADER,
              [["u1", "coal", "I", 1_000_000, 0, 0, "water", 0.9],
               ["u3", "gas", "IV", 200_000, 1_000_000, 0.4, "water", 0.5],
               ["u4", "coal_ok", "I", 1_000_000, 0, 0, "water", 0.9]])
    (tmp_path / "rules.toml").write_text(
        'years = [2020]\nenterprises = "enterprises.csv"\nunits = "units.csv"\n'
        '[allocation]\nmethod = "benchmark"\nregime = "cn_power_2019_2020"\n'
        '[market]\nprice_yuan_per_t = 50\n')
    ledger = run_allocation(tmp_path / "rules.toml")["ledger"].set_index("enterprise_id")
    # coal: 877,000 + 0.2 × 1,200,000 = 1,117,000 < 1,200,000 → exempt 83,000
    assert ledger.loc["coal", "obligation_t"] == pytest.approx(1_117_000)
    assert ledger.loc["coal", "exempt_t"] == pytest.approx(83_000)
    # gas: obligation capped at the allocation 118,584 (exempt 150,000 − 118,584 = 31,416)
    assert ledger.loc["gas", "obligation_t"] == pytest.approx(118_584)
    assert ledger.loc["gas", "net_purchase_t"] == pytest.approx(0.0)
    # a coal unit below its cap owes its emissions: 800,000 < 877,000 + 160,000
    assert ledger.loc["coal_ok", "obligation_t"] == pytest.approx(800_000)
    assert ledger.loc["coal_ok", "net_purchase_t"] == pytest.approx(-77_000)


def test_grandfathering_and_intensity_by_hand():
    firms = pd.DataFrame({"year": [2025, 2027], "historical_emissions_t": [1000.0, 1000.0],
                          "historical_output": [500.0, 500.0], "output": [600.0, 400.0],
                          "row": [2, 3]})
    # 1000 × (1 − 0.02)^0 = 1000; 1000 × 0.98² = 960.4
    assert methods.grandfathering(firms, decline=0.02, base_year=2025).tolist() == \
        pytest.approx([1000.0, 960.4])
    # 600 × 1000/500 = 1200; 400 × 2 × 0.98² = 768.32
    assert methods.intensity(firms, decline=0.02, base_year=2025).tolist() == \
        pytest.approx([1200.0, 768.32])


def test_eu_benchmark_times_activity_leakage_and_cscf():
    firms = pd.DataFrame({"sector": ["industry", "building_materials"],
                          "product": ["hot_metal", "grey_clinker"],
                          "output": [1_000_000.0, 500_000.0],
                          "carbon_leakage_exposed": [True, False], "row": [2, 3]})
    # exposed hot metal: 1.288 × 1,000,000 × 1.0 × CSCF 1 = 1,288,000 t
    # non-exposed grey clinker: 0.693 × 500,000 × 0.3 × 1 = 103,950 t
    out = methods.product_benchmark(firms, load_regime("eu_phase4"))
    assert out.tolist() == pytest.approx([1_288_000, 103_950])


def test_cement_plan_2024_verified_then_2025_intensity():
    """cn_cement_2024: 2024 allocation = verified emissions; 2025 = clinker × 0.8534 × 1."""
    firms = pd.DataFrame({"year": [2024, 2025], "sector": "building_materials",
                          "product": "clinker", "output": [1_000_000.0, 1_000_000.0],
                          "bau_emissions_t": [880_000.0, 870_000.0],
                          "carbon_leakage_exposed": False, "enterprise_id": "c1", "row": [2, 3]})
    out = methods.method_amounts(firms, "benchmark", regime=load_regime("cn_cement_2024"),
                                 unit_alloc=None, decline=0.0, base_year=None)
    assert out.tolist() == pytest.approx([880_000.0, 853_400.0])
