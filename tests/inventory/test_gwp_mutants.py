"""``carbon.inventory.gwp``: cases that kill the mutants ``make mutate`` found alive (TESTING.md).

Expected GWPs are the published 100-year values: AR5 WGI Ch. 8 Table 8.7 (CH4 28, N2O 265) and
AR6 WGI Ch. 7 Table 7.15 (CH4 fossil 29.8, non-fossil 27.0; N2O 273). Biomass fuels burned in
category 1 emit non-fossil CH4 (module docstring; firewood is family ``biomass`` in
``activities.csv``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.errors import DataError
from carbon.inventory.gwp import gwp_values, origin_of


@pytest.mark.parametrize("category, activity, origin", [
    ("1.A.1", None, "fossil"),           # energy: root "1"
    ("1.A.4.b", "raw_coal", "fossil"),   # coal is family coal, not biomass
    ("2.C.3", None, "fossil"),           # IPPU: root "2"
    ("3.A.1", None, "non_fossil"),       # AFOLU: root "3" (enteric CH4)
    ("4.A", None, "non_fossil"),         # waste: root "4"
    ("1.A.4.b", "firewood", "non_fossil"),  # biomass burned in energy
    ("4.A", "firewood", "non_fossil"),
])
def test_origin_of_methane(category, activity, origin):
    assert origin_of(category, activity) == origin


def test_origin_reads_the_root_before_the_first_dot():
    # "12.X" is not category 1 although its text starts with "1"; "1" alone is category 1
    assert origin_of("1") == "fossil"
    assert origin_of("12.X") == "non_fossil"


def inventory(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["gas", "category", "activity"])


def test_ar6_methane_by_origin_and_ar5_methane_alike():
    rows = inventory([
        ("CH4", "1.A.1", "raw_coal"),   # fossil → 29.8 in AR6
        ("CH4", "4.A", None),           # waste → 27.0
        ("CH4", "1.A.4.b", "firewood"),  # biomass in energy → 27.0
        ("CO2", "1.A.1", "raw_coal"),   # 1 by definition
        ("N2O", "3.D.1", None),         # AR6 273, AR5 265
    ])
    assert list(gwp_values(rows, "AR6")) == pytest.approx([29.8, 27.0, 27.0, 1.0, 273.0])
    # AR5 has one CH4 value (28) whatever the origin
    assert list(gwp_values(rows, "AR5")) == pytest.approx([28.0, 28.0, 28.0, 1.0, 265.0])


def test_an_inventory_without_an_activity_column_uses_the_category_alone():
    rows = pd.DataFrame({"gas": ["CH4", "CH4"], "category": ["1.B.1", "4.D"]})
    # 1.B.1 (fugitive, coal mining) is fossil: 29.8; 4.D (wastewater) non-fossil: 27.0
    assert list(gwp_values(rows, "AR6")) == pytest.approx([29.8, 27.0])


def test_unknown_gwp_set_and_gas_are_refused_by_name():
    rows = inventory([("CH4", "1.A.1", None)])
    with pytest.raises(DataError,
                       match="unknown GWP set 'AR7', expected one of SAR, AR4, AR5, AR6"):
        gwp_values(rows, "AR7")
    # the message names the file to add it to
    with pytest.raises(DataError, match=r"gas 'H2O' has no GWP in set AR5 "
                                        r"\(data/emission_factors/gwp\.csv\)"):
        gwp_values(inventory([("H2O", "1.A.1", None)]), "AR5")
    # NF3 has no SAR value (SAR predates it): refused, not taken as 0
    with pytest.raises(DataError, match="gas 'NF3' has no GWP in set SAR"):
        gwp_values(inventory([("NF3", "2.E", None)]), "SAR")
