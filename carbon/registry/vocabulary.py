"""What the data-collection templates offer: activities with their expected unit and hint, the
units of the drop-down (``data/registry/``), and the fields of an enterprise report."""

from __future__ import annotations

import functools

import pandas as pd

from carbon import paths
from carbon.inventory import vocabulary as inventory_vocabulary
from carbon.tables import read_csv_text, require_columns

REPORT_SHEET = "report"
ACTIVITY_SHEET = "activity"
PRODUCTION_SHEET = "production"
FACTOR_SHEET = "factors"
LISTS_SHEET = "lists"
ACTIVITY_COLUMNS = ["year", "category", "activity", "amount", "unit", "note"]
PRODUCTION_COLUMNS = ["kind", "item", "amount", "unit"]
PRODUCTION_KINDS = ("input", "product")

#: the fields of an enterprise report (sheet ``report``): key, required, English and Chinese label
REPORT_FIELDS = [
    ("enterprise_id", True, "Enterprise id (as registered)", "企业编号（登记编号）"),
    ("enterprise_name", True, "Enterprise name", "企业名称"),
    ("year", True, "Reporting year", "报告年度"),
    ("product", True, "Main product", "主要产品"),
    ("output", True, "Output of the main product in the year", "主要产品年产量"),
    ("output_unit", True, "Unit of the output (e.g. t, 万件, MWh)", "产量单位（如 t、万件、MWh）"),
    ("generation_mwh", False, "Electricity generated on site (MWh), if any",
     "自发电量（MWh），如有"),
    ("grid_supply_mwh", False, "Electricity supplied to the grid (MWh), if any",
     "上网电量（MWh），如有"),
    ("total_energy_tce", False, "Total energy consumption declared (tce)",
     "综合能源消费量（吨标准煤）"),
    ("reporter", True, "Person who reports", "填报人"),
    ("report_date", True, "Date of the report (YYYY-MM-DD)", "填报日期（YYYY-MM-DD）"),
]

REPORT_NUMBERS = ("output", "generation_mwh", "grid_supply_mwh", "total_energy_tce")


def _data_dir():
    return paths.data_dir() / "registry"


@functools.lru_cache(maxsize=1)
def template_activities() -> pd.DataFrame:
    """``activity, category, expected_unit, hint_en, hint_zh`` joined with the library's names."""
    path = _data_dir() / "template_activities.csv"
    table = read_csv_text(path)
    require_columns(table, ["activity", "category", "expected_unit", "hint_en", "hint_zh"], path)
    names = inventory_vocabulary.activities()[["activity", "name_en", "name_zh"]]
    merged = table.merge(names, on="activity", how="left", validate="one_to_one")
    unknown = merged["name_en"].isna()
    if unknown.any():
        raise ValueError(f"{path}: activity '{merged['activity'][unknown].iloc[0]}' is not in "
                         "data/emission_factors/activities.csv")
    return merged


@functools.lru_cache(maxsize=1)
def units_offered() -> pd.DataFrame:
    """``unit, name_en, name_zh``: the units a template's drop-down offers."""
    path = _data_dir() / "units_offered.csv"
    table = read_csv_text(path)
    require_columns(table, ["unit", "name_en", "name_zh"], path)
    return table


def offered_units() -> list[str]:
    return list(units_offered()["unit"])
