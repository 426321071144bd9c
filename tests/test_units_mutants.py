"""``carbon.units``: cases that kill the mutants ``make mutate`` found alive (TESTING.md).

Every expected number is the definition of the unit (万 = 10^4, 1 t = 1000 kg, ...), worked by
hand in the comment beside it.
"""

from __future__ import annotations

import pytest

from carbon.units import UnitError, conversion_factor, dimension_name, parse_unit


@pytest.mark.parametrize("unit, magnitude, base", [
    ("t", 1.0, "t"),            # no multiplier: scale 1, so 1 t is one tonne, not 2 or None
    ("GJ", 1.0, "GJ"),
    ("万t", 1e4, "t"),          # 万 = 10^4 taken off and applied to t
    ("亿m3", 1e8, "m^3"),       # 亿 = 10^8
])
def test_a_unit_is_its_multiplier_times_one_base_unit(unit, magnitude, base):
    # compared with the base unit itself, so a scale applied to both would not cancel out
    assert parse_unit(unit).to(base).magnitude == pytest.approx(magnitude, rel=1e-12)


@pytest.mark.parametrize("unit, base, expected", [
    ("10^4*t", "t", 1e4),        # "*" after the multiplier is taken off: 10^4 × 1 t
    ("10**4 * t", "kg", 1e7),    # 10^4 t × 1000 kg/t
    ("万 * kWh", "MWh", 10.0),   # 10^4 kWh / 1000 kWh per MWh
    ("万吨", "t", 1e4),           # 吨 is read as t (SPELLINGS) after 万 is taken off
    ("10^4 ton", "kg", 1e7),     # ton is the metric tonne: 10^4 × 1000 kg, not 9.07e6 kg
    ("万立方米", "m^3", 1e4),      # 立方米 is m^3
    ("t/万m3", "t/m^3", 1e-4),   # a denominator's 万: 1 t per 10^4 m^3
    ("GJ/t", "MJ/kg", 1.0),      # 1000 MJ per 1000 kg
    ("kg/10^4 m^3", "kg/m^3", 1e-4),  # "^" read as "**": 10^4 m^3, not a bitwise xor
    ("Nm3", "m^3", 1.0),         # normal cubic metres are m^3 (m3 → m**3, not M**3 molar)
])
def test_multipliers_spellings_and_ratios(unit, base, expected):
    assert conversion_factor(unit, base) == pytest.approx(expected, rel=1e-12)


def test_a_ratio_is_numerator_over_denominator():
    # GJ/t: 1 GJ per tonne = 1e9 J / 1e3 kg = 1e6 J/kg (a product would be 1e12 J·kg)
    assert parse_unit("GJ/t").to("J/kg").magnitude == pytest.approx(1e6, rel=1e-12)


@pytest.mark.parametrize("number", ["10", "1e5", "1E5", "2.5"])
def test_a_number_is_refused_as_a_number(number):
    # "1e5" and "1E5" would otherwise parse to a dimensionless 100000 and pass as a unit
    with pytest.raises(UnitError, match="is a number, not a unit"):
        parse_unit(number)


@pytest.mark.parametrize("text", ["万", "10^4 ", "亿 * "])
def test_a_multiplier_without_a_unit_says_so(text):
    with pytest.raises(UnitError, match="has a multiplier but no unit after it"):
        parse_unit(text)


@pytest.mark.parametrize("unit, starts, names", [
    ("t", "a mass", ["t", "kg", "万t"]),
    ("万m3", "a volume", ["m3", "万m3", "亿m3"]),
    ("MWh", "an energy", ["GJ", "TJ", "tce", "MWh", "万kWh"]),
    ("head", "a number of animals", ["head"]),
    ("person", "a number of people", ["person"]),
    ("ha", "an area", ["ha"]),
    ("", "a pure number", []),
])
def test_dimension_names_say_what_is_measured_and_its_units(unit, starts, names):
    name = dimension_name(parse_unit(unit))
    assert name.startswith(starts)
    for n in names:
        assert n in name


def test_a_dimension_without_a_name_is_shown_as_pint_dimensions():
    # GJ/t is energy per mass = [length]^2 / [time]^2 (J/kg = m^2/s^2)
    name = dimension_name(parse_unit("GJ/t"))
    assert "[length] ** 2" in name and "[time] ** 2" in name
