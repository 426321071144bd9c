"""Every plot function returns a figure with a title, axis labels and a legend; Chinese text is
drawn with a CJK font (a missing glyph is an error here)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from carbon.reporting import plots
from carbon.reporting.runs import load_runs
from carbon.reporting.style import cjk_font, use_language


def check(fig, lang="en"):
    ax = fig.axes[0]
    assert ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    assert any(a.get_legend() is not None for a in fig.axes)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        warnings.filterwarnings("error", message=".*missing from font.*")
        fig.canvas.draw()


def all_figures(two_runs, inventory_csv, lang):
    runs = load_runs(two_runs)
    inventory = pd.read_csv(inventory_csv)
    keys = pd.DataFrame({"category": ["1.A.1", "1.A.3.b"], "level_share": [0.6, 0.4],
                         "level_cumulative": [0.6, 1.0]})
    macc = pd.DataFrame({"abatement_t": [0, 1e5, 2e5], "marginal_cost_yuan_per_t": [0, 50, 120]})
    ledger = pd.DataFrame({"year": 2025, "enterprise_id": ["a", "b"],
                           "sector": ["power", "industry"],
                           "allocation_t": [3000.0, 1000.0], "bau_emissions_t": [2000.0, 1500.0]})
    bands = pd.DataFrame({"year": [2020, 2021], "p5": [90.0, 95.0], "p50": [100.0, 105.0],
                          "p95": [110.0, 118.0]})
    targets = pd.DataFrame({"indicator": ["co2_per_gdp_change_pct"] * 2, "scenario": ["a", "b"],
                            "year": 2025, "value": [-10.0, -20.0], "target": -18.0,
                            "unit": "%"})
    return {
        "inventory": plots.inventory_by_sector_gas(inventory, lang=lang),
        "keys": plots.key_categories_pareto(keys, year=2020, lang=lang),
        "trajectories": plots.trajectories(runs, targets=pd.DataFrame(
            {"year": [2030], "co2_t": [float("nan")], "label": ["peak"]}), lang=lang),
        "areas": plots.sector_areas(runs[0], lang=lang),
        "peaks": plots.sector_peak_years(runs, lang=lang),
        "prices": plots.carbon_prices(runs[1], lang=lang),
        "macc": plots.macc_steps(macc, lang=lang),
        "positions": plots.allowance_positions(ledger, lang=lang),
        "positions_firms": plots.allowance_positions(ledger, by="enterprise_id", lang=lang),
        "band": plots.monte_carlo_band(bands, lang=lang),
        "histogram": plots.peak_year_histogram(pd.Series([2028, 2029, 2029, 2030]), lang=lang),
        "indicators": plots.indicators_vs_targets(targets, year=2025, lang=lang),
    }


def test_every_plot_has_title_labels_and_legend(two_runs, inventory_csv):
    use_language("en")
    figures = all_figures(two_runs, inventory_csv, "en")
    for _name, fig in figures.items():
        check(fig)
    # the trajectory marks each run's peak: base 120 t in 2022, policy 105 t in 2021
    texts = [t.get_text() for t in figures["trajectories"].axes[0].texts]
    assert "peak 2022" in texts and "peak 2021" in texts


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font: install fonts-noto-cjk")
def test_chinese_figures_have_every_glyph(two_runs, inventory_csv):
    assert use_language("zh") == "zh"
    try:
        for fig in all_figures(two_runs, inventory_csv, "zh").values():
            check(fig, "zh")
        assert "达峰" in " ".join(t.get_text() for t in
                                  plots.trajectories(load_runs(two_runs), lang="zh").axes[0].texts)
    finally:
        use_language("en")


def test_save_figure_writes_png_and_svg(two_runs, tmp_path):
    use_language("en")
    fig = plots.trajectories(load_runs(two_runs))
    written = plots.save_figure(fig, tmp_path / "traj")
    assert [p.suffix for p in written] == [".png", ".svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in written[1].read_bytes()[:2000]


def test_allowance_positions_are_before_trading():
    # firm a: 3,000 t free against 2,000 t BAU -> +1.0 kt; firm b: 1,000 against 1,500 -> -0.5 kt
    use_language("en")
    ledger = pd.DataFrame({"year": 2025, "enterprise_id": ["a", "b"],
                           "sector": ["power", "industry"], "allocation_t": [3000.0, 1000.0],
                           "bau_emissions_t": [2000.0, 1500.0], "surplus_t": [0.0, 0.0]})
    fig = plots.allowance_positions(ledger, by="enterprise_id")
    bars = {t.get_text(): p.get_width() for t, p in
            zip(fig.axes[0].get_yticklabels(), fig.axes[0].patches, strict=True)}
    assert bars == pytest.approx({"a": 1.0, "b": -0.5})


def test_macc_last_step_is_labelled_and_the_axis_starts_at_zero():
    # steps 150, 400, 650 yuan/t and a last step of 168,000 (> 5 × 650): the axis shows 0 to
    # 1.5 × 650 = 975 and names the last step instead of drawing it to scale
    use_language("en")
    macc = pd.DataFrame({"abatement_t": [1e6, 2e6, 3e6, 4e6],
                         "marginal_cost_yuan_per_t": [150.0, 400.0, 650.0, 168000.0]})
    ax = plots.macc_steps(macc).axes[0]
    assert ax.get_ylim() == pytest.approx((0.0, 975.0))
    assert any("168,000" in t.get_text() for t in ax.texts)
