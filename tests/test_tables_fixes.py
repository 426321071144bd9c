"""Four ways a table was read or written wrong without an error (found by the contract tests of
``carbon.tables``), each pinned: GB18030 text that is also valid UTF-8, an XLSX row longer than
its header in a workbook without a ``<dimension>``, a user's text that starts with the guard,
and the parent folders ``atomic_folder`` creates."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.tables import atomic_folder, read_csv_text, read_xlsx_sheet, write_csv


@pytest.mark.parametrize("word", ["煤炭", "原煤", "柴油", "天然气"])
def test_gb18030_files_are_read_as_gb18030_even_when_the_bytes_are_valid_utf8(tmp_path, word):
    # 煤炭 in GB18030 is C3 BA CC BF: valid UTF-8 for 'º' + U+033F (a combining mark);
    # 原煤 is D4 AD C3 BA: U+052D (Cyrillic Supplement) + 'º'. 柴油 is not valid UTF-8 at all.
    path = tmp_path / "gb.csv"
    path.write_bytes(f"activity,amount\n{word},12\n".encode("gb18030"))
    assert read_csv_text(path)["activity"].tolist() == [word]


@pytest.mark.parametrize("text", ["°C", "µg/m³", "café", "Δ≤→–", "煤炭", "℃ ±5%"])
def test_utf8_files_stay_utf8(tmp_path, text):
    # '°' is C2 B0 in UTF-8, also a GB18030 character (掳): a UTF-8 file of plain symbols and
    # Latin or Greek letters is never read as GB18030
    path = tmp_path / "u.csv"
    path.write_bytes(f"x\n{text}\n".encode())
    assert read_csv_text(path)["x"].tolist() == [text]


def test_an_xlsx_value_right_of_the_header_is_refused_not_dropped(tmp_path):
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(["a"])
    sheet.append([1, 2])
    workbook.save(path)
    # take out the <dimension> element, as some programs write no dimension
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    start = xml.index("<dimension")
    parts[name] = (xml[:start] + xml[xml.index("/>", start) + 2:]).encode()
    with zipfile.ZipFile(path, "w") as target:
        for n, data in parts.items():
            target.writestr(n, data)
    with pytest.raises(DataError, match=r"\[sheet data\], row 2: column 2 has values but no "
                                        r"name in the header$"):
        read_xlsx_sheet(path, "data")


def test_text_that_starts_with_the_guard_comes_back_as_written(tmp_path):
    notes = ["'=x", "=y", "'-", "-", "-3", "'abc", "@z", "''+q", "+"]
    write_csv(pd.DataFrame({"note": notes}), tmp_path / "n.csv")
    # written: one guard before each text that starts (after any guards) with = + - @, except
    # a lone '-' and numbers
    written = (tmp_path / "n.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert written == ["''=x", "'=y", "''-", "-", "-3", "'abc", "'@z", "'''+q", "'+"]
    assert read_csv_text(tmp_path / "n.csv")["note"].tolist() == notes


def test_atomic_folder_removes_every_folder_it_created_on_an_error(tmp_path):
    target = tmp_path / "out" / "a" / "b" / "results"
    with pytest.raises(RuntimeError), atomic_folder(target) as folder:
        (folder / "x.csv").write_text("1")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []      # not even out/
    (tmp_path / "kept").mkdir()
    with pytest.raises(RuntimeError), atomic_folder(tmp_path / "kept" / "new" / "r"):
        raise RuntimeError("stop")
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]
    assert list((tmp_path / "kept").iterdir()) == []
    with atomic_folder(target) as folder:
        (folder / "x.csv").write_text("1")
    assert (target / "x.csv").read_text() == "1"
