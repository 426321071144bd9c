"""Property: total CO2e = Σ over rows of amount × factor × GWP, worked out independently of carbon,
for random valid activity tables, in any order of rows, split into any number of files, each file
in CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX."""

import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from carbon.inventory import compile_inventory, load_factors, read_activity, validate_activity

# t CO2e per unit under AR5 (CH4 28, N2O 265), worked from the published factors:
# diesel in road transport, per t: 42.652 GJ → CO2 42.652e-3 TJ × 20.2 × 0.98 × 44/12
#   + (CH4 3.9 × 28 + N2O 3.9 × 265) kg/TJ × 42.652e-3 TJ / 1000
# natural gas in households, per 万m3: 389.31 GJ → CO2 0.38931 × 15.3 × 0.99 × 44/12
#   + (CH4 5 × 28 + N2O 0.1 × 265) × 0.38931 / 1000
# grid electricity, per MWh: 0.5138 (Hunan 2021)
DIESEL_T = 0.042652 * 20.2 * 0.98 * 44 / 12 + (3.9 * 28 + 3.9 * 265) * 0.042652 / 1000
GAS_10K_M3 = 0.38931 * 15.3 * 0.99 * 44 / 12 + (5 * 28 + 0.1 * 265) * 0.38931 / 1000
PER_UNIT = {
    ("1.A.3.b", "diesel", "t"): DIESEL_T,
    ("1.A.3.b", "柴油", "吨"): DIESEL_T,                 # Chinese name and unit: 1 吨 = 1 t
    ("1.A.3.b", "diesel", "kt"): DIESEL_T * 1e3,
    ("1.A.4.b", "natural_gas", "万m3"): GAS_10K_M3,
    ("1.A.4.b", "天然气", "m3"): GAS_10K_M3 / 1e4,
    ("1.A.4.a", "electricity_grid", "MWh"): 0.5138,
    ("1.A.4.a", "电力", "万kWh"): 0.5138 * 10,           # 10^4 kWh = 10 MWh
}
FACTORS = load_factors()
row = st.tuples(st.sampled_from(sorted(PER_UNIT)), st.floats(0, 1e7, allow_nan=False),
                st.sampled_from([2019, 2020]))
FORMATS = ["utf-8", "utf-8-sig", "gb18030", "xlsx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=40))
def test_total_equals_sum_of_amount_times_factor_times_gwp(rows):
    frame = pd.DataFrame([{"year": str(y), "category": c, "activity": a, "amount": repr(x),
                           "unit": u} for (c, a, u), x, y in rows])
    inventory = compile_inventory(validate_activity(frame), FACTORS)
    expected = sum(x * PER_UNIT[key] for key, x, _ in rows)
    assert inventory["co2e_t"].sum() == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert (inventory["emissions_t"] >= 0).all()


def write(rows: list, path: Path, fmt: str, separators: bool = False) -> Path:
    header = ["year", "category", "activity", "amount", "unit"]
    records = [[y, c, a, x, u] for (c, a, u), x, y in rows]
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "activity"
        sheet.append(header)
        for record in records:
            sheet.append(record)
        book.save(path.with_suffix(".xlsx"))
        return path.with_suffix(".xlsx")
    # an amount with thousands separators, as a spreadsheet exports it: "1,234,567.5"
    amount = (lambda x: f'"{x:,}"') if separators else repr
    lines = [",".join(header)] + [",".join(map(str, [y, c, a, amount(x), u]))
                                  for y, c, a, x, u in records]
    path.write_bytes(("\n".join(lines) + "\n").encode(fmt))
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=30), st.data())
def test_any_split_order_and_encoding_gives_the_same_total(rows, data):
    order = data.draw(st.permutations(range(len(rows))))
    shuffled = [rows[i] for i in order]
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(rows) - 1)), max_size=3)))
    parts = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True)
             if shuffled[a:b]]
    formats = [data.draw(st.sampled_from(FORMATS)) for _ in parts]
    separators = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as tmp:
        paths = [write(part, Path(tmp) / f"part{i}.csv", fmt, separators)
                 for i, (part, fmt) in enumerate(zip(parts, formats, strict=True))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # identical rows are added, with a warning
            inventory = compile_inventory(read_activity(paths), FACTORS)
    for year in (2019, 2020):
        expected = sum(x * PER_UNIT[key] for key, x, y in rows if y == year)
        got = inventory.loc[inventory["year"] == year, "co2e_t"].sum()
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-6)
