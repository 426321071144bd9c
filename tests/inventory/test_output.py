"""The inventory files: the CSV contract, the XLSX sheets, text stays text, atomic writes."""

import csv

import pytest
from openpyxl import load_workbook

from carbon.cli import main

CONTRACT = {"year", "category", "activity", "gas", "scope", "emissions_t", "co2e_t", "factor_ids"}


@pytest.fixture
def activity(tmp_path):
    path = tmp_path / "act.csv"
    path.write_text("year,category,activity,amount,unit,note\n"
                    "2020,1.A.3.b,diesel,1000,t,=1+1\n"
                    "2020,1.A.4.a,electricity_grid,1000,MWh,\n", encoding="utf-8")
    return path


def test_csv_has_the_contract_columns(tmp_path, activity, capsys):
    out = tmp_path / "inv.csv"
    assert main(["inventory", str(activity), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")    # UTF-8 with BOM, for Excel
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert CONTRACT <= set(rows[0])
    assert {r["scope"] for r in rows} == {"1", "2"}
    printed = capsys.readouterr().out
    assert "scope 2 total" in printed and "AR5" in printed and "transport" in printed


def test_xlsx_has_summary_and_factors(tmp_path, activity):
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(activity), "--out", str(out), "--gwp", "AR6"]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["summary", "inventory", "factors", "data_gaps", "gpc"]
    summary = {r[0]: r[1] for r in book["summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["GWP set"].startswith("AR6")
    assert summary["grid-factor year"] == "2021"
    factors = list(book["factors"].iter_rows(values_only=True))
    header = factors[0]
    assert {"factor_id", "source", "quality"} <= set(header)
    ids = {r[header.index("factor_id")] for r in factors[1:]}
    assert {"grid_hunan_2021", "cn_ncv_diesel", "cn_cc_diesel_ent2013"} <= ids
    assert all(r[header.index("source")] for r in factors[1:])


def test_text_from_inputs_is_never_a_formula(tmp_path):
    # a user factor's source that looks like a formula must stay text in the factors sheet
    (tmp_path / "act.csv").write_text("year,category,activity,amount,unit\n"
                                      "2020,1.A.3.b,diesel,1,t\n")
    (tmp_path / "f.csv").write_text("activity,gas,parameter,value,unit,source\n"
                                    "diesel,CO2,ef,3,t/t,=HYPERLINK(\"http://x\")\n")
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(tmp_path / "act.csv"), "--factors", str(tmp_path / "f.csv"),
                 "--out", str(out)]) == 0
    sheet = load_workbook(out)["factors"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_unknown_output_suffix_is_a_clear_error(tmp_path, activity, capsys):
    assert main(["inventory", str(activity), "--out", str(tmp_path / "inv.json")]) == 1
    assert ".csv or .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "inv.json").exists()
