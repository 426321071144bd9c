"""Every CSV carbon writes guards text a spreadsheet would run as a formula, whatever the
column's dtype (pandas 3 gives text columns the ``str`` dtype, not ``object``: a guard that
looked only at ``object`` columns let ``=cmd()`` through)."""

from __future__ import annotations

import pandas as pd

from carbon.allocation.output import LEDGER_COLUMNS, write_allocation
from carbon.sweeps import store


def test_allocation_ledger_guards_a_formula_in_a_name(tmp_path):
    ledger = pd.DataFrame({c: [0.0] for c in LEDGER_COLUMNS})
    ledger["enterprise_id"] = pd.Series(["E1"], dtype="str")
    ledger["name"] = pd.Series(["=cmd()"], dtype="str")
    ledger["sector"] = pd.Series(["-cement"], dtype="str")
    ledger["label"] = pd.Series(["hypothetical"], dtype="str")
    (tmp_path / "rules.toml").write_text("", encoding="utf-8")
    result = {"summary": {"name": "r", "rules": str(tmp_path / "rules.toml")},
              "allocation": pd.DataFrame({"enterprise_id": pd.Series(["@x"], dtype="str"),
                                          "allocation_t": [5.0]}),
              "ledger": ledger, "market": pd.DataFrame({"year": [2025], "price": [-3.0]})}
    folder = write_allocation(result, tmp_path / "out")
    written = pd.read_csv(folder / "ledger.csv", dtype=str, encoding="utf-8-sig")
    assert written.loc[0, "name"] == "'=cmd()"
    assert written.loc[0, "sector"] == "'-cement"
    assert written.loc[0, "enterprise_id"] == "E1"
    allocation = pd.read_csv(folder / "allocation.csv", dtype=str, encoding="utf-8-sig")
    assert allocation.loc[0, "enterprise_id"] == "'@x"
    market = pd.read_csv(folder / "market.csv", dtype=str, encoding="utf-8-sig")
    assert market.loc[0, "price"] == "-3.0"           # a negative number is not a formula


def test_sweep_tables_guard_text_of_the_str_dtype(tmp_path):
    frame = pd.DataFrame({"scenario": pd.Series(["+1 case", "plain"], dtype="str"),
                          "value": [-1.5, 2.0]})
    store.write_csv(frame, tmp_path / "t.csv")
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text == ["scenario,value", "'+1 case,-1.5", "plain,2.0"]
