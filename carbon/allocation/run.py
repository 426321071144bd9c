"""``carbon allocate RULES.toml``: registry → allocation → market → ledger → ``DIR/<name>/``.

The chain is plain functions: :func:`carbon.allocation.rules.load_rules`, the readers of
:mod:`carbon.allocation.inputs`, :func:`allocate` (methods, cap, auction, new-entrant reserve),
:func:`market_input` (obligation caps, offset limits), :func:`carbon.allocation.market.
clear_market`, :func:`carbon.allocation.compliance.ledger`, the conservation checks, and
:func:`write_allocation` (a temporary folder renamed into place: a failed run writes nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from carbon.allocation import compliance, inputs, methods
from carbon.allocation.market import MarketInput, clear_market
from carbon.allocation.output import write_allocation
from carbon.allocation.regimes import Regime
from carbon.allocation.rules import Rules, cap_for_year, load_rules, setting
from carbon.errors import DataError, ScenarioError
from carbon.tables import numeric_column, read_table, require_columns

HYPOTHETICAL = "hypothetical (simulation of a local scheme; no new local markets since 1 May 2024)"


def read_registry(rules: Rules, regime: Regime | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Enterprises (for the rules' years and participants), MAC steps and power units.

    Emissions from activity rows count scope 1 (direct) unless the regime's ``emission_scopes``
    says otherwise (e.g. ``"1,2"``).
    """
    from_activity = None
    if rules.activity:
        files = [rules.activity] if isinstance(rules.activity, str) else rules.activity
        text = str(setting(None, regime, "emission_scopes", "1"))
        try:
            scopes = tuple(int(x) for x in text.split(","))
        except ValueError:
            raise ScenarioError(f"regime parameter emission_scopes: found '{text}', expected "
                                "scopes such as \"1\" or \"1,2\"") from None
        from_activity = inputs.emissions_from_activity([rules.path(f) for f in files],
                                                       scopes=scopes)
    firms = inputs.read_enterprises(rules.path(rules.enterprises),
                                    emissions_from_activity=from_activity)
    where = firms.attrs["file"]
    missing = sorted(set(rules.years) - set(firms["year"]))
    if missing:
        raise DataError(f"no enterprise has a row for {missing[0]} (the rules' years: "
                        f"{', '.join(map(str, rules.years))})", file=where, column="year")
    every = firms
    firms = firms[firms["year"].isin(rules.years)]
    part = rules.allocation.participants
    if part == "not_national_ets":   # a scheme among firms outside the national market is local
        rules.hypothetical = True
    if part != "all":
        firms = firms[firms["national_ets"] == (part == "national_ets")]
    if firms.empty:
        raise DataError(f"no enterprise takes part (participants = '{part}')", file=where)
    firms = firms.sort_values(["year", "enterprise_id"], kind="stable").reset_index(drop=True)
    firms.attrs["file"] = where
    steps = (inputs.read_mac(rules.path(rules.mac), every) if rules.mac else
             pd.DataFrame(columns=["enterprise_id", "step", "abatement_t", "cost_yuan_per_t",
                                   "year"]))
    both = set(steps["enterprise_id"]) & set(firms.loc[firms["mac_slope_yuan_per_t2"].notna(),
                                                       "enterprise_id"])
    if both:
        row = firms[firms["enterprise_id"] == sorted(both)[0]].iloc[0]
        raise DataError(f"enterprise '{row['enterprise_id']}' has both a mac_slope_yuan_per_t2 "
                        "and steps in the MAC file: expected one of the two", file=where,
                        row=int(row["row"]), column="mac_slope_yuan_per_t2")
    units = inputs.read_units(rules.path(rules.units), every) if rules.units else None
    ids = set(firms["enterprise_id"])
    steps = steps[steps["enterprise_id"].isin(ids)]
    if units is not None:
        file = units.attrs.get("file")
        units = units[units["enterprise_id"].isin(ids)]
        units.attrs["file"] = file
    return firms, steps, units


def cap_from_run(rules: Rules) -> dict[int, dict[str, float]]:
    """Cap per year and covered sector from a finished pathway run's ``emissions.csv``:
    ``coverage_s × Σ co2_t`` of sector ``s``, without the technologies the rules exclude
    (purchased electricity, ``grid_import``, which no local firm emits)."""
    folder = rules.path(rules.allocation.cap_from or "")
    path = folder / "emissions.csv"
    if not path.is_file():
        raise ScenarioError(f"{rules.source}: allocation.cap_from: {path} not found (expected "
                            "a finished `carbon run` results folder)")
    frame = read_table(path)
    require_columns(frame, ["year", "sector", "technology", "co2_t"], path)
    frame = frame.assign(year=numeric_column(frame, "year", path, integer=True).astype(int),
                         co2_t=numeric_column(frame, "co2_t", path).astype(float))
    frame = frame[~frame["technology"].isin(rules.allocation.exclude_technologies)]
    out: dict[int, dict[str, float]] = {}
    for year in rules.years:
        rows = frame[frame["year"] == year]
        if rows.empty:
            raise ScenarioError(f"{rules.source}: allocation.cap_from: {path} has no year {year}")
        by_sector = rows.groupby("sector")["co2_t"].sum()
        out[year] = {}
        for sector, share in rules.allocation.coverage.items():
            if sector not in by_sector.index:
                raise ScenarioError(f"{rules.source}: allocation.coverage: sector '{sector}' "
                                    f"has no emissions in {path} for {year}")
            out[year][sector] = share * float(by_sector[sector])
    return out


def allocate(firms: pd.DataFrame, units: pd.DataFrame | None, rules: Rules,
             regime: Regime | None) -> tuple[pd.DataFrame, pd.DataFrame, dict, dict]:
    """Free allocation per enterprise-year; the per-unit table; cap and auction per year."""
    a = rules.allocation
    decline = float(setting(a.decline_per_yr, regime, "decline_per_yr", 0.0))
    auction_share = float(setting(a.auction_share, regime, "auction_share", 0.0))
    ner_share = float(setting(a.new_entrant_reserve_share, regime, "new_entrant_reserve_share",
                              0.0))
    base_year = a.base_year if a.base_year is not None else setting(None, regime, "base_year")
    unit_alloc = None
    if units is not None and regime is not None:
        unit_alloc = methods.power_units(units, rules.years, regime)
    amount = pd.Series(np.nan, index=firms.index)
    method_of = firms["sector"].map(a.method) if isinstance(a.method, dict) \
        else pd.Series(a.method, index=firms.index)
    if method_of.isna().any():
        row = firms[method_of.isna().to_numpy()].iloc[0]
        raise ScenarioError(f"{rules.source}: allocation.method names no method for sector "
                            f"'{row['sector']}' (enterprise {row['enterprise_id']})")
    for method in method_of.unique():
        m = (method_of == method).to_numpy()
        sub = firms[m]
        sub.attrs = firms.attrs
        amount[m] = methods.method_amounts(sub, method, regime=regime, unit_alloc=unit_alloc,
                                           decline=decline, base_year=base_year)
    free = amount.copy()
    cap: dict[int, float] = {}
    auction: dict[int, float] = {}
    pools = cap_from_run(rules) if a.cap_from else None
    keep = 1.0 - auction_share - ner_share
    for year in rules.years:
        m = (firms["year"] == year).to_numpy()
        if pools is not None:
            for sector, sector_cap in pools[year].items():
                s = m & (firms["sector"] == sector).to_numpy()
                if not s.any():
                    raise ScenarioError(f"{rules.source}: allocation.coverage names sector "
                                        f"'{sector}' but no enterprise of it takes part in {year}")
                free[s] = methods.share_out(amount[s], sector_cap * keep)
            cap[year] = sum(pools[year].values())
        elif (c := cap_for_year(rules, year)) is not None:
            free[m] = methods.share_out(amount[m], c * keep)
            cap[year] = c
        else:   # bottom-up: the cap is what the method gives (national intensity-based plans)
            cap[year] = float(amount[m].sum())
            free[m] = amount[m] * keep
        reserve = cap[year] * ner_share
        new = m & firms["new_entrant"].to_numpy()
        if new.any() and reserve > 0:
            wanted = float(amount[new].sum())
            give = min(reserve, wanted)
            free[new] = free[new] + amount[new] * give / wanted
            reserve -= give
        auction[year] = cap[year] * auction_share + reserve   # an unused reserve is auctioned
    table = firms[["enterprise_id", "year", "name", "sector"]].assign(
        unit_id="", method=method_of.to_numpy(), regime=a.regime or "",
        method_amount_t=amount.to_numpy(), allocation_t=free.to_numpy())
    if unit_alloc is not None and not unit_alloc.empty:
        table = pd.concat([table, unit_alloc.assign(method="benchmark", regime=a.regime)],
                          ignore_index=True)
    return free.to_frame("allocation_t").assign(year=firms["year"]), table, cap, auction


def market_input(firms: pd.DataFrame, steps: pd.DataFrame, units: pd.DataFrame | None,
                 free: np.ndarray, auction: dict, rules: Rules, regime: Regime | None
                 ) -> tuple[MarketInput, np.ndarray]:
    """Obligation caps (on BAU), offset limits and steps as arrays; returns the exempt part."""
    mk = rules.market
    bau = firms["bau_emissions_t"].to_numpy(dtype=float)
    kind = np.full(len(firms), "", dtype=object)
    if units is not None:
        coal = set(units.loc[units["category"].isin(methods.COAL_CATEGORIES), "enterprise_id"])
        gas = set(units.loc[units["category"].isin(methods.GAS_CATEGORIES), "enterprise_id"])
        ids = firms["enterprise_id"].to_numpy()
        kind = np.where(np.isin(ids, list(coal)), "coal",
                        np.where(np.isin(ids, list(gas)), "gas", ""))
    cap_share = {"coal": setting(None, regime, "obligation_cap_coal_share"),
                 "gas": setting(None, regime, "obligation_cap_gas_share")}
    ob_cap = np.array([np.inf if cap_share.get(k) is None else free[i] + float(cap_share[k]) *
                       bau[i] for i, k in enumerate(kind)])
    exempt = np.maximum(bau - ob_cap, 0.0)
    need = bau - exempt
    price_o = setting(mk.offset_price_yuan_per_t, regime, "offset_price_yuan_per_t")
    share = float(setting(mk.offset_limit_share, regime, "offset_limit_share", 0.0))
    basis = setting(mk.offset_limit_basis, regime, "offset_limit_basis", "obligation")
    base = {"obligation": need, "allocation": free, "emissions": bau}[basis]
    limit = share * base if price_o is not None else np.zeros(len(firms))
    step_year = steps["year"]
    index = firms[["enterprise_id", "year"]].assign(j=np.arange(len(firms)))
    every_year = steps[step_year.isna()].drop(columns="year").merge(index, on="enterprise_id")
    one_year = steps[step_year.notna()].astype({"year": int}).merge(
        index, on=["enterprise_id", "year"])
    matched = pd.concat([every_year, one_year]).sort_values(["j", "step"], kind="stable")
    step_row = matched["j"].to_numpy(dtype=np.int64)
    step_q = matched["abatement_t"].to_numpy(dtype=float)
    c = matched["cost_yuan_per_t"].to_numpy(dtype=float)
    over = np.bincount(step_row, weights=step_q, minlength=len(firms)) > bau * (1 + 1e-9)
    if over.any():
        j = int(np.flatnonzero(over)[0])
        raise DataError(f"the steps of '{firms['enterprise_id'].iloc[j]}' abate more than its "
                        f"BAU emissions in {firms['year'].iloc[j]} ({bau[j]:,.0f} t)",
                        file=rules.path(rules.mac or ""), column="abatement_t")
    banking = bool(setting(mk.banking, regime, "banking", False))
    borrow_share = float(setting(mk.borrowing_share, regime, "borrowing_share_of_gap", 0.0))
    first = (firms["year"] == rules.years[0]).to_numpy()
    gap = np.maximum(need - free, 0.0)
    threshold = float(setting(None, regime, "borrowing_gap_threshold", 0.0))
    big = gap > threshold * np.maximum(free, 1e-12)
    inp = MarketInput(
        years=list(rules.years), year=firms["year"].to_numpy(dtype=np.int64), need_t=need,
        alloc_t=np.asarray(free, dtype=float), offset_limit_t=limit,
        slope=firms["mac_slope_yuan_per_t2"].to_numpy(dtype=float), step_row=step_row,
        step_q=step_q, step_c=np.array(c, dtype=float), auction_t=auction,
        offset_price=float(price_o) if price_o is not None else np.inf,
        ceiling=setting(mk.price_ceiling_yuan_per_t, regime, "price_ceiling_yuan_per_t"),
        floor=setting(mk.auction_reserve_price_yuan_per_t, regime,
                      "auction_reserve_price_yuan_per_t"),
        penalty=setting(mk.penalty_yuan_per_t, regime, "penalty_yuan_per_t"),
        banking=banking, borrowing_t=borrow_share * float(gap[first & big].sum()),
        initial_bank_t=mk.initial_bank_t, discount_rate=mk.discount_rate)
    return inp, exempt


def run_allocation(rules_path: Path) -> dict[str, Any]:
    """Everything but writing: returns the output frames and the summary."""
    rules, regime = load_rules(rules_path)
    firms, steps, units = read_registry(rules, regime)
    free, alloc_table, cap, auction = allocate(firms, units, rules, regime)
    inp, exempt = market_input(firms, steps, units, free["allocation_t"].to_numpy(), auction,
                               rules, regime)
    outside = rules.market.price_yuan_per_t
    res = clear_market(inp, solver=rules.market.solver, outside_price=outside)
    table = compliance.ledger(firms, inp, res, exempt_t=exempt, outside=outside is not None)
    gap_price = max([p for p in (inp.penalty, inp.ceiling) if p is not None]
                    + [float(inp.step_c.max(initial=0.0)), max(res.price.values()),
                       inp.offset_price if np.isfinite(inp.offset_price) else 0.0])
    table["no_trade_cost_yuan"] = compliance.autarky_cost(inp, gap_price=gap_price)
    table["gain_from_trade_yuan"] = table["no_trade_cost_yuan"] - table["compliance_cost_yuan"]
    margin = setting(rules.allocation.exit_margin_yuan_per_output, regime,
                     "exit_margin_yuan_per_output")
    per_output = table["compliance_cost_yuan"] / firms["output"].where(firms["output"] > 0)
    table["cost_per_output_yuan"] = per_output
    table["exit_candidate"] = (per_output > float(margin)).fillna(False) \
        if margin is not None else False
    market = market_table(table, inp, res, cap, auction, outside is not None)
    free_sum = {t: float(inp.alloc_t[inp.year == t].sum()) for t in rules.years}
    compliance.check_conservation(table, market, cap=cap, free=free_sum, auction=auction,
                                  outside=outside is not None)
    labels = label_of(rules, regime)
    notes = []
    if regime is not None and regime.years and not set(rules.years) <= set(regime.years):
        notes.append(f"regime {regime.name} is the plan for {regime.years[0]}-{regime.years[-1]}; "
                     f"applied here to {', '.join(map(str, rules.years))}")
    offset_cost = float((table["offsets_t"] * (inp.offset_price if np.isfinite(inp.offset_price)
                                               else 0.0)).sum())
    resource = (float(table["abatement_cost_yuan"].sum()) + offset_cost
                + float((table["shortfall_t"] * (inp.penalty or 0.0)).sum())
                + float(market["reserve_sold_t"].sum()) * (inp.ceiling or 0.0))
    summary = {
        "name": rules.name, "rules": str(rules.source.resolve()),
        "regime": rules.allocation.regime, "label": labels, "hypothetical": rules.hypothetical,
        "unchecked_values": regime.unchecked() if regime else [],
        "solver": res.solver, "years": rules.years,
        "price_yuan_per_t": {str(k): v for k, v in res.price.items()},
        "abatement_cost_yuan": resource,
        "no_trade_cost_yuan": float(table["no_trade_cost_yuan"].sum()),
        "gains_from_trade_yuan": float(table["gain_from_trade_yuan"].sum()),
        "compliance_cost_yuan": float(table["compliance_cost_yuan"].sum()),
        "no_trade_gap_price_yuan_per_t": gap_price,
        "enterprises": int(firms["enterprise_id"].nunique()),
        "exit_candidates": sorted(table.loc[table["exit_candidate"], "enterprise_id"].unique()),
        "outside_price_yuan_per_t": outside,
        "notes": ["gains_from_trade_yuan = Σ (no-trade cost − compliance cost) over enterprises",
                  "abatement_cost_yuan = abatement + offsets + penalties + reserve purchases",
                  "obligation caps and offset limits are computed on BAU emissions"] + notes,
    }
    for frame in (table, market, alloc_table):
        frame["label"] = labels
    return {"allocation": alloc_table, "ledger": table, "market": market, "summary": summary,
            "rules": rules}


def label_of(rules: Rules, regime: Regime | None) -> str:
    parts = [HYPOTHETICAL] if rules.hypothetical else []
    if regime is not None and regime.unchecked():
        parts.append(f"regime {regime.name} uses values not checked against the source")
    return "; ".join(parts) or "as ruled"


def market_table(table: pd.DataFrame, inp: MarketInput, res, cap: dict, auction: dict,
                 outside: bool) -> pd.DataFrame:
    rows = []
    unsold = table.attrs.get("unsold", {})
    for t in inp.years:
        m = table["year"] == t
        net = table.loc[m, "net_purchase_t"]
        need = float((table.loc[m, "obligation_t"] - table.loc[m, "offsets_t"]
                      - table.loc[m, "shortfall_t"]).sum())
        excess = (inp.supply(t) + res.reserve_sold_t[t] - res.withheld_t[t] - need)
        bank = res.bank_t[t] if inp.banking else 0.0
        rows.append({"year": t, "price_yuan_per_t": res.price[t],
                     # allowances changing hands: the larger of purchases and sales
                     "volume_t": max(float(net.clip(lower=0).sum()),
                                     float(-net.clip(upper=0).sum())),
                     "reserve_sold_t": res.reserve_sold_t[t],
                     "withheld_t": res.withheld_t[t] + unsold.get(t, 0.0),
                     "banked_t": bank,
                     "bank_drawn_t": 0.0 if outside else max(0.0, -excess),
                     "cap_t": cap[t], "auctioned_t": auction[t],
                     "free_allocation_t": float(table.loc[m, "allocation_t"].sum()),
                     "emissions_t": float(table.loc[m, "emissions_t"].sum()),
                     "abatement_t": float(table.loc[m, "abatement_t"].sum()),
                     "offsets_t": float(table.loc[m, "offsets_t"].sum()),
                     "shortfall_t": float(table.loc[m, "shortfall_t"].sum()),
                     "outside_purchase_t": float(net.sum()) if outside else 0.0,
                     "solver": res.solver})
    return pd.DataFrame(rows)


def allocate_to(rules_path: Path, out_dir: Path) -> tuple[dict[str, Any], Path]:
    result = run_allocation(rules_path)
    return result, write_allocation(result, out_dir)
