"""The two fuel-CO2 conventions, and t CO2 per physical unit for every shipped fuel.

Customary Chinese values (t CO2 per t; natural gas per 10^4 m^3), each worked from published
factors: NCV of the China Energy Statistical Yearbook appendix (GB/T 2589) and carbon content ×
oxidation of the enterprise accounting guidelines, CO2 = NCV × C × ox × 44/12:

* raw coal 1.900: 20.908 GJ/t × 26.37 tC/TJ × 0.94 × 44/12 = 1.9003 (the customary pair);
* cleaned coal 26.344 × 25.4 × 0.93 × 44/12 = 2.2818; other washed coal (洗中煤)
  8.363 × 25.4 × 0.90 × 44/12 = 0.7010; briquettes 17.46 × 33.6 × 0.90 × 44/12 = 1.9360;
* coke 2.86 (28.435 × 29.5 × 0.93 × 44/12 = 2.8604);
* crude oil 41.816 × 20.1 × 0.98 × 44/12 = 3.0202; fuel oil 3.170; gasoline 2.925;
  kerosene 3.033; diesel ≈ 3.10 (42.652 × 20.2 × 0.98 × 44/12 = 3.0959); LPG 3.101;
* refinery gas and other petroleum ≈ 3.0 (ningxiang_dataset.md §0, a rounded value);
* natural gas ≈ 21.6 t per 10^4 m^3 (389.31 GJ × 15.3 × 0.99 × 44/12 = 21.622);
* coke oven gas 167.26 GJ/10^4 m^3 × 13.6 × 0.99 × 44/12 = 8.258; other gas
  52.34 × 12.2 × 0.99 × 44/12 = 2.318; LNG 48.0 GJ/t × 15.3 × 0.99 × 44/12 = 2.6658.

Tolerance: 0.5% where the value is given to three or four figures, 5% for the rounded ≈ 3.0.
"""

import pytest

from carbon.inventory import co2_t_per_unit, vocabulary

CUSTOMARY = {  # activity: (unit, t CO2 per unit, relative tolerance)
    "raw_coal": ("t", 1.900, 0.005),
    "washed_coal": ("t", 2.2818, 0.005),
    "other_washed_coal": ("t", 0.7010, 0.005),
    "briquettes": ("t", 1.9360, 0.005),
    "coke": ("t", 2.86, 0.005),
    "crude_oil": ("t", 3.0202, 0.005),
    "fuel_oil": ("t", 3.170, 0.005),
    "gasoline": ("t", 2.925, 0.005),
    "kerosene": ("t", 3.033, 0.005),
    "diesel": ("t", 3.10, 0.005),
    "lpg": ("t", 3.101, 0.005),
    "refinery_gas": ("t", 3.0, 0.05),
    "other_petroleum": ("t", 3.0, 0.05),
    "natural_gas": ("10^4 m^3", 21.6, 0.005),
    "coke_oven_gas": ("10^4 m^3", 8.258, 0.005),
    "other_gas": ("10^4 m^3", 2.318, 0.005),
    "lng": ("t", 2.6658, 0.005),
}


def test_raw_coal_by_the_named_convention_and_by_the_ipcc_route():
    # cn: 20.908 GJ/t × 26.37 tC/TJ × 0.94 × 44/12 = 1.90030 t CO2/t
    assert co2_t_per_unit("raw_coal", "t") == pytest.approx(1.900, abs=5e-4)
    assert co2_t_per_unit("raw_coal", "t", convention="cn") == \
        pytest.approx(20.908 * 26.37 * 0.94 * 44 / 12 / 1000, rel=1e-12)
    # ipcc: 20.908 GJ/t × 94,600 kg/TJ = 1.97790 t CO2/t
    assert co2_t_per_unit("raw_coal", "t", convention="ipcc") == pytest.approx(1.978, abs=5e-4)


def test_every_shipped_fuel_against_customary_chinese_values():
    fuels = vocabulary.activities()
    fuels = fuels[fuels["family"].isin(["coal", "oil", "gas"])]["activity"]
    assert set(fuels) == set(CUSTOMARY), "a shipped fuel has no customary value to check"
    for activity, (unit, expected, tolerance) in CUSTOMARY.items():
        assert co2_t_per_unit(activity, unit) == pytest.approx(expected, rel=tolerance), activity


def test_the_ipcc_route_uses_table_1_4_factors_on_the_same_calorific_values():
    # diesel: 42.652 GJ/t × 74,100 kg/TJ = 3.16051 t; natural gas 389.31 × 56.1 = 21.8403 t
    assert co2_t_per_unit("diesel", "t", convention="ipcc") == pytest.approx(3.1605132, rel=1e-9)
    assert co2_t_per_unit("natural_gas", "10^4 m^3", convention="ipcc") == \
        pytest.approx(21.840291, rel=1e-9)
    # LPG: the IPCC route 50.179 × 63.1 = 3.1663 (Chinese NCV), not the IPCC 2.985 pair
    assert co2_t_per_unit("lpg", "t", convention="ipcc") == pytest.approx(3.1662949, rel=1e-9)


def test_unknown_convention_is_a_clear_error():
    from carbon.errors import DataError
    from carbon.inventory import load_factors

    with pytest.raises(DataError, match="unknown convention 'gb'"):
        load_factors(convention="gb")


def test_a_users_row_of_the_other_convention_is_dropped(tmp_path):
    from carbon.inventory import load_factors

    mine = tmp_path / "mine.csv"
    # a user's own raw-coal oxidation for the cn route only
    mine.write_text("activity,gas,parameter,value,unit,convention\n"
                    "raw_coal,-,oxidation,0.90,,cn\n", encoding="utf-8")
    cn = load_factors((mine,), convention="cn")
    ipcc = load_factors((mine,), convention="ipcc")
    ox = cn[(cn["activity"] == "raw_coal") & (cn["parameter"] == "oxidation")]
    assert list(ox["factor_id"]) == ["mine.csv:2"]   # the shipped 0.94 is set aside
    assert not ((ipcc["activity"] == "raw_coal") & (ipcc["parameter"] == "oxidation")).any()
