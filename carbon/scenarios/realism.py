r"""Realism rows of the pathway model: minimum utilisation, early retirement, growth limits on
new capacity and share bounds (the technologies' realism columns, DESIGN.md).

Each ``define_*`` function adds one family of rows to the builder of
:func:`carbon.scenarios.model.build_model`, with its equation; notation as in
:mod:`carbon.scenarios.model`.
"""

from __future__ import annotations

import numpy as np

from carbon.scenarios.model import ModelIndex, _Builder, _col, _tech_year


def define_utilisation_min(b: _Builder, idx: ModelIndex) -> None:
    r"""Minimum utilisation (``availability_min`` AF^min, vehicles and must-run plants):

    .. math:: AF^{min}_{k,y} \cdot CA_{k,y} \cdot K_{k,y} - x_{k,y} \le 0

    Capacity cannot be parked for free: a fleet in service runs at least AF^min of its
    availability-hours. Where the capacity is unwanted, only ``early_retirement`` lets it go.
    """
    ct, ny = idx.cap_techs, len(idx.years)
    p = idx.inputs.params
    amin = _tech_year(p["availability_min"], ct) * _tech_year(p["output_per_capacity"], ct) \
        if ct else np.zeros((0, ny))
    rows = [ci for ci in range(len(ct)) if np.nan_to_num(amin[ci]).any()]
    keys = [(ct[ci], y) for ci in rows for y in idx.years]
    fam = b.family("utilisation_min", keys, -np.inf, 0.0, kind="policy")
    kpos = {k: i for i, k in enumerate(idx.techs)}
    yi = np.arange(ny)
    for r, ci in enumerate(rows):
        fam.add(r * ny + yi, _col(idx, "capacity", ci, yi), np.nan_to_num(amin[ci]))
        fam.add(r * ny + yi, _col(idx, "activity", kpos[ct[ci]], yi), -1.0)


def define_retirement(b: _Builder, idx: ModelIndex) -> None:
    r"""Early retirement is for good (technologies with ``early_retirement``).

    Z_{k,y} ≥ 0 is the capacity retired early that would otherwise still be in service in y
    (K = R + Σ n − Z). It may fall only as that capacity reaches the end of its life, by at
    most the natural retirements of the year (stock leaving R, vintage y−L leaving n):

    .. math:: Z_{k,y-1} - Z_{k,y} - n_{k,y-L_k} \le \max(R_{k,y-1} - R_{k,y}, 0)

    No fixed O&M is paid on Z (it is not in K) and no capital is refunded.
    """
    rt, ny = idx.retire_techs, len(idx.years)
    if not rt or ny < 2:
        return
    ct = idx.cap_techs
    exist = _tech_year(idx.inputs.existing, rt)
    drop = np.maximum(exist[:, :-1] - exist[:, 1:], 0.0)        # y = y0+1 .. Y
    fam = b.family("retirement", [(k, y) for k in rt for y in idx.years[1:]], -np.inf,
                   drop.ravel())
    life = idx.inputs.techs.loc[rt, "lifetime_yr"].to_numpy()
    yi = np.arange(1, ny)
    for ri, k in enumerate(rt):
        rows = ri * (ny - 1) + yi - 1
        fam.add(rows, _col(idx, "retired", ri, yi - 1), 1.0)
        fam.add(rows, _col(idx, "retired", ri, yi), -1.0)
        L = int(life[ri])
        old = yi - L
        ok = old >= 0
        fam.add(rows[ok], _col(idx, "new_capacity", ct.index(k), old[ok]), -1.0)


def define_growth(b: _Builder, idx: ModelIndex) -> None:
    r"""Growth limits on new capacity (``new_capacity_growth`` g, ``new_capacity_seed`` n0):

    .. math:: n_{k,y} - (1+g_{k,y}) \, n_{k,y-1} \le n^0_{k,y}

    In the first model year n_{k,y0-1} is history's ``new_capacity`` of y0−1 (else 0) and moves
    to the right-hand side. Years whose new capacity history fixes get no row.
    """
    inp, ct, years = idx.inputs, idx.cap_techs, idx.years
    if not ct:
        return
    g = _tech_year(inp.params["new_capacity_growth"], ct)
    n0 = _tech_year(inp.params["new_capacity_seed"], ct)
    hist = inp.history[inp.history["new_capacity"].notna()]
    known = {(k, int(y)): float(n) for k, y, n in zip(hist["technology"], hist["year"],
                                                      hist["new_capacity"], strict=True)}
    keys: list[tuple[str, int]] = []
    rhs: list[float] = []
    terms: list[tuple[int, int, float]] = []
    for ci, k in enumerate(ct):
        for yi, y in enumerate(years):
            if np.isnan(g[ci, yi]) or (k, y) in known:
                continue
            r = len(keys)
            keys.append((k, y))
            seed = float(np.nan_to_num(n0[ci, yi]))
            terms.append((r, int(_col(idx, "new_capacity", ci, yi)), 1.0))
            if yi == 0:
                rhs.append(seed + (1.0 + g[ci, yi]) * known.get((k, y - 1), 0.0))
            else:
                rhs.append(seed)
                terms.append((r, int(_col(idx, "new_capacity", ci, yi - 1)),
                              -(1.0 + float(g[ci, yi]))))
    fam = b.family("growth", keys, -np.inf, np.asarray(rhs, float), kind="policy")
    if terms:
        arr = np.array(terms, dtype=float)
        fam.add(arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])


def define_shares(b: _Builder, idx: ModelIndex) -> None:
    r"""Share bounds of a technology k in the output c it makes (storage excluded):

    .. math:: s^{min}_{k,y} \sum_{j \in P(c)} x_{j,y} - x_{k,y} \le 0, \qquad
              x_{k,y} - s^{max}_{k,y} \sum_{j \in P(c)} x_{j,y} \le 0

    and the same on new capacity n (``min_share_new``, ``max_share_new``: shares of the new
    capacity of c's producers with capacity, e.g. the new-energy share of vehicle sales).
    Keys are (technology, year, bound).
    """
    inp = idx.inputs
    techs = inp.techs
    kpos = {k: i for i, k in enumerate(idx.techs)}
    cpos = {k: i for i, k in enumerate(idx.cap_techs)}
    keys: list[tuple[str, int, str]] = []
    terms: list[tuple[int, int, float]] = []
    for bound in ("min_share", "max_share", "min_share_new", "max_share_new"):
        values = _tech_year(inp.params[bound], idx.techs)
        new = bound.endswith("_new")
        for k in idx.techs:
            row = values[kpos[k]]
            if np.isnan(row).all() or (new and k not in cpos) or techs.at[k, "storage"]:
                continue
            pool = [j for j in idx.techs if techs.at[j, "output"] == techs.at[k, "output"]
                    and not techs.at[j, "storage"] and (not new or j in cpos)]
            family, pos = ("new_capacity", cpos) if new else ("activity", kpos)
            sign = 1.0 if bound.startswith("min") else -1.0
            for yi, y in enumerate(idx.years):
                share = row[yi]
                if np.isnan(share):
                    continue
                r = len(keys)
                keys.append((k, y, bound))
                for j in pool:
                    coef = sign * share - (sign if j == k else 0.0)
                    if coef != 0.0:
                        terms.append((r, int(_col(idx, family, pos[j], yi)), coef))
    fam = b.family("share", keys, -np.inf, 0.0, kind="policy")
    if terms:
        arr = np.array(terms, dtype=float)
        fam.add(arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])
