"""The shipped Ningxiang pathway data: provenance, vocabulary, base-year calibration, fuels.

The calibration tests compute the base-year CO2 of each endogenous sector from the CSVs alone
(pandas, not the model): existing 2020 stock x output_per_capacity x availability = 2020 activity,
activity x input_per_output x fuel CO2 (+ process CO2), and compare it with the inventory of
activity_2020.csv under the same factors (within 1%).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NX = ROOT / "data" / "ningxiang"
SECTORS = {"power", "building_materials", "transport", "industry", "buildings", "agriculture",
           "waste", "land"}
ENDOGENOUS = {"building_materials": ["1.A.2.f"], "transport": ["1.A.3.b", "1.A.3.d"]}


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(NX / name, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def techs() -> pd.DataFrame:
    return _csv("technologies.csv").set_index("technology")


@pytest.fixture(scope="module")
def fuels_2020() -> pd.DataFrame:
    f = _csv("fuels.csv")
    return f[f["year"] == 2020].set_index("fuel")


@pytest.fixture(scope="module")
def activity_2020(techs) -> pd.Series:
    """2020 activity of each technology run from the existing stock (base year: no new build)."""
    ex = _csv("existing_capacity.csv")
    ex = ex[ex["year"] == 2020].set_index("technology")["capacity"]
    t = techs.loc[ex.index]
    return ex * t["output_per_capacity"] * t["availability"].fillna(1.0)


def test_every_technology_has_source_and_quality(techs):
    assert techs["source"].fillna("").str.strip().ne("").all()
    assert techs["quality"].isin(["verified", "unverified", "estimate"]).all()


def test_sectors_in_vocabulary(techs):
    assert set(techs["sector"]) <= SECTORS
    assert set(_csv("other_sectors.csv")["sector"]) <= SECTORS
    assert set(_csv("allocation.csv")["sector"]) <= SECTORS


def test_inputs_are_fuels_or_outputs(techs):
    fuels = set(_csv("fuels.csv")["fuel"])
    outputs = set(techs["output"])
    inputs = set(techs["input"].dropna())
    assert inputs <= fuels | outputs
    assert not (techs["input"] == techs["output"]).any()


def test_fuel_prices_and_grid_path_documented():
    prices = _csv("fuel_prices.csv")
    assert prices["source"].notna().all() and prices["quality"].notna().all()
    grid = _csv("grid_factor_path.csv").set_index("year")
    assert list(grid.index) == list(range(2020, 2061))
    assert grid.loc[2021, "t_per_mwh"] == pytest.approx(0.5138)
    assert grid.loc[2022, "t_per_mwh"] == pytest.approx(0.49)
    assert grid.loc[2030, "t_per_mwh"] == pytest.approx(0.40)
    assert grid.loc[2060, "t_per_mwh"] == pytest.approx(0.10)
    assert (grid["t_per_mwh"].diff().dropna() <= 1e-12).all()


def test_existing_capacity_meets_2020_demand(techs, activity_2020):
    demand = _csv("demand_projection.csv").set_index("output")["base_demand"]
    supply = activity_2020.groupby(techs.loc[activity_2020.index, "output"]).sum()
    for output, d in demand.items():
        if output == "electricity":
            continue            # grid imports have no capacity limit
        assert supply.get(output, 0.0) >= d, output


def test_no_new_build_in_base_year(techs):
    costs = _csv("technology_costs.csv")
    with_capacity = techs.index[techs["output_per_capacity"].notna()]
    first = costs[costs["year"] == 2020].set_index("technology")["max_new_capacity_per_yr"]
    assert (first.reindex(with_capacity) == 0).all()


def _inventory_co2(fuels_2020: pd.DataFrame, categories: list[str]) -> float:
    act = _csv("activity_2020.csv")
    act = act[act["category"].isin(categories) & (act["activity"] != "electricity_grid")]
    return float((act["amount"] * act["activity"].map(fuels_2020["co2_t_per_unit"])).sum())


def _model_co2(techs, fuels_2020, activity_2020, sector: str) -> float:
    t = techs.loc[activity_2020.index]
    t = t[t["sector"] == sector]
    a = activity_2020.loc[t.index]
    fuel_co2 = t["input"].map(fuels_2020["co2_t_per_unit"]).fillna(0.0)
    return float((a * (t["input_per_output"].fillna(0.0) * fuel_co2
                       + t["co2_t_per_output"].fillna(0.0))).sum())


@pytest.mark.parametrize("sector", sorted(ENDOGENOUS))
def test_base_year_co2_matches_inventory(techs, fuels_2020, activity_2020, sector):
    inventory = _inventory_co2(fuels_2020, ENDOGENOUS[sector])
    model = _model_co2(techs, fuels_2020, activity_2020, sector)
    assert model == pytest.approx(inventory, rel=0.01)


def test_base_year_power_co2_matches_inventory(techs, fuels_2020, activity_2020):
    """Grid imports = demand + endogenous electricity use - local generation = purchases."""
    act = _csv("activity_2020.csv")
    purchased = act.loc[act["activity"] == "electricity_grid", "amount"].sum()
    inventory = purchased * fuels_2020.loc["electricity_grid", "co2_t_per_unit"]
    proj = _csv("demand_projection.csv")
    demand = proj.loc[proj["output"] == "electricity", "base_demand"].sum()   # all sectors
    t = techs.loc[activity_2020.index]
    uses = t["input"] == "electricity"
    endogenous_use = float((activity_2020[uses] * t.loc[uses, "input_per_output"]).sum())
    local = t[(t["sector"] == "power") & t["input"].isna()]
    local_gen = float(activity_2020.loc[local.index].sum())
    imports = demand + endogenous_use - local_gen
    model = imports * fuels_2020.loc["electricity_grid", "co2_t_per_unit"]
    assert model == pytest.approx(inventory, rel=0.01)


def test_electricity_demand_is_split_like_the_purchases():
    """The exogenous electricity demand is split by using sector in proportion to the 2020
    purchases of the activity file (scope 2 by sector): industry 3,061,320 MWh of 5,199,000
    purchased = 58.9% of the demand."""
    act = _csv("activity_2020.csv")
    grid = act[act["activity"] == "electricity_grid"]
    proj = _csv("demand_projection.csv")
    elec = proj[proj["output"] == "electricity"].set_index("sector")["base_demand"]
    industry = grid.loc[grid["category"] == "1.A.2", "amount"].sum() / grid["amount"].sum()
    assert elec["industry"] / elec.sum() == pytest.approx(industry, rel=1e-6)
    homes = grid.loc[grid["category"].isin(["1.A.4.a", "1.A.4.b"]), "amount"].sum()
    assert elec["buildings"] / elec.sum() == pytest.approx(homes / grid["amount"].sum(), rel=1e-6)


def test_inventory_library_agrees_with_fuels(fuels_2020):
    """The factor library's inventory and the shipped fuels give the same sector CO2."""
    inventory = pytest.importorskip("carbon.inventory")
    inv = inventory.inventory_from_files([NX / "activity_2020.csv"], region=None)
    inv = inv[inv["gas"].astype(str) == "CO2"]
    for sector, cats in ENDOGENOUS.items():
        rows = inv["category"].isin(cats) & (pd.to_numeric(inv["scope"]) == 1)
        lib = float(inv.loc[rows, "emissions_t"].sum())
        assert _inventory_co2(fuels_2020, cats) == pytest.approx(lib, rel=0.01), sector


def test_fuels_csv_equals_regeneration(tmp_path):
    fuels = pytest.importorskip("carbon.scenarios.fuels")
    inventory = pytest.importorskip("carbon.inventory")
    if not hasattr(inventory, "co2_t_per_unit"):
        pytest.skip("the factor library's co2_t_per_unit is not available")
    out = tmp_path / "fuels.csv"
    fuels.build_city_fuels(NX / "fuel_prices.csv", NX / "grid_factor_path.csv", out)
    assert out.read_text(encoding="utf-8") == (NX / "fuels.csv").read_text(encoding="utf-8"), (
        "data/ningxiang/fuels.csv differs from the factor library: run "
        "`python -m carbon.scenarios.fuels`")


def test_scenarios_parse():
    tomllib = pytest.importorskip("tomllib")
    for name in ("baseline", "policy", "early_peak"):
        data = tomllib.loads((ROOT / "scenarios" / f"{name}.toml").read_text(encoding="utf-8"))
        assert data["name"] == name
    early = tomllib.loads((ROOT / "scenarios" / "early_peak.toml").read_text(encoding="utf-8"))
    rules = {(r["sector"], r["year"]) for r in early["policy"]["peak"]}
    assert rules == {("power", 2027), ("building_materials", 2027), ("total", 2028)}


def test_every_shipped_number_names_its_source_and_quality():
    # fuels.csv is generated from the factor library and fuel_prices/fuel_properties (checked
    # against a regeneration above); every other table carries its own provenance per row
    from carbon import paths

    for path in sorted(paths.ningxiang_dir().glob("*.csv")):
        if path.name == "fuels.csv":
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert {"source", "quality"} <= set(frame.columns), path.name
        assert frame["source"].str.strip().ne("").all(), path.name
        assert frame["quality"].str.strip().ne("").all(), path.name


def test_sectors_file_names_every_sector_in_both_languages():
    from carbon.sectors import SECTORS, TOTAL

    frame = pd.read_csv(NX.parent / "sectors.csv")
    assert sorted(frame["sector"]) == sorted([TOTAL, *SECTORS])
    assert frame["name_zh"].str.len().gt(0).all() and frame["name_en"].str.len().gt(0).all()


def test_technologies_and_fuels_have_chinese_names():
    techs = _csv("technologies.csv")
    fuels = _csv("fuels.csv")
    assert techs["name_zh"].notna().all() and techs["name_zh"].str.len().gt(1).all()
    assert fuels["name_zh"].notna().all()
    names = dict(zip(techs["technology"], techs["name_zh"], strict=True))
    assert names["car_bev"] == "纯电动私家车"
