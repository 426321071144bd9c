"""Build the Ningxiang pathway-model tables from the reference data (run once; output is shipped).

    .venv/bin/python data/ningxiang/build_tables.py

Writes, beside this file: technologies.csv, technology_costs.csv, existing_capacity.csv,
drivers.csv, demand_projection.csv, other_sectors.csv, fuel_prices.csv, fuel_properties.csv,
grid_factor_path.csv, intensity.csv, allocation.csv. fuels.csv is generated separately from the
factor library (``python -m carbon.scenarios.fuels``). Every number is written here once, with its
source; TECHNOLOGIES.md explains the choices. The 2020 stock of each endogenous sector is derived
from the fuel quantities of activity_2020.csv so that the base year reproduces the inventory.

Sources (short names used in the `source` column):
  TD   = ../shared/reference/technology_data.csv ([default] rows unless said otherwise)
  NXD  = ../shared/reference/ningxiang_dataset.md (section given)
  ACT  = data/ningxiang/activity_2020.csv
  PP   = ../shared/reference/peaking_plans.md
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEARS = list(range(2020, 2061))
BASE = 2020

# ----------------------------------------------------------------------------------------------
# conversions (documented in TECHNOLOGIES.md)
NG_GJ_PER_10K_M3 = 389.31        # 万m3 natural gas, the accounting guidelines' NCV (README of refs)
GJ_PER_TCE = 29.3076
RAW_COAL_TCE_PER_T = 0.7143      # GB/T 2589 raw coal (NXD §0)
GASOLINE_KG_PER_L = 0.737        # typical 92# gasoline density (ESTIMATE)
DIESEL_KG_PER_L = 0.84           # typical 0# diesel density (ESTIMATE)
LPG_KG_PER_100KM_TAXI = 5.4      # ~10 L LPG/100 km x 0.54 kg/L (ESTIMATE)
LNG_M3_PER_KG = 1.27             # energy-equivalent at 38.93 MJ/m3 vs ~49.5 MJ/kg LNG (ESTIMATE)
MWH_PER_YEAR_PER_MW = 8760.0
COAL_EQ_TCE_PER_MWH = 0.305      # coal-equivalent (等价) credit of primary electricity, NXD §0 [U]


def lin(anchors: dict[int, float], year: int) -> float:
    ys = sorted(anchors)
    if year <= ys[0]:
        return anchors[ys[0]]
    if year >= ys[-1]:
        return anchors[ys[-1]]
    for a, b in zip(ys, ys[1:], strict=True):
        if a <= year <= b:
            return anchors[a] + (anchors[b] - anchors[a]) * (year - a) / (b - a)
    raise AssertionError


def crf(rate: float, life: float) -> float:
    return rate / (1 - (1 + rate) ** -life)


def write(name: str, header: list[str], rows: list[dict]) -> None:
    path = HERE / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: fmt(row.get(k, "")) for k in header})


def fmt(v):
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return v


# ----------------------------------------------------------------------------------------------
# 1. the base-year activity (read, never written)
def read_activity() -> list[dict]:
    with (HERE / "activity_2020.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


ACT = read_activity()


def act(category: str, activity: str) -> float:
    rows = [r for r in ACT if r["category"] == category and r["activity"] == activity]
    assert len(rows) == 1, (category, activity, rows)
    return float(rows[0]["amount"])


ELEC_TOTAL_MWH = sum(float(r["amount"]) for r in ACT if r["activity"] == "electricity_grid")
BM_COAL_T = act("1.A.2.f", "raw_coal")
BM_NG_10K_M3 = act("1.A.2.f", "natural_gas")
ROAD_GASOLINE_T = act("1.A.3.b", "gasoline")
ROAD_DIESEL_T = act("1.A.3.b", "diesel")
ROAD_LPG_T = act("1.A.3.b", "lpg")
ROAD_NG_10K_M3 = act("1.A.3.b", "natural_gas")
NAV_FUEL_OIL_T = act("1.A.3.d", "fuel_oil")

# ----------------------------------------------------------------------------------------------
# 2. technologies
TECH_COLUMNS = ["technology", "name_zh", "sector", "output", "input", "input_per_output",
                "co2_t_per_output", "var_cost_yuan_per_output", "capex_yuan_per_capacity",
                "fixed_om_yuan_per_capacity", "lifetime_yr", "output_per_capacity",
                "availability", "max_capacity", "max_new_capacity_per_yr", "non_fossil",
                "tce_per_output", "availability_min", "early_retirement", "green_power",
                "hurdle_rate", "storage", "output_unit",
                "capacity_unit", "source", "quality", "notes"]

TECHS: list[dict] = []
COSTS: dict[str, dict[str, dict[int, float]]] = {}   # tech -> column -> {year: value}
EXISTING: dict[str, dict[int, float]] = {}            # tech -> {year: capacity}


def tech(**kw) -> dict:
    kw.setdefault("co2_t_per_output", 0.0)
    kw.setdefault("var_cost_yuan_per_output", 0.0)
    kw.setdefault("non_fossil", 0)
    kw.setdefault("tce_per_output", COAL_EQ_TCE_PER_MWH if (kw["non_fossil"] and not
                                                            kw.get("input")) else "")
    kw.setdefault("input", "")
    kw.setdefault("input_per_output", "")
    for col in ("max_capacity", "max_new_capacity_per_yr"):
        kw.setdefault(col, "")
    TECHS.append(kw)
    return kw


def cost_path(techname: str, column: str, anchors: dict[int, float]) -> None:
    COSTS.setdefault(techname, {})[column] = anchors


def retire_linear(stock: float, start_full_until: int, zero_at: int) -> dict[int, float]:
    """Full until start_full_until, then linear to 0 at zero_at (rounded as written)."""
    stock = round(stock, 4)
    out = {}
    for y in YEARS:
        if y <= start_full_until:
            out[y] = stock
        elif y >= zero_at:
            out[y] = 0.0
        else:
            out[y] = round(stock * (zero_at - y) / (zero_at - start_full_until), 4)
    return out


# ---- power: output electricity [MWh], capacity [MW], output_per_capacity 8760 MWh/MW/yr -------
PW = dict(sector="power", output="electricity", output_per_capacity=MWH_PER_YEAR_PER_MW,
          output_unit="MWh", capacity_unit="MW")

tech(technology="grid_import", sector="power", output="electricity", input="electricity_grid",
     output_unit="MWh", input_per_output=1.0, capex_yuan_per_capacity=0.0,
     fixed_om_yuan_per_capacity=0.0,
     lifetime_yr="", output_per_capacity="", availability=1.0,
     source="modelling convention; grid factor and price in fuels.csv",
     quality="estimate",
     notes="Purchases from the Hunan grid: CO2 at the grid-factor path of fuel electricity_grid; "
           "price 650 yuan/MWh (TD power/grid_import/price_industrial, unverified). No capacity "
           "(an import contract: activity unbounded).")

PV_U_FLH, PV_D_FLH, WIND_FLH, HYDRO_FLH = 1000, 950, 2100, 3000
tech(technology="pv_utility", capex_yuan_per_capacity=3600e3, fixed_om_yuan_per_capacity=72.3e3,
     lifetime_yr=25, availability=PV_U_FLH / 8760, max_capacity=123.0,
     max_new_capacity_per_yr=30.0, non_fossil=1, **PW,
     source="TD power/pv_utility capex, fixed_om, lifetime, full_load_hours(hunan); "
            "technical_potential(ningxiang)", quality="estimate",
     notes="Capex 3600 CNY/kW 2020 (PIK lit-review, verified) -> 1800 (2060); FLH 1000 h "
           "unverified; max 123 MW = 9 GW Hunan central PV x area share (TD estimate, crude); "
           "build pace 30 MW/yr ESTIMATE.")
cost_path("pv_utility", "capex_yuan_per_capacity",
          {2020: 3600e3, 2025: 3050e3, 2030: 2500e3, 2035: 2300e3, 2040: 2100e3, 2050: 2000e3,
           2060: 1800e3})
cost_path("pv_utility", "fixed_om_yuan_per_capacity",
          {2020: 72.3e3, 2025: 67.0e3, 2030: 61.9e3, 2035: 57.5e3, 2040: 53.0e3, 2050: 50.6e3,
           2060: 45.5e3})

tech(technology="pv_distributed", capex_yuan_per_capacity=3050e3,
     fixed_om_yuan_per_capacity=35.0e3, lifetime_yr=25, availability=PV_D_FLH / 8760,
     max_capacity=800.0, max_new_capacity_per_yr=80.0, non_fossil=1, **PW,
     source="TD power/pv_distributed capex, fixed_om, lifetime, full_load_hours(hunan); "
            "potential ESTIMATE here", quality="estimate",
     notes="Rooftop PV. Existing 30 MW in 2020 (NXD §2.6 PLACEHOLDER). Potential 800 MW ESTIMATE "
           "(park roofs ~500 MW + 20% of 468k rural roofs at ~3 kW, cf. TD roof_share_target, "
           "unverified); pace 80 MW/yr ESTIMATE. FLH 950 h unverified.")
cost_path("pv_distributed", "capex_yuan_per_capacity",
          {2020: 3050e3, 2025: 2431e3, 2030: 2132e3, 2035: 2168e3, 2040: 1976e3, 2050: 1862e3,
           2060: 1660e3})
cost_path("pv_distributed", "fixed_om_yuan_per_capacity",
          {2020: 35.0e3, 2025: 30.6e3, 2030: 30.3e3, 2035: 32.1e3, 2040: 30.7e3, 2050: 29.9e3,
           2060: 26.7e3})
EXISTING["pv_distributed"] = retire_linear(30.0, 2038, 2045)

tech(technology="wind_onshore", capex_yuan_per_capacity=7200e3,
     fixed_om_yuan_per_capacity=90.1e3, var_cost_yuan_per_output=15.6, lifetime_yr=25,
     availability=WIND_FLH / 8760, max_capacity=200.0, max_new_capacity_per_yr=50.0,
     non_fossil=1, **PW,
     source="TD power/wind_onshore capex, fixed_om, variable_om, lifetime, full_load_hours(hunan)",
     quality="estimate",
     notes="Capex 7200 CNY/kW 2020 (CREEI mountain, verified) -> 3128 (2060). FLH 2100 h "
           "unverified. Max 200 MW ESTIMATE (TD area-share 2.39 GW judged far too high for the "
           "urban/plain east; hilly west only); pace 50 MW/yr ESTIMATE.")
cost_path("wind_onshore", "capex_yuan_per_capacity",
          {2020: 7200e3, 2025: 5214e3, 2030: 4527e3, 2035: 4249e3, 2040: 3971e3, 2050: 3493e3,
           2060: 3128e3})
cost_path("wind_onshore", "fixed_om_yuan_per_capacity",
          {2020: 90.1e3, 2025: 64.4e3, 2030: 55.1e3, 2035: 51.1e3, 2040: 47.1e3, 2050: 41.1e3,
           2060: 36.8e3})
cost_path("wind_onshore", "var_cost_yuan_per_output",
          {2020: 15.6, 2025: 14.8, 2030: 14.1, 2035: 13.5, 2040: 12.9, 2050: 12.7, 2060: 12.7})

tech(technology="green_power_purchase", capex_yuan_per_capacity=0.0,
     fixed_om_yuan_per_capacity=0.0, var_cost_yuan_per_output=650.0 + 50.0, lifetime_yr=1,
     availability=1.0, max_capacity=300.0, non_fossil=1, green_power=1, **PW,
     source="ESTIMATE (green-electricity trading, 绿电交易; premium over the grid tariff)",
     quality="estimate",
     notes="Wind/PV electricity bought through green-power contracts: grid tariff 650 + 50 "
           "CNY/MWh premium ESTIMATE (0.03-0.05 CNY/kWh seen in 2022-24 trading, unverified); "
           "green_power: counted at the grid average under scope2_method = location (the "
           "default), at 0 under market, where the other purchases count at the residual "
           "factor (fuels.csv residual_co2_t_per_unit). Capacity = "
           "average MW under contract (1-yr contracts), max 300 MW = 2.6 TWh/yr ESTIMATE.")

tech(technology="hydro_small", capex_yuan_per_capacity=10000e3,
     fixed_om_yuan_per_capacity=200e3, lifetime_yr=50, availability=HYDRO_FLH / 8760,
     max_capacity=12.0, non_fossil=1, **PW,
     source="TD power/hydro_small capex, fixed_om, lifetime, full_load_hours(ningxiang); "
            "NXD §2.6 (10 MW PLACEHOLDER)", quality="unverified",
     notes="Existing 10 MW (Huangcai reservoir etc., PLACEHOLDER) kept in service to 2060 "
           "(refurbished civil works); little undeveloped potential: max 12 MW. FLH 3000 h "
           "unverified.")
EXISTING["hydro_small"] = {y: 10.0 for y in YEARS}

BIO_IPO = 3.6 / (0.28 * 14.0) / (1 - 0.1188)
tech(technology="biomass_power", input="biomass", input_per_output=BIO_IPO,
     capex_yuan_per_capacity=10000e3, fixed_om_yuan_per_capacity=453e3,
     var_cost_yuan_per_output=47.9, lifetime_yr=25, availability=6000 / 8760,
     max_capacity=30.0, max_new_capacity_per_yr=30.0, non_fossil=1, **PW,
     source="TD power/biomass_power capex, fixed_om, variable_om, net_electric_efficiency, "
            "own_use_rate, lifetime, full_load_hours", quality="estimate",
     notes=f"Straw: 3.6 GJ/MWh / (0.28 x 14 GJ/t) / (1 - 0.1188 own use) = {BIO_IPO:.4f} t/MWh "
           "net. Max 30 MW ESTIMATE (one plant; ~300 kt/yr collectable rice straw supports ~55 "
           "MW). Capex 10000 -> 7224 CNY/kW.")
cost_path("biomass_power", "capex_yuan_per_capacity",
          {2020: 10000e3, 2025: 9030e3, 2030: 8617e3, 2035: 8337e3, 2040: 8050e3, 2050: 7560e3,
           2060: 7224e3})

WTE_MWH_PER_T = 0.28
WTE_MUST_RUN = 0.85
WTE_MW = 1000 * WTE_MWH_PER_T / 24
WTE_CAPEX_PER_MW = 638750 * 1000 / WTE_MW
tech(technology="waste_to_energy", input="msw", input_per_output=1 / WTE_MWH_PER_T,
     co2_t_per_output=0.35 / WTE_MWH_PER_T, capex_yuan_per_capacity=WTE_CAPEX_PER_MW,
     fixed_om_yuan_per_capacity=0.024016 * WTE_CAPEX_PER_MW, lifetime_yr=25, availability=0.9,
     availability_min=WTE_MUST_RUN, max_capacity=WTE_MW, **PW,
     source="TD power/waste_to_energy deemed_on_grid_electricity (verified), fossil_co2_factor, "
            "capex_per_throughput, fixed_om_share, lifetime, capacity(ningxiang)",
     quality="estimate",
     notes=f"2 x 500 t/d plant from 2024 (committed: given as existing capacity {WTE_MW:.2f} MW "
           "net from 2024). 280 kWh/t on-grid (NDRC 801, verified); fossil CO2 0.35 t/t MSW "
           "(unverified) booked here as process CO2 = 1.25 t/MWh; gate fee (80 CNY/t) and "
           "feed-in tariff are transfers, not in var_cost. Availability 0.9 ESTIMATE. Must run: "
           f"availability_min {WTE_MUST_RUN} (the city's waste must be treated whatever the "
           "price of power; ESTIMATE: design throughput less maintenance).")
EXISTING["waste_to_energy"] = {y: (WTE_MW if 2024 <= y <= 2048 else 0.0) for y in YEARS}

NG_PER_MWH_CCGT = 3.6 / 0.56 / NG_GJ_PER_10K_M3
tech(technology="gas_ccgt", input="natural_gas", input_per_output=NG_PER_MWH_CCGT,
     capex_yuan_per_capacity=2275e3, fixed_om_yuan_per_capacity=76e3,
     var_cost_yuan_per_output=36.7, lifetime_yr=25, availability=0.5, max_capacity=100.0, **PW,
     source="TD power/gas_ccgt capex, efficiency(2020, verified), fixed_om, variable_om, lifetime",
     quality="estimate",
     notes=f"3.6/0.56/389.31 GJ per 10^4 m3 = {NG_PER_MWH_CCGT:.5f} 10^4 m3/MWh (2020 "
           "efficiency kept for all years). Stands in for a gas CHP (heat credit not modelled). "
           "Availability 0.5 and max 100 MW ESTIMATE (no plant planned).")
cost_path("gas_ccgt", "capex_yuan_per_capacity",
          {2020: 2275e3, 2025: 2275e3, 2030: 2205e3, 2035: 2142e3, 2040: 2086e3, 2050: 2002e3,
           2060: 1946e3})

tech(technology="battery_4h", input="electricity_grid", input_per_output=1 / 0.85, storage=1,
     capex_yuan_per_capacity=4 * 1800e3, fixed_om_yuan_per_capacity=0.02 * 4 * 1800e3,
     lifetime_yr=15, availability=4 * 365 / 8760, max_capacity=200.0, **PW,
     source="TD power/battery_4h capex, round_trip_efficiency, lifetime, fixed_om_share",
     quality="estimate",
     notes="Per MW of 4 h storage: capex 4 x 1800 CNY/kWh (2020, unverified) -> 4 x 281. One "
           "cycle a day, charged from grid imports (the model forbids a technology taking its own "
           "output). In a yearly energy model storage only loses energy (no peak or firm capacity "
           "row): kept for users with time slices; expected unused.")
cost_path("battery_4h", "capex_yuan_per_capacity",
          {y: 4 * v * 1e3 for y, v in {2020: 1800, 2025: 700, 2030: 532, 2035: 442, 2040: 352,
                                        2050: 281, 2060: 281}.items()})
cost_path("battery_4h", "fixed_om_yuan_per_capacity",
          {y: 0.02 * 4 * v * 1e3 for y, v in {2020: 1800, 2025: 700, 2030: 532, 2035: 442,
                                               2040: 352, 2050: 281, 2060: 281}.items()})

# ---- building materials: outputs in t (wall_materials, ceramics, clinker, cement) and m3 ------
# capacity in output units per year, output_per_capacity = 1
BM = dict(sector="building_materials", output_per_capacity=1.0, output_unit="t",
          capacity_unit="t/yr")
BRICK_T_PER_10K = 26.0                                  # standard brick 2.6 kg (TD note)
BRICK_TCE_PER_T = 1.2 / BRICK_T_PER_10K                 # TD bricks_fired fuel_intensity 2020
BRICK_COAL_T_PER_T = BRICK_TCE_PER_T / RAW_COAL_TCE_PER_T
BRICK_AVAIL = 0.85
brick_out_2020 = BM_COAL_T / BRICK_COAL_T_PER_T
tech(technology="brick_kiln_coal", output="wall_materials", input="raw_coal",
     input_per_output=BRICK_COAL_T_PER_T, capex_yuan_per_capacity=150.0,
     fixed_om_yuan_per_capacity=10.0, lifetime_yr=20, availability=BRICK_AVAIL,
     max_new_capacity_per_yr=0.0, early_retirement=1, **BM,
     source="TD building_materials/bricks_fired fuel_intensity 2020; ACT 1.A.2.f raw_coal",
     quality="estimate",
     notes=f"Existing fired-clay/shale brick kilns. 1.2 tce per 10^4 standard bricks (26 t) / "
           f"0.7143 tce/t = {BRICK_COAL_T_PER_T:.5f} t raw coal per t. All 1.A.2.f coal assigned "
           f"here: 2020 output {brick_out_2020:,.0f} t (~{brick_out_2020 / 26 / 1e4:.1f}e8 "
           "bricks). Clay-carbonate process CO2 (~0.3 t per 10^4 bricks) is not in the "
           "inventory, so 0 here. No new capacity (Hunan restricts solid clay bricks). Capex/FOM "
           "ESTIMATE. early_retirement: a kiln that no longer pays may close (Hunan's kiln "
           "closures), rather than stand idle paying fixed O&M.")
EXISTING["brick_kiln_coal"] = retire_linear(brick_out_2020 / BRICK_AVAIL, 2020, 2036)

tech(technology="brick_tunnel_kiln_coal", output="wall_materials", input="raw_coal",
     input_per_output=0.75 * BRICK_COAL_T_PER_T, capex_yuan_per_capacity=300.0,
     fixed_om_yuan_per_capacity=15.0, lifetime_yr=25, availability=BRICK_AVAIL, **BM,
     source="ESTIMATE: 25% less fuel than the TD 2020 intensity (TD path falls 1%/yr)",
     quality="estimate",
     notes="New tunnel kiln with waste-heat use, shale/waste-based sintered bricks.")

tech(technology="block_nonfired", output="wall_materials", input="electricity",
     input_per_output=0.007, var_cost_yuan_per_output=30.0, capex_yuan_per_capacity=250.0,
     fixed_om_yuan_per_capacity=15.0, lifetime_yr=20, availability=BRICK_AVAIL, **BM,
     source="TD building_materials/bricks_nonfired_block electricity_intensity (5 kWh/m3, "
            "unverified)", quality="estimate",
     notes="Non-fired (cement/fly-ash/aerated) blocks: 5 kWh/m3 / ~0.7 t/m3 = 7 kWh/t. "
           "var_cost 30 CNY/t for the binder (ESTIMATE); embodied cement CO2 is outside the city "
           "(no clinker kiln), curing steam not modelled.")

CER_TCE_PER_T = 4.0 / 20.0 / 1000 * 1000   # 4 kgce/m2 / 20 kg/m2 = 0.2 tce/t
CER_NG_PER_T = CER_TCE_PER_T * GJ_PER_TCE / NG_GJ_PER_10K_M3
CER_AVAIL = 0.85
cer_out_2020 = BM_NG_10K_M3 / CER_NG_PER_T
tech(technology="ceramic_kiln_gas", output="ceramics", input="natural_gas",
     input_per_output=CER_NG_PER_T, capex_yuan_per_capacity=1500.0,
     fixed_om_yuan_per_capacity=60.0, lifetime_yr=20, availability=CER_AVAIL, **BM,
     source="TD building_materials/ceramic_tiles fuel_intensity 2020 (4.0 kgce/m2, unverified); "
            "ACT 1.A.2.f natural_gas", quality="estimate",
     notes=f"0.2 tce/t (tiles ~20 kg/m2) x 29.3076 / 389.31 = {CER_NG_PER_T:.6f} 10^4 m3/t. All "
           f"1.A.2.f gas assigned here: 2020 output {cer_out_2020:,.0f} t (~"
           f"{cer_out_2020 / 0.02 / 1e6:.1f} million m2). Capex/FOM ESTIMATE.")
EXISTING["ceramic_kiln_gas"] = retire_linear(cer_out_2020 / CER_AVAIL, 2020, 2040)

tech(technology="ceramic_kiln_gas_efficient", output="ceramics", input="natural_gas",
     input_per_output=0.8 * CER_NG_PER_T, capex_yuan_per_capacity=1800.0,
     fixed_om_yuan_per_capacity=70.0, lifetime_yr=20, availability=CER_AVAIL, **BM,
     source="ESTIMATE: -20% fuel (wide-body roller kiln + waste-heat recovery; TD path -1%/yr)",
     quality="estimate", notes="")

tech(technology="ceramic_kiln_electric", output="ceramics", input="electricity",
     input_per_output=1.1, capex_yuan_per_capacity=2500.0, fixed_om_yuan_per_capacity=80.0,
     lifetime_yr=20, availability=CER_AVAIL, **BM,
     source="ESTIMATE", quality="estimate",
     notes="Electric roller kiln: ~0.16 tce/t useful heat at ~1.5x gas-kiln efficiency = "
           "~1.1 MWh/t. Pilot-stage technology; replace with vendor data.")

RMC_M3_2020 = 3.0e6
RMC_AVAIL = 0.8
tech(technology="rmc_batching_plant", output="ready_mixed_concrete", input="electricity",
     input_per_output=0.002, capex_yuan_per_capacity=30.0, fixed_om_yuan_per_capacity=2.0,
     lifetime_yr=20, availability=RMC_AVAIL, **BM,
     source="TD building_materials/ready_mixed_concrete electricity_intensity (2 kWh/m3, "
            "unverified)", quality="estimate",
     notes="Batching only; truck diesel is in transport, cement embodied CO2 outside the city. "
           "2020 output 3.0 million m3 PLACEHOLDER (national ~2.9e9 m3 x Ningxiang GDP share "
           "0.11%). Capex/FOM ESTIMATE.")
EXISTING["rmc_batching_plant"] = retire_linear(RMC_M3_2020 / RMC_AVAIL, 2020, 2040)

# clinker / cement option set: for cities with kilns; Ningxiang has none (0 stock, 0 demand)
KILN_COAL = 0.108 / RAW_COAL_TCE_PER_T
KILN_BAT_COAL = 0.093 / RAW_COAL_TCE_PER_T
CLK = dict(sector="building_materials", output="clinker", output_per_capacity=1.0,
           availability=0.9, lifetime_yr=30, output_unit="t", capacity_unit="t/yr")
tech(technology="clinker_kiln_coal", input="raw_coal", input_per_output=KILN_COAL,
     co2_t_per_output=0.525, capex_yuan_per_capacity=600.0, fixed_om_yuan_per_capacity=24.0,
     **CLK, source="TD building_materials/cement_clinker_kiln thermal_fuel_intensity 2020, "
                   "process_co2, capex, fixed_om_share, lifetime", quality="estimate",
     notes=f"108 kgce/t clinker / 0.7143 = {KILN_COAL:.4f} t raw coal/t; process CO2 0.525 t/t "
           "(unverified); kiln electricity 60 kWh/t not represented (one input per technology). "
           "Ningxiang: no kiln, zero stock.")
tech(technology="clinker_kiln_bat", input="raw_coal", input_per_output=KILN_BAT_COAL,
     co2_t_per_output=0.525, capex_yuan_per_capacity=700.0, fixed_om_yuan_per_capacity=28.0,
     **CLK, source="TD cement_clinker_kiln thermal_fuel_intensity 2060 (93 kgce/t) as BAT; capex "
                   "+17% ESTIMATE", quality="estimate", notes="Best-available dry kiln.")
AF_SHARE = 0.30
tech(technology="clinker_kiln_alt_fuel", input="raw_coal",
     input_per_output=(1 - AF_SHARE) * KILN_COAL, co2_t_per_output=0.525,
     var_cost_yuan_per_output=AF_SHARE * 3.165 / 14.0 * 300.0, capex_yuan_per_capacity=650.0,
     fixed_om_yuan_per_capacity=26.0, **CLK,
     source="TD cement_clinker_kiln alternative_fuel_share_max 2050 (0.30); biomass_straw price, "
            "lhv", quality="estimate",
     notes="30% of kiln heat from biomass/RDF (biogenic CO2 0): coal x 0.7; the biomass cost "
           "(0.3 x 3.165 GJ / 14 GJ/t x 300 CNY/t) is in var_cost (one input per technology).")
CCS_EXTRA_COAL = 0.833 * 3.6 * 0.9 * (KILN_COAL * 1.9 + 0.525) / 20.908
CCS_COAL = KILN_COAL + CCS_EXTRA_COAL
CCS_GROSS = CCS_COAL * 1.9003 + 0.525
CCS_EMIT = 0.1 * CCS_GROSS
tech(technology="clinker_kiln_ccs", input="raw_coal", input_per_output=CCS_COAL,
     co2_t_per_output=CCS_EMIT - CCS_COAL * 1.9003,
     var_cost_yuan_per_output=(600 + 200) * 0.9 * CCS_GROSS, capex_yuan_per_capacity=600.0,
     fixed_om_yuan_per_capacity=24.0, **CLK,
     source="TD cement_ccus_postcombustion capture_rate, heat_input, levelised_capture_cost; "
            "co2_transport_storage cost", quality="estimate",
     notes=f"Kiln + post-combustion capture (90%): capture heat 0.833 MWh_th/tCO2 from coal -> "
           f"{CCS_COAL:.4f} t coal/t; co2_t_per_output is negative = residual 10% minus the "
           "fuel CO2 the fuels table charges (assumes raw_coal ~1.90 t/t). Capture + T&S cost "
           "in var_cost (800 -> 350 CNY/tCO2). Earliest ~2030 (not enforced).")
cost_path("clinker_kiln_ccs", "var_cost_yuan_per_output",
          {y: (c + s) * 0.9 * CCS_GROSS for y, (c, s) in
           {2020: (600, 200), 2025: (500, 180), 2030: (420, 150), 2035: (370, 130),
            2040: (330, 120), 2050: (280, 100), 2060: (250, 100)}.items()})
CEM = dict(sector="building_materials", output="cement", input="clinker", output_per_capacity=1.0,
           availability=0.9, lifetime_yr=30)
tech(technology="cement_grinding_standard", input_per_output=0.66, capex_yuan_per_capacity=150.0,
     fixed_om_yuan_per_capacity=6.0, **CEM,
     source="TD building_materials/cement clinker_to_cement_ratio 2020 (0.66, unverified)",
     quality="estimate", notes="Grinding electricity (36 kWh/t) not represented.")
tech(technology="cement_grinding_low_clinker", input_per_output=0.52,
     var_cost_yuan_per_output=30.0, capex_yuan_per_capacity=170.0,
     fixed_om_yuan_per_capacity=7.0, **CEM,
     source="TD cement clinker_to_cement_ratio 2060 (0.52); SCM cost ESTIMATE", quality="estimate",
     notes="Blended cement with slag/fly ash/calcined clay; 30 CNY/t extra materials ESTIMATE.")

# ---- transport: capacity = vehicles; output_per_capacity = km/yr x load ------------------------
#: minimum utilisation of every vehicle class: a fleet in service runs at least 95% of its
#: yearly km x load (ESTIMATE: the TD annual distances are fleet averages, so a class cannot
#: be parked while new vehicles are bought); the idle share stays within 5%
VEHICLE_MIN_USE = 0.95
TR = dict(sector="transport", availability=1.0, availability_min=VEHICLE_MIN_USE)
CAR_KM, CAR_OCC = 13000.0, 1.5
TAXI_KM, TAXI_OCC = 100000.0, 1.8
BUS_KM, BUS_LOAD = 60000.0, 25.0
LT_KM, LT_LOAD = 40000.0, 1.0
HT_KM, HT_LOAD = 100000.0, 18.0


def per_km(litres_per_100km: float, kg_per_l: float) -> float:
    return litres_per_100km * kg_per_l / 100 / 1000      # t fuel per vehicle-km


CAR_GASOLINE_T_PER_KM = per_km(7.0, GASOLINE_KG_PER_L)
CAR_HYBRID_T_PER_KM = per_km(4.8, GASOLINE_KG_PER_L)
TAXI_GASOLINE_T_PER_KM = per_km(8.0, GASOLINE_KG_PER_L)
TAXI_LPG_T_PER_KM = LPG_KG_PER_100KM_TAXI / 100 / 1000
BUS_DIESEL_T_PER_KM = per_km(32.0, DIESEL_KG_PER_L)
BUS_CNG_10K_M3_PER_KM = 38.0 / 100 / 1e4
LT_DIESEL_T_PER_KM = per_km(11.0, DIESEL_KG_PER_L)
LT_GASOLINE_T_PER_KM = per_km(12.0, GASOLINE_KG_PER_L)
HT_DIESEL_T_PER_KM = per_km(33.0, DIESEL_KG_PER_L)
HT_LNG_10K_M3_PER_KM = 30.0 * LNG_M3_PER_KG / 100 / 1e4

# 2020 stock: derived from the road fuels of ACT 1.A.3.b (see TECHNOLOGIES.md)
STOCK = {}
STOCK["bus_bev"], STOCK["bus_cng"], STOCK["bus_diesel"] = 540.0, 270.0, 90.0
STOCK["taxi_bev"], STOCK["taxi_gasoline"] = 60.0, 40.0
STOCK["taxi_lpg"] = ROAD_LPG_T / (TAXI_LPG_T_PER_KM * TAXI_KM)
STOCK["light_truck_bev"], STOCK["light_truck_gasoline"] = 400.0, 5600.0
STOCK["light_truck_diesel"] = 14000.0
STOCK["car_bev"] = 5000.0
STOCK["car_hybrid_gasoline"] = 0.0
ng_bus = STOCK["bus_cng"] * BUS_CNG_10K_M3_PER_KM * BUS_KM
STOCK["heavy_truck_lng"] = (ROAD_NG_10K_M3 - ng_bus) / (HT_LNG_10K_M3_PER_KM * HT_KM)
diesel_other = (STOCK["bus_diesel"] * BUS_DIESEL_T_PER_KM * BUS_KM
                + STOCK["light_truck_diesel"] * LT_DIESEL_T_PER_KM * LT_KM)
STOCK["heavy_truck_diesel"] = (ROAD_DIESEL_T - diesel_other) / (HT_DIESEL_T_PER_KM * HT_KM)
gasoline_other = (STOCK["taxi_gasoline"] * TAXI_GASOLINE_T_PER_KM * TAXI_KM
                  + STOCK["light_truck_gasoline"] * LT_GASOLINE_T_PER_KM * LT_KM)
STOCK["car_gasoline"] = (ROAD_GASOLINE_T - gasoline_other) / (CAR_GASOLINE_T_PER_KM * CAR_KM)
STOCK["heavy_truck_bev"] = STOCK["heavy_truck_fcev"] = STOCK["bus_fcev"] = 0.0
assert all(v >= 0 for v in STOCK.values()), STOCK

STOCK_NOTE = ("2020 stock derived so that 2020 fuel use equals ACT 1.A.3.b (see TECHNOLOGIES.md); "
              "NXD §4 stock placeholders: cars 250k, light trucks 20k, heavy trucks 6k, buses 900, "
              "taxis 600.")


#: fuel prices are retail (taxes included) for road fuels, so the buyers' own rates annualise
#: vehicle capital (the system still discounts at 6%): households 12%, firms and taxi owners 10%
#: (ESTIMATE: the range used for household and firm hurdle rates in energy-system models; no
#: Chinese survey at hand). Buses are bought by the public operator at the social rate.
HURDLE = {"car": 0.12, "taxi": 0.10, "light_truck": 0.10, "heavy_truck": 0.10}
#: charging: the service fee on top of the electricity (which the model prices at its marginal
#: system cost), 300 yuan/MWh averaged over home charging (no fee) and public charging
#: (0.4-0.8 yuan/kWh service fee), ESTIMATE; depot-charged buses pay none
CHARGING_FEE_YUAN_PER_MWH = 300.0


def vehicle(name, output, km, load, life, capex, fom, inp="", per_km_in=None, max_new="",
            source="", quality="estimate", notes="", var=0.0, capex_path=None, nf=0):
    ipo = "" if per_km_in is None else per_km_in / load
    kind = next((k for k in HURDLE if name.startswith(k + "_")), None)
    charged = inp == "electricity" and kind is not None
    if charged:
        var = var + CHARGING_FEE_YUAN_PER_MWH * ipo
        notes = (notes + f" var_cost = charging service fee {CHARGING_FEE_YUAN_PER_MWH:.0f} "
                 "yuan/MWh ESTIMATE.").strip()
    tech(technology=name, output=output, input=inp, input_per_output=ipo,
         hurdle_rate=HURDLE[kind] if kind else "",
         output_unit="passenger-km" if output.startswith("passenger") else "tonne-km",
         capacity_unit="vehicle",
         var_cost_yuan_per_output=var, capex_yuan_per_capacity=capex,
         fixed_om_yuan_per_capacity=fom, lifetime_yr=life, output_per_capacity=km * load,
         max_new_capacity_per_yr=max_new, non_fossil=nf, **TR, source=source, quality=quality,
         notes=(notes + " " + (f"2020 stock {STOCK[name]:,.0f}. " if STOCK.get(name) else "")
                + "").strip())
    if capex_path:
        cost_path(name, "capex_yuan_per_capacity", capex_path)
    if STOCK.get(name):
        EXISTING[name] = retire_linear(STOCK[name], 2020, 2020 + round(life))


CAR_SRC = "TD transport/car_private annual_distance, occupancy, lifetime"
vehicle("car_gasoline", "passenger_km_car", CAR_KM, CAR_OCC, 15, 120000, 4000, "gasoline",
        CAR_GASOLINE_T_PER_KM, source=CAR_SRC + "; car_ice_gasoline fuel_use 2020, purchase_cost",
        notes="7.0 L/100km x 0.737 kg/L. Includes motorcycles' gasoline (not modelled apart). "
              "FOM ESTIMATE.",
        capex_path={2020: 120000, 2025: 123000, 2030: 126100, 2035: 129300, 2040: 132600,
                    2050: 139400, 2060: 146500})
vehicle("car_hybrid_gasoline", "passenger_km_car", CAR_KM, CAR_OCC, 15, 140000, 4000,
        "gasoline", CAR_HYBRID_T_PER_KM,
        source=CAR_SRC + "; car_hybrid_gasoline fuel_use 2020, purchase_cost",
        notes="4.8 L/100km.",
        capex_path={2020: 140000, 2025: 137800, 2030: 141300, 2035: 144800, 2040: 148500,
                    2050: 156100, 2060: 164100})
vehicle("car_bev", "passenger_km_car", CAR_KM, CAR_OCC, 15, 160000, 3000, "electricity",
        0.15 / 1000, max_new=15000.0, nf=0,
        source=CAR_SRC + "; car_bev electricity_use 2020, purchase_cost",
        notes="15 kWh/100km at plug. max new/yr 2,000 (2020) -> 15,000 (2025, ~45-50% of ~30k "
              "new cars: Hunan NEV sales path) -> 30,000 (2030), none from 2035 ESTIMATE, in "
              "technology_costs.csv - without it the model electrifies the fleet at once.",
        capex_path={2020: 160000, 2025: 130000, 2030: 100600, 2035: 93300, 2040: 86500,
                    2050: 79200, 2060: 77200})
TAXI_SRC = "TD transport/taxi annual_distance, occupancy, lifetime"
vehicle("taxi_gasoline", "passenger_km_taxi", TAXI_KM, TAXI_OCC, 8, 120000, 8000, "gasoline",
        TAXI_GASOLINE_T_PER_KM, source=TAXI_SRC + "; taxi_ice fuel_use",
        notes="8 L/100km. Capex as a gasoline car; FOM ESTIMATE.")
vehicle("taxi_lpg", "passenger_km_taxi", TAXI_KM, TAXI_OCC, 8, 125000, 8500, "lpg",
        TAXI_LPG_T_PER_KM, source=TAXI_SRC + "; LPG use ESTIMATE",
        notes="~5.4 kg LPG/100km ESTIMATE; stock set by ACT 1.A.3.b LPG (2,700 t).")
vehicle("taxi_bev", "passenger_km_taxi", TAXI_KM, TAXI_OCC, 8, 160000, 6000, "electricity",
        0.16 / 1000, source=TAXI_SRC + "; taxi_bev electricity_use; car_bev purchase_cost",
        capex_path={2020: 160000, 2025: 130000, 2030: 100600, 2035: 93300, 2040: 86500,
                    2050: 79200, 2060: 77200})
BUS_SRC = "TD transport/bus annual_distance, load, lifetime"
vehicle("bus_diesel", "passenger_km_bus", BUS_KM, BUS_LOAD, 12, 500000, 40000, "diesel",
        BUS_DIESEL_T_PER_KM, source=BUS_SRC + "; bus_diesel_12m fuel_use, purchase_cost",
        notes="32 L/100km. 2020 split of ~900 buses 60% BEV/30% CNG/10% diesel ESTIMATE (Hunan "
              "96% NEV by 2022).")
vehicle("bus_cng", "passenger_km_bus", BUS_KM, BUS_LOAD, 12, 550000, 42000, "natural_gas",
        BUS_CNG_10K_M3_PER_KM, var=(4.0 - 3.6) * 1e4 * BUS_CNG_10K_M3_PER_KM / BUS_LOAD,
        source=BUS_SRC + "; bus_cng_12m fuel_use, purchase_cost",
        notes="38 m3/100km; var_cost = CNG retail premium 0.4 CNY/m3 over the gas price "
              "(ESTIMATE).")
vehicle("bus_bev", "passenger_km_bus", BUS_KM, BUS_LOAD, 12, 1000000, 30000, "electricity",
        100 / 1000 / 100, source=BUS_SRC + "; bus_bev_12m electricity_use, purchase_cost",
        capex_path={2020: 1000000, 2025: 800000, 2030: 700000, 2035: 650000, 2040: 620000,
                    2050: 600000, 2060: 600000})
vehicle("bus_fcev", "passenger_km_bus", BUS_KM, BUS_LOAD, 12, 2000000, 50000, "hydrogen",
        5.3 / 1000 / 100, source=BUS_SRC + "; bus_fcev_12m hydrogen_use, purchase_cost",
        capex_path={2020: 2000000, 2025: 1500000, 2030: 1100000, 2035: 1000000, 2040: 900000,
                    2050: 800000, 2060: 800000})
LT_SRC = "TD transport/light_truck annual_distance, average_load, lifetime"
vehicle("light_truck_diesel", "tonne_km_light_truck", LT_KM, LT_LOAD, 12, 110000, 8000, "diesel",
        LT_DIESEL_T_PER_KM, source=LT_SRC + "; light_truck_diesel fuel_use, purchase_cost",
        notes="11 L/100km. 2020 split of 20k light trucks 70% diesel/28% gasoline/2% BEV "
              "ESTIMATE.")
vehicle("light_truck_gasoline", "tonne_km_light_truck", LT_KM, LT_LOAD, 12, 100000, 8000,
        "gasoline", LT_GASOLINE_T_PER_KM, source=LT_SRC + "; fuel use and price ESTIMATE",
        notes="12 L/100km ESTIMATE (vans/mini-trucks).")
vehicle("light_truck_bev", "tonne_km_light_truck", LT_KM, LT_LOAD, 12, 180000, 6000,
        "electricity", 25 / 1000 / 100,
        source=LT_SRC + "; light_truck_bev electricity_use, purchase_cost",
        notes="max new/yr 300 (2020) -> 800 (2025) -> 2000 (2030), none from 2035 ESTIMATE.",
        capex_path={2020: 180000, 2025: 144000, 2030: 126000, 2035: 119000, 2040: 113000,
                    2050: 108000, 2060: 108000})
HT_SRC = "TD transport/heavy_truck annual_distance (verified), average_load, lifetime (verified)"
vehicle("heavy_truck_diesel", "tonne_km_heavy_truck", HT_KM, HT_LOAD, 10, 400000, 30000,
        "diesel", HT_DIESEL_T_PER_KM,
        source=HT_SRC + "; heavy_truck_diesel fuel_use 2020, purchase_cost",
        notes="33 L/100km. Lifetime 10.5 yr rounded to 10. Fuel-equivalent stock (fuel sold in "
              "the city / per-truck use) is below the 6,000 registered (NXD §4).")
vehicle("heavy_truck_lng", "tonne_km_heavy_truck", HT_KM, HT_LOAD, 10, 450000, 32000,
        "natural_gas", HT_LNG_10K_M3_PER_KM, max_new=150.0,
        var=(5.5 / LNG_M3_PER_KG - 3.6) * 1e4 * HT_LNG_10K_M3_PER_KM / HT_LOAD,
        source=HT_SRC + "; heavy_truck_lng fuel_use, purchase_cost; fuels lng_vehicle price",
        notes="30 kg LNG/100km x 1.27 m3/kg (energy-equivalent). var_cost = LNG retail premium "
              "(5.5 CNY/kg = 4.33 CNY/m3) over the gas price. max 150 new/yr ESTIMATE (~1/3 of "
              "heavy-truck sales, the 2023 national LNG share).")
vehicle("heavy_truck_bev", "tonne_km_heavy_truck", HT_KM, HT_LOAD, 10, 900000, 22000,
        "electricity", 160 / 1000 / 100,
        source=HT_SRC + "; heavy_truck_bev electricity_use 2020, purchase_cost",
        notes="max new/yr 10 (2020) -> 80 (2025) -> 200 (2030), none from 2035 ESTIMATE "
              "(range, payload, charging), in technology_costs.csv.",
        capex_path={2020: 900000, 2025: 550000, 2030: 440000, 2035: 407000, 2040: 385000,
                    2050: 363000, 2060: 363000})
vehicle("heavy_truck_fcev", "tonne_km_heavy_truck", HT_KM, HT_LOAD, 10, 1500000, 35000,
        "hydrogen", 9.0 / 1000 / 100,
        source=HT_SRC + "; heavy_truck_fcev hydrogen_use 2020, purchase_cost",
        notes="9 kg H2/100km (2020) -> 7 (2050) in technology_costs.csv. max new/yr 0 -> 30 "
              "(2025) -> 100 (2030), none from 2035 ESTIMATE.",
        capex_path={2020: 1500000, 2025: 1000000, 2030: 700000, 2035: 600000, 2040: 550000,
                    2050: 500000, 2060: 500000})

NAV_T_PER_TKM = 1.0e-5
nav_tkm_2020 = NAV_FUEL_OIL_T / NAV_T_PER_TKM
tech(technology="vessel_fuel_oil", sector="transport", output="tonne_km_waterway",
     input="fuel_oil", input_per_output=NAV_T_PER_TKM, capex_yuan_per_capacity=2.0e6,
     fixed_om_yuan_per_capacity=1.0e5, lifetime_yr=25, output_per_capacity=1e6,
     availability=1.0, availability_min=VEHICLE_MIN_USE, output_unit="tonne-km",
     capacity_unit="10^6 tonne-km/yr", source="ESTIMATE; ACT 1.A.3.d fuel_oil",
     quality="estimate",
     notes=f"Inland navigation (Wei river). 10 g fuel oil per t-km ESTIMATE -> "
           f"{nav_tkm_2020 / 1e6:.0f} million t-km in 2020. Capacity unit: 10^6 t-km/yr.")
EXISTING["vessel_fuel_oil"] = retire_linear(nav_tkm_2020 / 1e6, 2020, 2045)
tech(technology="vessel_electric", sector="transport", output="tonne_km_waterway",
     input="electricity", input_per_output=5.0e-5, capex_yuan_per_capacity=4.0e6,
     fixed_om_yuan_per_capacity=1.0e5, lifetime_yr=25, output_per_capacity=1e6,
     availability=1.0, availability_min=VEHICLE_MIN_USE, output_unit="tonne-km",
     capacity_unit="10^6 tonne-km/yr", source="ESTIMATE", quality="estimate",
     notes="Battery-electric inland vessel, 0.05 kWh/t-km ESTIMATE.")

# yearly paths of fuel economy (TD default rows; they apply to the whole stock of a technology,
# so they overstate the improvement of old vehicles) and of diffusion limits (ESTIMATE)
Y7 = (2020, 2025, 2030, 2035, 2040, 2050, 2060)


def ipo_path(name, values, scale):
    cost_path(name, "input_per_output", {y: v * scale for y, v in zip(Y7, values, strict=True)})


ipo_path("car_gasoline", (7.0, 6.5, 6.0, 5.7, 5.4, 5.0, 5.0), GASOLINE_KG_PER_L / 1e5 / CAR_OCC)
ipo_path("car_hybrid_gasoline", (4.8, 4.55, 4.2, 3.99, 3.78, 3.5, 3.5),
         GASOLINE_KG_PER_L / 1e5 / CAR_OCC)
ipo_path("car_bev", (15.0, 14.5, 14.0, 13.5, 13.0, 12.5, 12.5), 1 / 1e5 / CAR_OCC)
ipo_path("bus_bev", (100, 95, 90, 87, 84, 80, 80), 1 / 1e5 / BUS_LOAD)
ipo_path("heavy_truck_diesel", (33, 32, 31, 30, 29.5, 29, 29), DIESEL_KG_PER_L / 1e5 / HT_LOAD)
ipo_path("heavy_truck_bev", (160, 150, 140, 135, 130, 125, 125), 1 / 1e5 / HT_LOAD)
ipo_path("heavy_truck_fcev", (9.0, 8.5, 8.0, 7.7, 7.4, 7.0, 7.0), 1 / 1e5 / HT_LOAD)
ipo_path("clinker_kiln_coal", (108, 104, 100, 98, 96, 94, 93), 1 / 1000 / RAW_COAL_TCE_PER_T)
NO_LIMIT = 1.0e9
#: diffusion of the new vehicle classes: the sales paths below to 2034, then a growth limit
#: instead of a cap (new[y] <= (1 + g) new[y-1] + n0), so the fleet cannot switch in one year
#: when the caps end. g = 15%/yr ESTIMATE (the fastest sustained growth of NEV sales in Hunan
#: after 2021 was higher, but from a small base); seed n0 = 10% of the 2034 cap.
NEV_GROWTH = 0.15
NEV_PATHS = {
    "car_bev": {2020: 2000, 2021: 4000, 2022: 7000, 2023: 10000, 2025: 15000, 2027: 20000,
                2030: 30000, 2034: 30000},
    "light_truck_bev": {2020: 300, 2025: 800, 2030: 2000, 2034: 2000},
    "heavy_truck_bev": {2020: 10, 2025: 80, 2030: 200, 2034: 200},
    "heavy_truck_fcev": {2020: 0, 2025: 30, 2030: 100, 2034: 100},
}
for _name, _path in NEV_PATHS.items():
    cost_path(_name, "max_new_capacity_per_yr", {**_path, 2035: NO_LIMIT})
    cost_path(_name, "new_capacity_growth", {2035: NEV_GROWTH})
    cost_path(_name, "new_capacity_seed", {2035: round(0.1 * _path[2034], 3)})


# ----------------------------------------------------------------------------------------------
# 3. electricity: base exogenous demand (electricity not used by endogenous technologies)
def endogenous_electricity_2020() -> float:
    total = 0.0
    for t in TECHS:
        if t["input"] == "electricity" and t["technology"] in EXISTING:
            cap = EXISTING[t["technology"]][BASE]
            total += cap * t["output_per_capacity"] * t["availability"] * t["input_per_output"]
    return total


LOCAL_GEN_2020 = sum(EXISTING[k][BASE] * 8760 * t["availability"] for t in TECHS
                     for k in [t["technology"]]
                     if t["sector"] == "power" and k in EXISTING and k != "grid_import"
                     and not t["input"])
ELEC_ENDO_2020 = endogenous_electricity_2020()
ELEC_BASE = ELEC_TOTAL_MWH + LOCAL_GEN_2020 - ELEC_ENDO_2020

# ----------------------------------------------------------------------------------------------
# 4. drivers (NXD §10 central path)
GDP_2020_10K = 1105.92 * 1e4
GROWTH = {2021: .073, 2022: .045, 2023: .047, 2024: .050, 2025: .055}
GROWTH.update(dict.fromkeys(range(2026, 2031), .050))
GROWTH.update(dict.fromkeys(range(2031, 2036), .042))
GROWTH.update(dict.fromkeys(range(2036, 2041), .035))
GROWTH.update(dict.fromkeys(range(2041, 2051), .028))
GROWTH.update(dict.fromkeys(range(2051, 2061), .020))
STRUCT = {2020: (12.2, 40.6, 47.2), 2023: (11.0, 42.3, 46.7), 2025: (10.5, 42.5, 47.0),
          2030: (9.0, 41.0, 50.0), 2040: (7.0, 38.0, 55.0), 2050: (5.5, 35.0, 59.5),
          2060: (5.0, 33.0, 62.0)}
POP = {2020: 126.33, 2021: 126.7, 2023: 128.0, 2025: 129.0, 2030: 130.3, 2035: 130.3,
       2040: 128.4, 2050: 124.6, 2060: 118.5}
CARS_PER_1000 = {2020: 200, 2030: 300, 2050: 380, 2060: 380}

DRIVERS = []
gdp = GDP_2020_10K
for y in YEARS:
    if y > BASE:
        gdp *= 1 + GROWTH[y]
    shares = [lin({k: v[i] for k, v in STRUCT.items()}, y) for i in range(3)]
    tot = sum(shares)
    pop = lin(POP, y) * 1e4
    DRIVERS.append({"year": y, "gdp_10k_yuan": round(gdp, 1), "population": round(pop),
                    "va_primary_10k_yuan": round(gdp * shares[0] / tot, 1),
                    "va_secondary_10k_yuan": round(gdp * shares[1] / tot, 1),
                    "va_tertiary_10k_yuan": round(gdp * shares[2] / tot, 1),
                    "car_stock": round(lin(CARS_PER_1000, y) * pop / 1000)})

# ----------------------------------------------------------------------------------------------
# 5. demand projection (base_demand = 2020 service from the existing stock)
def service_2020(output: str) -> float:
    """2020 service of the existing stock, a hair below it (1e-9) so rounding never makes the
    base year infeasible."""
    return (1 - 1e-9) * sum(EXISTING[t["technology"]][BASE] * t["output_per_capacity"]
               * t["availability"]
               for t in TECHS if t["output"] == output and t["technology"] in EXISTING
               and t["sector"] != "power")


def category_sectors() -> dict[str, str]:
    """IPCC category -> planning sector, from data/categories.csv."""
    with open(HERE.parents[1] / "data" / "categories.csv", encoding="utf-8") as fh:
        return {r["code"]: r["sector"] for r in csv.DictReader(fh)}


def electricity_by_sector() -> dict[str, float]:
    """2020 purchases of grid electricity by using sector (ACT electricity_grid rows) [MWh]."""
    sectors = category_sectors()
    out: dict[str, float] = {}
    for r in ACT:
        if r["activity"] == "electricity_grid":
            sec = sectors[r["category"]]
            out[sec] = out.get(sec, 0.0) + float(r["amount"])
    return out


ELEC_USE = electricity_by_sector()
#: the exogenous electricity demand, split by using sector in proportion to the 2020 purchases
#: (scope 2 by sector in emissions_end_use.csv); same driver and path for every sector
DEMAND = [
    dict(output="electricity", sector=sec, base_demand=ELEC_BASE * use / ELEC_TOTAL_MWH,
         driver="gdp_10k_yuan", elasticity=1.0,
         intensity_change_per_yr=-0.01, unit="MWh", source="ACT electricity_grid rows (sum) + "
         "2020 local generation - 2020 use by endogenous technologies; NXD §10.1; split by the "
         "sector of each ACT row",
         quality="estimate",
         notes=f"{sec}: {use / ELEC_TOTAL_MWH:.1%} of {ELEC_TOTAL_MWH:,.0f} purchased + "
               f"{LOCAL_GEN_2020:,.0f} local hydro/PV - {ELEC_ENDO_2020:,.0f} used by "
               "EVs/batching plants (they add it back). Elasticity 1.0 to GDP and -1%/yr "
               "intensity ESTIMATE (storage-materials growth and electrification vs "
               "efficiency): 7.8 TWh in 2030, 13.5 TWh in 2060 in all.")
    for sec, use in sorted(ELEC_USE.items())
] + [
    dict(output="passenger_km_car", base_demand=service_2020("passenger_km_car"),
         driver="car_stock", elasticity=1.0, intensity_change_per_yr=0.0, unit="passenger-km",
         source="NXD §10.4 car ownership 200 -> 300 (2030) -> 380 (2050) per 1000",
         quality="estimate",
         notes="km per car constant (13,000)."),
    dict(output="passenger_km_taxi", base_demand=service_2020("passenger_km_taxi"),
         driver="population", elasticity=1.0, intensity_change_per_yr=0.0, unit="passenger-km",
         source="ESTIMATE", quality="estimate", notes=""),
    dict(output="passenger_km_bus", base_demand=service_2020("passenger_km_bus"),
         driver="population", elasticity=1.0, intensity_change_per_yr=0.005, unit="passenger-km",
         source="ESTIMATE (urbanisation 55% -> 75%, NXD §10.3)", quality="estimate", notes=""),
    dict(output="tonne_km_light_truck", base_demand=service_2020("tonne_km_light_truck"),
         driver="va_secondary_10k_yuan", elasticity=0.8, intensity_change_per_yr=0.0,
         unit="tonne-km", source="NXD §10.4 freight follows secondary VA, elasticity 0.8",
         quality="estimate", notes=""),
    dict(output="tonne_km_heavy_truck", base_demand=service_2020("tonne_km_heavy_truck"),
         driver="va_secondary_10k_yuan", elasticity=0.8, intensity_change_per_yr=0.0,
         unit="tonne-km", source="NXD §10.4 freight follows secondary VA, elasticity 0.8",
         quality="estimate", notes=""),
    dict(output="tonne_km_waterway", base_demand=service_2020("tonne_km_waterway"),
         driver="va_secondary_10k_yuan", elasticity=0.5, intensity_change_per_yr=0.0,
         unit="tonne-km", source="ESTIMATE", quality="estimate", notes=""),
    dict(output="wall_materials", base_demand=service_2020("wall_materials"),
         driver="gdp_10k_yuan", elasticity=0.3, intensity_change_per_yr=-0.02, unit="t",
         source="ESTIMATE (construction saturates as urbanisation slows)", quality="estimate",
         notes="2020 value derived from ACT 1.A.2.f coal."),
    dict(output="ceramics", base_demand=service_2020("ceramics"), driver="gdp_10k_yuan",
         elasticity=0.5, intensity_change_per_yr=-0.015, unit="t", source="ESTIMATE",
         quality="estimate", notes="2020 value derived from ACT 1.A.2.f natural gas."),
    dict(output="ready_mixed_concrete", base_demand=service_2020("ready_mixed_concrete"),
         driver="gdp_10k_yuan", elasticity=0.5, intensity_change_per_yr=-0.02, unit="m3",
         source="ESTIMATE", quality="estimate", notes="2020 value PLACEHOLDER."),
    dict(output="cement", base_demand=0.0, driver="gdp_10k_yuan", elasticity=0.0,
         intensity_change_per_yr=0.0, unit="t", source="NXD §5 (no clinker line)",
         quality="estimate", notes="No cement/clinker production in Ningxiang; kept for users."),
    dict(output="clinker", base_demand=0.0, driver="gdp_10k_yuan", elasticity=0.0,
         intensity_change_per_yr=0.0, unit="t", source="NXD §5 (no clinker line)",
         quality="estimate", notes="Intermediate (input of cement grinding); no final demand."),
]

OTHER = [
    dict(sector="industry", driver="va_secondary_10k_yuan", elasticity=1.0,
         intensity_change_per_yr=-0.04, source="PP §3.2 (energy intensity -14%/5 yr) + coal "
         "boiler phase-out, electrification", quality="estimate",
         notes="ACT 1.A.2 (excl. 1.A.2.f) and 1.A.2.k direct fuels."),
    dict(sector="buildings", driver="va_tertiary_10k_yuan", elasticity=0.6,
         intensity_change_per_yr=-0.03, source="NXD §10.4; PP §3.2 building electrification "
         ">55%", quality="estimate", notes="ACT 1.A.4.a and 1.A.4.b direct fuels."),
    dict(sector="agriculture", driver="va_primary_10k_yuan", elasticity=1.0,
         intensity_change_per_yr=-0.03, source="ESTIMATE", quality="estimate",
         notes="ACT 1.A.4.c direct fuels (low confidence coal)."),
]

# ----------------------------------------------------------------------------------------------
# 6. fuels: prices, properties, grid path
TDQ = "unverified"
PRICES = [
    ("raw_coal", "t", {2020: 26.9 * 20.908, 2025: 34.7 * 20.908, 2030: 33.0 * 20.908,
                       2035: 32.1 * 20.908, 2040: 31.3 * 20.908, 2050: 30.4 * 20.908,
                       2060: 30.4 * 20.908},
     "TD fuels/coal_thermal price_per_GJ (delivered Hunan) x raw coal NCV 20.908 GJ/t", "estimate"),
    ("coke", "t", {2020: 2000.0}, "ESTIMATE (metallurgical coke ~1,800-2,500 CNY/t 2020)",
     "estimate"),
    ("natural_gas", "万m3", {2020: 36000, 2025: 39000, 2030: 39000, 2035: 39000, 2040: 38000,
                             2050: 37000, 2060: 37000},
     "TD fuels/natural_gas price_industrial_hunan (3.6 CNY/m3 2020, unverified) x 10^4",
     "unverified"),
    ("lpg", "t", {2020: 5000.0}, "ESTIMATE (bottled/vehicle LPG ~4,500-5,500 CNY/t)", "estimate"),
    ("fuel_oil", "t", {2020: 4000.0}, "ESTIMATE (bunker/heavy fuel oil ~3,500-4,500 CNY/t)",
     "estimate"),
    ("diesel", "t", {2020: 5.8 / DIESEL_KG_PER_L * 1000, 2025: 7.2 / DIESEL_KG_PER_L * 1000,
                     2060: 7.2 / DIESEL_KG_PER_L * 1000},
     "TD fuels/diesel_0 retail_price (5.8 CNY/L 2020, 7.2 from 2025; incl. taxes) / 0.84 kg/L",
     "unverified"),
    ("gasoline", "t", {2020: 6.2 / GASOLINE_KG_PER_L * 1000, 2025: 7.6 / GASOLINE_KG_PER_L * 1000,
                       2060: 7.6 / GASOLINE_KG_PER_L * 1000},
     "TD fuels/gasoline_92 retail_price (6.2 CNY/L 2020, 7.6 from 2025; incl. taxes) / 0.737 kg/L",
     "unverified"),
    ("kerosene", "t", {2020: 6000.0}, "ESTIMATE", "estimate"),
    ("electricity_grid", "MWh", {2020: 650.0, 2060: 650.0},
     "TD power/grid_import price_industrial (0.65 CNY/kWh, unverified; flat path)", "unverified"),
    ("biomass", "t", {2020: 300.0}, "TD fuels/biomass_straw price_delivered (unverified)",
     "unverified"),
    ("hydrogen", "t", {2020: 60000, 2025: 35000, 2030: 30000, 2035: 28000, 2040: 25000,
                       2050: 22000, 2060: 20000},
     "TD fuels/hydrogen retail_price (CNY/kg at pump x 1000)", "unverified"),
    ("msw", "t", {2020: 0.0}, "convention: waste is delivered free (gate fee is a transfer)",
     "estimate"),
]
#: residual grid factor (purchases other than traded green power) / grid average: the national
#: 2022 pair published by MEE & NBS, 0.5856 / 0.5366 (ningxiang_facts.md, grid factors) applied to
#: the Hunan path (ESTIMATE: no provincial residual factor is published)
RESIDUAL_RATIO = {"electricity_grid": round(0.5856 / 0.5366, 6)}
RESIDUAL_SOURCE = ("; residual_ratio = national 2022 residual 0.5856 / average 0.5366 (MEE & NBS "
                   "2024-12-20), applied to the Hunan path, ESTIMATE")

PROPS = [
    ("raw_coal", "t", 0.7143, 0.0, "library", "GB/T 2589 raw coal 0.7143 kgce/kg (NXD §0)"),
    ("coke", "t", 0.9714, 0.0, "library", "GB/T 2589 coke 0.9714 kgce/kg"),
    ("natural_gas", "万m3", 13.300, 0.0, "library",
     "GB/T 2589 oil-field gas 1.3300 kgce/m3, the pair of the 389.31 GJ/10^4 m3 NCV"),
    ("lpg", "t", 1.7143, 0.0, "library", "GB/T 2589 LPG 1.7143 kgce/kg"),
    ("fuel_oil", "t", 1.4286, 0.0, "library", "GB/T 2589 fuel oil 1.4286 kgce/kg"),
    ("diesel", "t", 1.4571, 0.0, "library", "GB/T 2589 diesel 1.4571 kgce/kg"),
    ("gasoline", "t", 1.4714, 0.0, "library", "GB/T 2589 gasoline 1.4714 kgce/kg"),
    ("kerosene", "t", 1.4714, 0.0, "library", "GB/T 2589 kerosene 1.4714 kgce/kg"),
    ("electricity_grid", "MWh", 0.305, 0.0, "grid_path",
     "0.305 kgce/kWh coal-equivalent (等价) basis, 2020 coal rate of supply (NXD §0 [U]); same "
     "credit as local PV/wind/hydro (tce_per_output); non-fossil share = 1 - grid factor / "
     "fossil-electricity factor (library electricity_fossil, CN)"),
    ("biomass", "t", 0.5, 1.0, "zero", "straw ~14-15 GJ/t -> ~0.5 kgce/kg; biogenic CO2"),
    ("hydrogen", "t", 4.094, 1.0, "zero",
     "120 GJ/t LHV / 29.3076; production CO2 upstream (outside the city), counted 0"),
    ("msw", "t", 0.25, 0.6, "zero",
     "~7.3 GJ/t wet MSW ESTIMATE; biogenic share 0.6 ESTIMATE; fossil CO2 on waste_to_energy"),
]

GRID_ANCHORS = {2021: 0.5138, 2022: 0.49, 2030: 0.40, 2060: 0.10}


def grid_rows() -> list[dict]:
    rows = []
    for y in YEARS:
        if y == 2020:
            rows.append(dict(year=y, t_per_mwh=0.5138, source="NXD §3: Hunan 2021 provincial "
                             "factor used for the 2020 base (factor library value is used)",
                             quality="unverified"))
        elif y in (2021, 2022):
            rows.append(dict(year=y, t_per_mwh=GRID_ANCHORS[y], source="NXD §3/§10.4 Hunan "
                             "provincial factor (MEE, third-party transcription; factor library "
                             "value is used)", quality="unverified"))
        elif y in GRID_ANCHORS:
            rows.append(dict(year=y, t_per_mwh=GRID_ANCHORS[y], source="NXD §10.4 anchor "
                             "ESTIMATE (Hunan wind+PV 40 GW and energy-CO2 peak by 2030)",
                             quality="estimate"))
        else:
            rows.append(dict(year=y, t_per_mwh=round(lin(GRID_ANCHORS, y), 6),
                             source="linear interpolation between NXD §10.4 anchors",
                             quality="estimate"))
    return rows


# ----------------------------------------------------------------------------------------------
# 8. the frozen world (scenario frozen): base-year technology shares and efficiencies
FROZEN_COLS = ["min_share", "max_share"]
FROZEN_SECTORS = ("transport", "building_materials")


def base_year_shares() -> dict[str, float]:
    """2020 share of each technology in its output's service, from the 2020 stock (transport
    and building materials; the power mix stays least-cost)."""
    service: dict[str, float] = {}
    for t in TECHS:
        if t["sector"] in FROZEN_SECTORS and t["output_per_capacity"] != "":
            k = t["technology"]
            stock = EXISTING.get(k, {}).get(BASE, 0.0)
            service[k] = stock * float(t["output_per_capacity"]) * float(t["availability"])
    out_of = {t["technology"]: t["output"] for t in TECHS}
    totals: dict[str, float] = {}
    for k, v in service.items():
        totals[out_of[k]] = totals.get(out_of[k], 0.0) + v
    return {k: v / totals[out_of[k]] for k, v in service.items() if totals[out_of[k]] > 0}


def share_band(share: float) -> tuple[float, float]:
    """The 2020 share ± 10^-6, so that the shares written in the CSV always add up to 1."""
    return round(max(share - 1e-6, 0.0), 9), round(min(share + 1e-6, 1.0), 9)


def frozen_costs(cost_rows: list[dict]) -> list[dict]:
    """technology_costs with the efficiency paths held at 2020, no diffusion or build limits
    from 2021 in the frozen sectors, and min_share = max_share = the 2020 share (2021 on)."""
    shares = base_year_shares()
    frozen = set(shares)
    out = []
    for row in cost_rows:
        k, y = row["technology"], row["year"]
        r = dict(row)
        if k in frozen:
            r["input_per_output"] = ""                 # the technologies.csv 2020 value holds
            for col in ("new_capacity_growth", "new_capacity_seed"):
                r[col] = ""
            if y >= BASE + 1:
                r["max_new_capacity_per_yr"] = NO_LIMIT if y == BASE + 1 else ""
            if y == BASE + 1:
                r["min_share"], r["max_share"] = share_band(shares[k])
        r["source"] = ("technology_costs.csv with the 2020 efficiencies and technology shares "
                       "of transport and building materials held (scenario frozen)")
        out.append(r)
    listed = {r["technology"] for r in cost_rows}
    for k in sorted(frozen - listed):
        lo, hi = share_band(shares[k])
        out.append({"technology": k, "year": BASE + 1, "min_share": lo,
                    "max_share": hi, "max_new_capacity_per_yr": NO_LIMIT,
                    "source": "2020 technology share held (scenario frozen)",
                    "quality": "estimate"})
    return out


# ----------------------------------------------------------------------------------------------
# 9. names in Chinese (reports and tables for the city's planners)
NAME_ZH = {
    "grid_import": "电网购电", "pv_utility": "集中式光伏", "pv_distributed": "分布式光伏",
    "wind_onshore": "陆上风电", "green_power_purchase": "绿电交易购电", "hydro_small": "小水电",
    "biomass_power": "生物质发电", "waste_to_energy": "垃圾焚烧发电",
    "gas_ccgt": "燃气联合循环（热电）",
    "battery_4h": "储能电池（4小时）", "brick_kiln_coal": "燃煤砖瓦窑",
    "brick_tunnel_kiln_coal": "燃煤隧道窑（余热利用）", "block_nonfired": "免烧砌块",
    "ceramic_kiln_gas": "燃气陶瓷窑", "ceramic_kiln_gas_efficient": "高效燃气陶瓷窑",
    "ceramic_kiln_electric": "电陶瓷窑", "rmc_batching_plant": "商品混凝土搅拌站",
    "clinker_kiln_coal": "燃煤熟料窑", "clinker_kiln_bat": "先进熟料窑",
    "clinker_kiln_alt_fuel": "替代燃料熟料窑", "clinker_kiln_ccs": "熟料窑碳捕集",
    "cement_grinding_standard": "水泥粉磨", "cement_grinding_low_clinker": "低熟料水泥粉磨",
    "car_gasoline": "汽油私家车", "car_hybrid_gasoline": "混合动力私家车",
    "car_bev": "纯电动私家车",
    "taxi_gasoline": "汽油出租车", "taxi_lpg": "液化石油气出租车", "taxi_bev": "纯电动出租车",
    "bus_diesel": "柴油公交车", "bus_cng": "天然气公交车", "bus_bev": "纯电动公交车",
    "bus_fcev": "氢燃料电池公交车", "light_truck_diesel": "柴油轻型货车",
    "light_truck_gasoline": "汽油轻型货车", "light_truck_bev": "纯电动轻型货车",
    "heavy_truck_diesel": "柴油重型货车", "heavy_truck_lng": "液化天然气重型货车",
    "heavy_truck_bev": "纯电动重型货车", "heavy_truck_fcev": "氢燃料电池重型货车",
    "vessel_fuel_oil": "燃料油内河船舶", "vessel_electric": "电动内河船舶",
}


FUEL_ZH = {"raw_coal": "原煤", "coke": "焦炭", "natural_gas": "天然气", "lpg": "液化石油气",
           "fuel_oil": "燃料油", "diesel": "柴油", "gasoline": "汽油", "kerosene": "煤油",
           "electricity_grid": "电网电力", "biomass": "生物质", "hydrogen": "氢气",
           "msw": "生活垃圾"}


# ----------------------------------------------------------------------------------------------
def main() -> None:
    for t in TECHS:
        t["name_zh"] = NAME_ZH[t["technology"]]
        for col in TECH_COLUMNS:
            t.setdefault(col, "")
    write("technologies.csv", TECH_COLUMNS, TECHS)

    # The base year is history: no technology is built in 2020 (max_new 0), so the 2020 stock
    # alone reproduces the inventory; from 2021 each technology's own limit applies (1e9 = none).
    for t in TECHS:
        if t["output_per_capacity"] == "":
            continue
        own = COSTS.setdefault(t["technology"], {}).get("max_new_capacity_per_yr")
        base = t["max_new_capacity_per_yr"]
        if own:
            limit = dict(own)
            limit[2021] = lin(own, 2021)
        else:
            limit = {2021: NO_LIMIT if base == "" else float(base)}
        limit[2020] = 0.0
        COSTS[t["technology"]]["max_new_capacity_per_yr"] = limit
    cost_rows = []
    cost_cols = ["capex_yuan_per_capacity", "fixed_om_yuan_per_capacity",
                 "var_cost_yuan_per_output", "input_per_output", "max_new_capacity_per_yr",
                 "new_capacity_growth", "new_capacity_seed"]
    for name, cols in COSTS.items():
        for y in YEARS:
            row = {"technology": name, "year": y}
            for col, anchors in cols.items():
                if col in ("new_capacity_growth", "new_capacity_seed"):
                    row[col] = anchors.get(y, "")       # from its year on (steps forward)
                    continue
                if col == "max_new_capacity_per_yr" and len(anchors) == 2:
                    row[col] = anchors[2020] if y == 2020 else (anchors[2021] if y == 2021
                                                                 else "")
                    continue
                v = lin(anchors, y)
                row[col] = v if col == "input_per_output" else round(v, 3)
            cost_rows.append(row)
    quality = {t["technology"]: t["quality"] for t in TECHS}
    for row in cost_rows:
        row["source"] = ("technology_data.csv anchor years, interpolated linearly; 2020 build "
                         "limit 0 (the base year is history); see technologies.csv")
        row["quality"] = quality[row["technology"]]
    write("technology_costs.csv", ["technology", "year"] + cost_cols + ["source", "quality"],
          cost_rows)
    write("technology_costs_frozen.csv", ["technology", "year"] + cost_cols + FROZEN_COLS
          + ["source", "quality"], frozen_costs(cost_rows))

    ex_rows = [{"technology": k, "year": y, "capacity": v,
                "source": "2020 stock calibrated to activity_2020.csv or ningxiang_dataset.md "
                          "(TECHNOLOGIES.md, calibration); retiring linearly",
                "quality": quality[k]}
               for k, path in EXISTING.items() for y, v in path.items()]
    write("existing_capacity.csv", ["technology", "year", "capacity", "source", "quality"],
          ex_rows)

    for row in DRIVERS:
        row["source"] = ("ningxiang_dataset.md §10.1-10.4 central path: GDP 2020 (plan), growth "
                         "2021 and 2023 (bulletins), structure 2020/2023, census population; "
                         "later years projected")
        row["quality"] = "unverified" if row["year"] <= 2023 else "estimate"
    write("drivers.csv", list(DRIVERS[0].keys()), DRIVERS)
    write("demand_projection.csv", ["output", "sector", "base_demand", "driver", "elasticity",
                                    "intensity_change_per_yr", "unit", "source", "quality",
                                    "notes"],
          [{"sector": "", **d, "base_demand": math.floor(d["base_demand"] * 1000) / 1000}
           for d in DEMAND])
    write("other_sectors.csv", ["sector", "driver", "elasticity", "intensity_change_per_yr",
                                "source", "quality", "notes"], OTHER)

    price_rows = [dict(fuel=f, year=y, price_yuan_per_unit=round(p, 2), unit=u, source=s,
                       quality=q) for f, u, anchors, s, q in PRICES for y, p in anchors.items()]
    write("fuel_prices.csv", ["fuel", "year", "price_yuan_per_unit", "unit", "source", "quality"],
          price_rows)
    write("fuel_properties.csv", ["fuel", "name_zh", "unit", "tce_per_unit", "non_fossil_share",
                                  "co2_from", "residual_ratio", "source", "quality"],
          [dict(fuel=f, name_zh=FUEL_ZH[f], unit=u, tce_per_unit=t, non_fossil_share=n,
                co2_from=c,
                residual_ratio=RESIDUAL_RATIO.get(f, ""),
                source=s + (RESIDUAL_SOURCE if f in RESIDUAL_RATIO else ""),
                quality="estimate" if f in ("msw", "biomass", "hydrogen") else "unverified")
           for f, u, t, n, c, s in PROPS])
    write("grid_factor_path.csv", ["year", "t_per_mwh", "source", "quality"], grid_rows())
    # CO2 per GDP (policy): base = inventory CO2 (all sectors, library factors) / GDP 2020
    import sys
    sys.path.insert(0, str(HERE.parents[1]))
    import carbon.inventory as inventory
    inv = inventory.inventory_from_files([HERE / "activity_2020.csv"], region=None)
    base_co2 = float(inv.loc[inv["gas"].astype(str) == "CO2", "emissions_t"].sum())
    i0 = base_co2 / GDP_2020_10K
    write("intensity.csv", ["year", "t_per_10k_yuan", "source", "quality"], [
        dict(year=2025, t_per_10k_yuan=round(i0 * 0.82, 6), quality="estimate",
             source=f"national plan 国发〔2021〕23号 CO2/GDP -18% vs 2020 "
                    f"(Hunan: ensure the national "
                    f"target, PP §2-3); 2020 = {base_co2:,.0f} t / {GDP_2020_10K:,.0f} x10^4 yuan"),
        dict(year=2030, t_per_10k_yuan=round(i0 * 0.35 / 0.516, 6), quality="estimate",
             source="national plan: CO2/GDP -65% vs 2005 by 2030; 2020 was -48.4% vs 2005 "
                    "(China's reported figure, [U]) -> x 0.35/0.516 = -32.2% vs 2020")])
    # free allocation of the two trading sectors (early_peak): 2020 CO2, flat to 2027, then
    # flat to 2030, then -1% of the 2020 level per year (ESTIMATE; a simulated local scheme)
    sector_co2 = inv.assign(sec=inv["sector"].where(inv["scope"] != 2, "power"))
    sector_co2 = (sector_co2[sector_co2["gas"].astype(str) == "CO2"]
                  .groupby("sec")["emissions_t"].sum())
    write("allocation.csv", ["year", "sector", "allocation_t", "source", "quality"], [
        dict(year=y, sector=sec, allocation_t=round(float(sector_co2[sec]) *
                                                    min(1.0, 1 - 0.01 * (y - 2030)), 1),
             source="2020 inventory CO2 of the sector, flat to 2030, then -1% of it per year",
             quality="estimate")
        for sec in ("power", "building_materials") for y in YEARS if y > BASE])
    print(f"technologies {len(TECHS)}; electricity base demand {ELEC_BASE:,.0f} MWh "
          f"(local gen {LOCAL_GEN_2020:,.0f}, endogenous use {ELEC_ENDO_2020:,.0f})")
    for k, v in STOCK.items():
        print(f"  stock {k}: {v:,.1f}")
    print(f"  bricks {brick_out_2020:,.0f} t, ceramics {cer_out_2020:,.0f} t, "
          f"waterway {nav_tkm_2020:,.0f} tkm")


if __name__ == "__main__":
    main()
