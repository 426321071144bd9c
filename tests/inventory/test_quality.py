"""Data-quality labels: per-row shares, the weakest-link rule, data gaps, and label validation."""

from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory import data_gaps, inventory_from_files, quality_shares
from carbon.inventory.factors import read_factor_file
from carbon.inventory.quality import (
    ACTIVITY_LABEL_TABLE,
    ACTIVITY_TO_FACTOR_LABEL,
    library_counts,
    weakest,
)

FACTORS = pd.DataFrame({
    "factor_id": ["ncv_a", "cc_a", "ef_b", "ef_c", "ncv_c"],
    "quality": ["verified", "corroborated", "verified", "estimate", "unverified"],
    "notes": ["", "", "", "To settle: measure the boiler.", ""],
})


def three_rows() -> pd.DataFrame:
    """600 t on verified factors (DIRECT), 300 t on corroborated (ESTIMATE), 100 t on an
    estimated factor (PLACEHOLDER)."""
    return pd.DataFrame({
        "year": [2020, 2020, 2020],
        "category": ["1.A.2", "1.A.4.b", "1.A.4.a"],
        "activity": ["electricity_grid", "natural_gas", "raw_coal"],
        "co2e_t": [600.0, 300.0, 100.0],
        "factor_ids": ["ef_b", "ncv_a;cc_a", "ncv_c;ef_c"],
        "factor_quality": ["verified", "corroborated", "estimate"],
        "activity_quality": ["DIRECT", "ESTIMATE", "PLACEHOLDER"],
    })


def test_quality_shares_of_a_three_row_inventory_worked_by_hand():
    shares = quality_shares(three_rows()).set_index("quality")
    # total 1,000 t: factors 600 verified, 300 corroborated, 0 unverified, 100 estimate
    assert shares["factor_share"].to_dict() == pytest.approx(
        {"verified": 0.6, "corroborated": 0.3, "unverified": 0.0, "estimate": 0.1})
    # activity: DIRECT → verified 600; ESTIMATE and PLACEHOLDER → estimate 300 + 100
    assert shares["activity_share"].to_dict() == pytest.approx(
        {"verified": 0.6, "corroborated": 0.0, "unverified": 0.0, "estimate": 0.4})
    assert shares["factor_co2e_t"].sum() == pytest.approx(1000.0)


def test_the_mapping_table_covers_every_activity_label():
    assert set(ACTIVITY_LABEL_TABLE["activity_label"]) == {"DIRECT", "DERIVED", "ESTIMATE",
                                                            "PLACEHOLDER", "SYNTHETIC"}
    assert ACTIVITY_TO_FACTOR_LABEL["SYNTHETIC"] == "estimate"
    assert ACTIVITY_TO_FACTOR_LABEL["DERIVED"] == "corroborated"


def test_weakest_label_and_unknown_labels():
    assert weakest(["verified", "estimate", "corroborated"]) == "estimate"
    assert weakest(["verified", "corroborated"]) == "corroborated"
    with pytest.raises(DataError, match="unknown quality label 'checked'"):
        weakest(["verified", "checked"])


def test_data_gaps_ranks_a_hand_made_inventory():
    gaps = data_gaps(three_rows(), FACTORS)
    # weak inputs: the ESTIMATE gas row (300 t) and PLACEHOLDER coal row (100 t); weak factors:
    # ncv_c (unverified) and ef_c (estimate), both carried by the 100 t coal row
    assert list(gaps["item"]) == ["natural_gas in 1.A.4.b, 2020", "ef_c", "ncv_c",
                                  "raw_coal in 1.A.4.a, 2020"]
    assert list(gaps["rank"]) == [1, 2, 3, 4]
    assert list(gaps["share"]) == pytest.approx([0.3, 0.1, 0.1, 0.1])
    assert list(gaps["kind"]) == ["activity", "factor", "factor", "activity"]
    assert gaps.loc[gaps["item"] == "ef_c", "what_to_collect"].iloc[0] == "measure the boiler."
    # verified and corroborated factors are not gaps; nor is the DIRECT row
    assert not gaps["item"].isin(["ef_b", "ncv_a", "cc_a"]).any()


def test_factor_quality_is_the_weakest_factor_used(tmp_path: Path):
    activity = tmp_path / "act.csv"
    activity.write_text("year,category,activity,amount,unit\n2020,1.A.4.b,diesel,100,t\n"
                        "2020,1.A.4.b,natural_gas,10,万m3\n", encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text("activity,gas,parameter,value,unit,quality\n"
                    "diesel,-,ncv,42.0,GJ/t,estimate\n", encoding="utf-8")
    inv = inventory_from_files([activity], factor_files=[mine])
    diesel = inv[(inv["activity"] == "diesel") & (inv["gas"] == "CO2")].iloc[0]
    assert diesel["factor_quality"] == "estimate"   # the user's estimated NCV
    gas_co2 = inv[(inv["activity"] == "natural_gas") & (inv["gas"] == "CO2")].iloc[0]
    assert gas_co2["factor_quality"] == "corroborated"   # NCV, carbon content, oxidation


@pytest.mark.parametrize("column, value, message", [
    ("quality", "checked", "found 'checked', expected one of verified, corroborated"),
    ("source", "", "every shipped factor names its source"),
    ("source_ref", "", "every shipped factor names its source"),
    ("convention", "gb", "found 'gb', expected cn or ipcc or empty"),
])
def test_a_shipped_row_without_source_or_with_an_unknown_label_is_refused(
        tmp_path: Path, column, value, message):
    row = {"factor_id": "x1", "activity": "diesel", "gas": "CO2", "parameter": "ef",
           "category": "", "region": "", "year": "", "value": "74100", "unit": "kg/TJ",
           "uncertainty_pct": "", "source": "IPCC 2006", "source_ref": "Table 1.4",
           "quality": "verified", "notes": "", "convention": ""}
    row[column] = value
    path = tmp_path / "lib.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    with pytest.raises(DataError, match=message) as err:
        read_factor_file(path, user=False)
    assert err.value.row == 2 and err.value.column == column


def test_library_counts_meet_the_goal_for_energy_rows():
    from carbon.inventory import load_factors

    library = pd.concat([load_factors(convention=c) for c in ("cn", "ipcc")]) \
        .drop_duplicates("factor_id")
    counts = library_counts(library).set_index("rows_of")
    print(counts)   # the figures written in data/emission_factors/README.md
    energy = counts.loc["energy"]
    assert energy["checked_share"] == pytest.approx(
        (energy["verified"] + energy["corroborated"]) / energy["rows"])
    assert energy["checked_share"] >= 0.80


def test_cli_prints_the_shares_and_the_xlsx_reports_them(tmp_path: Path, capsys):
    from openpyxl import load_workbook

    from carbon.cli import main

    activity = tmp_path / "act.csv"
    # 1,000 MWh × 0.5138 (Hunan 2021, corroborated) = 513.8 t; 100 t other petroleum products in
    # 1.A.4.b: CO2 on the IPCC NCV (verified) × carbon content × oxidation (unverified: one
    # transcription only) → unverified
    activity.write_text("year,category,activity,amount,unit\n"
                        "2020,1.A.4.b,electricity_grid,1000,MWh\n"
                        "2020,1.A.4.b,other_petroleum,100,t\n", encoding="utf-8")
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(activity), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "fuel CO2 convention: cn" in printed
    # CO2: 100 t × 40.2 GJ/t = 4.02 TJ × 20.0 tC/TJ × 0.98 × 44/12 = 288.904 t, unverified;
    # CH4 + N2O: 4.02 TJ × (10 × 28 + 0.6 × 265) kg/TJ = 1.76478 t CO2e, on the verified NCV and
    # verified Table 2.5 factors, so verified; total 804.46878 t
    total = 513.8 + 288.904 + 1.76478
    assert f"verified {1.76478 / total:.1%}" in printed                  # 0.2%
    assert f"corroborated {513.8 / total:.1%}" in printed                # 63.9%
    assert f"unverified {288.904 / total:.1%}" in printed                # 35.9%
    book = load_workbook(out, read_only=True)
    rows = [r for r in book["summary"].iter_rows(values_only=True) if r and r[0]]
    labels = [r[0] for r in rows]
    assert "share of CO2e by data quality (per inventory row, before totals)" in labels
    corroborated = rows[labels.index("corroborated")]
    assert corroborated[2] == pytest.approx(513.8 / total, rel=1e-4)
    gaps = list(book["data_gaps"].iter_rows(values_only=True))
    assert gaps[0][:3] == ("rank", "kind", "item")
    assert gaps[1][2] in ("cn_cc_other_petroleum_ent", "cn_ox_other_petroleum_ent")


def test_cli_convention_ipcc_gives_the_ipcc_raw_coal(tmp_path: Path, capsys):
    from carbon.cli import main

    activity = tmp_path / "act.csv"
    activity.write_text("year,category,activity,amount,unit\n2020,1.A.2,raw_coal,1000,t\n",
                        encoding="utf-8")
    out = tmp_path / "inv.csv"
    assert main(["inventory", str(activity), "--convention", "ipcc", "--out", str(out)]) == 0
    inv = pd.read_csv(out)
    # 1000 t × 20.908 GJ/t × 94.6 kg/TJ... = 1,977.8968 t CO2
    assert inv.loc[inv["gas"] == "CO2", "emissions_t"].iloc[0] == pytest.approx(1977.8968)
    assert "fuel CO2 convention: ipcc" in capsys.readouterr().out


def test_a_removal_weighs_by_its_size_not_against_emissions():
    inv = pd.DataFrame({"year": [2020, 2020], "category": ["1.A.2", "3.B.1.a"],
                        "activity": ["raw_coal", "forest"], "co2e_t": [300.0, -100.0],
                        "factor_ids": ["ef_b", "ef_c"], "factor_quality": ["verified", "estimate"]})
    shares = quality_shares(inv).set_index("quality")["factor_share"]
    # |300| / 400 and |−100| / 400, not 300 / 200 = 150%
    assert shares["verified"] == pytest.approx(0.75)
    assert shares["estimate"] == pytest.approx(0.25)
    gaps = data_gaps(inv, FACTORS)
    assert list(gaps["item"]) == ["ef_c"] and gaps["share"].iloc[0] == pytest.approx(0.25)
