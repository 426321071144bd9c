"""Build the synthetic example reports (``reports/NX-E0n_YEAR.xlsx``) from the CSVs beside this
script: ``report_headers.csv`` (one row per enterprise and year) and ``report_activity.csv``
(the activity rows). Run from the repository root: ``python data/ningxiang/registry_example/
build_reports.py``.

Each report is the enterprise form of ``carbon template enterprise --lang zh`` filled the way a
firm would. The declared total energy (tce) is what the firm computed from the amounts it meant
to give (``intended_unit``): in NX-E05's 2023 report the natural gas is typed in m3 instead of
万m3, the deliberate anomaly that ``carbon registry verify`` catches (energy per output and
totals). Every figure is SYNTHETIC: illustrative, not a real firm's data.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from carbon.inventory import compile_inventory, load_factors, validate_activity
from carbon.registry.emissions import GJ_PER_TCE
from carbon.registry.templates import write_template
from carbon.tables import read_csv_text

HERE = Path(__file__).resolve().parent
INPUT_PER_OUTPUT = {"NX-E01": ("硫酸镍", 1.62, "t"), "NX-E06": ("生活垃圾", 1.0, "t")}


def declared_tce(rows: pd.DataFrame, factors: pd.DataFrame) -> float:
    intended = rows.assign(unit=rows["intended_unit"])[
        ["year", "category", "activity", "amount", "unit"]]
    inventory = compile_inventory(validate_activity(intended.astype(str)), factors)
    return round(float(inventory["energy_gj"].sum()) / GJ_PER_TCE)


def build() -> list[Path]:
    enterprises = read_csv_text(HERE / "enterprises.csv").set_index("enterprise_id")
    headers = read_csv_text(HERE / "report_headers.csv")
    activity = read_csv_text(HERE / "report_activity.csv")
    factors = load_factors()
    blank = HERE / "reports" / ".blank.xlsx"
    write_template("enterprise", blank, lang="zh", year=2023)
    written = []
    for head in headers.to_dict("records"):
        firm = enterprises.loc[head["enterprise_id"]]
        rows = activity[(activity["enterprise_id"] == head["enterprise_id"])
                        & (activity["year"] == head["year"])]
        book = openpyxl.load_workbook(blank)
        fields = {
            "enterprise_id": head["enterprise_id"], "enterprise_name": firm["name"],
            "year": int(head["year"]), "product": firm["product"],
            "output": float(head["output"]), "output_unit": firm["output_unit"],
            "generation_mwh": float(head["generation_mwh"]) if head["generation_mwh"] else None,
            "grid_supply_mwh": float(head["grid_supply_mwh"]) if head["grid_supply_mwh"] else None,
            "total_energy_tce": declared_tce(rows, factors),
            "reporter": head["reporter"], "report_date": head["report_date"],
        }
        report = book["report"]
        for row in range(2, report.max_row + 1):
            key = report.cell(row, 1).value
            if key in fields and fields[key] is not None:
                report.cell(row, 2, fields[key])
        sheet = book["activity"]
        for i, r in enumerate(rows.to_dict("records"), start=2):
            values = [int(r["year"]), r["category"], r["activity"], float(r["amount"]), r["unit"],
                      "合成示例数据"]
            for j, value in enumerate(values, start=1):
                sheet.cell(i, j, value)
        production = book["production"]
        lines = [("product", firm["product"], float(head["output"]), firm["output_unit"])]
        if head["enterprise_id"] in INPUT_PER_OUTPUT:
            item, per, unit = INPUT_PER_OUTPUT[head["enterprise_id"]]
            lines.append(("input", item, round(float(head["output"]) * per), unit))
        for i, line in enumerate(lines, start=2):
            for j, value in enumerate(line, start=1):
                production.cell(i, j, value)
        target = HERE / "reports" / f"{head['enterprise_id']}_{head['year']}.xlsx"
        book.save(target)
        written.append(target)
    blank.unlink()
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE))
