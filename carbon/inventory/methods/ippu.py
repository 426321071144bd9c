"""Mineral industry process CO2 of more than one multiplication: cement clinker and glass.

* 2.A.1 cement, IPCC 2006 Vol. 3 Ch. 2 Eq. 2.2 (Tier 2):
  ``CO2 [t] = M_cl [t] × EF_cl [t CO2/t clinker] × CF_ckd``, with the cement-kiln-dust
  correction ``ckd`` (default 1.02). The Chinese provincial guideline (省级温室气体清单编制指南,
  工业生产过程 chapter) gives a per-clinker factor applied without a separate CKD term; its rows
  carry region ``CN`` with ``ckd`` 1.0 (see ``data/emission_factors/README.md``).
* 2.A.3 glass, IPCC 2006 Vol. 3 Ch. 2 Section 2.4 (Tier 1 equation):
  ``CO2 [t] = M_g [t] × EF [t CO2/t glass] × (1 − CR)`` with the cullet ratio ``cullet_ratio``.

Lime (2.A.2, Section 2.3, Tier 1: mass × the factor of the lime type) and other carbonates
(2.A.4, Section 2.5: mass × the carbonate's stoichiometric factor of Table 2.1, lithium
carbonate 44.01/73.89 = 0.5956) are one multiplication and go through the ordinary ``ef`` route.
(Equation numbers other than cement's Eq. 2.2 are left out: they are from memory.)
"""

from __future__ import annotations

import pandas as pd

from carbon.inventory.methods.common import Context, amount_in, row


def cement(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Clinker CO2 with the kiln-dust correction (Eq. 2.2)."""
    out = []
    for _, record in rows.iterrows():
        used: list[str] = []
        where = dict(category=record["category"], year=int(record["year"]), used=used,
                     record=record)
        clinker_t = amount_in(record, "t")
        ef = ctx.param(record["activity"], "CO2", "ef", "t/t", **where)
        ckd = ctx.param(record["activity"], "-", "ckd", "", **where) \
            if ctx.has(record["activity"], "-", "ckd", category=record["category"],
                       year=int(record["year"])) else 1.0
        out.append(row(record, year=record["year"], category=record["category"],
                       activity=record["activity"], gas="CO2",
                       emissions_t=clinker_t * ef * ckd, used=used))
    return out


def glass(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Glass melting CO2 net of recycled cullet (Section 2.4, Tier 1)."""
    out = []
    for _, record in rows.iterrows():
        used: list[str] = []
        where = dict(category=record["category"], year=int(record["year"]), used=used,
                     record=record)
        glass_t = amount_in(record, "t")
        ef = ctx.param(record["activity"], "CO2", "ef", "t/t", **where)
        cullet = ctx.param(record["activity"], "-", "cullet_ratio", "", **where)
        out.append(row(record, year=record["year"], category=record["category"],
                       activity=record["activity"], gas="CO2",
                       emissions_t=glass_t * ef * (1.0 - cullet), used=used))
    return out
