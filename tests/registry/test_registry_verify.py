"""Verification rules: each flags its case and nothing else; flags are kept, cleared with a note,
and never raised twice."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.registry import clear_flag, import_reports, list_flags, load_checks, run_checks
from carbon.registry.verify import Checks, find_flags

CHECKS = Checks(intensity_change=0.30, benchmark_share=0.50, benchmarks=None, energy_change=0.30,
                own_use_min=0.05, own_use_max=0.35, totals_tolerance=0.02)
ENTERPRISES = pd.DataFrame({"enterprise_id": ["A"], "generates_power": [False]})


def _report(report_id, year, *, co2e_t=100.0, energy_gj=1000.0, output=10.0, unit="t",
            product="p", generation=None, supply=None, purchased=0.0, declared=None):
    return {"report_id": report_id, "enterprise_id": "A", "year": year, "co2e_t": co2e_t,
            "energy_gj": energy_gj, "output": output, "output_unit": unit, "product": product,
            "generation_mwh": generation, "grid_supply_mwh": supply,
            "electricity_purchased_mwh": purchased, "declared_energy_tce": declared}


def _rules(reports, years=(2022,), checks=CHECKS, enterprises=ENTERPRISES):
    flags = find_flags(pd.DataFrame(reports), enterprises, list(years), checks)
    return sorted(zip(flags["enterprise_id"], flags["year"], flags["rule"], strict=True))


def test_steady_reports_raise_nothing():
    # intensity 10 → 10.5 t/t (+5 %), energy 100 → 100 GJ/t: within ±30 %
    assert _rules([_report(1, 2021), _report(2, 2022, co2e_t=105)]) == []


def test_missing_report():
    assert _rules([_report(1, 2021)], years=(2021, 2022)) == [("A", 2022, "missing_report")]


def test_intensity_change_only():
    # fuel switch at the same energy: CO2e 100 → 140 t for the same output (+40 % > 30 %),
    # energy per output unchanged (1000 GJ / 10 t both years)
    assert _rules([_report(1, 2021), _report(2, 2022, co2e_t=140)]) == [
        ("A", 2022, "intensity_change")]
    # the same +25 % stays within the threshold
    assert _rules([_report(1, 2021), _report(2, 2022, co2e_t=125)]) == []


def test_intensity_change_compares_with_the_latest_earlier_report():
    # 2021 at 10 t/t, no 2022, 2023 at 14 t/t: +40 % against 2021
    assert _rules([_report(1, 2021), _report(3, 2023, co2e_t=140)], years=(2023,)) == [
        ("A", 2023, "intensity_change")]


def test_intensity_benchmark_only():
    bench = pd.DataFrame({"product": ["p"], "output_unit": ["t"], "benchmark": [6.0]})
    checks = Checks(**{**CHECKS.__dict__, "benchmarks": bench})
    # 10 t/t against 6 t/t: +67 % > 50 %; first report, so no history rule can fire
    assert _rules([_report(1, 2022)], checks=checks) == [("A", 2022, "intensity_benchmark")]
    # 8 t/t: +33 %, within
    assert _rules([_report(1, 2022, co2e_t=80)], checks=checks) == []


def test_energy_output_only():
    # output doubles, energy and emissions rise only 10 %: energy per output −45 % (> 30 %)
    # but also CO2e per output −45 %; so keep emissions per output steady by raising CO2e:
    # 2022: output 20, energy 1100 GJ (55 GJ/t vs 100: −45 %), CO2e 200 t (10 t/t: 0 %)
    assert _rules([_report(1, 2021), _report(2, 2022, output=20, energy_gj=1100, co2e_t=200)]
                  ) == [("A", 2022, "energy_output")]


def test_electricity_generation():
    gen = pd.DataFrame({"enterprise_id": ["A"], "generates_power": [True]})
    # own use = 1000 − 800 + 50 = 250 MWh = 25 % of generation: within 5–35 %
    ok = _report(1, 2022, generation=1000, supply=800, purchased=50)
    assert _rules([ok], enterprises=gen) == []
    # supplied 990 of 1000 with nothing bought: own use 1 %, below 5 %
    low = _report(1, 2022, generation=1000, supply=990)
    assert _rules([low], enterprises=gen) == [("A", 2022, "electricity_generation")]
    # registered as generating but no generation given
    assert _rules([_report(1, 2022)], enterprises=gen) == [("A", 2022, "electricity_generation")]


def test_totals():
    # 1000 GJ = 1000 / 29.3076 = 34.12 tce; declared 34 tce: −0.4 %, within 2 %
    assert _rules([_report(1, 2022, declared=34)]) == []
    # declared 40 tce: the rows add up to 34.12 tce, −14.7 %
    assert _rules([_report(1, 2022, declared=40)]) == [("A", 2022, "totals")]


def test_checks_file_errors(tmp_path):
    path = tmp_path / "checks.toml"
    path.write_text("[intensity]\nmax_change = 0.3\n")
    with pytest.raises(DataError, match="unknown key 'intensity.max_change'"):
        load_checks(path)
    path.write_text("[energy]\nmax_change_share = -1\n")
    with pytest.raises(DataError, match="expected a number >= 0"):
        load_checks(path)
    path.write_text("[totals]\ntolerance_share = 0.05\n")
    assert load_checks(path).totals_tolerance == 0.05
    assert load_checks(path).intensity_change == 0.30          # default kept


def test_flags_are_stored_once_and_cleared_with_a_note(registry, fill):
    # E1 reports 2021 and 2022 with a declared total far off; E2 (generating) never reports
    import_reports(registry, [fill("a.xlsx"), fill("b.xlsx", year=2022,
                                                   extra={"total_energy_tce": 1})])
    new = run_checks(registry, load_checks())
    rules = sorted(zip(new["enterprise_id"], new["year"], new["rule"], strict=True))
    assert rules == [("E1", 2022, "totals"), ("E2", 2021, "missing_report"),
                     ("E2", 2022, "missing_report")]
    assert run_checks(registry, load_checks()).empty                # not raised twice
    flags = list_flags(registry)
    totals_id = int(flags.loc[flags["rule"] == "totals", "flag_id"].iloc[0])
    with pytest.raises(DataError, match="needs --by NAME and --note"):
        clear_flag(registry, totals_id, by="Wang", note=" ")
    clear_flag(registry, totals_id, by="Wang", note="declared in 10^4 tce by mistake")
    assert totals_id not in set(list_flags(registry)["flag_id"])
    everything = list_flags(registry, include_cleared=True)
    cleared = everything[everything["flag_id"] == totals_id].iloc[0]
    assert cleared["clear_note"] == "declared in 10^4 tce by mistake"
    assert cleared["cleared_by"] == "Wang"
    assert run_checks(registry, load_checks()).empty                # a cleared flag stays so
    with pytest.raises(DataError, match="already cleared"):
        clear_flag(registry, totals_id, by="Wang", note="again")


def test_a_correction_answers_the_flags_of_the_report_it_replaces(registry, fill):
    from carbon.registry import status

    import_reports(registry, [fill("a.xlsx", extra={"total_energy_tce": 1})])
    run_checks(registry, load_checks(), years=[2021])
    flags = list_flags(registry)
    assert sorted(flags["rule"]) == ["missing_report", "totals"]     # E2 missing; E1 totals
    assert not flags["superseded"].any()
    # 3893.1 GJ + 360 GJ = 4253.1 GJ = 145.1 tce: the corrected declaration reconciles
    import_reports(registry, [fill("b.xlsx", extra={"total_energy_tce": 145.1})], correct=True)
    assert run_checks(registry, load_checks(), years=[2021]).empty
    flags = list_flags(registry).set_index("rule")
    assert bool(flags.loc["totals", "superseded"])                  # still open, marked
    row = status(registry, year=2021).set_index("enterprise_id").loc["E1"]
    assert row["open_flags"] == 0 and bool(row["verified"]) and row["version"] == 2
