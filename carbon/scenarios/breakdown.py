r"""Deployment shares and undiscounted costs by technology, read from a solved model.

``shares.csv`` (``year, output, technology, share_of_activity, share_of_new, share_of_stock``):
a technology's share of the activity, of the new capacity and of the capacity of all
technologies making its output (storage excluded; shares of new capacity and stock only among
technologies with capacity, empty where the output has none that year). The new-energy share of
vehicle sales is ``share_of_new`` of ``car_bev``.

``costs.csv`` (``year, sector, technology`` and, in yuan of the base year's prices, undiscounted):

* ``investment_yuan`` = capex_{k,y} · n_{k,y} (overnight, in the year of building);
* ``annuity_yuan`` = Σ_{v ≤ y ≤ v+L−1} CRF(r_k, L_k) · capex_{k,v} · n_{k,v}, r_k the hurdle rate
  or the discount rate (what the objective charges, before discounting);
* ``fixed_om_yuan`` = FOM_{k,y} · K_{k,y}; ``variable_om_yuan`` = VOM_{k,y} · x_{k,y};
  ``fuel_yuan`` = IR_{k,y} · P_{f,y} · x_{k,y};
* ``tax_yuan`` = τ_y · CO2_{k,y} (the sectors not optimised appear as technology ``other``).

Σ_y df_y (annuity + fixed + variable + fuel + tax) is the objective, less offsets and trade
costs of allowance trading.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.scenarios.model import crf

COST_COLUMNS = ["investment_yuan", "annuity_yuan", "fixed_om_yuan", "variable_om_yuan",
                "fuel_yuan", "tax_yuan"]


def shares(inp, activity: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """The ``shares.csv`` frame from the activity and capacity frames of the results."""
    techs = inp.techs[~inp.techs["storage"]]
    frame = activity[activity["technology"].isin(techs.index)][["year", "technology",
                                                                "activity"]]
    cap = capacity.set_index(["technology", "year"])[["capacity", "new_capacity"]]
    frame = frame.join(cap, on=["technology", "year"])
    for col in ("activity", "capacity", "new_capacity"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    frame["output"] = frame["technology"].map(techs["output"])
    grouped = frame.groupby(["year", "output"])
    out = pd.DataFrame({"year": frame["year"], "output": frame["output"],
                        "technology": frame["technology"]})
    for col, name in (("activity", "share_of_activity"), ("new_capacity", "share_of_new"),
                      ("capacity", "share_of_stock")):
        total = grouped[col].transform("sum").to_numpy(dtype=float)
        value = frame[col].to_numpy(dtype=float)
        out[name] = np.divide(value, total, out=np.full(len(value), np.nan),
                              where=total > 0)
    return out.sort_values(["year", "output", "technology"]).reset_index(drop=True)


def costs(inp, activity: pd.DataFrame, capacity: pd.DataFrame,
          emissions: pd.DataFrame) -> pd.DataFrame:
    """The ``costs.csv`` frame (see the module docstring)."""
    years, techs = inp.years, list(inp.techs.index)
    p = inp.params
    x = activity.pivot(index="technology", columns="year", values="activity").reindex(
        index=techs, columns=years).fillna(0.0).to_numpy()
    vom = p["var_cost_yuan_per_output"].loc[techs].to_numpy(dtype=float)
    ir = p["input_per_output"].loc[techs].to_numpy(dtype=float)
    price = np.zeros_like(ir)
    for i, f in enumerate(inp.techs["input"]):
        if f and f in inp.fuels.price.index:
            price[i] = inp.fuels.price.loc[f].to_numpy(dtype=float)
    tax = inp.carbon_tax.reindex(years).fillna(0.0).to_numpy()
    co2 = emissions.pivot_table(index="technology", columns="year", values="co2_t",
                                aggfunc="sum").reindex(index=techs, columns=years).fillna(0.0)
    zeros = np.zeros((len(techs), len(years)))
    invest, annuity, fixed = zeros.copy(), zeros.copy(), zeros.copy()
    ct = [k for k in techs if inp.techs.at[k, "has_capacity"]]
    if ct:
        pos = [techs.index(k) for k in ct]
        cap = capacity.pivot(index="technology", columns="year", values="capacity").reindex(
            index=ct, columns=years).fillna(0.0).to_numpy()
        new = capacity.pivot(index="technology", columns="year", values="new_capacity").reindex(
            index=ct, columns=years).fillna(0.0).to_numpy()
        capex = p["capex_yuan_per_capacity"].loc[ct].to_numpy(dtype=float)
        life = inp.techs.loc[ct, "lifetime_yr"].to_numpy()
        hurdle = inp.techs.loc[ct, "hurdle_rate"].to_numpy(dtype=float)
        rate = np.where(np.isnan(hurdle), inp.scenario.discount_rate, hurdle)
        yearly = crf(rate, life)[:, None] * capex * new          # annuity of vintage v
        for ci, i in enumerate(pos):
            invest[i] = capex[ci] * new[ci]
            fixed[i] = p["fixed_om_yuan_per_capacity"].loc[ct[ci]].to_numpy(dtype=float) \
                * cap[ci]
            run = np.concatenate([[0.0], np.cumsum(yearly[ci])])
            v = np.arange(len(years))
            start = np.maximum(v - int(life[ci]) + 1, 0)
            annuity[i] = run[v + 1] - run[start]
    out = pd.DataFrame({
        "year": np.tile(years, len(techs)),
        "sector": np.repeat(inp.techs["sector"].to_numpy(), len(years)),
        "technology": np.repeat(techs, len(years)),
        "investment_yuan": invest.ravel(), "annuity_yuan": annuity.ravel(),
        "fixed_om_yuan": fixed.ravel(), "variable_om_yuan": (vom * x).ravel(),
        "fuel_yuan": (ir * price * x).ravel(),
        "tax_yuan": (co2.to_numpy() * tax[None, :]).ravel()})
    other = emissions[emissions["technology"] == "other"]
    if not other.empty and tax.any():
        t = other.assign(tax_yuan=other["co2_t"].to_numpy()
                         * tax[other["year"].to_numpy() - years[0]])
        extra = t[["year", "sector", "technology", "tax_yuan"]].assign(
            **{c: 0.0 for c in COST_COLUMNS[:-1]})
        out = pd.concat([out, extra[out.columns]], ignore_index=True)
    for c in COST_COLUMNS:
        v = out[c].to_numpy(dtype=float)
        scale = max(float(np.abs(v).max(initial=0.0)), 1.0)
        out[c] = np.where(np.abs(v) < 1e-9 * scale, 0.0, v) + 0.0
    return out.sort_values(["year", "sector", "technology"], kind="stable").reset_index(drop=True)
