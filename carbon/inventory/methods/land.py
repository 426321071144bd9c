"""3.B.1 forest land remaining forest land: the biomass carbon sink, reported as negative CO2.

IPCC 2006 Vol. 4 Ch. 2 (Eq. 2.7: ``ΔC = ΔC_G − ΔC_L``; ``CO2 = −ΔC × 44/12``, so a sink is
negative) and the provincial guideline's stock-volume route (省级温室气体清单编制指南,
土地利用变化和林业 chapter: volume × basic wood density × biomass expansion factor
× (1 + root:shoot) × carbon fraction):

* ``forest_stock_increment`` [m3 of stem volume grown]:
  ``ΔC [t C] = ΔV × D [t d.m./m3] × BEF × (1 + R) × CF``                   (gain, stock volume)
* ``forest_area`` [ha], gain–loss method Eq. 2.9/2.10:
  ``ΔC_G [t C] = A × G_W [t d.m./ha/yr] × (1 + R) × CF``                    (gain)
* ``wood_removals`` [m3 of stem volume harvested], Eq. 2.12:
  ``ΔC_L [t C] = H × D × BEF × (1 + R) × CF``                                (loss, positive CO2)

Parameters (``wood_density``, ``bef``, ``root_shoot``, ``carbon_fraction``, ``growth``) are read
for the activity, else for ``forest_land``. ``growth`` is the yearly increment G_W given in
``t/ha`` (d.m. per hectare in the inventory year: the year is implied, as for every other
yearly flow in a factor row). Gross totals leave the sink out, net totals include
it (:func:`carbon.inventory.output.summarise`).
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.methods.common import CO2_PER_C, Context, amount_in, row

DEFAULTS = "forest_land"
#: activity → (unit of the amount, sign of CO2: −1 for a gain, +1 for a loss)
ROUTES = {"forest_stock_increment": ("m^3", -1.0), "forest_area": ("ha", -1.0),
          "wood_removals": ("m^3", 1.0)}


def forest(rows: pd.DataFrame, ctx: Context) -> list[dict]:
    """Biomass carbon gains and losses of forest land as CO2 (negative for the sink)."""
    out = []
    for _, record in rows.iterrows():
        activity = record["activity"]
        if activity not in ROUTES:
            raise DataError(f"found activity '{activity}' in 3.B.1, expected one of "
                            f"{', '.join(ROUTES)}", file=record["file"], row=int(record["row"]),
                            column="activity")
        unit, sign = ROUTES[activity]
        used: list[str] = []

        get = partial(ctx.param, activity, "-", category=record["category"],
                      year=int(record["year"]), used=used, record=record,
                      default_activity=DEFAULTS)

        amount = amount_in(record, unit)
        if activity == "forest_area":
            dry_matter_t = amount * get("growth", "t/ha")
        else:
            dry_matter_t = amount * get("wood_density", "t/m^3") * get("bef", "")
        carbon_t = dry_matter_t * (1.0 + get("root_shoot", "")) * get("carbon_fraction", "")
        out.append(row(record, year=record["year"], category=record["category"],
                       activity=activity, gas="CO2", emissions_t=sign * carbon_t * CO2_PER_C,
                       used=used))
    return out
