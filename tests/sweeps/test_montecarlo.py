"""Monte Carlo on the executors, resuming, infeasible draws, tornado, bad scheduler."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from carbon.errors import CarbonError
from carbon.sweeps.montecarlo import montecarlo, tornado
from tests.sweeps.mc_fixture import uncertain_system

PEAK = '[[policy.peak]]\nsector = "total"\nyear = 2026\n'


def _numbers(folder) -> pd.DataFrame:
    frame = pd.read_parquet(folder / "draws.parquet")
    return frame.drop(columns=["solve_s", "wall_s", "iterations"]).set_index("draw")


def test_200_draws_same_on_local_processes_and_a_dask_local_cluster(tmp_path):
    toml = uncertain_system(tmp_path / "s", policy=PEAK)
    local = montecarlo(toml, draws=200, seed=11, out=tmp_path / "local", workers=1)
    dask = montecarlo(toml, draws=200, seed=11, out=tmp_path / "dask", scheduler="local",
                      workers=2, chunk=15)
    assert local["feasible_draws"] == dask["feasible_draws"] == 200
    a, b = _numbers(tmp_path / "local"), _numbers(tmp_path / "dask")
    assert (a["status"] == b["status"]).all()
    num = a.select_dtypes("number").columns
    np.testing.assert_allclose(a[num].to_numpy(float), b[num].to_numpy(float), rtol=1e-9,
                               atol=1e-9)
    assert local["peak_co2_t_percentiles"]["p50"] == \
        pytest.approx(dask["peak_co2_t_percentiles"]["p50"], rel=1e-9)
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["draws_done"] == 200 and manifest["key"]["seed"] == 11
    assert "dask LocalCluster" in manifest["executor"]
    assert len(manifest["key"]["inputs"]) >= 4          # the TOML and its data files, hashed
    # percentile bands are ordered and the peak year table sums to the draws
    bands = pd.read_parquet(tmp_path / "local" / "bands.parquet")
    assert (bands["p5"] <= bands["p50"]).all() and (bands["p50"] <= bands["p95"]).all()
    peaks = pd.read_parquet(tmp_path / "local" / "peak_years.parquet")
    assert peaks["draws"].sum() == 200


def test_an_interrupted_sweep_resumes_without_solving_finished_draws(tmp_path):
    toml = uncertain_system(tmp_path / "s", policy=PEAK)
    out = tmp_path / "mc"
    full = montecarlo(toml, draws=40, seed=3, out=out, chunk=10)
    before = _numbers(out)
    parts = sorted((out / "parts").glob("part-*.parquet"))
    assert len(parts) == 4
    for p in parts[1:3]:            # as if the sweep had stopped with two chunks unfinished
        p.unlink()
    again = montecarlo(toml, draws=40, seed=3, out=out, chunk=10)
    assert full["solved_this_run"] == 40
    assert again["solved_this_run"] == 20
    pd.testing.assert_frame_equal(_numbers(out), before)
    done = montecarlo(toml, draws=50, seed=3, out=out, chunk=10)   # ten more draws
    assert done["solved_this_run"] == 10 and done["draws"] == 50
    with pytest.raises(CarbonError, match="another sweep"):
        montecarlo(toml, draws=40, seed=4, out=out)


def test_infeasible_draws_are_counted_with_the_first_diagnosis(tmp_path):
    # 2030 cap of 22 t: the least CO2 in 2030 is all-electric heat, 0.4 MWh × 0.4 t/MWh ×
    # demand ≈ 0.16 × 144 ≈ 23 t at the central GDP path, so only draws with slower growth, a
    # lower elasticity or a cleaner grid can meet it
    cap = tmp_path / "s" / "caps.csv"
    cap.parent.mkdir(parents=True)
    cap.write_text("year,sector,cap_t\n2030,total,22\n")
    toml = uncertain_system(tmp_path / "s", policy='caps = "caps.csv"')
    s = montecarlo(toml, draws=30, seed=5, out=tmp_path / "mc")
    assert 0 < s["infeasible_draws"] < 30
    assert s["infeasible_draws"] + s["feasible_draws"] == 30
    assert "cap" in s["first_infeasible"] and "2030" in s["first_infeasible"]
    draws = pd.read_parquet(tmp_path / "mc" / "draws.parquet")
    assert (draws["status"] != "optimal").sum() == s["infeasible_draws"]


def test_every_draw_infeasible_says_why(tmp_path):
    cap = tmp_path / "s" / "caps.csv"
    cap.parent.mkdir(parents=True)
    cap.write_text("year,sector,cap_t\n2025,total,1\n")
    toml = uncertain_system(tmp_path / "s", policy='caps = "caps.csv"')
    with pytest.raises(CarbonError, match=r"every one of the 5 draws is infeasible.*cap"):
        montecarlo(toml, draws=5, seed=5, out=tmp_path / "mc")


def test_tornado_ranks_gdp_growth_first(tmp_path):
    """GDP growth moves demand (and so every year's CO2) most; the grid factor moves nothing
    while no electric heat is used at the base."""
    toml = uncertain_system(tmp_path / "s", policy=PEAK)
    res = tornado(toml, out=tmp_path / "t")
    t = res["tornado"].set_index("parameter")
    assert t.index[0] == "gdp_growth"
    assert (t.at["gdp_growth", "low"], t.at["gdp_growth", "high"]) == (0.3, 1.7)   # its bounds
    assert t.at["gdp_growth", "peak_co2_t_high"] > t.at["gdp_growth", "peak_co2_t_low"]
    assert t.at["grid_factor", "swing_peak_co2_t"] == pytest.approx(0, abs=1e-9)
    assert (tmp_path / "t" / "tornado.csv").is_file()
    on_workers = tornado(toml, workers=2)["tornado"]
    pd.testing.assert_frame_equal(on_workers, res["tornado"], rtol=1e-9)


def test_a_dead_scheduler_fails_within_seconds(tmp_path):
    toml = uncertain_system(tmp_path / "s", policy=PEAK)
    t0 = time.perf_counter()
    with pytest.raises(CarbonError, match="no Dask scheduler answered"):
        montecarlo(toml, draws=4, seed=1, out=tmp_path / "mc", scheduler="tcp://127.0.0.1:9")
    assert time.perf_counter() - t0 < 15
    assert not (tmp_path / "mc").exists()                 # nothing half-written
