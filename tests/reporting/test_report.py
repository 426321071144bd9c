"""The planner's report: sections, missing inputs, indicators against targets, bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from carbon.cli import main
from carbon.reporting.indicators import against_targets, load_targets
from carbon.reporting.runs import load_runs

SECTION_IDS = ["inventory", "key_categories", "scenarios", "peaks", "targets", "measures",
               "allocation", "data_gaps"]


def targets_file(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("indicator,year,value,basis,source\n"
                    "co2_per_gdp_change_pct,2023,-10,change vs 2020 (%),test\n"
                    "non_fossil_share,2023,0.2,share of energy,test\n"
                    "coal_share,2023,0.4,share of energy,test\n", encoding="utf-8")
    return path


def test_indicators_against_targets_worked_by_hand(two_runs, tmp_path):
    runs = load_runs(two_runs)
    table = against_targets(runs, load_targets(targets_file(tmp_path)))
    co2 = table[table["indicator"] == "co2_per_gdp_change_pct"].set_index("scenario")
    # GDP 100 × 1.05^3 = 115.7625 in 2023. base: 115 t -> 0.993413 t per 10^4 yuan against
    # 1.0 in 2020: −0.6587%, target −10%: missed. policy: 100 t -> 0.863838: −13.616%: met
    assert co2.loc["base", "value"] == pytest.approx((115 / 115.7625 - 1) * 100)
    assert co2.loc["base", "value"] == pytest.approx(-0.6587, abs=1e-4)
    assert not bool(co2.loc["base", "met"])
    assert co2.loc["policy", "value"] == pytest.approx(-13.6162, abs=1e-4)
    assert bool(co2.loc["policy", "met"]) is True
    share = table[table["indicator"] == "non_fossil_share"]
    assert share["met"].tolist() == [True, True]           # 0.2 reaches 0.2
    coal = table[table["indicator"] == "coal_share"]
    assert coal["met"].isna().all() and coal["value"].isna().all()   # the runs do not give it


def test_report_with_missing_parts_renders_and_says_what_is_missing(two_runs, inventory_csv,
                                                                   tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", "--runs", *map(str, two_runs), "--inventory", str(inventory_csv),
                 "--out", str(out), "--lang", "en"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    for key in SECTION_IDS:
        assert f'id="{key}"' in page
    assert "No allocation results given" in page
    assert "carbon allocate" in page
    # totals worked by hand: 600 + 300 + 26.5 = 926.5 t CO2e; scope 1 all of it
    assert "Total 2020: 926 t CO2e" in page or "Total 2020: 927 t CO2e" in page
    assert page.count("data:image/png;base64,") >= 4
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## 4. Peak year and peak value" in md
    for link in [line.split("](")[1].rstrip(")") for line in md.splitlines()
                 if line.startswith("![")]:
        assert (out / link).stat().st_size > 1000
    book = load_workbook(out / "tables.xlsx")
    peaks = list(book["peaks"].iter_rows(values_only=True))
    header = list(peaks[1])
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in peaks[2:]}
    assert rows["base"]["peak_year"] == 2022 and rows["base"]["peak_co2_t"] == 120
    assert rows["policy"]["peak_year"] == 2021 and rows["policy"]["peak_co2_t"] == 105
    assert "inputs missing for" in capsys.readouterr().out


def test_an_empty_report_still_renders(tmp_path):
    assert main(["report", "--out", str(tmp_path / "empty"), "--lang", "en"]) == 0
    page = (tmp_path / "empty" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="missing"') == 8


def test_chinese_report_has_chinese_headings(two_runs, tmp_path):
    out = tmp_path / "zh"
    assert main(["report", "--runs", *map(str, two_runs), "--out", str(out)]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in page
    for heading in ("一、基准年温室气体清单", "四、达峰年份与峰值", "七、企业配额分配（模拟）"):
        assert heading in page


def test_report_keeps_other_files_in_the_folder(two_runs, tmp_path):
    out = tmp_path / "rep"
    out.mkdir()
    (out / "inventory_2020.csv").write_text("kept", encoding="utf-8")
    assert main(["report", "--runs", str(two_runs[0]), "--out", str(out), "--lang", "en"]) == 0
    assert (out / "inventory_2020.csv").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("case", ["not_a_run", "bad_lang", "out_is_file", "unfinished"])
def test_bad_input_is_one_clear_line(two_runs, tmp_path, capsys, case):
    out = tmp_path / "rep"
    args = ["report", "--runs", str(two_runs[0]), "--out", str(out), "--lang", "en"]
    expected = ""
    if case == "not_a_run":
        (tmp_path / "empty").mkdir()
        args[2] = str(tmp_path / "empty")
        expected = "summary.json is missing"
    elif case == "bad_lang":
        args[-1] = "fr"
        expected = "--lang must be zh or en"
    elif case == "out_is_file":
        out.write_text("x")
        expected = "exists and is a file"
    else:
        summary = two_runs[0] / "summary.json"
        summary.write_text(summary.read_text().replace('"optimal"', '"infeasible"'))
        expected = "status is 'infeasible'"
    assert main(args) == 1
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
    assert case == "out_is_file" or not out.exists()


def test_plot_command_writes_png_and_svg(two_runs, tmp_path, capsys):
    out = tmp_path / "plots"
    assert main(["plot", *map(str, two_runs), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "trajectories.png" in names and "trajectories.svg" in names
    assert "policy_carbon_price.png" in names
    assert all((out / n).stat().st_size > 1000 for n in names)


def test_inventory_table_sums_by_sector(inventory_csv, tmp_path):
    out = tmp_path / "rep"
    assert main(["report", "--inventory", str(inventory_csv), "--out", str(out),
                 "--lang", "en"]) == 0
    sheet = list(load_workbook(out / "tables.xlsx")["inventory_by_sector"].iter_rows(
        values_only=True))
    header = list(sheet[1])
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet[2:]}
    assert rows["transport"]["total"] == pytest.approx(326.5)    # 300 CO2 + 26.5 N2O CO2e
    assert rows["power"]["total"] == pytest.approx(600.0)
    assert pd.isna(rows["power"].get("N2O")) or rows["power"]["N2O"] == 0


def test_a_target_direction_other_than_at_least_or_at_most_is_named(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("indicator,year,value,direction\nnon_fossil_share,2025,0.2,above\n",
                    encoding="utf-8")
    from carbon.errors import DataError

    with pytest.raises(DataError, match="row 2.*direction|direction.*row 2"):
        load_targets(path)


def test_given_direction_overrides_the_default(two_runs, tmp_path):
    # coal_tce is not in the runs; co2_per_gdp with at_least: base −0.66% ≥ −10% is met
    path = tmp_path / "targets.csv"
    path.write_text("indicator,year,value,direction\nco2_per_gdp_change_pct,2023,-10,at_least\n",
                    encoding="utf-8")
    table = against_targets(load_runs(two_runs), load_targets(path)).set_index("scenario")
    assert bool(table.loc["base", "met"]) is True and bool(table.loc["policy", "met"]) is False


def test_measures_come_from_a_compare_folder(two_runs, tmp_path):
    # a measures_summary.csv as `carbon compare` writes it: one abating measure at 16.67 yuan/t
    # (1,000 yuan for 60 t), one that abates nothing (left out of the report's table)
    folder = tmp_path / "cmp"
    folder.mkdir()
    (folder / "measures_summary.csv").write_text(
        "run,output,sector,technology,abatement_t,cost_difference_yuan,cost_yuan_per_t\n"
        "policy,steam,industry,heat_pump,60,1000,16.666667\n"
        "policy,steam,industry,boiler,0,0,\n", encoding="utf-8")
    out = tmp_path / "rep"
    assert main(["report", "--runs", *map(str, two_runs), "--compare", str(folder),
                 "--out", str(out), "--lang", "en"]) == 0
    rows = list(load_workbook(out / "tables.xlsx")["measures"].iter_rows(values_only=True))
    header = list(rows[1])
    body = [dict(zip(header, r, strict=True)) for r in rows[2:]]
    assert [r["technology"] for r in body] == ["heat_pump"]
    assert body[0]["cost_yuan_per_t"] == pytest.approx(1000 / 60, rel=1e-6)


def test_monte_carlo_sweep_folder_gives_band_and_histogram(two_runs, tmp_path):
    # a sweep folder as `carbon sweep montecarlo` writes it: 4 draws, 3 feasible, peaking in
    # 2021, 2022, 2022; probability of peaking by 2030 = 3/3 = 100%
    folder = tmp_path / "sweeps" / "policy" / "montecarlo"
    folder.mkdir(parents=True)
    pd.DataFrame({"year": [2020, 2021, 2022], "mean": [100.0, 104.0, 103.0],
                  "p5": [100.0, 101.0, 99.0], "p25": [100.0, 103.0, 101.0],
                  "p50": [100.0, 104.0, 103.0], "p75": [100.0, 105.0, 105.0],
                  "p95": [100.0, 107.0, 108.0]}).to_parquet(folder / "bands.parquet")
    pd.DataFrame({"draw": [0, 1, 2, 3],
                  "status": ["optimal", "optimal", "optimal", "infeasible"],
                  "peak_year": [2021, 2022, 2022, None]}).to_parquet(folder / "draws.parquet")
    (folder / "summary.json").write_text(
        '{"probability_peak_by_target": 1.0, "target_year": 2030}', encoding="utf-8")
    out = tmp_path / "rep"
    assert main(["report", "--runs", *map(str, two_runs), "--sweeps", str(folder),
                 "--out", str(out), "--lang", "en"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Monte Carlo of policy: 3 of 4 draws feasible; probability of peaking by 2030: 100%" \
        in page
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "mc_band_policy" in md and "mc_peaks_policy" in md
