"""The README's example system (scenarios/example/) runs and gives its closed-form answer."""

from pathlib import Path

import pandas as pd
import pytest

from carbon.scenarios import run_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example"


def test_readme_shows_the_example_files_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("example.toml", "technologies.csv", "demand.csv", "caps.csv"):
        assert (EXAMPLE / name).read_text(encoding="utf-8").strip() in readme, name


def test_example_answer(tmp_path):
    summary = run_scenario(EXAMPLE / "example.toml", tmp_path)
    folder = Path(summary["results_dir"])
    activity = pd.read_csv(folder / "activity.csv").set_index(["year", "technology"])["activity"]
    # 2025: cap 40 t at 0.5 t/unit allows 80 units of coal steam; the heat pump makes 20.
    # 2026: 30 t → 60 units of coal, 50 of heat pump (demand 110).
    assert activity[(2025, "coal_boiler")] == pytest.approx(80)
    assert activity[(2025, "heat_pump")] == pytest.approx(20)
    assert activity[(2026, "coal_boiler")] == pytest.approx(60)
    assert activity[(2026, "heat_pump")] == pytest.approx(50)
    # carbon price = switching cost / emission difference = (25 − 10) / 0.5 = 30 yuan/t
    # (the total cap binds, so the price of the total and of the industry sector are both 30)
    price = pd.read_csv(folder / "carbon_price.csv")
    assert price["sector"].tolist() == ["total", "industry"] * 2
    assert price["price_yuan_per_t"].tolist() == pytest.approx([30, 30, 30, 30])
    # cost = 10·80 + 25·20 + (10·60 + 25·50)/1.05 = 1300 + 1761.90 = 3061.90 yuan
    assert summary["total_cost_yuan"] == pytest.approx(1300 + 1850 / 1.05)
