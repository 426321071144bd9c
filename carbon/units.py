"""One pint registry, with the units of Chinese energy statistics.

A unit string is what a planner types: ``t``, ``万t``, ``10^4 t``, ``万m3``, ``亿kWh``, ``tce``,
``万tce``, ``GJ/10^4 m^3``, ``kg/TJ``. Two things pint cannot do alone are handled here:

* 万 (10^4) and 亿 (10^8) multiply the unit that follows. They are not SI prefixes: pint would
  read ``万kWh`` as a stacked prefix and refuse it, and ``万m^3`` as (10^4 m)^3 = 10^12 m^3. So
  each factor of a ratio (the parts between ``/``) has its leading 万, 亿 or ``10^4``/``10^8``
  taken off and applied as a plain number to that factor.
* ``m3`` and ``m^3`` mean cubic metres; ``tce`` is a tonne of standard coal, 29.3076 GJ (the
  Chinese statistical convention, GB/T 2589); ``tC`` is a tonne of carbon (a mass, kept apart
  from CO2 by name only); ``head``, ``person`` and ``ha`` are units of activity.

An empty unit (or ``-``) is a dimensionless value (oxidation, ``mcf``, ``doc``).
"""

from __future__ import annotations

import functools
import re

import pint

ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
ureg.define("tonne_coal_equivalent = 29.3076 * gigajoule = tce")
ureg.define("tonne_carbon = tonne = tC")
ureg.define("head = [livestock]")
ureg.define("person = [people] = capita")
ureg.define("kgce = 0.001 * tce")

Quantity = ureg.Quantity

_MULTIPLIERS = (("亿", 1e8), ("万", 1e4), ("10^8", 1e8), ("10^4", 1e4), ("10**8", 1e8),
                ("10**4", 1e4), ("1e8", 1e8), ("1e4", 1e4))
_CUBIC = re.compile(r"(?<![\w^])m3\b")


class UnitError(ValueError):
    """A unit string that carbon cannot read."""


def _parse_factor(text: str) -> pint.Quantity:
    part = text.strip()
    scale = 1.0
    for token, factor in _MULTIPLIERS:
        if part.startswith(token):
            part = part[len(token):].strip().lstrip("*").strip()
            scale = factor
            break
    if not part:
        raise UnitError(f"'{text}' has a multiplier but no unit after it")
    if re.fullmatch(r"[\d.eE+\-*^ ]+", part):
        raise UnitError(f"'{text}' is a number, not a unit")
    part = _CUBIC.sub("m**3", part.replace("m³", "m**3")).replace("^", "**")
    try:
        quantity = ureg.parse_expression(part)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError,
            AttributeError, TypeError, SyntaxError, ValueError) as exc:
        raise UnitError(f"unknown unit '{text}'") from exc
    if not isinstance(quantity, pint.Quantity):
        raise UnitError(f"'{text}' is a number, not a unit")
    return scale * quantity


@functools.lru_cache(maxsize=4096)
def parse_unit(text: str | None) -> pint.Quantity:
    """The quantity of one ``text`` unit, e.g. ``parse_unit("万m3") == 1e4 m**3``.

    Raises :class:`UnitError` for a string that is not a unit.
    """
    if text is None:
        return Quantity(1.0)
    text = str(text).strip()
    if text in ("", "-", "1", "dimensionless", "fraction"):
        return Quantity(1.0)
    parts = text.split("/")
    if any(not p.strip() for p in parts):
        raise UnitError(f"unknown unit '{text}'")
    # "1/year" (a rate, as DESIGN.md lists it): a numerator of 1 is the pure number one
    one = parts[0].strip() == "1" and len(parts) > 1
    result = Quantity(1.0) if one else _parse_factor(parts[0])
    for denominator in parts[1:]:
        result = result / _parse_factor(denominator)
    return result


def conversion_factor(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` one ``from_unit`` is, e.g. ``conversion_factor("万kWh", "MWh") == 10``.

    Raises :class:`UnitError` if either is unknown or the two do not measure the same thing.
    """
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    try:
        return float((source / target).to("dimensionless").magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(f"'{from_unit}' cannot be converted to '{to_unit}'") from exc


def dimension_name(quantity) -> str:
    """A readable name of what a quantity (or unit) measures: a mass, a volume, an energy, ..."""
    names = (
        ("[mass]", "a mass (t, kg, 万t)"),
        ("[volume]", "a volume (m3, 万m3, 亿m3)"),
        ("[energy]", "an energy (GJ, TJ, tce, MWh, 万kWh)"),
        ("[livestock]", "a number of animals (head)"),
        ("[people]", "a number of people (person)"),
        ("[area]", "an area (ha)"),
        ("[]", "a pure number"),
    )
    for dimension, name in names:
        if quantity.check(dimension):
            return name
    return str(quantity.dimensionality)
