"""Agriculture of more than one multiplication: manure by management system, rice by the IPCC
daily method, and N2O from managed soils.

One-step sources go through the ordinary ``ef`` route: enteric fermentation (3.A.1, head × kg
CH4/head, IPCC 2006 Vol. 4 Ch. 10 Eq. 10.19), manure by the provincial guideline's per-head
regional factors (3.A.2 without management-system shares), rice by the Chinese seasonal factor
(3.C.7, ha × kg CH4/ha per season, the default) and urea (3.C.3, t × 0.20 t C/t × 44/12,
Vol. 4 Ch. 11 Eq. 11.13).

**Manure by management system** (3.A.2 rows with an ``ms_shares`` column), IPCC 2019
Refinement Vol. 4 Ch. 10, Tier 1:

* ``VS  [kg/head/yr] = vs_rate [kg VS/t mass/d] × TAM [t] × 365``                  (Eq. 10.22A)
* ``CH4 [kg] = N × VS × Σ_S MS_S × B0 [m3/kg VS] × 0.67 [kg/m3] × MCF_S``          (Eq. 10.23)
* ``Nex [kg N/head/yr] = n_rate [kg N/t mass/d] × TAM [t] × 365``                 (Eq. 10.30)
* ``N2O [kg] = N × Nex × Σ_S MS_S × EF3_S × 44/28``                                (Eq. 10.25)

and, on the same rows, the **indirect N2O of manure management** (3.C.6), IPCC 2006 Vol. 4
Ch. 10 with the 2019 Refinement values (Frac_GasMS, Frac_LeachMS of Table 10.22; EF4, EF5 of
Vol. 4 Ch. 11 Table 11.3):

* ``N_vol [kg N] = N × Nex × Σ_S MS_S × Frac_GasMS_S``                               (Eq. 10.26)
* ``N2O_G [kg] = N_vol × EF4 × 44/28``                                              (Eq. 10.27)
* ``N_leach [kg N] = N × Nex × Σ_S MS_S × Frac_LeachMS_S``                          (Eq. 10.28)
* ``N2O_L [kg] = N_leach × EF5 × 44/28``                                            (Eq. 10.29)

``MS_S`` are the shares of the systems (adding up to 1 within 0.1%); ``ms_mcf:<system>``,
``ms_ef3:<system>``, ``frac_gasm:<system>`` (Frac_GasMS) and ``frac_leach:<system>``
(Frac_LeachMS) are read for the animal, else for ``manure_management``; ``ef4`` and ``ef5``
likewise.

**Rice, IPCC daily method** (3.C.7 rows with ``method`` = ``ipcc_daily``, or every rice row
when ``rice_method="ipcc_daily"``), IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1–5.3 with the 2019 values:
``CH4 [kg] = A [ha] × t [d] × EF_c × SF_w × SF_p × SF_o``, ``SF_o = (1 + Σ ROA_i × CFOA_i)^0.59``.
Columns: ``season_days`` (else the ``season_days`` row of the rice type), ``water_regime``
(``sf_w:<regime>``, default ``continuously_flooded``), ``preseason`` (``sf_p:<status>``, default
``not_flooded_short``), ``organic`` (``amendment:t/ha;...``, ``cfoa:<amendment>``). A rice area
is counted by one method only: the same rice type and year under both is an error.

**Managed soils** (N inputs entered under 3.C.4 as ``synthetic_n``, ``manure_n_applied``,
``crop_residue_n`` in t N), IPCC 2006 Vol. 4 Ch. 11 with the 2019 Refinement values:

* direct, 3.C.4 (Eq. 11.1): ``N2O = F × EF1 × 44/28`` (EF1 by N source);
* indirect, 3.C.5 (Eq. 11.9, 11.10): ``N2O = (F × Frac_GAS × EF4 + F × Frac_LEACH × EF5) × 44/28``
  with ``Frac_GASF`` for synthetic and ``Frac_GASM`` for organic N (crop residues volatilise none).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.methods.common import (
    N2O_PER_N2O_N,
    Context,
    amount_in,
    row,
    shares,
    text,
)

CH4_DENSITY_KG_PER_M3 = 0.67  # IPCC 2006 Vol. 4 Ch. 10 Eq. 10.23 conversion of B0
DAYS = 365.0
MANURE_DEFAULTS = "manure_management"
INDIRECT_MANURE_CATEGORY = "3.C.6"  # indirect N2O from manure management (IPCC 2006 3.C.6)
RICE_DEFAULTS = "rice_paddy"
SOIL_DEFAULTS = "managed_soils"
RICE_METHODS = ("cn_seasonal", "ipcc_daily")


def manure(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Manure CH4, direct N2O (3.A.2) and indirect N2O (3.C.6) by management-system shares.

    Eq. 10.22A, 10.23, 10.25, 10.30 (IPCC 2019) and Eq. 10.26–10.29 (IPCC 2006), one row per gas
    and category for each activity row, in t.
    """
    out = []
    for _, record in rows.iterrows():
        systems = shares(record, "ms_shares")
        head = amount_in(record, "head")
        animal = record["activity"]
        used_ch4: list[str] = []
        used_n2o: list[str] = []

        get = partial(ctx.param, animal, "-", category=record["category"],
                      year=int(record["year"]), record=record)
        tam_t = get("tam", "t/head", used=used_ch4)
        vs = get("vs_rate", "kg/t/d", used=used_ch4) * tam_t * DAYS
        b0 = get("b0", "m^3/kg", used=used_ch4)
        mcf = sum(share * get(f"ms_mcf:{system}", "", used=used_ch4,
                              default_activity=MANURE_DEFAULTS)
                  for system, share in systems.items())
        ch4_kg = head * vs * b0 * CH4_DENSITY_KG_PER_M3 * mcf
        used_n2o.append(used_ch4[0])  # TAM
        nex = get("n_rate", "kg/t/d", used=used_n2o) * tam_t * DAYS
        ef3 = sum(share * get(f"ms_ef3:{system}", "", used=used_n2o,
                              default_activity=MANURE_DEFAULTS)
                  for system, share in systems.items())
        n2o_kg = head * nex * ef3 * N2O_PER_N2O_N
        for gas, kg, used in (("CH4", ch4_kg, used_ch4), ("N2O", n2o_kg, used_n2o)):
            out.append(row(record, year=record["year"], category=record["category"],
                           activity=animal, gas=gas, emissions_t=kg / 1000.0, used=used))
        used_ind = used_n2o[:2]  # TAM and N rate: the N excreted
        indirect_kg = head * nex * indirect_n2o_n_per_kg_n(systems, get, used_ind) * N2O_PER_N2O_N
        out.append(row(record, year=record["year"], category=INDIRECT_MANURE_CATEGORY,
                       activity=animal, gas="N2O", emissions_t=indirect_kg / 1000.0,
                       used=used_ind))
    return out


def indirect_n2o_n_per_kg_n(systems: dict[str, float], get: Callable[..., float],
                            used: list[str]) -> float:
    """kg N2O-N per kg N excreted, lost by volatilisation and leaching (Eq. 10.26–10.29).

    ``Σ_S MS_S × Frac_GasMS_S × EF4 + Σ_S MS_S × Frac_LeachMS_S × EF5``.
    """
    frac_gas = sum(share * get(f"frac_gasm:{system}", "", used=used,
                               default_activity=MANURE_DEFAULTS)
                   for system, share in systems.items())
    frac_leach = sum(share * get(f"frac_leach:{system}", "", used=used,
                                 default_activity=MANURE_DEFAULTS)
                     for system, share in systems.items())
    ef4 = get("ef4", "", used=used, default_activity=MANURE_DEFAULTS)
    ef5 = get("ef5", "", used=used, default_activity=MANURE_DEFAULTS)
    return frac_gas * ef4 + frac_leach * ef5


def rice_method(record: pd.Series, default: str) -> str:
    method = text(record, "method", default)
    if method not in RICE_METHODS:
        raise DataError(f"found '{method}', expected one of {', '.join(RICE_METHODS)}",
                        file=record["file"], row=int(record["row"]), column="method")
    return method


def check_rice_counted_once(rows: pd.DataFrame, methods: pd.Series) -> None:
    """A rice type in a year under both methods would be counted twice: an error."""
    both = rows.assign(method=methods).groupby(["year", "activity"])["method"].nunique()
    if (both > 1).any():
        year, activity = both[both > 1].index[0]
        first = rows[(rows["year"] == year) & (rows["activity"] == activity)].iloc[-1]
        raise DataError(f"rice '{activity}' in {year} is given under both the Chinese seasonal "
                        "factor and the IPCC daily method: it would be counted twice; keep one",
                        file=first["file"], row=int(first["row"]), column="method")


def rice_daily(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Rice CH4 by the IPCC daily factor and scaling factors (Eq. 5.1–5.3)."""
    out = []
    for _, record in rows.iterrows():
        used: list[str] = []

        get = partial(ctx.param, record["activity"], "-", category=record["category"],
                      year=int(record["year"]), used=used, record=record,
                      default_activity=RICE_DEFAULTS)

        area_ha = amount_in(record, "ha")
        days_cell = text(record, "season_days")
        if days_cell:
            try:
                days = float(days_cell)
            except ValueError:
                days = -1.0
            if not 0 < days <= 366:
                raise DataError(f"found '{days_cell}', expected a season length in days "
                                "(1 to 366)", file=record["file"], row=int(record["row"]),
                                column="season_days")
        elif ctx.has(record["activity"], "-", "season_days", category=record["category"],
                     year=int(record["year"])):
            days = get("season_days", "d", default_activity=None)
        else:
            raise DataError("empty cell, expected the season length in days for the IPCC daily "
                            "method (or a season_days factor row)", file=record["file"],
                            row=int(record["row"]), column="season_days")
        ef_c = get("ef_daily", "kg/ha/d")
        sf_w = get(f"sf_w:{text(record, 'water_regime', 'continuously_flooded')}", "")
        sf_p = get(f"sf_p:{text(record, 'preseason', 'not_flooded_short')}", "")
        organic = shares_free(record, "organic")
        sf_o = (1.0 + sum(t_ha * get(f"cfoa:{name}", "") for name, t_ha in organic.items())
                ) ** 0.59
        ch4_kg = area_ha * days * ef_c * sf_w * sf_p * sf_o
        out.append(row(record, year=record["year"], category=record["category"],
                       activity=record["activity"], gas="CH4", emissions_t=ch4_kg / 1000.0,
                       used=used))
    return out


def shares_free(record: pd.Series, column: str) -> dict[str, float]:
    """``name:number;...`` without the add-up-to-1 rule (organic amendments in t/ha)."""
    cell = text(record, column)
    result: dict[str, float] = {}
    for part in filter(str.strip, cell.split(";")):
        name, _, number = part.partition(":")
        try:
            value = float(number)
        except ValueError:
            value = -1.0
        if value < 0:
            raise DataError(f"found '{part.strip()}', expected amendment:t_per_ha (e.g. "
                            "'straw_short:2.5')", file=record["file"], row=int(record["row"]),
                            column=column)
        result[name.strip()] = value
    return result


def soils(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Direct (3.C.4) and indirect (3.C.5) N2O of N applied to managed soils."""
    out = []
    for _, record in rows.iterrows():
        if record["category"] != "3.C.4":
            raise DataError(f"found category {record['category']} for N input "
                            f"'{record['activity']}', expected 3.C.4: enter N inputs once under "
                            "3.C.4; their indirect N2O (3.C.5) is computed from them",
                            file=record["file"], row=int(record["row"]), column="category")
        n_t = amount_in(record, "t")
        year = int(record["year"])

        get = partial(ctx.param, record["activity"], "-", unit="", category="3.C.4",
                      year=year, record=record, default_activity=SOIL_DEFAULTS)

        direct: list[str] = []
        ef1 = get("ef1", used=direct, default_activity=None)
        out.append(row(record, year=year, category="3.C.4", activity=record["activity"],
                       gas="N2O", emissions_t=n_t * ef1 * N2O_PER_N2O_N, used=direct))
        indirect: list[str] = []
        frac_gas = 0.0
        for name in ("frac_gasf", "frac_gasm"):
            if ctx.has(record["activity"], "-", name, category="3.C.4", year=year):
                frac_gas = get(name, used=indirect, default_activity=None)
                break
        volatilised = n_t * frac_gas * get("ef4", used=indirect)
        leached = n_t * get("frac_leach", used=indirect) * get("ef5", used=indirect)
        out.append(row(record, year=year, category="3.C.5", activity=record["activity"],
                       gas="N2O", emissions_t=(volatilised + leached) * N2O_PER_N2O_N,
                       used=indirect))
    return out
