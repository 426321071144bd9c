"""Tests written against surviving mutants (a fresh sample): discounting in the LP, the
withholding bound, linear autarky, the output files and the printed summary, power-unit columns,
the benchmark method's message, unit rows of the allocation table, cost per output, and the
note on a regime applied outside its years.

Every expected number is worked by hand in a comment (module docstrings of
carbon/allocation/market.py, compliance.py and methods.py give the equations).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from alloc_helpers import make_regime, market, registry, write_csv

import carbon
from carbon.allocation import methods, regimes
from carbon.allocation.compliance import _linear_autarky, autarky_cost
from carbon.allocation.inputs import read_units
from carbon.allocation.market import clear_lp
from carbon.allocation.output import format_allocation_summary, write_allocation
from carbon.allocation.rules import AllocationRules, Rules
from carbon.allocation.run import allocate, run_allocation
from carbon.errors import CarbonError, DataError

FIRMS = [["e1", "one", "industry", 2025, 500, 450], ["e2", "two", "industry", 2025, 300, 310]]
STEPS = [["e1", 1, 30, 40], ["e2", 1, 25, 60]]
RULES = 'years = [2025]\n[allocation]\nmethod = "given"\n[market]\n'
UNIT_HEADER = ["unit_id", "enterprise_id", "category", "power_supply_mwh",
               "power_generation_mwh", "heat_supply_gj", "heat_ratio", "cooling", "load_factor",
               "year"]
KNOWN = pd.DataFrame({"enterprise_id": ["e1", "e2"]})


def _own_regimes(monkeypatch, folder, text):
    """A regime file ``mine.toml`` in ``folder``, the only regime ``load_regime`` knows."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text('name = "mine"\ntitle = "t"\n' + text, encoding="utf-8")
    monkeypatch.setattr(regimes, "regimes_dir", lambda: folder)


# ---------------------------------------------------------------- clear_lp: each year's money


def test_lp_offsets_are_discounted_like_the_steps_they_compete_with():
    # two years, no banking, r = 10%: 2025 needs nothing (need 100 = free 100); 2026: R = 100 −
    # 80 = 20. Offsets at 30 (limit 10) are cheaper than the step at 32 in 2026's money, so both
    # carry the same factor d = 1/1.1 in the objective: 10 t offset, then 10 t of the step;
    # the step is marginal → price 32 (in 2026's money)
    inp = market([100, 100], [100, 80], [(1, 30, 32)], years=[2025, 2026], year=[2025, 2026],
                 offset_price=30.0, offset_limit_t=[0, 10], discount_rate=0.1)
    res = clear_lp(inp)
    assert res.offsets_t == pytest.approx([0.0, 10.0])
    assert res.abatement_t == pytest.approx([0.0, 10.0])
    assert res.abatement_cost_yuan == pytest.approx([0.0, 320.0])
    assert res.price[2025] == pytest.approx(0.0, abs=1e-9)
    assert res.price[2026] == pytest.approx(32.0)


def test_lp_penalty_and_ceiling_are_discounted_alike_in_a_later_year():
    # 2026 (d = 1/1.1): R = 100 − 60 = 40: offsets 10 @30, the step 10 @32, then the reserve at
    # the ceiling 34 (below the penalty 35) for the last 20 t → price 34, no shortfall
    kw = dict(years=[2025, 2026], year=[2025, 2026], offset_price=30.0,
              offset_limit_t=[0, 10], discount_rate=0.1)
    res = clear_lp(market([100, 100], [100, 60], [(1, 10, 32)], penalty=35.0, ceiling=34.0,
                          **kw))
    assert res.price[2026] == pytest.approx(34.0)
    assert res.reserve_sold_t[2026] == pytest.approx(20.0)
    assert res.shortfall_t == pytest.approx([0.0, 0.0], abs=1e-9)
    assert res.offsets_t == pytest.approx([0.0, 10.0])
    assert res.abatement_t == pytest.approx([0.0, 10.0])
    # the penalty 33 below the ceiling 34: 20 t short at 33 → price 33, no reserve sold
    res = clear_lp(market([100, 100], [100, 60], [(1, 10, 32)], penalty=33.0, ceiling=34.0,
                          **kw))
    assert res.price[2026] == pytest.approx(33.0)
    assert res.shortfall_t == pytest.approx([0.0, 20.0])
    assert res.reserve_sold_t[2026] == pytest.approx(0.0, abs=1e-9)


# ---------------------------------------------------------------- clear_lp: withholding


def test_lp_withholds_only_what_the_year_auctions():
    # a floor of 40 and a surplus in both years (R = 100 − 150 = −50 in 2025, 100 − 130 = −30
    # in 2026): withholding below the floor pays, but at most what is auctioned: all 20 t of
    # 2025's auction, nothing in 2026 (no auction that year); the surplus keeps both prices 0
    inp = market([100, 100], [130, 130], years=[2025, 2026], year=[2025, 2026], floor=40.0,
                 auction_t={2025: 20.0})
    res = clear_lp(inp)
    assert res.withheld_t[2025] == pytest.approx(20.0)
    assert res.withheld_t[2026] == 0.0
    assert res.price == pytest.approx({2025: 0.0, 2026: 0.0}, abs=1e-9)
    # one year without any auction: nothing withheld
    res = clear_lp(market([100], [130], floor=40.0))
    assert res.withheld_t == {2025: 0.0}
    assert res.abatement_t == pytest.approx([0.0])


# ---------------------------------------------------------------- _linear_autarky, m ≠ 1


@pytest.mark.parametrize(("args", "expected"), [
    # (m, gap, amax, p_o, limit, last). m = 2, p_o = 10 < last = 50: abate to MAC 10 (a1 = 5),
    # offsets 20, abate on to MAC 50 (a2 = 25), the last 100 − 25 − 20 = 55 at 50:
    # ½ × 2 × 25² + 20 × 10 + 55 × 50 = 625 + 200 + 2,750 = 3,575
    ((2.0, 100.0, 1000.0, 10.0, 20.0, 50.0), 3575.0),
    # m = 4, amax 8 binds before MAC 50 (a2 = min(80, 12.5, 8) = 8): ½ × 4 × 64 + 200 + 72 × 50
    # = 128 + 200 + 3,600 = 3,928
    ((4.0, 100.0, 8.0, 10.0, 20.0, 50.0), 3928.0),
    # m = 0.5, offsets close the gap: a1 = min(30, 20) = 20, o = 10, a2 = 20:
    # ½ × 0.5 × 400 + 10 × 10 = 100 + 100 = 200
    ((0.5, 30.0, 1000.0, 10.0, 100.0, 50.0), 200.0),
])
def test_linear_autarky_with_a_slope_other_than_one(args, expected):
    assert _linear_autarky(*args) == pytest.approx(expected)


def test_autarky_cost_linear_mac_with_slope_two():
    # MAC = 2a, need 200, free 100 → gap 100, offsets at 10 (limit 20), penalty 50: 3,575 as
    # above (amax = need 200 does not bind)
    inp = market([200], [100], slope=[2.0], offset_price=10.0, offset_limit_t=[20],
                 penalty=50.0)
    assert autarky_cost(inp, gap_price=999.0) == pytest.approx([3575.0])


# ---------------------------------------------------------------- write_allocation


def test_summary_json_is_utf8_under_an_ascii_locale(tmp_path):
    # the summary's notes hold "Σ" and "−", and a name here is Chinese: summary.json must be
    # UTF-8 whatever the locale (a Chinese Windows writes GBK, a C locale ASCII)
    firms = [["e1", "宁乡水泥", "industry", 2025, 500, 450], FIRMS[1]]
    rules = registry(tmp_path / "in", firms, STEPS, RULES)
    # in this process first (the locale of the test run; mutmut maps the test to the writer by
    # the calls it sees here), then in a child whose locale is ASCII
    here = write_allocation(run_allocation(rules), tmp_path / "here")
    assert "Σ" in (here / "summary.json").read_text(encoding="utf-8")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    if env.get("MUTANT_UNDER_TEST") == "stats":
        # mutmut's first pass records calls in this process only (a child has no mutmut
        # configuration); under a mutant the child runs that mutant, as it should
        env["MUTANT_UNDER_TEST"] = ""
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0",
               PYTHONPATH=os.pathsep.join([str(Path(carbon.__file__).parents[1])]
                                          + [p for p in sys.path if p]))
    script = ("import sys\nfrom pathlib import Path\n"
              "from carbon.allocation.run import allocate_to\n"
              "allocate_to(Path(sys.argv[1]), Path(sys.argv[2]))\n")
    # cwd: ``python -c`` puts the working directory first on sys.path
    done = subprocess.run([sys.executable, "-c", script, str(rules), str(out)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", check=False)
    assert done.returncode == 0, done.stderr
    raw = (out / "rules" / "summary.json").read_bytes()
    text = raw.decode("utf-8")
    assert "Σ (no-trade cost − compliance cost)" in text     # not escaped (ensure_ascii off)
    assert text.endswith("}\n")
    summary = json.loads(text)
    assert summary["name"] == "rules" and summary["enterprises"] == 2
    ledger = pd.read_csv(out / "rules" / "ledger.csv", encoding="utf-8-sig")
    assert ledger["name"].tolist() == ["宁乡水泥", "two"]


def test_write_allocation_files_and_relative_rules(tmp_path):
    rules = registry(tmp_path / "in", FIRMS, STEPS, RULES)
    result = run_allocation(rules)
    target = write_allocation(result, tmp_path / "out")
    assert target == tmp_path / "out" / "rules"
    assert sorted(p.name for p in target.iterdir()) == ["allocation.csv", "ledger.csv",
                                                         "market.csv", "summary.json"]
    for name in ("allocation.csv", "ledger.csv", "market.csv"):
        assert (target / name).read_bytes().startswith(b"\xef\xbb\xbf")   # UTF-8 with a BOM
    ledger = pd.read_csv(target / "ledger.csv", encoding="utf-8-sig")
    assert ledger.columns.tolist()[:4] == ["enterprise_id", "year", "name", "sector"]
    assert ledger.columns[-1] == "label" and len(ledger.columns) == 22
    assert ledger["name"].tolist() == ["one", "two"]
    summary = json.loads((target / "summary.json").read_text(encoding="utf-8"))
    assert summary["rules"] == os.path.join("..", "..", "in", "rules.toml")
    # the result itself keeps the absolute path
    assert result["summary"]["rules"] == str(rules.resolve())
    foreign = tmp_path / "other" / "rules"
    foreign.mkdir(parents=True)
    with pytest.raises(CarbonError, match="^" + re.escape(str(foreign)) + r" exists and is not "
                                          r"an allocation results folder; refusing to replace "
                                          r"it: choose another --out$"):
        write_allocation(result, tmp_path / "other")


# ---------------------------------------------------------------- format_allocation_summary


def test_summary_text_of_a_closed_market_with_and_without_the_target(tmp_path):
    # R = 800 − 760 = 40: e1's 30 @40, 10 of e2's 25 @60 → price 60. e1 buys 470 − 450 = 20,
    # e2 sells 310 − 290 = 20 → volume 20. Compliance: e1 1,200 + 20 × 60 = 2,400; e2 600 −
    # 20 × 60 = −600; total 1,800. Without trade (gap price max(60, 60, 0) = 60): e1 1,200 +
    # 20 × 60 = 2,400, e2 long: 0 → gains 2,400 − 1,800 = 600
    result = run_allocation(registry(tmp_path, FIRMS, STEPS, RULES))
    lines = ["allocation 'rules': 2 enterprises, merit order (numpy sort + cumulative sum)",
             "  2025: price 60.00 yuan/t, volume 20 t, abatement 40 t, offsets 0 t, reserve "
             "sold 0 t, withheld 0 t, banked 0 t",
             "  compliance cost 1,800 yuan; without trading 2,400 yuan; gains from trade "
             "600 yuan",
             "  most exposed: e1 one 2,400 yuan; e2 two -600 yuan"]
    assert format_allocation_summary(result) == "\n".join(lines)
    assert format_allocation_summary(result, tmp_path / "out" / "rules") == \
        "\n".join(lines + [f"  written to {tmp_path / 'out' / 'rules'}"])
    assert format_allocation_summary(result, None, top=1).splitlines()[-1] == \
        "  most exposed: e1 one 2,400 yuan"


def test_summary_text_of_a_price_taker_under_a_regime(tmp_path, monkeypatch):
    # the regime gives only the exit margin, as an estimate → the NOTE line names it.
    # Outside price 50: e1 takes its step 30 @40 (cheaper), e2's @60 is not taken. Net: e1
    # 470 − 450 = 20 bought, e2 300 − 310 = −10 → volume 20, 10 t bought outside.
    # Compliance: e1 1,200 + 20 × 50 = 2,200; e2 −10 × 50 = −500; total 1,700. No trade (gap
    # price max(60, 50, 0) = 60): e1 1,200 + 20 × 60 = 2,400 → gains 700. Per output: e1
    # 2,200 / 2 = 1,100 > margin 1,000 → exit candidate; e2 −500 / 1
    _own_regimes(monkeypatch, tmp_path / "regimes",
                 "[param.exit_margin_yuan_per_output]\nvalue = 1000\nsource = \"s\"\n"
                 "quality = \"estimate\"\n")
    firms = [row + [out] for row, out in zip(FIRMS, [2, 1], strict=True)]
    rules = registry(tmp_path, firms, STEPS, RULES.replace('"given"', '"given"\nregime = "mine"')
                     + "price_yuan_per_t = 50\n", extra_columns=["output"])
    result = run_allocation(rules)
    assert format_allocation_summary(result, tmp_path / "o").split("\n") == [
        "allocation 'rules' (regime mine): 2 enterprises, price taker (outside market)",
        "  NOTE: regime mine uses values not checked against the source",
        "  2025: price 50.00 yuan/t, volume 20 t, abatement 30 t, offsets 0 t, reserve sold "
        "0 t, withheld 0 t, banked 0 t, net bought from the outside market 10 t",
        "  compliance cost 1,700 yuan; without trading 2,400 yuan; gains from trade 700 yuan",
        "  most exposed: e1 one 2,200 yuan; e2 two -500 yuan",
        "  exit candidates: e1",
        f"  written to {tmp_path / 'o'}"]


def test_summary_text_names_a_shortfall(tmp_path):
    # one firm: R = 500 − 450 = 50: its step 30 @40, 20 t short at the penalty 50 → price 50;
    # cost 1,200 + 20 × 50 = 2,200, the same alone (gap price 50) → gains 0
    rules = registry(tmp_path, FIRMS[:1], STEPS[:1], RULES + "penalty_yuan_per_t = 50\n")
    text = format_allocation_summary(run_allocation(rules))
    assert text.split("\n")[1:] == [
        "  2025: price 50.00 yuan/t, volume 0 t, abatement 30 t, offsets 0 t, reserve sold 0 t, "
        "withheld 0 t, banked 0 t, shortfall 20 t",
        "  compliance cost 2,200 yuan; without trading 2,200 yuan; gains from trade 0 yuan",
        "  most exposed: e1 one 2,200 yuan"]


# ---------------------------------------------------------------- power_units columns


def test_power_units_table_columns_and_values(tmp_path):
    units = read_units(write_csv(tmp_path / "units.csv", UNIT_HEADER, [
        ["u1", "e1", "I", 1000, "", 500, 0.5, "water", 0.9, ""]]), KNOWN)
    regime = make_regime({"heat_correction_coal": 0.2, "pre_allocation_share": 0.7},
                     [("I", "power", 0.8), ("I", "heat", 0.1)])
    # supply basis: 0.8 × 1,000 × (1 − 0.2 × 0.5) + 0.1 × 500 = 720 + 50 = 770; pre 0.7 × 770
    out = methods.power_units(units, [2025], regime)
    assert out.columns.tolist() == [
        "year", "enterprise_id", "unit_id", "category", "output", "heat_supply_gj",
        "benchmark_t_per_unit", "heat_benchmark_t_per_gj", "cooling_factor", "heat_factor",
        "load_factor_correction", "pre_allocation_t", "allocation_t"]
    row = out.iloc[0]
    assert (row["year"], row["enterprise_id"], row["unit_id"], row["category"]) == \
        (2025, "e1", "u1", "I")
    assert row["output"] == 1000.0 and row["heat_supply_gj"] == 500.0
    assert row["benchmark_t_per_unit"] == 0.8 and row["heat_benchmark_t_per_gj"] == 0.1
    assert row["heat_factor"] == pytest.approx(0.9)
    assert row["allocation_t"] == pytest.approx(770.0)
    assert row["pre_allocation_t"] == pytest.approx(539.0)


# ---------------------------------------------------------------- product_benchmark


def test_product_benchmark_names_the_method_for_an_empty_output():
    regime = make_regime(benchmarks=[("industry", "output", 2.0)])
    firms = pd.DataFrame({"sector": "industry", "product": ["", ""], "output": [3.0, np.nan],
                          "carbon_leakage_exposed": False, "row": [2, 3]})
    firms.attrs["file"] = "e.csv"
    with pytest.raises(DataError, match=r"^e.csv, row 3, column 'output': empty cell, expected "
                                        r"a number \(method 'benchmark' needs output\)$"):
        methods.product_benchmark(firms, regime)
    # without leakage or correction factors and without an adjustment: 3 × 2 = 6
    assert methods.product_benchmark(firms.iloc[:1], regime).tolist() == [6.0]
    adjusted = make_regime({"adjustment": 0.5}, [("industry", "output", 2.0)])
    assert methods.product_benchmark(firms.iloc[:1], adjusted).tolist() == [3.0]


# ---------------------------------------------------------------- allocate: unit rows


def test_allocate_unit_rows_carry_the_method_and_the_regime_name(tmp_path):
    units = read_units(write_csv(tmp_path / "units.csv", UNIT_HEADER, [
        ["u1", "e1", "I", 1000, "", 0, 0, "water", 0.9, ""],
        ["u2", "e1", "IV", 500, "", 0, 0, "water", 0.9, ""]]), KNOWN)
    regime = make_regime(benchmarks=[("I", "power", 0.8), ("IV", "power", 0.4)])
    firms = pd.DataFrame({"enterprise_id": ["e1"], "year": [2025], "name": ["n"],
                          "sector": ["power"], "new_entrant": [False], "row": [2]})
    firms.attrs["file"] = "e.csv"
    rules = Rules(name="r", years=[2025], enterprises="e.csv",
                  allocation=AllocationRules(method="benchmark", regime="r"), folder=tmp_path,
                  source=tmp_path / "rules.toml")
    # e1: 0.8 × 1,000 + 0.4 × 500 = 800 + 200 = 1,000 t
    free, table, cap, auction = allocate(firms, units, rules, regime)
    assert free["allocation_t"].tolist() == pytest.approx([1000.0])
    assert table["regime"].tolist() == ["r", "r", "r"]
    assert table["method"].tolist() == ["benchmark"] * 3
    assert table["unit_id"].tolist() == ["", "u1", "u2"]
    assert table["allocation_t"].tolist() == pytest.approx([1000.0, 800.0, 200.0])
    assert cap == pytest.approx({2025: 1000.0}) and auction == {2025: 0.0}


# ---------------------------------------------------------------- run_allocation


def test_cost_per_output_for_any_positive_output(tmp_path):
    # compliance costs 2,400 and −600 (closed market above). e1's output 0.5 → 4,800 yuan per
    # unit > margin 1,000: exit candidate; e2's output 0 → no cost per output, never a candidate
    rules_text = RULES.replace('"given"', '"given"\nexit_margin_yuan_per_output = 1000')
    firms = [row + [out] for row, out in zip(FIRMS, ["0.5", "0"], strict=True)]
    result = run_allocation(registry(tmp_path, firms, STEPS, rules_text, ["output"]))
    per = result["ledger"]["cost_per_output_yuan"]
    assert per.iloc[0] == pytest.approx(4800.0) and np.isnan(per.iloc[1])
    assert result["ledger"]["exit_candidate"].tolist() == [True, False]
    assert result["summary"]["exit_candidates"] == ["e1"]
    # outputs 3 and 200: 800 (below the margin) and −3; no candidate
    firms = [row + [out] for row, out in zip(FIRMS, ["3", "200"], strict=True)]
    result = run_allocation(registry(tmp_path, firms, STEPS, rules_text, ["output"]))
    assert result["ledger"]["cost_per_output_yuan"].tolist() == pytest.approx([800.0, -3.0])
    assert result["ledger"]["exit_candidate"].tolist() == [False, False]
    assert result["summary"]["exit_candidates"] == []
    # no margin: costs per output are still given, nobody is a candidate
    result = run_allocation(registry(tmp_path, firms, STEPS, RULES, ["output"]))
    assert result["ledger"]["cost_per_output_yuan"].tolist() == pytest.approx([800.0, -3.0])
    assert not result["ledger"]["exit_candidate"].any()


def test_the_note_names_the_regimes_first_and_last_year(tmp_path, monkeypatch):
    _own_regimes(monkeypatch, tmp_path / "regimes", "years = [2021, 2022, 2023]\n")
    rules_text = RULES.replace('"given"', '"given"\nregime = "mine"')
    summary = run_allocation(registry(tmp_path, FIRMS, STEPS, rules_text))["summary"]
    assert summary["notes"][3:] == ["regime mine is the plan for 2021-2023; applied here to "
                                    "2025"]
    assert summary["label"] == "as ruled" and summary["unchecked_values"] == []
    # a one-year regime: "2030-2030"
    _own_regimes(monkeypatch, tmp_path / "regimes", "years = [2030]\n")
    summary = run_allocation(registry(tmp_path, FIRMS, STEPS, rules_text))["summary"]
    assert summary["notes"][3:] == ["regime mine is the plan for 2030-2030; applied here to "
                                    "2025"]
    # two rules years, one of them outside the regime's: both are named
    firms = FIRMS + [[e, n, s, 2026, b, f] for e, n, s, _, b, f in FIRMS]
    _own_regimes(monkeypatch, tmp_path / "regimes", "years = [2024, 2025]\n")
    summary = run_allocation(registry(tmp_path, firms, STEPS, rules_text.replace(
        "[2025]", "[2025, 2026]")))["summary"]
    assert summary["notes"][3:] == ["regime mine is the plan for 2024-2025; applied here to "
                                    "2025, 2026"]
    # within the regime's years, or a regime without years: no note
    _own_regimes(monkeypatch, tmp_path / "regimes", "years = [2024, 2025, 2026]\n")
    summary = run_allocation(registry(tmp_path, FIRMS, STEPS, rules_text))["summary"]
    assert len(summary["notes"]) == 3
    _own_regimes(monkeypatch, tmp_path / "regimes", "")
    summary = run_allocation(registry(tmp_path, FIRMS, STEPS, rules_text))["summary"]
    assert len(summary["notes"]) == 3
