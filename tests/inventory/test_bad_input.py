"""Bad activity input: one clear line naming file, row, column, found and expected; no output."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from carbon.cli import main

HEADER = "year,category,activity,amount,unit\n"


def run_bad(tmp_path: Path, capsys, text: str | bytes, *, name: str = "act.csv"):
    """Run `carbon inventory` on a bad file; return stderr; check no output and exit 1."""
    source = tmp_path / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    code = main(["inventory", str(source), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert not out.exists(), "nothing may be written when the input is bad"
    assert [p.name for p in tmp_path.iterdir()] == [name], "no temporary file may be left"
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(source) in err
    return err


def test_missing_column(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, "year,category,activity,unit\n2020,1.A.2,diesel,t\n")
    assert "missing column 'amount'" in err and "row 1" in err


def test_empty_file(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, "")
    assert "empty" in err


def test_header_only(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER)
    assert "no data rows" in err


def test_non_numeric_amount(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.2,diesel,10,t\n2020,1.A.2,diesel,abc,t\n")
    assert "row 3" in err and "column 'amount'" in err and "found 'abc'" in err
    assert "expected a number" in err


def test_negative_amount(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.2,diesel,-3,t\n")
    assert "row 2" in err and "column 'amount'" in err and "-3" in err and ">= 0" in err


def test_unknown_unit(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.2,diesel,3,bananas\n")
    assert "row 2" in err and "column 'unit'" in err and "bananas" in err


def test_unit_that_does_not_fit(tmp_path, capsys):
    # diesel is measured by mass (its calorific value is in GJ/t): a volume cannot be converted
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.3.b,diesel,3,t\n2020,1.A.3.b,diesel,3,m3\n")
    assert "row 3" in err and "column 'unit'" in err and "'m3'" in err and "mass" in err


def test_electricity_in_tonnes_does_not_fit(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.4.b,electricity_grid,3,t\n")
    assert "row 2" in err and "energy" in err


def test_unknown_activity_suggests_nearest(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.2,deisel,3,t\n")
    assert "unknown activity 'deisel'" in err and "diesel" in err and "row 2" in err


def test_unknown_category(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.9,diesel,3,t\n")
    assert "unknown category '1.A.9'" in err and "column 'category'" in err


def test_malformed_category(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, HEADER + "2020,1A2,diesel,3,t\n")
    assert "found '1A2'" in err and "IPCC 2006 category code" in err


@pytest.mark.parametrize("year", ["20x0", "2020.5", "1066"])
def test_bad_year(tmp_path, capsys, year):
    err = run_bad(tmp_path, capsys, HEADER + f"{year},1.A.2,diesel,3,t\n")
    assert "row 2" in err and "column 'year'" in err and year in err


def test_duplicated_header(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, "year,category,activity,amount,amount,unit\n"
                                    "2020,1.A.2,diesel,3,3,t\n")
    assert "'amount' twice" in err


def test_missing_sheet(tmp_path, capsys):
    book = Workbook()
    book.active.title = "data"
    book.active.append(["year", "category", "activity", "amount", "unit"])
    book.save(tmp_path / "act.xlsx")
    out = tmp_path / "out.csv"
    assert main(["inventory", str(tmp_path / "act.xlsx"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no sheet named 'activity'" in err and "data" in err and not out.exists()


def test_missing_file(tmp_path, capsys):
    assert main(["inventory", str(tmp_path / "nope.csv")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_bad_user_factor_file(tmp_path, capsys):
    (tmp_path / "act.csv").write_text(HEADER + "2020,1.A.2,diesel,3,t\n")
    (tmp_path / "f.csv").write_text("activity,gas,parameter,value,unit\ndiesel,CO2,ef,lots,t/t\n")
    out = tmp_path / "out.csv"
    assert main(["inventory", str(tmp_path / "act.csv"), "--factors", str(tmp_path / "f.csv"),
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "f.csv" in err and "row 2" in err and "column 'value'" in err and not out.exists()


def test_unknown_region(tmp_path, capsys):
    (tmp_path / "act.csv").write_text(HEADER + "2020,1.A.2,diesel,3,t\n")
    assert main(["inventory", str(tmp_path / "act.csv"), "--region", "hunnan"]) == 1
    err = capsys.readouterr().err
    assert "unknown region 'hunnan'" in err and "hunan" in err


def test_rows_keep_their_spreadsheet_numbers_after_a_blank_line(tmp_path, capsys):
    # line 3 is blank: it is reported as row 3 (not silently dropped, and not renumbered)
    err = run_bad(tmp_path, capsys, HEADER + "2020,1.A.2,diesel,1,t\n\n2020,1.A.2,diesel,2,t\n"
                                             "2020,1.A.2,diesel,x,t\n")
    assert "row 3: the row is empty, between data rows" in err
    (tmp_path / "b").mkdir()
    err = run_bad(tmp_path / "b", capsys,
                  HEADER + "2020,1.A.2,diesel,1,t\n\n2020,1.A.2,diesel,x,t\n"
                  .replace("\n\n", "\n,,,,\n"))
    assert "row 3" in err


def test_a_blank_row_between_data_rows_is_named_by_read_csv_text(tmp_path):
    from carbon.errors import DataError
    from carbon.tables import read_csv_text

    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.2,diesel,1,t\n  ,\t,,,\n"
                                             "2020,1.A.2,diesel,x,t\n")
    with pytest.raises(DataError, match=r"a.csv, row 3: the row is empty"):
        read_csv_text(tmp_path / "a.csv")


def test_trailing_empty_rows_are_ignored(tmp_path):
    from carbon.inventory import inventory_from_files

    (tmp_path / "act.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1000,t\n,,,,\n\n,,,,\n")
    inv = inventory_from_files([tmp_path / "act.csv"])
    assert inv.loc[inv["gas"] == "CO2", "emissions_t"].sum() == pytest.approx(3095.90968, rel=1e-7)
