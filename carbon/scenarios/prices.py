r"""Carbon prices by sector from the duals, and the end-use (scope 2) view of emissions.

Carbon prices
-------------
The price of sector s in year y is the undiscounted dual of its accounting row
e_{s,y} − Σ_{k∈s} ef_{k,y} x_{k,y} = E^exo_{s,y}: the cost of one tonne less there, in that year
(μ_{s,y}/df_y, μ = ∂cost/∂right-hand side). The total's is the dual of E_y − Σ_s e_{s,y} = 0.
Because e_{s,y} is a free column, stationarity (c_j − Σ_i a_ij μ_i = 0) splits each price into
the rows that hold that column:

.. math::
    μ^{total}_y = τ_y df_y − Σ_{r ∋ E_y} a_r μ_r, \qquad
    μ_{s,y} = μ^{total}_y − Σ_{r ∋ e_{s,y}} a_r μ_r

so the part of the rows of peak rules (``peak_non_increasing``, coefficient +1 in the later
year, −1 in the earlier) is −Σ a_r μ_r over them, the sector's including the total's. A rule
binds in a year when its undiscounted dual exceeds 1e-6 in absolute value.

End-use view
------------
The CO2 of the producers of an intermediate output (electricity) is attributed to the sectors
that use it at the year's average factor f_{c,y} = CO2 of c's producers / c's production. Use by a
modelled technology counts to that technology's sector; final demand to the sector its
``demand_projection`` row names; final demand without a sector stays with the producers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from carbon.scenarios.peaks import first_peak

BINDS = 1e-6
"""A rule binds when |undiscounted dual| exceeds this [yuan/t]."""


def _duals(model: pyo.ConcreteModel, name: str, keys: list) -> np.ndarray:
    con = getattr(model, name)
    dual = model.dual
    return np.array([dual.get(con[k], 0.0) if k in con else 0.0 for k in keys], dtype=float)


def carbon_prices(model: pyo.ConcreteModel) -> pd.DataFrame:
    """``year, sector, price_yuan_per_t, peak_rule_yuan_per_t``: total first, then sectors."""
    idx = model.meta
    inp, years, sectors = idx.inputs, idx.years, idx.sectors
    ny, y0 = len(years), years[0]
    df = inp.discount
    total = _duals(model, "total_accounting", years)
    sec = _duals(model, "sector_accounting", [(s, y) for s in sectors for y in years])
    sec = sec.reshape(len(sectors), ny)
    peak_total = np.zeros(ny)
    peak_sec = np.zeros((len(sectors), ny))
    fam = idx.families.get("peak_non_increasing")
    if fam is not None and fam.index:
        rules = inp.scenario.policy.peak
        for (i, y), d in zip(fam.index, _duals(model, "peak_non_increasing", fam.index),
                             strict=True):
            row = peak_total if rules[i].sector == "total" else \
                peak_sec[sectors.index(rules[i].sector)]
            row[y - y0] -= d            # coefficient +1 on e_y
            row[y - 1 - y0] += d        # coefficient −1 on e_{y−1}
    peak_sec += peak_total[None, :]
    frames = [pd.DataFrame({"year": years, "sector": "total", "price_yuan_per_t": total / df,
                            "peak_rule_yuan_per_t": peak_total / df})]
    for si, s in enumerate(sectors):
        frames.append(pd.DataFrame({"year": years, "sector": s,
                                    "price_yuan_per_t": sec[si] / df,
                                    "peak_rule_yuan_per_t": peak_sec[si] / df}))
    out = pd.concat(frames, ignore_index=True)
    for col in ("price_yuan_per_t", "peak_rule_yuan_per_t"):
        x = out[col].to_numpy()
        out[col] = np.where(np.abs(x) < 1e-9, 0.0, x) + 0.0
    order = {s: i for i, s in enumerate(["total", *sectors])}
    return (out.assign(_o=out["sector"].map(order)).sort_values(["year", "_o"], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


def binding_sectors(prices: pd.DataFrame, year: int) -> dict[str, dict[str, float]]:
    """Sectors whose own rules bind in ``year`` (price differs from the total's), with prices."""
    rows = prices[prices["year"] == year].set_index("sector")
    if "total" not in rows.index:
        return {}
    base = float(rows.at["total", "price_yuan_per_t"])
    return {s: {"price_yuan_per_t": float(r["price_yuan_per_t"]),
                "peak_rule_yuan_per_t": float(r["peak_rule_yuan_per_t"])}
            for s, r in rows.iterrows()
            if s != "total" and abs(float(r["price_yuan_per_t"]) - base) > BINDS}


def end_use_emissions(inp, act: np.ndarray, emissions: pd.DataFrame) -> pd.DataFrame:
    """``year, sector, co2_t`` with the intermediate outputs' CO2 moved to their users [t].

    Parameters: the model inputs, activity (technology × year, in ``inp.techs`` order) and the
    production view (``emissions.csv``). Sum over sectors equals the production total each year.
    """
    years = inp.years
    prod = emissions.pivot_table(index="sector", columns="year", values="co2_t",
                                 aggfunc="sum").reindex(columns=years).fillna(0.0)
    view = prod.copy()
    techs = inp.techs
    ir = inp.params["input_per_output"].loc[list(techs.index)].to_numpy(dtype=float)
    ef_rows = emissions[emissions["technology"] != "other"].pivot_table(
        index="technology", columns="year", values="co2_t", aggfunc="sum").reindex(
        index=list(techs.index), columns=years).fillna(0.0).to_numpy()
    outputs = set(techs["output"])
    for c in sorted(set(techs["input"]) & outputs):
        makers = (techs["output"] == c).to_numpy()
        made = act[makers].sum(axis=0)
        co2 = ef_rows[makers].sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(made > 0, co2 / made, 0.0)
        moved = np.zeros(len(years))
        users: dict[str, np.ndarray] = {}
        for i in np.flatnonzero((techs["input"] == c).to_numpy()):
            s = techs["sector"].iloc[i]
            users[s] = users.get(s, 0.0) + ir[i] * act[i] * factor
        split = inp.demand_by_sector
        if split is not None and len(split):
            for (out, s), row in split.iterrows():
                if out == c:
                    users[s] = users.get(s, 0.0) + row.reindex(years).to_numpy(float) * factor
        for s, v in users.items():
            if s not in view.index:
                view.loc[s] = 0.0
            view.loc[s] += v
            moved += v
        # the producers give up what their users take, in proportion to their CO2
        share = np.where(co2 != 0, moved / np.where(co2 != 0, co2, 1.0), 0.0)
        for s in set(techs.loc[makers, "sector"]):
            mine = ef_rows[makers & (techs["sector"] == s).to_numpy()].sum(axis=0)
            view.loc[s] -= mine * share
    long = view.stack().rename("co2_t").reset_index()
    long.columns = ["sector", "year", "co2_t"]
    x = long["co2_t"].to_numpy()
    scale = max(float(np.abs(x).max(initial=0.0)), 1.0)
    long["co2_t"] = np.where(np.abs(x) < 1e-9 * scale, 0.0, x) + 0.0
    return long[["year", "sector", "co2_t"]].sort_values(["year", "sector"]).reset_index(drop=True)


def sector_peaks(emissions: pd.DataFrame, end_use: pd.DataFrame) -> dict[str, Any]:
    """Peak year (the first at the maximum) and level of each sector, in both views."""
    def peaks(frame: pd.DataFrame) -> dict[str, dict[str, float | int]]:
        out = {}
        for s, g in frame.groupby("sector"):
            year, top = first_peak(g.groupby("year")["co2_t"].sum())
            out[str(s)] = {"peak_year": year, "peak_co2_t": top}
        return out
    return {"production": peaks(emissions), "end_use": peaks(end_use)}


def price_lines(year: str, milestone: dict[str, Any]) -> list[str]:
    """Printed lines for a milestone's carbon prices: the total and every sector whose rules
    bind. A price with a peak-rule term names that term (never a bare negative number)."""
    def text(p: float, peak: float) -> str:
        body = f"{p:,.2f} yuan/t"
        if abs(peak) > BINDS:
            rest = p - peak
            body += (f" = {rest:+,.2f} caps, budgets, intensity, taxes, allowances and peak "
                     f"levels {peak:+,.2f} peak-rule term" if abs(rest) > BINDS
                     else " (all of it the peak-rule term)")
        return body
    total = text(milestone["carbon_price_yuan_per_t"], milestone.get("peak_rule_yuan_per_t", 0.0))
    lines = [f"  {year} CO2 price  total {total}"]
    for sector, v in (milestone.get("sector_prices") or {}).items():
        lines.append(f"                  {sector} "
                     f"{text(v['price_yuan_per_t'], v['peak_rule_yuan_per_t'])}")
    return lines


def binding_rules(model: pyo.ConcreteModel) -> list[dict[str, Any]]:
    """Every CO2 rule of the scenario and the years in which it binds (|dual|/df_y > 1e-6).

    One entry per rule: a cap per sector, a peak rule (its no-rise rows and its level in the
    peak year), the budget, the intensity path, the allowances of a trading sector, a carbon
    tax. ``binds_in`` lists the years; an empty list means the rule never binds.
    """
    idx = model.meta
    inp, y0 = idx.inputs, idx.years[0]
    df = inp.discount
    pol = inp.scenario.policy
    found: dict[str, set[int]] = {}

    def mark(rule: str, year: int, dual: float) -> None:
        years = found.setdefault(rule, set())
        if abs(dual) / df[year - y0] > BINDS:
            years.add(year)

    fams = idx.families
    for (sector, year), d in _family_duals(model, fams.get("emission_cap")):
        mark(f"cap {sector}", year, d)
    for name in ("peak_non_increasing", "peak_bound"):
        for (i, year), d in _family_duals(model, fams.get(name)):
            mark(f"peak {pol.peak[i].sector} {pol.peak[i].year}", year, d)
    for rule in pol.peak:
        found.setdefault(f"peak {rule.sector} {rule.year}", set())
    for _key, d in _family_duals(model, fams.get("budget")):
        a, z = pol.budget_years or (idx.years[0], idx.years[-1])
        years = found.setdefault("budget", set())
        if abs(d) > BINDS * float(df[z - y0]):
            years.update(range(a, z + 1))
    for year, d in _family_duals(model, fams.get("intensity")):
        mark("intensity", int(year), d)
    for (sector, year), d in _family_duals(model, fams.get("allowance_compliance")):
        mark(f"allowances {sector}", year, d)
    tax = inp.carbon_tax
    if (tax > 0).any():
        found["carbon_tax"] = {int(y) for y in tax.index[tax > 0]}
    return [{"rule": r, "binds_in": sorted(y)} for r, y in found.items()]


def _family_duals(model: pyo.ConcreteModel, fam) -> list[tuple[Any, float]]:
    if fam is None or not fam.index or not hasattr(model, fam.name):
        return []
    con = getattr(model, fam.name)
    keys = [k for k in fam.index if k in con]
    return list(zip(keys, _duals(model, fam.name, keys).tolist(), strict=True))
