"""`carbon allocate` end to end: outputs, cap from a pathway run, labels, bad input."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from alloc_helpers import registry, write_csv

from carbon.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
FIRMS = [["e1", "one", "industry", 2026, 500, 450], ["e2", "two", "industry", 2026, 300, 310]]
STEPS = [["e1", 1, 30, 40], ["e1", 2, 30, 90], ["e2", 1, 25, 60], ["e2", 2, 25, 120]]
RULES = 'years = [2026]\n[allocation]\nmethod = "given"\n[market]\n'


def test_tiny_market_outputs_and_gains_from_trade(tmp_path, capsys):
    rules = registry(tmp_path / "in", FIRMS, STEPS, RULES)
    assert main(["allocate", str(rules), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / "rules"
    ledger = pd.read_csv(folder / "ledger.csv", encoding="utf-8-sig").set_index("enterprise_id")
    market = pd.read_csv(folder / "market.csv", encoding="utf-8-sig")
    summary = json.loads((folder / "summary.json").read_text())
    # R = 800 − 760 = 40: e1's 30 t at 40, then e2's first step at 60 is marginal (10 of 25 t)
    assert market["price_yuan_per_t"].iloc[0] == pytest.approx(60.0)
    assert ledger["net_purchase_t"].tolist() == pytest.approx([20.0, -20.0])
    assert ledger["net_purchase_t"].sum() == pytest.approx(0.0)
    # with trade: e1 30×40 + 20×60 = 2,400; e2 10×60 − 20×60 = −600; total 1,800
    assert ledger["compliance_cost_yuan"].tolist() == pytest.approx([2400.0, -600.0])
    # no trade: e1 must abate 50 t alone: 30×40 + 20×90 = 3,000; e2 is long: 0
    assert ledger["no_trade_cost_yuan"].tolist() == pytest.approx([3000.0, 0.0])
    assert summary["abatement_cost_yuan"] == pytest.approx(1800.0)
    assert summary["no_trade_cost_yuan"] == pytest.approx(3000.0)
    assert summary["gains_from_trade_yuan"] == pytest.approx(1200.0)
    assert (folder / "allocation.csv").is_file()
    out = capsys.readouterr().out
    assert "price 60.00 yuan/t" in out and "gains from trade 1,200 yuan" in out
    assert "most exposed: e1 one 2,400 yuan" in out


def test_cap_from_a_pathway_run(tmp_path):
    # fixture 2025: industry 100,000 t, building_materials 40,000 t, power only grid_import
    # (purchased electricity, never in a cap). Coverage industry 0.5, building_materials 0.25:
    # caps 50,000 + 10,000 = 60,000 t; 5% auctioned → free pools 47,500 and 9,500,
    # shared out by grandfathering: i1 30,000/(30,000 + 10,000) × 47,500 = 35,625; i2 11,875
    firms = [["i1", "a", "industry", 2025, 32000, "", 30000],
             ["i2", "b", "industry", 2025, 12000, "", 10000],
             ["b1", "c", "building_materials", 2025, 11000, "", 9000]]
    steps = [["i1", 1, 5000, 50], ["i2", 1, 3000, 80], ["b1", 1, 3000, 70]]
    rules = registry(tmp_path, firms, steps,
                     f'years = [2025]\n[allocation]\nmethod = "grandfathering"\n'
                     f'cap_from = "{FIXTURES / "pathway_run"}"\n'
                     'coverage = { industry = 0.5, building_materials = 0.25 }\n'
                     'auction_share = 0.05\n', extra_columns=["historical_emissions_t"])
    assert main(["allocate", str(rules), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / "rules"
    market = pd.read_csv(folder / "market.csv", encoding="utf-8-sig")
    assert market["cap_t"].iloc[0] == pytest.approx(60_000)
    assert market["auctioned_t"].iloc[0] == pytest.approx(3_000)
    alloc = pd.read_csv(folder / "allocation.csv", encoding="utf-8-sig").set_index(
        "enterprise_id")["allocation_t"]
    assert alloc.to_dict() == pytest.approx({"i1": 35_625, "i2": 11_875, "b1": 9_500})
    ledger = pd.read_csv(folder / "ledger.csv", encoding="utf-8-sig")
    # firms buy what the auction sells: Σ net purchases = auctioned − withheld
    assert ledger["net_purchase_t"].sum() == pytest.approx(3_000 - market["withheld_t"].iloc[0])


def test_local_rules_say_hypothetical_everywhere(tmp_path):
    firms = [["e1", "one", "industry", 2026, 500, "", 480], ["e2", "two", "industry", 2026, 300,
                                                              "", 320]]
    rules = registry(tmp_path, firms, STEPS,
                     'years = [2026]\n[allocation]\nmethod = "grandfathering"\n'
                     'regime = "local_whatif"\ncap_t = 760\n[market]\n'
                     'offset_price_yuan_per_t = 80\n', extra_columns=["historical_emissions_t"])
    assert main(["allocate", str(rules), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / "rules"
    for name in ("allocation.csv", "ledger.csv", "market.csv"):
        frame = pd.read_csv(folder / name, encoding="utf-8-sig")
        assert frame["label"].str.contains("hypothetical").all(), name
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["hypothetical"] is True and "hypothetical" in summary["label"]


BAD = {
    "duplicate": (FIRMS + [["e1", "again", "industry", 2026, 10, 5]], STEPS, RULES,
                  r"enterprises.csv, row 4, column 'enterprise_id': enterprise 'e1' appears "
                  r"twice for 2026 \(first at row 2\)"),
    "decreasing": (FIRMS, STEPS[:1] + [["e1", 2, 30, 35]] + STEPS[2:], RULES,
                   r"mac.csv, row 3, column 'cost_yuan_per_t': step 2 of 'e1' costs 35 yuan/t, "
                   r"less than the step before it \(40\)"),
    "unknown_regime": (FIRMS, STEPS, RULES.replace('method = "given"',
                                                   'method = "given"\nregime = "cn_power_2019"'),
                       r"unknown regime 'cn_power_2019' \(nearest: cn_power_2019_2020\)"),
    "infeasible": ([["e1", "one", "industry", 2026, 500, 300], FIRMS[1]], STEPS, RULES,
                   # R = 800 − (300 + 310) = 190 t; every step: 30 + 30 + 25 + 25 = 110 t
                   r"the cap of 2026 is 80 t below what the enterprises can reach"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_one_line_exit_1_nothing_written(case, tmp_path, capsys):
    firms, steps, rules_text, message = BAD[case]
    rules = registry(tmp_path / "in", firms, steps, rules_text)
    out = tmp_path / "out"
    assert main(["allocate", str(rules), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert re.search(message, err), err
    assert not out.exists()


def test_unit_category_the_regime_lacks(tmp_path, capsys):
    write_csv(tmp_path / "enterprises.csv",
              ["enterprise_id", "name", "sector", "year", "bau_emissions_t"],
              [["p1", "plant", "power", 2020, 1000]])
    write_csv(tmp_path / "units.csv", ["unit_id", "enterprise_id", "category",
                                       "power_supply_mwh", "heat_supply_gj", "heat_ratio",
                                       "cooling", "load_factor"],
              [["u1", "p1", "V", 1000, 0, 0, "water", 0.9]])
    (tmp_path / "rules.toml").write_text(
        'years = [2020]\nenterprises = "enterprises.csv"\nunits = "units.csv"\n'
        '[allocation]\nmethod = "benchmark"\nregime = "cn_power_2019_2020"\n')
    assert main(["allocate", str(tmp_path / "rules.toml"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert "units.csv, row 2, column 'category': unit category 'V' has no benchmark" in err
    assert len(err.splitlines()) == 1 and not (tmp_path / "o").exists()


def test_enterprise_fuels_as_activity_rows(tmp_path):
    # 1,000 t raw coal in 1.A.2 → the inventory engine's scope-1 CO2e (same factors as
    # `carbon inventory`); compare with the engine run on the same row directly
    from carbon.inventory import inventory_from_files

    write_csv(tmp_path / "activity.csv", ["enterprise_id", "year", "category", "activity",
                                          "amount", "unit"],
              [["e1", 2025, "1.A.2", "raw_coal", 1000, "t"],
               ["e2", 2025, "1.A.2", "natural_gas", 100, "万m3"]])
    write_csv(tmp_path / "enterprises.csv",
              ["enterprise_id", "name", "sector", "year", "bau_emissions_t", "free_allocation_t"],
              [["e1", "a", "industry", 2025, "", 1900], ["e2", "b", "industry", 2025, "", 2000]])
    (tmp_path / "rules.toml").write_text(
        'years = [2025]\nenterprises = "enterprises.csv"\nactivity = "activity.csv"\n'
        '[allocation]\nmethod = "given"\n[market]\nprice_yuan_per_t = 50\n')
    from carbon.allocation.run import run_allocation

    ledger = run_allocation(tmp_path / "rules.toml")["ledger"].set_index("enterprise_id")
    inv = inventory_from_files([tmp_path / "activity.csv"])
    by_activity = inv[inv["scope"] == 1].groupby("activity")["co2e_t"].sum()
    assert ledger.loc["e1", "bau_emissions_t"] == pytest.approx(by_activity["raw_coal"])
    assert ledger.loc["e2", "bau_emissions_t"] == pytest.approx(by_activity["natural_gas"])
    # raw coal: about 1.98 t CO2 per t (20.9 GJ/t × carbon content × oxidation × 44/12)
    assert 1900 < ledger.loc["e1", "bau_emissions_t"] < 2100


def test_auction_new_entrant_reserve_and_exit_candidates(tmp_path):
    # cap 1,000: 10% auctioned (100), 5% new-entrant reserve (50); free pool 850 shared by
    # grandfathering 600 : 300 : 100 → 510, 255, 85; the new entrant n1 (method amount 100)
    # also takes min(50, 100) = 50 from the reserve (all of it): 135; nothing left to auction
    firms = [["e1", "a", "industry", 2025, 650, "", 600, 1000, "false"],
             ["e2", "b", "industry", 2025, 320, "", 300, 10, "false"],
             ["n1", "c", "industry", 2025, 110, "", 100, 1000, "true"]]
    steps = [["e1", 1, 60, 30], ["e2", 1, 40, 50], ["n1", 1, 20, 40]]
    rules = registry(tmp_path, firms, steps,
                     'years = [2025]\n[allocation]\nmethod = "grandfathering"\ncap_t = 1000\n'
                     'auction_share = 0.1\nnew_entrant_reserve_share = 0.05\n'
                     'exit_margin_yuan_per_output = 100\n',
                     extra_columns=["historical_emissions_t", "output", "new_entrant"])
    from carbon.allocation.run import run_allocation

    result = run_allocation(rules)
    ledger = result["ledger"].set_index("enterprise_id")
    n1_free = 850 * 100 / 1000 + 50
    assert ledger["allocation_t"].to_dict() == pytest.approx(
        {"e1": 510.0, "e2": 255.0, "n1": n1_free})
    market = result["market"].iloc[0]
    assert market["auctioned_t"] == pytest.approx(100.0)
    assert ledger["allocation_t"].sum() + market["auctioned_t"] == pytest.approx(1000.0)
    # need 1,080 vs supply 1,000 → R = 80: 60 t at 30, then 20 of n1's 40 yuan/t step → price 40
    assert market["price_yuan_per_t"] == pytest.approx(40.0)
    # firms buy the auctioned 100 t: Σ net purchases = 100
    assert ledger["net_purchase_t"].sum() == pytest.approx(100.0)
    # e2 (output 10): cost 40 × (320 − 255) = 2,600 → 260 yuan per unit of output > 100
    assert ledger.loc["e2", "compliance_cost_yuan"] == pytest.approx(2600.0)
    assert bool(ledger.loc["e2", "exit_candidate"]) and not ledger.loc["e1", "exit_candidate"]


def test_enterprises_from_an_xlsx_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "enterprises"
    sheet.append(["enterprise_id", "name", "sector", "year", "bau_emissions_t",
                  "free_allocation_t"])
    for row in FIRMS:
        sheet.append(row)
    book.save(tmp_path / "enterprises.xlsx")
    rules = registry(tmp_path, FIRMS, STEPS, RULES)
    rules.write_text(rules.read_text().replace("enterprises.csv", "enterprises.xlsx"))
    from carbon.allocation.run import run_allocation

    # the same market as the CSV case: price 60
    assert run_allocation(rules)["market"]["price_yuan_per_t"].iloc[0] == pytest.approx(60.0)


def test_a_new_run_replaces_the_old_folder_and_never_a_foreign_one(tmp_path, capsys):
    rules = registry(tmp_path / "in", FIRMS, STEPS, RULES)
    out = tmp_path / "out"
    assert main(["allocate", str(rules), "--out", str(out)]) == 0
    (out / "rules" / "stale.txt").write_text("from an earlier run")
    assert main(["allocate", str(rules), "--out", str(out)]) == 0
    assert not (out / "rules" / "stale.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["rules"]      # no temporary folders left
    summary = json.loads((out / "rules" / "summary.json").read_text())
    assert (out / "rules" / summary["rules"]).resolve() == rules.resolve()
    foreign = tmp_path / "out2" / "rules"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    assert main(["allocate", str(rules), "--out", str(tmp_path / "out2")]) == 1
    assert (foreign / "notes.txt").read_text() == "mine"
    assert "not an allocation results folder" in capsys.readouterr().err
