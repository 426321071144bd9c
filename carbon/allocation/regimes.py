"""Allocation regimes: the rule sets shipped as data under ``data/allocation/<name>.toml``.

A regime file holds the values of one allocation plan, each with its ``source`` and ``quality``
(``verified``, ``corroborated``, ``unverified``, ``estimate``, ``hypothetical``)::

    name = "cn_power_2019_2020"
    title = "..."
    hypothetical = false           # true for a local what-if scheme: every output says so
    output_basis = "supply"        # power units: "supply" (power_supply_mwh) or "generation"

    [param.pre_allocation_share]
    value = 0.7
    source = "ICAP news node/731: 70% of 2018 output × benchmark"
    quality = "corroborated"

    [[benchmark]]                  # one row per (category, product)
    category = "I"                 # power unit category, or a product name (clinker, hot_metal…)
    product = "power"              # power (t/MWh), heat (t/GJ), or the unit of output
    value = 0.877
    unit = "t/MWh"
    source = "..."
    quality = "corroborated"

    [[load_band]]                  # load-factor correction, piecewise in the load factor F
    lower = 0.80                   #   applies for lower <= F < upper
    upper = 0.85
    form = "linear"                # constant: a; linear: a + b × (x0 − 100 F); power: a^(b − c F)
    a = 1.0
    b = 0.0014
    x0 = 85.0

The names a rules TOML uses in ``regime = "…"`` are the file stems; an unknown name is an error
naming the nearest.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from carbon import paths
from carbon.errors import ScenarioError

QUALITY = Literal["verified", "corroborated", "unverified", "estimate", "hypothetical", "user"]


class Sourced(BaseModel):
    """A value of a regime with where it comes from (every regime value carries one)."""

    model_config = ConfigDict(extra="forbid")
    source: str
    quality: QUALITY
    note: str = ""


class Param(Sourced):
    """One value of a regime with where it comes from."""

    value: float | bool | str
    unit: str = ""
    basis: str = ""


class Benchmark(Sourced):
    category: str
    product: str
    value: float
    unit: str


class LoadBand(Sourced):
    lower: float
    upper: float
    form: Literal["constant", "linear", "power"]
    a: float
    b: float = 0.0
    c: float = 0.0
    x0: float = 0.0


class Regime(BaseModel):
    """A rule set: parameters, benchmarks and load bands, each value with provenance."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    hypothetical: bool = False
    sectors: list[str] = []
    output_basis: Literal["supply", "generation"] = "supply"
    years: list[int] = []
    note: str = ""
    param: dict[str, Param] = {}
    benchmark: list[Benchmark] = []
    load_band: list[LoadBand] = []

    def value(self, name: str, default: Any = None) -> Any:
        """The value of parameter ``name`` (``default`` when the regime does not set it)."""
        p = self.param.get(name)
        return default if p is None else p.value

    def benchmark_value(self, category: str, product: str) -> float | None:
        for row in self.benchmark:
            if row.category == category and row.product == product:
                return row.value
        return None

    def categories(self) -> list[str]:
        return sorted({row.category for row in self.benchmark})

    def unchecked(self) -> list[str]:
        """Names of the values not checked against a source (quality other than verified or
        corroborated): every output under this regime lists them."""
        out = [f"param {k} ({p.quality})" for k, p in self.param.items()
               if p.quality not in ("verified", "corroborated")]
        out += [f"benchmark {b.category}/{b.product} ({b.quality})" for b in self.benchmark
                if b.quality not in ("verified", "corroborated")]
        out += [f"load band {b.lower:g}-{b.upper:g} ({b.quality})" for b in self.load_band
                if b.quality not in ("verified", "corroborated")]
        return out


def regimes_dir() -> Path:
    return paths.data_dir() / "allocation"


def known_regimes() -> list[str]:
    return sorted(p.stem for p in regimes_dir().glob("*.toml"))


def load_regime(name: str) -> Regime:
    """The shipped regime ``name`` (a file stem under ``data/allocation/``), validated."""
    path = regimes_dir() / f"{name}.toml"
    if not path.is_file():
        known = known_regimes()
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.0)
        raise ScenarioError(f"unknown regime '{name}'"
                            f"{' (nearest: ' + near[0] + ')' if near else ''}; known: "
                            f"{', '.join(known)}")
    return parse_regime(path)


def parse_regime(path: Path) -> Regime:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    try:
        regime = Regime(**raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ScenarioError(f"{path}: '{where}': {err['msg']}") from None
    if regime.name != Path(path).stem:
        raise ScenarioError(f"{path}: name '{regime.name}' differs from the file name")
    return regime
