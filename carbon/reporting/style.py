"""One look for every figure: colours per sector and per scenario, labels in two languages, fonts.

A sector keeps its colour in every figure (a planner compares charts side by side); scenarios take
theirs from a second palette in the order they are given. Chinese text needs a CJK font (Debian's
``fonts-noto-cjk``, which ``make`` installs where it can): :func:`use_language` looks for one and,
when there is none, falls back to English with a warning — never boxes in place of characters.
"""

from __future__ import annotations

import functools
import warnings

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from carbon import paths  # noqa: E402
from carbon.tables import read_csv_text, require_columns  # noqa: E402

#: the sector vocabulary (DESIGN.md) in a fixed order, each with its colour (colour-blind safe)
SECTOR_COLOURS = {
    "power": "#0072B2",
    "building_materials": "#D55E00",
    "transport": "#E69F00",
    "industry": "#CC79A7",
    "buildings": "#009E73",
    "agriculture": "#8C6D31",
    "waste": "#7F7F7F",
    "land": "#56B4E9",
    "total": "#000000",
}
GAS_COLOURS = {"CO2": "#4D4D4D", "CH4": "#E69F00", "N2O": "#56B4E9"}
OTHER_GAS_COLOUR = "#CC79A7"
SCENARIO_PALETTE = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                    "#56B4E9", "#8C6D31")

#: words of the figures and the report, in English and Chinese
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "inventory_title": "GHG inventory {year} by sector and gas",
        "co2e_kt": "kt CO2e", "co2_mt": "Mt CO2", "co2_kt": "kt CO2", "sector": "sector",
        "year": "year", "gas": "gas", "key_title": "Key categories {year} (level, Approach 1)",
        "share": "share of the total", "cumulative": "cumulative share",
        "threshold": "95% threshold",
        "trajectory_title": "CO2 emissions by scenario", "peak": "peak {year}",
        "target": "target", "areas_title": "CO2 by sector, {view} view — {scenario}",
        "production": "production", "end_use": "end-use",
        "peaks_title": "Peak year of each sector", "peak_year": "peak year",
        "price_title": "Carbon price by sector — {scenario}", "price": "yuan per t CO2",
        "macc_title": "Marginal abatement cost curve", "abatement_mt": "abatement (Mt CO2)",
        "mac": "marginal cost (yuan per t CO2)",
        "positions_title": "Allowance positions before trading",
        "position_kt": "allocation − BAU emissions, kt (surplus +, shortfall −)",
        "band_title": "Emissions under uncertainty", "median": "median",
        "band": "{low}–{high}th percentile", "hist_title": "Peak year over the draws",
        "draws": "draws", "indicators_title": "Indicators against the plan targets ({year})",
        "value": "value", "change_pct": "change vs base year (%)", "indicator": "indicator",
    },
    "zh": {
        "inventory_title": "{year}年温室气体清单（按部门和气体）",
        "co2e_kt": "千吨二氧化碳当量", "co2_mt": "百万吨二氧化碳", "co2_kt": "千吨二氧化碳",
        "sector": "部门", "year": "年份", "gas": "气体",
        "key_title": "{year}年关键类别（水平评估，方法1）", "share": "占总量比例",
        "cumulative": "累计比例", "threshold": "95%阈值", "trajectory_title": "各情景二氧化碳排放",
        "peak": "{year}年达峰", "target": "目标",
        "areas_title": "分部门二氧化碳排放（{view}口径）— {scenario}",
        "production": "生产", "end_use": "终端消费", "peaks_title": "各部门达峰年份",
        "peak_year": "达峰年份", "price_title": "分部门碳价 — {scenario}", "price": "元/吨二氧化碳",
        "macc_title": "边际减排成本曲线", "abatement_mt": "减排量（百万吨二氧化碳）",
        "mac": "边际成本（元/吨二氧化碳）", "positions_title": "交易前配额盈缺",
        "position_kt": "配额 − 基准排放，千吨（盈余+，缺口−）", "band_title": "不确定性下的排放",
        "median": "中位数", "band": "第{low}–{high}百分位", "hist_title": "各抽样的达峰年份",
        "draws": "抽样数", "indicators_title": "指标与规划目标对比（{year}年）", "value": "数值",
        "change_pct": "较基准年变化（%）", "indicator": "指标",
    },
}


def words(lang: str) -> dict[str, str]:
    """The words of figures in ``lang`` (``en`` or ``zh``)."""
    return WORDS[lang]


@functools.lru_cache(maxsize=1)
def sector_names() -> dict[str, dict[str, str]]:
    """Sector names in both languages, from ``data/sectors.csv`` (the one place they live)."""
    path = paths.data_dir() / "sectors.csv"
    table = read_csv_text(path)
    require_columns(table, ["sector", "name_en", "name_zh"], path)
    return {row["sector"]: {"en": row["name_en"], "zh": row["name_zh"]}
            for row in table.to_dict("records")}


def sector_label(sector: str, lang: str) -> str:
    return sector_names().get(sector, {}).get(lang, sector)


def short_sector_label(sector: str, lang: str) -> str:
    """A sector's name short enough for an axis: the key in English, the name in Chinese."""
    return sector.replace("_", " ") if lang == "en" else sector_label(sector, lang)


def sector_colour(sector: str) -> str:
    return SECTOR_COLOURS.get(sector, "#999999")


def scenario_colours(names: list[str]) -> dict[str, str]:
    return {n: SCENARIO_PALETTE[i % len(SCENARIO_PALETTE)] for i, n in enumerate(names)}


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed CJK font matplotlib can use, or ``None``."""
    def find() -> str | None:
        names = sorted({entry.name for entry in font_manager.fontManager.ttflist})
        for wanted in ("Noto Sans CJK SC", "Noto Sans CJK", "Sans CJK", "CJK",
                       "WenQuanYi Zen Hei", "Droid Sans Fallback"):
            for name in names:
                if wanted in name:
                    return name
        return None

    found = find()
    if found is None:
        # a font installed after matplotlib built its cache: look again, once
        font_manager.fontManager = font_manager._load_fontmanager(  # type: ignore[attr-defined]
            try_read_cache=False)
        found = find()
    return found


def use_language(lang: str) -> str:
    """Set matplotlib's fonts for ``lang`` and return the language the figures will use.

    Chinese without a CJK font falls back to English, with a warning.
    """
    if lang not in WORDS:
        raise ValueError(f"language must be 'zh' or 'en', not {lang!r}")
    if lang == "zh":
        font = cjk_font()
        if font is None:
            warnings.warn("no CJK font found (install Debian's fonts-noto-cjk): the figures "
                          "are drawn in English", stacklevel=2)
            lang = "en"
        else:
            matplotlib.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return lang
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = True
    return lang
