"""Reading a scenario's data files into the tidy inputs of the pathway model.

Every file is read with :mod:`carbon.tables` (UTF-8, UTF-8 with BOM or GB18030; header checks;
numbers checked cell by cell). Empty cells mean "not given": for a limit, no limit.

Files and columns
-----------------
technologies (required)
    ``technology, sector, output, input, input_per_output, co2_t_per_output,
    var_cost_yuan_per_output, capex_yuan_per_capacity, fixed_om_yuan_per_capacity, lifetime_yr,
    output_per_capacity, availability, max_capacity, max_new_capacity_per_yr``.
    ``input`` is empty, a fuel of the fuels file, or the ``output`` of another technology (an
    intermediate such as ``electricity`` that an electric bus takes from the power technologies:
    that output's balance then includes this use). ``co2_t_per_output`` is direct (process) CO2
    [t per unit of output] on top of what the input carries; it may be negative (a sink or
    capture). An empty ``output_per_capacity`` means the technology has no capacity: its activity
    is not bounded by a stock and it has no capital or fixed cost (e.g. an import contract).
    ``availability`` empty means 1. ``max_capacity`` bounds installed capacity, existing stock
    included (where the existing stock alone is larger, the bound is the existing stock).
    Optional columns: ``non_fossil`` (``true``/``1``/``yes`` for a renewable or nuclear
    technology: its output counts as non-fossil energy in the indicators) and ``tce_per_output``
    (the primary energy [tce] credited per unit of a non-fossil technology's output, e.g. 0.3 tce
    per MWh by the coal-equivalent method; default 0). Realism columns (optional):
    ``availability_min`` (activity ≥ it × output_per_capacity × capacity), ``early_retirement``
    (true: capacity may retire early, for good), ``new_capacity_growth`` with
    ``new_capacity_seed`` (new[y] ≤ (1+g)·new[y−1] + n0), ``hurdle_rate`` (the rate that
    annualises the technology's capital), ``min_share``, ``max_share`` (of the activity of the
    producers of its output), ``min_share_new``, ``max_share_new`` (of their new capacity),
    ``storage`` (left out of share bounds), ``green_power`` (scope 2: see
    :func:`carbon.scenarios.model.emission_factors`), ``output_unit``, ``capacity_unit``,
    ``name_zh``. :data:`OPTIONAL_TECH_COLUMNS` lists them.
technology_costs (optional)
    ``technology, year`` and any of ``var_cost_yuan_per_output, capex_yuan_per_capacity,
    fixed_om_yuan_per_capacity, input_per_output, co2_t_per_output, availability,
    output_per_capacity, max_capacity, max_new_capacity_per_yr`` and the yearly realism columns
    (``availability_min``, the growth limits and the shares): the value applies from that
    year until the next row of the same technology (an empty cell keeps the earlier value).
existing_capacity (optional)
    ``technology, year, capacity``: stock built before the base year still in service in that
    calendar year. A year without a row has none (the stock has retired).
fuels (optional; may be a header only)
    ``fuel, year, price_yuan_per_unit, co2_t_per_unit``; between listed years linear, flat outside.
    Optional columns: ``tce_per_unit`` (energy content for the energy indicators, default 0),
    ``non_fossil_share`` (share of the fuel's energy that is non-fossil, e.g. the grid's, default
    0), ``is_import`` (``true``/``false``: an import whose CO2 is not counted when
    ``policy.count_imports = false``). Without ``is_import`` (or with an empty cell), a fuel is an
    import exactly when its name starts with ``electricity`` (``electricity_grid``).
    ``residual_co2_t_per_unit`` (the grid factor without traded green power, for
    ``scope2_method = "market"``) and ``unit`` are optional too.
history (optional)
    ``year, technology`` and ``activity`` and/or ``new_capacity`` (empty: not known): known
    figures of past years, which the model fixes; new capacity of the year before the base year
    seeds the growth limits.
caps, allocation, intensity, carbon_tax (optional; see :mod:`carbon.scenarios.schema`)
    ``year, sector, cap_t``; ``year, sector, allocation_t``; ``year, t_per_10k_yuan``;
    ``year, price_yuan_per_t`` (linear between listed years, 0 before the first, flat after the
    last).

The demand files, drivers and the sectors not optimised are read by
:mod:`carbon.scenarios.projections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import DataError, ScenarioError
from carbon.scenarios.paths_by_year import interpolate, step_forward
from carbon.scenarios.schema import SECTORS, Scenario
from carbon.tables import (
    PROVENANCE_COLUMNS,
    check_known_columns,
    numeric_column,
    read_table,
    sheet_row,
)

TECH_COLUMNS = ["technology", "sector", "output", "input", "input_per_output", "co2_t_per_output",
                "var_cost_yuan_per_output", "capex_yuan_per_capacity",
                "fixed_om_yuan_per_capacity", "lifetime_yr", "output_per_capacity",
                "availability", "max_capacity", "max_new_capacity_per_yr"]
#: technology parameters that may change by year (technology_costs)
YEARLY = ["var_cost_yuan_per_output", "capex_yuan_per_capacity", "fixed_om_yuan_per_capacity",
          "input_per_output", "co2_t_per_output", "availability", "output_per_capacity",
          "max_capacity", "max_new_capacity_per_yr", "availability_min", "new_capacity_growth",
          "new_capacity_seed", "min_share", "max_share", "min_share_new", "max_share_new"]
#: share bounds (of the output's producing activity, or of its new capacity)
SHARES = ["min_share", "max_share", "min_share_new", "max_share_new"]
#: optional technology columns (the realism columns of DESIGN.md); YEARLY ones may change by year
OPTIONAL_TECH_COLUMNS = ["availability_min", "new_capacity_growth", "new_capacity_seed",
                         "early_retirement", "hurdle_rate", "non_fossil", "tce_per_output",
                         "name_zh", "output_unit", "capacity_unit", "storage", "green_power",
                         *SHARES]
#: with TECH_COLUMNS, YEARLY and the provenance columns, the only names a technologies file may
#: use (besides the user's own ``x_...``): add new optional columns to OPTIONAL_TECH_COLUMNS
TECH_OPTIONAL_COLUMNS = OPTIONAL_TECH_COLUMNS
TRUE_WORDS = {"true", "1", "yes", "y", "t", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "f", "否", ""}


@dataclass
class Fuels:
    """Fuel paths, each a frame indexed by fuel with one column per model year."""

    price: pd.DataFrame
    co2: pd.DataFrame
    tce_per_unit: pd.Series
    non_fossil_share: pd.DataFrame
    """Share of the fuel's energy that is non-fossil, fuel × year (the grid's share rises)."""
    is_import: pd.Series
    residual: pd.DataFrame | None = None
    """Residual grid factor (without traded green power), fuel × year; only the fuels that
    give ``residual_co2_t_per_unit``."""
    unit: pd.Series = field(default_factory=lambda: pd.Series(dtype=str))
    """Unit of each fuel (optional column ``unit``; '' where not given)."""


@dataclass
class ModelInputs:
    """Everything :func:`carbon.scenarios.model.build_model` needs, as tidy pandas objects."""

    scenario: Scenario
    years: list[int]
    techs: pd.DataFrame
    """Indexed by technology: sector, output, input, lifetime_yr, has_capacity, non_fossil,
    tce_per_output."""
    params: dict[str, pd.DataFrame]
    """Each YEARLY parameter as a technology × year frame (NaN = no limit)."""
    existing: pd.DataFrame
    """Existing capacity, technology × year (0 where none)."""
    demand: pd.DataFrame
    """Final demand, output × year, for every output a technology produces."""
    fuels: Fuels
    caps: pd.DataFrame
    allocation: pd.DataFrame
    intensity: pd.Series
    carbon_tax: pd.Series
    history: pd.DataFrame
    drivers: pd.DataFrame | None
    exogenous_co2: pd.DataFrame
    """CO2 of the sectors not optimised, sector × year [t]."""
    exogenous_energy_tce: pd.Series
    """Energy of the sectors not optimised, per year [tce]."""
    exogenous_coal_tce: pd.Series | None = None
    """Coal and coke of the sectors not optimised, per year [tce]."""
    inventory_co2: pd.Series | None = None
    """Base-year inventory CO2 by sector [t], when the scenario names an inventory."""
    discount: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """df_y = (1+r)^-(y-base_year)."""
    demand_by_sector: pd.DataFrame | None = None
    """Final demand split by using sector, (output, sector) × year (scope 2 by sector)."""
    output_units: dict[str, str] = field(default_factory=dict)
    """Unit of each output, from technologies' ``output_unit`` or the demand projection."""
    targets: pd.DataFrame | None = None
    """Plan targets (:func:`read_targets`), checked in ``summary.json``."""
    peak_reference: dict[int, float] | None = None
    """CO2 [t] of each peak rule's sector (or total) in its peak year when the scenario is
    solved without its peak rules (rule number -> t); filled by the model on first build.
    Code that changes these inputs and builds again (a sweep) must set it back to None, or the
    peak levels stay those of the first inputs."""

    @property
    def sectors(self) -> list[str]:
        """Every sector with emissions: modelled sectors first, then the exogenous ones."""
        modelled = list(dict.fromkeys(self.techs["sector"]))
        return modelled + [s for s in self.exogenous_co2.index if s not in modelled]

    @property
    def modelled_sectors(self) -> list[str]:
        return list(dict.fromkeys(self.techs["sector"]))


# ----------------------------------------------------------------------------------- file helpers

def read(path: Path, required: list[str], *, allow_empty: bool = False) -> pd.DataFrame:
    """A data file as strings, with its required columns (and rows unless ``allow_empty``)."""
    frame = read_table(path)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(f"missing column '{missing[0]}' (required: {', '.join(required)})",
                        file=path, row=1)
    if frame.empty and not allow_empty:
        raise DataError("no data rows below the header", file=path)
    for col in frame.columns:
        frame[col] = frame[col].astype(str).str.strip()
    return frame


def number(frame: pd.DataFrame, col: str, path: Path, **kw) -> pd.Series:
    """Numeric column (float), checked cell by cell."""
    return numeric_column(frame, col, path, **kw).astype(float)


def years_column(frame: pd.DataFrame, path: Path, scenario: Scenario | None = None) -> pd.Series:
    """The ``year`` column as int; with ``scenario``, every year must lie in the horizon."""
    years = numeric_column(frame, "year", path, integer=True).astype(int)
    if scenario is not None:
        bad = (years < scenario.base_year) | (years > scenario.end_year)
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(f"year {years.iloc[pos]} is outside the horizon "
                            f"{scenario.base_year}-{scenario.end_year}",
                            file=path, row=sheet_row(pos), column="year")
    return years


def flag(frame: pd.DataFrame, col: str, path: Path) -> pd.Series:
    """A true/false column (``true``/``1``/``yes``; empty is false); NaN where empty."""
    text = frame[col].str.lower()
    bad = ~text.isin(TRUE_WORDS | FALSE_WORDS)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"found '{frame[col].iloc[pos]}', expected true or false",
                        file=path, row=sheet_row(pos), column=col)
    return text.map(lambda s: np.nan if s == "" else s in TRUE_WORDS)


def no_duplicates(frame: pd.DataFrame, keys: list[str], path: Path) -> None:
    dup = frame.duplicated(keys)
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        what = ", ".join(f"{k} {frame[k].iloc[pos]}" for k in keys)
        raise DataError(f"a second row for {what}", file=path, row=sheet_row(pos))


def check_sector(frame: pd.DataFrame, path: Path, allowed: set[str], *,
                 known: set[str] | None = None, what: str = "rule") -> None:
    """Sector names must be in the vocabulary and, with ``known``, have emissions to act on."""
    for pos, sector in enumerate(frame["sector"]):
        if sector not in allowed:
            raise DataError(f"sector '{sector}' is not one of {', '.join(sorted(allowed))}",
                            file=path, row=sheet_row(pos), column="sector")
        if known is not None and sector != "total" and sector not in known:
            raise DataError(f"a {what} on sector '{sector}', which has no technologies and is not "
                            f"in the inventory", file=path, row=sheet_row(pos), column="sector")


# ----------------------------------------------------------------------------------- technologies

def read_technologies(path: Path, fuel_names: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Technologies: static attributes (indexed by technology) and the base yearly parameters.

    Returns ``(techs, base)`` where ``base`` holds the YEARLY columns as floats (NaN = none).
    """
    frame = read(path, TECH_COLUMNS)
    check_known_columns(frame.columns, list(dict.fromkeys(
        [*TECH_COLUMNS, *TECH_OPTIONAL_COLUMNS, *YEARLY, *PROVENANCE_COLUMNS])), path)
    empty = frame["technology"].eq("")
    if empty.any():
        raise DataError("empty technology name", file=path, row=sheet_row(int(np.flatnonzero(
            empty.to_numpy())[0])), column="technology")
    no_duplicates(frame, ["technology"], path)
    check_sector(frame, path, set(SECTORS))
    for pos, out in enumerate(frame["output"]):
        if not out:
            raise DataError("empty output: name the service or commodity the technology makes",
                            file=path, row=sheet_row(pos), column="output")
    base = pd.DataFrame(index=frame["technology"])
    for col in YEARLY:
        minimum = None if col == "co2_t_per_output" else 0
        base[col] = (number(frame, col, path, minimum=minimum, allow_empty=True).to_numpy()
                     if col in frame else np.nan)
    for col in ("input_per_output", "co2_t_per_output", "var_cost_yuan_per_output",
                "capex_yuan_per_capacity", "fixed_om_yuan_per_capacity"):
        base[col] = base[col].fillna(0.0)
    base["availability"] = base["availability"].fillna(1.0)
    if (base["availability"] > 1).any():
        pos = int(np.flatnonzero((base["availability"] > 1).to_numpy())[0])
        raise DataError(f"found {frame['availability'].iloc[pos]}, expected a share in [0, 1]",
                        file=path, row=sheet_row(pos), column="availability")
    check_realism(base, frame, path)
    lifetime = number(frame, "lifetime_yr", path, minimum=1, allow_empty=True)
    has_cap = base["output_per_capacity"].notna().to_numpy()
    missing_life = has_cap & lifetime.isna().to_numpy()
    if missing_life.any():
        pos = int(np.flatnonzero(missing_life)[0])
        raise DataError("empty lifetime_yr for a technology with output_per_capacity",
                        file=path, row=sheet_row(pos), column="lifetime_yr")
    outputs = set(frame["output"])
    for pos, (tech, inp) in enumerate(zip(frame["technology"], frame["input"], strict=True)):
        if inp and inp not in fuel_names and inp not in outputs:
            raise DataError(f"input '{inp}' of '{tech}' is neither a fuel of the fuels file nor "
                            f"the output of a technology", file=path, row=sheet_row(pos),
                            column="input")
        if inp and frame["output"].iloc[pos] == inp:
            raise DataError(f"'{tech}' takes its own output '{inp}' as input",
                            file=path, row=sheet_row(pos), column="input")
    techs = pd.DataFrame({
        "sector": frame["sector"].to_numpy(),
        "output": frame["output"].to_numpy(),
        "input": frame["input"].to_numpy(),
        "lifetime_yr": np.round(lifetime.fillna(1000).to_numpy()).astype(int),
        "has_capacity": has_cap,
    }, index=pd.Index(frame["technology"], name="technology"))
    nf = flag(frame, "non_fossil", path) if "non_fossil" in frame else None
    techs["non_fossil"] = (False if nf is None
                           else nf.map(lambda v: v is True).to_numpy(dtype=bool))
    techs["tce_per_output"] = (number(frame, "tce_per_output", path, minimum=0, allow_empty=True)
                               .fillna(0.0).to_numpy() if "tce_per_output" in frame else 0.0)
    gp = flag(frame, "green_power", path) if "green_power" in frame else None
    techs["green_power"] = (False if gp is None
                            else gp.map(lambda v: v is True).to_numpy(dtype=bool))
    st = flag(frame, "storage", path) if "storage" in frame else None
    techs["storage"] = (False if st is None
                        else st.map(lambda v: v is True).to_numpy(dtype=bool))
    er = flag(frame, "early_retirement", path) if "early_retirement" in frame else None
    techs["early_retirement"] = (False if er is None
                                 else er.map(lambda v: v is True).to_numpy(dtype=bool)) & has_cap
    techs["hurdle_rate"] = (number(frame, "hurdle_rate", path, minimum=0, allow_empty=True)
                            .to_numpy() if "hurdle_rate" in frame else np.nan)
    if (techs["hurdle_rate"] >= 1).any():
        pos = int(np.flatnonzero((techs["hurdle_rate"] >= 1).to_numpy())[0])
        raise DataError(f"found {frame['hurdle_rate'].iloc[pos]}, expected a rate in [0, 1)",
                        file=path, row=sheet_row(pos), column="hurdle_rate")
    for col in ("name_zh", "output_unit", "capacity_unit"):
        techs[col] = frame[col].to_numpy() if col in frame else ""
    return techs, base


def check_realism(values: pd.DataFrame, frame: pd.DataFrame, path: Path,
                  base: pd.DataFrame | None = None) -> None:
    """Row checks of the realism columns: availability_min ≤ availability, a growth rate needs
    a seed. ``values`` holds the row's numbers (NaN = not given); in a technology_costs file the
    technology's own row (``base``, indexed by technology) fills what a row leaves empty."""
    def col(name: str) -> np.ndarray:
        v = values[name].to_numpy(dtype=float) if name in values else np.full(len(values), np.nan)
        if base is not None:
            fill = base.loc[frame["technology"], name].to_numpy(dtype=float)
            v = np.where(np.isnan(v), fill, v)
        return v
    amin, avail = col("availability_min"), col("availability")
    avail = np.where(np.isnan(avail), 1.0, avail)
    bad = amin > avail + 1e-12
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError(f"availability_min {amin[pos]:g} is above availability {avail[pos]:g}",
                        file=path, row=sheet_row(pos), column="availability_min")
    for lo_name, hi_name in (("min_share", "max_share"), ("min_share_new", "max_share_new")):
        lo, hi = col(lo_name), col(hi_name)
        bad = (lo > 1) | (hi > 1)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            name = lo_name if lo[pos] > 1 else hi_name
            raise DataError(f"found {max(lo[pos], hi[pos]):g}, expected a share in [0, 1]",
                            file=path, row=sheet_row(pos), column=name)
        bad = lo > hi + 1e-12
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise DataError(f"{lo_name} {lo[pos]:g} is above {hi_name} {hi[pos]:g}",
                            file=path, row=sheet_row(pos), column=lo_name)
    g, seed = col("new_capacity_growth"), col("new_capacity_seed")
    bad = ~np.isnan(g) & np.isnan(seed)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataError("new_capacity_growth without new_capacity_seed: with nothing built "
                        "before, nothing could ever be built (give a seed, 0 allowed only with "
                        "history)", file=path, row=sheet_row(pos), column="new_capacity_seed")


def read_technology_costs(path: Path | None, techs: pd.DataFrame, base: pd.DataFrame,
                          years: list[int]) -> dict[str, pd.DataFrame]:
    """The YEARLY parameters as technology × year frames, with the cost paths applied."""
    overrides = pd.DataFrame(columns=["technology", "year"])
    if path is not None:
        frame = read(path, ["technology", "year"])
        unknown_cols = [c for c in frame.columns
                        if c not in [*YEARLY, "technology", "year", *PROVENANCE_COLUMNS]]
        if unknown_cols:
            raise DataError(f"column '{unknown_cols[0]}' is not a parameter that can change by "
                            f"year (one of: {', '.join(YEARLY)})", file=path, row=1)
        for pos, tech in enumerate(frame["technology"]):
            if tech not in techs.index:
                raise DataError(f"unknown technology '{tech}'", file=path, row=sheet_row(pos),
                                column="technology")
        overrides = pd.DataFrame({"technology": frame["technology"],
                                  "year": years_column(frame, path)})
        no_duplicates(overrides, ["technology", "year"], path)
        for col in YEARLY:
            if col in frame:
                minimum = None if col == "co2_t_per_output" else 0
                overrides[col] = number(frame, col, path, minimum=minimum, allow_empty=True)
        check_realism(overrides.reset_index(drop=True), frame, path, base)
    params = {}
    for col in YEARLY:
        params[col] = (step_forward(base[col], overrides, col, years) if col in overrides
                       else pd.DataFrame(np.repeat(base[col].to_numpy()[:, None], len(years), 1),
                                         index=base.index, columns=years))
    return params


def read_existing(path: Path | None, techs: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Existing stock, technology × year; years without a row have none."""
    out = pd.DataFrame(0.0, index=techs.index, columns=years)
    if path is None:
        return out
    frame = read(path, ["technology", "year", "capacity"], allow_empty=True)
    if frame.empty:
        return out
    year = years_column(frame, path)
    cap = number(frame, "capacity", path, minimum=0)
    for pos, tech in enumerate(frame["technology"]):
        if tech not in techs.index:
            raise DataError(f"unknown technology '{tech}'", file=path, row=sheet_row(pos),
                            column="technology")
        if not techs.at[tech, "has_capacity"]:
            raise DataError(f"'{tech}' has no output_per_capacity, so it cannot have a stock",
                            file=path, row=sheet_row(pos), column="technology")
    no_duplicates(pd.DataFrame({"technology": frame["technology"], "year": year}),
                  ["technology", "year"], path)
    keep = year.between(years[0], years[-1]).to_numpy()
    for tech, y, c in zip(frame["technology"][keep], year[keep], cap[keep], strict=True):
        out.at[tech, int(y)] = float(c)
    return out


# ----------------------------------------------------------------------------------------- fuels

def read_fuels(path: Path | None, years: list[int]) -> Fuels:
    """Fuel paths (linear between listed years, flat outside) and the optional attributes."""
    cols = ["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit"]
    empty = pd.DataFrame(index=pd.Index([], name="fuel"), columns=years, dtype=float)
    if path is None:
        return Fuels(empty, empty.copy(), pd.Series(dtype=float), empty.copy(),
                     pd.Series(dtype=bool))
    frame = read(path, cols, allow_empty=True)
    if frame.empty:
        return Fuels(empty, empty.copy(), pd.Series(dtype=float), empty.copy(),
                     pd.Series(dtype=bool))
    long = pd.DataFrame({"fuel": frame["fuel"], "year": years_column(frame, path),
                         "price": number(frame, "price_yuan_per_unit", path, minimum=0),
                         "co2": number(frame, "co2_t_per_unit", path, minimum=0)})
    for pos, f in enumerate(long["fuel"]):
        if not f:
            raise DataError("empty fuel name", file=path, row=sheet_row(pos), column="fuel")
    no_duplicates(long, ["fuel", "year"], path)
    long["tce"] = (number(frame, "tce_per_unit", path, minimum=0, allow_empty=True)
                   if "tce_per_unit" in frame else np.nan)
    long["nfs"] = (number(frame, "non_fossil_share", path, minimum=0, allow_empty=True)
                   if "non_fossil_share" in frame else np.nan)
    if (long["nfs"] > 1).any():
        pos = int(np.flatnonzero((long["nfs"] > 1).to_numpy())[0])
        raise DataError("expected a share in [0, 1]", file=path, row=sheet_row(pos),
                        column="non_fossil_share")
    long["imp"] = flag(frame, "is_import", path) if "is_import" in frame else np.nan
    first = long.groupby("fuel", sort=False)
    tce = first["tce"].agg(lambda s: s.dropna().iloc[-1] if s.notna().any() else 0.0)
    nfs = interpolate(long.assign(nfs=long["nfs"].fillna(0.0)), "fuel", "nfs", years)
    imp = first["imp"].agg(lambda s: bool(s.dropna().iloc[-1]) if s.notna().any() else None)
    imp = pd.Series({f: (v if v is not None else str(f).startswith("electricity"))
                     for f, v in imp.items()}, dtype=bool)
    unit = (pd.Series(frame["unit"].to_numpy(), index=long["fuel"]).groupby(level=0).last()
            if "unit" in frame else pd.Series(dtype=str))
    residual = None
    if "residual_co2_t_per_unit" in frame:
        long["res"] = number(frame, "residual_co2_t_per_unit", path, minimum=0, allow_empty=True)
        given = long[long["res"].notna()]
        if not given.empty:
            residual = interpolate(given, "fuel", "res", years)
    return Fuels(interpolate(long, "fuel", "price", years), interpolate(long, "fuel", "co2", years),
                 tce.astype(float), nfs, imp, residual, unit)


def fuel_names(path: Path | None) -> set[str]:
    """Names of the fuels in the fuels file (before the full read, for checking inputs)."""
    if path is None:
        return set()
    frame = read(path, ["fuel"], allow_empty=True)
    return set(frame["fuel"])


# ---------------------------------------------------------------------------------------- policy

def read_caps(path: Path | None, scenario: Scenario, known: set[str]) -> pd.DataFrame:
    """Caps ``year, sector, cap_t`` (sector may be ``total``)."""
    if path is None:
        return pd.DataFrame({"year": pd.Series(dtype=int), "sector": pd.Series(dtype=str),
                             "cap_t": pd.Series(dtype=float)})
    frame = read(path, ["year", "sector", "cap_t"])
    check_sector(frame, path, set(SECTORS) | {"total"}, known=known, what="cap")
    out = pd.DataFrame({"year": years_column(frame, path, scenario), "sector": frame["sector"],
                        "cap_t": number(frame, "cap_t", path, minimum=0)})
    no_duplicates(out, ["year", "sector"], path)
    return out


def read_allocation(path: Path | None, scenario: Scenario, known: set[str]) -> pd.DataFrame:
    """Free allocation ``year, sector, allocation_t`` of the trading sectors."""
    if path is None:
        return pd.DataFrame({"year": pd.Series(dtype=int), "sector": pd.Series(dtype=str),
                             "allocation_t": pd.Series(dtype=float)})
    frame = read(path, ["year", "sector", "allocation_t"])
    check_sector(frame, path, set(SECTORS), known=known, what="allocation")
    out = pd.DataFrame({"year": years_column(frame, path, scenario), "sector": frame["sector"],
                        "allocation_t": number(frame, "allocation_t", path, minimum=0)})
    no_duplicates(out, ["year", "sector"], path)
    return out


def read_year_values(path: Path | None, column: str, scenario: Scenario) -> pd.Series:
    """A ``year, <column>`` file as a Series indexed by year (only the listed years)."""
    if path is None:
        return pd.Series(dtype=float)
    frame = read(path, ["year", column])
    out = pd.DataFrame({"year": years_column(frame, path, scenario),
                        "v": number(frame, column, path, minimum=0)})
    no_duplicates(out, ["year"], path)
    return pd.Series(out["v"].to_numpy(), index=out["year"].to_numpy(), name=column)


def tax_path(listed: pd.Series, years: list[int]) -> pd.Series:
    """Carbon tax over the horizon: linear between listed years, 0 before, flat after."""
    if listed.empty:
        return pd.Series(0.0, index=years)
    long = pd.DataFrame({"k": 0, "year": listed.index, "v": listed.to_numpy()})
    return pd.Series(interpolate(long, "k", "v", years, before=0.0).iloc[0].to_numpy(),
                     index=years)


def read_history(path: Path | None, scenario: Scenario, techs: pd.DataFrame) -> pd.DataFrame:
    """Known figures of past years: ``year, technology`` and ``activity`` and/or
    ``new_capacity`` (each optional per row: an empty cell is not known, NaN here).

    A year may lie before the base year only for ``new_capacity`` (the year before the first
    model year seeds the growth limits); such rows are kept, activity there is ignored.
    """
    cols = ["year", "technology", "activity", "new_capacity"]
    if path is None:
        return pd.DataFrame({"year": pd.Series(dtype=int), "technology": pd.Series(dtype=str),
                             "activity": pd.Series(dtype=float),
                             "new_capacity": pd.Series(dtype=float)})
    frame = read(path, ["year", "technology"])
    if "activity" not in frame and "new_capacity" not in frame:
        raise DataError("missing column 'activity' or 'new_capacity' (history needs at least "
                        "one)", file=path, row=1)
    for pos, tech in enumerate(frame["technology"]):
        if tech not in techs.index:
            raise DataError(f"unknown technology '{tech}'", file=path, row=sheet_row(pos),
                            column="technology")
    years = years_column(frame, path)
    early = (years < scenario.base_year - 1) | (years > scenario.end_year)
    if "activity" in frame:
        early |= (years == scenario.base_year - 1) & frame["activity"].ne("")
    if early.any():
        pos = int(np.flatnonzero(early.to_numpy())[0])
        raise DataError(f"year {years.iloc[pos]} is outside the horizon "
                        f"{scenario.base_year}-{scenario.end_year} (only new_capacity may be "
                        f"given for {scenario.base_year - 1})", file=path, row=sheet_row(pos),
                        column="year")
    out = pd.DataFrame({"year": years, "technology": frame["technology"]})
    for col in cols[2:]:
        out[col] = (number(frame, col, path, minimum=0, allow_empty=True) if col in frame
                    else np.nan)
    for pos, (tech, nc) in enumerate(zip(out["technology"], out["new_capacity"], strict=True)):
        if not np.isnan(nc) and not techs.at[tech, "has_capacity"]:
            raise DataError(f"'{tech}' has no output_per_capacity, so it has no new capacity",
                            file=path, row=sheet_row(pos), column="new_capacity")
    no_duplicates(out, ["year", "technology"], path)
    return out


def check_peak_sectors(scenario: Scenario, known: set[str]) -> None:
    for i, rule in enumerate(scenario.policy.peak):
        if rule.sector != "total" and rule.sector not in known:
            raise ScenarioError(f"{scenario.source.name}: key 'policy.peak[{i}].sector': a peak "
                                f"rule on sector '{rule.sector}', which has no technologies and "
                                f"is not in the inventory")


def read_targets(path: Path | None) -> pd.DataFrame:
    """Plan targets ``indicator, year, value, basis, direction, source`` (direction
    ``at_most`` or ``at_least``); empty without a file."""
    cols = ["indicator", "year", "value", "basis", "direction", "source"]
    if path is None:
        return pd.DataFrame(columns=cols)
    frame = read(path, cols)
    bad = ~frame["direction"].isin(["at_most", "at_least"])
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"found '{frame['direction'].iloc[pos]}', expected at_most or at_least",
                        file=path, row=sheet_row(pos), column="direction")
    out = frame[cols].copy()
    out["year"] = years_column(frame, path)
    out["value"] = number(frame, "value", path)
    no_duplicates(out, ["indicator", "year"], path)
    return out


def check_shares(techs: pd.DataFrame, params: dict[str, pd.DataFrame], path: Path) -> None:
    """Share bounds of one output must be able to add up to 1 in every year: Σ min ≤ 1, and
    Σ max ≥ 1 when every producer has a max (storage excluded). Names the technologies file
    and the first producer's row."""
    rows = {k: i for i, k in enumerate(techs.index)}
    producers = techs[~techs["storage"]]
    for out, group in producers.groupby("output", sort=False):
        ks = list(group.index)
        for lo_name, hi_name, pool in (("min_share", "max_share", ks),
                                       ("min_share_new", "max_share_new",
                                        [k for k in ks if techs.at[k, "has_capacity"]])):
            if not pool:
                continue
            lo = params[lo_name].loc[pool].fillna(0.0).sum(axis=0)
            hi = params[hi_name].loc[pool]
            hi_sum = hi.sum(axis=0)
            bad_hi = hi.notna().all(axis=0) & (hi_sum < 1 - 1e-9)   # every producer bounded
            for name, sums, bad in ((lo_name, lo, lo > 1 + 1e-9), (hi_name, hi_sum, bad_hi)):
                if bad.any():
                    y = int(sums.index[bad.to_numpy()][0])
                    raise DataError(f"the sum of {name} of the producers of '{out}' is "
                                    f"{float(sums[y]):g} in {y}: shares of one output must be "
                                    f"able to add up to 1", file=path,
                                    row=sheet_row(rows[pool[0]]), column=name)
