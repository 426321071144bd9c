"""Build the SYNTHETIC illustrative registry of Ningxiang's key emitters (this folder's CSVs).

Run from the repository root: ``.venv/bin/python data/ningxiang/enterprises/build_registry.py``.
Every enterprise is illustrative (names are kinds of firm, not real firms). Their fuels are
activity rows inside the 2020 inventory's industrial rows (``1.A.2``, ``1.A.2.f`` of
``data/ningxiang/activity_2020.csv``): for every (category, activity) the registry burns no more
than the city's inventory does (tests/allocation/test_shipped.py checks it). Emissions are
computed by the inventory engine from ``activity.csv``; only the waste-to-energy plant, which
did not operate in 2020, gives ``bau_emissions_t`` directly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from carbon.inventory import co2_t_per_unit

HERE = Path(__file__).resolve().parent
S = ("SYNTHETIC illustrative registry (data/ningxiang/enterprises/README.md); fuels within the "
     "2020 inventory's 1.A.2 rows")
YEARS = (2025, 2026)
MSW_T = 255500           # 2 x 500 t/d x 365 d x 70% load, ningxiang_facts.md §1.6 (ESTIMATE)
MSW_FOSSIL_T_PER_T = 0.28  # ESTIMATE; IPCC 2006 Vol. 5 Ch. 5 defaults give about 0.2-0.4

# id, name, name_zh, sector, national_ets, output, unit, product, hist_factor, hist_out, note
FIRMS = [
    ("NX01", "Park coal CHP (synthetic)", "园区燃煤热电（示意）", "industry", "true", 25000,
     "MWh", "", 1.02, 1.0, "park CHP burning coal, counted in 1.A.2; national ETS unit cat. II"),
    ("NX02", "Battery-materials park gas CHP (synthetic)", "电池材料园区燃气热电（示意）",
     "industry", "true", 45000, "MWh", "", 1.0, 1.0,
     "gas CHP supplying a battery-materials park; national ETS unit category IV"),
    ("NX03", "Battery cathode precursor plant (synthetic)", "电池正极前驱体企业（示意）",
     "industry", "false", 60000, "t", "", 1.05, 0.9, "precursor calcination on gas and LPG"),
    ("NX04", "Battery anode materials plant (synthetic)", "电池负极材料企业（示意）", "industry",
     "false", 30000, "t", "", 1.0, 0.85,
     "graphitisation on electricity (scope 2, not counted); coal-fired kilns"),
    ("NX05", "Brewery (synthetic)", "啤酒企业（示意）", "industry", "false", 400000, "t", "",
     1.08, 1.0, "food processing: coal and gas boilers"),
    ("NX06", "Seasoning and soy-sauce plant (synthetic)", "调味品企业（示意）", "industry",
     "false", 150000, "t", "", 1.03, 0.95, "food processing: coal and gas boilers"),
    ("NX07", "Construction machinery works (synthetic)", "工程机械企业（示意）", "industry",
     "false", 20000, "t", "", 0.98, 0.9, "paint ovens on gas; test running on diesel"),
    ("NX08", "Ceramics and brick works (synthetic)", "陶瓷砖瓦企业（示意）",
     "building_materials", "false", 100000, "t", "building_materials", 1.1, 1.0,
     "kilns on coal and gas, 1.A.2.f"),
    ("NX09", "Wall-materials plant (synthetic)", "新型墙材企业（示意）", "building_materials",
     "false", 45000, "t", "building_materials", 1.05, 1.0, "kilns on coal and gas, 1.A.2.f"),
    ("NX10", "Waste-to-energy plant (synthetic)", "生活垃圾焚烧发电厂（示意）", "waste", "false",
     MSW_T, "t MSW", "", 1.0, 1.0,
     "2x500 t/d incinerator commissioned about 2024 (ningxiang_facts.md §1.6), not in the 2020 "
     "inventory; BAU = MSW x 0.28 t fossil CO2/t, an ESTIMATE"),
]
FUELS = {
    "NX01": [("1.A.2", "raw_coal", 20000, "t")],
    "NX02": [("1.A.2", "natural_gas", 1350, "万m3")],
    "NX03": [("1.A.2", "natural_gas", 650, "万m3"), ("1.A.2", "lpg", 1500, "t")],
    "NX04": [("1.A.2", "natural_gas", 400, "万m3"), ("1.A.2", "raw_coal", 6000, "t")],
    "NX05": [("1.A.2", "raw_coal", 8000, "t"), ("1.A.2", "natural_gas", 200, "万m3")],
    "NX06": [("1.A.2", "raw_coal", 5000, "t"), ("1.A.2", "natural_gas", 150, "万m3")],
    "NX07": [("1.A.2", "natural_gas", 250, "万m3"), ("1.A.2", "diesel", 2500, "t")],
    "NX08": [("1.A.2.f", "raw_coal", 8000, "t"), ("1.A.2.f", "natural_gas", 500, "万m3")],
    "NX09": [("1.A.2.f", "raw_coal", 3000, "t"), ("1.A.2.f", "natural_gas", 200, "万m3")],
}
# step curves as (share of BAU, yuan/t)
CURVES = {
    "NX01": [(0.03, 35), (0.05, 120), (0.10, 260)],
    "NX02": [(0.02, 60), (0.04, 180)],
    "NX03": [(0.04, 20), (0.06, 95), (0.10, 210)],
    "NX04": [(0.05, 40), (0.08, 140), (0.10, 320)],
    "NX05": [(0.06, 15), (0.10, 70), (0.15, 180)],
    "NX06": [(0.05, 25), (0.08, 85), (0.12, 200)],
    "NX07": [(0.08, 10), (0.06, 110), (0.08, 240)],
    "NX08": [(0.04, 45), (0.08, 130), (0.12, 280)],
    "NX09": [(0.03, 55), (0.07, 150), (0.10, 300)],
    "NX10": [(0.03, 90), (0.05, 220)],
}
MAC_SOURCE = ("SYNTHETIC step curve: shares of BAU and costs chosen in the range of Chinese "
              "industrial MACC studies (efficiency < 100 yuan/t, fuel switch 100-300 yuan/t); "
              "not measured")


def bau_t(eid: str) -> float:
    if eid == "NX10":
        return MSW_T * MSW_FOSSIL_T_PER_T
    return sum(a * co2_t_per_unit(act, u, category=c) for c, act, a, u in FUELS[eid])


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    write("activity.csv", ["enterprise_id", "year", "category", "activity", "amount", "unit",
                           "quality", "source"],
          [[eid, y, c, act, a, u, "synthetic", S] for eid, rows in FUELS.items() for y in YEARS
           for c, act, a, u in rows])
    rows = []
    for eid, name, zh, sector, ets, out, unit, product, hf, hof, note in FIRMS:
        b = bau_t(eid)
        src = S if eid != "NX10" else ("SYNTHETIC; MSW fossil-carbon factor 0.28 t/t an "
                                       "ESTIMATE (IPCC 2006 Vol. 5 Ch. 5 defaults 0.2-0.4)")
        for y in YEARS:
            rows.append([eid, name, zh, sector, y, round(b, 1) if eid == "NX10" else "", out,
                         unit, product, ets, round(b * hf), round(out * hof), "",
                         "true" if eid == "NX10" else "false", "synthetic", src, note])
    write("enterprises.csv", ["enterprise_id", "name", "name_zh", "sector", "year",
                              "bau_emissions_t", "output", "output_unit", "product",
                              "national_ets", "historical_emissions_t", "historical_output",
                              "mac_slope_yuan_per_t2", "new_entrant", "quality", "source",
                              "note"], rows)
    write("mac.csv", ["enterprise_id", "step", "abatement_t", "cost_yuan_per_t", "quality",
                      "source"],
          [[eid, k, round(share * bau_t(eid)), cost, "synthetic", MAC_SOURCE]
           for eid, steps in CURVES.items() for k, (share, cost) in enumerate(steps, 1)])
    write("units.csv", ["unit_id", "enterprise_id", "category", "power_supply_mwh",
                        "power_generation_mwh", "heat_supply_gj", "heat_ratio", "cooling",
                        "load_factor", "quality", "source"],
          [["NX01-U1", "NX01", "II", 25000, 27500, 150000, 0.625, "air", 0.62, "synthetic",
            "SYNTHETIC: 20,000 t coal x 20.9 GJ/t; 21.5% to power, 36% to heat; heat ratio = "
            "heat / (heat + 3.6 x power)"],
           ["NX02-U1", "NX02", "IV", 45000, 47000, 250000, 0.607, "water", 0.55, "synthetic",
            "SYNTHETIC: 1,350 x 10^4 m3 gas; heat ratio = heat / (heat + 3.6 x power)"]])


if __name__ == "__main__":
    main()
