"""The figures of the planner's report (matplotlib).

Each function takes tidy frames (or :class:`~carbon.reporting.runs.Run` objects), returns a
:class:`matplotlib.figure.Figure` with a title, axis labels with units and a legend, and never
calls ``show``. Colours are fixed per sector and per scenario (:mod:`carbon.reporting.style`).
Call :func:`carbon.reporting.style.use_language` first for Chinese text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from carbon.reporting.runs import Run, peak_of, sector_emissions
from carbon.reporting.style import (
    GAS_COLOURS,
    OTHER_GAS_COLOUR,
    scenario_colours,
    sector_colour,
    sector_label,
    short_sector_label,
    words,
)
from carbon.tables import atomic_write

FIGSIZE = (8.0, 4.5)


def _figure(size: tuple[float, float] = FIGSIZE) -> tuple[Figure, Axes]:
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def inventory_by_sector_gas(inventory: pd.DataFrame, *, year: int | None = None,
                            lang: str = "en") -> Figure:
    """Stacked bars: CO2e [kt] of each sector, split by gas (sinks below zero)."""
    w = words(lang)
    year = int(year if year is not None else inventory["year"].max())
    rows = inventory[inventory["year"] == year]
    table = rows.pivot_table(index="sector", columns="gas", values="co2e_t", aggfunc="sum",
                             fill_value=0.0) / 1e3
    table = table.loc[table.abs().sum(axis=1).sort_values(ascending=False).index]
    fig, ax = _figure()
    pos_base = np.zeros(len(table))
    neg_base = np.zeros(len(table))
    labels = [short_sector_label(s, lang) for s in table.index]
    for gas in table.columns:
        values = table[gas].to_numpy()
        base = np.where(values >= 0, pos_base, neg_base)
        ax.bar(labels, values, bottom=base, label=gas,
               color=GAS_COLOURS.get(gas, OTHER_GAS_COLOUR))
        pos_base += np.where(values >= 0, values, 0)
        neg_base += np.where(values < 0, values, 0)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title(w["inventory_title"].format(year=year))
    ax.set_xlabel(w["sector"])
    ax.set_ylabel(w["co2e_kt"])
    ax.legend(title=w["gas"])
    for tick in ax.get_xticklabels():
        tick.set_rotation(25)
        tick.set_horizontalalignment("right")
    return fig


def key_categories_pareto(keys: pd.DataFrame, *, year: int, lang: str = "en",
                          top: int = 15) -> Figure:
    """Pareto chart: each category's level share (bars) and the cumulative share (line).

    ``keys`` has ``category`` (and optionally ``gas``), ``level_share`` and ``level_cumulative``
    (fractions), as :func:`carbon.inventory.key_categories` returns them.
    """
    w = words(lang)
    data = keys.sort_values("level_share", ascending=False).head(top)
    names = (data["category"].astype(str)
             + (" " + data["gas"].astype(str) if "gas" in data.columns else "")).tolist()
    fig, ax = _figure()
    ax.bar(names, data["level_share"] * 100, color="#0072B2", label=w["share"])
    ax2 = ax.twinx()
    ax2.plot(names, data["level_cumulative"] * 100, color="#D55E00", marker="o",
             label=w["cumulative"])
    ax2.axhline(95, color="grey", linestyle="--", linewidth=0.8, label=w["threshold"])
    ax2.set_ylim(0, 105)
    ax.set_title(w["key_title"].format(year=year))
    ax.set_ylabel(f"{w['share']} (%)")
    ax2.set_ylabel(f"{w['cumulative']} (%)")
    ax.set_xlabel("IPCC")
    ax.tick_params(axis="x", labelrotation=45)
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="center right")
    return fig


def trajectories(runs: Sequence[Run], *, targets: pd.DataFrame | None = None,
                 lang: str = "en") -> Figure:
    """Total CO2 [Mt] of each scenario, its peak marked; ``targets`` (``year, co2_t, label``)
    drawn as points, and a target peak year (``label`` ``peak``) as a vertical line."""
    w = words(lang)
    colours = scenario_colours([r.name for r in runs])
    fig, ax = _figure()
    for run in runs:
        total = run.total_co2()
        ax.plot(total.index, total / 1e6, color=colours[run.name], label=run.name, linewidth=1.8)
        year, value = peak_of(total)
        ax.plot([year], [value / 1e6], marker="o", color=colours[run.name])
        ax.annotate(w["peak"].format(year=year), (year, value / 1e6), textcoords="offset points",
                    xytext=(4, 6), fontsize=8, color=colours[run.name])
    if targets is not None and not targets.empty:
        for row in targets.itertuples(index=False):
            if row.label == "peak":
                ax.axvline(row.year, color="grey", linestyle="--", linewidth=0.8,
                           label=f"{w['target']}: {w['peak'].format(year=int(row.year))}")
            elif not pd.isna(row.co2_t):
                ax.plot([row.year], [row.co2_t / 1e6], marker="D", color="grey", linestyle="",
                        label=f"{w['target']}: {row.label}")
    ax.set_title(w["trajectory_title"])
    ax.set_xlabel(w["year"])
    ax.set_ylabel(w["co2_mt"])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def sector_areas(run: Run, *, view: str = "production", lang: str = "en") -> Figure:
    """Stacked areas of CO2 by sector [Mt], production or end-use view."""
    w = words(lang)
    table = sector_emissions(run, view) / 1e6
    shown = view if view == "production" or "emissions_end_use" in run.frames else "production"
    positive = table.clip(lower=0)
    fig, ax = _figure()
    ax.stackplot(positive.index, positive.T.to_numpy(),
                 labels=[sector_label(s, lang) for s in positive.columns],
                 colors=[sector_colour(s) for s in positive.columns])
    ax.set_title(w["areas_title"].format(view=w[shown], scenario=run.name))
    ax.set_xlabel(w["year"])
    ax.set_ylabel(w["co2_mt"])
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def sector_peak_years(runs: Sequence[Run], *, view: str = "production",
                      lang: str = "en") -> Figure:
    """Each sector's peak year in each scenario (dots; one row per sector)."""
    w = words(lang)
    colours = scenario_colours([r.name for r in runs])
    fig, ax = _figure()
    sectors: list[str] = []
    for run in runs:
        for s in sector_emissions(run, view).columns:
            if s not in sectors:
                sectors.append(s)
    for i, run in enumerate(runs):
        table = sector_emissions(run, view)
        years = [peak_of(table[s])[0] if s in table.columns and table[s].max() > 0 else np.nan
                 for s in sectors]
        offsets = np.arange(len(sectors)) + (i - (len(runs) - 1) / 2) * 0.15
        ax.scatter(years, offsets, color=colours[run.name], label=run.name, zorder=3)
    ax.set_yticks(range(len(sectors)), [sector_label(s, lang) for s in sectors])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(w["peaks_title"])
    ax.set_xlabel(w["peak_year"])
    ax.set_ylabel(w["sector"])
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def carbon_prices(run: Run, *, lang: str = "en") -> Figure:
    """Carbon price paths [yuan/t] of the total and each sector with a price."""
    w = words(lang)
    price = run.frames["carbon_price"]
    fig, ax = _figure()
    for sector, rows in price.groupby("sector", sort=False):
        values = rows.set_index("year")["price_yuan_per_t"]
        if sector != "total" and values.abs().max() < 1e-6:
            continue
        ax.plot(values.index, values, label=sector_label(str(sector), lang),
                color=sector_colour(str(sector)), linewidth=2.2 if sector == "total" else 1.4)
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_title(w["price_title"].format(scenario=run.name))
    ax.set_xlabel(w["year"])
    ax.set_ylabel(w["price"])
    ax.legend(fontsize=8)
    return fig


def macc_steps(macc: pd.DataFrame, *, lang: str = "en", label: str = "") -> Figure:
    """The marginal abatement cost curve as steps (``abatement_t, marginal_cost_yuan_per_t``)."""
    w = words(lang)
    data = macc.sort_values("abatement_t")
    fig, ax = _figure()
    ax.step(data["abatement_t"] / 1e6, data["marginal_cost_yuan_per_t"], where="post",
            color="#0072B2", label=label or w["mac"])
    costs = data["marginal_cost_yuan_per_t"].to_numpy(dtype=float)
    if len(costs) > 2 and costs[-1] > 5 * max(costs[:-1].max(), 1.0):
        # the last step (the least reachable CO2) would flatten the curve: show it as a label
        ax.set_ylim(bottom=min(0.0, 1.1 * float(costs.min())), top=costs[:-1].max() * 1.5)
        ax.annotate(f"{costs[-1]:,.0f} →", (data["abatement_t"].iloc[-1] / 1e6,
                                            costs[:-1].max() * 1.4), ha="right", fontsize=8)
    ax.set_title(w["macc_title"])
    ax.set_xlabel(w["abatement_mt"])
    ax.set_ylabel(w["mac"])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def allowance_positions(ledger: pd.DataFrame, *, by: str = "sector", year: int | None = None,
                        lang: str = "en", top: int = 20) -> Figure:
    """Each sector's or enterprise's allowance position before trading [kt] in one year:
    free allocation − BAU emissions (surplus +, shortfall −).

    ``ledger`` has ``year``, ``allocation_t``, ``bau_emissions_t`` (or ``emissions_t``) and the
    grouping column (``sector`` or ``enterprise_id``). After trading every position is closed
    (``surplus_t`` is about 0), so the position before trading is what a planner needs to see.
    """
    w = words(lang)
    year = int(year if year is not None else ledger["year"].max())
    rows = ledger[ledger["year"] == year]
    emitted = "bau_emissions_t" if "bau_emissions_t" in rows.columns else "emissions_t"
    position = (rows["allocation_t"] - rows[emitted]).groupby(rows[by]).sum() / 1e3
    position = position.reindex(position.abs().sort_values(ascending=False).index).head(top)
    colours = [sector_colour(str(s)) if by == "sector" else
               ("#009E73" if v >= 0 else "#D55E00") for s, v in position.items()]
    labels = [sector_label(str(s), lang) if by == "sector" else str(s) for s in position.index]
    fig, ax = _figure()
    ax.barh(labels, position.to_numpy(), color=colours, label=w["position_kt"])
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_title(f"{w['positions_title']} ({year})")
    ax.set_xlabel(w["position_kt"])
    ax.set_ylabel(w["sector"] if by == "sector" else "enterprise")
    ax.legend(fontsize=8)
    return fig


def monte_carlo_band(bands: pd.DataFrame, *, lang: str = "en", low: int = 5,
                     high: int = 95) -> Figure:
    """Median and a percentile band of CO2 by year [Mt]: ``year, p{low}, p50, p{high}``."""
    w = words(lang)
    fig, ax = _figure()
    ax.fill_between(bands["year"], bands[f"p{low}"] / 1e6, bands[f"p{high}"] / 1e6,
                    color="#56B4E9", alpha=0.4, label=w["band"].format(low=low, high=high))
    ax.plot(bands["year"], bands["p50"] / 1e6, color="#0072B2", label=w["median"])
    ax.set_title(w["band_title"])
    ax.set_xlabel(w["year"])
    ax.set_ylabel(w["co2_mt"])
    ax.legend(fontsize=8)
    return fig


def peak_year_histogram(peak_years: pd.Series, *, lang: str = "en") -> Figure:
    """How many draws peak in each year."""
    w = words(lang)
    counts = peak_years.dropna().astype(int).value_counts().sort_index()
    fig, ax = _figure()
    ax.bar(counts.index, counts.to_numpy(), color="#0072B2", label=w["draws"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(w["hist_title"])
    ax.set_xlabel(w["peak_year"])
    ax.set_ylabel(w["draws"])
    ax.legend(fontsize=8)
    return fig


def indicators_vs_targets(table: pd.DataFrame, *, year: int, lang: str = "en") -> Figure:
    """Each indicator's change against the base year beside its target (bars, %).

    ``table``: ``indicator, scenario, year, value, target, met`` as
    :func:`carbon.reporting.indicators.against_targets` gives it, values in % change.
    """
    w = words(lang)
    rows = table[(table["year"] == year) & table["unit"].eq("%")]
    indicators = list(dict.fromkeys(rows["indicator"]))
    scenarios = list(dict.fromkeys(rows["scenario"]))
    colours = scenario_colours(scenarios)
    fig, ax = _figure()
    width = 0.8 / max(len(scenarios), 1)
    for i, scenario in enumerate(scenarios):
        values = [rows.loc[(rows["indicator"] == ind) & (rows["scenario"] == scenario),
                           "value"].sum() for ind in indicators]
        ax.bar(np.arange(len(indicators)) + i * width, values, width, label=scenario,
               color=colours[scenario])
    targets = [rows.loc[rows["indicator"] == ind, "target"].iloc[0] for ind in indicators]
    ax.scatter(np.arange(len(indicators)) + 0.4 - width / 2, targets, marker="_", s=600,
               color="red", label=w["target"], zorder=3)
    ax.set_xticks(np.arange(len(indicators)) + 0.4 - width / 2, indicators, rotation=15,
                  fontsize=8)
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_title(w["indicators_title"].format(year=year))
    ax.set_xlabel(w["indicator"])
    ax.set_ylabel(w["change_pct"])
    ax.legend(fontsize=8)
    return fig


def save_figure(fig: Figure, stem: Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` (atomically); return the paths."""
    written = []
    for fmt in formats:
        path = Path(stem).with_suffix(f".{fmt}")
        with atomic_write(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=110)
        written.append(path)
    return written
