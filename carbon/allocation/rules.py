"""The rules TOML of ``carbon allocate``: inputs, allocation method, market rules.

DESIGN.md, section Allocation. A rules file names its inputs (paths relative to the file) and
the rules; a ``regime`` fills every rule the file leaves out from a shipped rule set
(``data/allocation/<regime>.toml``), and a value written in the file wins over the regime's.
Unknown keys are errors naming the key (pydantic ``extra="forbid"``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from carbon.allocation.regimes import Regime, load_regime
from carbon.errors import ScenarioError

METHODS = ("given", "grandfathering", "intensity", "benchmark", "verified")


class AllocationRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: str | dict[str, str] = "given"   # one method, or {sector: method} (a mix)
    regime: str | None = None
    participants: Literal["all", "national_ets", "not_national_ets"] = "all"
    cap_t: float | dict[str, float] | None = None   # one cap, or {"2025": cap, …}
    cap_from: str | None = None               # a finished pathway run (results/<name>)
    coverage: dict[str, float] = {}           # cap_from: share of each sector's direct CO2
    exclude_technologies: list[str] = ["grid_import"]
    base_year: int | None = None
    decline_per_yr: float | None = None
    auction_share: float | None = None
    new_entrant_reserve_share: float | None = None
    exit_margin_yuan_per_output: float | None = None

    @field_validator("method")
    @classmethod
    def _known_method(cls, v):
        names = [v] if isinstance(v, str) else list(v.values())
        for name in names:
            if name not in METHODS:
                raise ValueError(f"unknown method '{name}' (expected one of {', '.join(METHODS)})")
        return v


class MarketRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    price_yuan_per_t: float | None = None      # price-taker: firms trade with an outside market
    offset_limit_share: float | None = None
    offset_limit_basis: Literal["obligation", "allocation", "emissions"] | None = None
    offset_price_yuan_per_t: float | None = None
    price_ceiling_yuan_per_t: float | None = None
    auction_reserve_price_yuan_per_t: float | None = None
    penalty_yuan_per_t: float | None = None
    banking: bool | None = None
    borrowing_share: float | None = None       # of the first year's need: a bank may go below 0
    discount_rate: float = 0.05
    initial_bank_t: float = 0.0
    solver: Literal["auto", "lp", "merit_order"] = "auto"


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    years: list[int]
    enterprises: str
    mac: str | None = None
    units: str | None = None
    activity: list[str] | str | None = None
    hypothetical: bool = False
    allocation: AllocationRules = AllocationRules()
    market: MarketRules = MarketRules()
    # filled after loading
    folder: Path = Path(".")
    source: Path = Path(".")

    def path(self, name: str) -> Path:
        p = Path(name)
        return p if p.is_absolute() else self.folder / p


def load_rules(path: Path) -> tuple[Rules, Regime | None]:
    """Read and validate a rules TOML; return it with its regime (``None`` when it names none)."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: file not found")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    raw.setdefault("name", path.stem)
    try:
        rules = Rules(**raw, folder=path.parent, source=path)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ScenarioError(f"{path}: key '{where}': {err['msg']}") from None
    if not rules.years or sorted(set(rules.years)) != rules.years:
        raise ScenarioError(f"{path}: key 'years': expected increasing years without repeats, "
                            f"found {rules.years}")
    a = rules.allocation
    if a.cap_t is not None and a.cap_from is not None:
        raise ScenarioError(f"{path}: give either allocation.cap_t or allocation.cap_from")
    if a.cap_from is not None and not a.coverage:
        raise ScenarioError(f"{path}: allocation.cap_from needs allocation.coverage "
                            "(share of each covered sector's direct CO2, e.g. {industry = 0.6})")
    regime = load_regime(a.regime) if a.regime else None
    if regime is not None and regime.hypothetical:
        rules.hypothetical = True
    return rules, regime


def setting(rules_value, regime: Regime | None, name: str, default=None):
    """A rule: the value written in the rules file, else the regime's, else ``default``."""
    if rules_value is not None:
        return rules_value
    if regime is not None:
        return regime.value(name, default)
    return default


def cap_for_year(rules: Rules, year: int) -> float | None:
    cap = rules.allocation.cap_t
    if cap is None or isinstance(cap, float | int):
        return None if cap is None else float(cap)
    if str(year) not in cap:
        raise ScenarioError(f"{rules.source}: allocation.cap_t has no value for {year}")
    return float(cap[str(year)])
