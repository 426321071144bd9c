"""carbon compare on two hand-made runs, worked by hand.

Heat (100 a year, 2020-2021, discount rate 0) comes from a coal boiler (1 t CO2 and 10 yuan per
unit) or a heat pump (0.5 MWh of the city's electricity and 10 yuan per unit); the electricity
comes from a coal plant (0.8 t and 20 yuan per MWh). A heat pump's unit thus costs
10 + 0.5·20 = 20 yuan and carries 0.5·0.8 = 0.4 t.

* baseline: all boiler: 100 t and 1000 yuan a year;
* policy, a total cap of 70 t a year: s units by heat pump with (100 − s) + 0.4 s = 70, s = 50:
  boiler 50 t and 500 yuan; heat pump 500 yuan of its own plus 25 MWh × 20 = 500 of
  electricity; the plant's 25 × 0.8 = 20 t go to the heat pump in the end-use view.

Measures a year (end-use view): coal_boiler abates 50 t and saves 500 yuan; heat_pump abates
−20 t for 1000 yuan; coal_plant 0 and 0 (all its output is the heat pump's); heat in all: 30 t
for 500 yuan, 16.67 yuan/t; over the two years 60 t for 1000 yuan.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import CarbonError
from carbon.reporting.compare import compare_runs, format_comparison
from carbon.scenarios import run_scenario
from tests.scenarios.scenario_helpers import make_scenario, tech


def two_runs(tmp_path):
    techs = [tech("coal_boiler", "industry", "heat", co2_t_per_output=1.0,
                  var_cost_yuan_per_output=10),
             tech("heat_pump", "industry", "heat", input="electricity", input_per_output=0.5,
                  var_cost_yuan_per_output=10),
             tech("coal_plant", "power", "electricity", co2_t_per_output=0.8,
                  var_cost_yuan_per_output=20)]
    demand = [[2020, "heat", 100], [2021, "heat", 100]]
    base = make_scenario(tmp_path / "a", techs, demand, years=(2020, 2021), name="baseline")
    caps = {"caps.csv": (["year", "sector", "cap_t"], [[2020, "total", 70], [2021, "total", 70]])}
    pol = make_scenario(tmp_path / "b", techs, demand, years=(2020, 2021), name="policy",
                        policy='caps = "caps.csv"', files=caps)
    out = tmp_path / "results"
    return [run_scenario(base, out)["results_dir"], run_scenario(pol, out)["results_dir"]]


def test_measures_in_the_end_use_view(tmp_path):
    res = compare_runs(two_runs(tmp_path), tmp_path / "cmp")
    m = res["measures"]
    y = m[m["year"] == 2021].set_index("technology")
    assert y.at["coal_boiler", "abatement_t"] == pytest.approx(50)
    assert y.at["coal_boiler", "cost_difference_yuan"] == pytest.approx(-500)
    assert y.at["heat_pump", "abatement_t"] == pytest.approx(-20)
    assert y.at["heat_pump", "cost_difference_yuan"] == pytest.approx(1000)
    assert y.at["coal_plant", "abatement_t"] == pytest.approx(0, abs=1e-9)
    assert y.at["coal_plant", "cost_difference_yuan"] == pytest.approx(0, abs=1e-9)
    total = res["measures_summary"]
    heat = total[(total["output"] == "heat") & (total["technology"] == "all")].iloc[0]
    assert heat["abatement_t"] == pytest.approx(60)
    assert heat["cost_difference_yuan"] == pytest.approx(1000)
    assert heat["cost_yuan_per_t"] == pytest.approx(1000 / 60)
    boiler = total[total["technology"] == "coal_boiler"].iloc[0]
    assert boiler["cost_yuan_per_t"] == pytest.approx(-10)       # −1000 yuan / 100 t
    # the comparison: cost 2000 vs 3000 yuan, peak 100 vs 70 t, the cap is the input that differs
    c = res["comparison"].set_index("metric")
    assert c.at["total cost difference from the first run", "policy"] == pytest.approx(1000)
    assert c.at["peak CO2 (total)", "baseline"] == pytest.approx(100)
    assert c.at["peak CO2 (total)", "policy"] == pytest.approx(70)
    assert c.at["cumulative CO2", "policy"] == pytest.approx(140)
    assert list(res["input_diff"]["key"]) == ["policy.caps"]
    for name in ("comparison.csv", "comparison.xlsx", "measures.csv", "measures_summary.csv",
                 "input_diff.csv"):
        assert (tmp_path / "cmp" / name).is_file()
    text = format_comparison(res)
    assert "peak CO2 (total) [t]" in text and "policy.caps" in text


def test_old_and_tidy_carbon_price_files(tmp_path):
    """The 2030 price from an old file (year, price) and from the tidy one (its total rows)."""
    a, b = two_runs(tmp_path)
    old, tidy = Path(b).parent / "old", Path(b).parent / "tidy"     # moved beside it
    shutil.copytree(b, old)
    shutil.copytree(b, tidy)
    pd.DataFrame({"year": [2029, 2030], "price_yuan_per_t": [50.0, 55.0]}).to_csv(
        old / "carbon_price.csv", index=False)
    pd.DataFrame({"year": [2030, 2030], "sector": ["industry", "total"],
                  "price_yuan_per_t": [999.0, 77.0], "peak_rule_yuan_per_t": [0.0, 0.0]}
                 ).to_csv(tidy / "carbon_price.csv", index=False)
    res = compare_runs([a, old, tidy])
    row = res["comparison"].set_index("metric")
    assert row.columns.tolist()[1:] == ["baseline", "policy", "policy'"]
    assert row.at["carbon price 2030", "policy"] == pytest.approx(55)
    assert row.at["carbon price 2030", "policy'"] == pytest.approx(77)
    assert pd.isna(row.at["carbon price 2030", "baseline"])     # its horizon ends in 2021


def test_a_folder_that_is_not_a_finished_run(tmp_path):
    a, _ = two_runs(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(CarbonError, match="is not a finished run"):
        compare_runs([a, tmp_path / "empty"])
