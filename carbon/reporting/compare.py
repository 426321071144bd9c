r"""``carbon compare DIR…``: finished pathway runs side by side, what differs, and the measures.

Reads result folders by the contract of DESIGN.md ("Pathway results"); the first folder is the
reference of every difference.

* ``comparison.csv`` / ``comparison.xlsx``: one row per figure (``metric, unit``, one column per
  run): peak year and value of the total and of each sector (production view), CO2 in 2025,
  2030, 2035 and 2060, cumulative CO2, total cost (discounted, ``summary.json``) and its
  difference from the first run, the 2030 carbon price (``carbon_price.csv``: the ``total`` rows
  of the tidy file, or the one price of the older ``year, price_yuan_per_t`` file), CO2 and
  energy per GDP in 2025/2030 against the base year [%], the non-fossil share.
* ``input_diff.csv``: every key of ``scenario.resolved.toml`` whose value differs, and every
  input file whose content differs (by its sha256 in ``[provenance]``; for CSVs still on disk,
  the number of rows only in one run).
* ``measures.csv`` (``run, output, sector, technology, year, abatement_t,
  cost_difference_yuan, cost_yuan_per_t``) and ``measures_summary.csv`` (the same over the
  horizon, per technology and per output with technology ``all``, cheapest tonne first), each
  run against the first in the **end-use view**: the CO2 and the cost of an intermediate output
  (electricity made by the city's plants) go to the technologies that use it, in proportion to
  their use, at the producers' average per unit:

  .. math:: I_{c,y} = \frac{\sum_{k: out(k)=c} CO2_{k,y}}{\sum_{k: out(k)=c} x_{k,y}}, \qquad
            CO2^{eu}_{j,y} = CO2_{j,y} + IR_{j,y}\,x_{j,y}\,I_{in(j),y}

  and the producers keep only the share that meets final demand (chains in dependency order).
  Abatement = CO2 of the first run − CO2 of the run; cost difference = undiscounted cost of the
  run − of the first, where a technology's cost in year y is
  :math:`(VOM + IR \cdot P_{fuel}) x + FOM \cdot K + \sum_{v \le y < v+L} CRF\cdot I_v n_v`
  (the annuities of DESIGN.md's objective at the technology's hurdle rate if it has one, not
  discounted; no carbon tax: a transfer);
  cost per tonne = cost difference / abatement (empty where nothing is abated);
  ``measures_summary.csv`` lists the abating rows first, cheapest tonne first.
  Costs come from the run's inputs (loaded again from ``scenario.resolved.toml``).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from carbon.errors import CarbonError
from carbon.scenarios.peaks import first_peak
from carbon.sweeps import store
from carbon.tables import guard_cells

MILESTONES = (2025, 2030, 2035, 2060)
REQUIRED = ("summary.json", "emissions.csv", "activity.csv", "scenario.resolved.toml")


def read_run(folder: Path) -> dict[str, Any]:
    """A finished run's summary and tables (CarbonError when the folder is not one)."""
    folder = Path(folder)
    missing = [f for f in REQUIRED if not (folder / f).is_file()]
    if not folder.is_dir() or missing:
        raise CarbonError(f"{folder} is not a finished run of 'carbon run' (missing "
                          f"{', '.join(missing) if folder.is_dir() else 'the folder'})")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    if summary.get("status") != "optimal":
        raise CarbonError(f"{folder} is not a finished run (status {summary.get('status')!r})")
    run: dict[str, Any] = {"folder": folder, "summary": summary,
                           "name": summary.get("name", folder.name)}
    for name in ("emissions", "activity", "capacity", "carbon_price", "indicators"):
        path = folder / f"{name}.csv"
        run[name] = pd.read_csv(path, encoding="utf-8-sig") if path.is_file() else None
    with open(folder / "scenario.resolved.toml", "rb") as fh:
        run["resolved"] = tomllib.load(fh)
    return run


def _price_2030(run: dict[str, Any]) -> float | None:
    price = run["carbon_price"]
    if price is None:
        return None
    if "sector" in price:                  # the tidy file: the total rows
        price = price[price["sector"] == "total"]
    hit = price.loc[price["year"] == 2030, "price_yuan_per_t"]
    return float(hit.iloc[0]) if len(hit) else None


def _indicator_change(run: dict[str, Any], col: str, year: int) -> float | None:
    ind = run["indicators"]
    if ind is None or col not in ind:
        return None
    base = ind[col].iloc[0]
    hit = ind.loc[ind["year"] == year, col]
    if not len(hit) or pd.isna(base) or pd.isna(hit.iloc[0]) or base == 0:
        return None
    return float(hit.iloc[0] / base - 1.0) * 100.0


def key_figures(run: dict[str, Any], first: dict[str, Any] | None) -> list[tuple[str, str, Any]]:
    """(metric, unit, value) of one run."""
    em = run["emissions"]
    total = em.groupby("year")["co2_t"].sum()
    s = run["summary"]
    rows: list[tuple[str, str, Any]] = []
    peak_year, peak_co2 = first_peak(total)
    rows += [("peak year (total)", "year", peak_year), ("peak CO2 (total)", "t", peak_co2)]
    for sector, path in em.groupby("sector")["co2_t"]:
        year, value = first_peak(path.groupby(em.loc[path.index, "year"]).sum())
        rows += [(f"peak year ({sector})", "year", year), (f"peak CO2 ({sector})", "t", value)]
    for y in MILESTONES:
        rows.append((f"CO2 in {y}", "t", float(total[y]) if y in total.index else None))
    rows.append(("cumulative CO2", "t", float(total.sum())))
    cost = s.get("total_cost_yuan")
    rows.append(("total cost (discounted)", "yuan", cost))
    first_cost = first["summary"].get("total_cost_yuan") if first else cost
    rows.append(("total cost difference from the first run", "yuan",
                 None if cost is None or first_cost is None else cost - first_cost))
    rows.append(("carbon price 2030", "yuan/t", _price_2030(run)))
    for y in (2025, 2030):
        rows.append((f"CO2 per GDP {y} vs base year", "%",
                     _indicator_change(run, "co2_per_gdp_t_per_10k_yuan", y)))
        rows.append((f"energy per GDP {y} vs base year", "%",
                     _indicator_change(run, "energy_per_gdp_tce_per_10k_yuan", y)))
    ind = run["indicators"]
    for y in (2025, 2030):
        val = None
        if ind is not None and "non_fossil_share" in ind:
            hit = ind.loc[ind["year"] == y, "non_fossil_share"]
            val = float(hit.iloc[0]) if len(hit) and pd.notna(hit.iloc[0]) else None
        rows.append((f"non-fossil share {y}", "share", val))
    return rows


def comparison_table(runs: list[dict[str, Any]]) -> pd.DataFrame:
    """``metric, unit`` and one column per run (metrics missing in a run are empty)."""
    names = _names(runs)
    order: dict[tuple[str, str], None] = {}
    values: dict[str, dict[str, Any]] = {}
    for name, run in zip(names, runs, strict=True):
        values[name] = {}
        for metric, unit, value in key_figures(run, runs[0]):
            order[(metric, unit)] = None
            values[name][metric] = value
    table = pd.DataFrame(list(order), columns=["metric", "unit"])
    for name in names:
        table[name] = [values[name].get(m) for m in table["metric"]]
    return table


def _names(runs: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for run in runs:
        name = str(run["name"])
        while name in names:
            name += "'"
        names.append(name)
    return names


# ------------------------------------------------------------------------------------ input diff

def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if prefix == "" and key == "provenance":
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= _flatten(value, f"{name}.")
        else:
            out[name] = json.dumps(value, ensure_ascii=False) if isinstance(value, list) \
                else value
    return out


def _file_hash(run: dict[str, Any], path: str) -> str | None:
    hashes = run["resolved"].get("provenance", {}).get("sha256", {})
    if path in hashes:
        return hashes[path]
    p = (run["folder"] / path) if not Path(path).is_absolute() else Path(path)
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None


def input_diff(runs: list[dict[str, Any]]) -> pd.DataFrame:
    """Keys and input files that differ between the runs' resolved scenarios."""
    names = _names(runs)
    flat = [_flatten(r["resolved"]) for r in runs]
    keys = list(dict.fromkeys(k for f in flat for k in f if k != "name"))
    rows = []
    for key in keys:
        vals = [f.get(key) for f in flat]
        is_file = any(isinstance(v, str) and v.endswith((".csv", ".xlsx", ".toml"))
                      for v in vals)
        if is_file:
            hashes = [_file_hash(r, v) if isinstance(v, str) else None
                      for r, v in zip(runs, vals, strict=True)]
            if len(set(hashes)) == 1:
                continue
            shown = [Path(v).name if isinstance(v, str) else None for v in vals]
            rows.append([key, "file content", *shown, _row_changes(runs, vals)])
        elif len({json.dumps(v) for v in vals}) > 1:
            rows.append([key, "value", *vals, ""])
    return pd.DataFrame(rows, columns=["key", "kind", *names, "note"])


def _row_changes(runs: list[dict[str, Any]], vals: list[Any]) -> str:
    """For CSVs still on disk: rows only in the first run's file and only in each other's."""
    def lines(run, v) -> set[str] | None:
        if not isinstance(v, str) or not v.endswith(".csv"):
            return None
        p = Path(v) if Path(v).is_absolute() else run["folder"] / v
        if not p.is_file():
            return None
        text = p.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
        return {ln.strip() for ln in text[1:] if ln.strip()}
    first = lines(runs[0], vals[0])
    notes = []
    for run, v in zip(runs[1:], vals[1:], strict=True):
        other = lines(run, v)
        if first is not None and other is not None:
            notes.append(f"{run['name']}: {len(other - first)} rows added, "
                         f"{len(first - other)} removed")
    return "; ".join(notes)


# -------------------------------------------------------------------------------------- measures

def technology_view(run: dict[str, Any]) -> pd.DataFrame:
    """End-use CO2 and undiscounted cost by ``year, output, sector, technology``."""
    from carbon.scenarios import load_inputs, load_scenario
    from carbon.scenarios.model import crf

    try:
        inputs = load_inputs(load_scenario(run["folder"] / "scenario.resolved.toml"))
    except CarbonError as exc:
        raise CarbonError(f"{run['folder']}: the run's inputs cannot be read again ({exc})"
                          ) from None
    years = inputs.years
    techs = list(inputs.techs.index)
    p = inputs.params
    act = (run["activity"].pivot_table(index="technology", columns="year", values="activity",
                                       aggfunc="sum").reindex(index=techs, columns=years)
           .fillna(0.0).to_numpy())
    em = run["emissions"]
    co2 = (em[em["technology"].isin(techs)]
           .pivot_table(index="technology", columns="year", values="co2_t", aggfunc="sum")
           .reindex(index=techs, columns=years).fillna(0.0).to_numpy())
    ir = p["input_per_output"].loc[techs].to_numpy(dtype=float)
    var = p["var_cost_yuan_per_output"].loc[techs].to_numpy(dtype=float).copy()
    for i, f in enumerate(inputs.techs["input"]):
        if f and f in inputs.fuels.price.index:
            var[i] += ir[i] * inputs.fuels.price.loc[f].to_numpy(dtype=float)
    cost = var * act
    cap = run["capacity"]
    ct = [k for k in techs if inputs.techs.at[k, "has_capacity"]]
    if ct and cap is not None and len(cap):
        kk = cap.pivot_table(index="technology", columns="year", values="capacity",
                             aggfunc="sum").reindex(index=ct, columns=years).fillna(0.0)
        new = cap.pivot_table(index="technology", columns="year", values="new_capacity",
                              aggfunc="sum").reindex(index=ct, columns=years).fillna(0.0)
        life = inputs.techs.loc[ct, "lifetime_yr"].to_numpy()
        rate: float | np.ndarray = inputs.scenario.discount_rate
        if "hurdle_rate" in inputs.techs:      # capital annualised at a technology's own rate
            hurdle = inputs.techs.loc[ct, "hurdle_rate"].to_numpy(dtype=float)
            rate = np.where(np.isnan(hurdle), rate, hurdle)
        ann = (p["capex_yuan_per_capacity"].loc[ct].to_numpy(dtype=float)
               * crf(cast(Any, rate), life)[:, None] * new.to_numpy())
        fom = p["fixed_om_yuan_per_capacity"].loc[ct].to_numpy(dtype=float) * kk.to_numpy()
        ny = len(years)
        for ci, k in enumerate(ct):
            row = techs.index(k)
            cost[row] += fom[ci]
            for v in range(ny):            # the annuity of vintage v is paid v .. v+L-1
                cost[row, v:min(v + int(life[ci]), ny)] += ann[ci, v]
    out_of = inputs.techs["output"]
    in_of = inputs.techs["input"]
    outputs = set(out_of)
    graph = {c: {out_of[j] for j in techs if in_of[j] == c} for c in outputs}
    order = list(TopologicalSorter({c: {d for d, users in graph.items() if c in users}
                                    for c in outputs}).static_order())
    co2_eu, cost_eu = co2.copy(), cost.copy()
    for c in order:                        # producers of c are final before c is passed on
        prod = [techs.index(k) for k in techs if out_of[k] == c]
        users = [techs.index(k) for k in techs if in_of[k] == c]
        if not users:
            continue
        made = act[prod].sum(axis=0)
        used = sum(ir[j] * act[j] for j in users)
        with np.errstate(divide="ignore", invalid="ignore"):
            i_co2 = np.where(made > 0, co2_eu[prod].sum(axis=0) / made, 0.0)
            i_cost = np.where(made > 0, cost_eu[prod].sum(axis=0) / made, 0.0)
            keep = np.where(made > 0, 1.0 - used / made, 1.0)
        for j in users:
            co2_eu[j] += ir[j] * act[j] * i_co2
            cost_eu[j] += ir[j] * act[j] * i_cost
        for k in prod:
            co2_eu[k] *= keep
            cost_eu[k] *= keep
    frame = pd.DataFrame({"year": np.tile(years, len(techs)),
                          "output": np.repeat(out_of.loc[techs].to_numpy(), len(years)),
                          "sector": np.repeat(inputs.techs.loc[techs, "sector"].to_numpy(),
                                              len(years)),
                          "technology": np.repeat(techs, len(years)),
                          "co2_t": co2_eu.ravel(), "cost_yuan": cost_eu.ravel()})
    other = em[~em["technology"].isin(techs)]
    if len(other):
        frame = pd.concat([frame, pd.DataFrame({
            "year": other["year"], "output": "", "sector": other["sector"],
            "technology": other["technology"], "co2_t": other["co2_t"], "cost_yuan": 0.0})],
            ignore_index=True)
    return frame


def measures(runs: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each run against the first: by year, and over the horizon (see the module notes)."""
    names = _names(runs)
    keys = ["year", "output", "sector", "technology"]
    first = technology_view(runs[0]).set_index(keys)
    by_year, totals = [], []
    for name, run in zip(names[1:], runs[1:], strict=True):
        view = technology_view(run).set_index(keys)
        both = first.join(view.add_suffix("_run"), how="outer").fillna(0.0)
        m = pd.DataFrame({"abatement_t": both["co2_t"] - both["co2_t_run"],
                          "cost_difference_yuan": both["cost_yuan_run"] - both["cost_yuan"]}
                         ).reset_index()
        m.insert(0, "run", name)
        by_year.append(m)
        tech = m.groupby(["run", "output", "sector", "technology"], as_index=False)[
            ["abatement_t", "cost_difference_yuan"]].sum()
        out = m[m["output"] != ""].groupby(["run", "output"], as_index=False)[
            ["abatement_t", "cost_difference_yuan"]].sum()
        out["sector"] = ""
        out["technology"] = "all"
        totals.append(pd.concat([tech, out], ignore_index=True))
    cols = ["run", "output", "sector", "technology", "year", "abatement_t",
            "cost_difference_yuan", "cost_yuan_per_t"]
    if not by_year:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=[c for c in cols if c != "year"])
    yearly = pd.concat(by_year, ignore_index=True)
    total = pd.concat(totals, ignore_index=True)
    for frame in (yearly, total):
        a = frame["abatement_t"].where(frame["abatement_t"].abs() > 1e-9)
        frame["cost_yuan_per_t"] = frame["cost_difference_yuan"] / a
    yearly = yearly[cols].sort_values(["run", "output", "sector", "technology", "year"],
                                      kind="stable").reset_index(drop=True)
    total = total[[c for c in cols if c != "year"]]
    total = (total.assign(_abates=total["abatement_t"] <= 1e-9)      # abating measures first
             .sort_values(["run", "_abates", "cost_yuan_per_t"], kind="stable",
                          na_position="last")
             .drop(columns="_abates").reset_index(drop=True))
    return yearly, total


# ----------------------------------------------------------------------------------------- entry

def compare_runs(folders: list[Path], out: Path | None = None) -> dict[str, Any]:
    """Read the runs, build every table, and write them into ``out`` when given."""
    if not folders:
        raise CarbonError("give at least one results folder")
    runs = [read_run(Path(f)) for f in folders]
    result: dict[str, Any] = {"comparison": comparison_table(runs), "input_diff": input_diff(runs)}
    result["measures"], result["measures_summary"] = measures(runs)
    if out is not None:
        out = Path(out)
        for name in ("comparison", "input_diff", "measures", "measures_summary"):
            store.write_csv(result[name], out / f"{name}.csv")
        _write_xlsx(result, out / "comparison.xlsx")
        result["out"] = out
    return result


def _write_xlsx(result: dict[str, Any], target: Path) -> None:
    """One sheet per table; text cells stay text (openpyxl writes no formula from a string)."""
    from carbon.tables import atomic_write

    with atomic_write(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for name in ("comparison", "input_diff", "measures_summary", "measures"):
                guard_cells(result[name]).to_excel(xl, sheet_name=name, index=False)


def format_comparison(result: dict[str, Any]) -> str:
    """The comparison as a terminal table, then the inputs that differ."""
    table = result["comparison"]
    runs = list(table.columns[2:])
    width = max(len(m) + len(u) + 3 for m, u in zip(table["metric"], table["unit"], strict=True))
    lines = [f"{'':<{width}}" + "".join(f"{r:>18}" for r in runs)]
    for _, row in table.iterrows():
        label = f"{row['metric']} [{row['unit']}]"
        cells = []
        for r in runs:
            v = row[r]
            if v is None or (isinstance(v, float) and np.isnan(v)):
                cells.append(f"{'-':>18}")
            elif row["unit"] == "year":
                cells.append(f"{int(v):>18}")
            elif row["unit"] in ("%", "share", "yuan/t"):
                cells.append(f"{v:>18,.2f}")
            else:
                cells.append(f"{v:>18,.0f}")
        lines.append(f"{label:<{width}}" + "".join(cells))
    diff = result["input_diff"]
    if len(diff):
        lines.append("inputs that differ: " + ", ".join(diff["key"]))
    if result.get("out"):
        lines.append(f"written to {result['out']}")
    return "\n".join(lines)
