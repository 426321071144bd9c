"""Data-collection workbooks: structure, drop-downs, protected factors, and a round trip in both
languages that gives the same inventory as the CSV route."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from carbon.cli import main
from carbon.errors import DataError
from carbon.inventory import compile_inventory, load_factors, read_activity
from carbon.registry import read_report, write_template
from carbon.registry.vocabulary import offered_units

ROWS = [  # year, category, activity key, Chinese name, amount, unit
    (2021, "1.A.2", "raw_coal", "原煤", 1200, "t"),
    (2021, "1.A.2.f", "natural_gas", "天然气", 35.5, "万m3"),
    (2021, "1.A.4.a", "electricity_grid", "电力", 800, "万kWh"),
    (2021, "1.A.3.b", "diesel", "柴油", 90, "t"),
]


def _validations(sheet) -> dict[str, str]:
    return {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inventory_template_round_trip(tmp_path, lang):
    path = write_template("inventory", tmp_path / f"form_{lang}.xlsx", lang=lang, year=2021)
    book = openpyxl.load_workbook(path)
    sheet = book["activity"]
    for i, (year, category, key, zh, amount, unit) in enumerate(ROWS, start=2):
        for j, value in enumerate((year, category, zh if lang == "zh" else key, amount, unit),
                                  start=1):
            sheet.cell(i, j, value)
    book.save(path)
    csv = tmp_path / "activity.csv"
    pd.DataFrame([(y, c, k, a, u) for y, c, k, _zh, a, u in ROWS],
                 columns=["year", "category", "activity", "amount", "unit"]
                 ).to_csv(csv, index=False)
    factors = load_factors()
    from_form = compile_inventory(read_activity([path]), factors)
    from_csv = compile_inventory(read_activity([csv]), factors)
    pd.testing.assert_frame_equal(from_form, from_csv)
    # and through the command, unchanged
    assert main(["inventory", str(path)]) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_structure(tmp_path, lang):
    path = write_template("enterprise", tmp_path / "e.xlsx", lang=lang, year=2021)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == ["report", "activity", "production", "factors", "lists"]
    assert book.sheetnames[0] == ("说明" if lang == "zh" else "instructions")
    activity = book["activity"]
    assert [c.value for c in activity[1]][:5] == ["year", "category", "activity", "amount", "unit"]
    rules = _validations(activity)
    assert rules["B2"] == "=lists!$E$2:$E$85"              # the 84 codes of categories.csv
    lists = book["lists"]
    assert lists.sheet_state == "hidden"
    n_units = len(offered_units())
    assert rules["E2"] == f"=lists!$G$2:$G${n_units + 1}"
    assert [lists.cell(r, 7).value for r in range(2, n_units + 2)] == offered_units()
    names = [lists.cell(r, 1).value for r in range(2, 15)]
    assert ("原煤" in names and "电力" in names) if lang == "zh" else "raw_coal" in names
    # expected unit and hint beside each row: look-ups of the activity chosen
    header = [c.value for c in activity[1]]
    expected = activity.cell(2, header.index("expected_unit") + 1).value
    hint = activity.cell(2, header.index("hint") + 1).value
    assert "VLOOKUP(C2" in expected and ",2,FALSE" in expected and ",3,FALSE" in hint
    factors = book["factors"]
    assert factors.protection.sheet
    header = [c.value for c in factors[2]]
    assert {"factor_id", "source", "quality"} <= set(header)
    ids = [factors.cell(r, 1).value for r in range(3, factors.max_row + 1)]
    assert "grid_hunan_2021" in ids and "cn_ncv_natural_gas" in ids
    sources = [factors.cell(r, header.index("source") + 1).value for r in
               range(3, factors.max_row + 1)]
    assert all(sources)


def test_enterprise_form_reads_back_in_both_languages(tmp_path, fill):
    report = read_report(fill())
    assert report.header["enterprise_id"] == "E1" and report.header["output"] == 1000
    blank = write_template("enterprise", tmp_path / "zh.xlsx", lang="zh", year=2021)
    book = openpyxl.load_workbook(blank)
    sheet = book["report"]
    values = {"enterprise_id": "E1", "enterprise_name": "试验企业", "year": 2021,
              "product": "前驱体", "output": 500, "output_unit": "t", "reporter": "李明",
              "report_date": "2022-03-01"}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value in values:
            sheet.cell(row, 2, values[sheet.cell(row, 1).value])
    for j, value in enumerate((2021, "1.A.2", "天然气", 10, "万m3"), start=1):
        book["activity"].cell(2, j, value)
    book.save(blank)
    parsed = read_report(blank)
    assert list(parsed.activity["activity"]) == ["natural_gas"]
    assert parsed.header["reporter"] == "李明"


def test_template_text_is_never_a_formula(tmp_path):
    path = write_template("inventory", tmp_path / "f.xlsx", lang="en", year=2021)
    book = openpyxl.load_workbook(path)
    for sheet in (book["instructions"], book["factors"], book["lists"]):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_template_bad_arguments(tmp_path):
    with pytest.raises(DataError, match="must end in .xlsx"):
        write_template("inventory", tmp_path / "f.csv", year=2021)
    assert main(["template", "enterprise", "--lang", "en", "--out",
                 str(tmp_path / "ok.xlsx")]) == 0
    assert (tmp_path / "ok.xlsx").is_file()


def test_missing_required_field(fill):
    path = fill(extra={"reporter": None})
    book = openpyxl.load_workbook(path)
    for row in range(2, book["report"].max_row + 1):
        if book["report"].cell(row, 1).value == "reporter":
            book["report"].cell(row, 2).value = None
    book.save(path)
    with pytest.raises(DataError, match="no 'reporter'"):
        read_report(path)
