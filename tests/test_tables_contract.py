"""``carbon.tables``: every function pinned by its documented contract (issue 6, mutation run).

Each error is compared with its whole text: the file, the row as a spreadsheet shows it (the header
is row 1, the first data row is row 2), the column, and the wording. Expected values are worked
by hand from the docstrings; ``numeric_column`` has its own tests in ``test_tables_mutants.py``.
"""

from __future__ import annotations

import math
import os
import re
import stat
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from carbon.errors import DataError
from carbon.tables import (
    _field_count_error,
    _xlsx_text,
    apply_umask,
    atomic_folder,
    atomic_write,
    check_known_columns,
    check_parents,
    guard_cells,
    parse_number,
    read_csv_text,
    read_table,
    read_xlsx_sheet,
    require_columns,
    sheet_row,
    strip_text,
    unguard,
    write_csv,
)

FIELDS_HINT = ("(a trailing comma, or a comma inside a cell that is not quoted: put such cells "
               "in double quotes)")
BLANK_ROW = "the row is empty, between data rows: delete it or fill it in"
EMPTY_FILE = "the file is empty: expected a header row and data rows"
UNDECODABLE = "cannot decode the file: expected UTF-8 (with or without BOM) or GB18030/GBK"
FORMULA = ("a formula without a saved value: open the workbook in Excel or LibreOffice and save "
           "it, or type the number")
COMMA = ("a comma is read only between groups of three digits, as in 1,234,567; write a decimal "
         "with a point, as in 1.5")
KEPT = "a column of your own is kept if its name starts with 'x_'"


def csv_file(tmp_path: Path, text: str | bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(call, *args, **kwargs) -> str:
    """The whole text of the DataError that ``call`` raises."""
    with pytest.raises(DataError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with the named sheets, each filled row by row (openpyxl saves no values for
    formulas: a formula cell has no saved value, as in a workbook written by a program)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def edit_sheet_xml(path: Path, change) -> None:
    """Rewrite the first sheet's XML (to give a formula a saved value, drop the dimension...)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def columns_of(frame: pd.DataFrame) -> dict[str, list[object]]:
    return {c: frame[c].tolist() for c in frame.columns}


# sheet_row ---------------------------------------------------------------------------------------
def test_sheet_row_counts_the_header_as_row_1():
    # position 0 is the first data row, below the header (row 1): row 2
    assert [sheet_row(0), sheet_row(1), sheet_row(np.int64(8))] == [2, 3, 10]


# read_csv_text: the file itself ---------------------------------------------------------------
def test_a_missing_file_and_a_folder_are_named(tmp_path):
    assert error_of(read_csv_text, tmp_path / "no.csv") == f"{tmp_path / 'no.csv'}: file not found"
    (tmp_path / "d.csv").mkdir()
    assert error_of(read_csv_text, tmp_path / "d.csv") == \
        f"{tmp_path / 'd.csv'}: is a folder, expected a file"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b" \r\n\t\n",
                                  b"\xef\xbb\xbf \n\n"])
def test_an_empty_file_is_refused(tmp_path, data):
    path = csv_file(tmp_path, data)
    assert error_of(read_csv_text, path) == f"{path}: {EMPTY_FILE}"


@pytest.mark.parametrize("data", [b"a\n\xff\n", b"a,b\n1,2\n3,\x80\n"])
def test_an_undecodable_file_is_refused(tmp_path, data):
    # 0xff and a lone 0x80 are neither UTF-8 nor GB18030
    path = csv_file(tmp_path, data)
    assert error_of(read_csv_text, path) == f"{path}: {UNDECODABLE}"


def test_a_path_given_as_text_is_read(tmp_path):
    path = csv_file(tmp_path, "a,b\n1,x\n")
    assert columns_of(read_csv_text(str(path))) == {"a": ["1"], "b": ["x"]}


# read_csv_text: encodings ---------------------------------------------------------------------
def test_utf8_without_and_with_bom(tmp_path):
    text = "名称,数量\n煤炭,12\n"
    plain = read_csv_text(csv_file(tmp_path, text.encode("utf-8"), "a.csv"))
    marked = read_csv_text(csv_file(tmp_path, text.encode("utf-8-sig"), "b.csv"))
    for frame in (plain, marked):
        assert columns_of(frame) == {"名称": ["煤炭"], "数量": ["12"]}


def test_gb18030_is_read_when_utf8_fails(tmp_path):
    data = "名称,数量\n煤炭,12\n".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")            # the file is really not UTF-8
    frame = read_csv_text(csv_file(tmp_path, data))
    assert columns_of(frame) == {"名称": ["煤炭"], "数量": ["12"]}


def test_gb18030_error_beyond_the_first_rows_still_falls_back(tmp_path):
    # the two first rows are ASCII (the header check reads them); row 4 is GB18030 ("柴油" in
    # GB18030 is not UTF-8, unlike "煤炭" or "原煤", whose GB18030 bytes happen to be UTF-8 too)
    data = "a,b\n1,x\n2,y\n3,".encode() + "柴油".encode("gb18030") + b"\n"
    assert read_csv_text(csv_file(tmp_path, data))["b"].tolist() == ["x", "y", "柴油"]


# read_csv_text: cells are text ----------------------------------------------------------------
def test_every_cell_is_text_and_empty_cells_are_empty_strings(tmp_path):
    frame = read_csv_text(csv_file(tmp_path, " a , b ,NA\n1,,nan\n2.50, x ,NA\n"))
    # the header is stripped, cells are not; "NA" and "nan" stay text (no NaN anywhere)
    assert columns_of(frame) == {"a": ["1", "2.50"], "b": ["", " x "], "NA": ["nan", "NA"]}
    assert all(pd.api.types.is_object_dtype(frame[c]) for c in frame.columns)
    assert list(frame.index) == [0, 1]


def test_numeric_and_categorical_columns(tmp_path):
    path = csv_file(tmp_path, " n , c ,t,f\n1,x,a,1.5\n2,y,b,2\n3,x,c,-0.25\n")
    frame = read_csv_text(path, numeric=["n", "f"], categorical=["c"])
    assert frame["n"].dtype == np.int64 and frame["n"].tolist() == [1, 2, 3]
    assert frame["f"].dtype == np.float64 and frame["f"].tolist() == [1.5, 2.0, -0.25]
    assert isinstance(frame["c"].dtype, pd.CategoricalDtype)
    assert sorted(frame["c"].cat.categories) == ["x", "y"] and frame["c"].tolist() == ["x", "y",
                                                                                       "x"]
    assert pd.api.types.is_object_dtype(frame["t"]) and frame["t"].tolist() == ["a", "b", "c"]
    assert list(frame.columns) == ["n", "c", "t", "f"]
    # without the options every column is text
    plain = read_csv_text(path)
    assert plain["n"].tolist() == ["1", "2", "3"] and plain["f"].tolist() == ["1.5", "2", "-0.25"]
    assert not isinstance(plain["c"].dtype, pd.CategoricalDtype)


def test_a_numeric_column_first_is_read(tmp_path):
    frame = read_csv_text(csv_file(tmp_path, "n,t\n1,a\n2,b\n"), numeric=("n",))
    assert frame["n"].tolist() == [1, 2] and frame["t"].tolist() == ["a", "b"]


def test_a_numeric_column_with_any_other_cell_stays_text(tmp_path):
    path = csv_file(tmp_path, "n,m\n1,2\nabc,3\n,4\n")
    frame = read_csv_text(path, numeric=["n", "m"])
    assert frame["n"].tolist() == ["1", "abc", ""]
    assert not pd.api.types.is_numeric_dtype(frame["n"])
    assert frame["m"].tolist() == [2, 3, 4] and frame["m"].dtype == np.int64


@pytest.mark.parametrize("cell", ["inf", "-inf", "Infinity", "nan", "NaN", "1e400"])
def test_non_finite_cells_of_a_numeric_column_are_kept_as_typed(tmp_path, cell):
    frame = read_csv_text(csv_file(tmp_path, f"n,m\n1.5,2\n{cell},3\n"), numeric=["n", "m"])
    assert frame["n"].tolist() == ["1.5", cell]
    assert frame["m"].tolist() == [2, 3]


def test_a_categorical_column_keeps_trailing_rows_out(tmp_path):
    frame = read_csv_text(csv_file(tmp_path, "c,d\nx,1\ny,2\n,\n"), categorical=["c"])
    assert isinstance(frame["c"].dtype, pd.CategoricalDtype)
    assert frame["c"].tolist() == ["x", "y"] and frame["d"].tolist() == ["1", "2"]


# read_csv_text: header ------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["a,b,a", "a, a", "a ,b,a"])
def test_a_repeated_column_name_is_refused(tmp_path, header):
    path = csv_file(tmp_path, header + "\n" + ",".join("1" * (header.count(",") + 1)) + "\n")
    assert error_of(read_csv_text, path) == f"{path}, row 1: the header names column 'a' twice"


def test_a_header_only_file_has_its_columns_and_no_rows(tmp_path):
    frame = read_csv_text(csv_file(tmp_path, "a,b\n"))
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0
    # only a byte-order mark and blanks make a file empty, not a header of one letter
    frame = read_csv_text(csv_file(tmp_path, "\ufeffX\n", "x.csv"))
    assert list(frame.columns) == ["X"] and len(frame) == 0


# read_csv_text: field counts ------------------------------------------------------------------
def test_a_first_data_row_longer_than_the_header(tmp_path):
    path = csv_file(tmp_path, "a,b\n1,2,3\n")
    assert error_of(read_csv_text, path) == f"{path}: row 2 has 3 fields, the header has 2 " \
        + FIELDS_HINT


def test_a_later_data_row_longer_than_the_header(tmp_path):
    path = csv_file(tmp_path, "a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n")
    assert error_of(read_csv_text, path) == f"{path}: row 4 has 4 fields, the header has 3 " \
        + FIELDS_HINT


def test_an_unterminated_quote_is_not_a_valid_csv_table(tmp_path):
    path = csv_file(tmp_path, 'a,b\n"1,2\n')
    assert error_of(read_csv_text, path) == (
        f"{path}: not a valid CSV table (Error tokenizing data. C error: EOF inside string "
        "starting at row 1)")


def test_field_count_error_reads_the_parser_message():
    error = _field_count_error("Error tokenizing data. C error: Expected 12 fields in line 40, "
                               "saw 13\n", Path("f.csv"))
    assert str(error) == f"f.csv: row 40 has 13 fields, the header has 12 {FIELDS_HINT}"
    # any other message: its last line, without the blank lines and blanks at its end
    error = _field_count_error("Error tokenizing data.\nC error: bad  \n\n", "g.csv")
    assert isinstance(error, DataError)
    assert str(error) == "g.csv: not a valid CSV table (C error: bad)"


# read_csv_text: columns without a name --------------------------------------------------------
def test_unnamed_empty_columns_are_dropped(tmp_path):
    # a trailing comma everywhere, a blank header cell in the middle, cells of only blanks
    frame = read_csv_text(csv_file(tmp_path, "a,, b , \n1,,2, \n3,\t,4,\n"))
    assert columns_of(frame) == {"a": ["1", "3"], "b": ["2", "4"]}


def test_an_unnamed_column_with_a_value_is_named_by_its_number_and_first_row(tmp_path):
    path = csv_file(tmp_path, "a,,b\n1,,2\n3,x,4\n5,y,6\n")
    assert error_of(read_csv_text, path) == \
        f"{path}, row 3: column 2 has values but no name in the header"
    path = csv_file(tmp_path, "a,b,,\n1,2,,z\n", "u.csv")
    assert error_of(read_csv_text, path) == \
        f"{path}, row 2: column 4 has values but no name in the header"


# read_csv_text: empty rows --------------------------------------------------------------------
@pytest.mark.parametrize("text", ["a,b\n1,2\n,\n \n\n", "a,b\n1,2\n\n\n", "a,b\n1,2\n \t, \n"])
def test_trailing_empty_rows_are_dropped(tmp_path, text):
    frame = read_csv_text(csv_file(tmp_path, text))
    assert columns_of(frame) == {"a": ["1"], "b": ["2"]} and list(frame.index) == [0]


@pytest.mark.parametrize("text, row", [
    ("a\n1\n\n2\n", 3),                      # one column, a blank line
    ("a,b\n1,2\n,\n3,4\n", 3),               # commas only
    ("a,b\n1,2\n , \t\n3,4\n", 3),           # blanks only
    ("a,b\n1,2\n3,4\n\n,\n5,6\n,\n", 4),     # two empty rows: the first is named
])
def test_an_empty_row_between_data_rows_is_refused(tmp_path, text, row):
    path = csv_file(tmp_path, text)
    assert error_of(read_csv_text, path) == f"{path}, row {row}: {BLANK_ROW}"


def test_a_row_with_one_filled_cell_is_not_empty(tmp_path):
    # row 2 has a value in 'a' and a blank in 'b'; row 4 a value in 'b' only
    frame = read_csv_text(csv_file(tmp_path, "a,b\n1, \n2,3\n,4\n"))
    assert columns_of(frame) == {"a": ["1", "2", ""], "b": [" ", "3", "4"]}


def test_only_empty_rows_below_the_header_leave_no_rows(tmp_path):
    frame = read_csv_text(csv_file(tmp_path, "a,b\n,\n , \n"))
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


# read_csv_text: guarded cells -----------------------------------------------------------------
def test_cells_guarded_by_write_csv_are_read_back_and_other_quotes_stay(tmp_path):
    path = csv_file(tmp_path, "t,u\n'=A1,it's\n'-x,'a\n'@h,''=y\n")
    assert columns_of(read_csv_text(path)) == {"t": ["=A1", "-x", "@h"],
                                               "u": ["it's", "'a", "'=y"]}
    frame = read_csv_text(path, categorical=["t"])
    assert isinstance(frame["t"].dtype, pd.CategoricalDtype)
    assert frame["t"].tolist() == ["=A1", "-x", "@h"]


# read_xlsx_sheet ------------------------------------------------------------------------------
def test_xlsx_missing_file_folder_and_broken_workbook(tmp_path):
    assert error_of(read_xlsx_sheet, tmp_path / "no.xlsx", "data") == \
        f"{tmp_path / 'no.xlsx'}: file not found"
    (tmp_path / "d.xlsx").mkdir()
    assert error_of(read_xlsx_sheet, tmp_path / "d.xlsx", "data") == \
        f"{tmp_path / 'd.xlsx'}: is a folder, expected a file"
    (tmp_path / "b.xlsx").write_bytes(b"a,b\n1,2\n")        # a CSV renamed: not a zip archive
    assert error_of(read_xlsx_sheet, tmp_path / "b.xlsx", "data") == \
        f"{tmp_path / 'b.xlsx'}: cannot open the workbook (BadZipFile)"


def test_xlsx_missing_sheet_lists_the_sheets(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a"], [1]], "notes": [["x"]]})
    assert error_of(read_xlsx_sheet, path, "activity") == \
        f"{path}: no sheet named 'activity' (found: data, notes)"


@pytest.mark.parametrize("rows", [[], [[None, None]], [[" ", None], [None, "  "]]])
def test_xlsx_empty_sheet(tmp_path, rows):
    path = workbook(tmp_path / "w.xlsx", {"other": [["a"], [1]], "data": rows})
    assert error_of(read_xlsx_sheet, path, "data") == \
        f"{path}: sheet 'data' is empty: expected a header row and data rows"


def test_xlsx_cells_are_read_as_typed_text(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [
        [" year ", "name", "amount", "note"],
        [2020, "煤炭", 1.5, None],
        [2021, " x ", "=2*500", "only text"],
    ]})
    frame = read_xlsx_sheet(path, "data")
    # header stripped, cells not; 2020 without '.0'; a formula without a saved value as typed
    assert columns_of(frame) == {"year": ["2020", "2021"], "name": ["煤炭", " x "],
                                 "amount": ["1.5", "=2*500"], "note": ["", "only text"]}
    assert list(frame.index) == [0, 1]


def test_xlsx_a_formula_with_a_saved_value_is_read_as_that_value(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", "b"], [1, "=2*500"]]})
    edit_sheet_xml(path, lambda xml: xml.replace("<f>2*500</f><v />", "<f>2*500</f><v>1000</v>"))
    assert columns_of(read_xlsx_sheet(path, "data")) == {"a": ["1"], "b": ["1000"]}


def test_xlsx_floats_that_are_whole_numbers_read_without_point_zero(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", "b", "c"], [7, 3, 5]]})
    # a program that stores every number as a float: 2020.0; 1E15 is beyond the integer text
    edit_sheet_xml(path, lambda xml: xml.replace("<v>7</v>", "<v>2020.0</v>")
                   .replace("<v>3</v>", "<v>1E15</v>").replace("<v>5</v>", "<v>-0.5</v>"))
    assert columns_of(read_xlsx_sheet(path, "data")) == {
        "a": ["2020"], "b": ["1000000000000000.0"], "c": ["-0.5"]}


def test_xlsx_trailing_formula_only_rows_end_the_table(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [
        ["a", "b", "c"],
        [1, "x", "=A2*2"],
        ["=A2", "=B2", None],          # formulas only, between data rows: kept as typed
        [3, "y", None],
        [None, "=B4", "=C4"],          # formulas only, below the data: dropped
        [" ", None, None],             # blanks only: dropped
        ["=A4", None, None],
    ]})
    assert columns_of(read_xlsx_sheet(path, "data")) == {
        "a": ["1", "=A2", "3"], "b": ["x", "=B2", "y"], "c": ["=A2*2", "", ""]}


def test_xlsx_a_last_row_of_text_is_data(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", "b"], ["x", "y"]]})
    assert columns_of(read_xlsx_sheet(path, "data")) == {"a": ["x"], "b": ["y"]}


def test_xlsx_a_header_of_formulas_only_is_kept(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["=1+1"]]})
    frame = read_xlsx_sheet(path, "data")
    assert list(frame.columns) == ["=1+1"] and len(frame) == 0


def test_xlsx_duplicate_header(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [[" a", "b", "a "], [1, 2, 3]]})
    assert error_of(read_xlsx_sheet, path, "data") == \
        f"{path} [sheet data], row 1: the header names column 'a' twice"


def test_xlsx_unnamed_columns(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", None, "b"], [1, None, 2], [3, " ", 4]]})
    assert columns_of(read_xlsx_sheet(path, "data")) == {"a": ["1", "3"], "b": ["2", "4"]}
    path = workbook(tmp_path / "v.xlsx", {"data": [["a"], [1, None], [2, 5], [3, 6]]})
    assert error_of(read_xlsx_sheet, path, "data") == \
        f"{path} [sheet data], row 3: column 2 has values but no name in the header"


def test_xlsx_empty_rows(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", "b"], [1, 2], [None, " "], [3, 4]]})
    assert error_of(read_xlsx_sheet, path, "data") == f"{path} [sheet data], row 3: {BLANK_ROW}"
    path = workbook(tmp_path / "v.xlsx", {"data": [["a", "b"], [1, 2], [None, " "], ["", None]]})
    frame = read_xlsx_sheet(path, "data")
    assert columns_of(frame) == {"a": ["1"], "b": ["2"]} and list(frame.index) == [0]


def test_xlsx_short_rows_are_padded_with_empty_cells(tmp_path):
    # without a <dimension> element (some programs write none) openpyxl gives short rows
    path = workbook(tmp_path / "w.xlsx", {"data": [["a", "b", "c"], [1], ["x", 2]]})
    edit_sheet_xml(path, lambda xml: re.sub(r"<dimension[^>]*/>", "", xml))
    assert columns_of(read_xlsx_sheet(path, "data")) == {
        "a": ["1", "x"], "b": ["", "2"], "c": ["", ""]}


# _xlsx_text -----------------------------------------------------------------------------------
@pytest.mark.parametrize("value, text", [
    (None, ""), (0.0, "0"), (-0.0, "0"), (1.5, "1.5"), (-2020.0, "-2020"),
    (999999999999999.0, "999999999999999"), (-999999999999999.0, "-999999999999999"),
    (-1e15, "-1000000000000000.0"), (12, "12"), (True, "True"), ("  a ", "  a "),
])
def test_xlsx_text(value, text):
    assert _xlsx_text(value) == text


# read_table -----------------------------------------------------------------------------------
def test_read_table_reads_sheet1_of_a_workbook_by_default(tmp_path):
    for name in ("w.xlsx", "w.XLSX", "w.xlsm"):
        path = workbook(tmp_path / name, {"other": [["o"], ["no"]], "Sheet1": [["a"], [1]]})
        assert columns_of(read_table(path)) == {"a": ["1"]}
        assert columns_of(read_table(str(path), sheet="other")) == {"o": ["no"]}


def test_read_table_names_the_default_sheet_when_missing(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"data": [["a"], [1]]})
    assert error_of(read_table, path) == f"{path}: no sheet named 'Sheet1' (found: data)"


def test_read_table_reads_anything_else_as_csv_with_its_options(tmp_path):
    for name in ("t.csv", "t.txt", "t"):
        path = csv_file(tmp_path, "n,c\n1,x\n2,x\n", name)
        frame = read_table(str(path), sheet="ignored", numeric=["n"], categorical=["c"])
        assert frame["n"].tolist() == [1, 2] and frame["n"].dtype == np.int64
        assert isinstance(frame["c"].dtype, pd.CategoricalDtype) and frame["c"].tolist() == \
            ["x", "x"]


# strip_text -----------------------------------------------------------------------------------
def test_strip_text_on_text_keeps_the_index():
    out = strip_text(pd.Series([" a", "b ", " a", "c"], index=[10, 20, 30, 40]))
    assert out.tolist() == ["a", "b", "a", "c"] and list(out.index) == [10, 20, 30, 40]
    assert out.dtype == object


def test_strip_text_on_numbers_gives_their_text():
    assert strip_text(pd.Series([1, 22, 1])).tolist() == ["1", "22", "1"]


def test_strip_text_keeps_a_categorical_column_categorical():
    cells = pd.Series(pd.Categorical([" x", "y ", " x"], categories=[" x", "y ", "z"]),
                      index=[5, 6, 7])
    out = strip_text(cells)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert list(out.cat.categories) == ["x", "y", "z"]
    assert out.tolist() == ["x", "y", "x"] and list(out.index) == [5, 6, 7]


def test_strip_text_makes_merged_categories_plain_text():
    # " a" and "a" become one: the result is text, not a categorical with a category twice
    out = strip_text(pd.Series(pd.Categorical(["a", " a", "b"]), index=[3, 1, 2]))
    assert not isinstance(out.dtype, pd.CategoricalDtype) and out.dtype == object
    assert out.tolist() == ["a", "a", "b"] and list(out.index) == [3, 1, 2]


# check_known_columns --------------------------------------------------------------------------
def test_known_and_kept_columns_pass():
    assert check_known_columns(["year", "x_station", "x_"], ["year", "note"], "f.csv") is None
    assert check_known_columns(pd.Index(["note"]), iter(["year", "note"]), "f.csv") is None


@pytest.mark.parametrize("name, known, hint", [
    # "sourse"/"source": blocks "sour" + "e" = 5 of 12 characters: 2*5/12 = 0.83 >= 0.6
    ("sourse", ["year", "source", "note"], " (nearest known: source)"),
    # "CO3"/"CO2": 2*2/6 = 0.67 >= 0.6, as typed (lower case "co3" shares nothing with "CO2")
    ("CO3", ["CO2", "gas"], " (nearest known: CO2)"),
    # "SOURCES": nothing in common as typed; "sources"/"source": 2*6/13 = 0.92 >= 0.4
    ("SOURCES", ["source", "year"], " (nearest known: source)"),
    # "SOURxxxx" in lower case: "sour" 4 of 14: 2*4/14 = 0.57, between the cutoffs 0.4 and 0.6
    ("SOURxxxx", ["source", "year"], " (nearest known: source)"),
    # "SOxxxxxx": "so" 2*2/14 = 0.29 < 0.4; "ABxy"/"ABCD": 2*2/8 = 0.5 < 0.6 as typed, 0 lower
    ("SOxxxxxx", ["source", "year"], ""),
    ("ABxy", ["ABCD"], ""),
    ("X_station", ["year"], ""),           # the prefix is lower-case x_
])
def test_an_unknown_column_is_refused_with_the_nearest_known(name, known, hint):
    message = error_of(check_known_columns, [known[0], name], iter(known), "f.csv")
    assert message == (f"f.csv, row 1, column '{name}': unknown column '{name}'{hint}: expected "
                       f"{', '.join(known)}; {KEPT}")


def test_the_first_unknown_column_is_named():
    message = error_of(check_known_columns, ["a", "zz", "qq"], ["a"], "f.csv")
    assert message == f"f.csv, row 1, column 'zz': unknown column 'zz': expected a; {KEPT}"


# require_columns ------------------------------------------------------------------------------
def test_require_columns_names_the_first_missing():
    frame = pd.DataFrame({"a": [1], "c": [2]})
    assert error_of(require_columns, frame, ["a", "b", "d"], "f.csv") == \
        "f.csv, row 1: missing column 'b' (the header has: a, c; required: a, b, d)"


def test_require_columns_on_an_empty_header():
    assert error_of(require_columns, pd.DataFrame(), ("a", "b"), "f.csv") == \
        "f.csv, row 1: missing column 'a' (the header has: nothing; required: a, b)"


def test_require_columns_on_a_header_without_rows():
    assert error_of(require_columns, pd.DataFrame(columns=["a", "b"]), ["a"], "f.csv") == \
        "f.csv: no data rows below the header"


def test_require_columns_passes_a_complete_table():
    assert require_columns(pd.DataFrame({"a": ["1"], "b": ["2"]}), ["b", "a"], "f.csv") is None


# parse_number ---------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, value", [
    ("0", 0.0), ("-2.5", -2.5), ("+3", 3.0), (".5", 0.5), ("5.", 5.0), ("-.5", -0.5),
    ("1e3", 1000.0), ("1E3", 1000.0), ("1e+3", 1000.0), ("2.5e-3", 0.0025), (" 42\t", 42.0),
    ("1,234", 1234.0), ("-1,234.5", -1234.5), ("+1,000", 1000.0), ("1,234,567", 1234567.0),
    ("12,345.", 12345.0), ("１２３．５", 123.5), ("－５", -5.0), ("１，２３４", 1234.0),
    ("\u30007\u3000", 7.0), ("1e308", 1e308), (5, 5.0), (2.5, 2.5),
])
def test_parse_number_reads(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["", "   ", "\u3000"])
def test_parse_number_empty_is_nan(cell):
    assert math.isnan(parse_number(cell))


@pytest.mark.parametrize("cell, reason", [
    ("=A1", FORMULA), (" =SUM(A1:A3)", FORMULA), ("＝A1", FORMULA), ("=1,5", FORMULA),
    ("1,5", COMMA), ("12,34", COMMA), ("1,2345", COMMA), ("1234,567", COMMA), (",123", COMMA),
    ("1,234,56", COMMA), ("1,234e3", COMMA),
    ("abc", "not a number"), ("1.2.3", "not a number"), (".", "not a number"),
    ("e3", "not a number"), ("1e", "not a number"), ("+-1", "not a number"),
    ("1_000", "not a number"), ("inf", "not a number"), ("-inf", "not a number"),
    ("nan", "not a number"), ("Infinity", "not a number"), ("0x10", "not a number"),
    ("1e400", "too large for a number"), ("-1e400", "too large for a number"),
    ("1,000e400", COMMA),
])
def test_parse_number_refuses_with_its_reason(cell, reason):
    with pytest.raises(ValueError) as caught:
        parse_number(cell)
    assert str(caught.value) == reason


# guard_cells / unguard ------------------------------------------------------------------------
def test_guard_cells_guards_text_that_a_spreadsheet_would_run():
    frame = pd.DataFrame({
        "t": ["=1+1", "+x", "-y", "@z", "-", "+", "ok", "-3", "-1e3", "+4.5", "", "a=b", " =x"],
        "n": np.arange(-6.0, 7.0),
    })
    out = guard_cells(frame)
    assert out["t"].tolist() == ["'=1+1", "'+x", "'-y", "'@z", "-", "'+", "ok", "-3", "-1e3",
                                 "+4.5", "", "a=b", " =x"]
    assert out["n"].tolist() == list(np.arange(-6.0, 7.0)) and out["n"].dtype == np.float64
    assert frame["t"].tolist()[:2] == ["=1+1", "+x"]          # the caller's frame is untouched


def test_guard_cells_on_mixed_categorical_and_string_columns():
    frame = pd.DataFrame({
        "mixed": pd.Series([-5, "=x", None, "-"], dtype=object),
        "cat": pd.Categorical(["=a", "b", "=a", "-1"]),
        "s": pd.Series(["@h", "x", "-", "+1"], dtype="string"),
        "i": [-1, -2, 3, 4],
        "b": [True, False, True, False],
    })
    out = guard_cells(frame)
    assert out["mixed"].tolist() == [-5, "'=x", None, "-"]
    assert out["cat"].tolist() == ["'=a", "b", "'=a", "-1"]
    assert out["s"].tolist() == ["'@h", "x", "-", "+1"]
    assert out["i"].tolist() == [-1, -2, 3, 4] and out["b"].tolist() == [True, False, True, False]


def test_guard_cells_on_a_categorical_of_numbers_and_text():
    # categories of mixed types (not a string dtype): the text cells are still guarded
    out = guard_cells(pd.DataFrame({"c": pd.Categorical([2020, "=SUM(A1)", 2020, "@x"])}))
    assert out["c"].tolist() == [2020, "'=SUM(A1)", 2020, "'@x"]


def test_unguard_takes_the_guard_off_text_columns():
    frame = pd.DataFrame({"t": ["'=x", "'a", "''=y", "'", "'-", "'-3", "'@z", "'+", "=q"],
                          "n": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]})
    out = unguard(frame)
    assert out is frame                                       # in place, and returned
    # one guard comes off a text of guards before = + - @ ("''=y" was written for "'=y")
    assert out["t"].tolist() == ["=x", "'a", "'=y", "'", "-", "-3", "@z", "+", "=q"]
    assert out["n"].tolist() == [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]


def test_unguard_renames_categories_and_unmerges_into_text():
    frame = pd.DataFrame({"c": pd.Categorical(["'=a", "b", "'=a", "'b"])})
    out = unguard(frame)
    assert isinstance(out["c"].dtype, pd.CategoricalDtype)
    assert sorted(out["c"].cat.categories) == ["'b", "=a", "b"]
    assert out["c"].tolist() == ["=a", "b", "=a", "'b"]
    # "'=a" unguarded is "=a", already a category: the column becomes text
    frame = pd.DataFrame({"c": pd.Categorical(["'=a", "=a", "x"])})
    out = unguard(frame)
    assert not isinstance(out["c"].dtype, pd.CategoricalDtype)
    assert out["c"].tolist() == ["=a", "=a", "x"]


def test_guard_and_unguard_round_trip():
    frame = pd.DataFrame({"t": ["=1", "+a", "-b", "@c", "-", "-2", "x"],
                          "c": pd.Categorical(["=1", "y", "y", "@c", "z", "z", "z"])})
    back = unguard(guard_cells(frame))
    assert back["t"].tolist() == frame["t"].tolist()
    assert back["c"].tolist() == frame["c"].tolist()


# write_csv ------------------------------------------------------------------------------------
def test_write_csv_writes_utf8_with_bom_guarded_and_no_index(tmp_path):
    frame = pd.DataFrame({"a": [1, -2], "t": ["=x", "煤"]}, index=[7, 8])
    target = write_csv(frame, str(tmp_path / "o.csv"))
    assert target == tmp_path / "o.csv" and isinstance(target, Path)
    assert target.read_bytes() == b"\xef\xbb\xbfa,t\n1,'=x\n-2," + "煤".encode() + b"\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv"]


def test_write_csv_passes_options_to_pandas(tmp_path):
    frame = pd.DataFrame({"a": [1.25], "t": ["@x"]})
    target = write_csv(frame, tmp_path / "o.csv", columns=["t", "a"], float_format="%.1f")
    assert target.read_bytes() == b"\xef\xbb\xbft,a\n'@x,1.2\n"


def test_write_csv_failure_leaves_an_earlier_file(tmp_path):
    (tmp_path / "o.csv").write_text("old")
    with pytest.raises(TypeError):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "o.csv", no_such_option=True)
    assert (tmp_path / "o.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv"]


def test_write_csv_round_trip(tmp_path):
    frame = pd.DataFrame({"t": ["=a", "-", "x,y", "+1"], "n": ["1", "-2", "3", "4"]})
    back = read_csv_text(write_csv(frame, tmp_path / "o.csv"))
    assert columns_of(back) == columns_of(frame)


# apply_umask ----------------------------------------------------------------------------------
@pytest.mark.parametrize("mask, file_mode, folder_mode", [
    (0o027, 0o640, 0o750),      # 0o666 & ~0o027, 0o777 & ~0o027
    (0o002, 0o664, 0o775),      # 0o666 & ~0o002, 0o777 & ~0o002
])
def test_apply_umask(tmp_path, mask, file_mode, folder_mode):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    os.chmod(tmp_path / "f", 0o600)
    os.chmod(tmp_path / "d", 0o700)
    old = os.umask(mask)
    try:
        apply_umask(tmp_path / "f")
        apply_umask(str(tmp_path / "d"))
        assert os.umask(mask) == mask              # apply_umask left the umask as it was
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == file_mode
    assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == folder_mode


# check_parents --------------------------------------------------------------------------------
def test_check_parents_refuses_a_file_on_the_way(tmp_path):
    (tmp_path / "f").write_text("x")
    target = tmp_path / "f" / "sub" / "o.csv"
    for folder in (False, True):
        assert error_of(check_parents, target, folder=folder) == \
            f"cannot write {target}: {tmp_path / 'f'} is a file, not a folder"


def test_check_parents_refuses_a_file_as_a_folder_and_a_folder_as_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    assert error_of(check_parents, tmp_path / "f", folder=True) == \
        f"cannot write into {tmp_path / 'f'}: it is a file, not a folder"
    assert error_of(check_parents, str(tmp_path / "d")) == \
        f"cannot write {tmp_path / 'd'}: it is a folder"


def test_check_parents_passes_what_can_be_written(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    assert check_parents(tmp_path / "f") is None
    assert check_parents(tmp_path / "d", folder=True) is None
    assert check_parents(tmp_path / "new" / "deeper" / "o.csv") is None
    assert check_parents(tmp_path / "new" / "deeper", folder=True) is None
    assert check_parents(tmp_path / "d" / "o.csv") is None


# atomic_write ---------------------------------------------------------------------------------
def test_atomic_write_writes_beside_and_renames_on_success(tmp_path):
    target = tmp_path / "new" / "deeper" / "f.txt"          # parents are created
    old = os.umask(0o002)
    try:
        with atomic_write(str(target)) as tmp:
            assert tmp.parent == target.parent and tmp.is_file()
            assert tmp.name.startswith(".f.txt.") and tmp.name.endswith(".part")
            assert not target.exists()
            tmp.write_text("done")
    finally:
        os.umask(old)
    assert target.read_text() == "done"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664     # 0o666 & ~0o002
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.txt"]


def test_atomic_write_replaces_an_earlier_file_only_on_success(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with pytest.raises(ValueError, match="^boom$"), atomic_write(target) as tmp:
        tmp.write_text("half")
        raise ValueError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]
    with atomic_write(target) as tmp:
        assert target.read_text() == "old"
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_atomic_write_error_after_the_temporary_file_is_gone(tmp_path):
    with pytest.raises(ValueError, match="^boom$"), atomic_write(tmp_path / "f.txt") as tmp:
        tmp.unlink()
        raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_checks_the_parents_first(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    with pytest.raises(DataError) as caught, atomic_write(tmp_path / "f" / "o.csv"):
        pass
    assert str(caught.value) == \
        f"cannot write {tmp_path / 'f' / 'o.csv'}: {tmp_path / 'f'} is a file, not a folder"
    with pytest.raises(DataError) as caught, atomic_write(tmp_path / "d"):
        pass
    assert str(caught.value) == f"cannot write {tmp_path / 'd'}: it is a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "f"]
    assert list((tmp_path / "d").iterdir()) == []


# atomic_folder --------------------------------------------------------------------------------
def test_atomic_folder_renames_a_complete_folder_into_place(tmp_path):
    target = tmp_path / "out"
    old = os.umask(0o027)
    try:
        with atomic_folder(str(target)) as tmp:
            assert tmp.parent == tmp_path and tmp.is_dir()
            assert tmp.name.startswith(".out.") and tmp.name.endswith(".part")
            assert not target.exists()
            (tmp / "a.csv").write_text("1")
        assert os.umask(0o027) == 0o027                     # the umask is left as it was
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o750      # 0o777 & ~0o027
    assert [p.name for p in target.iterdir()] == ["a.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_atomic_folder_replaces_an_earlier_folder_only_on_success(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.csv").write_text("old")
    with pytest.raises(ValueError, match="^boom$"), atomic_folder(target) as tmp:
        (tmp / "new.csv").write_text("new")
        raise ValueError("boom")
    assert [p.name for p in target.iterdir()] == ["old.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    with atomic_folder(target) as tmp:
        assert (target / "old.csv").read_text() == "old"
        (tmp / "new.csv").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]    # no ".old" folder left


def test_atomic_folder_makes_missing_parents(tmp_path):
    with atomic_folder(tmp_path / "a" / "b" / "out") as tmp:
        (tmp / "x.csv").write_text("1")
    assert (tmp_path / "a" / "b" / "out" / "x.csv").read_text() == "1"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["out"]


def test_atomic_folder_removes_the_parent_it_made_on_error(tmp_path):
    with pytest.raises(KeyboardInterrupt), atomic_folder(tmp_path / "new" / "out") as tmp:
        (tmp / "a.csv").write_text("1")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_atomic_folder_keeps_a_parent_that_was_there(tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    with pytest.raises(ValueError, match="^boom$"), atomic_folder(tmp_path / "out") as tmp:
        (tmp / "a.csv").write_text("1")
        raise ValueError("boom")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
