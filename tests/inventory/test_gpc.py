"""The GPC view: sub-sector references by scope, BASIC and BASIC+ totals, notation keys."""

import pandas as pd
import pytest

from carbon import paths
from carbon.errors import DataError
from carbon.inventory.gpc import gpc_ref_of, gpc_totals, gpc_view, read_notation_keys


def small_inventory() -> pd.DataFrame:
    rows = [  # category, activity, gas, scope, t CO2e (emissions_t = co2e_t for simplicity)
        ("1.A.4.b", "natural_gas", "CO2", 1, 100.0),
        ("1.A.4.b", "electricity_grid", "CO2", 2, 200.0),
        ("1.A.1.a", "raw_coal", "CO2", 1, 50.0),       # generation supplied to the grid: I.4.4
        ("2.A.1", "clinker", "CO2", 1, 30.0),          # IPPU: BASIC+ only
        ("3.B.1", "forest", "CO2", 1, -20.0),          # a sink, AFOLU: BASIC+ only
        ("4.A", "msw", "CH4", 3, 10.0),                # landfilled outside the city: III.1.2
        ("1.A.3.b", "diesel", "CH4", 1, 5.0),
    ]
    return pd.DataFrame([{"year": 2020, "category": c, "activity": a, "gas": g, "scope": s,
                          "emissions_t": v, "co2e_t": v} for c, a, g, s, v in rows])


def test_references_follow_category_and_scope():
    assert gpc_ref_of("1.A.4.b", 1) == "I.1.1"
    assert gpc_ref_of("1.A.4.b", 2) == "I.1.2"
    assert gpc_ref_of("1.A.2.f", 2) == "I.3.2"        # the parent code 1.A.2 applies
    assert gpc_ref_of("1.A.1.a", 1) == "I.4.4"        # more specific than 1.A.1 → I.4.1
    assert gpc_ref_of("1.A.1.b", 1) == "I.4.1"
    assert gpc_ref_of("4.A", 3) == "III.1.2"
    assert gpc_ref_of("2.F.1", 1) == "IV.2"
    assert gpc_ref_of("3.B.1", 2) == ""               # no GPC line for scope 2 of land


def test_basic_and_basic_plus_totals():
    # scope 1: 100 + 50 + 30 − 20 + 5 = 165; scope 2: 200; scope 3: 10
    # BASIC: stationary and transport scopes 1+2 except I.4.4, waste 1+3: 100 + 200 + 5 + 10 = 315
    # BASIC+: BASIC + IPPU 30 + AFOLU −20 = 325 (the I.4.4 50 t in neither)
    totals = gpc_totals(gpc_view(small_inventory())).iloc[0]
    assert totals["scope1_co2e_t"] == 165.0
    assert totals["scope2_co2e_t"] == 200.0
    assert totals["scope3_co2e_t"] == 10.0
    assert totals["basic_co2e_t"] == 315.0
    assert totals["basic_plus_co2e_t"] == 325.0


def test_sub_sectors_without_data_show_a_notation_key():
    view = gpc_view(small_inventory()).set_index("gpc_ref")
    assert view.loc["III.1.1", "notation_key"] == "NE"          # default: not estimated
    assert pd.isna(view.loc["III.1.1", "co2e_t"])
    assert view.loc["I.1.1", "notation_key"] == ""              # has data
    # every reference of the table appears once at least, with data or a key
    table = pd.read_csv(paths.data_dir() / "gpc_subsectors.csv")
    assert set(table["gpc_ref"]) <= set(view.index)


def test_user_notation_keys(tmp_path):
    keys = tmp_path / "keys.csv"
    keys.write_text("gpc_ref,notation_key,explanation\nIII.1.1,NO,no landfill in the city\n"
                    "I.7.1,IE,in I.3.1\n", encoding="utf-8")
    view = gpc_view(small_inventory(), read_notation_keys(keys)).set_index("gpc_ref")
    assert view.loc["III.1.1", "notation_key"] == "NO"
    assert view.loc["III.1.1", "explanation"] == "no landfill in the city"
    assert view.loc["I.7.1", "notation_key"] == "IE"


def test_bad_notation_key_names_file_row_column(tmp_path):
    keys = tmp_path / "keys.csv"
    keys.write_text("gpc_ref,notation_key\nIII.1.1,NO\nI.7.1,NA\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"keys.csv, row 3, column 'notation_key': found 'NA', "
                                        r"expected one of NO, NE, IE, C"):
        read_notation_keys(keys)


def test_a_key_where_there_is_data_is_an_error(tmp_path):
    keys = tmp_path / "keys.csv"
    keys.write_text("gpc_ref,notation_key\nI.1.1,NO\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"keys.csv, row 2, column 'gpc_ref': notation key 'NO' "
                                        r"for I.1.1, which has data in 2020"):
        gpc_view(small_inventory(), read_notation_keys(keys))


@pytest.fixture
def two_years(tmp_path):
    path = tmp_path / "act.csv"
    path.write_text("year,category,activity,amount,unit,uncertainty_pct\n"
                    "2019,1.A.3.b,diesel,800,t,5\n2020,1.A.3.b,diesel,1000,t,5\n"
                    "2019,1.A.4.a,electricity_grid,1000,MWh,2\n"
                    "2020,1.A.4.a,electricity_grid,1000,MWh,2\n", encoding="utf-8")
    return path


def test_cli_view_gpc_writes_the_view(tmp_path, two_years, capsys):
    from carbon.cli import main

    out = tmp_path / "gpc.csv"
    assert main(["inventory", str(two_years), "--view", "gpc", "--out", str(out)]) == 0
    view = pd.read_csv(out, keep_default_na=False)
    assert {"gpc_ref", "scope", "notation_key", "basic", "basic_plus"} <= set(view.columns)
    assert set(view.loc[view["gpc_ref"] == "III.1.1", "notation_key"]) == {"NE"}
    printed = capsys.readouterr().out
    assert "BASIC+ total" in printed and "II.1.1" in printed


def test_cli_analyses_sheets_and_clean_failure(tmp_path, two_years, capsys):
    from openpyxl import load_workbook

    from carbon.cli import main

    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(two_years), "--key-categories", "--base-year", "2019",
                 "--uncertainty", "--draws", "500", "--out", str(out)]) == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[-3:] == ["gpc", "key_categories", "uncertainty"]
    book.close()
    printed = capsys.readouterr().out
    assert "Key categories 2020" in printed and "trend since 2019" in printed
    # a base year the inventory does not have: one line, exit 1, nothing written
    bad = tmp_path / "bad.xlsx"
    assert main(["inventory", str(two_years), "--key-categories", "--base-year", "1990",
                 "--out", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert "--base-year 1990: the inventory has no rows for that year" in err
    assert len(err.splitlines()) == 1 and not bad.exists()
    keys = tmp_path / "keys.csv"
    keys.write_text("gpc_ref,notation_key\nIII.1.1,XX\n", encoding="utf-8")
    assert main(["inventory", str(two_years), "--notation-keys", str(keys), "--out",
                 str(bad)]) == 1
    assert "keys.csv, row 2, column 'notation_key'" in capsys.readouterr().err
    assert not bad.exists()
