"""Issue 6, inventory side: each input that once got through, with its exact text.

Expected numbers are worked by hand from the shipped factors (diesel in road transport, per t:
NCV 42.652 GJ/t × carbon content 20.2 tC/TJ × oxidation 0.98 × 44/12 = 3.0959097 t CO2).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from carbon.cli import main
from carbon.errors import DataError
from carbon.inventory import inventory_from_files

HEADER = "year,category,activity,amount,unit\n"
CO2_PER_T_DIESEL = 0.042652 * 20.2 * 0.98 * 44 / 12          # 3.0959097 t CO2 per t
# CO2e per t under AR5: + CH4 3.9 kg/TJ × 28 + N2O 3.9 kg/TJ × 265, over 0.042652 TJ
CO2E_PER_T_DIESEL = CO2_PER_T_DIESEL + (3.9 * 28 + 3.9 * 265) * 0.042652 / 1000


def bad(tmp_path: Path, capsys, text: str, *extra: str, name: str = "act.csv") -> str:
    """`carbon inventory` on ``text``: exit 1, one line on stderr naming the file, no output."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["inventory", str(source), "--out", str(out), *extra]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()
    return err


def co2(tmp_path: Path, text: str, name: str = "act.csv") -> float:
    (tmp_path / name).write_text(text, encoding="utf-8")
    inv = inventory_from_files([tmp_path / name])
    return float(inv.loc[inv["gas"] == "CO2", "emissions_t"].sum())


# 1. every number read is finite ---------------------------------------------------------------
@pytest.mark.parametrize("cell", ["inf", "Infinity", "-inf", "nan", "NaN", "1e400"])
def test_non_finite_amounts_are_refused(tmp_path, capsys, cell):
    err = bad(tmp_path, capsys, HEADER + "2020,1.A.3.b,diesel,10,t\n"
                                         f"2020,1.A.3.b,diesel,{cell},t\n")
    assert "row 3" in err and "column 'amount'" in err and cell in err


# 2. a comma is only a thousands separator -----------------------------------------------------
@pytest.mark.parametrize("cell", ['"1,5"', '"1,23,4"', '"12,34"', '"1,2345"'])
def test_decimal_comma_is_refused(tmp_path, capsys, cell):
    err = bad(tmp_path, capsys, HEADER + f"2020,1.A.3.b,diesel,{cell},t\n")
    assert "row 2" in err and "column 'amount'" in err and cell.strip('"') in err
    assert "groups of three" in err


def test_thousands_separators_and_full_width_digits_are_read(tmp_path):
    # "1,000" is 1000 t and full-width "２０００．５" 2000.5 t: 3000.5 × 3.0959097 t CO2
    total = co2(tmp_path, HEADER + '2020,1.A.3.b,diesel,"1,000",t\n'
                                   "2020,1.A.3.b,diesel,２０００．５,t\n")
    assert total == pytest.approx(3000.5 * CO2_PER_T_DIESEL, rel=1e-9)


# 3. a shifted row is named by its field count -------------------------------------------------
def test_trailing_comma_on_data_rows(tmp_path, capsys):
    err = bad(tmp_path, capsys, HEADER + "2020,1.A.3.b,diesel,10,t,\n2020,1.A.3.b,diesel,10,t,\n")
    assert "row 2 has 6 fields, the header has 5" in err


def test_unquoted_comma_in_a_note(tmp_path, capsys):
    err = bad(tmp_path, capsys, "year,category,activity,amount,unit,note\n"
                                "2020,1.A.3.b,diesel,10,t,fine\n"
                                "2020,1.A.3.b,diesel,10,t,buses, trucks\n")
    assert "row 3 has 7 fields, the header has 6" in err


# 4. totals per year ---------------------------------------------------------------------------
def test_several_years_are_never_summed(tmp_path, capsys):
    (tmp_path / "act.csv").write_text(HEADER + "2019,1.A.3.b,diesel,1000,t\n"
                                               "2020,1.A.3.b,diesel,2000,t\n")
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(tmp_path / "act.csv"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    # 1000 t → 3.2 kt CO2e (1000 × 3.2336); 2000 t → 6.5 kt
    assert f"{'total 2019':<20}{1000 * CO2E_PER_T_DIESEL / 1e3:>12,.1f}" in printed
    assert f"{'total 2020':<20}{2000 * CO2E_PER_T_DIESEL / 1e3:>12,.1f}" in printed
    assert f"{3000 * CO2E_PER_T_DIESEL / 1e3:,.1f}" not in printed
    summary = {r[0]: r[1] for r in load_workbook(out)["summary"].iter_rows(values_only=True)
               if r and r[0]}
    assert summary["2019: total CO2e (t)"] == pytest.approx(1000 * CO2E_PER_T_DIESEL)
    assert summary["2020: total CO2e (t)"] == pytest.approx(2000 * CO2E_PER_T_DIESEL)
    assert not any("total CO2e" in str(k) and not str(k)[:4].isdigit() for k in summary)


# 5. --factors files are checked like activity files -------------------------------------------
@pytest.mark.parametrize("row, column, words", [
    ("diesel,CO2,ef,-3,t/t", "value", ">= 0"),
    ("diesel,CO2,eff,3,t/t", "parameter", "nearest known: ef"),
    ("diesel,HFC-999,ef,3,t/t", "gas", "GWP"),
    ("diesel,CO2,ef,3,GJ/t", "unit", "does not fit parameter 'ef'"),
    ("diesel,-,ncv,43,t/GJ", "unit", "does not fit parameter 'ncv'"),
    ("diesel,CO2,ef,3,bananas", "unit", "bananas"),
])
def test_bad_factor_files_are_named(tmp_path, capsys, row, column, words):
    (tmp_path / "f.csv").write_text("activity,gas,parameter,value,unit\n" + row + "\n")
    err = bad(tmp_path, capsys, HEADER + "2020,1.A.3.b,diesel,1,t\n", "--factors",
              str(tmp_path / "f.csv"))
    assert f"{tmp_path / 'f.csv'}, row 2, column '{column}'" in err and words in err


# 6. unknown columns are refused; x_ columns travel --------------------------------------------
def test_misspelt_column_is_refused_with_the_nearest(tmp_path, capsys):
    err = bad(tmp_path, capsys, "year,category,activity,amount,unit,sourse\n"
                                "2020,1.A.3.b,diesel,1,t,stats\n")
    assert "unknown column 'sourse'" in err and "nearest known: source" in err
    assert "row 1" in err and "x_" in err


def test_kept_columns_travel_untouched(tmp_path):
    (tmp_path / "act.csv").write_text("year,category,activity,amount,unit,x_station\n"
                                      "2020,1.A.3.b,diesel,1,t,北站\n"
                                      "2020,1.A.3.b,diesel,2,t,南站\n"
                                      "2020,1.A.3.b,diesel,3,t,北站\n", encoding="utf-8")
    inv = inventory_from_files([tmp_path / "act.csv"])
    assert set(inv["x_station"]) == {"北站; 南站"}   # distinct values, in order of first row


def test_uncertainty_must_be_a_number(tmp_path, capsys):
    err = bad(tmp_path, capsys, "year,category,activity,amount,unit,uncertainty_pct\n"
                                "2020,1.A.3.b,diesel,1,t,abc\n")
    assert "column 'uncertainty_pct'" in err and "abc" in err


# 8. units mean what a statistician means ------------------------------------------------------
@pytest.mark.parametrize("unit, tonnes", [("ton", 1.0), ("tons", 1.0), ("吨", 1.0),
                                          ("10^4 ton", 1e4), ("万吨", 1e4), ("kt", 1e3),
                                          ("Mt", 1e6), ("千吨", 1e3)])
def test_ton_is_the_metric_tonne(tmp_path, unit, tonnes):
    # 1 ton of diesel is 1 t, not the 0.907 t US short ton (which gave 9.3% less CO2)
    total = co2(tmp_path, HEADER + f"2020,1.A.3.b,diesel,1,{unit}\n")
    assert total == pytest.approx(tonnes * CO2_PER_T_DIESEL, rel=1e-12)


@pytest.mark.parametrize("unit", ["mt", "short_ton", "MT"])
def test_units_no_statistician_means_are_refused(tmp_path, capsys, unit):
    err = bad(tmp_path, capsys, HEADER + f"2020,1.A.3.b,diesel,1,{unit}\n")
    assert "column 'unit'" in err and f"'{unit}'" in err


# 9. nothing lost or doubled ---------------------------------------------------------------------
def test_out_may_not_overwrite_an_input(tmp_path, capsys):
    source = tmp_path / "a.csv"
    text = HEADER + "2020,1.A.3.b,diesel,1,t\n"
    source.write_text(text)
    assert main(["inventory", str(source), "--out", str(source)]) == 1
    assert "one of the input files" in capsys.readouterr().err
    assert source.read_text() == text


def test_the_same_file_twice_is_refused(tmp_path, capsys):
    source = tmp_path / "a.csv"
    source.write_text(HEADER + "2020,1.A.3.b,diesel,1,t\n")
    assert main(["inventory", str(source), str(tmp_path / "." / "a.csv")]) == 1
    assert "given twice" in capsys.readouterr().err
    os.link(source, tmp_path / "b.csv")
    assert main(["inventory", str(source), str(tmp_path / "b.csv")]) == 1
    assert "given twice" in capsys.readouterr().err


def test_identical_rows_are_added_with_one_warning(tmp_path, capsys):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,5,t\n"
                                             "2020,1.A.3.b,diesel,7,t\n"
                                             "2020,1.A.3.b,diesel,5,t\n")
    assert main(["inventory", str(tmp_path / "a.csv")]) == 0
    captured = capsys.readouterr()
    warning = [line for line in captured.err.splitlines() if "warning" in line]
    assert len(warning) == 1 and "row 2" in warning[0] and "row 4" in warning[0]
    assert "row 3" not in warning[0]
    # all three rows are added: 17 t × 3.2336 t CO2e/t
    assert f"{17 * CO2E_PER_T_DIESEL / 1e3:,.1f}" in captured.out


# 11. permissions of any new file -------------------------------------------------------------
def test_outputs_get_the_umask_permissions(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1,t\n")
    old = os.umask(0o022)
    try:
        for name in ("inv.csv", "inv.xlsx"):
            assert main(["inventory", str(tmp_path / "a.csv"), "--out",
                         str(tmp_path / "new" / name)]) == 0
            assert (tmp_path / "new" / name).stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


# 12. Ctrl-C ------------------------------------------------------------------------------------
def test_ctrl_c_prints_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    import carbon.tables

    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1,t\n")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(carbon.tables, "guard_cells", interrupted)   # inside the atomic write
    assert main(["inventory", str(tmp_path / "a.csv"), "--out", str(tmp_path / "o.csv")]) == 130
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


# 13. CSV for Excel, guarded, exact round trip ---------------------------------------------------
def test_csv_has_a_bom_and_guards_formulas_and_reads_back_exactly(tmp_path):
    from carbon.tables import read_csv_text

    (tmp_path / "a.csv").write_text("year,category,activity,amount,unit,note,x_code\n"
                                    '2020,1.A.3.b,diesel,1,t,"=HYPERLINK(""x"")",-5\n'
                                    "2020,1.A.4.a,electricity_grid,1,MWh,@here,+7a\n")
    out = tmp_path / "inv.csv"
    assert main(["inventory", str(tmp_path / "a.csv"), "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    notes = {r["activity"]: r["note"] for r in rows}
    assert notes["diesel"] == "'=HYPERLINK(\"x\")" and notes["electricity_grid"] == "'@here"
    assert {r["x_code"] for r in rows} == {"-5", "'+7a"}      # a number stays a number
    assert any(r["emissions_t"] and float(r["emissions_t"]) > 0 for r in rows)
    back = read_csv_text(out)
    assert set(back["note"]) == {'=HYPERLINK("x")', "@here"}
    assert set(back["x_code"]) == {"-5", "+7a"}


# 14. provenance travels into the inventory ------------------------------------------------------
def test_source_note_quality_and_chinese_names_are_kept(tmp_path):
    (tmp_path / "a.csv").write_text(
        "year,category,activity,amount,unit,source,note,quality\n"
        "2020,1.A.3.b,柴油,1,t,Yearbook 2021 T4,buses,DIRECT\n"
        "2020,1.A.3.b,diesel,2,t,Survey,trucks,ESTIMATE\n"
        "2020,1.A.3.b,diesel,3,t,Survey,trucks,derived\n", encoding="utf-8")
    inv = inventory_from_files([tmp_path / "a.csv"])
    row = inv[inv["gas"] == "CO2"].iloc[0]
    assert row["source"] == "Yearbook 2021 T4; Survey" and row["note"] == "buses; trucks"
    assert row["activity_quality"] == "estimate"          # the weakest of direct, estimate, derived
    assert row["activity_zh"] == "柴油" and row["category_zh"]
    assert row["emissions_t"] == pytest.approx(6 * CO2_PER_T_DIESEL)


def test_a_row_without_a_label_makes_the_sum_unlabelled(tmp_path):
    (tmp_path / "a.csv").write_text("year,category,activity,amount,unit,quality\n"
                                    "2020,1.A.3.b,diesel,1,t,verified\n"
                                    "2020,1.A.3.b,diesel,2,t,\n")
    inv = inventory_from_files([tmp_path / "a.csv"])
    assert set(inv["activity_quality"]) == {"unlabelled"}


def test_unknown_quality_label_is_refused(tmp_path, capsys):
    err = bad(tmp_path, capsys, "year,category,activity,amount,unit,quality\n"
                                "2020,1.A.3.b,diesel,1,t,good\n")
    assert "column 'quality'" in err and "'good'" in err


def test_xlsx_years_are_integers_and_numbers_formatted(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1000,t\n")
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(tmp_path / "a.csv"), "--out", str(out)]) == 0
    sheet = load_workbook(out)["inventory"]
    header = [c.value for c in sheet[1]]
    row = sheet[2]
    year = row[header.index("year")]
    assert isinstance(year.value, int) and year.value == 2020
    assert row[header.index("emissions_t")].number_format == "#,##0.000"


# 16. both sector views are labelled -------------------------------------------------------------
def test_sector_views_are_labelled(tmp_path, capsys):
    # industry burns 100 t of diesel (scope 1) and buys 1000 MWh (scope 2, 0.5138 t/MWh)
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.2,diesel,100,t\n"
                                             "2020,1.A.2,electricity_grid,1000,MWh\n")
    assert main(["inventory", str(tmp_path / "a.csv")]) == 0
    printed = capsys.readouterr().out
    assert "by consuming sector, scope 1+2" in printed and "scope 1 by sector" in printed
    line = next(x for x in printed.splitlines() if x.startswith("industry"))
    total, scope1 = (float(v.replace(",", "")) for v in line.split()[-2:])
    # diesel in 1.A.2 (industry defaults: CH4 3, N2O 0.6 kg/TJ) + 513.8 t grid electricity
    diesel_co2e = 100 * (CO2_PER_T_DIESEL + (3 * 28 + 0.6 * 265) * 0.042652 / 1000)
    assert scope1 == pytest.approx(diesel_co2e / 1e3, abs=0.05)
    assert total == pytest.approx((diesel_co2e + 513.8) / 1e3, abs=0.05)


# 17. messages a user needs ----------------------------------------------------------------------
def test_a_folder_given_as_a_file(tmp_path, capsys):
    (tmp_path / "d").mkdir()
    assert main(["inventory", str(tmp_path / "d")]) == 1
    assert "is a folder, expected a file" in capsys.readouterr().err


def test_an_empty_unit(tmp_path, capsys):
    err = bad(tmp_path, capsys, HEADER + "2020,1.A.3.b,diesel,1,\n")
    assert "row 2, column 'unit': empty cell, expected a unit" in err


def test_an_xlsx_formula_without_a_saved_value(tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.title = "activity"
    sheet.append(["year", "category", "activity", "amount", "unit"])
    sheet.append([2020, "1.A.3.b", "diesel", "=2*500", "t"])
    book.save(tmp_path / "a.xlsx")
    assert main(["inventory", str(tmp_path / "a.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "row 2, column 'amount'" in err and "formula without a saved value" in err


def test_out_under_an_existing_file(tmp_path, capsys):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1,t\n")
    (tmp_path / "file").write_text("x")
    assert main(["inventory", str(tmp_path / "a.csv"), "--out",
                 str(tmp_path / "file" / "inv.csv")]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Errno" not in err


def test_gwp_any_case_and_a_bad_one_exits_1(tmp_path, capsys):
    (tmp_path / "a.csv").write_text(HEADER + "2020,1.A.3.b,diesel,1,t\n")
    assert main(["inventory", str(tmp_path / "a.csv"), "--gwp", "ar6"]) == 0
    assert "AR6" in capsys.readouterr().out
    assert main(["inventory", str(tmp_path / "a.csv"), "--gwp", "AR7"]) == 1
    assert "unknown GWP set 'AR7'" in capsys.readouterr().err


def test_debug_after_the_command(tmp_path):
    with pytest.raises(DataError):
        main(["inventory", str(tmp_path / "missing.csv"), "--debug"])


@pytest.mark.parametrize("unit, amount, expected_t", [
    ("吨", "1", 1.0), ("万吨", "1", 1e4), ("吨", "１２", 12.0),
])
def test_chinese_units_and_full_width_digits(tmp_path, unit, amount, expected_t):
    total = co2(tmp_path, HEADER + f"2020,1.A.3.b,柴油,{amount},{unit}\n")
    assert total == pytest.approx(expected_t * CO2_PER_T_DIESEL, rel=1e-12)


def test_natural_gas_in_nm3_and_chinese_volumes(tmp_path):
    # natural gas in households: 389.31 GJ per 10^4 m3 × 15.3 tC/TJ × 0.99 × 44/12
    per_10k_m3 = 0.38931 * 15.3 * 0.99 * 44 / 12
    total = co2(tmp_path, HEADER + "2020,1.A.4.b,天然气,10000,Nm3\n"
                                   "2020,1.A.4.b,天然气,1,万立方米\n"
                                   "2020,1.A.4.b,天然气,10000,立方米\n")
    assert total == pytest.approx(3 * per_10k_m3, rel=1e-9)


def test_misspelt_chinese_activity_gets_the_nearest(tmp_path, capsys):
    err = bad(tmp_path, capsys, HEADER + "2020,1.A.4.b,天燃气,1,万m3\n")
    assert "unknown activity '天燃气'" in err and "天然气 (natural_gas)" in err


def test_float_noise_is_rounded_in_print():
    from carbon.reporting.text import clean

    assert f"{clean(0.1 + 0.2):.10f}" == "0.3000000000"
    assert f"{clean(-1e-13):.1f}" == "0.0"
