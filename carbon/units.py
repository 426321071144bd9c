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

Spellings are read as a statistician means them, not as a unit library would:

* ``t``, ``ton``, ``tons``, ``tonne`` and 吨 are the metric tonne (Chinese statistics translate 吨
  as "ton", and provincial inventories label columns ``10^4 ton``); pint alone would read ``ton``
  as the US short ton (907 kg, 9.3% less). ``kt`` (千吨) and ``Mt`` (百万吨) are kilo- and
  megatonnes, not a knot.
* Chinese unit names: 千克/公斤, 立方米 (also ``Nm3``, 标准立方米: normal cubic
  metres, as gas statistics report), 千瓦时, 兆瓦时, 吨标准煤 (吨标煤), 千克标准煤,
  吉焦, 太焦, 头, 公顷; with 万 or 亿 before them (万吨, 万立方米, 万千瓦时).
  Full-width characters (ｔ, ｍ３) are read as their ordinary forms (Unicode NFKC).
* Refused, naming the spelling: ``mt`` and ``MT`` (a millitonne to a unit library, a metric ton
  or a megatonne to a reader), ``short_ton`` and ``long_ton`` (no Chinese or IPCC table uses them).
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
#: what a statistical table writes → what pint reads (a whole factor, after 万/亿 is taken off)
SPELLINGS = {
    "吨": "t", "ton": "t", "tons": "t", "Ton": "t", "Tons": "t", "TON": "t", "tonne": "t",
    "tonnes": "t", "metric_ton": "t", "metric ton": "t",
    "kt": "kilotonne", "kton": "kilotonne", "千吨": "kilotonne",
    "Mt": "megatonne", "Mton": "megatonne", "百万吨": "megatonne", "Gt": "gigatonne",
    "千克": "kg", "公斤": "kg",
    "立方米": "m**3", "标准立方米": "m**3", "Nm3": "m**3", "Nm**3": "m**3", "Nm^3": "m**3",
    "千瓦时": "kWh", "兆瓦时": "MWh", "吉瓦时": "GWh",
    "吨标准煤": "tce", "吨标煤": "tce", "千克标准煤": "kgce", "千克标煤": "kgce",
    "焦耳": "J", "千焦": "kJ", "兆焦": "MJ", "吉焦": "GJ", "太焦": "TJ",
    "头": "head", "人": "person", "公顷": "ha",
}
#: spellings no statistician means as pint would read them
REFUSED = {
    "mt": "'mt' is ambiguous (a millitonne to a unit library, a metric ton or a megatonne to a "
          "reader): write t, kt or Mt",
    "MT": "'MT' is ambiguous (metric ton or megatonne): write t or Mt",
    "short_ton": "'short_ton' (907 kg) is not used by Chinese or IPCC statistics: write t",
    "long_ton": "'long_ton' (1,016 kg) is not used by Chinese or IPCC statistics: write t",
    "ton_short": "'ton_short' is not used by Chinese or IPCC statistics: write t",
}
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
    if part in REFUSED:
        raise UnitError(REFUSED[part])
    part = SPELLINGS.get(part, part)
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
    text = unicodedata.normalize("NFKC", str(text)).strip()
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
