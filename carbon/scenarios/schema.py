"""The scenario file: TOML validated by pydantic, with ``extends`` and relative paths.

A scenario names a base year, a horizon, a discount rate, the data files of the system it
describes and the policies that apply to it. Every table is strict (``extra="forbid"``): a
misspelt key is an error that names the file and the key and suggests the nearest valid one::

    s.toml: unknown key 'discount_rat' (did you mean 'discount_rate'?)

Inheritance
-----------
``extends = "baseline.toml"`` loads that file first (recursively). Tables merge key by key;
values and arrays (``[[policy.peak]]`` included) replace what the parent wrote. Every path is
resolved relative to the file that wrote it, before merging, so a child may override one file
and keep its parent's others. ``name`` is never inherited: it is the loaded file's own ``name``
or, without one, the file's stem.

Keys (top level)
----------------
``name``, ``extends``, ``base_year``, ``end_year``, ``discount_rate``; the files
``technologies`` (required), ``technology_costs``, ``existing_capacity``, ``demand``,
``demand_projection``, ``drivers``, ``other_sectors``, ``history``, ``fuels``, ``inventory``;
and the table ``[policy]`` with ``count_imports``, ``caps``, ``allocation``,
``offset_limit_share``, ``offset_price_yuan_per_t``, ``banking``, ``budget_t``,
``budget_years``, ``intensity``, ``carbon_tax`` and the array of tables ``[[policy.peak]]``
(``sector``, ``year``, ``max_t``); the table ``[fuel_co2_scale]`` (fuel = factor on its CO2
path). :mod:`carbon.scenarios.data` documents each file's columns.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from carbon.errors import ScenarioError
from carbon.sectors import SECTORS, TOTAL

#: the planning sectors of DESIGN.md
Sector = Literal[SECTORS]                       # type: ignore[valid-type]
SectorOrTotal = Literal[(TOTAL, *SECTORS)]      # type: ignore[valid-type]

#: keys whose values are file paths, resolved relative to the file that wrote them
TOP_PATH_KEYS = ("inventory", "technologies", "technology_costs", "existing_capacity", "demand",
                 "demand_projection", "drivers", "other_sectors", "history", "fuels", "targets")
POLICY_PATH_KEYS = ("caps", "allocation", "intensity", "carbon_tax")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PeakRule(_Strict):
    """One peak rule: emissions of ``sector`` (or the total) do not rise after ``year``."""

    sector: SectorOrTotal = "total"
    """``total`` or a sector of the vocabulary."""
    year: int
    """The peak year T*: E[y+1] <= E[y] for every y >= T*."""
    max_t: float | None = Field(default=None, ge=0)
    """Optional bound on the peak value [t CO2]: E[y] <= max_t for every y <= T*."""


class Policy(_Strict):
    """The ``[policy]`` table; every policy is optional."""

    count_imports: bool = True
    """Count the CO2 of imported grid electricity (fuels flagged ``is_import``) [default true]."""
    caps: Path | None = None
    """CSV ``year, sector, cap_t``: caps per sector (or ``total``) and year [t CO2]."""
    allocation: Path | None = None
    """CSV ``year, sector, allocation_t``: free allowances of the sectors that trade [t CO2]."""
    offset_limit_share: float | None = Field(default=None, ge=0, le=1)
    """Offsets a trading sector may surrender, as a share of its allocation [-]."""
    offset_price_yuan_per_t: float | None = Field(default=None, ge=0)
    """Price of an offset [yuan/t]; required with ``offset_limit_share``."""
    scope2_method: Literal["location", "market"] = "location"
    """How purchased electricity counts: ``location`` (every purchase, green power included, at
    the grid average) or ``market`` (green power at 0, other purchases at the fuel's
    ``residual_co2_t_per_unit``)."""
    trade_cost_yuan_per_t: float | None = Field(default=None, ge=0)
    """Cost charged on each allowance a trading sector buys from another [yuan/t], so that
    sectors do not swap allowances at a zero price."""
    banking: bool = False
    """Trading sectors may bank allowances for later years (no borrowing)."""
    budget_t: float | None = Field(default=None, ge=0)
    """Cumulative CO2 over ``budget_years`` [t]."""
    budget_years: tuple[int, int] | None = None
    """First and last year of the budget (default: the whole horizon)."""
    intensity: Path | None = None
    """CSV ``year, t_per_10k_yuan``: CO2 per GDP bound [t per 10^4 yuan]; needs drivers with GDP."""
    carbon_tax: Path | None = None
    """CSV ``year, price_yuan_per_t``: a tax on total CO2 [yuan/t]."""
    peak: list[PeakRule] = Field(default_factory=list)
    """Zero or more peak rules."""

    @model_validator(mode="after")
    def _offsets_need_a_price(self) -> Policy:
        if self.offset_limit_share and self.offset_price_yuan_per_t is None:
            raise ValueError("offset_limit_share needs offset_price_yuan_per_t")
        return self


class Scenario(_Strict):
    """A validated scenario: every path absolute, every year checked against the horizon."""

    name: str = Field(min_length=1)
    """Name of the run (the results folder); defaults to the file's stem."""
    base_year: int = Field(ge=1900, le=2200, strict=True)
    """First model year; the year the inventory describes."""
    end_year: int = Field(ge=1900, le=2200, strict=True)
    """Last model year (the horizon)."""
    discount_rate: float = Field(ge=0, lt=1)
    """Social discount rate r: df_y = (1+r)^-(y-base_year) [-]."""
    technologies: Path
    technology_costs: Path | None = None
    existing_capacity: Path | None = None
    demand: Path | None = None
    demand_projection: Path | None = None
    drivers: Path | None = None
    other_sectors: Path | None = None
    history: Path | None = None
    fuels: Path | None = None
    inventory: Path | list[Path] | None = None
    """The base-year inventory: one activity file or a list of them (energy, the other
    sectors, a landfill deposition history), compiled together."""
    targets: Path | None = None
    """CSV ``indicator, year, value, basis, direction, source``: plan targets that
    ``summary.json`` checks the indicators against (``direction`` at_most / at_least)."""
    fuel_co2_scale: dict[str, float] = Field(default_factory=dict)
    """``[fuel_co2_scale]``: factors on a fuel's CO2 path (``electricity_grid = 1.15`` for a
    grid factor 15% above the path), for sensitivities and sweeps [-]."""
    gwp: Literal["SAR", "AR4", "AR5", "AR6"] = "AR5"
    """GWP-100 set of ``ghg.csv`` (:mod:`carbon.scenarios.ghg`) [default AR5]."""
    policy: Policy = Field(default_factory=Policy)
    uncertainty: dict[str, Any] | None = None
    """The ``[uncertainty]`` table of Monte Carlo and tornado sweeps, checked by
    :func:`carbon.sweeps.uncertainty.read_uncertainty` (distributions of input multipliers)."""
    provenance: dict[str, Any] | None = Field(default=None, exclude=True)
    """Written by ``carbon run`` into ``scenario.resolved.toml`` (version, input hashes);
    ignored when a resolved file is loaded again."""
    source: Path = Field(exclude=True)
    """The scenario file that was loaded."""
    files: tuple[Path, ...] = Field(default=(), exclude=True)
    """Every TOML file read (the loaded file and its ``extends`` chain)."""

    @model_validator(mode="after")
    def _years_in_horizon(self) -> Scenario:
        if self.end_year < self.base_year:
            raise ValueError(f"end_year {self.end_year} is before base_year {self.base_year}")
        for i, rule in enumerate(self.policy.peak):
            if not self.base_year <= rule.year <= self.end_year:
                raise ValueError(f"policy.peak[{i}].year {rule.year} is outside the horizon "
                                 f"{self.base_year}-{self.end_year}")
        if self.policy.budget_years is not None and self.policy.budget_t is None:
            raise ValueError("policy.budget_years is given without policy.budget_t: give the "
                             "budget in t, or remove budget_years")
        if self.policy.budget_years is not None:
            a, b = self.policy.budget_years
            if not (self.base_year <= a <= b <= self.end_year):
                raise ValueError(f"policy.budget_years [{a}, {b}] must be ordered and inside the "
                                 f"horizon {self.base_year}-{self.end_year}")
        for fuel, scale in self.fuel_co2_scale.items():
            if not (scale >= 0 and scale < float("inf")):
                raise ValueError(f"fuel_co2_scale.{fuel} must be a finite factor >= 0, "
                                 f"found {scale}")
        if self.demand is None and self.demand_projection is None:
            raise ValueError("give 'demand' or 'demand_projection' (or both)")
        if self.demand_projection is not None and self.drivers is None:
            raise ValueError("'demand_projection' needs 'drivers'")
        if self.other_sectors is not None and self.drivers is None:
            raise ValueError("'other_sectors' needs 'drivers'")
        return self

    @property
    def years(self) -> list[int]:
        """The model years, base_year..end_year."""
        return list(range(self.base_year, self.end_year + 1))

    @property
    def inventory_files(self) -> list[Path]:
        """The inventory's activity files ([] without an inventory)."""
        if self.inventory is None:
            return []
        return list(self.inventory) if isinstance(self.inventory, list) else [self.inventory]

    def input_files(self) -> list[Path]:
        """Every data file the scenario names (for hashing), in a stable order."""
        out: list[Path | None] = []
        for key in TOP_PATH_KEYS:
            value = getattr(self, key)
            out += value if isinstance(value, list) else [value]
        out += [getattr(self.policy, k) for k in POLICY_PATH_KEYS]
        return [p for p in out if p is not None]

    def resolved_dict(self) -> dict[str, Any]:
        """The merged scenario as plain TOML-able data (paths as strings, no ``None``)."""
        data = self.model_dump(mode="json", exclude_none=True)
        return data


# ------------------------------------------------------------------------------------------ loading

_ALLOWED: dict[str, set[str]] = {
    "": set(Scenario.model_fields) - {"source", "files"} | {"extends"},
    "policy": set(Policy.model_fields),
    "policy.peak": set(PeakRule.model_fields),
}


def _check_keys(raw: dict[str, Any], file: Path) -> None:
    """Raise ScenarioError for the first key no model knows, with the nearest valid spelling."""
    def check(table: dict[str, Any], where: str) -> None:
        allowed = _ALLOWED[where]
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{near[0]}'?)" if near else \
                    f" (valid keys: {', '.join(sorted(allowed))})"
                name = f"{where}.{key}" if where else key
                raise ScenarioError(f"{file.name}: unknown key '{name}'{hint}")
    check(raw, "")
    policy = raw.get("policy")
    if isinstance(policy, dict):
        check(policy, "policy")
        peaks = policy.get("peak")
        if isinstance(peaks, list):
            for rule in peaks:
                if isinstance(rule, dict):
                    check(rule, "policy.peak")


def _resolve_paths(raw: dict[str, Any], file: Path) -> None:
    """Make the path values of one file absolute, relative to that file's folder."""
    def fix(table: dict[str, Any], keys: tuple[str, ...], prefix: str) -> None:
        for key in keys:
            if key in table:
                value = table[key]
                many = key == "inventory" and isinstance(value, list) and bool(value)
                for item in value if many else [value]:
                    if not isinstance(item, str) or not item.strip():
                        raise ScenarioError(f"{file.name}: key '{prefix}{key}' must be a file "
                                            f"path (a non-empty string"
                                            f"{'' if key != 'inventory' else ' or a list of them'}"
                                            f"), found {value!r}")
                table[key] = [str((file.parent / v).resolve()) for v in value] if many else \
                    str((file.parent / value).resolve())
    fix(raw, TOP_PATH_KEYS, "")
    if isinstance(raw.get("policy"), dict):
        fix(raw["policy"], POLICY_PATH_KEYS, "policy.")


def _read_toml(file: Path) -> dict[str, Any]:
    if file.is_dir():
        raise ScenarioError(f"{file}: is a folder, expected a scenario file (.toml)")
    if not file.is_file():
        raise ScenarioError(f"{file}: scenario file not found")
    try:
        return tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{file.name}: not a valid TOML file ({exc})") from None


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``parent``: tables key by key, values and arrays replace."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_raw(file: Path, chain: tuple[Path, ...]) -> tuple[dict[str, Any], dict[str, Path],
                                                            list[Path]]:
    """Raw merged dict, the file that last wrote each top-level key, and the files read."""
    file = file.resolve()
    if file in chain:
        raise ScenarioError(f"{file.name}: 'extends' makes a loop "
                            f"({' -> '.join(p.name for p in (*chain, file))})")
    raw = _read_toml(file)
    _check_keys(raw, file)
    _resolve_paths(raw, file)
    origin: dict[str, Path] = {}
    files = [file]
    parent: dict[str, Any] = {}
    if "extends" in raw:
        ext = raw.pop("extends")
        if not isinstance(ext, str) or not ext.strip():
            raise ScenarioError(f"{file.name}: key 'extends' must be a file name, found {ext!r}")
        target = file.parent / ext
        if not target.is_file():
            raise ScenarioError(f"{file.name}: key 'extends': file not found: {target}")
        parent, origin, parent_files = _load_raw(target, (*chain, file))
        parent.pop("name", None)          # a name is never inherited
        files = parent_files + files
    for key in raw:
        origin[key] = file
    return merge(parent, raw), origin, files


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge (``extends``) and validate a scenario file.

    Raises
    ------
    ScenarioError
        One line naming the file and the key: unknown key, wrong type, missing data file,
        year outside the horizon, an ``extends`` loop.
    """
    file = Path(path)
    raw, origin, files = _load_raw(file, ())
    raw.setdefault("name", file.stem)
    raw["source"] = str(file.resolve())
    raw["files"] = [str(f) for f in files]
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(x) for x in err["loc"]]
        where = origin.get(loc[0], file.resolve()) if loc else file.resolve()
        key = ".".join(loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            raise ScenarioError(f"{where.name}: missing key '{key}'") from None
        if key:
            raise ScenarioError(f"{where.name}: key '{key}': {msg} "
                                f"(found {err.get('input')!r})" if err["type"] != "value_error"
                                else f"{where.name}: key '{key}': {msg}") from None
        raise ScenarioError(f"{where.name}: {msg}") from None
    for key in TOP_PATH_KEYS:
        _require_file(getattr(scenario, key), key, origin.get(key, file))
    for key in POLICY_PATH_KEYS:
        _require_file(getattr(scenario.policy, key), f"policy.{key}", origin.get("policy", file))
    return scenario


def _require_file(path: Path | list[Path] | None, key: str, where: Path) -> None:
    for one in path if isinstance(path, list) else [path]:
        if one is not None and not Path(one).is_file():
            raise ScenarioError(f"{Path(where).name}: key '{key}': file not found: {one}")
