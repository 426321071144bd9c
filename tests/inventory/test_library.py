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
    factors = pd.concat([load_factors(convention=c) for c in ("cn", "ipcc")]) \
        .drop_duplicates("factor_id")
    for column in ("source", "source_ref", "quality"):
        assert factors[column].str.strip().ne("").all(), column
    assert set(factors["quality"]) <= {"verified", "corroborated", "unverified", "estimate"}
    for unit in factors["unit"].unique():
        parse_unit(unit)
    assert set(factors["activity"]) <= set(vocabulary.activities()["activity"])
    assert set(factors["category"]) - {""} <= set(vocabulary.categories()["code"])


def test_carbon_content_and_oxidation_come_in_pairs_from_one_edition():
    factors = load_factors(convention="cn")
    carbon = factors[factors["parameter"] == "carbon_content"]
    oxidation = factors[factors["parameter"] == "oxidation"]
    assert set(carbon["activity"]) == set(oxidation["activity"])
    assert set(carbon["convention"]) == set(oxidation["convention"]) == {"cn"}
    for activity in carbon["activity"]:
        c = carbon[carbon["activity"] == activity].iloc[0]
        o = oxidation[oxidation["activity"] == activity].iloc[0]
        if activity == "raw_coal":
            # the one named convention: the provincial 26.37 with the customary 0.94, which
            # cannot be traced to that guideline's text, so the oxidation row is an estimate
            assert "provincial" in c["source_ref"] and o["quality"] == "estimate"
            continue
        assert c["source"] == o["source"], activity
        assert c["source_ref"].split(",")[0] == o["source_ref"].split(",")[0], activity


def test_the_ipcc_convention_drops_every_chinese_pair():
    factors = load_factors(convention="ipcc")
    assert not factors["parameter"].isin(["carbon_content", "oxidation"]).any()
    assert set(factors["convention"]) <= {"", "ipcc"}


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
