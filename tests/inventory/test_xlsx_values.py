"""The XLSX inventory carries the right CO2e under each GWP set (numbers worked by hand).

1000 t of diesel in road transport (1.A.3.b):
* energy 1000 t × 42.652 GJ/t = 42.652 TJ (China Energy Statistical Yearbook NCV);
* CO2 42.652 TJ × 20.2 tC/TJ × 0.98 × 44/12 = 3,095.90968 t (enterprise guidelines 2013 pair);
* CH4 and N2O 42.652 TJ × 3.9 kg/TJ = 0.1663428 t each (IPCC 2006 Vol. 2 Table 3.2.2).
CO2e: AR5 3,095.90968 + 0.1663428 × (28 + 265) = 3,144.64812 t;
      AR6 (fossil CH4) 3,095.90968 + 0.1663428 × (29.8 + 273) = 3,146.27828 t.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from carbon.cli import main

CO2 = 42.652 * 20.2 * 0.98 * 44 / 12
NON_CO2 = 42.652 * 3.9 / 1000
EXPECTED = {"AR5": CO2 + NON_CO2 * (28 + 265), "AR6": CO2 + NON_CO2 * (29.8 + 273)}


@pytest.mark.parametrize("gwp", ["AR5", "AR6"])
def test_xlsx_co2e_under_each_gwp_set(tmp_path, gwp):
    activity = tmp_path / "act.csv"
    activity.write_text("year,category,activity,amount,unit\n2020,1.A.3.b,diesel,1000,t\n",
                        encoding="utf-8")
    out = tmp_path / "inv.xlsx"
    assert main(["inventory", str(activity), "--out", str(out), "--gwp", gwp]) == 0
    rows = list(load_workbook(out)["inventory"].iter_rows(values_only=True))
    header = list(rows[0])
    records = [dict(zip(header, r, strict=True)) for r in rows[1:] if any(c is not None for c in r)]
    by_gas = {r["gas"]: r for r in records}
    assert by_gas["CO2"]["co2e_t"] == pytest.approx(CO2, rel=1e-9)
    assert by_gas["CH4"]["emissions_t"] == pytest.approx(NON_CO2, rel=1e-9)
    ch4_gwp = {"AR5": 28, "AR6": 29.8}[gwp]
    assert by_gas["CH4"]["co2e_t"] == pytest.approx(NON_CO2 * ch4_gwp, rel=1e-9)
    assert sum(r["co2e_t"] for r in records) == pytest.approx(EXPECTED[gwp], rel=1e-9)
    assert EXPECTED["AR6"] - EXPECTED["AR5"] == pytest.approx(1.63016, abs=1e-5)
