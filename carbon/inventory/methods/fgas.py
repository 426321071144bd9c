"""2.F.1 refrigeration and air conditioning: HFC emissions of a refrigerant bank, by species.

IPCC 2006 Vol. 3 Ch. 7, Tier 2a emission-factor approach (Eq. 7.10–7.14), per application
(the activity: ``hfc_stationary_ac``, ``hfc_domestic_refrigeration``, ...) and species (the
activity file's ``species`` column: ``HFC-32``, ``HFC-134a``, ...):

* ``E_charge,t  = M_t × k``               (Eq. 7.12; ``leak_charge``: loss charging new equipment)
* ``E_lifetime,t = B_t × x``              (Eq. 7.13; ``leak_bank``: annual leakage of the bank)
* ``E_eol,t     = R_t × p × (1 − η_rec)`` (Eq. 7.14; ``eol_remaining`` and ``eol_recovery``)
* ``B_t = B_{t−1} + M_t − R_t``            the bank: charge of the equipment in service at the end
  of year t (leaks are made good by servicing, so the bank is the nominal charge).

Rows of the activity file carry a ``stage``: ``charge`` (M_t: refrigerant charged into new
equipment installed in the city in year t, the default), ``manufacture`` (refrigerant charged into
products made in the city and sold: only the charging loss ``M × k`` is the city's, the products'
bank is not), ``retire`` (R_t: the charge of the equipment retired in year t) or ``bank`` (B: the
bank at the start of that year, before its charge and retirements).
Emissions are reported for every year from the first row of a series to its last. Each species is
a gas of its own and needs a GWP in the chosen set (``data/emission_factors/gwp.csv``). A blend
(``R-410A``, ``R-407C``, ``R-404A``, ...) is split into its species by the mass fractions of the
factor rows ``activity = refrigerant_blends, parameter = blend:<name>, gas = <species>`` (ASHRAE 34
compositions; a user may add blends with ``--factors``), which must add up to 1 within 0.1%.
A user's rows of a blend replace all its shipped rows: the blend is the species the user lists.
"""

from __future__ import annotations

import pandas as pd

from carbon.errors import DataError
from carbon.inventory import gwp as gwp_sets
from carbon.inventory.methods.common import Context, amount_in, row, text

STAGES = ("charge", "manufacture", "retire", "bank")
BLENDS = "refrigerant_blends"


def _components(species: str, ctx: Context, record: pd.Series) -> list[tuple[str, float, str]]:
    """(species, mass fraction, factor_id) of a blend; ``[(species, 1, "")]`` for a species."""
    rows = ctx.factors[(ctx.factors["activity"] == BLENDS)
                       & (ctx.factors["parameter"] == f"blend:{species}")]
    if rows.empty:
        _check_species(record, species, ctx.options.get("gwp", "AR5"))
        return [(species, 1.0, "")]
    if rows["user"].astype(bool).any():
        # a user's blend is the whole blend: the shipped species it does not list are not kept
        rows = rows[rows["user"].astype(bool)]
    rows = rows.drop_duplicates("gas")          # one row per species (the first given)
    total = float(rows["value"].sum())
    if abs(total - 1.0) > 1e-3:
        first = rows.iloc[0]
        raise DataError(f"the mass fractions of blend {species} add up to {total:.4g}, expected "
                        "1 (within 0.1%)", file=first["file"], row=int(first["row"]),
                        column="value")
    for component in rows["gas"]:
        _check_species(record, component, ctx.options.get("gwp", "AR5"))
    return [(gas, float(v), fid) for gas, v, fid in
            rows[["gas", "value", "factor_id"]].itertuples(index=False)]


def _check_species(record: pd.Series, species: str, gwp: str) -> None:
    table = gwp_sets.gwp_table()
    known = set(table.loc[table["gwp_set"] == gwp, "gas"])
    if species not in known:
        others = sorted(set(table.loc[table["gas"] == species, "gwp_set"]))
        raise DataError(f"species '{species}' has no GWP in set {gwp} (data/emission_factors/"
                        f"gwp.csv{'; it has ' + ', '.join(others) if others else ''}): expected "
                        "a named HFC/PFC such as HFC-134a or HFC-32", file=record["file"],
                        row=int(record["row"]), column="species")


def refrigeration(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """HFC of charging, bank leakage and end of life for each (application, species) series."""
    flows: dict[tuple[str, str, str], dict[int, dict[str, float]]] = {}
    first: dict[tuple[str, str, str], pd.Series] = {}
    for _, record in rows.iterrows():
        species = text(record, "species")
        if not species:
            raise DataError("empty cell, expected the refrigerant species (e.g. HFC-134a)",
                            file=record["file"], row=int(record["row"]), column="species")
        stage = text(record, "stage", "charge")
        if stage not in STAGES:
            raise DataError(f"found '{stage}', expected one of {', '.join(STAGES)}",
                            file=record["file"], row=int(record["row"]), column="stage")
        key = (record["category"], record["activity"], species)
        first.setdefault(key, record)
        totals = flows.setdefault(key, {}).setdefault(int(record["year"]),
                                                       dict.fromkeys(STAGES, 0.0))
        totals[stage] += amount_in(record, "t")
    out = []
    for (category, activity, species), by_year in flows.items():
        record = first[(category, activity, species)]
        components = _components(species, ctx, record)
        bank = 0.0
        for year in range(min(by_year), max(by_year) + 1):
            flow = by_year.get(year, dict.fromkeys(STAGES, 0.0))
            used: list[str] = []
            where = dict(category=category, year=year, used=used, record=record)
            k = ctx.param(activity, "-", "leak_charge", "", **where)
            x = ctx.param(activity, "-", "leak_bank", "1/year", **where)
            p = ctx.param(activity, "-", "eol_remaining", "", **where)
            eta = ctx.param(activity, "-", "eol_recovery", "", **where)
            if year in by_year and by_year[year]["bank"] > 0:
                bank = by_year[year]["bank"]
            bank = bank + flow["charge"] - flow["retire"]
            if bank < -1e-9:
                raise DataError(f"the {species} bank of {activity} falls below zero in {year}: "
                                "more charge retired than was ever installed", file=record["file"],
                                row=int(record["row"]), column="amount")
            emissions = (flow["charge"] + flow["manufacture"]) * k + bank * x \
                + flow["retire"] * p * (1.0 - eta)
            for gas, fraction, blend_id in components:
                out.append(row(record, year=year, category=category, activity=activity, gas=gas,
                               emissions_t=emissions * fraction,
                               used=used + ([blend_id] if blend_id else [])))
    return out
