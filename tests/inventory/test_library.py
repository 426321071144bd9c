"""The shipped factor library and vocabularies hold together (data checks, no computation)."""

import pandas as pd

from carbon import paths
from carbon.inventory import load_factors, vocabulary
from carbon.sectors import SECTORS
from carbon.units import parse_unit


def test_categories_have_known_sectors_and_parents():
    table = vocabulary.categories()
    assert set(table["sector"]) <= set(SECTORS)
    codes = set(table["code"])
    assert set(table["parent"]) - {""} <= codes
    assert table["code"].map(lambda c: bool(vocabulary.CATEGORY_PATTERN.match(c))).all()


def test_every_factor_row_has_provenance_and_a_readable_unit():
    factors = load_factors()
    assert not factors["factor_id"].duplicated().any()
    for column in ("source", "source_ref", "quality"):
        assert factors[column].str.strip().ne("").all(), column
    assert set(factors["quality"]) <= {"verified", "unverified", "estimate"}
    for unit in factors["unit"].unique():
        parse_unit(unit)
    assert set(factors["activity"]) <= set(vocabulary.activities()["activity"])
    assert set(factors["category"]) - {""} <= set(vocabulary.categories()["code"])


def test_carbon_content_and_oxidation_come_in_pairs_from_one_edition():
    factors = load_factors()
    carbon = factors[factors["parameter"] == "carbon_content"]
    oxidation = factors[factors["parameter"] == "oxidation"]
    assert set(carbon["activity"]) == set(oxidation["activity"])
    for activity in carbon["activity"]:
        ref_c = carbon.loc[carbon["activity"] == activity, "source_ref"].iloc[0]
        ref_o = oxidation.loc[oxidation["activity"] == activity, "source_ref"].iloc[0]
        assert ref_c.split(",")[0] == ref_o.split(",")[0] or ref_c == ref_o, activity


def test_gwp_sets_are_complete_and_ar6_methane_is_split():
    table = pd.read_csv(paths.factors_dir() / "gwp.csv", keep_default_na=False)
    for gwp in ("SAR", "AR4", "AR5", "AR6"):
        gases = set(table.loc[table["gwp_set"] == gwp, "gas"])
        assert {"CO2", "CH4", "N2O", "SF6"} <= gases, gwp
    ar6_ch4 = table[(table["gwp_set"] == "AR6") & (table["gas"] == "CH4")]
    assert dict(zip(ar6_ch4["origin"], ar6_ch4["value"], strict=True)) == {
        "fossil": 29.8, "non_fossil": 27.0}


def test_chinese_names_resolve():
    aliases = vocabulary.alias_map()
    for name, key in {"原煤": "raw_coal", "天然气": "natural_gas", "柴油": "diesel",
                      "汽油": "gasoline", "液化石油气": "lpg", "电力": "electricity_grid",
                      "焦炭": "coke", "燃料油": "fuel_oil", "煤油": "kerosene"}.items():
        assert aliases[name] == key
