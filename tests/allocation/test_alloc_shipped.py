"""The shipped illustrative Ningxiang registry and its two rules files."""

import json

import pandas as pd
import pytest

from carbon import paths
from carbon.allocation import allocate_to
from carbon.tables import read_csv_text

FOLDER = paths.ningxiang_dir() / "enterprises"


def test_registry_fuels_stay_within_the_city_inventory():
    """For each (category, activity) the key emitters burn no more than the 2020 inventory."""
    city = pd.read_csv(paths.ningxiang_dir() / "activity_2020.csv")
    city = city.groupby(["category", "activity", "unit"])["amount"].sum()
    firms = pd.read_csv(FOLDER / "activity.csv")
    for year, rows in firms.groupby("year"):
        used = rows.groupby(["category", "activity", "unit"])["amount"].sum()
        for key, amount in used.items():
            assert key in city.index, key
            assert amount <= city[key], (year, key, amount, city[key])


def test_registry_rows_are_labelled_synthetic():
    for name in ("enterprises.csv", "mac.csv", "units.csv", "activity.csv"):
        frame = read_csv_text(FOLDER / name)
        assert frame["quality"].eq("synthetic").all(), name
        assert frame["source"].str.contains("SYNTHETIC").all(), name


def test_shipped_rules_run(tmp_path):
    national, target = allocate_to(FOLDER / "national.toml", tmp_path)
    ledger = national["ledger"]
    assert set(ledger["enterprise_id"]) == {"NX01", "NX02"}     # the national_ets firms
    # price taker at the national price: every step cheaper than 89.06 is taken, none dearer
    assert (ledger["price_yuan_per_t"] == 89.06).all()
    market = national["market"].iloc[0]
    assert market["outside_purchase_t"] == pytest.approx(ledger["net_purchase_t"].sum())
    # both CHP units are long (they sell): the volume is what they sell
    assert market["volume_t"] == pytest.approx(-ledger["net_purchase_t"].sum())
    # the 2023–2024 benchmarks are estimates: every output says so
    assert national["summary"]["unchecked_values"]
    assert ledger["label"].str.contains("not checked against the source").all()
    local, target = allocate_to(FOLDER / "local_whatif.toml", tmp_path)
    summary = json.loads((target / "summary.json").read_text())
    assert summary["hypothetical"] is True
    market = pd.read_csv(target / "market.csv", encoding="utf-8-sig")
    assert market["label"].str.contains("hypothetical").all()
    # the participants are the firms outside the national market
    assert "NX01" not in set(local["ledger"]["enterprise_id"])
    # banking: while the bank is used the price rises at the discount rate 5%
    if market["banked_t"].iloc[0] > 1e-6:
        p = market["price_yuan_per_t"].to_numpy()
        assert p[1] / p[0] == pytest.approx(1.05, rel=1e-6)
    assert summary["gains_from_trade_yuan"] >= 0


def test_every_regime_loads_and_every_value_names_its_source():
    from carbon.allocation.regimes import known_regimes, load_regime

    names = known_regimes()
    assert set(names) >= {"cn_power_2019_2020", "cn_power_2021_2022", "cn_power_2023_2024",
                          "cn_cement_2024", "cn_steel_2024", "cn_aluminium_2024", "eu_phase4",
                          "local_whatif"}
    for name in names:
        regime = load_regime(name)
        for value in [*regime.param.values(), *regime.benchmark, *regime.load_band]:
            assert value.source.strip(), name
            # nothing here was checked against the legal text itself
            assert value.quality != "verified", name
    assert load_regime("local_whatif").hypothetical
    assert all(b.quality == "estimate" for b in load_regime("cn_power_2023_2024").benchmark)
