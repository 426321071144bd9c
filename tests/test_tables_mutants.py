"""``carbon.tables.numeric_column``: cases that kill mutants ``make mutate`` found alive with
``tests/test_tables.py`` (TESTING.md). Row numbers are as a spreadsheet shows them: the header is
row 1, so the frame's first cell is row 2."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.tables import numeric_column


def column(*cells: str) -> pd.DataFrame:
    return pd.DataFrame({"amount": list(cells)})


def test_thousands_separators_are_read_cell_by_cell():
    # "1,234,567.5" = 1234567.5; "3,000" = 3000; a plain "12" stays 12
    values = numeric_column(column("1,234,567.5", "12", "3,000"), "amount", "a.csv")
    assert list(values) == [1234567.5, 12.0, 3000.0]


def test_the_minimum_is_inclusive_and_the_first_low_cell_is_named():
    assert list(numeric_column(column("0", "5"), "amount", "a.csv", minimum=0)) == [0.0, 5.0]
    # rows 3 and 4 are below 0; row 3 (the frame's second cell) is named
    with pytest.raises(DataError, match=r"found -1, expected a number >= 0") as err:
        numeric_column(column("5", "-1", "-2"), "amount", "a.csv", minimum=0)
    assert "row 3" in str(err.value) and "amount" in str(err.value)


def test_integers_come_back_as_integers_and_fractions_are_refused():
    years = numeric_column(column("2020", "2021"), "amount", "a.csv", integer=True)
    assert str(years.dtype) == "Int64" and list(years) == [2020, 2021]
    with pytest.raises(DataError, match=r"found '2020\.5', expected an integer"):
        numeric_column(column("2020", "2020.5"), "amount", "a.csv", integer=True)


def test_infinity_is_refused_with_its_reason():
    with pytest.raises(DataError, match=r"expected a finite number \(infinite, or too large"):
        numeric_column(column("1", "inf"), "amount", "a.csv")


def test_a_bad_cell_is_named_with_what_was_expected():
    # the message gives parse_number's reason in brackets
    with pytest.raises(DataError, match=r"found 'abc', expected a number \(not a number\)") as err:
        numeric_column(column("1", "abc"), "amount", "a.csv")
    assert "row 3" in str(err.value)
    # an integer column says so in the same message
    with pytest.raises(DataError, match=r"found 'x', expected an integer \(not a number\)"):
        numeric_column(column("1", "x"), "amount", "a.csv", integer=True)


def test_full_width_digits_are_read():
    # "１２" (full-width, as Chinese input methods type) is 12
    assert list(numeric_column(column("１２", "3"), "amount", "a.csv")) == [12.0, 3.0]


def test_a_true_false_column_is_not_a_number():
    # pandas counts bool as numeric; a yes/no column in a number column is refused at row 2
    with pytest.raises(DataError, match=r"found 'True', expected a number"):
        numeric_column(pd.DataFrame({"amount": [True, False]}), "amount", "a.csv")


def test_xlsx_cells_read_as_typed():
    from carbon.tables import _xlsx_text

    # a float that is a whole number (a workbook that stores "2020.0") reads as typed: 2020
    assert _xlsx_text(2020.0) == "2020"
    assert _xlsx_text(-3.0) == "-3"
    assert _xlsx_text(0.1 + 0.2) == "0.30000000000000004"    # full precision, not rounded
    assert _xlsx_text(1e15) == "1000000000000000.0"          # beyond 1e15: Python's own text
    assert _xlsx_text(None) == ""
    assert _xlsx_text(7) == "7"
    assert _xlsx_text("煤") == "煤"
