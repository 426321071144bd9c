"""The ``[uncertainty]`` table: distributions of the uncertain inputs, and drawing from them.

Every uncertain input is a *multiplier* (1 = what the scenario's files say)::

    [uncertainty.gdp_growth]          # × the yearly growth rate of the driver gdp_10k_yuan
    distribution = "normal"
    mean = 1.0
    sd = 0.2
    low = 0.5                         # optional bounds: the distribution truncated to [low, high]
    high = 1.5
    [uncertainty.population_growth]   # × the yearly growth rate of the driver population
    distribution = "uniform"
    min = 0.8
    max = 1.2
    [uncertainty.grid_factor]         # × the CO2 path of the grid fuels (default: those flagged
    distribution = "triangular"       #   is_import; or fuels = ["electricity_grid"])
    min = 0.85
    mode = 1.0
    max = 1.1
    [uncertainty.elasticity]          # × every elasticity of demand_projection and other_sectors
    distribution = "lognormal"
    median = 1.0
    sigma = 0.1
    [uncertainty.fuel_price.natural_gas]          # × that fuel's price path
    distribution = "normal"
    mean = 1.0
    sd = 0.15
    low = 0.6
    [uncertainty.technology_cost.renewables]      # × capex, fixed and variable O&M of a group
    technologies = ["solar_pv", "wind"]
    distribution = "triangular"
    min = 0.6
    mode = 0.9
    max = 1.1

Distributions and their parameters: ``normal`` (``mean``, ``sd``), ``lognormal`` (``median``,
``sigma``: the standard deviation of the logarithm), ``triangular`` (``min``, ``mode``, ``max``),
``uniform`` (``min``, ``max``). Draws use the inverse cumulative distribution of a uniform number
restricted to [F(low), F(high)], so bounds truncate (never pile up at the bound), and draw i is
row i of ``numpy.random.default_rng(seed).random((n, p))``: the same seed gives the same draws
whatever the executor, and a longer sweep begins with the draws of a shorter one.

The tornado moves each input to its ``low`` and ``high`` (without them: ``min``/``max``, else
the 5th and 95th percentiles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from carbon.errors import ScenarioError

#: the inputs an ``[uncertainty]`` table may name (tables of named entries: fuel_price,
#: technology_cost)
SCALARS = ("gdp_growth", "population_growth", "grid_factor", "elasticity")
GROUPS = ("fuel_price", "technology_cost")
DRIVER_OF = {"gdp_growth": "gdp_10k_yuan", "population_growth": "population"}

_NEEDS = {"normal": ("mean", "sd"), "lognormal": ("median", "sigma"),
          "triangular": ("min", "mode", "max"), "uniform": ("min", "max")}


class Distribution(BaseModel):
    """One uncertain multiplier."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    distribution: Literal["normal", "lognormal", "triangular", "uniform"]
    mean: float | None = None
    sd: float | None = Field(default=None, gt=0)
    median: float | None = Field(default=None, gt=0)
    sigma: float | None = Field(default=None, gt=0)
    min: float | None = None
    mode: float | None = None
    max: float | None = None
    low: float | None = None
    high: float | None = None
    technologies: tuple[str, ...] | None = None
    fuels: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Distribution:
        missing = [k for k in _NEEDS[self.distribution] if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.distribution} distribution needs "
                             f"{', '.join(repr(m) for m in missing)}")
        if self.distribution in ("triangular", "uniform"):
            a, b = self.min, self.max
            assert a is not None and b is not None
            if a >= b:
                raise ValueError(f"min {a:g} is not below max {b:g}")
            if self.mode is not None and not a <= self.mode <= b:
                raise ValueError(f"mode {self.mode:g} is outside [min, max] = [{a:g}, {b:g}]")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"the lower bound {self.low:g} is above the upper bound "
                             f"{self.high:g}")
        if self.low is not None or self.high is not None:
            lo, hi = self.support_bounds()
            if hi - lo <= 0 or self.cdf(hi) - self.cdf(lo) <= 0:
                raise ValueError(f"the bounds [{lo:g}, {hi:g}] hold none of the distribution")
        return self

    # ------------------------------------------------------------------------ closed-form CDFs
    def cdf(self, x: float) -> float:
        d = self.distribution
        if d == "normal":
            return NormalDist(self.mean or 0.0, self.sd or 1.0).cdf(x)
        if d == "lognormal":
            assert self.median is not None and self.sigma is not None
            return 0.0 if x <= 0 else NormalDist().cdf(math.log(x / self.median) / self.sigma)
        a, b = float(self.min), float(self.max)          # type: ignore[arg-type]
        if x <= a:
            return 0.0
        if x >= b:
            return 1.0
        if d == "uniform":
            return (x - a) / (b - a)
        c = float(self.mode)                              # type: ignore[arg-type]
        if x <= c:
            return (x - a) ** 2 / ((b - a) * (c - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - c))

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF (u in (0, 1))."""
        u = np.asarray(u, dtype=float)
        d = self.distribution
        if d in ("normal", "lognormal"):
            z = np.array([NormalDist().inv_cdf(min(max(v, 1e-15), 1 - 1e-15)) for v in u.ravel()])
            z = z.reshape(u.shape)
            if d == "normal":
                return (self.mean or 0.0) + (self.sd or 1.0) * z
            return float(self.median) * np.exp(float(self.sigma) * z)   # type: ignore[arg-type]
        a, b = float(self.min), float(self.max)          # type: ignore[arg-type]
        if d == "uniform":
            return a + u * (b - a)
        c = float(self.mode)                              # type: ignore[arg-type]
        fc = (c - a) / (b - a)
        return np.where(u < fc, a + np.sqrt(u * (b - a) * (c - a)),
                        b - np.sqrt((1 - u) * (b - a) * (b - c)))

    def support_bounds(self) -> tuple[float, float]:
        lo = self.low if self.low is not None else (self.min if self.min is not None
                                                    else -math.inf)
        hi = self.high if self.high is not None else (self.max if self.max is not None
                                                      else math.inf)
        return float(lo), float(hi)

    def sample(self, u: np.ndarray) -> np.ndarray:
        """Multipliers from uniform numbers, truncated to [low, high]."""
        lo, hi = self.support_bounds()
        f_lo = self.cdf(lo) if math.isfinite(lo) else 0.0
        f_hi = self.cdf(hi) if math.isfinite(hi) else 1.0
        x = self.ppf(f_lo + np.asarray(u, dtype=float) * (f_hi - f_lo))
        return np.clip(x, lo, hi)

    def ends(self) -> tuple[float, float]:
        """The tornado's two ends: the bounds, else min/max, else the 5th and 95th percentiles."""
        lo, hi = self.support_bounds()
        if not math.isfinite(lo):
            lo = float(self.sample(np.array([0.05]))[0])
        if not math.isfinite(hi):
            hi = float(self.sample(np.array([0.95]))[0])
        return lo, hi


@dataclass(frozen=True)
class Uncertainty:
    """The checked ``[uncertainty]`` table: parameter name → distribution, in file order.

    Names are ``gdp_growth``, ``population_growth``, ``grid_factor``, ``elasticity``,
    ``fuel_price.<fuel>``, ``technology_cost.<group>``.
    """

    parameters: dict[str, Distribution]

    @property
    def names(self) -> list[str]:
        return list(self.parameters)

    def draw(self, n: int, seed: int) -> np.ndarray:
        """Multipliers, draws × parameters (row i is draw i for any n)."""
        u = np.random.default_rng(seed).random((n, len(self.parameters)))
        out = np.empty_like(u)
        for j, dist in enumerate(self.parameters.values()):
            out[:, j] = dist.sample(u[:, j])
        return out


def read_uncertainty(scenario) -> Uncertainty:
    """Check a scenario's ``[uncertainty]`` table (ScenarioError naming the file and the key)."""
    raw: dict[str, Any] = scenario.uncertainty or {}
    name = scenario.source.name
    if not raw:
        raise ScenarioError(f"{name}: no [uncertainty] table: a Monte Carlo or tornado sweep "
                            f"needs at least one distribution (see carbon.sweeps.uncertainty)")
    params: dict[str, Distribution] = {}
    for key, value in raw.items():
        if key in SCALARS:
            params[key] = _dist(value, f"uncertainty.{key}", name)
        elif key in GROUPS:
            if not isinstance(value, dict) or not value:
                raise ScenarioError(f"{name}: key 'uncertainty.{key}' must be a table of named "
                                    f"entries, e.g. [uncertainty.{key}.NAME]")
            for sub, spec in value.items():
                params[f"{key}.{sub}"] = _dist(spec, f"uncertainty.{key}.{sub}", name)
        else:
            raise ScenarioError(f"{name}: unknown key 'uncertainty.{key}' (valid keys: "
                                f"{', '.join((*SCALARS, *GROUPS))})")
    for key, dist in params.items():
        if key.startswith("technology_cost.") and not dist.technologies:
            raise ScenarioError(f"{name}: key 'uncertainty.{key}': give technologies = [...]")
    return Uncertainty(params)


def _dist(value: Any, key: str, file: str) -> Distribution:
    if not isinstance(value, dict):
        raise ScenarioError(f"{file}: key '{key}' must be a table with 'distribution' and its "
                            f"parameters, found {value!r}")
    try:
        return Distribution.model_validate(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        sub = f"{key}.{where}" if where else key
        raise ScenarioError(f"{file}: key '{sub}': {msg}") from None
