"""Pathway results: tidy frames read back from a solved model, and the results folder.

:func:`extract_results` turns the primal values and duals into the frames of DESIGN.md
("Pathway results"); :func:`write_results` writes them to ``<out>/<name>/`` through a temporary
folder that is renamed into place only when complete. No Pyomo object leaves this module.

Prices are undiscounted (money of their own year, at base-year prices): a dual in present value
divided by df_y = (1+r)^-(y-y0).

* ``carbon_price.csv``: per year, for ``total`` and each sector with emissions, the dual of
  that accounting row / df_y: the cost of one tonne less CO2 there; ``peak_rule_yuan_per_t`` is
  the part from the no-rise rows of peak rules (:mod:`carbon.scenarios.prices`).
* ``emissions_end_use.csv``: the power sector's CO2 attributed to the sectors that use the
  electricity (scope 2 by using sector), beside the production view of ``emissions.csv``.
* ``marginal_cost.csv``: the dual of the demand row of each output / df_y [yuan per unit].
* ``allowances.csv``: −φ_{s,y} / df_y, φ the dual of the compliance row of sector s.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import tomli_w

import carbon
from carbon.scenarios import breakdown
from carbon.scenarios.ghg import ghg_frame
from carbon.scenarios.model import emission_factors
from carbon.scenarios.peaks import first_peak
from carbon.scenarios.prices import (
    binding_rules,
    binding_sectors,
    carbon_prices,
    end_use_emissions,
    sector_peaks,
)
from carbon.scenarios.projections import is_coal
from carbon.scenarios.solve import SolveResult
from carbon.tables import atomic_folder, write_csv

ALLOWANCE_COLUMNS = ["year", "sector", "allocation_t", "emissions_t", "net_purchase_t",
                     "offsets_t", "banked_t", "price_yuan_per_t", "unused_t"]
MILESTONES = (2025, 2030, 2035, 2060)


def _values(idx, family: str, n: int) -> np.ndarray:
    start = idx.offsets[family]
    return np.array([v.value if v.value is not None else 0.0
                     for v in idx.columns[start:start + n]], dtype=float)


def _per_year(unit: str) -> str:
    """Unit of a yearly amount: ``MWh`` -> ``MWh/yr`` ('' stays '': not given)."""
    return f"{unit}/yr" if unit else ""


def _per(unit: str) -> str:
    """Unit of a price per unit of output: ``MWh`` -> ``yuan/MWh``."""
    return f"yuan/{unit}" if unit else "yuan/unit"


def _duals(model: pyo.ConcreteModel, name: str, keys: list) -> np.ndarray:
    con = getattr(model, name)
    dual = model.dual
    return np.array([dual.get(con[k], 0.0) if k in con else 0.0 for k in keys], dtype=float)


def _clean(x: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Round away solver noise (|x| < 1e-9·scale) and negative zeros."""
    x = np.where(np.abs(x) < 1e-9 * max(scale, 1.0), 0.0, x)
    return x + 0.0


def extract_results(model: pyo.ConcreteModel, result: SolveResult) -> dict[str, Any]:
    """Tidy frames of a solved pathway model.

    Returns
    -------
    dict
        ``emissions``, ``activity``, ``capacity``, ``carbon_price``, ``marginal_cost``,
        ``allowances``, ``indicators``, ``fuel_use`` (DataFrames) and ``summary`` (dict).
    """
    idx = model.meta
    inp = idx.inputs
    years, techs, ny, nk = idx.years, idx.techs, len(idx.years), len(idx.techs)
    df = inp.discount
    act = _values(idx, "activity", nk * ny).reshape(nk, ny)
    act = _clean(act, float(np.abs(act).max(initial=0.0)))
    out: dict[str, Any] = {}
    year_col = np.tile(years, nk)
    tech_col = np.repeat(techs, ny)
    units = inp.output_units
    out["activity"] = pd.DataFrame({"year": year_col, "technology": tech_col,
                                    "activity": act.ravel(),
                                    "sector": np.repeat(inp.techs["sector"].to_numpy(), ny),
                                    "output": np.repeat(inp.techs["output"].to_numpy(), ny),
                                    "unit": np.repeat([_per_year(units.get(c, ""))
                                                       for c in inp.techs["output"]], ny)})
    # emissions by technology, and the sectors not optimised as technology "other"
    ef = emission_factors(inp)
    co2 = _clean(ef * act)
    frames = [pd.DataFrame({"year": year_col,
                            "sector": np.repeat(inp.techs["sector"].to_numpy(), ny),
                            "technology": tech_col, "co2_t": co2.ravel()})]
    exo = inp.exogenous_co2.reindex(columns=years).fillna(0.0)
    for s in exo.index:
        frames.append(pd.DataFrame({"year": years, "sector": s, "technology": "other",
                                    "co2_t": exo.loc[s].to_numpy(dtype=float)}))
    out["emissions"] = (pd.concat(frames, ignore_index=True)
                        .sort_values(["year", "sector", "technology"], kind="stable")
                        .reset_index(drop=True))
    # capacity
    ct = idx.cap_techs
    if ct:
        cap = _values(idx, "capacity", len(ct) * ny)
        new = _values(idx, "new_capacity", len(ct) * ny)
        retired = np.zeros((len(ct), ny))
        if idx.retire_techs:
            z = _values(idx, "retired", len(idx.retire_techs) * ny).reshape(-1, ny)
            for ri, k in enumerate(idx.retire_techs):
                retired[ct.index(k)] = z[ri]
        cunit = [inp.techs.at[k, "capacity_unit"] for k in ct]
        out["capacity"] = pd.DataFrame({"year": np.tile(years, len(ct)),
                                        "technology": np.repeat(ct, ny),
                                        "capacity": _clean(cap, float(np.abs(cap).max(initial=0))),
                                        "new_capacity": _clean(new, float(np.abs(new).max(
                                            initial=0))),
                                        "retired": _clean(retired.ravel(), float(np.abs(
                                            retired).max(initial=0))),
                                        "unit": np.repeat(cunit, ny)})
    else:
        out["capacity"] = pd.DataFrame(columns=["year", "technology", "capacity", "new_capacity",
                                                "retired", "unit"])
    total = _values(idx, "total_emissions", ny)
    out["carbon_price"] = carbon_prices(model)
    keys = [(c, y) for c in idx.outputs for y in years]
    mc = _duals(model, "demand_balance", keys) / np.tile(df, len(idx.outputs))
    out["marginal_cost"] = pd.DataFrame({"year": [k[1] for k in keys],
                                         "output": [k[0] for k in keys],
                                         "marginal_cost_yuan_per_unit": _clean(mc),
                                         "unit": [_per(units.get(k[0], "")) for k in keys]})
    out["allowances"] = _allowances(model, idx)
    out["fuel_use"], energy, non_fossil = _energy(inp, act)
    out["indicators"] = _indicators(inp, total, energy, non_fossil,
                                    out["fuel_use"].attrs.pop("non_fossil_electricity_tce"),
                                    out["fuel_use"].attrs.pop("coal_tce"))
    out["emissions_end_use"] = end_use_emissions(inp, act, out["emissions"])
    out["shares"] = breakdown.shares(inp, out["activity"], out["capacity"])
    out["costs"] = breakdown.costs(inp, out["activity"], out["capacity"], out["emissions"])
    out["summary"] = _summary(inp, result, total, out["carbon_price"])
    out["summary"]["sector_peaks"] = sector_peaks(out["emissions"], out["emissions_end_use"])
    out["summary"]["rules"] = binding_rules(model)
    out["summary"]["targets"] = targets_check(inp.targets, out["indicators"], out["summary"])
    out["ghg"] = ghg_frame(out, inp)   # all gases in CO2e beside the model's CO2
    check = base_year_check(out["emissions"], inp)
    if check is not None:
        out["summary"]["base_year_check"] = check
    return out


def _allowances(model, idx) -> pd.DataFrame:
    tr = idx.trading
    if not tr:
        return pd.DataFrame(columns=ALLOWANCE_COLUMNS)
    inp = idx.inputs
    n = len(tr)
    ny = len(idx.years)
    em_all = _values(idx, "emissions", len(idx.sectors) * ny)
    em = np.array([em_all[idx.sectors.index(s) * ny + (y - idx.years[0])] for s, y in tr])
    q = _values(idx, "net_purchase", n)
    o = _values(idx, "offsets", n)
    bank = _values(idx, "bank", n)
    alloc = inp.allocation.set_index(["sector", "year"])["allocation_t"]
    a = np.array([alloc[t] for t in tr])
    pos = {t: i for i, t in enumerate(tr)}
    prev = np.array([bank[pos[(s, y - 1)]] if (s, y - 1) in pos else 0.0 for s, y in tr])
    dft = np.array([inp.discount[y - idx.years[0]] for _, y in tr])
    price = -_duals(model, "allowance_compliance", tr) / dft
    scale = float(np.abs(a).max(initial=1.0))
    return pd.DataFrame({"year": [y for _, y in tr], "sector": [s for s, _ in tr],
                         "allocation_t": a, "emissions_t": _clean(em, scale),
                         "net_purchase_t": _clean(q, scale), "offsets_t": _clean(o, scale),
                         "banked_t": _clean(bank, scale), "price_yuan_per_t": _clean(price),
                         "unused_t": _clean(a + q + o - (bank - prev) - em, scale)}
                        ).sort_values(["year", "sector"]).reset_index(drop=True)


def _energy(inp, act: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Fuel use [unit/yr], energy [tce] and non-fossil energy [tce] of the optimised sectors.

    energy_y = Σ_f u_{f,y}·tce_f + Σ_{k non-fossil} x_{k,y}·tce_per_output_k (+ exogenous);
    non-fossil_y = Σ_f u_{f,y}·tce_f·nfs_f + Σ_{k non-fossil} x_{k,y}·tce_per_output_k.
    The non-fossil electricity [tce] (fuels named ``electricity…`` and non-fossil technologies
    making ``electricity``) travels in the fuel-use frame's ``attrs`` to :func:`_indicators`.
    """
    years = inp.years
    ir = inp.params["input_per_output"].loc[list(inp.techs.index)].to_numpy(dtype=float)
    fuels = inp.fuels
    use: dict[str, np.ndarray] = {}
    for i, f in enumerate(inp.techs["input"]):
        if f and f in fuels.price.index:
            use[f] = use.get(f, 0.0) + ir[i] * act[i]
    energy = np.zeros(len(years))
    non_fossil = np.zeros(len(years))
    nf_elec = np.zeros(len(years))
    coal = np.zeros(len(years))
    rows = []
    for f, u in use.items():
        tce = float(fuels.tce_per_unit.get(f, 0.0))
        energy += u * tce
        share = (fuels.non_fossil_share.loc[f].to_numpy(dtype=float)
                 if f in fuels.non_fossil_share.index else 0.0)
        non_fossil += u * tce * share
        if str(f).startswith("electricity"):
            nf_elec += u * tce * share
        if is_coal(str(f)):
            coal += u * tce
        rows.append(pd.DataFrame({"year": years, "fuel": f, "use": _clean(u),
                                  "unit": _per_year(str(fuels.unit.get(f, "")))}))
    nf = inp.techs["non_fossil"].to_numpy(dtype=bool)
    credit = (act[nf] * inp.techs["tce_per_output"].to_numpy(dtype=float)[nf][:, None]).sum(0)
    energy += credit + inp.exogenous_energy_tce.reindex(years).fillna(0.0).to_numpy()
    non_fossil += credit
    elec = (inp.techs["output"] == "electricity").to_numpy()[nf]
    nf_elec += (act[nf][elec] * inp.techs["tce_per_output"].to_numpy(dtype=float)[nf][elec][:, None]
                ).sum(0)
    fuel_use = (pd.concat(rows, ignore_index=True) if rows
                else pd.DataFrame(columns=["year", "fuel", "use", "unit"]))
    fuel_use.attrs["non_fossil_electricity_tce"] = nf_elec
    exo_coal = inp.exogenous_coal_tce
    fuel_use.attrs["coal_tce"] = coal + (exo_coal.reindex(years).fillna(0.0).to_numpy()
                                         if exo_coal is not None else 0.0)
    return fuel_use, energy, non_fossil


def _indicators(inp, total: np.ndarray, energy: np.ndarray, nonf: np.ndarray,
                nf_elec: np.ndarray, coal: np.ndarray) -> pd.DataFrame:
    """indicators.csv. The assessment energy (Hunan 14th FYP 节能减排 scheme: new renewable
    electricity is not counted) is energy_y − max(NFE_y − NFE_y0, 0), NFE the non-fossil
    electricity [tce]; raw-material (feedstock) use is not modelled, so nothing more is left
    out."""
    years = inp.years
    drv = inp.drivers
    gdp = (drv["gdp_10k_yuan"].to_numpy(dtype=float) if drv is not None and "gdp_10k_yuan" in drv
           else np.full(len(years), np.nan))
    pop = (drv["population"].to_numpy(dtype=float) if drv is not None and "population" in drv
           else np.full(len(years), np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_gdp = np.where(gdp > 0, total / gdp, np.nan)
        e_gdp = np.where(gdp > 0, energy / gdp, np.nan)
        share = np.where(energy > 0, nonf / energy, np.nan)
        per_cap = np.where(pop > 0, total / pop, np.nan)
        assess = energy - np.maximum(nf_elec - nf_elec[0], 0.0)
        a_gdp = np.where(gdp > 0, assess / gdp, np.nan)
    return pd.DataFrame({"year": years, "gdp_10k_yuan": gdp, "population": pop,
                         "co2_t": _clean(total), "co2_per_gdp_t_per_10k_yuan": per_gdp,
                         "energy_tce": energy, "energy_per_gdp_tce_per_10k_yuan": e_gdp,
                         "non_fossil_share": share,
                         "energy_tce_assessment": assess,
                         "energy_per_gdp_change_pct": _change_pct(e_gdp),
                         "energy_per_gdp_assessment_change_pct": _change_pct(a_gdp),
                         "co2_per_gdp_change_pct": _change_pct(per_gdp),
                         "coal_tce": coal,
                         "coal_share": np.where(energy > 0, coal / np.where(energy > 0, energy,
                                                                             1.0), np.nan),
                         "co2_per_capita_t": per_cap})


def _change_pct(x: np.ndarray) -> np.ndarray:
    """Change against the base year [%]: 100·(x_y / x_y0 − 1); NaN without a base value."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(x[0]) & (x[0] != 0), 100.0 * (x / x[0] - 1.0), np.nan)


def _summary(inp, result: SolveResult, total: np.ndarray,
             prices: pd.DataFrame) -> dict[str, Any]:
    years = inp.years
    tot = prices[prices["sector"] == "total"].set_index("year")
    price = tot["price_yuan_per_t"].reindex(years).to_numpy()
    total = _clean(total, float(np.abs(total).max(initial=0.0)))
    peak_year, _ = first_peak(pd.Series(total, index=years))
    peak_i = years.index(peak_year)
    summary: dict[str, Any] = {
        "name": inp.scenario.name,
        "status": result.status,
        "total_cost_yuan": result.objective,
        "peak_year": years[peak_i],
        "peak_co2_t": float(total[peak_i]),
        "cumulative_co2_t": float(total.sum()),
        "base_year": years[0],
        "end_year": years[-1],
        "milestones": {str(y): {"co2_t": float(total[y - years[0]]),
                                "carbon_price_yuan_per_t": float(price[y - years[0]]),
                                "peak_rule_yuan_per_t": float(
                                    tot.at[y, "peak_rule_yuan_per_t"]),
                                "sector_prices": binding_sectors(prices, y)}
                       for y in MILESTONES if years[0] <= y <= years[-1]},
        "solver": result.solver,
        "timings": {},
    }
    return summary


def targets_check(targets: pd.DataFrame | None, indicators: pd.DataFrame,
                  summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Each plan target in the horizon against the scenario: target, model value, met.

    The indicator is a column of ``indicators.csv`` (its value in the target's year) or
    ``peak_year`` (the scenario's peak year); an indicator the model does not compute is
    listed with ``model`` None.
    """
    if targets is None or targets.empty:
        return []
    ind = indicators.set_index("year")
    out = []
    for t in targets.itertuples():
        if t.indicator == "peak_year":
            value: float | None = float(summary["peak_year"])
        elif t.indicator in ind.columns and t.year in ind.index:
            value = float(ind.at[t.year, t.indicator])
        else:
            value = None
        met = None if value is None or not np.isfinite(value) else bool(
            value <= t.value + 1e-9 if t.direction == "at_most" else value >= t.value - 1e-9)
        out.append({"indicator": t.indicator, "year": int(t.year), "target": float(t.value),
                    "direction": t.direction, "model": value, "met": met})
    return out


def base_year_check(emissions: pd.DataFrame, inp) -> dict[str, Any] | None:
    """Model CO2 against the inventory's in the base year, in total and by sector [t]."""
    if inp.inventory_co2 is None:
        return None
    base = emissions[emissions["year"] == inp.years[0]].groupby("sector")["co2_t"].sum()
    sectors = sorted(set(base.index) | set(inp.inventory_co2.index))
    by = {s: {"model_co2_t": float(base.get(s, 0.0)),
              "inventory_co2_t": float(inp.inventory_co2.get(s, 0.0))} for s in sectors}
    m, i = float(base.sum()), float(inp.inventory_co2.sum())
    return {"year": inp.years[0], "model_co2_t": m, "inventory_co2_t": i,
            "difference_share": (m - i) / i if i else None, "by_sector": by}


# ------------------------------------------------------------------------------------- writing

def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def relative(path: str | Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (POSIX separators), so a results folder can be moved
    together with the data it names; an absolute path where no relative one exists."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()
    except ValueError:                     # another drive on Windows
        return str(path)


def _relative_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    from carbon.scenarios.schema import POLICY_PATH_KEYS, TOP_PATH_KEYS

    for key in TOP_PATH_KEYS:
        if key in data:
            value = data[key]
            data[key] = [relative(v, folder) for v in value] if isinstance(value, list) else \
                relative(value, folder)
    for key in POLICY_PATH_KEYS:
        if key in data.get("policy", {}):
            data["policy"][key] = relative(data["policy"][key], folder)
    return data


def resolved_toml(scenario, folder: Path | None = None) -> str:
    """The merged scenario with the package version and the sha256 of every input file.

    With ``folder`` (where the file will live) every path is written relative to it, and the
    source scenario's path is recorded (``provenance.scenario_file``), so the results folder can
    be moved with its data and the resolved scenario loads again.
    """
    data = scenario.resolved_dict()
    files = list(scenario.files) + scenario.input_files()
    rel = (lambda p: relative(p, folder)) if folder is not None else str
    if folder is not None:
        data = _relative_paths(data, folder)
    data["provenance"] = {"carbon_version": carbon.__version__,
                          "scenario_file": rel(scenario.source),
                          "sha256": {rel(p): sha256(Path(p)) for p in dict.fromkeys(files)}}
    return ("# The scenario after 'extends', written by carbon run; [provenance] is ignored when\n"
            "# this file is loaded again.\n" + tomli_w.dumps(_toml_safe(data)))


def _toml_safe(obj):
    if isinstance(obj, dict):
        return {str(k): _toml_safe(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [_toml_safe(v) for v in obj]
    return obj


def _json_safe(obj):
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        return None if not np.isfinite(obj) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


CSV_FILES = ("emissions", "activity", "capacity", "carbon_price", "marginal_cost", "allowances",
             "indicators", "fuel_use", "emissions_end_use", "shares", "costs", "ghg")


def write_results(results: dict[str, Any], scenario, out_dir: Path) -> Path:
    """Write ``out_dir/<name>/`` atomically: a temporary folder renamed into place when complete.

    An earlier folder of the same name is replaced only then; on any error nothing is left.
    """
    out_dir = Path(out_dir)
    target = out_dir / scenario.name
    if target.exists() and not (target / "summary.json").is_file():
        from carbon.errors import CarbonError
        raise CarbonError(f"{target} exists and is not a results folder (no summary.json); "
                          f"refusing to replace it: choose another --out")
    with atomic_folder(target) as tmp:     # carbon.tables: renamed into place when complete
        for name in CSV_FILES:
            write_csv(results[name], tmp / f"{name}.csv")
        summary = dict(results["summary"], scenario_file=relative(scenario.source, target))
        (tmp / "summary.json").write_text(json.dumps(_json_safe(summary), indent=2,
                                                     ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "scenario.resolved.toml").write_text(resolved_toml(scenario, target),
                                                    encoding="utf-8")
    return target
