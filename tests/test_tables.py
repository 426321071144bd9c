"""carbon.tables: the readers' checks and the writers' guarantees (issue 6)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.tables import (
    atomic_write,
    guard_cells,
    numeric_column,
    parse_number,
    read_csv_text,
    unguard,
    write_csv,
)


@pytest.mark.parametrize("cell, value", [
    ("1,234", 1234.0), ("1,234,567.25", 1234567.25), ("-1,000", -1000.0), ("１２３", 123.0),
    ("１，２３４．５", 1234.5), (" 42 ", 42.0), ("1e3", 1000.0), (".5", 0.5),
])
def test_parse_number_reads(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["1,5", "1,23,4", "12,34", "1,2345", ",123", "inf", "nan",
                                  "Infinity", "1e400", "abc", "1_000", "=A1", "1.2.3"])
def test_parse_number_refuses(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


def test_numeric_column_names_the_first_bad_cell_whichever_kind():
    frame = pd.DataFrame({"x": ["1", "2", "", "inf", "abc"]})
    with pytest.raises(DataError, match=r"row 4, column 'x': empty cell"):
        numeric_column(frame, "x", "f.csv")
    frame = pd.DataFrame({"x": ["1", "2", "1e400", "", "abc"]})
    with pytest.raises(DataError, match=r"row 4, column 'x': found '1e400', expected a finite"):
        numeric_column(frame, "x", "f.csv")


def test_numeric_column_on_a_typed_column():
    frame = pd.DataFrame({"x": np.array([1.0, np.inf])})
    with pytest.raises(DataError, match="row 3"):
        numeric_column(frame, "x", "f.csv")
    frame = pd.DataFrame({"x": np.array([2019, 2020])})
    assert numeric_column(frame, "x", "f.csv", integer=True).tolist() == [2019, 2020]


def test_read_csv_numeric_columns_match_the_text_route(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a,b,c\n1,2.5,x\n2, 3 ,y\n")
    typed = read_csv_text(path, numeric=["a", "b"])
    text = read_csv_text(path)
    for column in ("a", "b"):
        assert numeric_column(typed, column, path).tolist() == \
            numeric_column(text, column, path).tolist() == \
            {"a": [1.0, 2.0], "b": [2.5, 3.0]}[column]


def test_a_non_finite_cell_in_a_typed_column_is_named_as_typed(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a\n1\nInfinity\n")
    frame = read_csv_text(path, numeric=["a"])
    with pytest.raises(DataError, match=r"row 3, column 'a': found 'Infinity'"):
        numeric_column(frame, "a", path)


def test_field_counts(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(DataError, match="row 3 has 3 fields, the header has 2"):
        read_csv_text(path)
    path.write_text("a,b,\n1,2,\n")        # a trailing comma everywhere: an empty, unnamed column
    assert list(read_csv_text(path).columns) == ["a", "b"]
    path.write_text("a,b,\n1,2,3\n")
    with pytest.raises(DataError, match="column 3 has values but no name"):
        read_csv_text(path)


def test_gb18030_and_bom(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("名称,值\n原煤,1\n".encode("gb18030"))
    assert read_csv_text(path).iloc[0].tolist() == ["原煤", "1"]
    path.write_bytes("名称,值\n原煤,1\n".encode("utf-8-sig"))
    assert list(read_csv_text(path).columns) == ["名称", "值"]


def test_guard_round_trip(tmp_path):
    frame = pd.DataFrame({"t": ["=1+1", "+x", "-y", "@z", "-", "ok", "-3", "+4.5e2"],
                          "n": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]})
    guarded = guard_cells(frame)
    assert guarded["t"].tolist() == ["'=1+1", "'+x", "'-y", "'@z", "-", "ok", "-3", "+4.5e2"]
    assert guarded["n"].tolist() == frame["n"].tolist()
    write_csv(frame, tmp_path / "o.csv")
    assert (tmp_path / "o.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    back = read_csv_text(tmp_path / "o.csv")
    assert back["t"].tolist() == frame["t"].tolist()
    assert back["n"].astype(float).tolist() == frame["n"].tolist()
    assert unguard(pd.DataFrame({"t": ["'=x", "'a"]}))["t"].tolist() == ["=x", "'a"]


def test_atomic_write_permissions_and_failure(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_write(tmp_path / "f.txt") as tmp:
            tmp.write_text("x")
        assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    with pytest.raises(KeyboardInterrupt), atomic_write(tmp_path / "g.txt") as tmp:
        tmp.write_text("half")
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_writing_under_a_file_is_named(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(DataError, match="is a file, not a folder"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "f" / "o.csv")
