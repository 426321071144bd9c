"""Data-collection workbooks: ``carbon template inventory|enterprise [--lang zh|en]``.

A workbook has an instructions sheet; the data sheet ``activity`` (the same name and header in
both languages: ``year, category, activity, amount, unit`` and optional columns, the shape
``carbon inventory`` and the registry read) with drop-down lists (data validation) of categories,
activities (keys in English, their Chinese names in Chinese: both are accepted) and units, and the
expected unit and a hint beside each row, looked up from the activity chosen; a ``factors`` sheet,
protected, with the factors that will be applied and their sources; and a hidden ``lists`` sheet
that feeds the drop-downs. The enterprise workbook adds the ``report`` sheet (``field, value``:
who, which year, output, generation, declared energy, reporter and date) and ``production``
(process inputs and products). A filled workbook reads back without edits.

Every text cell is written as text (``data_type = "s"``), never as a formula; the only formulas
are the look-ups of the expected unit and hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from carbon.errors import DataError
from carbon.inventory import DEFAULT_GWP, DEFAULT_REGION, compile_inventory, load_factors
from carbon.inventory import vocabulary as inventory_vocabulary
from carbon.inventory.activity import validate_activity
from carbon.inventory.output import factors_used
from carbon.registry import vocabulary as vocab
from carbon.tables import atomic_write

LANGS = ("zh", "en")
KINDS = ("inventory", "enterprise")
FORM_ROWS = 200
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

TEXT: dict[str, Any] = {
    "instructions": {"zh": "说明", "en": "instructions"},
    "title": {"inventory": {"zh": "温室气体清单活动水平数据采集表",
                            "en": "Greenhouse-gas inventory: activity data form"},
              "enterprise": {"zh": "重点排放企业年度碳排放报告表",
                             "en": "Key emitter: annual emissions report form"}},
    "steps": {
        "zh": ["在“activity”表中每行填写一项活动水平：年份、IPCC类别、活动（下拉选择）、"
               "数量、单位（下拉选择）。",
               "“expected_unit”与“hint”两列根据所选活动自动显示建议单位与填写说明，无需填写。",
               "请勿修改工作表名称与第一行列名；可按需增删数据行。",
               "排放量由 carbon 按“factors”表所列排放因子计算，企业无需填写排放量。",
               "数量请填写数字（≥0），不要填写公式或单位文字。"],
        "en": ["In sheet 'activity' give one quantity per row: year, IPCC category, activity "
               "(drop-down), amount, unit (drop-down).",
               "Columns 'expected_unit' and 'hint' show the unit the form expects and a hint for "
               "the activity chosen; leave them as they are.",
               "Do not rename the sheets or the header row; add or delete data rows as needed.",
               "Emissions are computed by carbon with the factors listed in sheet 'factors'; "
               "they are never typed in.",
               "Amounts are numbers (>= 0), not formulas or text with units."]},
    "enterprise_steps": {
        "zh": ["先填写“report”表的 value 列：企业编号、年度、主要产品及产量、"
               "自发电与上网电量（如有）、综合能源消费量、填报人与日期。",
               "“production”表填写工艺投入与产品（kind 选 input 或 product）。"],
        "en": ["First fill column 'value' of sheet 'report': enterprise id, year, main product "
               "and output, generation and grid supply (if any), total energy consumption, "
               "reporter and date.",
               "In sheet 'production' list process inputs and products (kind: input or "
               "product)."]},
    "factor_note": {"zh": "本表列出将采用的排放因子（{region} 地区，{year} 年，{gwp}），"
                          "受保护，仅供查阅。",
                    "en": "The factors that will be applied (region {region}, year {year}, "
                          "{gwp}); protected, for reference."},
}
HEADER_HINTS = {
    "year": {"zh": "年份（整数）", "en": "year (integer)"},
    "category": {"zh": "IPCC 2006 类别代码，如 1.A.2", "en": "IPCC 2006 category code, e.g. 1.A.2"},
    "activity": {"zh": "活动（燃料或电力、热力），下拉选择",
                 "en": "activity (fuel, electricity, heat)"},
    "amount": {"zh": "数量（≥0 的数字）", "en": "amount (a number >= 0)"},
    "unit": {"zh": "单位，下拉选择", "en": "unit, from the drop-down"},
    "note": {"zh": "备注（可选）", "en": "note (optional)"},
    "source": {"zh": "数据来源（可选）", "en": "source (optional)"},
}


def _text_row(sheet, values) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _header(sheet, columns, lang: str) -> None:
    _text_row(sheet, columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        hint = HEADER_HINTS.get(str(cell.value), {}).get(lang)
        if hint:
            cell.comment = Comment(hint, "carbon")


def _lists_sheet(book: Workbook, lang: str) -> dict[str, str]:
    """The hidden sheet feeding the drop-downs; returns the range of each list."""
    sheet = book.create_sheet(vocab.LISTS_SHEET)
    activities = vocab.template_activities()
    names = activities["name_zh"] if lang == "zh" else activities["activity"]
    hints = activities["hint_zh"] if lang == "zh" else activities["hint_en"]
    categories = inventory_vocabulary.categories()
    label = categories["name_zh"] if lang == "zh" else categories["name_en"]
    units = vocab.offered_units()
    columns = {
        "A": ["activity", *names], "B": ["expected_unit", *activities["expected_unit"]],
        "C": ["hint", *hints], "D": ["key", *activities["activity"]],
        "E": ["category", *categories["code"]],
        "F": ["category_name", *label], "G": ["unit", *units],
        "H": ["kind", *vocab.PRODUCTION_KINDS],
    }
    for letter, values in columns.items():
        for i, value in enumerate(values, start=1):
            cell = sheet[f"{letter}{i}"]
            cell.value = value
            cell.data_type = "s"
    sheet.sheet_state = "hidden"
    return {"activity": f"{vocab.LISTS_SHEET}!$A$2:$A${len(names) + 1}",
            "lookup": f"{vocab.LISTS_SHEET}!$A$2:$C${len(names) + 1}",
            "category": f"{vocab.LISTS_SHEET}!$E$2:$E${len(categories) + 1}",
            "unit": f"{vocab.LISTS_SHEET}!$G$2:$G${len(units) + 1}",
            "kind": f"{vocab.LISTS_SHEET}!$H$2:$H${len(vocab.PRODUCTION_KINDS) + 1}"}


def _validation(sheet, formula: str, column: str, rows: int, lang: str) -> None:
    rule = DataValidation(type="list", formula1=f"={formula}", allow_blank=True)
    rule.error = "请从下拉列表中选择" if lang == "zh" else "Choose a value from the list"
    rule.errorTitle = "carbon"
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(f"{column}2:{column}{rows + 1}")


def _activity_sheet(book: Workbook, ranges: dict[str, str], lang: str, *,
                    with_source: bool) -> None:
    sheet = book.create_sheet(vocab.ACTIVITY_SHEET)
    columns = ["year", "category", "activity", "amount", "unit"] + \
        (["source"] if with_source else []) + ["note", "expected_unit", "hint"]
    _header(sheet, columns, lang)
    letter = {name: chr(ord("A") + i) for i, name in enumerate(columns)}
    for row in range(2, FORM_ROWS + 2):
        key = f"{letter['activity']}{row}"
        sheet[f"{letter['expected_unit']}{row}"] = \
            f'=IF({key}="","",IFERROR(VLOOKUP({key},{ranges["lookup"]},2,FALSE),""))'
        sheet[f"{letter['hint']}{row}"] = \
            f'=IF({key}="","",IFERROR(VLOOKUP({key},{ranges["lookup"]},3,FALSE),""))'
    _validation(sheet, ranges["category"], letter["category"], FORM_ROWS, lang)
    _validation(sheet, ranges["activity"], letter["activity"], FORM_ROWS, lang)
    _validation(sheet, ranges["unit"], letter["unit"], FORM_ROWS, lang)
    year_rule = DataValidation(type="whole", operator="between", formula1="1990",
                               formula2="2100", allow_blank=True, showErrorMessage=True)
    sheet.add_data_validation(year_rule)
    year_rule.add(f"A2:A{FORM_ROWS + 1}")
    amount_rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                 allow_blank=True, showErrorMessage=True)
    sheet.add_data_validation(amount_rule)
    amount_rule.add(f"D2:D{FORM_ROWS + 1}")
    for name, width in (("category", 12), ("activity", 22), ("hint", 70), ("note", 30)):
        sheet.column_dimensions[letter[name]].width = width
    sheet.freeze_panes = "A2"


def _factor_sheet(book: Workbook, lang: str, *, year: int, region: str, gwp: str) -> None:
    """The factors the inventory engine picks for each offered activity in its usual category."""
    activities = vocab.template_activities()
    factors = load_factors()
    probe = pd.DataFrame({"year": str(year), "category": activities["category"],
                          "activity": activities["activity"], "amount": "1",
                          "unit": activities["expected_unit"]})
    inventory = compile_inventory(validate_activity(probe, "data/registry/template_activities"),
                                  factors, gwp=gwp, region=region)
    used = factors_used(inventory, factors).drop(columns="file")
    sheet = book.create_sheet(vocab.FACTOR_SHEET)
    _text_row(sheet, [TEXT["factor_note"][lang].format(region=region, year=year, gwp=gwp)])
    _text_row(sheet, list(used.columns))
    for values in used.astype(object).where(used.notna(), None).itertuples(index=False):
        _text_row(sheet, [v.item() if hasattr(v, "item") else v for v in values])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.protection.sheet = True
    sheet.protection.password = "carbon"


def _instructions(book: Workbook, kind: str, lang: str) -> None:
    sheet = book.active
    sheet.title = TEXT["instructions"][lang]
    _text_row(sheet, [TEXT["title"][kind][lang]])
    sheet["A1"].font = Font(bold=True, size=14)
    steps = (TEXT["enterprise_steps"][lang] if kind == "enterprise" else []) + TEXT["steps"][lang]
    for i, step in enumerate(steps, start=1):
        _text_row(sheet, [f"{i}. {step}"])
    sheet.column_dimensions["A"].width = 120


def _report_sheet(book: Workbook, lang: str) -> None:
    sheet = book.create_sheet(vocab.REPORT_SHEET, 1)
    _header(sheet, ["field", "value", "label"], lang)
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                             allow_blank=True, showErrorMessage=True)
    years = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100",
                           allow_blank=True, showErrorMessage=True)
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(years)
    for row, (key, required, en, zh) in enumerate(vocab.REPORT_FIELDS, start=2):
        label = zh if lang == "zh" else en
        _text_row(sheet, [key, None, label + ("" if required else
                                              (" （可选）" if lang == "zh" else " (optional)"))])
        if key == "year":
            years.add(f"B{row}")
        elif key in vocab.REPORT_NUMBERS:
            numbers.add(f"B{row}")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 50


def _production_sheet(book: Workbook, ranges: dict[str, str], lang: str) -> None:
    sheet = book.create_sheet(vocab.PRODUCTION_SHEET)
    _header(sheet, vocab.PRODUCTION_COLUMNS, lang)
    _validation(sheet, ranges["kind"], "A", FORM_ROWS, lang)


def write_template(kind: str, out: Path, *, lang: str = "zh", year: int,
                   region: str = DEFAULT_REGION, gwp: str = DEFAULT_GWP) -> Path:
    """Write a data-collection workbook of ``kind`` (inventory or enterprise) to ``out``."""
    if kind not in KINDS:
        raise DataError(f"unknown template '{kind}', expected one of {', '.join(KINDS)}")
    if lang not in LANGS:
        raise DataError(f"unknown language '{lang}', expected one of {', '.join(LANGS)}")
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise DataError(f"--out must end in .xlsx, found '{out.name}'")
    book = Workbook()
    _instructions(book, kind, lang)
    ranges = _lists_sheet(book, lang)
    if kind == "enterprise":
        _report_sheet(book, lang)
    _activity_sheet(book, ranges, lang, with_source=kind == "inventory")
    if kind == "enterprise":
        _production_sheet(book, ranges, lang)
    _factor_sheet(book, lang, year=year, region=region, gwp=gwp)
    book.move_sheet(vocab.LISTS_SHEET, offset=len(book.sheetnames))
    with atomic_write(out) as tmp:
        book.save(tmp)
    return out
