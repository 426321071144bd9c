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
