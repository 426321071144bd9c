"""Waste: solid waste disposal by First Order Decay, incineration, wastewater.

**4.A solid waste disposal**, IPCC 2006 Vol. 5 Ch. 3, First Order Decay over the deposition
history (every 4.A row is one year's deposit, in t of wet waste):

* ``DDOCm_d,y = W_y × DOC × DOC_f × MCF``                                        (Eq. 3.2)
* next-year convention (IPCC 2006, the default; deposits start to decay the year after):
  ``DDOCm_decomp,T = DDOCm_a,T−1 × (1 − e^−k)``,  ``DDOCm_a,T = DDOCm_d,T + DDOCm_a,T−1 × e^−k``
  (Eq. 3.4, 3.5); same-year convention (``fod_timing="same_year"``): the year's deposit decays
  with the stock: ``DDOCm_decomp,T = (DDOCm_a,T−1 + DDOCm_d,T) × (1 − e^−k)``
* ``CH4_generated,T = DDOCm_decomp,T × F × 16/12``                               (Eq. 3.6)
* ``CH4_emitted,T = (Σ_x CH4_generated,x,T − R_T) × (1 − OX)``                   (Eq. 3.1)

Waste is given per type (``msw_food``, ``msw_paper``, ...; each with its own ``doc`` and ``k``)
or as ``msw`` with a ``composition`` column (``food:0.55;paper:0.10;...``, adding up to 1).
``mcf:<site>`` follows the ``site`` column (default ``uncategorised``). Rows are reported for
every year from the first deposit to the last, and on to the latest of ``years``; the history
of each waste stream must have no gap (a year without deposits is a row with amount 0).
Recovered or flared CH4 (``landfill_gas_recovered``, t CH4) is a row of its own, negative.

**4.C.1 incineration without energy recovery**, IPCC 2006 Vol. 5 Ch. 5:
``CO2_fossil = Σ_i W_i × dm_i × CF_i × FCF_i × OF × 44/12`` (Eq. 5.1);
``CH4 = W × EF_CH4``, ``N2O = W × EF_N2O`` (Eq. 5.4, 5.5). Biogenic CO2 is not counted.

**4.D wastewater**, IPCC 2006 Vol. 5 Ch. 6 (MCF of the 2006 or the 2019 Refinement tables,
``mcf_vintage``, default 2019; ``mcf_<vintage>:<treatment>`` follows the ``treatment`` column):

* domestic (``domestic_wastewater`` in person, or in t BOD): ``TOW = P × BOD × 365 × I``
  (Eq. 6.3), ``CH4 = TOW × B0 × MCF`` (Eq. 6.1, 6.2; sludge removal and recovery not counted);
  effluent ``N2O = P × Protein × F_NPR × F_NON-CON × F_IND-COM × EF_effluent × 44/28``
  (Eq. 6.7, 6.8); ``I`` and ``F_IND-COM`` (``f_ind_com``) apply to sewered treatment only.
* industrial (``industrial_wastewater`` in t COD): ``CH4 = COD × B0 × MCF`` (Eq. 6.4, 6.5).
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from carbon.errors import DataError
from carbon.inventory import vocabulary
from carbon.inventory.methods.common import (
    CH4_PER_C,
    CO2_PER_C,
    N2O_PER_N2O_N,
    Context,
    amount_in,
    row,
    shares,
    text,
)

SWDS_DEFAULTS = "solid_waste_disposal"
INCINERATION_DEFAULTS = "waste_incineration"
WASTEWATER_DEFAULTS = "wastewater_treatment"
RECOVERED = "landfill_gas_recovered"
TIMINGS = ("next_year", "same_year")
VINTAGES = ("2006", "2019")
SEWERED = {"centralised_aerobic", "centralised_aerobic_overloaded", "anaerobic_reactor",
           "anaerobic_lagoon", "stagnant_sewer", "flowing_sewer"}


def _waste_types(record: pd.Series) -> dict[str, float]:
    """The waste types of a row and their tonnes (a bulk ``msw`` row split by composition)."""
    tonnes = amount_in(record, "t")
    if record["activity"] != "msw":
        return {record["activity"]: tonnes}
    known = set(vocabulary.activities()["activity"])
    result: dict[str, float] = {}
    for name, share in shares(record, "composition").items():
        key = name if name.startswith("msw_") else f"msw_{name}"
        if key not in known:
            raise DataError(f"unknown waste type '{name}' in the composition; expected "
                            f"food, paper, textiles, wood, garden, nappies, rubber, plastics or "
                            "inert", file=record["file"], row=int(record["row"]),
                            column="composition")
        result[key] = result.get(key, 0.0) + share * tonnes
    return result


def _check_no_gap(rows: pd.DataFrame) -> None:
    for _, group in rows.groupby(["activity", "site"]):
        years = sorted(set(group["year"].astype(int)))
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if missing:
            after = group[group["year"].astype(int) > missing[0]].iloc[0]
            raise DataError(f"the deposition history of '{after['activity']}' has a gap: no row "
                            f"for {', '.join(map(str, missing[:5]))}; expected one row per year "
                            "from the first deposit on (amount 0 for a year without deposits)",
                            file=after["file"], row=int(after["row"]), column="year")


def solid_waste_disposal(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Landfill CH4 by First Order Decay for every year from the first deposit on."""
    timing = ctx.options.get("fod_timing", "next_year")
    if timing not in TIMINGS:
        raise DataError(f"unknown FOD timing '{timing}', expected one of {', '.join(TIMINGS)}")
    rows = rows.assign(site=[text(r, "site", "uncategorised") for _, r in rows.iterrows()])
    recovered = rows[rows["activity"] == RECOVERED]
    deposits = rows[rows["activity"] != RECOVERED]
    if deposits.empty:
        raise DataError("landfill gas recovery is given without any deposition history (4.A "
                        "rows of waste)", file=rows.iloc[0]["file"], row=int(rows.iloc[0]["row"]),
                        column="activity")
    _check_no_gap(deposits)
    first_year = int(deposits["year"].min())
    last_year = max([int(deposits["year"].max()), int(recovered["year"].max())
                     if len(recovered) else first_year, *ctx.years])
    # (reported activity, site, waste type) → {year: tonnes deposited}
    series: dict[tuple[str, str, str], dict[int, float]] = {}
    sample: dict[tuple[str, str, str], pd.Series] = {}
    for _, record in deposits.iterrows():
        for waste, tonnes in _waste_types(record).items():
            key = (record["activity"], record["site"], waste)
            sample.setdefault(key, record)
            by_year = series.setdefault(key, {})
            by_year[int(record["year"])] = by_year.get(int(record["year"]), 0.0) + tonnes
    generated: dict[tuple[str, int], float] = {}
    used_by: dict[str, list[str]] = {}
    ox_used: list[str] = []
    record0 = deposits.iloc[0]
    ox = ctx.param(SWDS_DEFAULTS, "-", "ox", "", category="4.A", year=last_year, used=ox_used,
                   record=record0)
    for (activity, site, waste), by_year in series.items():
        record = sample[(activity, site, waste)]
        used = used_by.setdefault(activity, [])

        get = partial(ctx.param, waste, "-", category="4.A", year=last_year, used=used,
                      record=record, default_activity=SWDS_DEFAULTS)

        ddocm_per_t = get("doc", "") * get("doc_f", "") * get(f"mcf:{site}", "")
        decay = math.exp(-get("k", "1/year"))
        f = get("f", "")
        stock = 0.0
        for year in range(first_year, last_year + 1):
            deposited = by_year.get(year, 0.0) * ddocm_per_t
            if timing == "next_year":
                decomposed = stock * (1.0 - decay)
                stock = deposited + stock * decay
            else:
                decomposed = (stock + deposited) * (1.0 - decay)
                stock = (stock + deposited) * decay
            generated[(activity, year)] = generated.get((activity, year), 0.0) \
                + decomposed * f * CH4_PER_C
    out = []
    for (activity, year), ch4_t in sorted(generated.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        out.append(row(None, year=year, category="4.A", activity=activity, gas="CH4",
                       emissions_t=ch4_t * (1.0 - ox), used=used_by[activity] + ox_used))
    for _, record in recovered.iterrows():
        year = int(record["year"])
        total = sum(v for (_, y), v in generated.items() if y == year)
        if amount_in(record, "t") > total * (1 + 1e-9):
            raise DataError(f"{amount_in(record, 't'):,.1f} t CH4 recovered in {year}, more than "
                            f"the {total:,.1f} t the deposition history generates that year",
                            file=record["file"], row=int(record["row"]), column="amount")
        out.append(row(record, year=record["year"], category="4.A", activity=RECOVERED,
                       gas="CH4", emissions_t=-amount_in(record, "t") * (1.0 - ox), used=ox_used))
    return out


def incineration(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Fossil CO2, CH4 and N2O of waste incinerated without energy recovery (Eq. 5.1, 5.4, 5.5)."""
    out = []
    for _, record in rows.iterrows():
        year = int(record["year"])
        used_co2: list[str] = []
        fossil_c = 0.0
        wet_t = 0.0
        for waste, tonnes in _waste_types(record).items():
            get = partial(ctx.param, waste, "-", unit="", category=record["category"],
                          year=year, used=used_co2, record=record)
            wet_t += tonnes
            fossil_c += tonnes * get("dm") * get("cf") * get("fcf")
        oxidised = ctx.param(INCINERATION_DEFAULTS, "-", "of", "", category=record["category"],
                             year=year, used=used_co2, record=record)
        out.append(row(record, year=year, category=record["category"],
                       activity=record["activity"], gas="CO2",
                       emissions_t=fossil_c * oxidised * CO2_PER_C, used=used_co2))
        for gas in ("CH4", "N2O"):
            used: list[str] = []
            ef = ctx.param(record["activity"], gas, "ef", "t/t", category=record["category"],
                           year=year, used=used, record=record,
                           default_activity=INCINERATION_DEFAULTS)
            out.append(row(record, year=year, category=record["category"],
                           activity=record["activity"], gas=gas, emissions_t=wet_t * ef,
                           used=used))
    return out


def wastewater(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Domestic and industrial wastewater CH4, and domestic effluent N2O."""
    vintage = str(ctx.options.get("mcf_vintage", "2019"))
    if vintage not in VINTAGES:
        raise DataError(f"unknown MCF vintage '{vintage}', expected 2006 or 2019")
    out = []
    for _, record in rows.iterrows():
        activity, year = record["activity"], int(record["year"])
        treatment = text(record, "treatment")
        if not treatment:
            raise DataError("empty cell, expected the treatment or discharge pathway (e.g. "
                            "centralised_aerobic, septic_tank, untreated_discharge)",
                            file=record["file"], row=int(record["row"]), column="treatment")
        used: list[str] = []

        get = partial(ctx.param, activity, "-", category=record["category"], year=year,
                      record=record)

        mcf = get(f"mcf_{vintage}:{treatment}", "", used=used,
                  default_activity=WASTEWATER_DEFAULTS)
        sewered = treatment in SEWERED
        if activity == "industrial_wastewater":
            organics_t = amount_in(record, "t")
            b0 = get("b0", "kg/kg", used=used)
            out.append(row(record, year=year, category=record["category"], activity=activity,
                           gas="CH4", emissions_t=organics_t * b0 * mcf, used=used))
            continue
        people = None
        try:
            organics_t = amount_in(record, "t")
        except DataError:
            people = amount_in(record, "person")
            i_factor = get("f_ind_com", "", used=used) if sewered else 1.0
            organics_t = people * get("bod", "kg/person/d", used=used) * 365 * i_factor / 1e3
        b0 = get("b0", "kg/kg", used=used)
        out.append(row(record, year=year, category=record["category"], activity=activity,
                       gas="CH4", emissions_t=organics_t * b0 * mcf, used=used))
        if people is not None:
            n_used: list[str] = []
            n_kg = people * get("protein", "kg/person/year", used=n_used) \
                * get("f_npr", "", used=n_used) * get("f_non_con", "", used=n_used) \
                * (get("f_ind_com", "", used=n_used) if sewered else 1.0)
            n2o_t = n_kg * get("ef_effluent", "", used=n_used) * N2O_PER_N2O_N / 1e3
            out.append(row(record, year=year, category=record["category"], activity=activity,
                           gas="N2O", emissions_t=n2o_t, used=n_used))
    return out
