"""Units of Chinese statistics: 万 and 亿 multiply the unit that follows."""

import pytest

from carbon.units import UnitError, conversion_factor, parse_unit


@pytest.mark.parametrize("unit, base, expected", [
    ("万t", "t", 1e4),            # 万 = 10^4
    ("10^4 t", "t", 1e4),
    ("万m3", "m^3", 1e4),         # not (10^4 m)^3 = 10^12 m^3
    ("10^4 m^3", "m3", 1e4),
    ("亿m3", "m3", 1e8),
    ("万kWh", "kWh", 1e4),        # not a stacked prefix
    ("亿kWh", "MWh", 1e5),        # 10^8 kWh = 10^5 MWh
    ("MWh", "GJ", 3.6),           # 1 MWh = 3.6 GJ
    ("tce", "GJ", 29.3076),       # GB/T 2589 standard coal
    ("万tce", "TJ", 293.076),     # 10^4 × 29.3076 GJ = 293,076 GJ
    ("GJ/10^4 m^3", "GJ/m^3", 1e-4),
    ("tC/TJ", "kg/GJ", 1.0),      # 1 t per 1000 GJ = 1 kg per GJ
])
def test_conversions(unit, base, expected):
    assert conversion_factor(unit, base) == pytest.approx(expected, rel=1e-12)


def test_empty_unit_is_dimensionless():
    assert parse_unit("").dimensionless and parse_unit("").magnitude == 1.0


@pytest.mark.parametrize("bad", ["bananas", "万", "10", "t//GJ"])
def test_unknown_units_raise(bad):
    with pytest.raises(UnitError):
        parse_unit(bad)


def test_incompatible_units_raise():
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion_factor("t", "MWh")


# Spellings of Chinese and international statistical tables (issue 6, items 8 and 17): what each
# is in SI, worked from its definition (1 t = 1000 kg; 1 kWh = 3.6 MJ; 1 tce = 29.3076 GJ).
@pytest.mark.parametrize("unit, base, expected", [
    # mass
    ("t", "kg", 1e3), ("ton", "kg", 1e3), ("tons", "kg", 1e3), ("tonne", "kg", 1e3),
    ("吨", "kg", 1e3), ("万吨", "kg", 1e7), ("10^4 ton", "kg", 1e7), ("10^4 t", "kg", 1e7),
    ("千吨", "kg", 1e6), ("kt", "kg", 1e6), ("Mt", "kg", 1e9), ("百万吨", "kg", 1e9),
    ("亿吨", "kg", 1e11), ("kg", "kg", 1.0), ("千克", "kg", 1.0), ("公斤", "kg", 1.0),
    ("ｔ", "kg", 1e3),                                    # full-width
    # volume
    ("m3", "m^3", 1.0), ("m³", "m^3", 1.0), ("立方米", "m^3", 1.0), ("万立方米", "m^3", 1e4),
    ("亿立方米", "m^3", 1e8), ("Nm3", "m^3", 1.0), ("万Nm3", "m^3", 1e4),
    ("标准立方米", "m^3", 1.0), ("ｍ３", "m^3", 1.0),
    # energy
    ("kWh", "MJ", 3.6), ("千瓦时", "MJ", 3.6), ("万千瓦时", "MJ", 3.6e4),
    ("亿千瓦时", "GJ", 3.6e5), ("MWh", "GJ", 3.6), ("兆瓦时", "GJ", 3.6),
    ("GJ", "MJ", 1e3), ("吉焦", "GJ", 1.0), ("TJ", "GJ", 1e3), ("太焦", "GJ", 1e3),
    ("tce", "GJ", 29.3076), ("吨标准煤", "GJ", 29.3076), ("吨标煤", "GJ", 29.3076),
    ("万吨标准煤", "GJ", 293076.0), ("kgce", "GJ", 0.0293076), ("千克标准煤", "GJ", 0.0293076),
])
def test_statistical_spellings(unit, base, expected):
    assert conversion_factor(unit, base) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("unit, words", [
    ("mt", "ambiguous"), ("MT", "ambiguous"), ("short_ton", "907"), ("long_ton", "1,016"),
])
def test_spellings_no_statistician_means_are_refused(unit, words):
    with pytest.raises(UnitError, match=words):
        parse_unit(unit)


def test_kt_is_not_a_knot():
    assert parse_unit("kt").check("[mass]")
