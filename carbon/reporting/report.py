"""The planner's report: a draft of the carbon-peaking action plan's analytical part.

Eight sections, in the order a drafter needs them (``../shared/reference/peaking_plans.md`` §6):
(1) the base-year inventory with its data-quality labels; (2) key categories and uncertainty;
(3) the scenarios and their assumptions; (4) the peak year and value of each scenario and sector;
(5) the indicators against the plan targets; (6) measures with their abatement and cost per tonne;
(7) the enterprise allocation simulation; (8) the data to collect first. A section whose inputs
are missing says what is missing and how to produce it; the report renders all the same.
"""

from __future__ import annotations

import json
import tomllib
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from carbon.errors import DataError
from carbon.reporting import plots
from carbon.reporting.document import Document, Section, write_document
from carbon.reporting.indicators import against_targets, load_targets, targets_path
from carbon.reporting.runs import Run, load_runs, peak_of, sector_emissions
from carbon.reporting.style import sector_label, use_language

LANGS = ("zh", "en")

TEXT = {
    "en": {
        "title": "Carbon peaking analysis — draft for the action plan",
        "subtitle": "Written by carbon {version}. Figures from the runs and files listed in each "
                    "section; every number traces to its input files.",
        "s1": "1. Base-year greenhouse-gas inventory",
        "s2": "2. Key categories and uncertainty",
        "s3": "3. Scenarios and their assumptions",
        "s4": "4. Peak year and peak value",
        "s5": "5. Indicators against the plan targets",
        "s6": "6. Measures: abatement and cost per tonne",
        "s7": "7. Enterprise allowance allocation (simulation)",
        "s8": "8. Data to collect first",
        "no_inventory": "No inventory given: run `carbon inventory ACTIVITY --out inv.xlsx` and "
                        "pass `--inventory inv.xlsx`.",
        "no_runs": "No finished runs given: run `carbon run SCENARIO` and pass `--runs "
                   "results/NAME`.",
        "no_targets": "No targets file ({path}): it lists `indicator, year, value, basis, source`.",
        "no_alloc": "No allocation results given: run `carbon allocate RULES.toml` and pass "
                    "`--allocation results/allocation/NAME`.",
        "no_measures": "Measures need at least two runs (the first is the reference) or a "
                       "MACC in `--sweeps DIR` (`carbon macc SCENARIO --out DIR`).",
        "no_gaps": "No data gaps found: every input is labelled DIRECT or DERIVED and every "
                   "factor is verified or corroborated (or the inventory has no quality labels).",
        "keys_text": "{n} of {of} category-gas pairs of scope 1 are key in {year} (IPCC 2006 "
                     "Vol. 1 Ch. 4, Approach 1, level: together 95% of the total).",
        "unc_text": "Approach 1 level uncertainty: ±{level:.1f}% (95%). {no_ad:.0f}% of the "
                    "emissions have no activity-data uncertainty and {no_ef:.0f}% no factor "
                    "uncertainty: those count as exact, so the figure is a lower bound.",
        "measures_text": "Each technology's abatement against the reference run ({reference}) over "
                         "the horizon, end-use view, and the undiscounted cost difference per "
                         "tonne (results of `carbon compare`).",
        "no_keys": "Key categories need an inventory with `co2e_t` by category (and "
                   "`carbon.inventory.key_categories`).",
        "no_unc": "Uncertainty needs `ad_uncertainty_pct` and `ef_uncertainty_pct` in the "
                  "inventory (run `carbon inventory … --uncertainty`).",
        "inv_total": "Total {year}: {total:,.0f} t CO2e; scope 1 {s1:,.0f} t, scope 2 {s2:,.0f} t.",
        "by_sector": "CO2e by sector and gas (t)", "quality": "Share of CO2e by data quality",
        "keys": "Key categories (level assessment)",
        "unc": "Uncertainty (Approach 1): the total and the 15 largest contributions",
        "scenarios": "Scenarios", "peaks": "Peak of each scenario (total CO2)",
        "sector_peaks": "Peak of each sector (production view)",
        "milestones": "CO2 in milestone years (t)", "targets": "Indicators against targets",
        "measures": "Measures against the first run", "macc": "Abatement cost curve",
        "alloc_market": "Market by year", "alloc_ledger": "Most exposed enterprises",
        "hypothetical": "HYPOTHETICAL: a local scheme is a simulation — since May 2024 national "
                        "rules allow no new local carbon markets.",
        "gaps": "Inputs and factors to improve first, by share of the total",
        "mc_text": "Monte Carlo of {name}: {ok} of {n} draws feasible; probability of peaking "
                   "by {year}: {p:.0f}%.",
        "mc_band": "Emissions under uncertainty (Monte Carlo)",
        "mc_peaks": "Peak year over the draws",
        "scope2_note": "{runs} count purchased electricity market-based (green power at 0, other "
                       "purchases at the residual grid factor, above the average): their CO2 "
                       "levels, base year included, are not comparable with the location-based "
                       "runs; compare their peak years and changes instead.",
        "met": "met", "missed": "missed", "na": "not reported by the run",
    },
    "zh": {
        "title": "碳达峰分析 — 实施方案草稿",
        "subtitle": "由 carbon {version} 生成。各节注明所用的运行结果与文件，"
                    "每个数字均可追溯到输入文件。",
        "s1": "一、基准年温室气体清单", "s2": "二、关键类别与不确定性",
        "s3": "三、情景及其假设", "s4": "四、达峰年份与峰值", "s5": "五、指标与规划目标对比",
        "s6": "六、减排措施：减排量与单位成本", "s7": "七、企业配额分配（模拟）",
        "s8": "八、优先补充的数据",
        "no_inventory": "未提供清单：请运行 `carbon inventory ACTIVITY --out inv.xlsx`，并以 "
                        "`--inventory inv.xlsx` 传入。",
        "no_runs": "未提供已完成的情景运行：请运行 `carbon run SCENARIO`，并以 `--runs "
                   "results/NAME` 传入。",
        "no_targets": "缺少目标文件（{path}）：列为 `indicator, year, value, basis, source`。",
        "no_alloc": "未提供配额分配结果：请运行 `carbon allocate RULES.toml`，并以 "
                    "`--allocation results/allocation/NAME` 传入。",
        "no_measures": "措施分析需要至少两个情景运行（第一个为参照），或在 `--sweeps DIR` 中提供"
                       "边际减排成本曲线（`carbon macc SCENARIO --out DIR`）。",
        "no_gaps": "未发现数据缺口：所有输入均为 DIRECT 或 DERIVED，"
                   "所有因子均已核实或佐证（或清单无质量标签）。",
        "keys_text": "{year}年范围一的 {of} 个类别-气体组合中有 {n} 个为关键类别"
                     "（IPCC 2006 第1卷第4章方法1，水平评估：合计占总量95%）。",
        "unc_text": "方法1水平不确定性：±{level:.1f}%（95%）。"
                    "{no_ad:.0f}% 的排放缺少活动水平不确定性，{no_ef:.0f}% 缺少因子不确定性，"
                    "按精确值计，因此该数值为下限。",
        "measures_text": "各技术相对参照情景（{reference}）在规划期内的减排量（终端消费口径）"
                         "及单位减排的未折现成本差（`carbon compare` 的结果）。",
        "no_keys": "关键类别分析需要按类别的 `co2e_t`（及 `carbon.inventory.key_categories`）。",
        "no_unc": "不确定性分析需要清单中的 `ad_uncertainty_pct` 和 `ef_uncertainty_pct`"
                  "（运行 `carbon inventory … --uncertainty`）。",
        "inv_total": "{year}年合计：{total:,.0f} 吨二氧化碳当量；"
                     "范围一 {s1:,.0f} 吨，范围二 {s2:,.0f} 吨。",
        "by_sector": "分部门、分气体二氧化碳当量（吨）", "quality": "按数据质量的排放占比",
        "keys": "关键类别（水平评估）", "unc": "不确定性（方法1）：合计及贡献最大的15项",
        "scenarios": "情景",
        "peaks": "各情景峰值（二氧化碳总量）", "sector_peaks": "各部门峰值（生产口径）",
        "milestones": "关键年份二氧化碳排放（吨）", "targets": "指标与目标对比",
        "measures": "相对第一个情景的措施", "macc": "减排成本曲线",
        "alloc_market": "各年市场", "alloc_ledger": "压力最大的企业",
        "hypothetical": "假设情形：地方碳市场仅为模拟——自2024年5月起国家规定不再新设地方碳市场。",
        "gaps": "按占总量比例排序的优先改进输入与因子",
        "mc_text": "{name} 的蒙特卡洛模拟：{n} 次抽样中 {ok} 次可行；"
                   "{year}年前达峰的概率：{p:.0f}%。",
        "mc_band": "不确定性下的排放（蒙特卡洛）",
        "mc_peaks": "各抽样的达峰年份",
        "scope2_note": "{runs} 按市场法计算外购电力（绿电计为0，其余按剩余电网因子，高于平均值）："
                       "其二氧化碳水平（含基准年）与按地点法计算的情景不可直接比较，请比较达峰年份与变化。",
        "met": "达标", "missed": "未达标", "na": "运行结果未提供",
    },
}


def _read_inventory(path: Path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise DataError("inventory file not found", file=path)
    if path.suffix.lower() == ".xlsx":
        try:
            frame = pd.read_excel(path, sheet_name="inventory")
        except ValueError:
            raise DataError("no sheet 'inventory': expected a workbook written by "
                            "`carbon inventory --out FILE.xlsx`", file=path) from None
    else:
        from carbon.tables import read_csv_text

        frame = read_csv_text(path)
        for col in ("year", "scope", "emissions_t", "co2e_t", "energy_gj",
                    "ad_uncertainty_pct", "ef_uncertainty_pct"):
            if col in frame.columns:
                frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce")
    for col in ("year", "category", "gas", "scope", "co2e_t"):
        if col not in frame.columns:
            raise DataError(f"missing column '{col}': expected an inventory written by "
                            "`carbon inventory`", file=path)
    frame["category"] = frame["category"].astype(str)
    if "sector" not in frame.columns:
        frame["sector"] = ""
    return frame


def _inventory_section(t: dict, inventory: pd.DataFrame | None, lang: str) -> Section:
    sec = Section("inventory", t["s1"])
    if inventory is None:
        sec.missing = t["no_inventory"]
        return sec
    from carbon.inventory import summarise

    year = int(inventory["year"].max())
    rows = inventory[inventory["year"] == year]
    summary = summarise(rows, year)        # the same totals as the inventory's own summary
    scope = summary["by_scope"].loc[year]
    sec.text(t["inv_total"].format(year=year, total=summary["total_co2e_t"],
                                   s1=float(scope.get(1, 0.0)), s2=float(scope.get(2, 0.0))))
    table = summary["by_sector_gas"][year].drop(columns="scope 1")
    table.columns.name = None
    table = table.sort_values("total", ascending=False).reset_index()
    table.insert(1, "name", [sector_label(s, lang) for s in table["sector"]])
    sec.add_table("inventory_by_sector", t["by_sector"], table)
    sec.add_figure("inventory", t["by_sector"], plots.inventory_by_sector_gas(rows, lang=lang))
    if "factor_quality" in rows.columns:
        from carbon.inventory import quality_shares

        shares = quality_shares(rows)
        for column in [c for c in shares.columns if c.endswith("_share")]:
            shares[column.replace("_share", "_pct")] = (shares.pop(column) * 100).round(1)
        sec.add_table("quality", t["quality"], shares)
    return sec


def _keys_section(t: dict, inventory: pd.DataFrame | None, lang: str) -> Section:
    sec = Section("key_categories", t["s2"])
    if inventory is None:
        sec.missing = t["no_inventory"]
        return sec
    from carbon.inventory import key_categories, uncertainty
    from carbon.inventory.output import uncertainty_sheet

    year = int(inventory["year"].max())
    keys = key_categories(inventory, year)
    key_rows = keys[keys["key_level"].astype(bool)]
    sec.text(t["keys_text"].format(n=len(key_rows), of=len(keys), year=year))
    sec.add_table("key_categories", t["keys"], key_rows)
    sec.add_figure("key_categories", t["keys"],
                   plots.key_categories_pareto(keys, year=year, lang=lang))
    if not {"ad_uncertainty_pct", "ef_uncertainty_pct"} <= set(inventory.columns):
        sec.note(t["no_unc"])
        return sec
    approach1 = uncertainty(inventory, year)
    sec.text(t["unc_text"].format(level=approach1.level_pct,
                                  no_ad=approach1.share_without_ad * 100,
                                  no_ef=approach1.share_without_ef * 100))
    table = uncertainty_sheet(approach1).drop(columns="method")
    lines = table[table["category"] != "total"]
    if "contribution_to_variance" in lines.columns:
        lines = lines.sort_values("contribution_to_variance", ascending=False).head(15)
    shown = pd.concat([table[table["category"] == "total"], lines], ignore_index=True)
    sec.add_table("uncertainty", t["unc"], shown.dropna(axis=1, how="all"))
    return sec


def _scenario_section(t: dict, runs: Sequence[Run]) -> Section:
    sec = Section("scenarios", t["s3"])
    if not runs:
        sec.missing = t["no_runs"]
        return sec
    rows = []
    methods: dict[str, str] = {}
    for run in runs:
        resolved = run.folder / "scenario.resolved.toml"
        scenario = tomllib.loads(resolved.read_text(encoding="utf-8")) if resolved.is_file() else {}
        policy = scenario.get("policy", {})
        rules = [k if isinstance(v, (str, list, dict)) and k != "scope2_method" else f"{k}={v}"
                 for k, v in policy.items() if v not in (None, "", [], False)]
        methods[run.name] = str(policy.get("scope2_method", "location"))
        rows.append({"scenario": run.name, "extends": scenario.get("extends", ""),
                     "years": f"{scenario.get('base_year', '')}–{scenario.get('end_year', '')}",
                     "discount_rate": scenario.get("discount_rate", ""),
                     "policy": ", ".join(sorted(rules)) or "—",
                     "total_cost_yuan": run.summary.get("total_cost_yuan")})
    sec.add_table("scenarios", t["scenarios"], pd.DataFrame(rows))
    if len(set(methods.values())) > 1:
        market = ", ".join(n for n, m in methods.items() if m == "market")
        sec.note(t["scope2_note"].format(runs=market))
    return sec


def _peak_section(t: dict, runs: Sequence[Run], targets: pd.DataFrame | None,
                  lang: str) -> Section:
    sec = Section("peaks", t["s4"])
    if not runs:
        sec.missing = t["no_runs"]
        return sec
    peaks, milestones, sectors = [], [], []
    for run in runs:
        total = run.total_co2()
        year, value = peak_of(total)
        peaks.append({"scenario": run.name, "peak_year": year, "peak_co2_t": value,
                      "cumulative_co2_t": float(total.sum())})
        milestones.append({"scenario": run.name, **{str(y): float(total.get(y, float("nan")))
                                                    for y in (2025, 2030, 2035, 2060)}})
        table = sector_emissions(run)
        for sector in table.columns:
            if table[sector].max() > 0:
                sy, sv = peak_of(table[sector])
                sectors.append({"scenario": run.name, "sector": sector,
                                "name": sector_label(sector, lang), "peak_year": sy,
                                "peak_co2_t": sv})
    sec.add_table("peaks", t["peaks"], pd.DataFrame(peaks))
    sec.add_table("milestones", t["milestones"], pd.DataFrame(milestones))
    sec.add_table("sector_peaks", t["sector_peaks"], pd.DataFrame(sectors))
    peak_targets = None
    if targets is not None:
        peak_rows = targets[targets["indicator"].isin(["co2_peak_year", "peak_year"])]
        if not peak_rows.empty:
            peak_targets = pd.DataFrame({"year": peak_rows["value"].astype(int),
                                         "co2_t": float("nan"), "label": "peak"})
    sec.add_figure("trajectories", t["peaks"],
                   plots.trajectories(runs, targets=peak_targets, lang=lang))
    sec.add_figure("sector_peaks", t["sector_peaks"], plots.sector_peak_years(runs, lang=lang))
    for view in ("production", "end_use"):
        if view == "end_use" and "emissions_end_use" not in runs[-1].frames:
            continue
        sec.add_figure(f"areas_{view}", t["sector_peaks"],
                       plots.sector_areas(runs[-1], view=view, lang=lang))
    sec.add_figure("carbon_prices", t["peaks"], plots.carbon_prices(runs[-1], lang=lang))
    return sec


def _montecarlo_blocks(sec: Section, t: dict, sweeps: Path | Sequence[Path] | None,
                       lang: str) -> None:
    """The Monte Carlo band and peak-year histogram of ``carbon sweep montecarlo`` folders."""
    for folder in _sweep_folders(sweeps):
        if not (folder / "bands.parquet").is_file() or not (folder / "draws.parquet").is_file():
            continue
        bands = pd.read_parquet(folder / "bands.parquet")
        draws = pd.read_parquet(folder / "draws.parquet")
        feasible = draws[draws["status"] == "optimal"]
        summary_file = folder / "summary.json"
        info = json.loads(summary_file.read_text(encoding="utf-8")) \
            if summary_file.is_file() else {}
        sec.text(t["mc_text"].format(name=folder.parent.name, n=len(draws), ok=len(feasible),
                                     p=float(info.get("probability_peak_by_target", float("nan")))
                                     * 100, year=info.get("target_year", "?")))
        sec.add_figure(f"mc_band_{folder.parent.name}", t["mc_band"],
                       plots.monte_carlo_band(bands, lang=lang))
        sec.add_figure(f"mc_peaks_{folder.parent.name}", t["mc_peaks"],
                       plots.peak_year_histogram(feasible["peak_year"], lang=lang))


def _targets_section(t: dict, runs: Sequence[Run], targets: pd.DataFrame | None,
                     lang: str) -> Section:
    sec = Section("targets", t["s5"])
    if not runs:
        sec.missing = t["no_runs"]
        return sec
    if targets is None:
        sec.missing = t["no_targets"].format(path=targets_path())
        return sec
    table = against_targets(runs, targets[~targets["indicator"].isin(["co2_peak_year",
                                                                      "peak_year"])])
    table["status"] = table["met"].map({True: t["met"], False: t["missed"]}).fillna(t["na"])
    sec.add_table("targets", t["targets"], table.drop(columns=["met"]))
    for year in sorted(table["year"].unique()):
        rows = table[(table["year"] == year) & table["unit"].eq("%") & table["value"].notna()]
        if not rows.empty:
            sec.add_figure(f"targets_{year}", f"{t['targets']} {year}",
                           plots.indicators_vs_targets(rows, year=int(year), lang=lang))
    return sec


def _sweep_folders(sweeps: Path | Sequence[Path] | None) -> list[Path]:
    if sweeps is None:
        return []
    return [Path(sweeps)] if isinstance(sweeps, (str, Path)) else [Path(f) for f in sweeps]


def _measures_section(t: dict, runs: Sequence[Run], sweeps: Path | Sequence[Path] | None,
                      lang: str, compare: Path | None = None) -> Section:
    sec = Section("measures", t["s6"])
    found = False
    summary_file = Path(compare) / "measures_summary.csv" if compare is not None else None
    if summary_file is not None and summary_file.is_file():
        from carbon.tables import read_csv_text

        summary = read_csv_text(summary_file)
        for column in ("abatement_t", "cost_difference_yuan", "cost_yuan_per_t"):
            summary[column] = pd.to_numeric(summary[column], errors="coerce")
        abating = summary[(summary["abatement_t"] > 1e-6) & (summary["technology"] != "all")]
        sec.text(t["measures_text"].format(reference=runs[0].name if runs else "?"))
        sec.add_table("measures", t["measures"], abating.head(25))
        found = True
    elif len(runs) >= 2:
        from carbon.errors import CarbonError
        from carbon.reporting.compare import compare_runs

        try:
            summary = compare_runs([r.folder for r in runs])["measures_summary"]
        except CarbonError as exc:       # runs without activity, capacity or their inputs
            sec.note(f"{t['no_measures']} ({exc})")
        else:
            abating = summary[(summary["abatement_t"] > 1e-6) & (summary["technology"] != "all")]
            sec.text(t["measures_text"].format(reference=runs[0].name))
            sec.add_table("measures", t["measures"], abating.head(25))
            found = True
    macc_dirs = [f for f in _sweep_folders(sweeps) if (f / "macc.csv").is_file()]
    if macc_dirs:
        from carbon.tables import read_csv_text

        macc = read_csv_text(macc_dirs[0] / "macc.csv")
        for column in macc.columns:
            numbers = pd.to_numeric(macc[column], errors="coerce")
            if numbers.notna().all():
                macc[column] = numbers
        macc = macc.dropna(subset=["abatement_t", "marginal_cost_yuan_per_t"])
        sec.add_table("macc", t["macc"], macc)
        sec.add_figure("macc", t["macc"], plots.macc_steps(macc, lang=lang))
        found = True
    if not found:
        sec.missing = t["no_measures"]
    return sec


#: the columns of the allocation contract (DESIGN.md) that the report shows
MARKET_SHOWN = ("year", "price_yuan_per_t", "volume_t", "reserve_sold_t", "withheld_t", "banked_t")
LEDGER_SHOWN = ("enterprise_id", "name", "year", "allocation_t", "emissions_t", "abatement_t",
                "offsets_t", "net_purchase_t", "obligation_t", "surplus_t", "compliance_cost_yuan")


def _allocation_section(t: dict, folders: Sequence[Path], lang: str) -> Section:
    sec = Section("allocation", t["s7"])
    if not folders:
        sec.missing = t["no_alloc"]
        return sec
    for folder in folders:
        folder = Path(folder)
        for name in ("ledger.csv", "market.csv", "summary.json"):
            if not (folder / name).is_file():
                raise DataError(f"not a finished allocation: {name} is missing", file=folder)
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        if summary.get("hypothetical") is True:
            sec.note(f"{folder.name}: {t['hypothetical']}")
        if summary.get("label"):
            sec.note(f"{folder.name}: {summary['label']}")
        market = pd.read_csv(folder / "market.csv", encoding="utf-8-sig")
        ledger = pd.read_csv(folder / "ledger.csv", encoding="utf-8-sig")
        market = market[[c for c in MARKET_SHOWN if c in market.columns]]
        sec.add_table(f"market_{folder.name}", f"{t['alloc_market']} — {folder.name}", market)
        exposed = ledger.sort_values("compliance_cost_yuan", ascending=False).head(10)
        exposed = exposed[[c for c in LEDGER_SHOWN if c in exposed.columns]]
        sec.add_table(f"ledger_{folder.name}", f"{t['alloc_ledger']} — {folder.name}", exposed)
        by = "sector" if "sector" in ledger.columns else "enterprise_id"
        sec.add_figure(f"positions_{folder.name}", f"{t['alloc_market']} — {folder.name}",
                       plots.allowance_positions(ledger, by=by, lang=lang))
    return sec


def _gaps_section(t: dict, inventory: pd.DataFrame | None) -> Section:
    sec = Section("data_gaps", t["s8"])
    if inventory is None:
        sec.missing = t["no_inventory"]
        return sec
    from carbon.inventory import data_gaps

    gaps = data_gaps(inventory[inventory["year"] == inventory["year"].max()])
    if gaps.empty:
        sec.missing = t["no_gaps"]
        return sec
    sec.add_table("data_gaps", t["gaps"], gaps.head(30))
    return sec


def build_report(*, runs: Sequence[Path] = (), inventory: Path | None = None,
                 allocation: Sequence[Path] = (), sweeps: Path | Sequence[Path] | None = None,
                 compare: Path | None = None, targets: Path | None = None,
                 lang: str = "zh") -> Document:
    """Read the inputs, check them, and assemble the report's eight sections."""
    from carbon import __version__

    if lang not in LANGS:
        raise DataError(f"--lang must be zh or en, not '{lang}'")
    lang = use_language(lang)
    t = TEXT[lang]
    run_list = load_runs([Path(r) for r in runs])
    inv = _read_inventory(Path(inventory)) if inventory is not None else None
    target_file = Path(targets) if targets is not None else targets_path()
    target_table = load_targets(target_file) if target_file.is_file() else None
    doc = Document(title=t["title"], lang=lang, subtitle=t["subtitle"].format(version=__version__))
    sections = [
        _inventory_section(t, inv, lang),
        _keys_section(t, inv, lang),
        _scenario_section(t, run_list),
        _peak_section(t, run_list, target_table, lang),
        _targets_section(t, run_list, target_table, lang),
        _measures_section(t, run_list, sweeps, lang, compare),
        _allocation_section(t, [Path(a) for a in allocation], lang),
        _gaps_section(t, inv),
    ]
    _montecarlo_blocks(sections[3], t, sweeps, lang)
    if sections[3].missing and any(b.kind == "figure" for b in sections[3].blocks):
        sections[3].missing = ""
    doc.sections = sections
    return doc


def write_report(*, out: Path, echo: Callable[[str], None] | None = None,
                 **inputs: object) -> dict[str, Path]:
    """Build the report and write ``index.html``, ``report.md`` and ``tables.xlsx`` in ``out``.

    Files are added beside whatever ``out`` already holds (never replacing the folder); an
    ``out`` that is a file is an error, checked before anything is read or drawn.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DataError("the output folder exists and is a file", file=out)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*constrained_layout.*")
        doc = build_report(**inputs)  # type: ignore[arg-type]
        written = write_document(doc, out)
    if echo is not None:
        missing = [s.title for s in doc.sections if s.missing]
        echo(f"report: {written['index.html']} ({len(doc.sections)} sections"
             + (f"; inputs missing for: {', '.join(missing)}" if missing else "") + ")")
    return written


def write_plots(run_dirs: Sequence[Path], *, out: Path, lang: str = "en",
                echo: Callable[[str], None] | None = None) -> list[Path]:
    """``carbon plot``: the trajectory figures of finished runs as PNG and SVG in ``out``.

    Writes the scenarios' CO2 trajectories with their peaks, each sector's peak year, and per run
    the stacked sector areas (both views where the run has them) and the carbon price paths.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DataError("the output folder exists and is a file", file=out)
    if lang not in LANGS:
        raise DataError(f"--lang must be zh or en, not '{lang}'")
    lang = use_language(lang)
    run_list = load_runs([Path(r) for r in run_dirs])
    figures = {"trajectories": plots.trajectories(run_list, lang=lang),
               "sector_peaks": plots.sector_peak_years(run_list, lang=lang)}
    for run in run_list:
        figures[f"{run.name}_sectors"] = plots.sector_areas(run, lang=lang)
        if "emissions_end_use" in run.frames:
            figures[f"{run.name}_sectors_end_use"] = plots.sector_areas(run, view="end_use",
                                                                       lang=lang)
        figures[f"{run.name}_carbon_price"] = plots.carbon_prices(run, lang=lang)
    written: list[Path] = []
    for name, fig in figures.items():
        written += plots.save_figure(fig, out / name)
    if echo is not None:
        echo(f"plots: {len(written)} files in {out}")
    return written
